/* The office's actions on the money (issue 13): the reconciliation of
 * online payments, for a day each with motcua's state beside the gateway's
 * (querydr through the gateway interface, svc_payments.h), the mismatches
 * flagged; settling a pending one from the gateway's answer
 * (svc_payment_settle_answer(), the reconciler's own path, so the change
 * still happens exactly once); and refunding a paid fee of a dossier
 * refused or stopped (svc_payment_refund_gateway(), the worker's path).
 * Layer: svc.
 *
 * Only the office and the administrator: the gateway's books are money,
 * not the desk's work. Each row costs one call to the gateway; a day is
 * capped at SVC_RECON_MAX online payments. */
#include <inttypes.h>
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "core/roles.h"
#include "repo/repo_gateway.h"
#include "repo/repo_payments.h"
#include "svc/svc_payments_impl.h"

static bool office(const struct svc_actor *who)
{
	return (who->roles & (ROLE_OFFICE | ROLE_ADMIN)) != 0;
}

/* The gateway's state of an order from its querydr answer. */
static const char *gw_state_of(const struct svc_vnpay_answer *ans)
{
	const char *ts = ans->transaction_status;
	if (!strcmp(ans->response_code, "91"))
		return "not_found";
	if (strcmp(ans->response_code, "00"))
		return "unreachable";
	if (!strcmp(ts, "00"))
		return "paid";
	if (!strcmp(ts, "01"))
		return "pending";
	if (!strcmp(ts, "05") || !strcmp(ts, "06"))
		return "refunded"; /* refund in progress, or sent to the bank */
	return "failed";
}

/* What disagrees between motcua's payment and the gateway's state, or
 * NULL. */
static const char *mismatch_of(const struct svc_recon_row *r)
{
	const char *st = r->p.status, *gw = r->gw_state;
	bool gw_paid = !strcmp(gw, "paid");
	if ((r->p.flag && !strcmp(r->p.flag, "amount_mismatch")) ||
	    (gw_paid && r->gw_amount != r->p.amount))
		return "amount";
	if (!strcmp(gw, "unreachable"))
		return "unreachable";
	if (!strcmp(st, "pending") || !strcmp(st, "failed")) {
		if (gw_paid)
			return "paid_at_gateway";
		/* not_found while pending: the payer has not reached the
		 * gateway (yet); the reconciler fails it once it expires. */
		return !strcmp(st, "pending") && !strcmp(gw, "failed") ? "failed_at_gateway" : NULL;
	}
	if (!strcmp(st, "paid") && !gw_paid)
		return !strcmp(gw, "refunded") ? "refunded_at_gateway" : "not_paid_at_gateway";
	if (!strcmp(st, "refunded") && gw_paid)
		return "not_refunded_at_gateway";
	return NULL;
}

/* Asks the gateway about r->p and fills the gateway's side of r. */
static void ask(const struct config *cfg, struct arena *a, const struct svc_gateway *gw,
		struct svc_recon_row *r, int64_t now)
{
	struct svc_vnpay_answer ans;
	char err[256] = "";
	r->gw_state = "unreachable";
	if (!gw || !r->p.gateway || strcmp(r->p.gateway, gw->name) || !r->p.txn_ref)
		return; /* made through another gateway than the one configured */
	if (gw->query(cfg, a, &r->p, now, &ans, err, sizeof err) < 0) {
		log_warn("reconciliation: %s: %s", r->p.txn_ref, err);
		return;
	}
	r->gw_state = gw_state_of(&ans);
	r->gw_amount = ans.amount;
	r->gw_txn = ans.transaction_no[0] && strcmp(ans.transaction_no, "0")
			    ? arena_strdup(a, ans.transaction_no)
			    : NULL;
	r->gw_code = arena_printf(a, "%s/%s", ans.response_code, ans.transaction_status);
}

struct svc_result svc_payments_reconciliation(struct db *db, struct arena *a,
					      const struct config *cfg, const struct svc_actor *who,
					      const char *date, struct svc_recon *out)
{
	memset(out, 0, sizeof *out);
	if (!office(who))
		return svc_fail(ERR_FORBIDDEN, NULL, "the office's or an administrator's");
	struct svc_payments_day day;
	struct svc_result r = svc_payments_day(db, a, who, date, &day);
	if (r.code != ERR_NONE)
		return r;
	size_t n = 0;
	for (size_t i = 0; i < day.npayments; i++)
		n += !strcmp(day.payments[i].method, "online");
	if (n > SVC_RECON_MAX)
		return svc_fail(ERR_STATS_TOO_MANY, "date",
				arena_printf(a, "at most %d online payments a day", SVC_RECON_MAX));
	const struct svc_gateway *gw = svc_payment_gateway(cfg);
	int64_t now = clock_now_ms();
	out->rows = arena_zalloc(a, (n + 1) * sizeof *out->rows);
	for (size_t i = 0; i < day.npayments; i++) {
		if (strcmp(day.payments[i].method, "online"))
			continue;
		struct svc_recon_row *row = &out->rows[out->nrows++];
		row->p = day.payments[i];
		ask(cfg, a, gw, row, now);
		row->mismatch = mismatch_of(row);
		out->mismatches += row->mismatch != NULL;
	}
	return svc_ok();
}

