/* Online payments settled through the gateway (issue 13): the adapter's
 * query and refund in the gateway table, the IPN's and the return address's use cases,
 * the reconciler's round (querydr for every payment still pending after
 * payment.reconcile_minutes) and the refunds of paid fees of dossiers
 * refused or stopped. Each change of a payment goes through
 * svc_payment_settle() / svc_payment_refunded() (svc_payments.h), whose
 * guarded UPDATE makes it happen exactly once however IPNs, returns and
 * reconcilers race.
 *
 * Layer: svc.
 */
#include <inttypes.h>
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "repo/repo_gateway.h"
#include "svc/svc_payments.h"
#include "svc/svc_vnpay.h"

/* The rows a round looks at, at most. */
#define ROUND_LIMIT 100

static struct svc_vnpay_order order_of(const struct payment *p, const char *order_info,
				       const char *client_ip)
{
	return (struct svc_vnpay_order){
		.txn_ref = p->txn_ref,
		.amount = p->amount,
		.order_info = order_info,
		.client_ip = client_ip,
		.created_at = p->created_at,
	};
}

int svc_vnpay_gw_query(const struct config *cfg, struct arena *a, const struct payment *p,
		       int64_t now, struct svc_vnpay_answer *out, char *err, size_t errlen)
{
	struct svc_vnpay_order o = order_of(p, "", "127.0.0.1");
	return svc_vnpay_query(cfg, a, &o, now, out, err, errlen);
}

int svc_vnpay_gw_refund(const struct config *cfg, struct arena *a, const struct payment *p,
			const char *by, int64_t now, struct svc_vnpay_answer *out, char *err,
			size_t errlen)
{
	struct svc_vnpay_order o = order_of(p, "", "127.0.0.1");
	return svc_vnpay_refund(cfg, a, &o, p->gateway_txn, by, now, out, err, errlen);
}

/* VNPAY's answer to an IPN for each outcome of svc_payment_settle. */
static void settled(enum svc_settle outcome, const char **rsp_code, const char **message)
{
	static const char *const answers[][2] = {
		[SVC_SETTLE_DONE] = {"00", "Confirm Success"},
		[SVC_SETTLE_NOT_FOUND] = {"01", "Order not found"},
		[SVC_SETTLE_ALREADY] = {"02", "Order already confirmed"},
		[SVC_SETTLE_AMOUNT] = {"04", "Invalid amount"},
	};
	*rsp_code = answers[outcome][0];
	*message = answers[outcome][1];
}

void svc_vnpay_ipn(struct db *db, struct arena *a, const struct config *cfg,
		   const struct vnpay_params *p, const char **rsp_code, const char **message)
{
	const struct svc_gateway *gw = svc_payment_gateway(cfg);
	struct vnpay_outcome o;
	enum svc_vnpay_verdict v = gw ? gw->verify(cfg, a, p, &o) : SVC_VNPAY_BAD_SIGNATURE;
	*rsp_code = "99";
	*message = "Invalid request";
	if (v == SVC_VNPAY_BAD_SIGNATURE) {
		*rsp_code = "97";
		*message = "Invalid signature";
	}
	if (v != SVC_VNPAY_VALID)
		return;
	struct svc_settle_in in = {
		.txn_ref = o.txn_ref,
		.paid = o.paid,
		.amount = o.amount,
		.gateway_txn =
			o.transaction_no && strcmp(o.transaction_no, "0") ? o.transaction_no : NULL,
		.note = arena_printf(a, "IPN %s", o.response_code),
	};
	enum svc_settle outcome;
	struct svc_result r = svc_payment_settle(db, a, cfg, &in, &outcome, NULL);
	if (r.code != ERR_NONE) {
		log_warn("vnpay ipn %s: %s", o.txn_ref, r.detail ? r.detail : "failed");
		*message = "Unknown error";
		return;
	}
	settled(outcome, rsp_code, message);
}

struct svc_result svc_vnpay_return(struct db *db, struct arena *a, const struct config *cfg,
				   const struct vnpay_params *p, const char **location)
{
	const struct svc_gateway *gw = svc_payment_gateway(cfg);
	struct vnpay_outcome o;
	struct payment pay;
	*location = "/#/my-dossiers?payment=invalid";
	if (!gw || gw->verify(cfg, a, p, &o) != SVC_VNPAY_VALID)
		return svc_ok();
	struct svc_result r = svc_payment_by_txn_ref(db, a, o.txn_ref, &pay);
	if (r.code == ERR_PAYMENT_NOT_FOUND)
		return svc_ok();
	if (r.code != ERR_NONE)
		return r;
	/* The gateway's word, shown to the payer; the payment itself is
	 * settled by the IPN or the reconciler, never here. */
	struct buf loc = BUF_INIT;
	buf_adds(&loc, "/#/dossiers/");
	vnpay_form_encode(&loc, pay.dossier_code ? pay.dossier_code : "");
	buf_adds(&loc, o.paid ? "?payment=paid&ref=" : "?payment=failed&ref=");
	vnpay_form_encode(&loc, o.txn_ref);
	*location = arena_strdup(a, buf_str(&loc));
	buf_release(&loc);
	return svc_ok();
}

