/* Personal ID numbers and tax codes (see ident.h): the table of province
 * codes and the check digit. Layer: core (pure). */
#include "core/ident.h"

#include <string.h>

/* The province and city codes that begin a personal ID number (Circular
 * 07/2016/TT-BCA, annex; unchanged by Circular 59/2021/TT-BCA): the 63
 * provinces and centrally-run cities as they were when the codes were
 * allotted. Cards issued since keep these codes, so the 2025 merger of
 * provinces changes nothing here. Sorted by code. */
static const struct province {
	char code[4];
	const char *name;
} provinces[] = {
	{"001", "Hà Nội"},
	{"002", "Hà Giang"},
	{"004", "Cao Bằng"},
	{"006", "Bắc Kạn"},
	{"008", "Tuyên Quang"},
	{"010", "Lào Cai"},
	{"011", "Điện Biên"},
	{"012", "Lai Châu"},
	{"014", "Sơn La"},
	{"015", "Yên Bái"},
	{"017", "Hòa Bình"},
	{"019", "Thái Nguyên"},
	{"020", "Lạng Sơn"},
	{"022", "Quảng Ninh"},
	{"024", "Bắc Giang"},
	{"025", "Phú Thọ"},
	{"026", "Vĩnh Phúc"},
	{"027", "Bắc Ninh"},
	{"030", "Hải Dương"},
	{"031", "Hải Phòng"},
	{"033", "Hưng Yên"},
	{"034", "Thái Bình"},
	{"035", "Hà Nam"},
	{"036", "Nam Định"},
	{"037", "Ninh Bình"},
	{"038", "Thanh Hóa"},
	{"040", "Nghệ An"},
	{"042", "Hà Tĩnh"},
	{"044", "Quảng Bình"},
	{"045", "Quảng Trị"},
	{"046", "Thừa Thiên Huế"},
	{"048", "Đà Nẵng"},
	{"049", "Quảng Nam"},
	{"051", "Quảng Ngãi"},
	{"052", "Bình Định"},
	{"054", "Phú Yên"},
	{"056", "Khánh Hòa"},
	{"058", "Ninh Thuận"},
	{"060", "Bình Thuận"},
	{"062", "Kon Tum"},
	{"064", "Gia Lai"},
	{"066", "Đắk Lắk"},
	{"067", "Đắk Nông"},
	{"068", "Lâm Đồng"},
	{"070", "Bình Phước"},
	{"072", "Tây Ninh"},
	{"074", "Bình Dương"},
	{"075", "Đồng Nai"},
	{"077", "Bà Rịa - Vũng Tàu"},
	{"079", "Hồ Chí Minh"},
	{"080", "Long An"},
	{"082", "Tiền Giang"},
	{"083", "Bến Tre"},
	{"084", "Trà Vinh"},
	{"086", "Vĩnh Long"},
	{"087", "Đồng Tháp"},
	{"089", "An Giang"},
	{"091", "Kiên Giang"},
	{"092", "Cần Thơ"},
	{"093", "Hậu Giang"},
	{"094", "Sóc Trăng"},
	{"095", "Bạc Liêu"},
	{"096", "Cà Mau"},
};

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

const char *ident_province_name(const char *s)
{
	if (!s || strlen(s) < 3)
		return NULL;
	for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
		if (!memcmp(provinces[i].code, s, 3))
			return provinces[i].name;
	return NULL;
}

enum ident_verdict ident_id_number_check(const char *s)
{
	if (!s || strlen(s) != 12)
		return IDENT_LENGTH;
	if (!digits(s, 12))
		return IDENT_DIGITS;
	if (strspn(s, "0") == 12)
		return IDENT_ZEROS;
	if (!ident_province_name(s))
		return IDENT_PROVINCE;
	return IDENT_OK;
}

int ident_tax_check_digit(const char *d)
{
	static const int w[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += (d[i] - '0') * w[i];
	return 10 - sum % 11;
}

enum ident_verdict ident_tax_code_check(const char *s, char out[IDENT_TAX_MAX])
{
	if (!s)
		return IDENT_LENGTH;
	size_t n = strlen(s);
	char d[IDENT_TAX_MAX];
	if (n == 10 || n == 13) {
		if (!digits(s, n))
			return IDENT_DIGITS;
		memcpy(d, s, n);
	} else if (n == 14 && s[10] == '-') {
		if (!digits(s, 10) || !digits(s + 11, 3))
			return IDENT_DIGITS;
		memcpy(d, s, 10);
		memcpy(d + 10, s + 11, 3);
		n = 13;
	} else {
		return strspn(s, "0123456789-") == n ? IDENT_LENGTH : IDENT_DIGITS;
	}
	d[n] = 0;
	if (strspn(d, "0") >= 10)
		return IDENT_ZEROS;
	if (ident_tax_check_digit(d) != d[9] - '0')
		return IDENT_CHECK;
	if (out)
		memcpy(out, d, n + 1);
	return IDENT_OK;
}

const char *ident_verdict_text(enum ident_verdict v, bool tax)
{
	switch (v) {
	case IDENT_OK:
		return "valid";
	case IDENT_LENGTH:
		return tax ? "10 digits, or 13 for a branch (0101234565-001)"
			   : "12 digits (personal ID number)";
	case IDENT_DIGITS:
		return tax ? "digits only (and one dash before a branch's 3 digits)"
			   : "12 digits (personal ID number)";
	case IDENT_ZEROS:
		return "not all zeros";
	case IDENT_PROVINCE:
		return "the first 3 digits are not a province code (Circular 07/2016/TT-BCA)";
	case IDENT_CHECK:
		return "the check digit (10th) is wrong";
	}
	return "invalid";
}
