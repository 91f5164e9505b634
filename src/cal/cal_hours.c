/*
 * cal_hours.c — office hours of a unit: one or more periods a day, optionally
 * different by season (Hà Nam works 07:00–11:30, 13:30–17:00 in summer and
 * 07:30–12:00, 13:00–16:30 in winter). Layer: cal/ (pure).
 *
 * Hours are checked once when built (periods in order and disjoint, every day
 * of the year in exactly one season) so that the arithmetic never meets an
 * ambiguous day.
 */
#include <stdlib.h>
#include <string.h>

#include "cal/cal_internal.h"

static const struct cal_hours default_hours = {
	.nseasons = 1,
	.season = {{
		.nperiods = 2,
		.start = {(7 * 60 + 30) * 60000, 13 * 60 * 60000},
		.end = {(11 * 60 + 30) * 60000, 17 * 60 * 60000},
		.total = 8 * CAL_MS_PER_HOUR,
		.close = 17 * 60 * 60000,
	}},
};

const struct cal_hours *cal_hours_default(void)
{
	return &default_hours;
}

static int md_key(int month, int day)
{
	return month * 32 + day;
}

static bool md_in(int key, int from, int to)
{
	if (from <= to)
		return key >= from && key <= to;
	return key >= from || key <= to; /* wraps over New Year */
}

int cal_hours_new(const struct cal_season *seasons, size_t nseasons, struct cal_hours **out)
{
	if (!seasons || nseasons == 0 || nseasons > CAL_MAX_SEASONS)
		return CAL_EINVAL;
	struct cal_hours h;
	memset(&h, 0, sizeof h);
	h.nseasons = (int)nseasons;
	for (size_t s = 0; s < nseasons; s++) {
		const struct cal_season *in = &seasons[s];
		struct cal_dayhours *dh = &h.season[s];
		if (in->nperiods == 0 || in->nperiods > CAL_MAX_PERIODS)
			return CAL_EINVAL;
		for (size_t i = 0; i < in->nperiods; i++) {
			const struct cal_period *p = &in->periods[i];
			if (p->start < 0 || p->end > 24 * 60 || p->start >= p->end)
				return CAL_EINVAL;
			if (i > 0 && p->start < in->periods[i - 1].end)
				return CAL_EOVERLAP;
			dh->start[i] = p->start * 60000;
			dh->end[i] = p->end * 60000;
			dh->total += (int64_t)(p->end - p->start) * CAL_MS_PER_MINUTE;
		}
		dh->nperiods = (int)in->nperiods;
		dh->close = dh->end[in->nperiods - 1];
		if (nseasons > 1) {
			struct cal_date f = {2000, in->from_month, in->from_day};
			struct cal_date t = {2000, in->to_month, in->to_day};
			if (!cal_date_valid(f) || !cal_date_valid(t))
				return CAL_EINVAL;
		}
	}
	if (nseasons > 1) {
		/* Every month-day (2000 is a leap year, so 29 Feb too) in exactly one season. */
		memset(h.by_md, 0xff, sizeof h.by_md);
		for (int m = 1; m <= 12; m++) {
			for (int d = 1; d <= cal_month_length(2000, m); d++) {
				int key = md_key(m, d);
				for (size_t s = 0; s < nseasons; s++) {
					const struct cal_season *in = &seasons[s];
					if (!md_in(key, md_key(in->from_month, in->from_day),
						   md_key(in->to_month, in->to_day)))
						continue;
					if (h.by_md[key] != 0xff)
						return CAL_EOVERLAP;
					h.by_md[key] = (uint8_t)s;
				}
				if (h.by_md[key] == 0xff)
					return CAL_EOVERLAP;
			}
		}
	}
	struct cal_hours *copy = malloc(sizeof *copy);
	if (!copy)
		return CAL_ENOMEM;
	*copy = h;
	*out = copy;
	return 0;
}

void cal_hours_free(struct cal_hours *h)
{
	if (h && h != &default_hours)
		free(h);
}

/* Parse exactly `n` digits at *p into *v and advance. */
static bool digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		*v = *v * 10 + (c - '0');
	}
	*p += n;
	return true;
}

/* "HH:MM" (24:00 allowed as an end). */
static bool parse_hhmm(const char **p, int *minutes)
{
	int h, m;
	if (!digits(p, 2, &h) || **p != ':')
		return false;
	(*p)++;
	if (!digits(p, 2, &m) || h > 24 || m > 59 || (h == 24 && m != 0))
		return false;
	*minutes = h * 60 + m;
	return true;
}

/* "HH:MM-HH:MM[,HH:MM-HH:MM]..." up to ';' or end. */
static int parse_periods(const char **p, struct cal_season *s)
{
	s->nperiods = 0;
	for (;;) {
		struct cal_period per;
		if (s->nperiods == CAL_MAX_PERIODS)
			return CAL_EINVAL;
		if (!parse_hhmm(p, &per.start) || **p != '-')
			return CAL_EINVAL;
		(*p)++;
		if (!parse_hhmm(p, &per.end))
			return CAL_EINVAL;
		s->periods[s->nperiods++] = per;
		if (**p != ',')
			return 0;
		(*p)++;
	}
}

int cal_hours_parse(const char *spec, struct cal_hours **out)
{
	struct cal_season seasons[CAL_MAX_SEASONS];
	size_t n = 0;
	if (!spec || !*spec)
		return CAL_EINVAL;
	const char *p = spec;
	for (;;) {
		struct cal_season *s = &seasons[n];
		memset(s, 0, sizeof *s);
		/* A season prefix "MM-DD..MM-DD=" is recognised by the '.' at offset 5. */
		if (strlen(p) > 13 && p[2] == '-' && p[5] == '.') {
			if (!digits(&p, 2, &s->from_month) || *p++ != '-' ||
			    !digits(&p, 2, &s->from_day) || *p++ != '.' || *p++ != '.' ||
			    !digits(&p, 2, &s->to_month) || *p++ != '-' ||
			    !digits(&p, 2, &s->to_day) || *p++ != '=')
				return CAL_EINVAL;
		} else if (n > 0 || strchr(p, ';')) {
			return CAL_EINVAL; /* several seasons: each needs its dates */
		}
		int rc = parse_periods(&p, s);
		if (rc < 0)
			return rc;
		n++;
		if (*p == '\0')
			break;
		if (*p != ';' || n == CAL_MAX_SEASONS)
			return CAL_EINVAL;
		p++;
	}
	if (n == 1 && seasons[0].from_month != 0) {
		/* One dated season must still cover the whole year. */
		if (!(seasons[0].from_month == 1 && seasons[0].from_day == 1 &&
		      seasons[0].to_month == 12 && seasons[0].to_day == 31))
			return CAL_EOVERLAP;
	}
	return cal_hours_new(seasons, n, out);
}
