/* The sandbox payment gateway (see svc_sandbox.h): VNPAY's side of the
 * protocol, on motcua's own database and loopback HTTP.
 *
 * Layer: svc.
 */
#include "svc/svc_sandbox.h"

#include <inttypes.h>
#include <sodium.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "pki/pki.h"
#include "repo/repo_sandbox.h"
#include "svc/svc_vnpay.h"

static bool sandbox_on(const struct config *cfg, struct arena *a, struct svc_vnpay_site *s)
{
	return strcmp(cfg->v.payment_gateway, "sandbox") == 0 && svc_vnpay_site(cfg, a, s);
}

static int sign(const struct svc_vnpay_site *s, const char *data, char out[VNPAY_HASH_HEX])
{
	return pki_hmac_sha512_hex(s->secret, strlen(s->secret), data, strlen(data), out);
}

static bool signed_by(const struct svc_vnpay_site *s, const char *data, const char *hash)
{
	char h[VNPAY_HASH_HEX];
	return sign(s, data, h) == 0 && vnpay_hash_equal(h, hash);
}

/* The first parameter of a payment address that is wrong, or NULL. */
static const char *bad_param(const struct svc_vnpay_site *s, const struct vnpay_params *p,
			     int64_t *amount)
{
	static const char *const fixed[][2] = {
		{"vnp_Version", VNPAY_VERSION}, {"vnp_Command", "pay"}, {"vnp_CurrCode", "VND"}};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		const char *v = vnpay_params_get(p, fixed[i][0]);
		if (!v || strcmp(v, fixed[i][1]) != 0)
			return fixed[i][0];
	}
	const char *tmn = vnpay_params_get(p, "vnp_TmnCode");
	if (!tmn || strcmp(tmn, s->tmn_code) != 0)
		return "vnp_TmnCode";
	const char *am = vnpay_params_get(p, "vnp_Amount");
	if (!am || text_parse_i64(am, 100, VNPAY_MAX_AMOUNT * 100, amount) < 0 || *amount % 100)
		return "vnp_Amount";
	*amount /= 100;
	int64_t t;
	if (vnpay_time_parse(vnpay_params_get(p, "vnp_CreateDate"), &t) < 0)
		return "vnp_CreateDate";
	static const char *const needed[] = {"vnp_TxnRef", "vnp_OrderInfo", "vnp_ReturnUrl",
					     "vnp_IpAddr"};
	for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
		const char *v = vnpay_params_get(p, needed[i]);
		if (!v || !v[0] || strlen(v) > 255)
			return needed[i];
	}
	return NULL;
}

struct open_ctx {
	struct arena *a;
	const struct sandbox_txn *in;
	struct sandbox_txn *out;
};

static int open_txn(struct db *db, void *arg)
{
	struct open_ctx *c = arg;
	return repo_sandbox_open(db, c->a, c->in, c->out);
}

struct svc_result svc_sandbox_open(struct db *db, struct arena *a, const struct config *cfg,
				   const struct vnpay_params *p, struct sandbox_txn *out)
{
	struct svc_vnpay_site s;
	struct buf d = BUF_INIT;
	int64_t amount = 0;
	if (!sandbox_on(cfg, a, &s))
		return svc_fail(ERR_SANDBOX_OFF, NULL, NULL);
	vnpay_sign_data(p, &d);
	bool ok = signed_by(&s, buf_str(&d), vnpay_params_get(p, "vnp_SecureHash"));
	buf_release(&d);
	if (!ok)
		return svc_fail(ERR_GATEWAY_REQUEST_INVALID, "vnp_SecureHash", "wrong signature");
	const char *bad = bad_param(&s, p, &amount);
	if (bad)
		return svc_fail(ERR_GATEWAY_REQUEST_INVALID, bad, NULL);
	struct sandbox_txn t = {
		.txn_ref = vnpay_params_get(p, "vnp_TxnRef"),
		.tmn_code = s.tmn_code,
		.create_date = vnpay_params_get(p, "vnp_CreateDate"),
		.order_info = vnpay_params_get(p, "vnp_OrderInfo"),
		.return_url = vnpay_params_get(p, "vnp_ReturnUrl"),
		.amount = amount,
		.created_at = clock_now_ms(),
	};
	struct open_ctx c = {a, &t, out};
	struct svc_result r = svc_txn_result(db, db_run_txn(db, open_txn, &c, DB_TXN_ATTEMPTS));
	if (r.code == ERR_NONE && out->amount != amount)
		return svc_fail(ERR_GATEWAY_REQUEST_INVALID, "vnp_TxnRef",
				"this reference was opened with another amount");
	return r;
}

