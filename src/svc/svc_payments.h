/* Fees, payment demands, payments and e-receipts (issue 13, DOMAIN.md
 * section 12). Layer: svc.
 *
 * ---- How an online gateway plugs in (read this first) ----
 *
 * 1. Starting. The dossier's owner POSTs {"method": "online"} to
 *    /api/v1/dossiers/{code}/payments. svc_payment_create() checks there
 *    is an open demand, inserts a payment {method "online", status
 *    "pending", amount = the demand's total (đồng), gateway = the
 *    adapter's name, txn_ref = a fresh merchant order reference
 *    "MC<payment id>T<unix seconds>" (letters and digits, unique)}, commits,
 *    then asks the adapter chosen by `payment.gateway`
 *    (svc_payment_gateway(cfg), table in svc_payment_gateway.c) for the
 *    address to send the payer to: gw->start(cfg, a, &start_in, &url).
 *    "sandbox" and "vnpay" share the VNPAY adapter (svc_vnpay.c); with
 *    "none", or a name without a row, the owner gets 503
 *    PAYMENT_GATEWAY_UNAVAILABLE and no payment is created.
 * 2. Finding. The IPN handler, the return page and the reconciler find a
 *    payment by its reference: svc_payment_by_txn_ref() (NOT_FOUND ->
 *    VNPAY RspCode 01). Pending ones older than a time:
 *    svc_payments_pending().
 * 3. Settling, exactly once. svc_payment_settle() with the reference, the
 *    outcome (paid or failed), the amount the gateway reports in đồng
 *    (VNPAY's vnp_Amount / 100: integers only) and the gateway's
 *    transaction number. In one transaction it reads the payment; if it is
 *    no longer pending the answer is SVC_SETTLE_ALREADY (RspCode 02) and
 *    nothing changes; if the amount differs it flags the payment
 *    "amount_mismatch" for the office and answers SVC_SETTLE_AMOUNT
 *    (RspCode 04) leaving it pending; else it sets the status with a
 *    guarded UPDATE (... WHERE status = 'pending'), and for "paid" marks
 *    the demand paid, takes the next receipt number of the series,
 *    appends `payment_paid` (or `payment_failed`) to the dossier's history
 *    with the method, amount and gateway transaction number, and resumes
 *    the clock (record_payment) if the demand had paused it
 *    (SVC_SETTLE_DONE, RspCode 00). Concurrent IPNs and the reconciler
 *    race safely: only one guarded UPDATE can win. The receipt's PDF is
 *    rendered and signed after the commit (svc_receipt_render()); a crash
 *    before that leaves the number taken and the PDF is made on the first
 *    download.
 * 4. Refunds. After the gateway confirmed a refund: svc_payment_refunded()
 *    (paid -> refunded, event `payment_refunded`).
 *
 * The desk's methods (cash, card, transfer) go through the same
 * svc_payment_create(), which settles them as paid in the same
 * transaction.
 */
#ifndef MOTCUA_SVC_SVC_PAYMENTS_H
#define MOTCUA_SVC_SVC_PAYMENTS_H

#include "model/payment.h"
#include "svc/svc.h"
#include "svc/svc_vnpay.h"

/* ---- gateway adapters (svc_payment_gateway.c) ---- */

struct svc_gateway_start {
	const struct payment *payment; /* pending, with txn_ref and amount */
	const char *dossier_code;
	const char *order_info; /* "Thanh toan ho so <code>": ASCII, for the gateway */
	const char *client_ip;	/* the payer's address (vnp_IpAddr) */
	int64_t now_ms;
};

struct svc_gateway {
	const char *name; /* the value of payment.gateway that selects it */
	/* The address to send the payer's browser to, into *url (from a).
	 * Returns 0, or -1 with a reason in err (the payment stays pending;
	 * the reconciler settles it or it expires). */
	int (*start)(const struct config *cfg, struct arena *a, const struct svc_gateway_start *in,
		     const char **url, char *err, size_t errlen);
	/* The rest of the interface (svc_vnpay.h; VNPAY 2.1.0's shape, which
	 * Vietnam's gateways share): checks the query of a callback (IPN or
	 * return) and reads its outcome; asks the gateway about a payment
	 * (querydr); asks it to refund a paid one in full. query and refund
	 * return 0 with *out, or -1 with a reason in err (try again later). */
	enum svc_vnpay_verdict (*verify)(const struct config *cfg, struct arena *a,
					 const struct vnpay_params *p, struct vnpay_outcome *o);
	int (*query)(const struct config *cfg, struct arena *a, const struct payment *p,
		     int64_t now, struct svc_vnpay_answer *out, char *err, size_t errlen);
	int (*refund)(const struct config *cfg, struct arena *a, const struct payment *p,
		      const char *by, int64_t now, struct svc_vnpay_answer *out, char *err,
		      size_t errlen);
};

