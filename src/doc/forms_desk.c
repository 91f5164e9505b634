/* The forms of the one-stop desk at receipt: 01 receipt and appointment,
 * 02 request to supplement, 03 refusal (DOMAIN.md section 6).
 *
 * Layer: doc. Each render checks its input first, then draws the form top to
 * bottom in the order the paper form reads.
 */
#include <string.h>

#include "doc/doc_draw.h"

#define GAP	3.0
#define QR_SIZE (24.0 * DOC_MM)

/* "<agency> tiếp nhận hồ sơ của: <name>" and the applicant's details. */
static void applicant(struct doc *d, const char *agency, const char *verb,
		      const struct doc_person *p)
{
	struct buf *b = &d->md;
	buf_reset(b);
	doc_md_raw(b, agency);
	buf_adds(b, verb);
	buf_adds(b, "<b>");
	doc_md_esc(b, p->name);
	buf_adds(b, "</b>");
	doc_para(d, buf_str(b), DOC_SZ_BODY, DOC_JUSTIFY, 0, GAP);
	doc_person_fields(d, p);
}

static void code_line(struct doc *d, const char *code)
{
	struct buf *b = &d->md;
	buf_reset(b);
	buf_adds(b, "Mã hồ sơ: <b>");
	doc_md_raw(b, code);
	buf_adds(b, "</b>");
	doc_para(d, buf_str(b), DOC_SZ_BODY, DOC_CENTER, 0, 8);
}

static int check01(const struct doc_form01 *f)
{
	int rc;
	if ((rc = doc_check_agency(&f->agency, true)) || (rc = doc_check_text(f->number, false)) ||
	    (rc = doc_check_text(f->code, true)) || (rc = doc_check_person(&f->submitter, true)) ||
	    (f->owner && (rc = doc_check_person(f->owner, true))) ||
	    (rc = doc_check_text(f->procedure, true)) || (rc = doc_check_text(f->request, false)) ||
	    (rc = doc_check_components(f->components, f->n_components, false)) ||
	    (rc = doc_check_text(f->time_limit, false)) ||
	    (rc = doc_check_text(f->return_place, false)) ||
	    (rc = doc_check_text(f->tracking_url, true)) ||
	    (rc = doc_check_text(f->officer, false)))
		return rc;
	if (!f->received_at || !f->due_at || f->sets < 0 || f->sets > 9999)
		return DOC_EINVAL;
	return 0;
}

