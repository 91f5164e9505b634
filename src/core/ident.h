/* Identity numbers of citizens and organisations (DOMAIN.md section 15):
 * the 12-digit personal ID number (số định danh cá nhân, printed on the
 * citizen ID card), whose first three digits are the code of the province
 * or city of birth registration (Circular 07/2016/TT-BCA, kept by Circular
 * 59/2021/TT-BCA), and the enterprise tax code (mã số thuế): ten digits
 * whose tenth is a check digit, or thirteen for a branch (the ten of the
 * parent and three more, often written 0101234565-001).
 *
 * Layer: core (pure, no I/O). The province table lives in ident.c and
 * nowhere else.
 */
#ifndef MOTCUA_CORE_IDENT_H
#define MOTCUA_CORE_IDENT_H

#include <stdbool.h>
#include <stddef.h>

/* Why a number was refused (IDENT_OK if it was not). */
enum ident_verdict {
	IDENT_OK = 0,
	IDENT_LENGTH,	/* not 12 (ID) or 10/13 (tax) digits */
	IDENT_DIGITS,	/* something other than the digits 0-9 (or one dash) */
	IDENT_ZEROS,	/* all zeros */
	IDENT_PROVINCE, /* the first three digits are no province code */
	IDENT_CHECK,	/* the tax code's check digit is wrong */
};

/* Checks a personal ID number: exactly 12 ASCII digits, not all zeros, the
 * first three a province code. s may be NULL (IDENT_LENGTH). */
enum ident_verdict ident_id_number_check(const char *s);

/* The province or city ("Hà Nội") whose code starts the ID number s (at
 * least 3 characters), or NULL if there is none. */
const char *ident_province_name(const char *s);

/* Size of a normalised tax code buffer: 13 digits and the NUL. */
#define IDENT_TAX_MAX 14

/* Checks a tax code: 10 digits with a correct check digit, or 13 digits, or
 * 10 digits, a dash and 3 digits (a branch), whose first ten are a correct
 * code. On IDENT_OK and out != NULL, writes the normalised form (the digits
 * without the dash, 10 or 13 of them) to out (IDENT_TAX_MAX bytes). */
enum ident_verdict ident_tax_code_check(const char *s, char out[IDENT_TAX_MAX]);

/* The check digit (0-9) of the first nine digits of d, or 10 if no tenth
 * digit makes a valid code (the weights 31 29 23 19 17 13 7 5 3; check =
 * 10 - sum mod 11). */
int ident_tax_check_digit(const char *d);

/* An English phrase for a refusal, for the detail of a 400 reply. */
const char *ident_verdict_text(enum ident_verdict v, bool tax);

#endif
