/* The VNPAY 2.1.0 adapter, merchant side (see svc_vnpay.h): the protocol
 * of core/vnpay.c signed with pki_hmac_sha512_hex, and the gateway's API
 * over libcurl.
 *
 * Layer: svc.
 */
#include "svc/svc_vnpay.h"

#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "base/log.h"
#include "base/text.h"
#include "pki/pki.h"
#include "svc/svc_fetch_impl.h"

#define MAX_REPLY (64 * 1024)

static const char *trimmed(struct arena *a, const char *url)
{
	size_t n = strlen(url);
	while (n && url[n - 1] == '/')
		n--;
	return arena_strndup(a, url, n);
}

bool svc_vnpay_site(const struct config *cfg, struct arena *a, struct svc_vnpay_site *s)
{
	const char *base =
		cfg->v.payment_public_url[0] ? cfg->v.payment_public_url : cfg->v.public_url;
	memset(s, 0, sizeof(*s));
	s->public_url = trimmed(a, base);
	if (strcmp(cfg->v.payment_gateway, "sandbox") == 0) {
		s->pay_url = arena_printf(a, "%s%s", s->public_url, SVC_SANDBOX_PAY_PATH);
		s->api_url = arena_printf(a, "%s%s", s->public_url, SVC_SANDBOX_API_PATH);
		s->tmn_code = SVC_SANDBOX_TMN;
		s->secret = cfg->v.payment_vnpay_secret[0] ? cfg->v.payment_vnpay_secret
							   : SVC_SANDBOX_SECRET;
		return true;
	}
	if (strcmp(cfg->v.payment_gateway, "vnpay") != 0 || !cfg->v.payment_vnpay_tmn_code[0] ||
	    !cfg->v.payment_vnpay_secret[0])
		return false;
	s->pay_url = cfg->v.payment_vnpay_url;
	s->api_url = cfg->v.payment_vnpay_api_url;
	s->tmn_code = cfg->v.payment_vnpay_tmn_code;
	s->secret = cfg->v.payment_vnpay_secret;
	return true;
}

static int sign(const struct svc_vnpay_site *s, const char *data, char out[VNPAY_HASH_HEX])
{
	return pki_hmac_sha512_hex(s->secret, strlen(s->secret), data, strlen(data), out);
}

int svc_vnpay_pay_url(const struct config *cfg, struct arena *a, const struct svc_vnpay_order *o,
		      const char **url, char *err, size_t errlen)
{
	struct svc_vnpay_site s;
	struct vnpay_params p;
	struct buf q = BUF_INIT, u = BUF_INIT;
	char hash[VNPAY_HASH_HEX];
	int rc = -1;
	vnpay_params_init(&p);
	if (!svc_vnpay_site(cfg, a, &s)) {
		snprintf(err, errlen, "payment.gateway %s is not configured",
			 cfg->v.payment_gateway);
		goto out;
	}
	struct vnpay_order ord = {
		.tmn_code = s.tmn_code,
		.txn_ref = o->txn_ref,
		.order_info = o->order_info,
		.return_url = arena_printf(a, "%s%s", s.public_url, SVC_VNPAY_RETURN_PATH),
		.ip_addr = o->client_ip && o->client_ip[0] ? o->client_ip : "127.0.0.1",
		.amount = o->amount,
		.create_ms = o->created_at,
		.expire_ms = o->created_at + cfg->v.payment_expire_minutes * 60 * INT64_C(1000),
	};
	int vr = vnpay_pay_params(&ord, &p);
	if (vr < 0) {
		snprintf(err, errlen, "the payment address cannot be made (%d)", vr);
		goto out;
	}
	vnpay_sign_data(&p, &q);
	if (sign(&s, buf_str(&q), hash) < 0) {
		snprintf(err, errlen, "signing failed");
		goto out;
	}
	vnpay_url(&u, s.pay_url, buf_str(&q), hash);
	*url = arena_strdup(a, buf_str(&u));
	rc = 0;
out:
	vnpay_params_release(&p);
	buf_release(&q);
	buf_release(&u);
	return rc;
}