struct svc_result svc_sandbox_get(struct db *db, struct arena *a, const struct config *cfg,
				  const char *txn_ref, struct sandbox_txn *out)
{
	struct svc_vnpay_site s;
	if (!sandbox_on(cfg, a, &s))
		return svc_fail(ERR_SANDBOX_OFF, NULL, NULL);
	int rc = repo_sandbox_get(db, a, txn_ref, out);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_GATEWAY_ORDER_NOT_FOUND, "txn_ref", NULL);
	return svc_txn_result(db, rc);
}

/* ---- the IPN, from a thread of its own ---- */

static atomic_int ipn_in_flight;

struct ipn_job {
	char *url, *db_url, *txn_ref;
	int calls;
	int64_t delay_ms;
	long timeout_s;
};

struct log_ctx {
	const char *txn_ref, *answer;
};

static int log_txn(struct db *db, void *arg)
{
	struct log_ctx *c = arg;
	return repo_sandbox_ipn_logged(db, c->txn_ref, c->answer);
}

/* The merchant's RspCode in its JSON answer, or "none" / "http NNN". */
static void rsp_code(const struct buf *reply, long status, char *out, size_t n)
{
	const char *k = strstr(buf_str(reply), "\"RspCode\"");
	const char *q = k ? strchr(k + 9, '"') : NULL;
	if (status == 200 && q && strlen(q) >= 4 && q[3] == '"')
		snprintf(out, n, "%.2s", q + 1);
	else
		snprintf(out, n, status ? "http %ld" : "none", status);
}

static void *ipn_main(void *arg)
{
	struct ipn_job *j = arg;
	if (j->delay_ms > 0) {
		struct timespec ts = {j->delay_ms / 1000, (long)(j->delay_ms % 1000) * 1000000L};
		nanosleep(&ts, NULL);
	}
	for (int i = 0; i < j->calls; i++) {
		struct buf reply = BUF_INIT;
		long status = 0;
		char answer[16];
		if (svc_vnpay_http(j->url, NULL, j->timeout_s, &reply, &status) < 0)
			status = 0;
		rsp_code(&reply, status, answer, sizeof answer);
		buf_release(&reply);
		log_info("sandbox gateway: IPN of %s answered %s", j->txn_ref, answer);
		struct db *db = NULL;
		char err[256];
		if (db_open(j->db_url, &db, err, sizeof err) == 0) {
			struct log_ctx c = {j->txn_ref, answer};
			if (db_run_txn(db, log_txn, &c, DB_TXN_ATTEMPTS) < 0)
				log_warn("sandbox gateway: the IPN answer of %s not logged",
					 j->txn_ref);
			db_close(db);
		}
	}
	free(j->url);
	free(j->db_url);
	free(j->txn_ref);
	free(j);
	atomic_fetch_sub(&ipn_in_flight, 1);
	return NULL;
}

