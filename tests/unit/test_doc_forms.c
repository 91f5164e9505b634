/* The PDF forms 01–07 (src/doc/forms.h), checked from outside as a reader
 * would: the text as poppler extracts it (pdftotext, with every diacritic),
 * the place of the blocks on the page (pdftotext -bbox), the page size and
 * count (pdfinfo), the embedded font (pdffonts), and the QR code of form 01
 * decoded by zbarimg from a rendered page (pdftoppm).
 *
 * Needs poppler-utils and zbar-tools (deps/debian.txt); the tests that need
 * them are skipped when they are missing. With MOTCUA_KEEP_PDF=DIR set, the
 * PDFs are kept in DIR for a person to look at; otherwise they go to a
 * temporary folder that is removed.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/budget.h"
#include "base/buf.h"
#include "base/clock.h"
#include "doc/forms.h"
#include "doc/review_report.h"
#include "test_helpers.h"

static char tmpdir[256];
static const char *outdir; /* tmpdir or $MOTCUA_KEEP_PDF */

/* Unix ms of a local (UTC+7) date and time. */
static int64_t local_ms(int y, unsigned mo, unsigned d, int h, int mi)
{
	return (clock_days_from_civil(y, mo, d) * 86400 + (h - 7) * 3600 + mi * 60) * INT64_C(1000);
}

static bool have_tools(void)
{
	return system("command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null && "
		      "command -v pdffonts >/dev/null && command -v pdftoppm >/dev/null && "
		      "command -v zbarimg >/dev/null") == 0;
}

/* Runs a shell command and returns its standard output (caller frees). */
static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *run(const char *fmt, ...)
{
	struct buf cmd = BUF_INIT, out = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	FILE *p = popen(buf_str(&cmd), "r");
	if (!p)
		fail_msg("cannot run %s", buf_str(&cmd));
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(&out, chunk, n);
	int rc = pclose(p);
	if (rc != 0)
		fail_msg("%s exited with %d", buf_str(&cmd), rc);
	buf_release(&cmd);
	return buf_detach(&out);
}

/* Text with every run of white space (line breaks included) made one space,
 * so that a phrase wrapped over two lines still matches. */
static char *squeeze(const char *s)
{
	struct buf b = BUF_INIT;
	bool space = false;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\f' || *s == '\r') {
			space = true;
			continue;
		}
		if (space && b.len)
			buf_addc(&b, ' ');
		space = false;
		buf_addc(&b, *s);
	}
	return buf_detach(&b);
}

static void save(const struct buf *pdf, const char *name, char *path, size_t n)
{
	snprintf(path, n, "%s/%s", outdir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("cannot write %s", path);
	assert_int_equal(fwrite(pdf->p, 1, pdf->len, f), pdf->len);
	assert_int_equal(fclose(f), 0);
}

/* The text of pages first..last (0: all), squeezed. */
static char *text_of(const char *path, int first, int last)
{
	char *raw = first ? run("pdftotext -enc UTF-8 -f %d -l %d '%s' -", first, last, path)
			  : run("pdftotext -enc UTF-8 '%s' -", path);
	char *s = squeeze(raw);
	free(raw);
	return s;
}

/* The squeezed text of a rectangle of page 1, in points from the top left. */
static char *text_in(const char *path, int x, int y, int w, int h)
{
	char *raw = run("pdftotext -enc UTF-8 -f 1 -l 1 -r 72 -x %d -y %d -W %d -H %d '%s' -", x, y,
			w, h, path);
	char *s = squeeze(raw);
	free(raw);
	return s;
}

static void expect_text(const char *text, const char *const *want, size_t n, const char *form)
{
	for (size_t i = 0; i < n; i++)
		if (!strstr(text, want[i]))
			fail_msg("form %s lacks \"%s\"; its text: %s", form, want[i], text);
}

struct pdf_info {
	double w, h;
	int pages;
};

static struct pdf_info info_of(const char *path)
{
	struct pdf_info in = {0};
	char *s = run("pdfinfo '%s'", path);
	const char *p = strstr(s, "Pages:");
	assert_non_null(p);
	in.pages = (int)strtol(p + 6, NULL, 10);
	p = strstr(s, "Page size:");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "Page size: %lf x %lf", &in.w, &in.h), 2);
	free(s);
	return in;
}

/* A word's box on page 1, from pdftotext -bbox: the nth (from 0) word
 * equal to w. */
struct box {
	double x0, y0, x1, y1;
};

static bool word_box(const char *bbox_html, const char *w, int nth, struct box *b)
{
	const char *p = bbox_html;
	while ((p = strstr(p, "<word "))) {
		const char *gt = strchr(p, '>');
		const char *end = gt ? strstr(gt, "</word>") : NULL;
		if (!end)
			return false;
		size_t len = (size_t)(end - gt - 1);
		if (len == strlen(w) && !memcmp(gt + 1, w, len) && nth-- == 0) {
			if (sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"",
				   &b->x0, &b->y0, &b->x1, &b->y1) != 4)
				return false;
			return true;
		}
		p = end;
	}
	return false;
}

static struct box must_box(const char *html, const char *w, int nth)
{
	struct box b;
	if (!word_box(html, w, nth, &b))
		fail_msg("no word \"%s\" (#%d) on page 1", w, nth);
	return b;
}

/* The page head every form shares, checked by position on an A4 portrait
 * page: agency top left (left_want: its lines and "Số: …", read from the
 * left column alone), motto top right (right_want: the motto, the slogan
 * and the date line), "Số:" and the date on one line, the title centred in
 * the text area (30 mm left, 15 mm right). */
