/*
 * cli_cal.c — `motcua cal`: lunar <-> solar conversion, the days off of a
 * year and due times, for administrators checking a schedule file and for
 * scripts. Layer: cli/ (may do I/O: it reads --calendar files; the rules
 * themselves are all in src/cal/).
 *
 * Output formats are fixed (issue 3) because scripts and tests compare them
 * byte for byte: dates YYYY-MM-DD, local instants YYYY-MM-DDTHH:MM, holiday
 * lines DATE<TAB>KIND<TAB>NAME.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal/cal.h"
#include "cli/cli_cal.h"

#define EXIT_USAGE	   2
#define MAX_CALENDAR_FILES 16
#define MAX_FILE_BYTES	   (1024 * 1024)

static const char usage_cal[] =
	"usage: motcua cal <command> [options]\n"
	"\n"
	"commands:\n"
	"  lunar YYYY-MM-DD            lunar date of a solar date (\" leap\" for a leap month)\n"
	"  solar YYYY-MM-DD [--leap]   solar date of a lunar date\n"
	"  holidays YEAR [--calendar FILE]...\n"
	"                              days that differ from the Monday-Friday week\n"
	"  due --from YYYY-MM-DDTHH:MM --limit L [--hours P] [--calendar FILE]...\n"
	"      [--pause FROM,TO]...    due time of a limit, local time (UTC+7)\n"
	"\n"
	"Run `motcua cal <command> --help` for details. Dates cover 1900-2199.\n";

static const char usage_lunar[] =
	"usage: motcua cal lunar YYYY-MM-DD\n"
	"Print the Vietnamese lunar date (computed for UTC+7) of a solar date as\n"
	"YYYY-MM-DD, followed by \" leap\" when the month is a leap month.\n";

static const char usage_solar[] =
	"usage: motcua cal solar YYYY-MM-DD [--leap]\n"
	"Print the solar date of a Vietnamese lunar date; --leap selects the leap\n"
	"month of that number.\n";

static const char usage_holidays[] =
	"usage: motcua cal holidays YEAR [--calendar FILE]... [--optional]\n"
	"Print, sorted, one line per day whose status differs from the Monday-Friday\n"
	"week: YYYY-MM-DD<TAB>holiday|compensatory|workday<TAB>name.\n"
	"Without --calendar: the default computed from the Labour Code. With it, the\n"
	"file's entries replace the default for the years the file covers (lines\n"
	"\"YYYY-MM-DD <holiday|compensatory|workday|holiday-optional> <name>\").\n"
	"--optional switches on optional holidays (24 November).\n";

static const char usage_due[] =
	"usage: motcua cal due --from YYYY-MM-DDTHH:MM --limit L [--hours P]\n"
	"                      [--calendar FILE]... [--pause FROM,TO]... [--optional]\n"
	"Print the due time (local, YYYY-MM-DDTHH:MM) of a limit started at --from.\n"
	"  L  Nwd working days (8 office hours each; 0wd = same day if received\n"
	"     before 15:00 on a working day), Nd calendar days, Nh working hours\n"
	"  P  office periods, e.g. 07:30-11:30,13:00-17:00 (the default), or seasons\n"
	"     MM-DD..MM-DD=periods;MM-DD..MM-DD=periods\n"
	"  --pause FROM,TO  the clock stops between two local instants\n"
	"                   (YYYY-MM-DDTHH:MM,YYYY-MM-DDTHH:MM)\n";

static bool is_help(const char *s)
{
	return strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int
usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("motcua cal: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (usage)
		fputs(usage, stderr);
	return EXIT_USAGE;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
	}
	return true;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* "YYYY-MM-DD" exactly (shape only; validity is checked by the caller). */
static bool parse_ymd(const char *s, size_t n, struct cal_date *d)
{
	if (n != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) || !all_digits(s + 5, 2) ||
	    !all_digits(s + 8, 2))
		return false;
	d->year = num(s, 4);
	d->month = num(s + 5, 2);
	d->day = num(s + 8, 2);
	return true;
}

/* A solar date argument: 0, or an exit code after printing the error. */
static int solar_arg(const char *s, const char *usage, struct cal_date *d)
{
	if (!parse_ymd(s, strlen(s), d) || !cal_date_valid(*d))
		return usage_error(usage, "malformed date '%s', expected YYYY-MM-DD", s);
	if (d->year < CAL_MIN_YEAR || d->year > CAL_MAX_YEAR)
		return usage_error(NULL, "year out of range 1900-2199: '%s'", s);
	return 0;
}

