/* The VNPAY 2.1.0 protocol: parameter sets, the signed text, payment
 * addresses, outcomes and the API's pipe-joined texts (see vnpay.h).
 *
 * Layer: core (pure, no I/O).
 */
#include "core/vnpay.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/text.h"

#define GMT7_MS (7 * 3600 * INT64_C(1000))

void vnpay_params_init(struct vnpay_params *p)
{
	memset(p, 0, sizeof(*p));
}

void vnpay_params_release(struct vnpay_params *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].key);
		free(p->v[i].value);
	}
	p->n = 0;
}

static bool key_ok(const char *key)
{
	size_t n = strlen(key);
	if (n <= 4 || n > VNPAY_MAX_KEY || strncmp(key, "vnp_", 4) != 0)
		return false;
	for (size_t i = 4; i < n; i++) {
		char c = key[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

static bool value_ok(const char *v)
{
	size_t n = strlen(v);
	if (n > VNPAY_MAX_VALUE || !text_utf8_valid(v, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return false;
	return true;
}

int vnpay_params_add(struct vnpay_params *p, const char *key, const char *value)
{
	if (!key_ok(key))
		return VNPAY_EKEY;
	if (!value_ok(value))
		return VNPAY_EVALUE;
	if (vnpay_params_get(p, key))
		return VNPAY_EDUP;
	if (p->n == VNPAY_MAX_PARAMS)
		return VNPAY_ETOOMANY;
	p->v[p->n].key = xstrdup(key);
	p->v[p->n].value = xstrdup(value);
	p->n++;
	return VNPAY_OK;
}

const char *vnpay_params_get(const struct vnpay_params *p, const char *key)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].key, key) == 0)
			return p->v[i].value;
	return NULL;
}

void vnpay_form_encode(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '*' || *c == '-' || *c == '.' || *c == '_') {
			buf_addc(out, (char)*c);
		} else if (*c == ' ') {
			buf_addc(out, '+');
		} else {
			buf_addc(out, '%');
			buf_addc(out, hex[*c >> 4]);
			buf_addc(out, hex[*c & 15]);
		}
	}
}

static bool signed_key(const char *key)
{
	return strcmp(key, "vnp_SecureHash") != 0 && strcmp(key, "vnp_SecureHashType") != 0;
}

static int cmp_param(const void *a, const void *b)
{
	const struct vnpay_param *const *x = a, *const *y = b;
	return strcmp((*x)->key, (*y)->key);
}

void vnpay_sign_data(const struct vnpay_params *p, struct buf *out)
{
	const struct vnpay_param *sorted[VNPAY_MAX_PARAMS];
	size_t n = 0;
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].value[0] && signed_key(p->v[i].key))
			sorted[n++] = &p->v[i];
	qsort(sorted, n, sizeof(sorted[0]), cmp_param);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(out, '&');
		vnpay_form_encode(out, sorted[i]->key);
		buf_addc(out, '=');
		vnpay_form_encode(out, sorted[i]->value);
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) ('+' and %XX) into out; -1 on a malformed escape. */
static int form_decode(const char *s, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			buf_addc(out, ' ');
		} else if (s[i] == '%') {
			if (i + 2 >= n)
				return -1;
			int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			buf_addc(out, (char)(h << 4 | l));
			i += 2;
		} else {
			buf_addc(out, s[i]);
		}
	}
	return 0;
}