static void expect_head(const char *path, const char *title_first_word,
			const char *const *left_want, const char *const *right_want)
{
	const double left = 30 * 72 / 25.4, right = 595.276 - 15 * 72 / 25.4;
	const int split = (int)(left + 0.44 * (right - left));
	char *l = text_in(path, 0, 0, split, 150), *r = text_in(path, split, 0, 596 - split, 150);
	for (; *left_want; left_want++)
		if (!strstr(l, *left_want))
			fail_msg("the agency block lacks \"%s\": %s", *left_want, l);
	for (; *right_want; right_want++)
		if (!strstr(r, *right_want))
			fail_msg("the motto block lacks \"%s\": %s", *right_want, r);
	free(l);
	free(r);

	char *html = run("pdftotext -bbox -f 1 -l 1 '%s' -", path);
	struct box motto = must_box(html, "CỘNG", 0);
	assert_true(motto.x0 > split);
	assert_true(motto.y0 < 90);
	struct box so, place;
	if (word_box(html, "Số:", 0, &so)) {
		place = must_box(html, "Ninh", 0);
		assert_true(so.x1 < split);
		assert_true(place.x0 > split);
		if (so.y1 - place.y1 > 1.5 || place.y1 - so.y1 > 1.5)
			fail_msg("\"Số:\" at y %.1f, the date line at %.1f: not one line", so.y1,
				 place.y1);
	}
	/* The title: from its first word to the last word on its baseline. */
	struct box t0 = must_box(html, title_first_word, 0);
	assert_true(t0.y0 > motto.y1);
	double x_last = t0.x1;
	const char *p = html;
	while ((p = strstr(p, "<word "))) {
		struct box b;
		if (sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &b.x0,
			   &b.y0, &b.x1, &b.y1) == 4 &&
		    b.y1 > t0.y1 - 0.5 && b.y1 < t0.y1 + 0.5 && b.x1 > x_last)
			x_last = b.x1;
		p += 6;
	}
	double mid = (t0.x0 + x_last) / 2;
	if (mid - (left + right) / 2 > 2 || (left + right) / 2 - mid > 2)
		fail_msg("title centred at %.1f, text area centred at %.1f", mid,
			 (left + right) / 2);
	free(html);
}

static const char *const motto_only[] = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
					 "Độc lập - Tự do - Hạnh phúc", NULL};
static const char *const centre_only[] = {"ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
					  "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH NINH BÌNH", NULL};

static void expect_a4(const char *path, bool landscape, int pages)
{
	struct pdf_info in = info_of(path);
	double w = landscape ? 841.89 : 595.276, h = landscape ? 595.276 : 841.89;
	if (in.w < w - 0.5 || in.w > w + 0.5 || in.h < h - 0.5 || in.h > h + 0.5)
		fail_msg("%s is %.2f x %.2f pt, not A4", path, in.w, in.h);
	if (pages)
		assert_int_equal(in.pages, pages);
}

static void expect_font(const char *path)
{
	char *s = run("pdffonts '%s'", path);
	if (!strstr(s, "LiberationSerif"))
		fail_msg("the font is not Liberation Serif:\n%s", s);
	free(s);
}

static const struct doc_agency ninh_binh = {
	.superior = "Ủy ban nhân dân tỉnh Ninh Bình",
	.name = "Trung tâm Phục vụ hành chính công tỉnh Ninh Bình",
	.place = "Ninh Bình",
};

static const struct doc_component components[] = {
	{"Tờ khai đăng ký hộ kinh doanh", "Bản chính", 1, NULL},
	{"Bản sao giấy tờ pháp lý của cá nhân đối với chủ hộ kinh doanh", "Bản sao chứng thực", 1,
	 NULL},
	{"Văn bản ủy quyền cho cá nhân đi nộp hồ sơ", "Bản chính", 2, NULL},
};

static const char *const tracking =
	"https://dichvucong.ninhbinh.gov.vn/tra-cuu/000.17.22.H56-261127-0001";

static struct doc_form01 sample01(void)
{
	static const struct doc_person owner = {
		.name = "Hộ kinh doanh Bánh cuốn Thanh Trì",
		.id_number = "8765432109",
		.address = "Phường Hoa Lư, tỉnh Ninh Bình",
	};
	struct doc_form01 f = {
		.agency = ninh_binh,
		.number = "125/PTN-TTPVHCC",
		.date = local_ms(2026, 11, 27, 14, 5),
		.code = "000.17.22.H56-261127-0001",
		.submitter = {"Nguyễn Thị Ánh Tuyết", "037190001234",
			      "Số 12 phố Lê Hồng Phong, phường Hoa Lư, tỉnh Ninh Bình",
			      "0912 345 678", "tuyet.nguyen@example.vn"},
		.owner = &owner,
		.procedure = "Đăng ký thành lập hộ kinh doanh",
		.components = components,
		.n_components = N_ELEMENTS(components),
		.sets = 1,
		.time_limit = "03 ngày làm việc",
		.received_at = local_ms(2026, 11, 27, 14, 5),
		.due_at = local_ms(2026, 12, 2, 17, 0),
		.return_place = "Bộ phận Một cửa, Trung tâm Phục vụ hành chính công tỉnh Ninh Bình",
		.tracking_url = tracking,
		.officer = "Trần Văn Đức",
	};
	return f;
}

static void test_dates(void **state)
{
	(void)state;
	static const struct {
		int64_t ms;
		const char *date, *time, *shortd;
	} cases[] = {
		{0, "ngày 01 tháng 01 năm 1970", "07 giờ 00 phút", "01/01/1970"},
		/* 27 Nov 2026 14:05 local */
		{INT64_C(1795763100000), "ngày 27 tháng 11 năm 2026", "14 giờ 05 phút",
		 "27/11/2026"},
		/* Months 1 and 2 and days below 10 take a zero; March does not. */
		{INT64_C(1770253200000), "ngày 05 tháng 02 năm 2026", "08 giờ 00 phút",
		 "05/02/2026"},
		{INT64_C(1772600400000), "ngày 04 tháng 3 năm 2026", "12 giờ 00 phút",
		 "04/03/2026"},
		/* 17:30 UTC is already the next day in Vietnam. */
		{INT64_C(1798047000000), "ngày 24 tháng 12 năm 2026", "00 giờ 30 phút",
		 "24/12/2026"},
		/* Before 1970: floor, not truncation. */
		{INT64_C(-25200001), "ngày 31 tháng 12 năm 1969", "23 giờ 59 phút", "31/12/1969"},
	};
	for (size_t i = 0; i < N_ELEMENTS(cases); i++) {
		struct buf b = BUF_INIT;
		doc_date_vi(cases[i].ms, &b);
		assert_string_equal(buf_str(&b), cases[i].date);
		buf_reset(&b);
		doc_time_vi(cases[i].ms, &b);
		assert_string_equal(buf_str(&b), cases[i].time);
		buf_reset(&b);
		doc_date_short(cases[i].ms, &b);
		assert_string_equal(buf_str(&b), cases[i].shortd);
		buf_release(&b);
	}
	assert_int_equal(local_ms(2026, 11, 27, 14, 5), INT64_C(1795763100000));
}