/* "YYYY-MM-DDTHH:MM" local, of length n. */
static int local_arg(const char *s, size_t n, int64_t *ms)
{
	struct cal_date d;
	if (n != 16 || !parse_ymd(s, 10, &d) || s[10] != 'T' || s[13] != ':' ||
	    !all_digits(s + 11, 2) || !all_digits(s + 14, 2))
		return CAL_EINVAL;
	return cal_ms_from_local(d, num(s + 11, 2), num(s + 14, 2), ms);
}

static void print_local(int64_t ms)
{
	struct cal_local l = cal_local_from_ms(ms);
	printf("%04d-%02d-%02dT%02d:%02d\n", l.date.year, l.date.month, l.date.day, l.hour,
	       l.minute);
}

static int cmd_lunar(int argc, char **argv)
{
	const char *date = NULL;
	for (int i = 2; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(usage_lunar, stdout);
			return 0;
		}
		if (argv[i][0] == '-' || date)
			return usage_error(usage_lunar, "unexpected argument '%s'", argv[i]);
		date = argv[i];
	}
	if (!date)
		return usage_error(usage_lunar, "missing date");
	struct cal_date d;
	int rc = solar_arg(date, usage_lunar, &d);
	if (rc)
		return rc;
	struct cal_lunar l;
	if ((rc = cal_solar_to_lunar(d, &l)) < 0)
		return usage_error(NULL, "cannot convert: %s", cal_strerror(rc));
	printf("%04d-%02d-%02d%s\n", l.year, l.month, l.day, l.leap ? " leap" : "");
	return 0;
}

static int cmd_solar(int argc, char **argv)
{
	const char *date = NULL;
	bool leap = false;
	for (int i = 2; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(usage_solar, stdout);
			return 0;
		}
		if (strcmp(argv[i], "--leap") == 0)
			leap = true;
		else if (argv[i][0] == '-' || date)
			return usage_error(usage_solar, "unexpected argument '%s'", argv[i]);
		else
			date = argv[i];
	}
	if (!date)
		return usage_error(usage_solar, "missing lunar date");
	struct cal_date d;
	if (!parse_ymd(date, strlen(date), &d) || d.month < 1 || d.month > 12 || d.day < 1 ||
	    d.day > 30)
		return usage_error(usage_solar, "malformed lunar date '%s', expected YYYY-MM-DD",
				   date);
	if (d.year < CAL_MIN_YEAR || d.year > CAL_MAX_YEAR)
		return usage_error(NULL, "year out of range 1900-2199: '%s'", date);
	struct cal_lunar l = {d.year, d.month, d.day, leap};
	struct cal_date s;
	int rc = cal_lunar_to_solar(l, &s);
	if (rc == CAL_ENOENT) {
		if (leap)
			return usage_error(NULL, "no leap month in lunar date '%s'", date);
		return usage_error(NULL, "no such lunar date '%s' (the month has 29 days)", date);
	}
	if (rc < 0)
		return usage_error(NULL, "cannot convert: %s", cal_strerror(rc));
	printf("%04d-%02d-%02d\n", s.year, s.month, s.day);
	return 0;
}

/* Read a whole file (at most MAX_FILE_BYTES) into a new buffer. */
static int read_file(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "motcua cal: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	char *buf = malloc(MAX_FILE_BYTES + 1);
	size_t n = buf ? fread(buf, 1, MAX_FILE_BYTES + 1, f) : 0;
	int bad = !buf || ferror(f);
	fclose(f);
	if (bad) {
		fprintf(stderr, "motcua cal: cannot read %s\n", path);
		free(buf);
		return -1;
	}
	if (n > MAX_FILE_BYTES) {
		fprintf(stderr, "motcua cal: %s: larger than 1 MiB\n", path);
		free(buf);
		return -1;
	}
	*text = buf;
	*len = n;
	return 0;
}

/* Build the calendar from the default rules and the given files; exit code on failure. */
static int build_calendar(const char *const *files, size_t nfiles, unsigned options,
			  struct cal_calendar **cal)
{
	struct cal_schedule *sched[MAX_CALENDAR_FILES] = {0};
	int status = 0;
	size_t n = 0;
	for (; n < nfiles; n++) {
		char *text;
		size_t len;
		struct cal_parse_error err;
		if (read_file(files[n], &text, &len) < 0) {
			status = 1;
			goto out;
		}
		int rc = cal_schedule_parse(text, len, &sched[n], &err);
		free(text);
		if (rc < 0) {
			fprintf(stderr, "motcua cal: %s:%d: %s\n", files[n], err.line, err.message);
			status = 1;
			goto out;
		}
	}
	if (cal_calendar_new((const struct cal_schedule *const *)sched, n, options, cal) < 0) {
		fputs("motcua cal: out of memory\n", stderr);
		status = 1;
	}
out:
	for (size_t i = 0; i < n; i++)
		cal_schedule_free(sched[i]);
	return status;
}

