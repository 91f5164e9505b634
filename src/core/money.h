/* Money as the Vietnamese write it (issue 13, DOMAIN.md section 12): an
 * amount of đồng in figures with dots between the thousands ("600.000")
 * and in words ("Sáu trăm nghìn đồng"), as an e-receipt prints them
 * (Decree 123/2020/NĐ-CP: the total in figures and in words).
 *
 * Layer: core (pure). Amounts are integer đồng (int64_t), never floating
 * point. Thread-safe; nothing allocates. */
#ifndef MOTCUA_CORE_MONEY_H
#define MOTCUA_CORE_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Room enough for any int64_t amount in words with " đồng". */
#define MONEY_WORDS_MAX 512
/* ... and in figures: 19 digits, 6 dots, a sign and the NUL. */
#define MONEY_FIGURES_MAX 32

/* "600.000" for 600000, "0" for 0, "-1.500" for -1500 into out (n bytes).
 * Returns the length, or -1 if out is too small (out then holds ""). */
int money_figures(int64_t amount, char *out, size_t n);

/* "Sáu trăm nghìn đồng" for 600000: the amount read in words the way
 * receipts and invoices write it (northern usage: "nghìn", "linh", "mốt",
 * "lăm", "tỷ"; groups of three digits after the first read in full,
 * "không trăm ..."), capitalised, ending in " đồng". Amounts from 0 to
 * INT64_MAX. Returns the length in bytes, or -1 for a negative amount or
 * an out too small (out then holds ""). */
int money_words_vi(int64_t amount, char *out, size_t n);

#endif