enum svc_vnpay_verdict svc_vnpay_verify(const struct config *cfg, struct arena *a,
					const struct vnpay_params *p, struct vnpay_outcome *o)
{
	struct svc_vnpay_site s;
	struct buf d = BUF_INIT;
	char hash[VNPAY_HASH_HEX];
	enum svc_vnpay_verdict v = SVC_VNPAY_BAD_SIGNATURE;
	if (!svc_vnpay_site(cfg, a, &s))
		return SVC_VNPAY_BAD_SIGNATURE;
	vnpay_sign_data(p, &d);
	if (sign(&s, buf_str(&d), hash) < 0 ||
	    !vnpay_hash_equal(hash, vnpay_params_get(p, "vnp_SecureHash")))
		goto out;
	const char *tmn = vnpay_params_get(p, "vnp_TmnCode");
	if (!tmn || strcmp(tmn, s.tmn_code) != 0)
		goto out;
	v = vnpay_outcome_read(p, o) < 0 ? SVC_VNPAY_BAD_INPUT : SVC_VNPAY_VALID;
out:
	buf_release(&d);
	return v;
}

/* ---- the gateway's API ---- */

int svc_vnpay_http(const char *url, const char *body, long timeout_s, struct buf *reply,
		   long *status)
{
	struct svc_fetch f = {
		.url = url,
		.body = body,
		.content_type = "application/json",
		.timeout_s = timeout_s,
		.max_reply = MAX_REPLY,
		.what = "payment",
	};
	return svc_fetch(&f, reply, status);
}

/* The fields of a JSON answer as parameters (numbers as their digits);
 * other members are ignored. -1 if it is no object or breaks the bounds. */
static int answer_params(const char *text, size_t len, struct vnpay_params *out)
{
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	const char *key;
	json_t *v;
	int rc = -1;
	vnpay_params_init(out);
	if (!json_is_object(j))
		goto out;
	json_object_foreach(j, key, v)
	{
		char num[32];
		const char *s = NULL;
		if (json_is_string(v)) {
			s = json_string_value(v);
		} else if (json_is_integer(v)) {
			snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			s = num;
		}
		if (s && strncmp(key, "vnp_", 4) == 0 && vnpay_params_add(out, key, s) < 0)
			goto out;
	}
	rc = 0;
out:
	json_decref(j);
	if (rc < 0)
		vnpay_params_release(out);
	return rc;
}

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