static void test_form01(void **state)
{
	(void)state;
	if (!have_tools())
		skip();
	struct doc_form01 f = sample01();
	struct buf pdf = BUF_INIT;
	char path[512];
	assert_int_equal(doc_render_form01(&f, &pdf), 0);
	assert_memory_equal(pdf.p, "%PDF-", 5);
	save(&pdf, "form01.pdf", path, sizeof(path));
	expect_a4(path, false, 1);
	expect_font(path);
	char *text = text_of(path, 0, 0);
	static const char *const want[] = {
		"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
		"Mã hồ sơ: 000.17.22.H56-261127-0001",
		"tiếp nhận hồ sơ của: Nguyễn Thị Ánh Tuyết",
		"037190001234",
		"Số 12 phố Lê Hồng Phong, phường Hoa Lư, tỉnh Ninh Bình",
		"0912 345 678",
		"tuyet.nguyen@example.vn",
		"Chủ hồ sơ: Hộ kinh doanh Bánh cuốn Thanh Trì",
		"Nội dung yêu cầu giải quyết: Đăng ký thành lập hộ kinh doanh",
		"Tờ khai đăng ký hộ kinh doanh",
		"Bản sao chứng thực",
		"Văn bản ủy quyền cho cá nhân đi nộp hồ sơ",
		"2. Số lượng hồ sơ: 01 (bộ)",
		"03 ngày làm việc",
		"4. Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 27 tháng 11 năm 2026",
		"5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 02 tháng 12 năm "
		"2026",
		"Bộ phận Một cửa",
		"NGƯỜI NỘP HỒ SƠ",
		"NGƯỜI TIẾP NHẬN HỒ SƠ",
		"(Ký và ghi rõ họ tên)",
		"Trần Văn Đức",
	};
	expect_text(text, want, N_ELEMENTS(want), "01");
	free(text);
	/* The address is printed too; pdftotext may break it at '/' or '-'. */
	char *raw = run("pdftotext -enc UTF-8 '%s' - | tr -d ' \\n'", path);
	assert_non_null(strstr(raw, tracking));
	free(raw);
	static const char *const left[] = {"ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
					   "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH NINH BÌNH",
					   "Số: 125/PTN-TTPVHCC", NULL};
	static const char *const right[] = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
					    "Độc lập - Tự do - Hạnh phúc",
					    "Ninh Bình, ngày 27 tháng 11 năm 2026", NULL};
	expect_head(path, "GIẤY", left, right);

	/* The QR code decodes to the tracking address. */
	char png[600];
	snprintf(png, sizeof(png), "%s/form01-qr", outdir);
	free(run("pdftoppm -r 150 -png -singlefile -f 1 -l 1 '%s' '%s'", path, png));
	char *qr = run("zbarimg --raw -q '%s.png' 2>/dev/null", png);
	qr[strcspn(qr, "\n")] = '\0';
	assert_string_equal(qr, tracking);
	free(qr);
	buf_release(&pdf);
}

static void test_form01_without_optional_fields(void **state)
{
	(void)state;
	if (!have_tools())
		skip();
	struct doc_form01 f = sample01();
	f.owner = NULL;
	f.number = NULL;
	f.date = 0;
	f.submitter.email = NULL;
	f.return_place = NULL;
	f.agency.superior = NULL;
	struct buf pdf = BUF_INIT;
	char path[512];
	assert_int_equal(doc_render_form01(&f, &pdf), 0);
	save(&pdf, "form01-blanks.pdf", path, sizeof(path));
	char *text = text_of(path, 0, 0);
	static const char *const want[] = {
		"Số: ………",
		"Ninh Bình, ngày … tháng … năm …",
		"Thư điện tử: ………",
		"6. Nơi nhận kết quả: ………",
	};
	expect_text(text, want, N_ELEMENTS(want), "01 with blanks");
	assert_null(strstr(text, "Chủ hồ sơ"));
	assert_null(strstr(text, "ỦY BAN"));
	free(text);
	buf_release(&pdf);
}

static void test_form01_many_components_flow_to_page_two(void **state)
{
	(void)state;
	if (!have_tools())
		skip();
	struct doc_component many[40];
	char names[40][64];
	for (size_t i = 0; i < N_ELEMENTS(many); i++) {
		snprintf(names[i], sizeof(names[i]), "Giấy tờ số %zu của hồ sơ", i + 1);
		many[i] = (struct doc_component){names[i], "Bản sao", 1, NULL};
	}
	struct doc_form01 f = sample01();
	f.components = many;
	f.n_components = N_ELEMENTS(many);
	struct buf pdf = BUF_INIT;
	char path[512];
	assert_int_equal(doc_render_form01(&f, &pdf), 0);
	save(&pdf, "form01-long.pdf", path, sizeof(path));
	struct pdf_info in = info_of(path);
	assert_int_equal(in.pages, 2);
	char *p2 = text_of(path, 2, 2);
	/* Page two is numbered at its top (Decree 30/2020: not page one), the
	 * table header is repeated, the last component and the signatures are
	 * there. */
	assert_memory_equal(p2, "2 TT Tên giấy tờ", strlen("2 TT Tên giấy tờ"));
	char *p1 = text_of(path, 1, 1);
	assert_memory_equal(p1, "ỦY BAN", strlen("ỦY BAN"));
	free(p1);
	assert_non_null(strstr(p2, "Tên giấy tờ"));
	assert_non_null(strstr(p2, "Giấy tờ số 40 của hồ sơ"));
	assert_non_null(strstr(p2, "NGƯỜI TIẾP NHẬN HỒ SƠ"));
	free(p2);
	char *all = text_of(path, 0, 0);
	for (size_t i = 0; i < N_ELEMENTS(many); i++) {
		char *at = strstr(all, names[i]);
		if (!at)
			fail_msg("component %zu missing", i + 1);
		/* "Giấy tờ số 1 của" must not match "Giấy tờ số 10 của": exact names. */
		char *again = strstr(at + 1, names[i]);
		if (again)
			fail_msg("component %zu printed twice", i + 1);
	}
	free(all);
	buf_release(&pdf);
}

