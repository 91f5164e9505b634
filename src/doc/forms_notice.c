/* The letters an agency sends the applicant during processing: 04 apology
 * and new appointment, 05 notice to stop processing (DOMAIN.md section 6).
 * Both are addressed ("Kính gửi: …"), signed by a head of agency, and end
 * with the list of recipients ("Nơi nhận") at the left of the signature.
 *
 * Layer: doc.
 */
#include "doc/doc_draw.h"

#define GAP 3.0

static void addressee(struct doc *d, const char *who)
{
	struct buf *b = &d->md;
	buf_reset(b);
	buf_adds(b, "Kính gửi: ");
	doc_md_raw(b, who);
	doc_para(d, buf_str(b), DOC_SZ_BODY, DOC_CENTER, 0, 8);
}

/* A paragraph of the letter: justified, first line indented. */
static void letter(struct doc *d, const char *markup)
{
	doc_para(d, markup, DOC_SZ_BODY, DOC_JUSTIFY | DOC_INDENT, 0, GAP);
}

/* A paragraph of its own, built in p: label (markup), text escaped, and
 * end (markup; may be NULL). */
static void letter_line(struct doc *d, struct buf *p, const char *label, const char *text,
			const char *end)
{
	buf_reset(p);
	buf_adds(p, label);
	doc_md_raw(p, text);
	if (end)
		buf_adds(p, end);
	letter(d, buf_str(p));
}

/* "Ngày 27 tháng 11 năm 2026", to open a sentence. */
static void md_on_day(struct buf *b, int64_t ms)
{
	size_t at = b->len;
	doc_md_date(b, ms);
	b->p[at] = 'N';
}

static void md_code(struct buf *b, const char *code)
{
	buf_adds(b, "<b>");
	doc_md_raw(b, code);
	buf_adds(b, "</b>");
}

static int check04(const struct doc_form04 *f)
{
	int rc;
	if ((rc = doc_check_agency(&f->agency, true)) || (rc = doc_check_text(f->number, false)) ||
	    (rc = doc_check_text(f->addressee, true)) || (rc = doc_check_text(f->code, true)) ||
	    (rc = doc_check_text(f->procedure, true)) || (rc = doc_check_text(f->reason, true)) ||
	    (rc = doc_check_text(f->approved_by, false)) ||
	    (rc = doc_check_list(f->recipients, f->n_recipients, false)) ||
	    (rc = doc_check_signer(&f->signer, true)))
		return rc;
	if (!f->received_at || !f->due_at)
		return DOC_EINVAL;
	return 0;
}

int doc_render_form04(const struct doc_form04 *f, struct buf *out)
{
	int rc = check04(f);
	if (rc)
		return rc;
	size_t len0 = out->len;
	const char *title = doc_form_title(4);
	struct doc d;
	struct buf p = BUF_INIT;
	doc_begin_form(&d, out, &f->agency, f->number, f->date, title);
	addressee(&d, f->addressee);

	/* Built in p, not d.md: that is the engine's scratch. */
	md_on_day(&p, f->received_at);
	buf_adds(&p, ", ");
	doc_md_raw(&p, f->agency.name);
	buf_adds(&p, " tiếp nhận giải quyết hồ sơ của " DOC_OB ", mã hồ sơ ");
	md_code(&p, f->code);
	buf_adds(&p, ".");
	letter(&d, buf_str(&p));
	letter_line(&d, &p, "Nội dung yêu cầu giải quyết: ", f->procedure, ".");
	buf_reset(&p);
	buf_adds(&p, "Thời hạn trả kết quả giải quyết hồ sơ: ");
	doc_md_when(&p, f->due_at);
	buf_addc(&p, '.');
	letter(&d, buf_str(&p));
	buf_reset(&p);
	buf_adds(&p, "Tuy nhiên, ");
	doc_md_raw(&p, f->agency.name);
	buf_adds(&p, " chưa thể trả kết quả giải quyết hồ sơ của " DOC_OB " đúng hạn.");
	letter(&d, buf_str(&p));
	letter_line(&d, &p, "Lý do: ", f->reason, NULL);
	buf_reset(&p);
	buf_adds(&p, "Sự chậm trễ này đã gây phiền hà cho " DOC_OB ". ");
	doc_md_raw(&p, f->agency.name);
	buf_adds(&p, " trân trọng xin lỗi " DOC_OB ".");
	letter(&d, buf_str(&p));
	buf_reset(&p);
	if (!f->new_due_at) { /* an apology alone: the extension's time has passed */
		doc_md_raw(&p, f->agency.name);
		buf_adds(&p, " sẽ khẩn trương giải quyết và trả kết quả cho " DOC_OB
			     " trong thời gian sớm nhất.");
	} else if (f->approved_by && *f->approved_by) {
		buf_adds(&p, "Đề nghị gia hạn thời gian giải quyết đã được ");
		doc_md_raw(&p, f->approved_by);
		buf_adds(&p, " phê duyệt");
		if (f->approved_at) {
			buf_adds(&p, " ");
			doc_md_date(&p, f->approved_at);
		}
		buf_adds(&p, "; ");
		doc_md_raw(&p, f->agency.name);
		buf_adds(&p, " sẽ trả kết quả giải quyết hồ sơ cho " DOC_OB " vào <b>");
		doc_md_when(&p, f->new_due_at);
		buf_adds(&p, "</b>.");
	} else { /* a request: it promises nothing before the approval */
		doc_md_raw(&p, f->agency.name);
		buf_adds(&p, " đề nghị gia hạn thời gian giải quyết hồ sơ đến ");
		doc_md_when(&p, f->new_due_at);
		buf_adds(&p, ". <i>Đề nghị đang chờ người có thẩm quyền phê duyệt; thời hạn mới "
			     "chỉ có hiệu lực khi được phê duyệt.</i>");
	}
	letter(&d, buf_str(&p));
	letter(&d, "Xin trân trọng cảm ơn sự hợp tác của " DOC_OB "./.");
	buf_release(&p);

	struct doc_sig sig = {f->signer.title, NULL, f->signer.name};
	doc_recipients_and_sig(&d, f->recipients, f->n_recipients, &sig);
	return doc_finish(&d, out, len0);
}

