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
#define JDN_UNIX      2440588
#define SYNODIC_MONTH 29.530588853
/* JD of the new moon k = 0 (1900-01-01 13:52 UT), the origin of k below. */
#define NEW_MOON_EPOCH 2415021.076998695
/* JDNs of 1929-01-01 and 1968-01-01, where the meridian of the calendar changes. */
#define JDN_1929 2425613
#define JDN_1968 2439857
#define CAL_PI	 3.14159265358979323846

/*
 * The meridian the calendar is computed for, in days east of Greenwich.
 * Vietnam's almanacs followed the Chinese calendar until North Vietnam
 * adopted UTC+7 for the lunar calendar from 1968 (Tết Mậu Thân fell on
 * 29 January in the North and 30 January in the South). So: UTC+7 from 1968,
 * UTC+8 from 1929, and before 1929 the local mean time of Beijing (116°25'E,
 * UTC+7:45:40) that the Chinese calendar then used. Only dates before 1968
 * depend on this; every deadline motcua computes is UTC+7.
 */
static double meridian_days(double jd)
{
	if (jd >= JDN_1968)
		return 7.0 / 24.0;
	if (jd >= JDN_1929)
		return 8.0 / 24.0;
	return (7.0 + 45.0 / 60.0 + 40.0 / 3600.0) / 24.0;
}

static double deg_sin(double deg)
{
	return sin(deg * (CAL_PI / 180.0));
}

/* ΔT = TT − UT in days at a JD, by the polynomials of Espenak and Meeus
 * (NASA, "Five Millennium Canon of Solar Eclipses", 2006) for 1900–2200. */
static double delta_t_days(double jd)
{
	double y = 2000.0 + (jd - 2451544.5) / 365.2425;
	double t, s;
	if (y < 1920) {
		t = y - 1900;
		s = -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t -
		    0.000197 * t * t * t * t;
	} else if (y < 1941) {
		t = y - 1920;
		s = 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
	} else if (y < 1961) {
		t = y - 1950;
		s = 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
	} else if (y < 1986) {
		t = y - 1975;
		s = 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
	} else if (y < 2005) {
		t = y - 2000;
		s = 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t +
		    0.000651814 * t * t * t * t + 0.00002373599 * t * t * t * t * t;
	} else if (y < 2050) {
		t = y - 2000;
		s = 62.92 + 0.32217 * t + 0.005589 * t * t;
	} else {
		double u = (y - 1820) / 100;
		s = -20 + 32 * u * u - (y < 2150 ? 0.5628 * (2150 - y) : 0);
	}
	return s / 86400.0;
}

/*
 * JD (UT) of the k-th new moon after the one of 1900-01-01 (k = 0), by the
 * full series of Meeus ch. 49 (periodic terms and the 14 planetary
 * arguments; error of a few seconds), so that a new moon near midnight falls
 * on the same side of it as in the published tables.
 */
static double new_moon_jd(int k1900)
{
	double k = k1900 - 1237; /* Meeus counts from the new moon of 2000-01-06 */
	double t = k / 1236.85;
	double t2 = t * t, t3 = t2 * t, t4 = t3 * t;
	double jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * t2 - 0.000000150 * t3 +
		     0.00000000073 * t4;
	double e = 1 - 0.002516 * t - 0.0000074 * t2;
	double m = 2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3;
	double mp =
		201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4;
	double f =
		160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4;
	double om = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3;
	double c = -0.40720 * deg_sin(mp) + 0.17241 * e * deg_sin(m) + 0.01608 * deg_sin(2 * mp) +
		   0.01039 * deg_sin(2 * f) + 0.00739 * e * deg_sin(mp - m) -
		   0.00514 * e * deg_sin(mp + m) + 0.00208 * e * e * deg_sin(2 * m) -
		   0.00111 * deg_sin(mp - 2 * f) - 0.00057 * deg_sin(mp + 2 * f) +
		   0.00056 * e * deg_sin(2 * mp + m) - 0.00042 * deg_sin(3 * mp) +
		   0.00042 * e * deg_sin(m + 2 * f) + 0.00038 * e * deg_sin(m - 2 * f) -
		   0.00024 * e * deg_sin(2 * mp - m) - 0.00017 * deg_sin(om) -
		   0.00007 * deg_sin(mp + 2 * m) + 0.00004 * deg_sin(2 * mp - 2 * f) +
		   0.00004 * deg_sin(3 * m) + 0.00003 * deg_sin(mp + m - 2 * f) +
		   0.00003 * deg_sin(2 * mp + 2 * f) - 0.00003 * deg_sin(mp + m + 2 * f) +
		   0.00003 * deg_sin(mp - m + 2 * f) - 0.00002 * deg_sin(mp - m - 2 * f) -
		   0.00002 * deg_sin(3 * mp + m) + 0.00002 * deg_sin(4 * mp);
	static const struct {
		double a0, ak, coef;
	} planets[14] = {
		{299.77, 0.107408, 0.000325},  {251.88, 0.016321, 0.000165},
		{251.83, 26.651886, 0.000164}, {349.42, 36.412478, 0.000126},
		{84.66, 18.206239, 0.000110},  {141.74, 53.303771, 0.000062},
		{207.14, 2.453732, 0.000060},  {154.84, 7.306860, 0.000056},
		{34.52, 27.261239, 0.000047},  {207.19, 0.121824, 0.000042},
		{291.34, 1.844379, 0.000040},  {161.72, 24.198154, 0.000037},
		{239.56, 25.513099, 0.000035}, {331.55, 3.592518, 0.000023},
	};
	for (int i = 0; i < 14; i++) {
		double a = planets[i].a0 + planets[i].ak * k - (i == 0 ? 0.009173 * t2 : 0);
		c += planets[i].coef * deg_sin(a);
	}
	jde += c;
	return jde - delta_t_days(jde);
}

/* Local JDN of the day holding new moon k. */
static int new_moon_day(int k)
{
	double jd = new_moon_jd(k);
	return (int)floor(jd + 0.5 + meridian_days(jd));
}

/* Index k of the new moon that starts the lunar month containing day jdn.
 * The mean-motion estimate can be one off near a month boundary: adjust. */
static int month_index(int jdn)
{
	int k = (int)floor((jdn - NEW_MOON_EPOCH) / SYNODIC_MONTH);
	while (new_moon_day(k + 1) <= jdn)
		k++;
	while (new_moon_day(k) > jdn)
		k--;
	return k;
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
	return (int)floor(sun_longitude(jdn - 0.5 - meridian_days(jdn)) / CAL_PI * 6);
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
	int k = month_index(a11);
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
	int month_start = new_moon_day(month_index(jdn));
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
	int k = month_index(a11);
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
	/* The end of lunar year 2199 falls in 2200, outside the supported dates. */
	struct cal_date d = cal_civil_from_days(start + lunar.day - 1 - JDN_UNIX);
	if (d.year > CAL_MAX_YEAR)
		return CAL_ERANGE;
	*out = d;
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