static void test_form02(void **state)
{
	(void)state;
	if (!have_tools())
		skip();
	static const struct doc_component add[] = {
		{"Tờ khai đăng ký hộ kinh doanh", "Bản chính", 1,
		 "Ghi đúng ngành, nghề kinh doanh theo Hệ thống ngành kinh tế Việt Nam"},
		{"Hợp đồng thuê địa điểm kinh doanh", "Bản sao chứng thực", 1, "Nộp bổ sung"},
	};
	struct doc_form02 f = {
		.agency = ninh_binh,
		.number = "37/PYCBS-TTPVHCC",
		.date = local_ms(2026, 2, 5, 9, 30),
		.submitter = {"Lê Quốc Khánh", "001085012345", "Xã Gia Viễn, tỉnh Ninh Bình",
			      "0987 111 222", NULL},
		.procedure = "Đăng ký thành lập hộ kinh doanh",
		.components = add,
		.n_components = N_ELEMENTS(add),
		.reason = "Tờ khai ghi ngành, nghề chưa đúng mã ngành cấp bốn; thiếu hợp đồng thuê "
			  "địa điểm.",
		.contact = {"bà Phạm Thu Hằng", "0229 3871 234"},
		.officer = "Phạm Thu Hằng",
	};
	struct buf pdf = BUF_INIT;
	char path[512];
	assert_int_equal(doc_render_form02(&f, &pdf), 0);
	save(&pdf, "form02.pdf", path, sizeof(path));
	expect_a4(path, false, 1);
	char *text = text_of(path, 0, 0);
	static const char *const want[] = {
		"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
		"Ninh Bình, ngày 05 tháng 02 năm 2026",
		"Hồ sơ của: Lê Quốc Khánh",
		"Hợp đồng thuê địa điểm kinh doanh",
		"Nội dung cần bổ sung, hoàn thiện",
		"Nộp bổ sung",
		"Lý do: Tờ khai ghi ngành, nghề chưa đúng mã ngành cấp bốn",
		"liên hệ với bà Phạm Thu Hằng, số điện thoại 0229 3871 234 để được hướng dẫn",
		"NGƯỜI HƯỚNG DẪN",
	};
	expect_text(text, want, N_ELEMENTS(want), "02");
	assert_null(strstr(text, "Mã hồ sơ")); /* no code yet at the desk */
	free(text);
	static const char *const left[] = {"ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
					   "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH NINH BÌNH",
					   "Số: 37/PYCBS-TTPVHCC", NULL};
	static const char *const right[] = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
					    "Độc lập - Tự do - Hạnh phúc",
					    "Ninh Bình, ngày 05 tháng 02 năm 2026", NULL};
	expect_head(path, "PHIẾU", left, right);
	buf_release(&pdf);
}

static void test_form03(void **state)
{
	(void)state;
	if (!have_tools())
		skip();
	static const char *const reasons[] = {
		"Thủ tục không thuộc thẩm quyền giải quyết của cơ quan cấp tỉnh.",
		"Người nộp không có văn bản ủy quyền hợp lệ.",
	};
	struct doc_form03 f = {
		.agency = ninh_binh,
		.number = "08/PTC-TTPVHCC",
		.date = local_ms(2026, 4, 9, 10, 15),
		.submitter = {"Đỗ Minh Nguyệt", NULL, "Phường Tam Điệp, tỉnh Ninh Bình", NULL,
			      NULL},
		.procedure = "Cấp giấy phép xây dựng nhà ở riêng lẻ",
		.reasons = reasons,
		.n_reasons = N_ELEMENTS(reasons),
		.contact = {"ông Vũ Đình Hải", "0229 3871 555"},
		.signer = {NULL, "Vũ Đình Hải"},
	};
	struct buf pdf = BUF_INIT;
	char path[512];
	assert_int_equal(doc_render_form03(&f, &pdf), 0);
	save(&pdf, "form03.pdf", path, sizeof(path));
	expect_a4(path, false, 1);
	char *text = text_of(path, 0, 0);
	static const char *const want[] = {
		"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
		"Ninh Bình, ngày 09 tháng 4 năm 2026",
		"tiếp nhận hồ sơ của: Đỗ Minh Nguyệt",
		"Cấp giấy phép xây dựng nhà ở riêng lẻ",
		"1. Thủ tục không thuộc thẩm quyền giải quyết của cơ quan cấp tỉnh.",
		"2. Người nộp không có văn bản ủy quyền hợp lệ.",
		"NGƯỜI TIẾP NHẬN HỒ SƠ",
		"Vũ Đình Hải",
	};
	expect_text(text, want, N_ELEMENTS(want), "03");
	free(text);
	static const char *const left[] = {"ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
					   "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH NINH BÌNH",
					   "Số: 08/PTC-TTPVHCC", NULL};
	static const char *const right[] = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
					    "Độc lập - Tự do - Hạnh phúc",
					    "Ninh Bình, ngày 09 tháng 4 năm 2026", NULL};
	expect_head(path, "PHIẾU", left, right);
	buf_release(&pdf);
}