static int check05(const struct doc_form05 *f)
{
	int rc;
	if ((rc = doc_check_agency(&f->agency, true)) || (rc = doc_check_text(f->number, false)) ||
	    (rc = doc_check_text(f->addressee, true)) || (rc = doc_check_text(f->code, true)) ||
	    (rc = doc_check_text(f->procedure, true)) || (rc = doc_check_text(f->stage, true)) ||
	    (rc = doc_check_text(f->reason, true)) ||
	    (rc = doc_check_text(f->legal_basis, !f->at_request)) ||
	    (rc = doc_check_text(f->fees, false)) || (rc = doc_check_text(f->originals, false)) ||
	    (rc = doc_check_list(f->recipients, f->n_recipients, false)) ||
	    (rc = doc_check_signer(&f->signer, true)))
		return rc;
	if (!f->received_at)
		return DOC_EINVAL;
	return 0;
}

int doc_render_form05(const struct doc_form05 *f, struct buf *out)
{
	int rc = check05(f);
	if (rc)
		return rc;
	size_t len0 = out->len;
	const char *title = doc_form_title(5);
	struct doc d;
	struct buf p = BUF_INIT;
	doc_begin_form(&d, out, &f->agency, f->number, f->date, title);
	addressee(&d, f->addressee);

	md_on_day(&p, f->received_at);
	buf_adds(&p, ", ");
	doc_md_raw(&p, f->agency.name);
	buf_adds(&p, " tiếp nhận hồ sơ của " DOC_OB ", mã hồ sơ ");
	md_code(&p, f->code);
	buf_adds(&p, ", thủ tục: ");
	doc_md_raw(&p, f->procedure);
	buf_addc(&p, '.');
	letter(&d, buf_str(&p));
	letter_line(&d, &p, "Hồ sơ đang ở bước: ", f->stage, ".");
	buf_reset(&p);
	if (f->at_request) {
		buf_adds(&p, "Theo đề nghị rút hồ sơ của " DOC_OB ", ");
		doc_md_raw(&p, f->agency.name);
		buf_adds(&p, " thông báo dừng xử lý hồ sơ nêu trên.");
	} else {
		doc_md_raw(&p, f->agency.name);
		buf_adds(&p, " thông báo dừng xử lý hồ sơ nêu trên.");
	}
	letter(&d, buf_str(&p));
	letter_line(&d, &p, "Lý do: ", f->reason, NULL);
	if (f->legal_basis && *f->legal_basis) {
		letter_line(&d, &p, "Căn cứ pháp lý: ", f->legal_basis, NULL);
	}
	buf_reset(&p);
	buf_adds(&p, "Phí, lệ phí đã nộp: ");
	doc_md_esc(&p, f->fees);
	letter(&d, buf_str(&p));
	buf_reset(&p);
	buf_adds(&p, "Giấy tờ bản chính đã nộp: ");
	doc_md_esc(&p, f->originals);
	letter(&d, buf_str(&p));
	buf_reset(&p);
	doc_md_raw(&p, f->agency.name);
	buf_adds(&p, " thông báo để " DOC_OB " được biết./.");
	letter(&d, buf_str(&p));
	buf_release(&p);

	struct doc_sig sig = {f->signer.title, NULL, f->signer.name};
	doc_recipients_and_sig(&d, f->recipients, f->n_recipients, &sig);
	return doc_finish(&d, out, len0);
}
