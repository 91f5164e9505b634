/*
 * test_cal_cli.c — `motcua cal`: exact output formats and exit codes, by
 * calling cli_cal() with stdout and stderr redirected to temporary files.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/cli_cal.h"
#include "test_util.h"

struct run {
	int status;
	char out[8192];
	char err[4096];
};

static void slurp(FILE *f, char *buf, size_t cap)
{
	rewind(f);
	size_t n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* Run cli_cal with argv[0] = "cal", capturing its output. */
static void run_argv(struct run *r, int argc, char **argv)
{
	FILE *out = tmpfile(), *err = tmpfile();
	assert_non_null(out);
	assert_non_null(err);
	fflush(stdout);
	fflush(stderr);
	int saved_out = dup(STDOUT_FILENO), saved_err = dup(STDERR_FILENO);
	dup2(fileno(out), STDOUT_FILENO);
	dup2(fileno(err), STDERR_FILENO);
	r->status = cli_cal(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, STDOUT_FILENO);
	dup2(saved_err, STDERR_FILENO);
	close(saved_out);
	close(saved_err);
	slurp(out, r->out, sizeof r->out);
	slurp(err, r->err, sizeof r->err);
}

/* Run cli_cal with the given NULL-terminated arguments (after "cal"). */
static void run(struct run *r, ...)
{
	char *argv[32];
	int argc = 0;
	argv[argc++] = "cal";
	va_list ap;
	va_start(ap, r);
	for (char *a; argc < 31 && (a = va_arg(ap, char *)) != NULL;)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	run_argv(r, argc, argv);
}

#define FILE_2024 CAL_DATA_DIR "/2024.txt"
#define FILE_2025 CAL_DATA_DIR "/2025.txt"