int doc_render_form01(const struct doc_form01 *f, struct buf *out)
{
	int rc = check01(f);
	if (rc)
		return rc;
	size_t len0 = out->len;
	const char *title = doc_form_title(1);
	struct doc d;
	struct buf *b = &d.md;
	doc_begin_form(&d, out, &f->agency, f->number, f->date, title);
	d.y -= 8;
	code_line(&d, f->code);
	if (f->book_line > 0) {
		buf_reset(b);
		buf_addf(b, "<i>Số thứ tự trong Sổ theo dõi hồ sơ: %02lld</i>",
			 (long long)f->book_line);
		doc_para(&d, buf_str(b), DOC_SZ_BODY, DOC_CENTER, 0, GAP);
	}

	applicant(&d, f->agency.name, " tiếp nhận hồ sơ của: ", &f->submitter);
	if (f->owner) {
		buf_reset(b);
		buf_adds(b, "Chủ hồ sơ: <b>");
		doc_md_raw(b, f->owner->name);
		buf_adds(b, "</b>");
		if (f->owner->tax_code) {
			buf_adds(b, "; mã số thuế: ");
			doc_md_raw(b, f->owner->tax_code);
		} else if (f->owner->id_number) {
			buf_adds(b, "; số định danh cá nhân: ");
			doc_md_raw(b, f->owner->id_number);
		}
		if (f->owner->address) {
			buf_adds(b, "; địa chỉ: ");
			doc_md_raw(b, f->owner->address);
		}
		doc_para(&d, buf_str(b), DOC_SZ_BODY, DOC_JUSTIFY, 0, GAP);
	}
	/* The request as the applicant typed it; the procedure beside it. */
	doc_field(&d, "Nội dung yêu cầu giải quyết",
		  f->request && *f->request ? f->request : f->procedure);
	if (f->request && *f->request)
		doc_field(&d, "Thủ tục hành chính", f->procedure);

	doc_para(&d, "1. Thành phần hồ sơ nộp gồm:", DOC_SZ_BODY, 0, 0, GAP);
	doc_components(&d, f->components, f->n_components, false);
	buf_reset(b);
	buf_adds(b, "2. Số lượng hồ sơ: ");
	if (f->sets > 0)
		buf_addf(b, "%02d (bộ).", f->sets);
	else
		buf_adds(b, "…… (bộ).");
	doc_para(&d, buf_str(b), DOC_SZ_BODY, 0, 0, GAP);
	doc_field(&d, "3. Thời gian giải quyết hồ sơ theo quy định", f->time_limit);
	buf_reset(b);
	buf_adds(b, "4. Thời gian nhận hồ sơ: ");
	doc_md_when(b, f->received_at);
	buf_addc(b, '.');
	doc_para(&d, buf_str(b), DOC_SZ_BODY, 0, 0, GAP);
	buf_reset(b);
	buf_adds(b, "5. Thời gian trả kết quả giải quyết hồ sơ: <b>");
	doc_md_when(b, f->due_at);
	buf_adds(b, "</b>.");
	doc_para(&d, buf_str(b), DOC_SZ_BODY, 0, 0, GAP);
	doc_field(&d, "6. Nơi nhận kết quả", f->return_place);

	/* 7: where to follow the dossier, with the QR code beside the address. */
	buf_reset(b);
	buf_adds(b, "7. Tra cứu tình trạng giải quyết hồ sơ: quét mã QR hoặc truy cập địa chỉ\n"
		    "<span size=\"11pt\">");
	doc_md_raw(b, f->tracking_url);
	buf_adds(b, "</span>");
	double tw = d.x1 - d.x0 - QR_SIZE - 8;
	PangoLayout *l = doc_layout(&d, buf_str(b), DOC_SZ_BODY, 0, tw);
	double h = doc_layout_height(l);
	/* Item 7 and the signatures on one page: never the signatures alone. */
	struct doc_sig left = {"Người nộp hồ sơ", "(Ký và ghi rõ họ tên)", f->submitter.name};
	struct doc_sig right = {doc_form_def(1)->signer_title, "(Ký và ghi rõ họ tên)", f->officer};
	doc_need(&d, (QR_SIZE > h ? QR_SIZE : h) + doc_signatures_height(&d, &left, &right));
	doc_show(&d, l, d.x0, d.y + (QR_SIZE > h ? (QR_SIZE - h) / 2 : 0));
	g_object_unref(l);
	doc_qr(&d, f->tracking_url, d.x1 - QR_SIZE, d.y, QR_SIZE);
	d.y += QR_SIZE > h ? QR_SIZE : h;

	doc_signatures(&d, &left, &right);
	return doc_finish(&d, out, len0);
}

static int check02(const struct doc_form02 *f)
{
	int rc;
	if ((rc = doc_check_agency(&f->agency, true)) || (rc = doc_check_text(f->number, false)) ||
	    (rc = doc_check_text(f->code, false)) || (rc = doc_check_person(&f->submitter, true)) ||
	    (rc = doc_check_text(f->procedure, true)) ||
	    (rc = doc_check_components(f->components, f->n_components, true)) ||
	    (rc = doc_check_text(f->reason, true)) ||
	    (rc = doc_check_text(f->contact.name, false)) ||
	    (rc = doc_check_text(f->contact.phone, false)) ||
	    (rc = doc_check_text(f->officer, false)))
		return rc;
	return 0;
}

/* "… ông/bà liên hệ với <name>, số điện thoại <phone> để được hướng dẫn." */
static void contact(struct doc *d, const char *lead, const struct doc_contact *c)
{
	struct buf *b = &d->md;
	buf_reset(b);
	buf_adds(b, lead);
	buf_adds(b, " " DOC_OB " liên hệ với ");
	doc_md_esc(b, c->name);
	buf_adds(b, ", số điện thoại ");
	doc_md_esc(b, c->phone);
	buf_adds(b, " để được hướng dẫn.");
	doc_para(d, buf_str(b), DOC_SZ_BODY, DOC_JUSTIFY, 0, GAP);
}

