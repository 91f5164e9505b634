/* Dossier codes (DOMAIN.md section 4): `<unit identifier>-<YYMMDD>-<NNNN>`,
 * the receiving unit's electronic identifier, the local date of receipt and
 * a sequence per receiving unit per local day starting at 0001. Past 9999 in
 * one day the sequence widens to five digits (motcua), and so on.
 *
 * Layer: core (pure). The sequence itself is allocated atomically by the
 * repository (a counter row updated inside the receipt's transaction).
 */
#ifndef MOTCUA_CORE_DOSSIER_CODE_H
#define MOTCUA_CORE_DOSSIER_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest unit identifier accepted, and the longest code. */
#define DOSSIER_IDENT_MAX 40
#define DOSSIER_CODE_MAX  (DOSSIER_IDENT_MAX + 1 + 6 + 1 + 19 + 1)

/* The local (UTC+7) day key YYYYMMDD of an instant, used as the counter's
 * key together with the unit. */
int64_t dossier_code_day(int64_t ms);

/* True if ident is a usable unit identifier: 1..DOSSIER_IDENT_MAX of
 * A-Z a-z 0-9 and '.', not starting or ending with '.'. */
bool dossier_ident_valid(const char *ident);

/* Writes the code of sequence seq (>= 1) received at instant ms by the unit
 * ident. Returns 0, or -1 if ident is not valid, seq < 1, or out (n bytes)
 * is too small. */
int dossier_code_format(const char *ident, int64_t ms, int64_t seq, char *out, size_t n);

struct dossier_code_parts {
	char ident[DOSSIER_IDENT_MAX + 1];
	int year, month, day; /* year is 2000 + YY */
	int64_t seq;
};

/* Parses and checks a code (a real date, at least four digits of sequence,
 * no leading zeros beyond the four-digit width). Returns 0 or -1. */
int dossier_code_parse(const char *code, struct dossier_code_parts *out);

/* Finds the dossier codes of known units in any bytes (text, a PDF, a
 * scan), for `motcua restore`, which must learn which codes were handed
 * out. A code counts where one of idents (nidents unit identifiers) stands
 * right before -YYMMDD-NNNN, not glued to a letter or digit before it or a
 * digit after it, and dossier_code_parse() accepts it; the longest
 * identifier that fits wins. fn gets the index of the unit in idents and
 * the parsed code, once per occurrence. Never reads past n. */
typedef void (*dossier_code_scan_cb)(size_t unit, const struct dossier_code_parts *code, void *arg);
void dossier_code_scan(const void *data, size_t n, const char *const *idents, size_t nidents,
		       dossier_code_scan_cb fn, void *arg);

#endif