static void test_outputs(void **state)
{
	(void)state;
	static const struct {
		const char *args[12];
		const char *out;
	} cases[] = {
		{{"lunar", "2025-01-29"}, "2025-01-01\n"},
		{{"lunar", "2025-01-28"}, "2024-12-29\n"},
		{{"lunar", "2023-03-22"}, "2023-02-01 leap\n"},
		{{"lunar", "1985-01-21"}, "1985-01-01\n"},
		{{"solar", "2023-02-01", "--leap"}, "2023-03-22\n"},
		{{"solar", "2023-02-01"}, "2023-02-20\n"},
		{{"solar", "2026-03-10"}, "2026-04-26\n"},
		{{"due", "--from", "2025-01-24T10:00", "--limit", "3wd"}, "2025-02-05T10:00\n"},
		{{"due", "--from", "2025-03-03T14:59", "--limit", "0wd"}, "2025-03-03T17:00\n"},
		{{"due", "--from", "2025-03-03T15:00", "--limit", "0wd"}, "2025-03-04T17:00\n"},
		{{"due", "--from", "2025-03-03T09:00", "--limit", "5d"}, "2025-03-10T17:00\n"},
		{{"due", "--from", "2025-03-03T07:30", "--limit", "4h"}, "2025-03-03T11:30\n"},
		{{"due", "--from", "2025-04-25T16:00", "--limit", "1wd", "--calendar", FILE_2025},
		 "2025-04-26T16:00\n"},
		{{"due", "--from", "2025-04-25T16:00", "--limit", "1wd"}, "2025-04-28T16:00\n"},
		{{"due", "--from", "2025-03-03T09:00", "--limit", "10h", "--hours", "08:00-12:00"},
		 "2025-03-05T11:00\n"},
		{{"due", "--limit", "3wd", "--from", "2025-01-20T08:00", "--pause",
		  "2025-01-22T08:00,2025-02-04T08:00"},
		 "2025-02-05T08:00\n"},
		{{"holidays", "2024", "--calendar", FILE_2024},
		 "2024-01-01\tholiday\tTết Dương lịch\n"
		 "2024-02-08\tholiday\tTết Nguyên đán\n"
		 "2024-02-09\tholiday\tTết Nguyên đán\n"
		 "2024-02-10\tholiday\tTết Nguyên đán\n"
		 "2024-02-11\tholiday\tTết Nguyên đán\n"
		 "2024-02-12\tholiday\tTết Nguyên đán\n"
		 "2024-02-13\tcompensatory\tNghỉ bù Tết Nguyên đán\n"
		 "2024-02-14\tcompensatory\tNghỉ bù Tết Nguyên đán\n"
		 "2024-04-18\tholiday\tGiỗ Tổ Hùng Vương\n"
		 "2024-04-29\tcompensatory\tNghỉ hoán đổi (làm bù thứ Bảy 04/5)\n"
		 "2024-04-30\tholiday\tNgày Chiến thắng\n"
		 "2024-05-01\tholiday\tNgày Quốc tế Lao động\n"
		 "2024-05-04\tworkday\tLàm bù cho thứ Hai 29/4\n"
		 "2024-09-02\tholiday\tQuốc khánh\n"
		 "2024-09-03\tholiday\tQuốc khánh (ngày liền kề)\n"},
		{{"holidays", "2025"},
		 "2025-01-01\tholiday\tTết Dương lịch\n"
		 "2025-01-27\tholiday\tTết Nguyên đán\n"
		 "2025-01-28\tholiday\tTết Nguyên đán\n"
		 "2025-01-29\tholiday\tTết Nguyên đán\n"
		 "2025-01-30\tholiday\tTết Nguyên đán\n"
		 "2025-01-31\tholiday\tTết Nguyên đán\n"
		 "2025-04-07\tholiday\tGiỗ Tổ Hùng Vương\n"
		 "2025-04-30\tholiday\tNgày Chiến thắng\n"
		 "2025-05-01\tholiday\tNgày Quốc tế Lao động\n"
		 "2025-09-01\tholiday\tQuốc khánh (ngày liền kề)\n"
		 "2025-09-02\tholiday\tQuốc khánh\n"},
		/* The file covers 2024 only: 2023 stays the computed default. */
		{{"holidays", "2023", "--calendar", FILE_2024},
		 "2023-01-01\tholiday\tTết Dương lịch\n"
		 "2023-01-02\tcompensatory\tNghỉ bù Tết Dương lịch\n"
		 "2023-01-20\tholiday\tTết Nguyên đán\n"
		 "2023-01-21\tholiday\tTết Nguyên đán\n"
		 "2023-01-22\tholiday\tTết Nguyên đán\n"
		 "2023-01-23\tholiday\tTết Nguyên đán\n"
		 "2023-01-24\tholiday\tTết Nguyên đán\n"
		 "2023-01-25\tcompensatory\tNghỉ bù Tết Nguyên đán\n"
		 "2023-01-26\tcompensatory\tNghỉ bù Tết Nguyên đán\n"
		 "2023-04-29\tholiday\tGiỗ Tổ Hùng Vương\n"
		 "2023-04-30\tholiday\tNgày Chiến thắng\n"
		 "2023-05-01\tholiday\tNgày Quốc tế Lao động\n"
		 "2023-05-02\tcompensatory\tNghỉ bù Giỗ Tổ Hùng Vương\n"
		 "2023-05-03\tcompensatory\tNghỉ bù Ngày Chiến thắng\n"
		 "2023-09-01\tholiday\tQuốc khánh (ngày liền kề)\n"
		 "2023-09-02\tholiday\tQuốc khánh\n"
		 "2023-09-04\tcompensatory\tNghỉ bù Quốc khánh\n"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct run r;
		const char *const *a = cases[i].args;
		run(&r, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], NULL);
		if (r.status != 0 || strcmp(r.out, cases[i].out) != 0)
			fail_msg("case %zu (%s %s): status %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%s",
				 i, a[0], a[1], r.status, r.out, cases[i].out, r.err);
		assert_string_equal(r.err, "");
	}
}

static void test_errors(void **state)
{
	(void)state;
	static const struct {
		const char *args[8];
		int status;
		const char *message; /* expected in stderr */
	} cases[] = {
		{{"lunar", "2025-02-30"}, 2, "malformed date"},
		{{"lunar", "2025/01/01"}, 2, "malformed date"},
		{{"lunar", "2200-01-01"}, 2, "year out of range"},
		{{"lunar"}, 2, "missing date"},
		{{"solar", "2024-02-01", "--leap"}, 2, "no leap month"},
		{{"solar", "2025-13-01"}, 2, "malformed lunar date"},
		{{"holidays", "1899"}, 2, "year out of range"},
		{{"holidays", "20x5"}, 2, "malformed year"},
		{{"holidays", "2025", "--calendar", "/nonexistent/motcua.txt"}, 1, "cannot open"},
		{{"due", "--from", "2025-03-03T09:00", "--limit", "3w"}, 2, "unknown limit unit"},
		{{"due", "--from", "2025-03-03T09:00", "--limit", "3m"}, 2, "unknown limit unit"},
		{{"due", "--from", "2025-03-03T09:00", "--limit", "wd"}, 2, "malformed limit"},
		{{"due", "--from", "2025-03-03 09:00", "--limit", "3wd"}, 2, "malformed date"},
		{{"due", "--from", "2025-03-32T09:00", "--limit", "3wd"}, 2, "malformed date"},
		{{"due", "--from", "2300-03-03T09:00", "--limit", "3wd"}, 2, "year out of range"},
		{{"due", "--from", "2025-03-03T09:00", "--limit", "3wd", "--hours",
		  "07:30-11:30,11:00-17:00"},
		 2,
		 "overlapping periods"},
		{{"due", "--from", "2025-03-03T09:00", "--limit", "3wd", "--hours", "7-11"},
		 2,
		 "malformed office hours"},
		{{"due", "--from", "2025-03-03T09:00", "--limit", "3wd", "--pause",
		  "2025-03-05T09:00,2025-03-04T09:00"},
		 2,
		 "ends before it starts"},
		{{"due", "--from", "2025-03-03T09:00", "--limit", "3wd", "--pause",
		  "2025-03-05T09:00"},
		 2,
		 "malformed pause"},
		{{"due", "--from", "2025-03-03T09:00"}, 2, "missing --limit"},
		{{"due", "--from", "2199-12-30T09:00", "--limit", "30wd"}, 2, "beyond"},
		{{"frobnicate"}, 2, "unknown command"},
		{{NULL}, 2, "missing command"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct run r;
		const char *const *a = cases[i].args;
		run(&r, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], NULL);
		if (r.status != cases[i].status || !strstr(r.err, cases[i].message) ||
		    r.out[0] != '\0')
			fail_msg("case %zu (%s %s): status %d, stderr: %s", i, a[0] ? a[0] : "",
				 a[1] ? a[1] : "", r.status, r.err);
	}
}

