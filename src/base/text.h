/* Text helpers that both backends and every layer share: UTF-8 validation,
 * Vietnamese folding for search, and strict number parsing.
 *
 * Layer: base. Pure functions, thread-safe.
 *
 * Folding maps text to a search key: lower-case, tone marks and vowel marks
 * removed, đ → d, runs of white space and punctuation to one space, trimmed.
 * "Cấp GIẤY phép  lao-động" folds to "cap giay phep lao dong". Both NFC
 * (precomposed) and NFD (combining marks) input fold alike. Search is done on
 * folded text in C so that SQLite and PostgreSQL match the same rows.
 */
#ifndef MOTCUA_BASE_TEXT_H
#define MOTCUA_BASE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* True if s[0..len) is valid UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF). */
bool text_utf8_valid(const char *s, size_t len);
/* Number of code points in valid UTF-8 s. */
size_t text_utf8_len(const char *s);
/* Appends the folded form of s to out. Invalid bytes are dropped. */
void text_fold(const char *s, struct buf *out);
/* Folded copy; caller frees. */
char *text_fold_dup(const char *s);
/* True when every word (space-separated) of the folded query q occurs in the
 * folded text: the rule of every text search ("quay", "THỜI" and "thoi gian"
 * find "quầy" and "thời gian"). An empty q matches everything. */
bool text_fold_has_words(const char *folded, const char *q);

/* Strict parsing: the whole string must be a number within [min, max].
 * Return 0, or -1 on any garbage, overflow or bound violation. */
int text_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Lower-case hex of n bytes into out (2n+1 bytes). */
void text_hex(const unsigned char *in, size_t n, char *out);

#endif
