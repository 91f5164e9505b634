/* Tables as CSV and XLSX (src/doc/sheet.h). The CSV is compared byte for
 * byte; the XLSX is opened as a spreadsheet program would, as a zip of XML
 * parts (python3's zipfile, a build dependency), and its sheet checked cell
 * by cell: numbers are numeric cells, dates date serials with a date
 * format, text shared strings; the header row is frozen and the columns
 * have widths. No temporary file is left behind.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "doc/sheet.h"
#include "test_helpers.h"

static char tmpdir[256];

/* Unix ms of a local (UTC+7) date and time. */
static int64_t local_ms(int y, unsigned mo, unsigned d, int h, int mi)
{
	return (clock_days_from_civil(y, mo, d) * 86400 + (h - 7) * 3600 + mi * 60) * INT64_C(1000);
}

static const struct doc_column cols[] = {
	{"Mã hồ sơ", DOC_COL_TEXT, 0},	   {"Số hồ sơ", DOC_COL_INT, 0},
	{"Tỷ lệ", DOC_COL_NUMBER, 12.5},   {"Ngày nhận", DOC_COL_DATE, 0},
	{"Kết thúc", DOC_COL_DATETIME, 0},
};

static struct doc_cell cells[3 * 5];

static struct doc_sheet sample(void)
{
	/* Row 1: ordinary values; 16:10 local on 12/03/2026 is 09:10 UTC. */
	cells[0] = (struct doc_cell){.s = "H46.12-260312-0001"};
	cells[1] = (struct doc_cell){.i = 1234};
	cells[2] = (struct doc_cell){.d = 0.9111};
	cells[3] = (struct doc_cell){.i = local_ms(2026, 3, 12, 23, 30)};
	cells[4] = (struct doc_cell){.i = local_ms(2026, 3, 12, 16, 10)};
	/* Row 2: text that needs quoting, a formula to defuse, blanks. */
	cells[5] = (struct doc_cell){.s = "Cấp phép, \"lao động\"\nmới"};
	cells[6] = (struct doc_cell){.i = -5};
	cells[7] = (struct doc_cell){.empty = true};
	cells[8] = (struct doc_cell){.empty = true};
	cells[9] = (struct doc_cell){.i = local_ms(2026, 1, 1, 0, 0)};
	cells[10] = (struct doc_cell){.s = "=HYPERLINK(\"x\")"};
	cells[11] = (struct doc_cell){.i = 0};
	cells[12] = (struct doc_cell){.d = 2.5};
	cells[13] = (struct doc_cell){.i = local_ms(2025, 12, 31, 23, 59)};
	cells[14] = (struct doc_cell){.s = NULL, .empty = true};
	return (struct doc_sheet){"Báo cáo", cols, N_ELEMENTS(cols), cells, 3};
}

static void test_csv(void **state)
{
	struct doc_sheet t = sample();
	struct buf out = BUF_INIT;
	buf_init(&out);
	assert_int_equal(doc_sheet_csv(&t, &out), 0);
	const char *want = "\xEF\xBB\xBF"
			   "Mã hồ sơ,Số hồ sơ,Tỷ lệ,Ngày nhận,Kết thúc\r\n"
			   "H46.12-260312-0001,1234,0.9111,2026-03-12,2026-03-12 16:10\r\n"
			   "\"Cấp phép, \"\"lao động\"\"\nmới\",-5,,,2026-01-01 00:00\r\n"
			   "\"'=HYPERLINK(\"\"x\"\")\",0,2.5,2025-12-31,\r\n";
	assert_string_equal(buf_str(&out), want);
	buf_release(&out);
}

static void test_bad_input(void **state)
{
	struct doc_sheet t = sample();
	struct buf out = BUF_INIT;
	buf_init(&out);
	buf_adds(&out, "kept");
	cells[5].s = "bad \xC3\x28 utf-8";
	assert_int_equal(doc_sheet_csv(&t, &out), DOC_EINVAL);
	assert_int_equal(doc_sheet_xlsx(&t, tmpdir, &out), DOC_EINVAL);
	t = sample();
	cells[12].d = NAN;
	assert_int_equal(doc_sheet_csv(&t, &out), DOC_EINVAL);
	t = sample();
	t.n_rows = DOC_SHEET_MAX_ROWS + 1;
	assert_int_equal(doc_sheet_csv(&t, &out), DOC_ERANGE);
	t = sample();
	t.sheet = "a/b"; /* a character Excel forbids in a sheet's name */
	assert_int_equal(doc_sheet_xlsx(&t, tmpdir, &out), DOC_EINVAL);
	t = sample();
	t.n_cols = 0;
	assert_int_equal(doc_sheet_csv(&t, &out), DOC_EINVAL);
	assert_string_equal(buf_str(&out), "kept");
	buf_release(&out);
}

/* Runs python3 to print one part of the zip at path into out. */
static void zip_part(const char *path, const char *part, struct buf *out)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd,
		 "python3 -c 'import sys,zipfile; "
		 "sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())' "
		 "'%s' '%s'",
		 path, part);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(out, chunk, n);
	assert_int_equal(pclose(p), 0);
}

static void assert_has(const struct buf *b, const char *needle)
{
	if (!strstr(buf_str(b), needle))
		fail_msg("missing %s in %s", needle, buf_str(b));
}

