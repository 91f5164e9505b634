/* A component's template drawn from its fields (see doc/template.h).
 * Layer: doc. */
#include "doc/template.h"

#include "doc/doc_draw.h"

/* A full line of dots for the pen. */
#define LINE "…………………………………………………………………………………………"

/* Markup a, then b escaped (a blank when missing), then markup c, into d->md. */
static void md(struct doc *d, const char *a, const char *b, const char *c)
{
	buf_reset(&d->md);
	buf_adds(&d->md, a);
	doc_md_esc(&d->md, b);
	buf_adds(&d->md, c);
}

/* The motto centred over the page, the template's number at the right above it. */
static void head(struct doc *d, const struct doc_template *t)
{
	md(d, "<i>", t->number, "</i>");
	doc_para(d, buf_str(&d->md), DOC_SZ_RECIP, DOC_RIGHT, 0, 6);
	doc_para(d, "<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>", DOC_SZ_MOTTO, DOC_CENTER, 0, 0);
	doc_para(d, "<b>Độc lập - Tự do - Hạnh phúc</b>", DOC_SZ_SLOGAN, DOC_CENTER, 0, 4);
	doc_para(d, "<i>…………, ngày … tháng … năm …</i>", DOC_SZ_BODY, DOC_RIGHT, 0, 14);
}

int doc_render_template(const struct doc_template *t, struct buf *out)
{
	int rc;
	if ((rc = doc_check_text(t->number, true)) || (rc = doc_check_text(t->title, true)) ||
	    (rc = doc_check_text(t->procedure, true)) || (rc = doc_check_text(t->addressee, false)))
		return rc;
	size_t len0 = out->len;
	struct doc d;
	doc_begin(&d, out, false, t->title);
	head(&d, t);
	doc_title(&d, t->title, NULL);
	d.y += 6;
	md(&d, "Kính gửi: <b>", t->addressee, "</b>");
	doc_para(&d, buf_str(&d.md), DOC_SZ_BODY, DOC_CENTER, 0, 10);
	static const char *const blanks[] = {
		"Tên tổ chức, cá nhân đề nghị",
		"Mã số thuế / số định danh cá nhân",
		"Địa chỉ",
		"Điện thoại",
		"Thư điện tử",
	};
	for (size_t i = 0; i < sizeof blanks / sizeof blanks[0]; i++)
		doc_field(&d, blanks[i], NULL);
	doc_field(&d, "Thủ tục đề nghị giải quyết", t->procedure);
	doc_para(&d, "Nội dung đề nghị:", DOC_SZ_BODY, 0, 0, 2);
	for (int i = 0; i < 4; i++)
		doc_para(&d, LINE, DOC_SZ_BODY, 0, 0, 2);
	doc_para(&d, "Giấy tờ kèm theo:", DOC_SZ_BODY, 0, 0, 2);
	for (int i = 0; i < 2; i++)
		doc_para(&d, LINE, DOC_SZ_BODY, 0, 0, 2);
	doc_para(&d,
		 "Tôi (chúng tôi) cam đoan nội dung trên và các giấy tờ kèm theo là đúng sự thật "
		 "và chịu trách nhiệm trước pháp luật.",
		 DOC_SZ_BODY, DOC_JUSTIFY | DOC_INDENT, 0, 10);
	struct doc_sig sig = {.title = "NGƯỜI ĐỀ NGHỊ",
			      .hint = "(Ký, ghi rõ họ tên; đóng dấu nếu là tổ chức)"};
	doc_need(&d, doc_signatures_height(&d, NULL, &sig));
	doc_signatures(&d, NULL, &sig);
	d.y += 12;
	md(&d, "<i>Mẫu tham khảo do hệ thống tạo từ thông tin của thủ tục. Khi nộp, dùng đúng ",
	   t->number, " theo văn bản quy định của thủ tục nếu mẫu đó khác mẫu này.</i>");
	doc_para(&d, buf_str(&d.md), DOC_SZ_RECIP, DOC_JUSTIFY, 0, 0);
	rc = doc_end(&d);
	if (rc)
		out->len = len0;
	return rc;
}
