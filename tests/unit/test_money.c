/* Amounts in figures and in Vietnamese words (core/money.c), as e-receipts
 * print them: a table of amounts and the text each must give, the edges
 * (0, INT64_MAX, negative) and buffers too small. */
#include <stdint.h>
#include <string.h>

#include "core/money.h"
#include "test_helpers.h"

static void figures(void **state)
{
	(void)state;
	static const struct {
		int64_t v;
		const char *want;
	} cases[] = {
		{0, "0"},
		{5, "5"},
		{999, "999"},
		{1000, "1.000"},
		{600000, "600.000"},
		{15000000, "15.000.000"},
		{1234567890, "1.234.567.890"},
		{-1500, "-1.500"},
		{INT64_MAX, "9.223.372.036.854.775.807"},
		{INT64_MIN, "-9.223.372.036.854.775.808"},
	};
	char out[MONEY_FIGURES_MAX];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int n = money_figures(cases[i].v, out, sizeof out);
		assert_string_equal(out, cases[i].want);
		assert_int_equal(n, (int)strlen(cases[i].want));
	}
	char small[4];
	assert_int_equal(money_figures(600000, small, sizeof small), -1);
	assert_string_equal(small, "");
}

static void words(void **state)
{
	(void)state;
	static const struct {
		int64_t v;
		const char *want;
	} cases[] = {
		{0, "Không đồng"},
		{1, "Một đồng"},
		{5, "Năm đồng"},
		{10, "Mười đồng"},
		{11, "Mười một đồng"},
		{14, "Mười bốn đồng"},
		{15, "Mười lăm đồng"},
		{20, "Hai mươi đồng"},
		{21, "Hai mươi mốt đồng"},
		{25, "Hai mươi lăm đồng"},
		{100, "Một trăm đồng"},
		{105, "Một trăm linh năm đồng"},
		{110, "Một trăm mười đồng"},
		{115, "Một trăm mười lăm đồng"},
		{1000, "Một nghìn đồng"},
		{1005, "Một nghìn không trăm linh năm đồng"},
		{1050, "Một nghìn không trăm năm mươi đồng"},
		{150000, "Một trăm năm mươi nghìn đồng"},
		{450000, "Bốn trăm năm mươi nghìn đồng"},
		{600000, "Sáu trăm nghìn đồng"},
		{1500000, "Một triệu năm trăm nghìn đồng"},
		{3000000, "Ba triệu đồng"},
		{15000000, "Mười lăm triệu đồng"},
		{1000500, "Một triệu năm trăm đồng"},
		{1050000, "Một triệu không trăm năm mươi nghìn đồng"},
		{21031000, "Hai mươi mốt triệu không trăm ba mươi mốt nghìn đồng"},
		{1000000000, "Một tỷ đồng"},
		{1000000005, "Một tỷ không trăm linh năm đồng"},
		{2500000000, "Hai tỷ năm trăm triệu đồng"},
		{1000000000000, "Một nghìn tỷ đồng"},
		{INT64_MAX,
		 "Chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không trăm "
		 "ba mươi sáu tỷ tám trăm năm mươi bốn triệu bảy trăm bảy mươi lăm nghìn tám "
		 "trăm linh bảy đồng"},
	};
	char out[MONEY_WORDS_MAX];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int n = money_words_vi(cases[i].v, out, sizeof out);
		if (strcmp(out, cases[i].want))
			fail_msg("%lld: got \"%s\", want \"%s\"", (long long)cases[i].v, out,
				 cases[i].want);
		assert_int_equal(n, (int)strlen(cases[i].want));
	}
}

static void words_refused(void **state)
{
	(void)state;
	char out[MONEY_WORDS_MAX];
	assert_int_equal(money_words_vi(-1, out, sizeof out), -1);
	assert_string_equal(out, "");
	char small[12];
	assert_int_equal(money_words_vi(600000, small, sizeof small), -1);
	assert_string_equal(small, "");
	assert_int_equal(money_words_vi(600000, NULL, 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(figures),
		cmocka_unit_test(words),
		cmocka_unit_test(words_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