struct svc_result svc_payment_settle_answer(struct db *db, struct arena *a,
					    const struct config *cfg, const struct payment *p,
					    const struct svc_vnpay_answer *ans, const char *note,
					    enum svc_settle *outcome)
{
	struct svc_settle_in in = {
		.txn_ref = p->txn_ref,
		.paid = ans->paid,
		.amount = ans->paid ? ans->amount : p->amount,
		.gateway_txn = ans->transaction_no[0] && strcmp(ans->transaction_no, "0")
				       ? ans->transaction_no
				       : NULL,
		.note = arena_printf(a, "querydr %s/%s%s%s", ans->response_code,
				     ans->transaction_status, note ? " " : "", note ? note : ""),
	};
	return svc_payment_settle(db, a, cfg, &in, outcome, NULL);
}

/* Settles one pending payment from the gateway's answer. */
static void reconcile_one(struct db *db, struct arena *a, const struct config *cfg,
			  const struct svc_gateway *gw, const struct payment *p, int64_t now,
			  struct svc_vnpay_round *st)
{
	struct svc_vnpay_answer ans;
	char err[256];
	if (gw->query(cfg, a, p, now, &ans, err, sizeof err) < 0) {
		log_warn("reconciler: %s: %s", p->txn_ref, err);
		st->errors++;
		return;
	}
	/* Not finished (01) and past its expiry and a grace: it never will be. */
	int64_t dead = p->created_at + (cfg->v.payment_expire_minutes + 5) * 60 * INT64_C(1000);
	if (!ans.paid && !ans.failed && now <= dead)
		return;
	enum svc_settle outcome;
	struct svc_result r = svc_payment_settle_answer(db, a, cfg, p, &ans, NULL, &outcome);
	if (r.code != ERR_NONE)
		st->errors++;
	else if (outcome == SVC_SETTLE_DONE)
		st->settled++;
}

/* The longest a refused refund waits for its next attempt. */
#define REFUND_WAIT_MAX (7 * 24 * 3600 * INT64_C(1000))

struct svc_result svc_payment_refund_gateway(struct db *db, struct arena *a,
					     const struct config *cfg, const struct svc_gateway *gw,
					     const struct payment *p, const char *by, int64_t now)
{
	struct svc_vnpay_answer ans;
	char err[256] = "";
	memset(&ans, 0, sizeof ans);
	int called = gw->refund(cfg, a, p, by, now, &ans, err, sizeof err);
	if (called == 0 && ans.paid)
		return svc_payment_refunded(
			db, a, p->id, ans.transaction_no[0] ? ans.transaction_no : p->gateway_txn,
			arena_printf(a, "refund %s by %s", ans.response_code, by));
	/* Refused, or no answer: asked again after payment.refund_backoff_minutes,
	 * doubled for each refusal before, not at every round. */
	int64_t wait = cfg->v.payment_refund_backoff_minutes * 60 * INT64_C(1000);
	for (int64_t i = 0; i < p->refund_attempts && wait < REFUND_WAIT_MAX; i++)
		wait *= 2;
	if (wait > REFUND_WAIT_MAX)
		wait = REFUND_WAIT_MAX;
	log_warn("refund: %s: %s; asked again in %" PRId64 " minutes", p->txn_ref,
		 called == 0 ? ans.response_code : err, wait / 60000);
	if (repo_payment_refund_later(db, p->id, now + wait) < 0)
		log_warn("refund: %s: the next attempt's time was not recorded", p->txn_ref);
	if (called != 0)
		return svc_fail(ERR_PAYMENT_GATEWAY_UNAVAILABLE, NULL, arena_strdup(a, err));
	return svc_fail(ERR_PAYMENT_REFUND_REFUSED, NULL,
			arena_printf(a, "the gateway answered %s", ans.response_code));
}

/* Asks the gateway to refund one paid payment, and records it. */
static void refund_one(struct db *db, struct arena *a, const struct config *cfg,
		       const struct svc_gateway *gw, const struct payment *p, int64_t now,
		       struct svc_vnpay_round *st)
{
	struct svc_result r = svc_payment_refund_gateway(db, a, cfg, gw, p, "motcua", now);
	if (r.code == ERR_NONE)
		st->refunded++;
	else
		st->errors++;
}

int svc_vnpay_round(struct db *db, const struct config *cfg, struct svc_vnpay_round *st)
{
	struct svc_vnpay_round local;
	struct svc_vnpay_site site;
	struct arena a;
	struct payment *ps = NULL;
	size_t n = 0;
	int rc = 0;
	const struct svc_gateway *gw = svc_payment_gateway(cfg);
	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	arena_init(&a);
	if (!gw || !svc_vnpay_site(cfg, &a, &site))
		goto out; /* gateway none, or vnpay not configured: nothing to ask */
	int64_t now = clock_now_ms();
	struct svc_result r = svc_payments_pending(
		db, &a, now - cfg->v.payment_reconcile_minutes * 60 * INT64_C(1000), ROUND_LIMIT,
		&ps, &n);
	if (r.code != ERR_NONE) {
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (ps[i].gateway && strcmp(ps[i].gateway, gw->name) == 0)
			reconcile_one(db, &a, cfg, gw, &ps[i], now, st);
	if (repo_payments_refundable(db, &a, gw->name, now, ROUND_LIMIT, &ps, &n) < 0) {
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		refund_one(db, &a, cfg, gw, &ps[i], now, st);
out:
	arena_release(&a);
	return rc;
}