int vnpay_parse_query(const char *query, struct vnpay_params *out)
{
	struct buf key = BUF_INIT, value = BUF_INIT;
	int rc = VNPAY_OK;
	vnpay_params_init(out);
	buf_init(&key);
	buf_init(&value);
	for (const char *s = query; *s;) {
		size_t len = strcspn(s, "&");
		const char *eq = memchr(s, '=', len);
		size_t klen = eq ? (size_t)(eq - s) : len;
		buf_reset(&key);
		buf_reset(&value);
		if (klen > 3 * VNPAY_MAX_KEY || len - klen > 3 * VNPAY_MAX_VALUE + 1) {
			rc = klen > 3 * VNPAY_MAX_KEY ? VNPAY_EKEY : VNPAY_EVALUE;
			goto out;
		}
		if (form_decode(s, klen, &key) < 0 ||
		    (eq && form_decode(eq + 1, len - klen - 1, &value) < 0)) {
			rc = VNPAY_EVALUE;
			goto out;
		}
		if (strlen(buf_str(&key)) != key.len || strlen(buf_str(&value)) != value.len) {
			rc = VNPAY_EVALUE; /* a %00 */
			goto out;
		}
		if (strncmp(buf_str(&key), "vnp_", 4) == 0) {
			rc = vnpay_params_add(out, buf_str(&key), buf_str(&value));
			if (rc < 0)
				goto out;
		}
		s += len;
		if (*s == '&')
			s++;
	}
out:
	buf_release(&key);
	buf_release(&value);
	if (rc < 0)
		vnpay_params_release(out);
	return rc;
}

bool vnpay_hash_equal(const char *a, const char *b)
{
	if (!a || !b || strlen(a) != VNPAY_HASH_HEX - 1 || strlen(b) != VNPAY_HASH_HEX - 1)
		return false;
	unsigned diff = 0;
	for (size_t i = 0; i < VNPAY_HASH_HEX - 1; i++) {
		int x = hexval(a[i]), y = hexval(b[i]);
		if (x < 0 || y < 0)
			return false;
		diff |= (unsigned)(x ^ y);
	}
	return diff == 0;
}

void vnpay_time_format(int64_t utc_ms, char out[VNPAY_TIME_LEN])
{
	int64_t s = utc_ms / 1000 + GMT7_MS / 1000;
	if (utc_ms < 0 && utc_ms % 1000)
		s--;
	int64_t days = s / 86400, sec = s % 86400;
	if (sec < 0) {
		sec += 86400;
		days--;
	}
	int y;
	unsigned m, d;
	clock_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		out[0] = '\0';
		return;
	}
	snprintf(out, VNPAY_TIME_LEN, "%04d%02u%02u%02d%02d%02d", y, m, d, (int)(sec / 3600),
		 (int)(sec / 60 % 60), (int)(sec % 60));
}

int vnpay_time_parse(const char *s, int64_t *utc_ms)
{
	int v[6];
	static const int width[6] = {4, 2, 2, 2, 2, 2};
	if (!s || strlen(s) != VNPAY_TIME_LEN - 1)
		return VNPAY_ETIME;
	for (size_t i = 0, k = 0; i < 6; i++) {
		v[i] = 0;
		for (int j = 0; j < width[i]; j++, k++) {
			if (s[k] < '0' || s[k] > '9')
				return VNPAY_ETIME;
			v[i] = v[i] * 10 + (s[k] - '0');
		}
	}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[3] > 23 || v[4] > 59 || v[5] > 59)
		return VNPAY_ETIME;
	int64_t days = clock_days_from_civil(v[0], (unsigned)v[1], (unsigned)v[2]);
	int y;
	unsigned m, d;
	clock_civil_from_days(days, &y, &m, &d);
	if (y != v[0] || (int)m != v[1] || (int)d != v[2])
		return VNPAY_ETIME; /* 31 February */
	*utc_ms = ((days * 86400) + v[3] * 3600 + v[4] * 60 + v[5]) * 1000 - GMT7_MS;
	return VNPAY_OK;
}

static bool set(const char *s)
{
	return s && s[0];
}

static bool printable_ascii(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return true;
}

/* Adds each pair of keys/values until a NULL key; a NULL or empty value
 * is skipped (VNPAY leaves empty parameters out). */
static int add_all(struct vnpay_params *out, const char *const *kv)
{
	for (size_t i = 0; kv[i]; i += 2) {
		if (!set(kv[i + 1]))
			continue;
		int rc = vnpay_params_add(out, kv[i], kv[i + 1]);
		if (rc < 0)
			return rc;
	}
	return VNPAY_OK;
}

