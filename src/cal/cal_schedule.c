/*
 * cal_schedule.c — parse an official schedule of days off from text (the
 * format of data/calendar/YYYY.txt and of what an administrator enters).
 * Layer: cal/ (pure: the caller reads the file and passes the bytes).
 *
 * The parser is strict because a wrong line silently moves deadlines: every
 * error names its line, and an entry that cannot be right (a worked Tuesday,
 * a compensatory Sunday, the same date twice) is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal/cal_schedule.h"

#define MAX_NAME 200

static const struct {
	const char *word;
	enum cal_sched_kind kind;
} kind_words[] = {
	{"holiday", CAL_SCHED_HOLIDAY},
	{"compensatory", CAL_SCHED_COMPENSATORY},
	{"workday", CAL_SCHED_WORKDAY},
	{"holiday-optional", CAL_SCHED_OPTIONAL},
};

static int fail(struct cal_parse_error *err, int line, const char *msg, int rc)
{
	if (err) {
		err->line = line;
		snprintf(err->message, sizeof err->message, "%s", msg);
	}
	return rc;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "YYYY-MM-DD" at p (exactly 10 bytes available). */
static bool parse_iso_date(const char *p, struct cal_date *d)
{
	static const char shape[] = "dddd-dd-dd";
	for (int i = 0; i < 10; i++) {
		if (shape[i] == 'd' ? !is_digit(p[i]) : p[i] != '-')
			return false;
	}
	d->year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
	d->month = (p[5] - '0') * 10 + (p[6] - '0');
	d->day = (p[8] - '0') * 10 + (p[9] - '0');
	return cal_date_valid(*d);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct cal_sched_entry *x = a, *y = b;
	return (x->day > y->day) - (x->day < y->day);
}

/* One line without its terminator; *e is filled when the line holds an entry. */
static int parse_line(const char *p, size_t n, int lineno, char *pool, size_t *pool_used,
		      struct cal_sched_entry *e, bool *has, struct cal_parse_error *err)
{
	*has = false;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	const char *hash = memchr(p, '#', n);
	if (hash)
		n = (size_t)(hash - p);
	while (n > 0 && is_blank(p[n - 1]))
		n--;
	size_t i = 0;
	while (i < n && is_blank(p[i]))
		i++;
	if (i == n)
		return 0;

	struct cal_date d;
	if (n - i < 10 || !parse_iso_date(p + i, &d) || (n - i > 10 && !is_blank(p[i + 10])))
		return fail(err, lineno, "malformed date, expected YYYY-MM-DD", CAL_EINVAL);
	if (d.year < CAL_MIN_YEAR || d.year > CAL_MAX_YEAR)
		return fail(err, lineno, "year out of range 1900-2199", CAL_ERANGE);
	i += 10;
	while (i < n && is_blank(p[i]))
		i++;
	size_t k0 = i;
	while (i < n && !is_blank(p[i]))
		i++;
	size_t klen = i - k0;
	int kind = -1;
	for (size_t j = 0; j < sizeof kind_words / sizeof kind_words[0]; j++) {
		if (strlen(kind_words[j].word) == klen &&
		    memcmp(kind_words[j].word, p + k0, klen) == 0)
			kind = (int)kind_words[j].kind;
	}
	if (kind < 0)
		return fail(
			err, lineno,
			"unknown kind, expected holiday, compensatory, workday or holiday-optional",
			CAL_EINVAL);
	while (i < n && is_blank(p[i]))
		i++;
	size_t namelen = n - i;
	if (namelen == 0)
		return fail(err, lineno, "missing name", CAL_EINVAL);
	if (namelen > MAX_NAME)
		return fail(err, lineno, "name longer than 200 bytes", CAL_EINVAL);
	for (size_t j = i; j < n; j++) {
		unsigned char c = (unsigned char)p[j];
		if (c < 0x20 && c != '\t')
			return fail(err, lineno, "control character in name", CAL_EINVAL);
		if (c == '\t' || c == 0x7f)
			return fail(err, lineno, "tab or control character in name", CAL_EINVAL);
	}

	int64_t day = cal_days_from_civil(d);
	int wd = cal_weekday(day);
	bool weekend = wd == 0 || wd == 6;
	if (kind == CAL_SCHED_WORKDAY && !weekend)
		return fail(err, lineno, "a workday must be a Saturday or Sunday", CAL_EINVAL);
	if (kind == CAL_SCHED_COMPENSATORY && weekend)
		return fail(err, lineno, "a compensatory day must be Monday to Friday", CAL_EINVAL);

	e->day = day;
	e->year = d.year;
	e->kind = (enum cal_sched_kind)kind;
	e->line = lineno;
	e->name_off = *pool_used;
	memcpy(pool + *pool_used, p + i, namelen);
	pool[*pool_used + namelen] = '\0';
	*pool_used += namelen + 1;
	*has = true;
	return 0;
}

int cal_schedule_parse(const char *text, size_t len, struct cal_schedule **out,
		       struct cal_parse_error *err)
{
	int rc = 0;
	if (err) {
		err->line = 0;
		err->message[0] = '\0';
	}
	if (!text && len > 0)
		return fail(err, 0, "no text", CAL_EINVAL);
	struct cal_schedule *s = calloc(1, sizeof *s);
	if (!s)
		return fail(err, 0, "out of memory", CAL_ENOMEM);
	/* Names are copied with a NUL each: never more than the text plus one per line. */
	size_t nlines = 1;
	for (size_t i = 0; i < len; i++)
		nlines += text[i] == '\n';
	s->pool = malloc(len + nlines + 1);
	s->entries = calloc(nlines, sizeof *s->entries);
	if (!s->pool || !s->entries) {
		rc = fail(err, 0, "out of memory", CAL_ENOMEM);
		goto out;
	}
	size_t pool_used = 0;
	size_t pos = 0;
	int lineno = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		lineno++;
		if (memchr(text + pos, '\0', n)) {
			rc = fail(err, lineno, "NUL byte in text", CAL_EINVAL);
			goto out;
		}
		bool has;
		rc = parse_line(text + pos, n, lineno, s->pool, &pool_used, &s->entries[s->n], &has,
				err);
		if (rc < 0)
			goto out;
		if (has)
			s->n++;
		pos += n + 1;
	}
	qsort(s->entries, s->n, sizeof *s->entries, cmp_entry);
	for (size_t i = 1; i < s->n; i++) {
		if (s->entries[i].day == s->entries[i - 1].day) {
			int later = s->entries[i].line > s->entries[i - 1].line
					    ? s->entries[i].line
					    : s->entries[i - 1].line;
			rc = fail(err, later, "date listed twice", CAL_EINVAL);
			goto out;
		}
	}
	for (size_t i = 0; i < s->n; i++)
		s->covers[s->entries[i].year - CAL_MIN_YEAR] = 1;
	s->pool_len = pool_used;
out:
	if (rc < 0) {
		cal_schedule_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void cal_schedule_free(struct cal_schedule *s)
{
	if (!s)
		return;
	free(s->entries);
	free(s->pool);
	free(s);
}

void cal_schedule_years(const struct cal_schedule *s, int *first, int *last)
{
	*first = s->n ? s->entries[0].year : 0;
	*last = s->n ? s->entries[s->n - 1].year : 0;
}