static void test_form04(void **state)
{
	(void)state;
	if (!have_tools())
		skip();
	static const char *const recipients[] = {"Như trên", "Sở Xây dựng (để biết)",
						 "Lưu: VT, HS"};
	struct doc_form04 f = {
		.agency = {"Ủy ban nhân dân tỉnh Ninh Bình", "Sở Xây dựng", "Ninh Bình"},
		.number = "412/PXL-SXD",
		.date = local_ms(2026, 12, 1, 8, 0),
		.addressee = "Bà Nguyễn Thị Ánh Tuyết",
		.code = "000.17.22.H56-261127-0001",
		.procedure = "Cấp giấy phép xây dựng nhà ở riêng lẻ",
		.received_at = local_ms(2026, 11, 27, 14, 5),
		.due_at = local_ms(2026, 12, 2, 17, 0),
		.reason = "Cần lấy thêm ý kiến của Ủy ban nhân dân phường Hoa Lư về chỉ giới xây "
			  "dựng.",
		.new_due_at = local_ms(2026, 12, 9, 17, 0),
		.approved_by = "Giám đốc Sở Xây dựng",
		.approved_at = local_ms(2026, 12, 1, 7, 45),
		.recipients = recipients,
		.n_recipients = N_ELEMENTS(recipients),
		.signer = {"KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "Hoàng Văn Nam"},
	};
	struct buf pdf = BUF_INIT;
	char path[512];
	assert_int_equal(doc_render_form04(&f, &pdf), 0);
	save(&pdf, "form04.pdf", path, sizeof(path));
	expect_a4(path, false, 1);
	char *text = text_of(path, 0, 0);
	static const char *const want[] = {
		"SỞ XÂY DỰNG",
		"VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
		"Kính gửi: Bà Nguyễn Thị Ánh Tuyết",
		"Ngày 27 tháng 11 năm 2026, Sở Xây dựng tiếp nhận",
		"000.17.22.H56-261127-0001",
		"17 giờ 00 phút, ngày 02 tháng 12 năm 2026",
		"Lý do: Cần lấy thêm ý kiến của Ủy ban nhân dân phường Hoa Lư",
		"xin lỗi ông/bà",
		"17 giờ 00 phút, ngày 09 tháng 12 năm 2026",
		"Giám đốc Sở Xây dựng phê duyệt ngày 01 tháng 12 năm 2026",
		"Nơi nhận:",
		"- Như trên;",
		"- Sở Xây dựng (để biết);",
		"- Lưu: VT, HS.",
		"KT. GIÁM ĐỐC",
		"PHÓ GIÁM ĐỐC",
		"Hoàng Văn Nam",
	};
	expect_text(text, want, N_ELEMENTS(want), "04");
	free(text);
	static const char *const left[] = {"ỦY BAN NHÂN DÂN TỈNH NINH BÌNH", "SỞ XÂY DỰNG",
					   "Số: 412/PXL-SXD", NULL};
	static const char *const right[] = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
					    "Độc lập - Tự do - Hạnh phúc",
					    "Ninh Bình, ngày 01 tháng 12 năm 2026", NULL};
	expect_head(path, "VĂN", left, right);
	buf_release(&pdf);
}

static void test_form05(void **state)
{
	(void)state;
	if (!have_tools())
		skip();
	struct doc_form05 f = {
		.agency = {"Ủy ban nhân dân tỉnh Ninh Bình", "Sở Tài nguyên và Môi trường",
			   "Ninh Bình"},
		.number = "55/TB-STNMT",
		.date = local_ms(2026, 10, 20, 15, 0),
		.addressee = "Ông Trịnh Xuân Lộc",
		.code = "000.17.22.H56-261001-0042",
		.procedure = "Đăng ký biến động quyền sử dụng đất",
		.received_at = local_ms(2026, 10, 1, 9, 0),
		.stage = "Thẩm định hồ sơ tại Văn phòng Đăng ký đất đai",
		.reason = "Ông/bà có đơn đề nghị rút hồ sơ ngày 19/10/2026.",
		.at_request = true,
		.fees = "Không hoàn trả lệ phí đã nộp.",
		.originals = "Trả lại bản chính Giấy chứng nhận tại Bộ phận Một cửa.",
		.signer = {"GIÁM ĐỐC", "Mai Thị Hoa"},
	};
	struct buf pdf = BUF_INIT;
	char path[512];
	assert_int_equal(doc_render_form05(&f, &pdf), 0);
	save(&pdf, "form05.pdf", path, sizeof(path));
	expect_a4(path, false, 1);
	char *text = text_of(path, 0, 0);
	static const char *const want[] = {
		"THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
		"Kính gửi: Ông Trịnh Xuân Lộc",
		"Ngày 01 tháng 10 năm 2026",
		"000.17.22.H56-261001-0042",
		"Đăng ký biến động quyền sử dụng đất",
		"Thẩm định hồ sơ tại Văn phòng Đăng ký đất đai",
		"Theo đề nghị rút hồ sơ của ông/bà",
		"Lý do: Ông/bà có đơn đề nghị rút hồ sơ ngày 19/10/2026.",
		"Phí, lệ phí đã nộp: Không hoàn trả lệ phí đã nộp.",
		"Trả lại bản chính Giấy chứng nhận",
		"- Như trên;",
		"- Lưu: VT.",
		"GIÁM ĐỐC",
		"Mai Thị Hoa",
	};
	expect_text(text, want, N_ELEMENTS(want), "05");
	assert_null(strstr(text, "Căn cứ pháp lý")); /* a withdrawal needs none */
	free(text);
	static const char *const left[] = {"ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
					   "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Số: 55/TB-STNMT", NULL};
	static const char *const right[] = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
					    "Độc lập - Tự do - Hạnh phúc",
					    "Ninh Bình, ngày 20 tháng 10 năm 2026", NULL};
	expect_head(path, "THÔNG", left, right);
	buf_release(&pdf);

	/* Stopped by the agency: the legal basis is required and printed. */
	f.at_request = false;
	assert_int_equal(doc_render_form05(&f, &pdf), DOC_EINVAL);
	assert_int_equal(pdf.len, 0);
	f.legal_basis = "Khoản 3 Điều 18 Nghị định số 118/2025/NĐ-CP";
	f.reason = "Quá thời hạn bổ sung hồ sơ mà ông/bà không bổ sung.";
	assert_int_equal(doc_render_form05(&f, &pdf), 0);
	save(&pdf, "form05-stopped.pdf", path, sizeof(path));
	text = text_of(path, 0, 0);
	assert_non_null(
		strstr(text, "Căn cứ pháp lý: Khoản 3 Điều 18 Nghị định số 118/2025/NĐ-CP"));
	assert_null(strstr(text, "Theo đề nghị"));
	free(text);
	buf_release(&pdf);
}