int vnpay_pay_params(const struct vnpay_order *o, struct vnpay_params *out)
{
	char amount[24], create[VNPAY_TIME_LEN], expire[VNPAY_TIME_LEN];
	vnpay_params_init(out);
	if (o->amount < 1 || o->amount > VNPAY_MAX_AMOUNT)
		return VNPAY_EAMOUNT;
	if (!set(o->tmn_code) || !set(o->txn_ref) || !set(o->order_info) || !set(o->return_url) ||
	    !set(o->ip_addr) || o->expire_ms <= o->create_ms)
		return VNPAY_EMISSING;
	if (!printable_ascii(o->order_info, 255) || !printable_ascii(o->txn_ref, 100))
		return VNPAY_EVALUE;
	snprintf(amount, sizeof(amount), "%" PRId64, o->amount * 100);
	vnpay_time_format(o->create_ms, create);
	vnpay_time_format(o->expire_ms, expire);
	const char *const kv[] = {
		"vnp_Version",
		VNPAY_VERSION,
		"vnp_Command",
		"pay",
		"vnp_TmnCode",
		o->tmn_code,
		"vnp_Amount",
		amount,
		"vnp_CurrCode",
		"VND",
		"vnp_TxnRef",
		o->txn_ref,
		"vnp_OrderInfo",
		o->order_info,
		"vnp_OrderType",
		set(o->order_type) ? o->order_type : "other",
		"vnp_Locale",
		set(o->locale) ? o->locale : "vn",
		"vnp_ReturnUrl",
		o->return_url,
		"vnp_IpAddr",
		o->ip_addr,
		"vnp_CreateDate",
		create,
		"vnp_ExpireDate",
		expire,
		"vnp_BankCode",
		o->bank_code,
		NULL,
	};
	int rc = add_all(out, kv);
	if (rc < 0)
		vnpay_params_release(out);
	return rc;
}

void vnpay_url(struct buf *url, const char *base, const char *query, const char *hash)
{
	buf_adds(url, base);
	buf_addc(url, strchr(base, '?') ? '&' : '?');
	buf_adds(url, query);
	buf_adds(url, "&vnp_SecureHash=");
	buf_adds(url, hash);
}

int vnpay_outcome_read(const struct vnpay_params *p, struct vnpay_outcome *o)
{
	memset(o, 0, sizeof(*o));
	o->tmn_code = vnpay_params_get(p, "vnp_TmnCode");
	o->txn_ref = vnpay_params_get(p, "vnp_TxnRef");
	o->response_code = vnpay_params_get(p, "vnp_ResponseCode");
	o->transaction_status = vnpay_params_get(p, "vnp_TransactionStatus");
	o->transaction_no = vnpay_params_get(p, "vnp_TransactionNo");
	o->bank_code = vnpay_params_get(p, "vnp_BankCode");
	o->pay_date = vnpay_params_get(p, "vnp_PayDate");
	const char *amount = vnpay_params_get(p, "vnp_Amount");
	if (!set(o->txn_ref) || !set(o->response_code) || !set(amount))
		return VNPAY_EMISSING;
	int64_t a;
	if (text_parse_i64(amount, 100, VNPAY_MAX_AMOUNT * 100, &a) < 0 || a % 100)
		return VNPAY_EAMOUNT;
	o->amount = a / 100;
	o->paid = strcmp(o->response_code, "00") == 0 &&
		  (!o->transaction_status || strcmp(o->transaction_status, "00") == 0);
	return VNPAY_OK;
}

/* The fields of each pipe-joined text, in VNPAY's order. */
static const char *const querydr_request[] = {
	"vnp_RequestId",       "vnp_Version",	 "vnp_Command", "vnp_TmnCode",	 "vnp_TxnRef",
	"vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr",	"vnp_OrderInfo", NULL,
};
static const char *const refund_request[] = {
	"vnp_RequestId",       "vnp_Version",  "vnp_Command",	 "vnp_TmnCode",
	"vnp_TransactionType", "vnp_TxnRef",   "vnp_Amount",	 "vnp_TransactionNo",
	"vnp_TransactionDate", "vnp_CreateBy", "vnp_CreateDate", "vnp_IpAddr",
	"vnp_OrderInfo",       NULL,
};
/* The answers share their first thirteen fields; querydr's adds two. */
static const char *const querydr_answer[] = {
	"vnp_ResponseId", "vnp_Command",       "vnp_ResponseCode",    "vnp_Message",
	"vnp_TmnCode",	  "vnp_TxnRef",	       "vnp_Amount",	      "vnp_BankCode",
	"vnp_PayDate",	  "vnp_TransactionNo", "vnp_TransactionType", "vnp_TransactionStatus",
	"vnp_OrderInfo",  "vnp_PromotionCode", "vnp_PromotionAmount", NULL,
};
#define REFUND_ANSWER_FIELDS 13

