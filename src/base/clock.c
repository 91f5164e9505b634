/* Injected clock and civil-date arithmetic: see clock.h. Layer: base.
 * The civil-date algorithms are Howard Hinnant's well-known formulas, written
 * here so that no banned libc time function (gmtime, localtime) is needed. */
#include "base/clock.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static _Atomic int64_t fixed_ms;
static _Atomic int64_t offset_ms;

int64_t clock_now_ms(void)
{
	int64_t f = atomic_load(&fixed_ms);
	if (f)
		return f;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + atomic_load(&offset_ms);
}

int64_t clock_mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void clock_set_fixed(int64_t ms)
{
	atomic_store(&fixed_ms, ms);
}

void clock_set_offset(int64_t ms)
{
	atomic_store(&offset_ms, ms);
}

int64_t clock_days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void clock_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400) + (*m <= 2);
}

static void split(int64_t ms, int64_t *days, int *h, int *mi, int *s, int *msec)
{
	int64_t sec = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
	int64_t rem_ms = ms - sec * 1000;
	int64_t d = sec >= 0 ? sec / 86400 : (sec - 86399) / 86400;
	int64_t rs = sec - d * 86400;
	*days = d;
	*h = (int)(rs / 3600);
	*mi = (int)(rs % 3600 / 60);
	*s = (int)(rs % 60);
	*msec = (int)rem_ms;
}

void clock_format_utc(int64_t ms, char *out, size_t n)
{
	int64_t days;
	int h, mi, s, msec, y;
	unsigned mo, d;
	split(ms, &days, &h, &mi, &s, &msec);
	clock_civil_from_days(days, &y, &mo, &d);
	snprintf(out, n, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, mo, d, h, mi, s, msec);
}

static void two(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

void clock_format_local(int64_t ms, char *out, size_t n)
{
	/* Written by hand, not with snprintf: a dossier reply carries a few
	 * dozen of these, and the receipt is the desk's hot path. */
	int64_t days;
	int h, mi, s, msec, y;
	unsigned mo, d;
	if (n < CLOCK_LOCAL_LEN + 1) {
		if (n)
			*out = 0;
		return;
	}
	split(ms + 7 * 3600 * 1000LL, &days, &h, &mi, &s, &msec);
	clock_civil_from_days(days, &y, &mo, &d);
	memcpy(out, "0000-00-00T00:00:00+07:00", CLOCK_LOCAL_LEN + 1);
	two(out, y / 100);
	two(out + 2, y % 100);
	two(out + 5, (int)mo);
	two(out + 8, (int)d);
	two(out + 11, h);
	two(out + 14, mi);
	two(out + 17, s);
}

int clock_parse_date(const char *s, int64_t *ms)
{
	int y, m, d;
	char tail;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return -1;
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
		return -1;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return -1;
	*ms = clock_days_from_civil(y, (unsigned)m, (unsigned)d) * 86400000LL - 7 * 3600 * 1000LL;
	return 0;
}

void clock_format_date_local(int64_t ms, char *out, size_t n)
{
	int64_t days;
	int h, mi, s, msec, y;
	unsigned mo, d;
	split(ms + 7 * 3600 * 1000LL, &days, &h, &mi, &s, &msec);
	clock_civil_from_days(days, &y, &mo, &d);
	snprintf(out, n, "%04d-%02u-%02u", y, mo, d);
}