static void test_form06(void **state)
{
	(void)state;
	if (!have_tools())
		skip();
	const struct doc_handover rows[3] = {
		{"Bộ phận Một cửa – Trần Văn Đức", "Phòng Quản lý xây dựng – Lê Văn Bình",
		 local_ms(2026, 11, 27, 14, 10), local_ms(2026, 11, 27, 14, 20),
		 local_ms(2026, 11, 27, 17, 0), DOC_EARLY, NULL},
		{"Phòng Quản lý xây dựng – Lê Văn Bình", "Lãnh đạo Sở – Hoàng Văn Nam",
		 local_ms(2026, 12, 14, 9, 30), local_ms(2026, 12, 14, 10, 0),
		 local_ms(2026, 12, 11, 17, 0), DOC_LATE, "Chờ ý kiến phường"},
		{"Lãnh đạo Sở – Hoàng Văn Nam", "Bộ phận Một cửa – Trần Văn Đức",
		 local_ms(2026, 12, 16, 15, 45), 0, local_ms(2026, 12, 17, 17, 0), DOC_PENDING,
		 NULL},
	};
	struct doc_form06 f = {
		.agency = ninh_binh,
		.code = "000.17.22.H56-261127-0001",
		.submitter = "Nguyễn Thị Ánh Tuyết",
		.procedure = "Cấp giấy phép xây dựng nhà ở riêng lẻ",
		.received_at = local_ms(2026, 11, 27, 14, 5),
		.time_limit = "15 ngày",
		.due_at = local_ms(2026, 12, 18, 17, 0),
		.processing_unit = "Sở Xây dựng (Phòng Quản lý xây dựng)",
		.coordinating_units = "Ủy ban nhân dân phường Hoa Lư",
		.rows = rows,
		.n_rows = N_ELEMENTS(rows),
	};
	struct buf pdf = BUF_INIT;
	char path[512];
	assert_int_equal(doc_render_form06(&f, &pdf), 0);
	save(&pdf, "form06.pdf", path, sizeof(path));
	expect_a4(path, false, 1);
	char *text = text_of(path, 0, 0);
	static const char *const want[] = {
		"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
		"Mã hồ sơ: 000.17.22.H56-261127-0001",
		"Người nộp hồ sơ: Nguyễn Thị Ánh Tuyết",
		"Ngày tiếp nhận: 14 giờ 05 phút, ngày 27 tháng 11 năm 2026",
		"Cơ quan (bộ phận) giải quyết hồ sơ: Sở Xây dựng (Phòng Quản lý xây dựng)",
		"Cơ quan phối hợp giải quyết hồ sơ: Ủy ban nhân dân phường Hoa Lư",
		"Phòng Quản lý xây dựng – Lê Văn Bình",
		"14 giờ 10 phút",
		"15 giờ 45 phút",
		"16/12/2026",
		"Trước hạn",
		"Quá hạn",
		"Chờ ý kiến phường",
	};
	expect_text(text, want, N_ELEMENTS(want), "06");
	assert_null(strstr(text, "Số:")); /* the sheet has no number */
	assert_null(strstr(text, "Đúng hạn"));
	free(text);
	expect_head(path, "PHIẾU", centre_only, motto_only);
	buf_release(&pdf);
}

/* The review report (issue 14): the adopted proposals with the cost
 * before and after and the saving, money grouped with dots, percents with
 * a decimal comma, a negative saving signed, the total in bold; landscape;
 * bad input refused before anything is drawn. */
static void test_review_report(void **state)
{
	(void)state;
	if (!have_tools())
		skip();
	const struct doc_review_row rows[2] = {
		{"Chấp thuận nhu cầu sử dụng người lao động nước ngoài (LD-01)",
		 "Chuyển sang thực hiện trực tuyến: Tiếp nhận và trả kết quả trực tuyến toàn trình",
		 10538320, 5840000, 4698320, 4458, true},
		{"Cấp giấy phép xây dựng (XD-01)", "Phương án khác: Thêm bản sao", 300, 301, -1,
		 -33, true},
	};
	struct doc_review_report r = {
		.agency = ninh_binh,
		.date = local_ms(2030, 7, 1, 9, 0),
		.year = 2030,
		.period = "từ 2029-01-01 đến 2029-12-31",
		.rows = rows,
		.n_rows = N_ELEMENTS(rows),
		.total_before = 10538620,
		.total_after = 5840301,
		.total_saving = 4698319,
		.total_percent_bp = 4458,
		.total_has_percent = true,
		.signer = {"THỦ TRƯỞNG ĐƠN VỊ", "Lê Thị Hương"},
	};
	struct buf pdf = BUF_INIT;
	char path[512];
	assert_int_equal(doc_render_review(&r, &pdf), 0);
	save(&pdf, "review.pdf", path, sizeof(path));
	expect_a4(path, true, 1);
	char *text = text_of(path, 0, 0);
	static const char *const want[] = {
		"BÁO CÁO KẾT QUẢ RÀ SOÁT, ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH",
		"Năm 2030",
		"từ 2029-01-01 đến 2029-12-31",
		"10.538.320",
		"5.840.000",
		"4.698.320",
		"44,58",
		"-0,33",
		"Tổng cộng",
		"10.538.620",
		"4.698.319",
		"Lê Thị Hương",
	};
	expect_text(text, want, N_ELEMENTS(want), "review");
	free(text);
	buf_release(&pdf);
	/* Refused, nothing appended. */
	struct doc_review_report bad = r;
	bad.period = NULL;
	assert_int_equal(doc_render_review(&bad, &pdf), DOC_EINVAL);
	bad = r;
	struct doc_review_row no_name = rows[0];
	no_name.procedure = NULL;
	bad.rows = &no_name;
	bad.n_rows = 1;
	assert_int_equal(doc_render_review(&bad, &pdf), DOC_EINVAL);
	bad = r;
	bad.n_rows = 1;
	bad.rows = NULL;
	assert_int_equal(doc_render_review(&bad, &pdf), DOC_EINVAL);
	assert_int_equal(pdf.len, 0);
	buf_release(&pdf);
}