int doc_render_form02(const struct doc_form02 *f, struct buf *out)
{
	int rc = check02(f);
	if (rc)
		return rc;
	size_t len0 = out->len;
	const char *title = doc_form_title(2);
	struct doc d;
	struct buf *b = &d.md;
	doc_begin_form(&d, out, &f->agency, f->number, f->date, title);
	if (f->code && *f->code) {
		d.y -= 8;
		code_line(&d, f->code);
	}
	applicant(&d, "Hồ sơ của", ": ", &f->submitter);
	doc_field(&d, "Nội dung yêu cầu giải quyết", f->procedure);
	buf_reset(b);
	doc_md_raw(b, f->agency.name);
	buf_adds(b, " đã xem xét hồ sơ; hồ sơ chưa đầy đủ, hợp lệ. Đề nghị " DOC_OB " bổ sung, "
		    "hoàn thiện hồ sơ gồm những nội dung sau:");
	doc_para(&d, buf_str(b), DOC_SZ_BODY, DOC_JUSTIFY, 0, GAP);
	doc_components(&d, f->components, f->n_components, true);
	doc_field(&d, "Lý do", f->reason);
	contact(&d, "Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc,", &f->contact);
	buf_reset(b);
	buf_adds(b, "Đề nghị " DOC_OB " bổ sung, hoàn thiện hồ sơ trước <b>");
	doc_md_when(b, f->supplement_by);
	buf_adds(b, "</b>.");
	doc_para(&d, buf_str(b), DOC_SZ_BODY, DOC_JUSTIFY, 0, GAP);
	buf_reset(b);
	if (f->paused_at) { /* what motcua does: the remaining time resumes */
		buf_adds(b, "<i>Thời hạn giải quyết hồ sơ tạm dừng từ ");
		doc_md_when(b, f->paused_at);
		buf_adds(b, " và tiếp tục được tính với thời gian còn lại kể từ khi nhận đủ hồ sơ "
			    "bổ sung, hoàn thiện.</i>");
	} else {
		buf_adds(b, "<i>Hồ sơ chưa được tiếp nhận; thời hạn giải quyết được tính từ khi "
			    "nhận đủ hồ sơ bổ sung, hoàn thiện.</i>");
	}
	doc_para(&d, buf_str(b), DOC_SZ_BODY, DOC_JUSTIFY, 0, GAP);
	struct doc_sig right = {doc_form_def(2)->signer_title, "(Ký và ghi rõ họ tên)", f->officer};
	doc_signatures(&d, NULL, &right);
	return doc_finish(&d, out, len0);
}

static int check03(const struct doc_form03 *f)
{
	int rc;
	if ((rc = doc_check_agency(&f->agency, true)) || (rc = doc_check_text(f->number, false)) ||
	    (rc = doc_check_text(f->code, false)) || (rc = doc_check_person(&f->submitter, true)) ||
	    (rc = doc_check_text(f->procedure, true)) ||
	    (rc = doc_check_list(f->reasons, f->n_reasons, true)) ||
	    (rc = doc_check_text(f->contact.name, false)) ||
	    (rc = doc_check_text(f->contact.phone, false)) ||
	    (rc = doc_check_signer(&f->signer, false)))
		return rc;
	return 0;
}

int doc_render_form03(const struct doc_form03 *f, struct buf *out)
{
	int rc = check03(f);
	if (rc)
		return rc;
	size_t len0 = out->len;
	const char *title = doc_form_title(3);
	struct doc d;
	struct buf *b = &d.md;
	doc_begin_form(&d, out, &f->agency, f->number, f->date, title);
	if (f->code && *f->code) {
		d.y -= 8;
		code_line(&d, f->code);
	}
	applicant(&d, f->agency.name, " tiếp nhận hồ sơ của: ", &f->submitter);
	doc_field(&d, "Nội dung yêu cầu giải quyết", f->procedure);
	buf_reset(b);
	buf_adds(b, "Qua xem xét, ");
	doc_md_raw(b, f->agency.name);
	buf_adds(b, " thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:");
	doc_para(&d, buf_str(b), DOC_SZ_BODY, DOC_JUSTIFY, 0, GAP);
	for (size_t i = 0; i < f->n_reasons; i++) {
		buf_reset(b);
		buf_addf(b, "%zu. ", i + 1);
		doc_md_raw(b, f->reasons[i]);
		doc_para(&d, buf_str(b), DOC_SZ_BODY, DOC_JUSTIFY, 14, GAP);
	}
	if (f->contact.name || f->contact.phone)
		contact(&d, "Nếu cần được giải thích thêm,", &f->contact);
	doc_para(&d, "Xin thông báo để " DOC_OB " được biết và thực hiện./.", DOC_SZ_BODY, 0, 0,
		 GAP);
	struct doc_sig left = {"Người nộp hồ sơ", "(Ký và ghi rõ họ tên)", f->submitter.name};
	struct doc_sig right = {f->signer.title ? f->signer.title : doc_form_def(3)->signer_title,
				"(Ký và ghi rõ họ tên)", f->signer.name};
	doc_signatures(&d, &left, &right);
	return doc_finish(&d, out, len0);
}
