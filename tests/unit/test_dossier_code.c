/* Dossier codes (DOMAIN.md section 4): format, local date, widening past
 * 9999, parsing and the refusal of malformed codes; finding the codes of
 * known units in any bytes (restore). */
#include <stdio.h>
#include <string.h>

#include "core/dossier_code.h"
#include "test_helpers.h"

/* 2021-05-31 08:00 local = 01:00 UTC. */
#define T_2021_05_31_0800 1622422800000LL
#define HOUR		  3600000LL

static void format_example(void **state)
{
	(void)state;
	char out[DOSSIER_CODE_MAX + 1];
	assert_int_equal(
		dossier_code_format("000.17.22.H56", T_2021_05_31_0800, 1, out, sizeof out), 0);
	assert_string_equal(out, "000.17.22.H56-210531-0001");
	assert_int_equal(
		dossier_code_format("000.17.22.H56", T_2021_05_31_0800, 9999, out, sizeof out), 0);
	assert_string_equal(out, "000.17.22.H56-210531-9999");
	assert_int_equal(
		dossier_code_format("000.17.22.H56", T_2021_05_31_0800, 10000, out, sizeof out), 0);
	assert_string_equal(out, "000.17.22.H56-210531-10000");
	assert_int_equal(dossier_code_format("X", T_2021_05_31_0800, 123456, out, sizeof out), 0);
	assert_string_equal(out, "X-210531-123456");
}

/* The date is the local (UTC+7) date, not the UTC one. */
static void local_date(void **state)
{
	(void)state;
	char out[64];
	/* 2021-05-31 23:30 local is still 31 May locally (16:30 UTC). */
	assert_int_equal(dossier_code_format("U", T_2021_05_31_0800 + 15 * HOUR + 30 * 60000, 7,
					     out, sizeof out),
			 0);
	assert_string_equal(out, "U-210531-0007");
	/* 2021-06-01 00:10 local is 31 May 17:10 UTC: the code says 1 June. */
	assert_int_equal(dossier_code_format("U", T_2021_05_31_0800 + 16 * HOUR + 10 * 60000, 7,
					     out, sizeof out),
			 0);
	assert_string_equal(out, "U-210601-0007");
	assert_int_equal(dossier_code_day(T_2021_05_31_0800 + 16 * HOUR + 10 * 60000), 20210601);
	assert_int_equal(dossier_code_day(T_2021_05_31_0800 + 16 * HOUR - 1), 20210531);
	/* New Year's Eve across the year boundary. */
	assert_int_equal(dossier_code_day(1767200400000LL), 20260101); /* 2025-12-31 17:00Z */
}

static void refused_inputs(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(dossier_code_format("", T_2021_05_31_0800, 1, out, sizeof out), -1);
	assert_int_equal(dossier_code_format("A-B", T_2021_05_31_0800, 1, out, sizeof out), -1);
	assert_int_equal(dossier_code_format(".A", T_2021_05_31_0800, 1, out, sizeof out), -1);
	assert_int_equal(dossier_code_format("A.", T_2021_05_31_0800, 1, out, sizeof out), -1);
	assert_int_equal(dossier_code_format("A B", T_2021_05_31_0800, 1, out, sizeof out), -1);
	assert_int_equal(dossier_code_format("A", T_2021_05_31_0800, 0, out, sizeof out), -1);
	assert_int_equal(dossier_code_format("A", T_2021_05_31_0800, -3, out, sizeof out), -1);
	assert_int_equal(dossier_code_format("000.17.22.H56", T_2021_05_31_0800, 1, out, 10), -1);
	char id[DOSSIER_IDENT_MAX + 2];
	memset(id, 'A', sizeof id - 1);
	id[sizeof id - 1] = 0;
	assert_false(dossier_ident_valid(id));
	id[DOSSIER_IDENT_MAX] = 0;
	assert_true(dossier_ident_valid(id));
}