/* Sends the request r (querydr or refund) and reads the signed answer. */
static int api_call(const struct config *cfg, struct arena *a, const struct vnpay_api_request *r,
		    bool refund, struct svc_vnpay_answer *out, char *err, size_t errlen)
{
	struct svc_vnpay_site s;
	struct vnpay_params req, ans;
	struct buf d = BUF_INIT, reply = BUF_INIT;
	char hash[VNPAY_HASH_HEX];
	json_t *body = json_object();
	char *text = NULL;
	long status = 0;
	int rc = -1;
	vnpay_params_init(&req);
	vnpay_params_init(&ans);
	memset(out, 0, sizeof(*out));
	if (!svc_vnpay_site(cfg, a, &s)) {
		snprintf(err, errlen, "payment.gateway %s is not configured",
			 cfg->v.payment_gateway);
		goto out;
	}
	struct vnpay_api_request rr = *r;
	rr.tmn_code = s.tmn_code;
	if (vnpay_api_request(&rr, refund, &req) < 0) {
		snprintf(err, errlen, "the %s request cannot be made",
			 refund ? "refund" : "querydr");
		goto out;
	}
	vnpay_pipe_data(&req, refund ? VNPAY_REFUND_REQUEST : VNPAY_QUERYDR_REQUEST, &d);
	if (sign(&s, buf_str(&d), hash) < 0) {
		snprintf(err, errlen, "signing failed");
		goto out;
	}
	for (size_t i = 0; i < req.n; i++)
		json_object_set_new(body, req.v[i].key, json_string(req.v[i].value));
	json_object_set_new(body, "vnp_SecureHash", json_string(hash));
	text = json_dump_compact(body);
	if (svc_vnpay_http(s.api_url, text, (long)cfg->v.payment_timeout, &reply, &status) < 0 ||
	    status != 200 || answer_params(reply.p, reply.len, &ans) < 0) {
		snprintf(err, errlen, "the gateway's API gave no answer (HTTP %ld)", status);
		goto out;
	}
	const char *code = vnpay_params_get(&ans, "vnp_ResponseCode");
	copy(out->response_code, sizeof out->response_code, code);
	const char *got = vnpay_params_get(&ans, "vnp_SecureHash");
	if (got) {
		buf_reset(&d);
		vnpay_pipe_data(&ans, refund ? VNPAY_REFUND_ANSWER : VNPAY_QUERYDR_ANSWER, &d);
		if (sign(&s, buf_str(&d), hash) < 0 || !vnpay_hash_equal(hash, got)) {
			snprintf(err, errlen, "the gateway's answer has a wrong signature");
			goto out;
		}
	} else if (code && strcmp(code, "00") == 0) {
		snprintf(err, errlen, "the gateway's answer is not signed");
		goto out;
	}
	const char *ts = vnpay_params_get(&ans, "vnp_TransactionStatus");
	copy(out->transaction_status, sizeof out->transaction_status, ts);
	copy(out->transaction_no, sizeof out->transaction_no,
	     vnpay_params_get(&ans, "vnp_TransactionNo"));
	int64_t amount = 0;
	const char *am = vnpay_params_get(&ans, "vnp_Amount");
	if (am && text_parse_i64(am, 0, VNPAY_MAX_AMOUNT * 100, &amount) == 0)
		out->amount = amount / 100;
	bool ok = code && strcmp(code, "00") == 0;
	if (refund) {
		out->paid = ok;
	} else {
		/* 91: no such transaction (the payer never reached the
		 * gateway); 00 with status 00 paid; with 02 failed. 01 (not
		 * finished) is neither: ask again later. */
		out->paid = ok && ts && strcmp(ts, "00") == 0;
		out->failed = (code && strcmp(code, "91") == 0) ||
			      (ok && ts && strcmp(ts, "00") != 0 && strcmp(ts, "01") != 0);
	}
	rc = 0;
out:
	free(text);
	json_decref(body);
	vnpay_params_release(&req);
	vnpay_params_release(&ans);
	buf_release(&d);
	buf_release(&reply);
	return rc;
}

static const char *request_id(struct arena *a)
{
	unsigned char r[8];
	char hex[17];
	randombytes_buf(r, sizeof r);
	text_hex(r, sizeof r, hex);
	return arena_strdup(a, hex);
}

int svc_vnpay_query(const struct config *cfg, struct arena *a, const struct svc_vnpay_order *o,
		    int64_t now, struct svc_vnpay_answer *out, char *err, size_t errlen)
{
	char date[VNPAY_TIME_LEN];
	vnpay_time_format(o->created_at, date);
	struct vnpay_api_request r = {
		.request_id = request_id(a),
		.txn_ref = o->txn_ref,
		.order_info = arena_printf(a, "Truy van %s", o->txn_ref),
		.ip_addr = "127.0.0.1",
		.transaction_date = date,
		.now_ms = now,
	};
	return api_call(cfg, a, &r, false, out, err, errlen);
}

int svc_vnpay_refund(const struct config *cfg, struct arena *a, const struct svc_vnpay_order *o,
		     const char *transaction_no, const char *by, int64_t now,
		     struct svc_vnpay_answer *out, char *err, size_t errlen)
{
	char date[VNPAY_TIME_LEN];
	vnpay_time_format(o->created_at, date);
	struct vnpay_api_request r = {
		.request_id = request_id(a),
		.txn_ref = o->txn_ref,
		.order_info = arena_printf(a, "Hoan tien %s", o->txn_ref),
		.ip_addr = "127.0.0.1",
		.transaction_date = date,
		.transaction_no = transaction_no,
		.create_by = by,
		.amount = o->amount,
		.now_ms = now,
	};
	return api_call(cfg, a, &r, true, out, err, errlen);
}