#define BOOK_ROWS 120

static void test_form07_long_book(void **state)
{
	(void)state;
	if (!have_tools())
		skip();
	static const char *const procs[] = {
		"Đăng ký khai sinh",
		"Cấp giấy phép xây dựng nhà ở riêng lẻ",
		"Đăng ký thành lập hộ kinh doanh",
		"Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của "
		"Việt Nam cấp",
	};
	static const char *const owners[] = {"Nguyễn Văn Hùng", "Trần Thị Thủy",
					     "Công ty TNHH Ánh Dương", "Phạm Đức Thắng"};
	struct doc_book_row *rows = calloc(BOOK_ROWS, sizeof(*rows));
	char(*codes)[32] = calloc(BOOK_ROWS, sizeof(*codes));
	char(*flat_codes)[32] = calloc(BOOK_ROWS, sizeof(*flat_codes));
	for (int i = 0; i < BOOK_ROWS; i++) {
		int day = 1 + i / 5;
		snprintf(codes[i], sizeof(codes[i]), "000.17.22.H56-2611%02d-%04d", day, i % 5 + 1);
		snprintf(flat_codes[i], sizeof(flat_codes[i]), "000.17.22.H562611%02d%04d", day,
			 i % 5 + 1);
		int64_t rec = local_ms(2026, 11, (unsigned)day, 8 + i % 8, 10);
		rows[i] = (struct doc_book_row){
			.code = codes[i],
			.procedure = procs[i % 4],
			.sets = 1 + i % 2,
			.owner = owners[i % 4],
			.address = i % 3 ? "Phường Hoa Lư, tỉnh Ninh Bình" : NULL,
			.officer = "Trần Văn Đức",
			.received_at = rec,
			.due_at = rec + INT64_C(3) * 86400000,
			.transferred_at = i % 2 ? rec + 3600000 : 0,
			.returned_at = i % 3 == 0 ? rec + INT64_C(2) * 86400000 : 0,
			.note = i == 7 ? "Trả qua bưu chính" : NULL,
		};
	}
	struct doc_form07 f = {
		.agency = ninh_binh,
		.from = local_ms(2026, 11, 1, 0, 0),
		.to = local_ms(2026, 11, 30, 0, 0),
		.rows = rows,
		.n_rows = BOOK_ROWS,
	};
	struct buf pdf = BUF_INIT;
	char path[512];
	/* A request whose time budget is spent stops laying the book out. */
	budget_start(1);
	struct timespec pause = {0, 3000000};
	nanosleep(&pause, NULL);
	assert_int_equal(doc_render_form07(&f, &pdf), DOC_EBUDGET);
	budget_clear();
	buf_reset(&pdf);
	assert_int_equal(doc_render_form07(&f, &pdf), 0);
	save(&pdf, "form07.pdf", path, sizeof(path));
	expect_a4(path, true, 0);
	struct pdf_info in = info_of(path);
	if (in.pages < 4)
		fail_msg("%d rows on %d pages: expected several", BOOK_ROWS, in.pages);
	char *all = text_of(path, 0, 0);
	static const char *const want[] = {
		"SỔ THEO DÕI HỒ SƠ",
		"Từ ngày 01 tháng 11 năm 2026 đến ngày 30 tháng 11 năm 2026",
		"TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH NINH BÌNH",
		"Ngày, tháng, năm",
		"Công ty TNHH Ánh Dương",
		"Trả qua bưu chính",
		"01/11/2026",
	};
	expect_text(all, want, N_ELEMENTS(want), "07");
	/* Every dossier once: no row lost or repeated at a page break. The
	 * code wraps after a '-' in its narrow column, and pdftotext takes a
	 * '-' at the end of a line for a hyphen and drops it: compare without
	 * spaces, line breaks and dashes. */
	char *flat = run("pdftotext -enc UTF-8 '%s' - | tr -d ' \\n-'", path);
	for (int i = 0; i < BOOK_ROWS; i++) {
		char *at = strstr(flat, flat_codes[i]);
		if (!at)
			fail_msg("row %d (%s) missing", i + 1, codes[i]);
		if (strstr(at + 1, flat_codes[i]))
			fail_msg("row %d (%s) printed twice", i + 1, codes[i]);
	}
	free(flat);
	free(all);
	/* Every page repeats the header and is numbered n/N. */
	for (int p = 1; p <= in.pages; p++) {
		char *t = text_of(path, p, p);
		char want_page[32];
		snprintf(want_page, sizeof(want_page), "Trang %d/%d", p, in.pages);
		if (!strstr(t, "Tên thủ tục hành chính") || !strstr(t, "Hẹn trả kết quả") ||
		    !strstr(t, want_page))
			fail_msg("page %d lacks the table header or \"%s\": %s", p, want_page, t);
		free(t);
	}
	free(rows);
	free(codes);
	free(flat_codes);
	buf_release(&pdf);

	/* An empty period still prints one page with the header. */
	f.n_rows = 0;
	f.rows = NULL;
	assert_int_equal(doc_render_form07(&f, &pdf), 0);
	save(&pdf, "form07-empty.pdf", path, sizeof(path));
	expect_a4(path, true, 1);
	buf_release(&pdf);
}