void vnpay_pipe_data(const struct vnpay_params *p, enum vnpay_msg kind, struct buf *out)
{
	const char *const *f = kind == VNPAY_QUERYDR_REQUEST  ? querydr_request
			       : kind == VNPAY_REFUND_REQUEST ? refund_request
							      : querydr_answer;
	size_t max = kind == VNPAY_REFUND_ANSWER ? REFUND_ANSWER_FIELDS : SIZE_MAX;
	for (size_t i = 0; f[i] && i < max; i++) {
		const char *v = vnpay_params_get(p, f[i]);
		if (i)
			buf_addc(out, '|');
		if (v)
			buf_adds(out, v);
	}
}

int vnpay_api_request(const struct vnpay_api_request *r, bool refund, struct vnpay_params *out)
{
	char created[VNPAY_TIME_LEN], amount[24];
	int64_t when;
	vnpay_params_init(out);
	if (!set(r->request_id) || !set(r->tmn_code) || !set(r->txn_ref) || !set(r->order_info) ||
	    !set(r->ip_addr) || !set(r->transaction_date) || (refund && !set(r->create_by)))
		return VNPAY_EMISSING;
	if (vnpay_time_parse(r->transaction_date, &when) < 0)
		return VNPAY_ETIME;
	if (refund && (r->amount < 1 || r->amount > VNPAY_MAX_AMOUNT))
		return VNPAY_EAMOUNT;
	if (!printable_ascii(r->order_info, 255) || strlen(r->request_id) > 32)
		return VNPAY_EVALUE;
	vnpay_time_format(r->now_ms, created);
	snprintf(amount, sizeof(amount), "%" PRId64, r->amount * 100);
	const char *const kv[] = {
		"vnp_RequestId",
		r->request_id,
		"vnp_Version",
		VNPAY_VERSION,
		"vnp_Command",
		refund ? "refund" : "querydr",
		"vnp_TmnCode",
		r->tmn_code,
		"vnp_TransactionType",
		refund ? (r->partial ? "03" : "02") : NULL,
		"vnp_TxnRef",
		r->txn_ref,
		"vnp_Amount",
		refund ? amount : NULL,
		"vnp_TransactionNo",
		refund ? (set(r->transaction_no) ? r->transaction_no : "0") : NULL,
		"vnp_TransactionDate",
		r->transaction_date,
		"vnp_CreateBy",
		refund ? r->create_by : NULL,
		"vnp_CreateDate",
		created,
		"vnp_IpAddr",
		r->ip_addr,
		"vnp_OrderInfo",
		r->order_info,
		NULL,
	};
	int rc = add_all(out, kv);
	if (rc < 0)
		vnpay_params_release(out);
	return rc;
}

const char *vnpay_response_text(const char *code)
{
	static const char *const table[][2] = {
		{"00", "transaction successful"},
		{"07", "money deducted, transaction suspected (fraud check)"},
		{"09", "card or account not registered for internet banking"},
		{"10", "card or account authentication failed more than 3 times"},
		{"11", "payment time expired"},
		{"12", "card or account locked"},
		{"13", "wrong one-time password"},
		{"24", "the customer cancelled the transaction"},
		{"51", "insufficient balance"},
		{"65", "daily transaction limit exceeded"},
		{"75", "the paying bank is under maintenance"},
		{"79", "payment password entered wrongly too many times"},
		{"99", "other error"},
	};
	for (size_t i = 0; code && i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i][0], code) == 0)
			return table[i][1];
	return "unknown response code";
}