static void ipn_send(const struct config *cfg, const char *url, const char *txn_ref,
		     enum svc_sandbox_ipn ipn)
{
	if (ipn == SVC_SANDBOX_IPN_NONE)
		return;
	if (atomic_fetch_add(&ipn_in_flight, 1) >= SVC_SANDBOX_MAX_IPN) {
		atomic_fetch_sub(&ipn_in_flight, 1);
		log_warn("sandbox gateway: %d IPN calls in flight; %s gets none",
			 SVC_SANDBOX_MAX_IPN, txn_ref);
		return;
	}
	struct ipn_job *j = xcalloc(1, sizeof(*j));
	j->url = xstrdup(url);
	j->db_url = xstrdup(cfg->v.db);
	j->txn_ref = xstrdup(txn_ref);
	j->calls = ipn == SVC_SANDBOX_IPN_TWICE ? 2 : 1;
	j->delay_ms = ipn == SVC_SANDBOX_IPN_LATE ? cfg->v.payment_sandbox_late_seconds * 1000 : 0;
	j->timeout_s = (long)cfg->v.payment_timeout;
	pthread_t t;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, ipn_main, j) != 0) {
		log_warn("sandbox gateway: no thread for the IPN of %s", txn_ref);
		free(j->url);
		free(j->db_url);
		free(j->txn_ref);
		free(j);
		atomic_fetch_sub(&ipn_in_flight, 1);
	}
	pthread_attr_destroy(&attr);
}

/* ---- the payer's choice ---- */

/* The signed outcome of order t (IPN and return query), appended to out. */
static int outcome_query(const struct svc_vnpay_site *s, const struct sandbox_txn *t,
			 struct buf *out)
{
	char amount[24], no[24], bank_no[32], hash[VNPAY_HASH_HEX];
	struct vnpay_params p;
	struct buf d = BUF_INIT;
	int rc;
	snprintf(amount, sizeof amount, "%" PRId64, t->amount * 100);
	snprintf(no, sizeof no, "%" PRId64, t->id);
	snprintf(bank_no, sizeof bank_no, "VNP%" PRId64, t->id);
	bool paid = strcmp(t->response_code, "00") == 0;
	const char *const kv[][2] = {
		{"vnp_Amount", amount},
		{"vnp_BankCode", "NCB"},
		{"vnp_BankTranNo", paid ? bank_no : ""},
		{"vnp_CardType", "ATM"},
		{"vnp_OrderInfo", t->order_info},
		{"vnp_PayDate", t->pay_date},
		{"vnp_ResponseCode", t->response_code},
		{"vnp_TmnCode", t->tmn_code},
		{"vnp_TransactionNo", paid ? no : "0"},
		{"vnp_TransactionStatus", paid ? "00" : "02"},
		{"vnp_TxnRef", t->txn_ref},
	};
	vnpay_params_init(&p);
	for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
		if (kv[i][1][0] && (rc = vnpay_params_add(&p, kv[i][0], kv[i][1])) < 0)
			goto out;
	vnpay_sign_data(&p, &d);
	rc = sign(s, buf_str(&d), hash);
	if (rc == 0) {
		buf_add(out, d.p, d.len);
		buf_adds(out, "&vnp_SecureHashType=HmacSHA512&vnp_SecureHash=");
		buf_adds(out, hash);
	}
out:
	vnpay_params_release(&p);
	buf_release(&d);
	return rc;
}

struct pay_ctx {
	struct arena *a;
	const char *txn_ref, *code, *status, *pay_date;
	struct sandbox_txn *t;
};

static int pay_txn(struct db *db, void *arg)
{
	struct pay_ctx *c = arg;
	int rc = repo_sandbox_move(db, c->txn_ref, "open", c->status, c->code, c->pay_date);
	if (rc == DB_NOT_FOUND) {
		rc = repo_sandbox_get(db, c->a, c->txn_ref, c->t);
		if (rc == DB_NOT_FOUND)
			return svc_abort(db,
					 svc_fail(ERR_GATEWAY_ORDER_NOT_FOUND, "txn_ref", NULL));
		return rc < 0 ? rc : svc_abort(db, svc_fail(ERR_GATEWAY_ORDER_CLOSED, NULL, NULL));
	}
	return rc < 0 ? rc : repo_sandbox_get(db, c->a, c->txn_ref, c->t);
}

/* The merchant's return address of order t with its signed outcome query. */
static const char *return_address(struct arena *a, const struct sandbox_txn *t, const char *query)
{
	return arena_printf(a, "%s%s%s", t->return_url, strchr(t->return_url, '?') ? "&" : "?",
			    query);
}

