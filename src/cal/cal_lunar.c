/*
 * cal_lunar.c — the Vietnamese lunar calendar (âm lịch) computed, not looked
 * up. Layer: cal/ (pure; uses libm).
 *
 * Rules (as in the calendar published by Hồ Ngọc Đức, which Vietnamese
 * almanacs follow): a month starts on the local day (UTC+7) of an astronomical
 * new moon; the 11th month is the one containing the winter solstice; when
 * there are 13 new moons between two 11th months, the first month after the
 * 11th with no major solar term (trung khí) is the leap month and repeats the
 * number of the month before it. Computing for UTC+7 instead of China's
 * UTC+8 is why Tết sometimes falls on another day (1985, 2007, 2030).
 *
 * New moon times and the sun's longitude use the short series of Jean Meeus,
 * "Astronomical Algorithms" (2nd ed., 1998), chapters 25 and 49; their error
 * (minutes) is far below what moves a day boundary except in rare cases, and
 * the unit tests check every month 1900–2100 against the published tables.
 */
#include <math.h>

#include "cal/cal_internal.h"

/* Julian Day Number of day number 0 (1970-01-01). */
#define JDN_UNIX 2440588
#define SYNODIC_MONTH 29.530588853
/* JD of the new moon k = 0 (1900-01-01 13:52 UT), the origin of k below. */
#define NEW_MOON_EPOCH 2415021.076998695
#define TZ_DAYS (7.0 / 24.0)
#define CAL_PI 3.14159265358979323846

static double deg_sin(double deg)
{
	return sin(deg * (CAL_PI / 180.0));
}

/* JD (UT) of the k-th new moon after 1900-01-01. */
static double new_moon_jd(int k)
{
	double t = k / 1236.85; /* Julian centuries from 1900 */
	double t2 = t * t, t3 = t2 * t;
	double jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3 +
		    0.00033 * deg_sin(166.56 + 132.87 * t - 0.009173 * t2);
	double m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3; /* sun anomaly */
	double mp = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3; /* moon anomaly */
	double f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3; /* moon latitude arg */
	double c = (0.1734 - 0.000393 * t) * deg_sin(m) + 0.0021 * deg_sin(2 * m) -
		   0.4068 * deg_sin(mp) + 0.0161 * deg_sin(2 * mp) - 0.0004 * deg_sin(3 * mp) +
		   0.0104 * deg_sin(2 * f) - 0.0051 * deg_sin(m + mp) - 0.0074 * deg_sin(m - mp) +
		   0.0004 * deg_sin(2 * f + m) - 0.0004 * deg_sin(2 * f - m) -
		   0.0006 * deg_sin(2 * f + mp) + 0.0010 * deg_sin(2 * f - mp) +
		   0.0005 * deg_sin(2 * mp + m);
	/* Dynamical minus universal time, in days. */
	double dt;
	if (t < -11)
		dt = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3;
	else
		dt = -0.000278 + 0.000265 * t + 0.000262 * t2;
	return jd + c - dt;
}

/* Local JDN of the day holding new moon k. */
static int new_moon_day(int k)
{
	return (int)floor(new_moon_jd(k) + 0.5 + TZ_DAYS);
}

/* Apparent longitude of the sun at a JD, radians in [0, 2π). */
static double sun_longitude(double jd)
{
	double t = (jd - 2451545.0) / 36525.0; /* centuries from J2000 */
	double t2 = t * t;
	double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
	double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
	double c = (1.914600 - 0.004817 * t - 0.000014 * t2) * deg_sin(m) +
		   (0.019993 - 0.000101 * t) * deg_sin(2 * m) + 0.000290 * deg_sin(3 * m);
	double l = (l0 + c) * (CAL_PI / 180.0);
	l -= 2 * CAL_PI * floor(l / (2 * CAL_PI));
	return l;
}

/* Major-term sector (0..11, 30° each, 0 from the March equinox) at local
 * midnight starting the day with this JDN. */
static int sun_sector(int jdn)
{
	return (int)floor(sun_longitude(jdn - 0.5 - TZ_DAYS) / CAL_PI * 6);
}

/* JDN of the first day of the 11th lunar month that contains the winter
 * solstice of Gregorian year y. */
