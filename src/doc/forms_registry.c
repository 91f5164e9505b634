/* The one registry of the forms of the one-stop mechanism (Circular
 * 03/2025/TT-VPCP appendix I; DOMAIN.md section 6): for each form its key,
 * its official title, who signs it and whether it carries a number from
 * the register. The renderers print the title from here, svc picks the
 * signer by the role here, and GET /api/v1/workflow hands the same rows to
 * the pages, so that a title is written once, on screen as on paper.
 *
 * Layer: doc (pure: no cairo, no I/O).
 */
#include <stddef.h>

#include "doc/forms.h"

static const struct doc_form_def defs[] = {
	{1, "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Receipt and appointment",
	 DOC_SIGNER_RECEIVER, "Người tiếp nhận hồ sơ", true, "GTN"},
	{2, "02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Request to supplement the dossier",
	 DOC_SIGNER_GUIDE, "Người hướng dẫn", true, "PYCBS"},
	{3, "03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Refusal to receive the dossier",
	 DOC_SIGNER_RECEIVER, "Người tiếp nhận hồ sơ", true, "PTC"},
	{4, "04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
	 "Apology and request to extend the time limit", DOC_SIGNER_HEAD_AT_FAULT,
	 "THỦ TRƯỞNG CƠ QUAN", true, "VBXL"},
	{5, "05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Notice to stop processing the dossier",
	 DOC_SIGNER_HEAD_PROCESSING, "THỦ TRƯỞNG CƠ QUAN", true, "TB"},
	{6, "06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Process-control sheet",
	 DOC_SIGNER_EACH_HANDOVER, NULL, false, NULL},
	{7, "07", "SỔ THEO DÕI HỒ SƠ", "Tracking book", DOC_SIGNER_NONE, NULL, false, NULL},
};

const struct doc_form_def *doc_form_def(int number)
{
	if (number < 1 || (size_t)number > sizeof defs / sizeof defs[0])
		return NULL;
	return &defs[number - 1];
}

const char *doc_form_title(int number)
{
	const struct doc_form_def *d = doc_form_def(number);
	return d ? d->title_vi : "";
}

const char *doc_signer_name(enum doc_signer_role r)
{
	switch (r) {
	case DOC_SIGNER_RECEIVER:
		return "receiving_officer";
	case DOC_SIGNER_GUIDE:
		return "guiding_officer";
	case DOC_SIGNER_HEAD_AT_FAULT:
		return "head_of_agency_at_fault";
	case DOC_SIGNER_HEAD_PROCESSING:
		return "head_of_processing_agency";
	case DOC_SIGNER_EACH_HANDOVER:
		return "each_handover";
	case DOC_SIGNER_NONE:
		break;
	}
	return "none";
}
