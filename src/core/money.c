/* Amounts in figures and in Vietnamese words: see money.h. Layer: core. */
#include "core/money.h"

#include <stdbool.h>
#include <string.h>

/* A bounded writer: once out of room it stays failed. */
struct mw {
	char *p;
	size_t n, len;
	bool failed;
};

static void mw_add(struct mw *w, const char *s)
{
	size_t k = strlen(s);
	if (w->failed || w->len + k + 1 > w->n) {
		w->failed = true;
		return;
	}
	memcpy(w->p + w->len, s, k + 1);
	w->len += k;
}

/* A word, with a space before it unless it is the first. */
static void mw_word(struct mw *w, const char *s)
{
	if (w->len)
		mw_add(w, " ");
	mw_add(w, s);
}

static int mw_end(struct mw *w)
{
	if (w->failed) {
		if (w->n)
			w->p[0] = 0;
		return -1;
	}
	return (int)w->len;
}

int money_figures(int64_t amount, char *out, size_t n)
{
	struct mw w = {out, n, 0, n == 0};
	if (n)
		out[0] = 0;
	/* The magnitude as unsigned: -INT64_MIN does not fit an int64_t. */
	uint64_t v = amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
	char digits[24];
	int nd = 0;
	do {
		digits[nd++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (amount < 0)
		mw_add(&w, "-");
	for (int i = nd - 1; i >= 0; i--) {
		char d[2] = {digits[i], 0};
		mw_add(&w, d);
		if (i > 0 && i % 3 == 0)
			mw_add(&w, ".");
	}
	return mw_end(&w);
}

static const char *const digit[] = {"không", "một", "hai", "ba",  "bốn",
				    "năm",   "sáu", "bảy", "tám", "chín"};

/* One group of three digits (1..999). full: not the leading group, so a
 * zero hundreds digit is read ("không trăm") and a zero tens before a unit
 * is "linh". */
static void group(struct mw *w, int g, bool full)
{
	int h = g / 100, t = g / 10 % 10, u = g % 10;
	if (h || full) {
		mw_word(w, digit[h]);
		mw_word(w, "trăm");
	}
	if (t == 0) {
		if (u && (h || full))
			mw_word(w, "linh");
	} else if (t == 1) {
		mw_word(w, "mười");
	} else {
		mw_word(w, digit[t]);
		mw_word(w, "mươi");
	}
	if (u == 0)
		return;
	if (u == 1 && t >= 2)
		mw_word(w, "mốt");
	else if (u == 5 && t >= 1)
		mw_word(w, "lăm");
	else
		mw_word(w, digit[u]);
}

/* v (> 0) in words; leading: nothing was read before it. Billions (tỷ)
 * repeat: 10^12 is "một nghìn tỷ", 10^18 "một tỷ tỷ". */
static void number(struct mw *w, uint64_t v, bool leading)
{
	static const uint64_t billion = 1000000000u;
	if (v >= billion) {
		number(w, v / billion, leading);
		mw_word(w, "tỷ");
		v %= billion;
		leading = false;
		if (!v)
			return;
	}
	static const char *const names[] = {"triệu", "nghìn", NULL};
	int groups[3] = {(int)(v / 1000000), (int)(v / 1000 % 1000), (int)(v % 1000)};
	for (int i = 0; i < 3; i++) {
		if (!groups[i])
			continue;
		group(w, groups[i], !leading);
		if (names[i])
			mw_word(w, names[i]);
		leading = false;
	}
}

int money_words_vi(int64_t amount, char *out, size_t n)
{
	struct mw w = {out, n, 0, n == 0 || amount < 0};
	if (n)
		out[0] = 0;
	if (amount == 0)
		mw_add(&w, "không");
	else if (amount > 0)
		number(&w, (uint64_t)amount, true);
	mw_word(&w, "đồng");
	/* Every word starts with an ASCII letter: capitalise it. */
	if (!w.failed && out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
	return mw_end(&w);
}