/* Payment id, if who's agency's; DB_ABORT with PAYMENT_NOT_FOUND if not. */
static struct svc_result own_payment(struct db *db, struct arena *a, const struct svc_actor *who,
				     int64_t id, struct payment *p)
{
	int rc = repo_payment_get(db, a, id, p);
	size_t n = rc == DB_OK ? 1 : 0;
	if (rc == DB_OK)
		rc = svcpay_own_agency(db, a, who, p, &n);
	if (rc == DB_NOT_FOUND || (rc == DB_OK && n == 0))
		return svc_fail(ERR_PAYMENT_NOT_FOUND, "id", NULL);
	return svc_txn_result(db, rc);
}

struct svc_result svc_payment_settle_now(struct db *db, struct arena *a, const struct config *cfg,
					 const struct svc_actor *who, int64_t id,
					 struct payment *out)
{
	memset(out, 0, sizeof *out);
	if (!office(who))
		return svc_fail(ERR_FORBIDDEN, NULL, "the office's or an administrator's");
	struct svc_result r = own_payment(db, a, who, id, out);
	if (r.code != ERR_NONE)
		return r;
	if (strcmp(out->status, "pending") || strcmp(out->method, "online"))
		return svc_fail(ERR_PAYMENT_NOT_PENDING, "id", out->status);
	const struct svc_gateway *gw = svc_payment_gateway(cfg);
	struct svc_vnpay_answer ans;
	char err[256] = "";
	if (!gw || !out->gateway || strcmp(out->gateway, gw->name))
		return svc_fail(ERR_PAYMENT_GATEWAY_UNAVAILABLE, NULL, out->gateway);
	if (gw->query(cfg, a, out, clock_now_ms(), &ans, err, sizeof err) < 0)
		return svc_fail(ERR_PAYMENT_GATEWAY_UNAVAILABLE, NULL, arena_strdup(a, err));
	if (!ans.paid && !ans.failed)
		return svc_fail(ERR_PAYMENT_GATEWAY_UNSETTLED, "id",
				arena_printf(a, "querydr %s/%s", ans.response_code,
					     ans.transaction_status));
	enum svc_settle outcome;
	r = svc_payment_settle_answer(db, a, cfg, out, &ans,
				      arena_printf(a, "by %s", who->username), &outcome);
	if (r.code != ERR_NONE)
		return r;
	log_info("payment %s settled by %s from the gateway's answer (%d)", out->txn_ref,
		 who->username, (int)outcome);
	if (outcome == SVC_SETTLE_AMOUNT)
		return svc_fail(
			ERR_PAYMENT_AMOUNT_MISMATCH, "id",
			arena_printf(a, "the gateway reports %" PRId64 " đồng", ans.amount));
	if (outcome != SVC_SETTLE_DONE)
		return svc_fail(ERR_PAYMENT_NOT_PENDING, "id", NULL);
	return own_payment(db, a, who, id, out);
}

struct svc_result svc_payment_refund_now(struct db *db, struct arena *a, const struct config *cfg,
					 const struct svc_actor *who, int64_t id,
					 struct payment *out)
{
	memset(out, 0, sizeof *out);
	if (!office(who))
		return svc_fail(ERR_FORBIDDEN, NULL, "the office's or an administrator's");
	struct svc_result r = own_payment(db, a, who, id, out);
	if (r.code != ERR_NONE)
		return r;
	struct dossier d;
	int rc = repo_dossier_by_code(db, a, out->dossier_code, &d);
	if (rc < 0)
		return svc_txn_result(db, rc == DB_NOT_FOUND ? DB_HARD : rc);
	if (strcmp(out->status, "paid"))
		return svc_fail(ERR_PAYMENT_NOT_REFUNDABLE, "id", out->status);
	/* The fee goes back as chosen when the dossier was stopped or
	 * withdrawn, or when it was refused or stopped with no choice stated;
	 * a payment that settled after its demand was cancelled always. */
	bool back;
	if ((rc = repo_payment_refunds(db, id, &back)) < 0)
		return svc_txn_result(db, rc);
	if (!back)
		return svc_fail(
			ERR_PAYMENT_NOT_REFUNDABLE, "id",
			arena_printf(a, "the dossier is %s, its fee not refunded", d.state));
	if (!strcmp(out->method, "online")) {
		const struct svc_gateway *gw = svc_payment_gateway(cfg);
		if (!gw || !out->gateway || strcmp(out->gateway, gw->name))
			return svc_fail(ERR_PAYMENT_GATEWAY_UNAVAILABLE, NULL, out->gateway);
		r = svc_payment_refund_gateway(db, a, cfg, gw, out, who->username, clock_now_ms());
	} else {
		r = svc_payment_refunded(
			db, a, id, NULL,
			arena_printf(a, "handed back at the desk, by %s", who->username));
	}
	if (r.code != ERR_NONE)
		return r;
	log_info("payment %" PRId64 " of %s refunded by %s", id, out->dossier_code, who->username);
	return own_payment(db, a, who, id, out);
}