static int month11_start(int y)
{
	struct cal_date dec31 = {y, 12, 31};
	int off = (int)(cal_days_from_civil(dec31) + JDN_UNIX) - 2415021;
	int k = (int)floor(off / SYNODIC_MONTH);
	int nm = new_moon_day(k);
	if (sun_sector(nm) >= 9) /* the solstice is not passed yet: previous moon */
		nm = new_moon_day(k - 1);
	return nm;
}

/* In a 13-month year starting with the 11th month at a11, the offset (1..13)
 * of the first month without a major term: the leap month. */
static int leap_month_offset(int a11)
{
	int k = (int)floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
	int i = 1;
	int arc = sun_sector(new_moon_day(k + i));
	int last;
	do {
		last = arc;
		i++;
		arc = sun_sector(new_moon_day(k + i));
	} while (arc != last && i < 14);
	return i - 1;
}

int cal_solar_to_lunar(struct cal_date solar, struct cal_lunar *out)
{
	if (!cal_date_valid(solar))
		return CAL_EINVAL;
	if (solar.year < CAL_MIN_YEAR || solar.year > CAL_MAX_YEAR)
		return CAL_ERANGE;
	int jdn = (int)(cal_days_from_civil(solar) + JDN_UNIX);
	int k = (int)floor((jdn - NEW_MOON_EPOCH) / SYNODIC_MONTH);
	int month_start = new_moon_day(k + 1);
	if (month_start > jdn)
		month_start = new_moon_day(k);
	int a11 = month11_start(solar.year);
	int b11;
	int lyear;
	if (a11 >= month_start) {
		lyear = solar.year;
		b11 = a11;
		a11 = month11_start(solar.year - 1);
	} else {
		lyear = solar.year + 1;
		b11 = month11_start(solar.year + 1);
	}
	int diff = (month_start - a11) / 29; /* months since the 11th */
	struct cal_lunar l = {0, diff + 11, jdn - month_start + 1, false};
	if (b11 - a11 > 365) {
		int leap_diff = leap_month_offset(a11);
		if (diff >= leap_diff) {
			l.month = diff + 10;
			l.leap = diff == leap_diff;
		}
	}
	if (l.month > 12)
		l.month -= 12;
	if (l.month >= 11 && diff < 4)
		lyear--;
	l.year = lyear;
	*out = l;
	return 0;
}

/* JDN of the first day of lunar month (year, month, leap), or an error. */
static int lunar_month_start(int year, int month, bool leap, int *jdn)
{
	int a11, b11;
	if (month < 11) {
		a11 = month11_start(year - 1);
		b11 = month11_start(year);
	} else {
		a11 = month11_start(year);
		b11 = month11_start(year + 1);
	}
	int k = (int)floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
	int off = month - 11;
	if (off < 0)
		off += 12;
	if (b11 - a11 > 365) {
		int leap_off = leap_month_offset(a11);
		int leap_month = leap_off - 2;
		if (leap_month < 0)
			leap_month += 12;
		if (leap && month != leap_month)
			return CAL_ENOENT;
		if (leap || off >= leap_off)
			off++;
	} else if (leap) {
		return CAL_ENOENT;
	}
	*jdn = new_moon_day(k + off);
	return 0;
}

int cal_lunar_to_solar(struct cal_lunar lunar, struct cal_date *out)
{
	if (lunar.month < 1 || lunar.month > 12 || lunar.day < 1 || lunar.day > 30)
		return CAL_EINVAL;
	if (lunar.year < CAL_MIN_YEAR || lunar.year > CAL_MAX_YEAR)
		return CAL_ERANGE;
	int start;
	int rc = lunar_month_start(lunar.year, lunar.month, lunar.leap, &start);
	if (rc < 0)
		return rc;
	if (lunar.day == 30) {
		/* Does the month have 30 days? The next month starts 29 or 30 days later. */
		struct cal_lunar check;
		struct cal_date d29 = cal_civil_from_days(start + 29 - JDN_UNIX);
		if (d29.year > CAL_MAX_YEAR)
			return CAL_ERANGE;
		rc = cal_solar_to_lunar(d29, &check);
		if (rc < 0)
			return rc;
		if (check.day != 30)
			return CAL_ENOENT;
	}
	*out = cal_civil_from_days(start + lunar.day - 1 - JDN_UNIX);
	return 0;
}

int64_t cal_lunar_new_year_day(int year)
{
	int start = 0;
	/* Month 1 is never leap, so this cannot fail for years in range. */
	if (lunar_month_start(year, 1, false, &start) < 0)
		return 0;
	return start - JDN_UNIX;
}