/* Bad input is refused before anything is written, and out keeps what it
 * had. */
static void test_bad_input(void **state)
{
	(void)state;
	struct buf pdf = BUF_INIT;
	buf_adds(&pdf, "kept");
	struct doc_form01 f = sample01();
	f.code = NULL;
	assert_int_equal(doc_render_form01(&f, &pdf), DOC_EINVAL);
	f = sample01();
	f.submitter.name = "";
	assert_int_equal(doc_render_form01(&f, &pdf), DOC_EINVAL);
	f = sample01();
	f.procedure = "Đăng k\xff";
	assert_int_equal(doc_render_form01(&f, &pdf), DOC_EINVAL);
	f = sample01();
	f.due_at = 0;
	assert_int_equal(doc_render_form01(&f, &pdf), DOC_EINVAL);
	f = sample01();
	f.n_components = DOC_MAX_ITEMS + 1;
	assert_int_equal(doc_render_form01(&f, &pdf), DOC_ERANGE);
	f = sample01();
	char *longtext = malloc(DOC_MAX_TEXT + 2);
	memset(longtext, 'a', DOC_MAX_TEXT + 1);
	longtext[DOC_MAX_TEXT + 1] = '\0';
	f.officer = longtext;
	assert_int_equal(doc_render_form01(&f, &pdf), DOC_ERANGE);
	/* An address too long for any QR code fails while drawing: out is
	 * still put back. */
	f = sample01();
	longtext[3500] = '\0';
	f.tracking_url = longtext;
	assert_int_equal(doc_render_form01(&f, &pdf), DOC_EQR);
	free(longtext);
	assert_string_equal(buf_str(&pdf), "kept");

	struct doc_form02 f2 = {
		.agency = ninh_binh, .submitter = {.name = "A"}, .procedure = "P", .reason = "R"};
	assert_int_equal(doc_render_form02(&f2, &pdf), DOC_EINVAL); /* nothing to add */
	struct doc_form03 f3 = {.agency = ninh_binh, .submitter = {.name = "A"}, .procedure = "P"};
	assert_int_equal(doc_render_form03(&f3, &pdf), DOC_EINVAL); /* no reason */
	struct doc_form04 f4 = {.agency = ninh_binh,
				.addressee = "A",
				.code = "C",
				.procedure = "P",
				.received_at = 1,
				.due_at = 2,
				.reason = "R",
				.new_due_at = 3};
	assert_int_equal(doc_render_form04(&f4, &pdf), DOC_EINVAL); /* no signer */
	struct doc_form06 f6 = {
		.agency = ninh_binh, .code = "C", .submitter = "S", .procedure = "P"};
	assert_int_equal(doc_render_form06(&f6, &pdf), DOC_EINVAL); /* no date received */
	struct doc_form07 f7 = {.agency = ninh_binh, .from = 2, .to = 1};
	assert_int_equal(doc_render_form07(&f7, &pdf), DOC_EINVAL); /* period backwards */
	f7.to = 3;
	f7.n_rows = DOC_MAX_BOOK_ROWS + 1;
	assert_int_equal(doc_render_form07(&f7, &pdf), DOC_ERANGE);
	assert_string_equal(buf_str(&pdf), "kept");
	assert_string_equal(doc_strerror(DOC_EQR), "the tracking address does not fit a QR code");
	buf_release(&pdf);
}

/* Markup in the user's text is printed, not interpreted. */
static void test_markup_is_text(void **state)
{
	(void)state;
	if (!have_tools())
		skip();
	struct doc_form01 f = sample01();
	f.submitter.name = "Công ty <b>A&B</b> \"Sao Mai\"";
	struct buf pdf = BUF_INIT;
	char path[512];
	assert_int_equal(doc_render_form01(&f, &pdf), 0);
	save(&pdf, "form01-markup.pdf", path, sizeof(path));
	char *text = text_of(path, 0, 0);
	assert_non_null(strstr(text, "Công ty <b>A&B</b> \"Sao Mai\""));
	free(text);
	buf_release(&pdf);
}

static void *render_thread(void *arg)
{
	struct buf *out = arg;
	struct doc_form01 f = sample01();
	for (int i = 0; i < 3; i++) {
		buf_reset(out);
		if (doc_render_form01(&f, out) != 0)
			return out;
	}
	return NULL;
}

/* Several threads render at once, each on its own font map. */
static void test_threads(void **state)
{
	(void)state;
	enum { N = 4 };
	pthread_t th[N];
	struct buf out[N];
	for (int i = 0; i < N; i++) {
		buf_init(&out[i]);
		assert_int_equal(pthread_create(&th[i], NULL, render_thread, &out[i]), 0);
	}
	for (int i = 0; i < N; i++) {
		void *r;
		assert_int_equal(pthread_join(th[i], &r), 0);
		assert_null(r);
		assert_true(out[i].len > 1000);
		assert_memory_equal(out[i].p, "%PDF-", 5);
		buf_release(&out[i]);
	}
}

static int setup(void **state)
{
	(void)state;
	outdir = getenv("MOTCUA_KEEP_PDF");
	if (outdir && *outdir)
		return 0;
	const char *t = getenv("TMPDIR");
	snprintf(tmpdir, sizeof(tmpdir), "%s/motcua-doc.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir))
		return -1;
	outdir = tmpdir;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (outdir == tmpdir) {
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			return -1;
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_form01),
		cmocka_unit_test(test_form01_without_optional_fields),
		cmocka_unit_test(test_form01_many_components_flow_to_page_two),
		cmocka_unit_test(test_form02),
		cmocka_unit_test(test_form03),
		cmocka_unit_test(test_form04),
		cmocka_unit_test(test_form05),
		cmocka_unit_test(test_form06),
		cmocka_unit_test(test_review_report),
		cmocka_unit_test(test_form07_long_book),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_markup_is_text),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