static void test_bad_calendar_file(void **state)
{
	(void)state;
	char path[] = "/tmp/motcua-cal-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char text[] = "2025-01-01 holiday Tết Dương lịch\n2025-01-07 workday Oops\n";
	assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
	close(fd);
	struct run r;
	run(&r, "holidays", "2025", "--calendar", path, NULL);
	unlink(path);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, ":2: a workday must be a Saturday or Sunday"));
	assert_string_equal(r.out, "");
}

/* A schedule file may list more days of a year than `holidays` once had
 * room for (128; it refused with "too many entries in one year"): 140
 * weekdays off are all printed. */
static void test_many_entries_in_a_year(void **state)
{
	(void)state;
	enum { NDAYS = 140 };
	char path[] = "/tmp/motcua-cal-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	int written = 0;
	for (int64_t d = cal_days_from_civil((struct cal_date){2027, 1, 4}); written < NDAYS; d++) {
		int wd = cal_weekday(d);
		if (wd == 0 || wd == 6)
			continue;
		struct cal_date c = cal_civil_from_days(d);
		fprintf(f, "%04d-%02d-%02d compensatory X\n", c.year, c.month, c.day);
		written++;
	}
	assert_int_equal(fclose(f), 0);
	struct run r;
	run(&r, "holidays", "2027", "--calendar", path, NULL);
	unlink(path);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	int lines = 0;
	for (const char *p = r.out; (p = strstr(p, "\tcompensatory\tX\n")) != NULL; p++)
		lines++;
	assert_int_equal(lines, NDAYS);
}

/* Every --pause counts, however many: 70 one-minute pauses move a due time
 * of 5 working days from Monday 2 March 2026 08:00 (Monday 9 March 08:00)
 * by 70 office minutes. (They were capped at 64, "too many pauses".) */
static void test_many_pauses(void **state)
{
	(void)state;
	enum { NPAUSES = 70 };
	static char spans[NPAUSES][40];
	char *argv[6 + 2 * NPAUSES + 1] = {"cal",     "due", "--from", "2026-03-02T08:00",
					   "--limit", "5wd"};
	int argc = 6;
	for (int i = 0; i < NPAUSES; i++) {
		int a = 8 * 60 + 2 * i, b = a + 1;
		snprintf(spans[i], sizeof spans[i], "2026-03-02T%02d:%02d,2026-03-02T%02d:%02d",
			 a / 60, a % 60, b / 60, b % 60);
		argv[argc++] = "--pause";
		argv[argc++] = spans[i];
	}
	argv[argc] = NULL;
	struct run r;
	run_argv(&r, argc, argv);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_string_equal(r.out, "2026-03-09T09:10\n");
}

static void test_help(void **state)
{
	(void)state;
	static const char *const sub[] = {NULL, "lunar", "solar", "holidays", "due"};
	for (size_t i = 0; i < sizeof sub / sizeof sub[0]; i++) {
		struct run r;
		if (sub[i])
			run(&r, sub[i], "--help", NULL);
		else
			run(&r, "-h", NULL);
		assert_int_equal(r.status, 0);
		assert_true(strncmp(r.out, "usage: motcua cal", 17) == 0);
		assert_string_equal(r.err, "");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outputs),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_bad_calendar_file),
		cmocka_unit_test(test_many_entries_in_a_year),
		cmocka_unit_test(test_many_pauses),
		cmocka_unit_test(test_help),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