static int cmd_holidays(int argc, char **argv)
{
	const char *year_arg = NULL;
	const char *files[MAX_CALENDAR_FILES];
	size_t nfiles = 0;
	unsigned options = 0;
	for (int i = 2; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(usage_holidays, stdout);
			return 0;
		}
		if (strcmp(argv[i], "--calendar") == 0) {
			if (i + 1 >= argc)
				return usage_error(usage_holidays, "--calendar needs a file");
			if (nfiles == MAX_CALENDAR_FILES)
				return usage_error(NULL, "too many --calendar files");
			files[nfiles++] = argv[++i];
		} else if (strcmp(argv[i], "--optional") == 0) {
			options |= CAL_OPT_OPTIONAL_HOLIDAYS;
		} else if (argv[i][0] == '-' || year_arg) {
			return usage_error(usage_holidays, "unexpected argument '%s'", argv[i]);
		} else {
			year_arg = argv[i];
		}
	}
	if (!year_arg)
		return usage_error(usage_holidays, "missing year");
	size_t ylen = strlen(year_arg);
	if (ylen != 4 || !all_digits(year_arg, 4))
		return usage_error(usage_holidays, "malformed year '%s', expected YYYY", year_arg);
	int year = num(year_arg, 4);
	if (year < CAL_MIN_YEAR || year > CAL_MAX_YEAR)
		return usage_error(NULL, "year out of range 1900-2199: '%s'", year_arg);

	struct cal_calendar *cal;
	int status = build_calendar(files, nfiles, options, &cal);
	if (status)
		return status;
	/* Every entry of the year, however many the files list. */
	size_t n = 0, got = 0;
	struct cal_entry *entries = NULL;
	bool ok = cal_year_entries(cal, year, NULL, 0, &n) == 0 &&
		  (entries = calloc(n + 1, sizeof *entries)) != NULL &&
		  cal_year_entries(cal, year, entries, n, &got) == 0 && got == n;
	for (size_t i = 0; ok && i < n; i++) {
		const struct cal_entry *e = &entries[i];
		printf("%04d-%02d-%02d\t%s\t%s\n", e->date.year, e->date.month, e->date.day,
		       cal_kind_name(e->kind), e->name);
	}
	if (!ok)
		fputs("motcua cal: cannot list the year's entries\n", stderr);
	free(entries);
	cal_calendar_free(cal);
	return ok ? 0 : 1;
}

/* "Nwd", "Nd" or "Nh". */
static int limit_arg(const char *s, struct cal_limit *limit)
{
	size_t n = 0;
	while (s[n] >= '0' && s[n] <= '9')
		n++;
	if (n == 0)
		return usage_error(usage_due, "malformed limit '%s', expected Nwd, Nd or Nh", s);
	if (n > 6)
		return usage_error(NULL, "limit too large: '%s'", s);
	const char *unit = s + n;
	if (strcmp(unit, "wd") == 0)
		limit->unit = CAL_WORKING_DAYS;
	else if (strcmp(unit, "d") == 0)
		limit->unit = CAL_CALENDAR_DAYS;
	else if (strcmp(unit, "h") == 0)
		limit->unit = CAL_WORKING_HOURS;
	else
		return usage_error(usage_due, "unknown limit unit in '%s', expected wd, d or h", s);
	limit->amount = num(s, n);
	return 0;
}

static int cmp_pause(const void *a, const void *b)
{
	const struct cal_pause *x = a, *y = b;
	return (x->from_ms > y->from_ms) - (x->from_ms < y->from_ms);
}