struct svc_result svc_sandbox_pay(struct db *db, struct arena *a, const struct config *cfg,
				  const char *txn_ref, enum svc_sandbox_choice choice,
				  enum svc_sandbox_ipn ipn, const char **return_url)
{
	struct svc_vnpay_site s;
	struct sandbox_txn t;
	char pay_date[VNPAY_TIME_LEN];
	*return_url = NULL;
	if (!sandbox_on(cfg, a, &s))
		return svc_fail(ERR_SANDBOX_OFF, NULL, NULL);
	vnpay_time_format(clock_now_ms(), pay_date);
	bool paid = choice != SVC_SANDBOX_FAILED;
	struct pay_ctx c = {a, txn_ref, paid ? "00" : "24", paid ? "paid" : "failed", pay_date, &t};
	struct svc_result r = svc_txn_result(db, db_run_txn(db, pay_txn, &c, DB_TXN_ATTEMPTS));
	if (r.code != ERR_NONE || choice == SVC_SANDBOX_SILENT)
		return r;
	struct buf q = BUF_INIT;
	if (outcome_query(&s, &t, &q) < 0) {
		buf_release(&q);
		return svc_fail(ERR_INTERNAL, NULL, "signing failed");
	}
	char *ipn_url = arena_printf(a, "%s%s?%s", s.public_url, SVC_VNPAY_IPN_PATH, buf_str(&q));
	ipn_send(cfg, ipn_url, txn_ref, ipn);
	*return_url = return_address(a, &t, buf_str(&q));
	buf_release(&q);
	return svc_ok();
}

struct svc_result svc_sandbox_return(struct arena *a, const struct config *cfg,
				     const struct sandbox_txn *t, const char **return_url)
{
	struct svc_vnpay_site s;
	*return_url = NULL;
	if (!sandbox_on(cfg, a, &s))
		return svc_fail(ERR_SANDBOX_OFF, NULL, NULL);
	if (strcmp(t->status, "open") == 0)
		return svc_ok();
	struct buf q = BUF_INIT;
	int rc = outcome_query(&s, t, &q);
	if (rc == 0)
		*return_url = return_address(a, t, buf_str(&q));
	buf_release(&q);
	return rc < 0 ? svc_fail(ERR_INTERNAL, NULL, "signing failed") : svc_ok();
}

/* ---- the API: querydr and refund ---- */

struct api_ctx {
	struct arena *a;
	const char *txn_ref;
	bool refund;
	int64_t refund_amount;
	struct sandbox_txn t;
	const char *code; /* the answer's vnp_ResponseCode */
};

static int api_txn(struct db *db, void *arg)
{
	struct api_ctx *c = arg;
	int rc = repo_sandbox_get(db, c->a, c->txn_ref, &c->t);
	if (rc == DB_NOT_FOUND) {
		c->code = "91";
		return DB_OK;
	}
	if (rc < 0 || !c->refund) {
		c->code = "00";
		return rc;
	}
	if (strcmp(c->t.status, "paid") != 0) {
		c->code = "95"; /* not a successful payment: nothing to refund */
		return DB_OK;
	}
	if (c->refund_amount != c->t.amount) {
		c->code = "02"; /* the sandbox refunds in full only */
		return DB_OK;
	}
	rc = repo_sandbox_move(db, c->txn_ref, "paid", "refunded", NULL, NULL);
	if (rc < 0)
		return rc;
	c->code = "00";
	return repo_sandbox_get(db, c->a, c->txn_ref, &c->t);
}

/* The transaction status querydr reports for an order. */
static const char *txn_status(const struct sandbox_txn *t)
{
	if (strcmp(t->status, "paid") == 0)
		return "00";
	if (strcmp(t->status, "open") == 0)
		return "01";
	if (strcmp(t->status, "refunded") == 0)
		return "06";
	return "02";
}