static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_xlsx(void **state)
{
	if (system("python3 -c 'import zipfile' 2>/dev/null") != 0)
		skip();
	struct doc_sheet t = sample();
	struct buf out = BUF_INIT, sheet = BUF_INIT, strings = BUF_INIT, styles = BUF_INIT;
	buf_init(&out);
	assert_int_equal(doc_sheet_xlsx(&t, tmpdir, &out), 0);
	assert_int_equal(count_files(tmpdir), 0);
	assert_memory_equal(out.p, "PK\x03\x04", 4);
	char path[300];
	snprintf(path, sizeof path, "%s/t.xlsx", tmpdir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(out.p, 1, out.len, f), out.len);
	fclose(f);
	buf_init(&sheet);
	buf_init(&strings);
	buf_init(&styles);
	zip_part(path, "xl/worksheets/sheet1.xml", &sheet);
	zip_part(path, "xl/sharedStrings.xml", &strings);
	zip_part(path, "xl/styles.xml", &styles);
	unlink(path);
	/* The header row is frozen; the columns have widths (12.5 as asked). */
	assert_has(&sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
			   "state=\"frozen\"/>");
	assert_has(&sheet, "<col min=\"3\" max=\"3\" width=\"13.");
	assert_has(&sheet, "<col min=\"1\" max=\"1\" width=\"2");
	/* Numbers are numbers; the date is 2026-03-12 (serial 46093), the
	 * instant 16:10 of that day (46093 + 970/1440). */
	assert_has(&sheet, "<c r=\"B2\" s=\"2\"><v>1234</v></c>");
	assert_has(&sheet, "<c r=\"C2\"><v>0.9111</v></c>");
	assert_has(&sheet, "<c r=\"D2\" s=\"3\"><v>46093</v></c>");
	assert_has(&sheet, "<c r=\"E2\" s=\"4\"><v>46093.67361111111</v></c>");
	assert_has(&sheet, "<c r=\"B3\" s=\"2\"><v>-5</v></c>");
	assert_has(&sheet, "<autoFilter ref=\"A1:E4\"/>");
	if (strstr(buf_str(&sheet), "<c r=\"C3\"") || strstr(buf_str(&sheet), "<c r=\"E4\""))
		fail_msg("an empty cell was written: %s", buf_str(&sheet));
	/* Text is text, never a formula. */
	assert_has(&strings, "<t>=HYPERLINK(\"x\")</t>");
	assert_has(&strings, "<t>Mã hồ sơ</t>");
	assert_has(&styles, "formatCode=\"dd/mm/yyyy\"");
	assert_has(&styles, "formatCode=\"dd/mm/yyyy hh:mm\"");
	buf_release(&sheet);
	buf_release(&strings);
	buf_release(&styles);
	buf_release(&out);
}

/* A total as the last row stays outside the autofilter: filtering or
 * sorting must not hide it or mix it among the rows it sums. */
static void test_xlsx_total(void **state)
{
	if (system("python3 -c 'import zipfile' 2>/dev/null") != 0)
		skip();
	struct doc_sheet t = sample();
	t.total_last = true;
	struct buf out = BUF_INIT, sheet = BUF_INIT;
	buf_init(&out);
	assert_int_equal(doc_sheet_xlsx(&t, tmpdir, &out), 0);
	char path[300];
	snprintf(path, sizeof path, "%s/t.xlsx", tmpdir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(out.p, 1, out.len, f), out.len);
	fclose(f);
	buf_init(&sheet);
	zip_part(path, "xl/worksheets/sheet1.xml", &sheet);
	unlink(path);
	assert_has(&sheet, "<autoFilter ref=\"A1:E3\"/>");
	assert_has(&sheet, "<c r=\"B4\""); /* the total is still written */
	buf_release(&sheet);
	buf_release(&out);
}

/* Several tables are the sheets of one workbook, in order, each with its
 * own autofilter; none is an error, and so are two sheets of one name. */
static void test_xlsx_sheets(void **state)
{
	if (system("python3 -c 'import zipfile' 2>/dev/null") != 0)
		skip();
	struct doc_sheet t[2] = {sample(), sample()};
	t[1].sheet = "Thứ hai";
	t[1].n_rows = 1;
	struct buf out = BUF_INIT, wb = BUF_INIT, sheet = BUF_INIT;
	buf_init(&out);
	assert_int_equal(doc_sheets_xlsx(t, 0, tmpdir, &out), DOC_EINVAL);
	assert_int_equal(doc_sheets_xlsx(t, 2, tmpdir, &out), 0);
	assert_int_equal(count_files(tmpdir), 0);
	char path[300];
	snprintf(path, sizeof path, "%s/t.xlsx", tmpdir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(out.p, 1, out.len, f), out.len);
	fclose(f);
	buf_init(&wb);
	buf_init(&sheet);
	zip_part(path, "xl/workbook.xml", &wb);
	zip_part(path, "xl/worksheets/sheet2.xml", &sheet);
	unlink(path);
	const char *second = strstr(buf_str(&wb), "name=\"Thứ hai\"");
	assert_non_null(second);
	if (!strstr(buf_str(&wb), "name=\"") || strstr(buf_str(&wb), "name=\"") > second)
		fail_msg("the first sheet is not first: %s", buf_str(&wb));
	assert_has(&sheet, "<autoFilter ref=\"A1:E2\"/>");
	assert_has(&sheet, "<c r=\"B2\" s=\"2\"><v>1234</v></c>");
	buf_release(&sheet);
	t[1].sheet = t[0].sheet;
	buf_release(&out);
	buf_init(&out);
	assert_int_not_equal(doc_sheets_xlsx(t, 2, tmpdir, &out), 0);
	assert_int_equal(out.len, 0);
	assert_int_equal(count_files(tmpdir), 0);
	buf_release(&wb);
	buf_release(&out);
}

static int setup(void **state)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/motcua-table-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	return rmdir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),	    cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_xlsx),	    cmocka_unit_test(test_xlsx_total),
		cmocka_unit_test(test_xlsx_sheets),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
