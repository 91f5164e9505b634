/* Personal ID numbers and tax codes (core/ident.c): a table of numbers and
 * the verdict each must get; the province table; the check digit against
 * codes of real enterprises. */
#include <stdio.h>
#include <string.h>

#include "core/ident.h"
#include "test_helpers.h"

static void id_numbers(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		enum ident_verdict want;
	} cases[] = {
		{"001090012345", IDENT_OK},	  /* Hà Nội */
		{"035190001234", IDENT_OK},	  /* Hà Nam */
		{"079200001234", IDENT_OK},	  /* Hồ Chí Minh */
		{"096999999999", IDENT_OK},	  /* Cà Mau, the last code */
		{"000000000000", IDENT_ZEROS},	  /* the hole of issue 10 */
		{"000000000001", IDENT_PROVINCE}, /* 000 is no province */
		{"003090012345", IDENT_PROVINCE}, /* a gap in the table */
		{"097090012345", IDENT_PROVINCE}, /* past Cà Mau */
		{"100000007919", IDENT_PROVINCE},
		{"999999999999", IDENT_PROVINCE},
		{"00109001234", IDENT_LENGTH},
		{"0010900123456", IDENT_LENGTH},
		{"", IDENT_LENGTH},
		{NULL, IDENT_LENGTH},
		{"00109001234a", IDENT_DIGITS},
		{"001 90012345", IDENT_DIGITS},
		{"-01090012345", IDENT_DIGITS},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum ident_verdict got = ident_id_number_check(cases[i].s);
		if (got != cases[i].want)
			fail_msg("%s: got %d, want %d", cases[i].s ? cases[i].s : "(null)", got,
				 cases[i].want);
	}
}

static void provinces(void **state)
{
	(void)state;
	assert_string_equal(ident_province_name("001"), "Hà Nội");
	assert_string_equal(ident_province_name("035190001234"), "Hà Nam");
	assert_string_equal(ident_province_name("079"), "Hồ Chí Minh");
	assert_string_equal(ident_province_name("096"), "Cà Mau");
	assert_null(ident_province_name("000"));
	assert_null(ident_province_name("003"));
	assert_null(ident_province_name("01"));
	assert_null(ident_province_name(NULL));
	/* 63 codes between 001 and 096. */
	int n = 0;
	char c[4];
	for (int i = 0; i < 1000; i++) {
		snprintf(c, sizeof c, "%03d", i);
		n += ident_province_name(c) != NULL;
	}
	assert_int_equal(n, 63);
}

static void tax_codes(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		enum ident_verdict want;
		const char *norm;
	} cases[] = {
		{"0100109106", IDENT_OK, "0100109106"}, /* Viettel */
		{"0100100079", IDENT_OK, "0100100079"},
		{"0101243150", IDENT_OK, "0101243150"}, /* check digit 0 */
		{"0101234565", IDENT_OK, "0101234565"},
		{"0101243150001", IDENT_OK, "0101243150001"},
		{"0101243150-001", IDENT_OK, "0101243150001"},
		{"0101234567", IDENT_CHECK, NULL}, /* 10 - 192 mod 11 = 5 */
		{"0101234567-001", IDENT_CHECK, NULL},
		{"0109999999", IDENT_CHECK, NULL}, /* sum mod 11 = 0: no digit fits */
		{"0109999990", IDENT_CHECK, NULL},
		{"0000000000", IDENT_ZEROS, NULL},
		{"0000000000001", IDENT_ZEROS, NULL},
		{"010123456", IDENT_LENGTH, NULL},
		{"01012345678", IDENT_LENGTH, NULL},
		{"010123456700", IDENT_LENGTH, NULL},
		{"0101243150-01", IDENT_DIGITS, NULL},
		{"", IDENT_LENGTH, NULL},
		{NULL, IDENT_LENGTH, NULL},
		{"01012345AB", IDENT_DIGITS, NULL},
		{"0101243150_001", IDENT_DIGITS, NULL},
		{"0101243150-0a1", IDENT_DIGITS, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[IDENT_TAX_MAX] = "";
		enum ident_verdict got = ident_tax_code_check(cases[i].s, out);
		if (got != cases[i].want)
			fail_msg("%s: got %d, want %d", cases[i].s ? cases[i].s : "(null)", got,
				 cases[i].want);
		if (cases[i].norm)
			assert_string_equal(out, cases[i].norm);
	}
	assert_int_equal(ident_tax_check_digit("010123456"), 5);
	assert_int_equal(ident_tax_check_digit("010999999"), 10);
	assert_int_equal(ident_tax_check_digit("010124315"), 0);
}

static void texts(void **state)
{
	(void)state;
	assert_non_null(strstr(ident_verdict_text(IDENT_PROVINCE, false), "province"));
	assert_non_null(strstr(ident_verdict_text(IDENT_CHECK, true), "check digit"));
	assert_non_null(strstr(ident_verdict_text(IDENT_ZEROS, false), "zeros"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(id_numbers),
		cmocka_unit_test(provinces),
		cmocka_unit_test(tax_codes),
		cmocka_unit_test(texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
