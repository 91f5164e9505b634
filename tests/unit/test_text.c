/* Text folding, UTF-8 validation and number parsing. */
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "test_helpers.h"

static void test_fold_table(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Cấp giấy phép lao động", "cap giay phep lao dong"},
		{"CẤP GIẤY PHÉP LAO ĐỘNG", "cap giay phep lao dong"},
		{"giay phep lao dong", "giay phep lao dong"},
		{"  Đăng ký   đầu-tư, (mới)  ", "dang ky dau tu moi"},
		{"Ưu đãi ưu tiên Ơn Ờ", "uu dai uu tien on o"},
		{"Quỳnh Ỹ ỵ ý ỳ ỷ", "quynh y y y y y"},
		{"Nguyễn Thị Ánh Tuyết", "nguyen thi anh tuyet"},
		{"1.009645", "1 009645"},
		{"", ""},
		{"---", ""},
		{"Phòng Quản lý Môi trường", "phong quan ly moi truong"},
		{"Müller Ñandú Ça", "muller nandu ca"},
		/* NFD: base letters followed by combining marks */
		{"gia\xcc\x82\xcc\x81y", "giay"},
		{"D\xc6\xb0\xcc\x9b\xcc\x80ng", "dung"},
		/* Non-Latin letters are kept */
		{"Công ty 株式会社", "cong ty 株式会社"},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMENTS(cases); i++) {
		char *f = text_fold_dup(cases[i].in);
		if (strcmp(f, cases[i].out))
			fail_msg("fold(%s) = '%s', want '%s'", cases[i].in, f, cases[i].out);
		free(f);
	}
}

static void test_fold_drops_invalid_bytes(void **state)
{
	(void)state;
	char *f = text_fold_dup("ab\xff\xfe"
				"cd");
	assert_string_equal(f, "abcd");
	free(f);
}

static void test_utf8_valid(void **state)
{
	static const struct {
		const char *s;
		bool ok;
	} cases[] = {
		{"hello", true},
		{"Tiếng Việt", true},
		{"\xe2\x82\xac", true},	    /* € */
		{"\xf0\x9f\x98\x80", true}, /* emoji */
		{"\xff", false},
		{"\xc0\xaf", false},	     /* overlong / */
		{"\xe0\x80\xaf", false},     /* overlong */
		{"\xed\xa0\x80", false},     /* surrogate */
		{"\xf4\x90\x80\x80", false}, /* > U+10FFFF */
		{"\xe2\x82", false},	     /* truncated */
		{"a\x80", false},	     /* lone continuation */
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMENTS(cases); i++)
		if (text_utf8_valid(cases[i].s, strlen(cases[i].s)) != cases[i].ok)
			fail_msg("utf8_valid case %zu", i);
	assert_int_equal(text_utf8_len("Việt"), 4);
}

static void test_parse_i64(void **state)
{
	int64_t v;
	(void)state;
	assert_int_equal(text_parse_i64("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(text_parse_i64("-5", -10, 10, &v), 0);
	assert_int_equal(v, -5);
	assert_int_equal(text_parse_i64("", 0, 100, &v), -1);
	assert_int_equal(text_parse_i64("12a", 0, 100, &v), -1);
	assert_int_equal(text_parse_i64(" 12", 0, 100, &v), -1);
	assert_int_equal(text_parse_i64("101", 0, 100, &v), -1);
	assert_int_equal(text_parse_i64("99999999999999999999", 0, INT64_MAX, &v), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_table),
		cmocka_unit_test(test_fold_drops_invalid_bytes),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_parse_i64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