/* The adapter named by cfg->v.payment_gateway, NULL if none (then online
 * payment answers 503 PAYMENT_GATEWAY_UNAVAILABLE). */
const struct svc_gateway *svc_payment_gateway(const struct config *cfg);
/* Checks payment.gateway at start: a name of the table or "none", and for
 * vnpay its terminal code and secret; -1 with err set otherwise, so that a
 * misspelt gateway stops the server instead of a payer meeting a 503. */
int svc_payment_gateway_check(const struct config *cfg, char *err, size_t errlen);

/* ---- reading ---- */

struct svc_payments_view {
	struct payment_demand *demands;
	size_t ndemands;
	struct payment *payments;
	size_t npayments;
};

/* The demands and payments of dossier code, for who (its owner, or an
 * officer who may read it). Errors: DOSSIER_NOT_FOUND, FORBIDDEN,
 * DB_ERROR. */
struct svc_result svc_payments_of(struct db *db, struct arena *a, const struct svc_actor *who,
				  const char *code, struct svc_payments_view *out);

/* The payment by its merchant reference. Errors: PAYMENT_NOT_FOUND,
 * DB_ERROR. */
struct svc_result svc_payment_by_txn_ref(struct db *db, struct arena *a, const char *txn_ref,
					 struct payment *out);

/* Online payments still pending that were created before `before` (UTC
 * ms), oldest first, at most `limit`. Errors: DB_ERROR. */
struct svc_result svc_payments_pending(struct db *db, struct arena *a, int64_t before, size_t limit,
				       struct payment **out, size_t *n);

/* ---- paying ---- */

struct svc_payment_in {
	const char *method;    /* cash | card | transfer (a receiver) | online (the owner) */
	const char *reference; /* optional, desk methods: slip or transfer number */
	const char *client_ip; /* for the gateway */
};

/* Pays dossier code's open demand: a receiver at the desk (cash, card,
 * transfer: paid at once, with its receipt), or the owner online (pending,
 * *url the gateway's address). While an online payment of the demand is
 * pending and not expired (payment.expire_minutes), online answers that
 * one again, *resumed true, never a second gateway order. Errors: DOSSIER_NOT_FOUND, FORBIDDEN,
 * FIELD_INVALID (method, reference), NO_PAYMENT_DUE,
 * PAYMENT_GATEWAY_UNAVAILABLE, SIGNER_UNAVAILABLE (receipt), DB_ERROR. */
struct svc_result svc_payment_create(struct db *db, struct arena *a, const struct config *cfg,
				     const struct svc_actor *who, const char *code,
				     const struct svc_payment_in *in, struct payment *out,
				     const char **url, bool *resumed);

enum svc_settle {
	SVC_SETTLE_DONE,      /* the state changed now (VNPAY 00) */
	SVC_SETTLE_NOT_FOUND, /* no payment has this reference (01) */
	SVC_SETTLE_ALREADY,   /* settled before: nothing changed (02) */
	SVC_SETTLE_AMOUNT,    /* the amount differs: flagged, nothing else (04) */
};

struct svc_settle_in {
	const char *txn_ref;
	bool paid;		 /* true: paid; false: failed */
	int64_t amount;		 /* đồng, as the gateway reports it */
	const char *gateway_txn; /* the gateway's transaction number, may be NULL */
	const char *note;	 /* e.g. the gateway's response code, for the history */
};

/* Settles a pending online payment exactly once (see the top of this
 * file); *outcome says what happened, *out (may be NULL) gets the payment
 * as it is after. The receipt PDF of a payment paid now is rendered after
 * the commit. Errors: DB_ERROR (the gateway should retry: VNPAY 99). */
struct svc_result svc_payment_settle(struct db *db, struct arena *a, const struct config *cfg,
				     const struct svc_settle_in *in, enum svc_settle *outcome,
				     struct payment *out);

/* A paid payment refunded by the gateway (or the desk): refunded, event
 * payment_refunded. Errors: PAYMENT_NOT_FOUND, PAYMENT_NOT_REFUNDABLE,
 * DB_ERROR. */
struct svc_result svc_payment_refunded(struct db *db, struct arena *a, int64_t payment_id,
				       const char *gateway_txn, const char *note);

/* Settles pending payment p from the gateway's querydr answer ans (the
 * reconciler's round and the office's action share it): paid with the
 * amount the gateway reports, or failed. note goes to the history. As
 * svc_payment_settle. */
struct svc_result svc_payment_settle_answer(struct db *db, struct arena *a,
					    const struct config *cfg, const struct payment *p,
					    const struct svc_vnpay_answer *ans, const char *note,
					    enum svc_settle *outcome);

/* Asks gw to refund paid online payment p in full (by: who asks, for the
 * gateway and the history) and records it: refunded, event
 * payment_refunded. Refused or unanswered, the next attempt waits
 * payment.refund_backoff_minutes, doubled for each refusal before (at most
 * a week), and the worker's rounds leave it alone until then. Errors:
 * PAYMENT_REFUND_REFUSED, PAYMENT_GATEWAY_UNAVAILABLE, and those of
 * svc_payment_refunded. */
