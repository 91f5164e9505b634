/* Dossier codes: see dossier_code.h. Layer: core. */
#include "core/dossier_code.h"

#include <stdio.h>
#include <string.h>

#define LOCAL_OFFSET_MS (7 * 3600000LL)
#define DAY_MS		86400000LL

/* Civil date of a day number (Howard Hinnant's algorithm). */
static void civil(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const int64_t doe = z - era * 146097;
	const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t dossier_code_day(int64_t ms)
{
	int y, m, d;
	civil(floor_div(ms + LOCAL_OFFSET_MS, DAY_MS), &y, &m, &d);
	return (int64_t)y * 10000 + m * 100 + d;
}

bool dossier_ident_valid(const char *ident)
{
	size_t n = ident ? strlen(ident) : 0;
	if (n == 0 || n > DOSSIER_IDENT_MAX || ident[0] == '.' || ident[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = ident[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.'))
			return false;
	}
	return true;
}

int dossier_code_format(const char *ident, int64_t ms, int64_t seq, char *out, size_t n)
{
	if (!dossier_ident_valid(ident) || seq < 1)
		return -1;
	int64_t day = dossier_code_day(ms);
	int w = snprintf(out, n, "%s-%02d%02d%02d-%04lld", ident, (int)(day / 10000 % 100),
			 (int)(day / 100 % 100), (int)(day % 100), (long long)seq);
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int dossier_code_parse(const char *code, struct dossier_code_parts *out)
{
	if (!code)
		return -1;
	size_t n = strlen(code);
	if (n > DOSSIER_CODE_MAX)
		return -1;
	/* The identifier may contain dots but not dashes: split at the dashes. */
	const char *d1 = strchr(code, '-');
	if (!d1 || (size_t)(d1 - code) > DOSSIER_IDENT_MAX)
		return -1;
	const char *d2 = strchr(d1 + 1, '-');
	if (!d2 || d2 - d1 != 7 || strchr(d2 + 1, '-'))
		return -1;
	memcpy(out->ident, code, (size_t)(d1 - code));
	out->ident[d1 - code] = 0;
	if (!dossier_ident_valid(out->ident))
		return -1;
	int v[6];
	for (int i = 0; i < 6; i++) {
		char c = d1[1 + i];
		if (c < '0' || c > '9')
			return -1;
		v[i] = c - '0';
	}
	out->year = 2000 + v[0] * 10 + v[1];
	out->month = v[2] * 10 + v[3];
	out->day = v[4] * 10 + v[5];
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (out->month < 1 || out->month > 12 || out->day < 1)
		return -1;
	int maxd = mdays[out->month - 1] + (out->month == 2 && leap(out->year));
	if (out->day > maxd)
		return -1;
	const char *s = d2 + 1;
	size_t sl = strlen(s);
	if (sl < 4 || sl > 18)
		return -1;
	if (sl > 4 && s[0] == '0')
		return -1; /* 5+ digits appear only past 9999 */
	int64_t seq = 0;
	for (size_t i = 0; i < sl; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		seq = seq * 10 + (s[i] - '0');
	}
	if (seq < 1)
		return -1;
	out->seq = seq;
	return 0;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(unsigned char c)
{
	return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

void dossier_code_scan(const void *data, size_t n, const char *const *idents, size_t nidents,
		       dossier_code_scan_cb fn, void *arg)
{
	const unsigned char *p = data;
	/* i is the dash after the identifier: "-YYMMDD-" and a digit follow. */
	for (size_t i = 1; i + 8 < n; i++) {
		if (p[i] != '-' || p[i + 7] != '-' || !is_digit(p[i + 8]))
			continue;
		bool date = true;
		for (size_t k = 1; k <= 6 && date; k++)
			date = is_digit(p[i + k]);
		if (!date)
			continue;
		size_t end = i + 8;
		while (end < n && is_digit(p[end]) && end - (i + 8) <= 18)
			end++;
		if (end < n && is_digit(p[end]))
			continue; /* longer than any sequence */
		size_t best = nidents, best_len = 0;
		for (size_t u = 0; u < nidents; u++) {
			size_t len = strlen(idents[u]);
			if (len == 0 || len > i || len <= best_len ||
			    memcmp(p + i - len, idents[u], len) != 0)
				continue;
			if (i - len > 0 && is_alnum(p[i - len - 1]))
				continue;
			best = u;
			best_len = len;
		}
		if (best == nidents)
			continue;
		char code[DOSSIER_CODE_MAX + 1];
		size_t tail = end - i;
		if (best_len + tail > DOSSIER_CODE_MAX)
			continue;
		memcpy(code, idents[best], best_len);
		memcpy(code + best_len, p + i, tail);
		code[best_len + tail] = 0;
		struct dossier_code_parts parts;
		if (dossier_code_parse(code, &parts) == 0)
			fn(best, &parts, arg);
		i = end - 1;
	}
}