/* Fills and signs the answer (code, and the order's fields when found). */
static int answer_fill(const struct svc_vnpay_site *s, struct arena *a, const struct api_ctx *c,
		       const char *command, struct vnpay_params *ans)
{
	bool found = strcmp(c->code, "91") && strcmp(c->code, "97") && strcmp(c->code, "03");
	const struct sandbox_txn *t = &c->t;
	const char *amount = found ? arena_printf(a, "%" PRId64, t->amount * 100) : "";
	const char *no = found && t->pay_date[0] ? arena_printf(a, "%" PRId64, t->id) : "";
	unsigned char r[8];
	char rid[17], hash[VNPAY_HASH_HEX];
	randombytes_buf(r, sizeof r);
	text_hex(r, sizeof r, rid);
	const char *const kv[][2] = {
		{"vnp_ResponseId", rid},
		{"vnp_Command", command},
		{"vnp_ResponseCode", c->code},
		{"vnp_Message", strcmp(c->code, "00") == 0 ? "Success" : "Refused"},
		{"vnp_TmnCode", s->tmn_code},
		{"vnp_TxnRef", c->txn_ref ? c->txn_ref : ""},
		{"vnp_Amount", amount},
		{"vnp_BankCode", found ? "NCB" : ""},
		{"vnp_PayDate", found ? t->pay_date : ""},
		{"vnp_TransactionNo", no},
		{"vnp_TransactionType", c->refund ? "02" : "01"},
		{"vnp_TransactionStatus", found ? (c->refund ? "05" : txn_status(t)) : ""},
		{"vnp_OrderInfo", found ? t->order_info : ""},
	};
	for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
		if (kv[i][1][0] && vnpay_params_add(ans, kv[i][0], kv[i][1]) < 0)
			return -1;
	struct buf d = BUF_INIT;
	vnpay_pipe_data(ans, c->refund ? VNPAY_REFUND_ANSWER : VNPAY_QUERYDR_ANSWER, &d);
	int rc = sign(s, buf_str(&d), hash);
	buf_release(&d);
	if (rc < 0 || vnpay_params_add(ans, "vnp_SecureHash", hash) < 0)
		return -1;
	return 0;
}

struct svc_result svc_sandbox_api(struct db *db, struct arena *a, const struct config *cfg,
				  const struct vnpay_params *req, struct vnpay_params *answer)
{
	struct svc_vnpay_site s;
	struct buf d = BUF_INIT;
	vnpay_params_init(answer);
	if (!sandbox_on(cfg, a, &s))
		return svc_fail(ERR_SANDBOX_OFF, NULL, NULL);
	const char *command = vnpay_params_get(req, "vnp_Command");
	struct api_ctx c = {.a = a, .txn_ref = vnpay_params_get(req, "vnp_TxnRef")};
	c.refund = command && strcmp(command, "refund") == 0;
	if (!command || (!c.refund && strcmp(command, "querydr") != 0))
		command = "querydr";
	vnpay_pipe_data(req, c.refund ? VNPAY_REFUND_REQUEST : VNPAY_QUERYDR_REQUEST, &d);
	bool ok = signed_by(&s, buf_str(&d), vnpay_params_get(req, "vnp_SecureHash"));
	buf_release(&d);
	const char *tmn = vnpay_params_get(req, "vnp_TmnCode");
	const char *am = vnpay_params_get(req, "vnp_Amount");
	struct svc_result r = svc_ok();
	if (!ok) {
		c.code = "97";
	} else if (!c.txn_ref || !tmn || strcmp(tmn, s.tmn_code) != 0 ||
		   (c.refund && (!am || text_parse_i64(am, 100, VNPAY_MAX_AMOUNT * 100,
						       &c.refund_amount) < 0))) {
		c.code = "03";
	} else {
		c.refund_amount /= 100;
		r = svc_txn_result(db, db_run_txn(db, api_txn, &c, DB_TXN_ATTEMPTS));
		if (r.code != ERR_NONE)
			return r;
	}
	if (answer_fill(&s, a, &c, command, answer) < 0) {
		vnpay_params_release(answer);
		return svc_fail(ERR_INTERNAL, NULL, "the answer cannot be signed");
	}
	return r;
}