/* pauses has room for every --pause of argv (each takes two arguments). */
static int due_with(int argc, char **argv, struct cal_pause *pauses)
{
	const char *from = NULL, *limit_s = NULL, *hours_s = NULL;
	const char *files[MAX_CALENDAR_FILES];
	size_t nfiles = 0;
	size_t npauses = 0;
	unsigned options = 0;
	int rc;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (is_help(a)) {
			fputs(usage_due, stdout);
			return 0;
		}
		if (strcmp(a, "--optional") == 0) {
			options |= CAL_OPT_OPTIONAL_HOLIDAYS;
			continue;
		}
		bool known = strcmp(a, "--from") == 0 || strcmp(a, "--limit") == 0 ||
			     strcmp(a, "--hours") == 0 || strcmp(a, "--calendar") == 0 ||
			     strcmp(a, "--pause") == 0;
		if (!known)
			return usage_error(usage_due, "unexpected argument '%s'", a);
		if (i + 1 >= argc)
			return usage_error(usage_due, "%s needs a value", a);
		const char *v = argv[++i];
		if (strcmp(a, "--from") == 0) {
			from = v;
		} else if (strcmp(a, "--limit") == 0) {
			limit_s = v;
		} else if (strcmp(a, "--hours") == 0) {
			hours_s = v;
		} else if (strcmp(a, "--calendar") == 0) {
			if (nfiles == MAX_CALENDAR_FILES)
				return usage_error(NULL, "too many --calendar files");
			files[nfiles++] = v;
		} else {
			const char *comma = strchr(v, ',');
			if (!comma)
				return usage_error(usage_due,
						   "malformed pause '%s', expected FROM,TO", v);
			struct cal_pause *p = &pauses[npauses];
			rc = local_arg(v, (size_t)(comma - v), &p->from_ms);
			if (rc == 0)
				rc = local_arg(comma + 1, strlen(comma + 1), &p->to_ms);
			if (rc == CAL_ERANGE)
				return usage_error(NULL,
						   "year out of range 1900-2199 in pause '%s'", v);
			if (rc < 0)
				return usage_error(usage_due,
						   "malformed pause '%s', expected "
						   "YYYY-MM-DDTHH:MM,YYYY-MM-DDTHH:MM",
						   v);
			if (p->to_ms < p->from_ms)
				return usage_error(NULL, "pause '%s' ends before it starts", v);
			npauses++;
		}
	}
	if (!from || !limit_s)
		return usage_error(usage_due, "%s", !from ? "missing --from" : "missing --limit");
	int64_t start;
	rc = local_arg(from, strlen(from), &start);
	if (rc == CAL_ERANGE)
		return usage_error(NULL, "year out of range 1900-2199: '%s'", from);
	if (rc < 0)
		return usage_error(usage_due, "malformed date '%s', expected YYYY-MM-DDTHH:MM",
				   from);
	struct cal_limit limit;
	if ((rc = limit_arg(limit_s, &limit)) != 0)
		return rc;
	struct cal_hours *hours = NULL;
	if (hours_s) {
		rc = cal_hours_parse(hours_s, &hours);
		if (rc == CAL_EOVERLAP)
			return usage_error(NULL, "overlapping periods or seasons in '%s'", hours_s);
		if (rc < 0)
			return usage_error(usage_due, "malformed office hours '%s'", hours_s);
	}
	qsort(pauses, npauses, sizeof pauses[0], cmp_pause);
	for (size_t i = 1; i < npauses; i++) {
		if (pauses[i].from_ms < pauses[i - 1].to_ms) {
			cal_hours_free(hours);
			return usage_error(NULL, "overlapping pauses");
		}
	}
	struct cal_calendar *cal;
	int status = build_calendar(files, nfiles, options, &cal);
	if (status) {
		cal_hours_free(hours);
		return status;
	}
	int64_t due;
	rc = cal_due(cal, hours ? hours : cal_hours_default(), start, limit, pauses, npauses, &due);
	cal_calendar_free(cal);
	cal_hours_free(hours);
	if (rc == CAL_ERANGE)
		return usage_error(NULL, "due time beyond the supported years 1900-2199");
	if (rc < 0)
		return usage_error(NULL, "cannot compute the due time: %s", cal_strerror(rc));
	print_local(due);
	return 0;
}

/* Every --pause counts: they were capped at 64 ("too many pauses"), like
 * the service's due time that dropped the rest (issue 11, item 5). */
static int cmd_due(int argc, char **argv)
{
	struct cal_pause *pauses = calloc((size_t)argc / 2 + 1, sizeof *pauses);
	if (!pauses) {
		fputs("motcua cal: out of memory\n", stderr);
		return 1;
	}
	int rc = due_with(argc, argv, pauses);
	free(pauses);
	return rc;
}

int cli_cal(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} commands[] = {
		{"lunar", cmd_lunar},
		{"solar", cmd_solar},
		{"holidays", cmd_holidays},
		{"due", cmd_due},
	};
	if (argc < 2)
		return usage_error(usage_cal, "missing command");
	if (is_help(argv[1])) {
		fputs(usage_cal, stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc, argv);
	}
	return usage_error(usage_cal, "unknown command '%s'", argv[1]);
}