struct svc_result svc_payment_refund_gateway(struct db *db, struct arena *a,
					     const struct config *cfg, const struct svc_gateway *gw,
					     const struct payment *p, const char *by, int64_t now);

/* ---- receipts ---- */

/* The signed receipt PDF of payment id into *pdf (malloc'd, the caller
 * frees it with buf_release), rendering and signing it first if it was
 * not yet. For its payer (owner) or an officer who may read the dossier.
 * Errors: PAYMENT_NOT_FOUND, FORBIDDEN, SIGNER_UNAVAILABLE, STORAGE_ERROR,
 * DB_ERROR. */
struct buf;
struct svc_result svc_receipt_pdf(struct db *db, struct arena *a, const struct config *cfg,
				  const struct svc_actor *who, int64_t payment_id, struct buf *pdf,
				  struct payment *out);

/* ---- the office ---- */

struct svc_payments_day {
	struct payment *payments;
	size_t npayments;
	struct payment_day_total *totals; /* per method, paid only */
	size_t ntotals;
	int64_t total; /* đồng */
};

/* Payments settled or created on the local day `date` (YYYY-MM-DD) by the
 * agency of who (office, leader, admin). Errors: FORBIDDEN, BAD_QUERY,
 * DB_ERROR. */
struct svc_result svc_payments_day(struct db *db, struct arena *a, const struct svc_actor *who,
				   const char *date, struct svc_payments_day *out);
/* The day's list as an XLSX workbook appended to out (initialised): one row
 * a payment, then the totals per method. Errors: INTERNAL. */
struct svc_result svc_payments_day_xlsx(const struct config *cfg, struct arena *a, const char *date,
					const struct svc_payments_day *day, struct buf *out);

/* ---- the office's reconciliation (svc_reconcile.c) ---- */

/* One online payment of a day: motcua's state beside the gateway's
 * (querydr now). */
struct svc_recon_row {
	struct payment p;
	/* paid | pending | failed | refunded | not_found (the gateway has no
	 * such order) | unreachable (no answer, or another gateway's) */
	const char *gw_state;
	int64_t gw_amount;   /* đồng, as the gateway reports it; 0 if none */
	const char *gw_txn;  /* the gateway's transaction number, or NULL */
	const char *gw_code; /* "<response code>/<transaction status>", or NULL */
	/* NULL when both agree, else: amount (the gateway's amount differs, or
	 * an IPN said so: VNPAY 04), paid_at_gateway (pending or failed here),
	 * failed_at_gateway (pending here), not_paid_at_gateway (paid here),
	 * refunded_at_gateway (paid here), not_refunded_at_gateway, unreachable */
	const char *mismatch;
};

struct svc_recon {
	struct svc_recon_row *rows;
	size_t nrows;
	int64_t mismatches;
};

/* The online payments created or settled on local day `date` (YYYY-MM-DD)
 * in who's agency, each with what the gateway says of it. The office and
 * the administrator only. Errors: FORBIDDEN, BAD_QUERY (date),
 * STATS_TOO_MANY (more than SVC_RECON_MAX online payments), DB_ERROR. */
#define SVC_RECON_MAX 200
struct svc_result svc_payments_reconciliation(struct db *db, struct arena *a,
					      const struct config *cfg, const struct svc_actor *who,
					      const char *date, struct svc_recon *out);

/* The office settles pending online payment id from the gateway's answer
 * now; *out the payment after. Errors: FORBIDDEN, PAYMENT_NOT_FOUND (also
 * another agency's), PAYMENT_NOT_PENDING, PAYMENT_GATEWAY_UNAVAILABLE (no
 * answer), PAYMENT_GATEWAY_UNSETTLED (not finished at the gateway),
 * PAYMENT_AMOUNT_MISMATCH (flagged), DB_ERROR. */
struct svc_result svc_payment_settle_now(struct db *db, struct arena *a, const struct config *cfg,
					 const struct svc_actor *who, int64_t id,
					 struct payment *out);

/* The office refunds paid payment id of a dossier refused or stopped:
 * online through the gateway now (svc_payment_refund_gateway), a desk
 * payment recorded as handed back. *out the payment after. Errors:
 * FORBIDDEN, PAYMENT_NOT_FOUND (also another agency's),
 * PAYMENT_NOT_REFUNDABLE (not paid, or its dossier not refused or
 * stopped), PAYMENT_REFUND_REFUSED, PAYMENT_GATEWAY_UNAVAILABLE, DB_ERROR. */
struct svc_result svc_payment_refund_now(struct db *db, struct arena *a, const struct config *cfg,
					 const struct svc_actor *who, int64_t id,
					 struct payment *out);

#endif