static void parse_round_trip(void **state)
{
	(void)state;
	const int64_t seqs[] = {1, 42, 9999, 10000, 99999, 100000};
	for (size_t i = 0; i < N_ELEMENTS(seqs); i++) {
		char out[64];
		struct dossier_code_parts p;
		assert_int_equal(dossier_code_format("000.17.22.H56", T_2021_05_31_0800, seqs[i],
						     out, sizeof out),
				 0);
		assert_int_equal(dossier_code_parse(out, &p), 0);
		assert_string_equal(p.ident, "000.17.22.H56");
		assert_int_equal(p.year, 2021);
		assert_int_equal(p.month, 5);
		assert_int_equal(p.day, 31);
		assert_int_equal(p.seq, seqs[i]);
	}
}

static void parse_refuses(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"000.17.22.H56",
		"000.17.22.H56-210531",
		"000.17.22.H56-210531-",
		"000.17.22.H56-210531-001",   /* three digits */
		"000.17.22.H56-210531-0000",  /* zero */
		"000.17.22.H56-210531-01234", /* padded five */
		"000.17.22.H56-210532-0001",  /* 32 May */
		"000.17.22.H56-210229-0001",  /* 2021 is not leap */
		"000.17.22.H56-211301-0001",
		"000.17.22.H56-2105310-0001",
		"000.17.22.H56-21053a-0001",
		"000.17.22.H56-210531-00x1",
		"000.17.22.H56-210531-0001-2",
		"-210531-0001",
		"../etc-210531-0001",
		"A B-210531-0001",
		"000.17.22.H56-210531-99999999999999999999",
	};
	for (size_t i = 0; i < N_ELEMENTS(bad); i++) {
		struct dossier_code_parts p;
		if (dossier_code_parse(bad[i], &p) != -1)
			fail_msg("accepted %s", bad[i]);
	}
	struct dossier_code_parts p;
	assert_int_equal(dossier_code_parse("U-240229-0001", &p), 0); /* 2024 is leap */
	assert_int_equal(dossier_code_parse(NULL, &p), -1);
}

struct found {
	char got[8][64];
	int n;
};

static void collect(size_t unit, const struct dossier_code_parts *c, void *arg)
{
	struct found *f = arg;
	if (f->n < 8)
		snprintf(f->got[f->n++], 64, "%zu:%s-%04d%02d%02d-%lld", unit, c->ident, c->year,
			 c->month, c->day, (long long)c->seq);
}

static void scan_finds_codes_of_known_units(void **state)
{
	(void)state;
	const char *idents[] = {"H42", "000.00.01.H42", "X"};
	/* In text, in binary, at both ends, the longest identifier, five digits. */
	static const char data[] =
		"H42-261206-0007 (so 000.00.01.H42-261206-0003)\0\xff"
		"X-261206-12345,H42-261232-0001 AH42-261206-0009 "
		"H42-261206-0001234567890123456789 Q-261206-0001 H42-261206-0002";
	struct found f = {0};
	dossier_code_scan(data, sizeof data - 1, idents, 3, collect, &f);
	assert_int_equal(f.n, 4);
	assert_string_equal(f.got[0], "0:H42-20261206-7");
	assert_string_equal(f.got[1], "1:000.00.01.H42-20261206-3");
	assert_string_equal(f.got[2], "2:X-20261206-12345");
	assert_string_equal(f.got[3], "0:H42-20261206-2");
	/* Cut short: nothing read past n. */
	f.n = 0;
	dossier_code_scan(data, 12, idents, 3, collect, &f);
	assert_int_equal(f.n, 0);
	dossier_code_scan("", 0, idents, 3, collect, &f);
	dossier_code_scan(data, sizeof data - 1, idents, 0, collect, &f);
	assert_int_equal(f.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_example), cmocka_unit_test(local_date),
		cmocka_unit_test(refused_inputs), cmocka_unit_test(parse_round_trip),
		cmocka_unit_test(parse_refuses),  cmocka_unit_test(scan_finds_codes_of_known_units),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
