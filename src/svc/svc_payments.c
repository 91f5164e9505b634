/* Payment demands and payments: see svc_payments.h (the gateway's side of
 * it is described at its top). Layer: svc.
 *
 * Every change of a payment's state is one transaction that also appends
 * the dossier's event, so the history and the payments never disagree; a
 * paid payment takes its receipt number in that transaction too (gapless
 * per series). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/path.h"
#include "doc/sheet.h"
#include "core/roles.h"
#include "repo/repo_payments.h"
#include "svc/svc_documents.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_payments_impl.h"

/* ---- demands (inside the dossier's own transactions) ---- */

/* Appends an event of kind k to d's chain; the caller writes the row. */
static int append(struct db *db, struct arena *a, struct dossier *d, const struct svc_actor *who,
		  enum event_kind k, const char *note, const char *data, int64_t now)
{
	struct event e = {.at = now,
			  .actor_id = who ? who->id : 0,
			  .actor = who ? who->username : "",
			  .action = event_kind_def(k)->action,
			  .from_state = d->state,
			  .to_state = d->state,
			  .step_from = d->step,
			  .step_to = d->step,
			  .timeliness = "",
			  .note = note ? note : "",
			  .data = data};
	d->updated_at = now;
	return svcd_append_event(db, a, d, &e);
}

/* The value terms give fee f's parameter (1 when not given). */
static int64_t per_value(const struct proc_fee *f, const struct svc_fee_terms *terms)
{
	for (size_t i = 0; f->per && i < terms->nparams; i++)
		if (!strcmp(terms->params[i].name, f->per))
			return terms->params[i].value;
	return 1;
}

/* The exemption terms declare for fee index i, or NULL. */
static const struct svc_fee_exemption *exemption_of(const struct svc_fee_terms *terms, size_t i)
{
	for (size_t k = 0; k < terms->nexemptions; k++)
		if (terms->exemptions[k].fee == (int64_t)i)
			return &terms->exemptions[k];
	return NULL;
}

/* The lines of the confirmed fees of p due `due` into dm, a fee per
 * parameter times its value, a fee the applicant is exempt from at 0 with
 * its legal basis (feeof[line] its index in p's fees, waived[line] what it
 * would have cost); *tbc gets the number of fees due then that are still
 * to be confirmed. */
static void demand_lines(struct arena *a, const struct procedure *p, const char *due,
			 const struct svc_fee_terms *terms, struct payment_demand *dm, size_t *tbc,
			 size_t *feeof, int64_t *waived)
{
	*tbc = 0;
	dm->lines = arena_zalloc(a, (p->nfees + 1) * sizeof *dm->lines);
	dm->nlines = 0;
	dm->total = 0;
	for (size_t i = 0; i < p->nfees && dm->nlines < PAYMENT_MAX_LINES; i++) {
		const struct proc_fee *f = &p->fees[i];
		if (strcmp(f->due ? f->due : "receipt", due))
			continue;
		if (!f->confirmed) {
			(*tbc)++;
			continue;
		}
		if (f->amount <= 0)
			continue; /* free of charge: nothing to collect */
		/* Both bounded (amounts by the catalogue, values by 100000): no
		 * overflow below 9.2e13 đồng a unit. */
		int64_t n = f->per ? per_value(f, terms) : 1, amount = f->amount * n;
		const char *en = f->name.en && *f->name.en ? f->name.en : f->name.vi;
		const struct svc_fee_exemption *ex = exemption_of(terms, i);
		feeof[dm->nlines] = i;
		waived[dm->nlines] = ex ? amount : 0;
		dm->lines[dm->nlines++] = (struct payment_line){
			n > 1 ? arena_printf(a, "%s (× %lld)", f->name.vi, (long long)n)
			      : f->name.vi,
			n > 1 ? arena_printf(a, "%s (× %lld)", en, (long long)n) : en,
			ex ? 0 : amount, ex ? f->exemption_basis : NULL, ex ? ex->reason : NULL};
		dm->total += ex ? 0 : amount;
	}
}

/* The events of dm once inserted: payment_demanded, then fee_exempted for
 * each line not charged. */
static int demand_events(struct db *db, struct arena *a, struct dossier *d,
			 const struct svc_actor *who, const struct payment_demand *dm,
			 const size_t *feeof, const int64_t *waived, int64_t now)
{
	const char *data = evd_payment_demanded(a, &(struct evd_demand){.demand = dm->id,
									.due = dm->due,
									.due_at = dm->due_at,
									.total = dm->total});
	int rc = append(db, a, d, who, EVENT_PAYMENT_DEMANDED, NULL, data, now);
	for (size_t i = 0; i < dm->nlines && rc == DB_OK; i++) {
		const struct payment_line *l = &dm->lines[i];
		if (!l->exemption_basis)
			continue;
		data = evd_fee_exempted(a, &(struct evd_exempted){.amount = waived[i],
								  .basis = l->exemption_basis,
								  .demand = dm->id,
								  .fee = (int64_t)feeof[i],
								  .reason = l->exemption_reason});
		rc = append(db, a, d, who, EVENT_FEE_EXEMPTED, NULL, data, now);
	}
	return rc;
}

/* Makes the demand of p's fees due `due` for d; *made whether there was
 * anything to demand. A demand every line of which is exempted owes
 * nothing: it is settled (paid) as it is made. */
static int make_demand(struct db *db, struct arena *a, const struct procedure *p, struct dossier *d,
		       const struct svc_actor *who, const char *due, bool pauses,
		       const struct svc_fee_terms *terms, int64_t now, bool *made)
{
	struct payment_demand dm = {.dossier_id = d->id,
				    .due = due,
				    .pauses = pauses,
				    .created_by = who ? who->id : 0,
				    .created_at = now};
	size_t tbc, feeof[PAYMENT_MAX_LINES];
	int64_t waived[PAYMENT_MAX_LINES];
	demand_lines(a, p, due, terms, &dm, &tbc, feeof, waived);
	*made = dm.nlines > 0;
	if (!*made)
		return pauses && tbc ? db_abort(db, ERR_FEE_NOT_CONFIRMED, NULL, NULL) : DB_OK;
	if (dm.total == 0) {
		dm.status = "paid";
		dm.paid_at = now;
	}
	int rc = DB_OK;
	if (terms->payment_days > 0 && dm.total > 0)
		rc = svc_calendar_due(
			db, d->processing_unit_id, now,
			(struct cal_limit){CAL_WORKING_DAYS, (int32_t)terms->payment_days}, NULL, 0,
			&dm.due_at);
	if (rc < 0)
		return rc;
	if ((rc = repo_demand_insert(db, &dm, &dm.id)) < 0)
		return rc;
	return demand_events(db, a, d, who, &dm, feeof, waived, now);
}

/* The terms' parameters and exemptions against p's fees: a value for a
 * parameter no fee is charged per, an exemption of a fee that has none, or
 * one declared twice, is a mistake the desk should hear of. */
static int terms_check(struct db *db, struct arena *a, const struct procedure *p,
		       const struct svc_fee_terms *terms)
{
	for (size_t i = 0; i < terms->nparams; i++) {
		size_t k = 0;
		while (k < p->nfees &&
		       !(p->fees[k].per && !strcmp(p->fees[k].per, terms->params[i].name)))
			k++;
		if (k == p->nfees)
			return db_abort(db, ERR_FIELD_INVALID,
					arena_printf(a, "fee_params.%s", terms->params[i].name),
					"no fee of this procedure is charged per it");
	}
	for (size_t i = 0; i < terms->nexemptions; i++) {
		int64_t f = terms->exemptions[i].fee;
		const char *field = arena_printf(a, "fee_exemptions[%zu].fee", i);
		if (f < 0 || f >= (int64_t)p->nfees)
			return db_abort(db, ERR_FIELD_INVALID, field,
					arena_printf(a, "the procedure has %zu fees", p->nfees));
		if (!p->fees[f].exemption || !p->fees[f].exemption_basis)
			return db_abort(db, ERR_FIELD_INVALID, field,
					"this fee has no exemption in the procedure");
		if (exemption_of(terms, (size_t)f) != &terms->exemptions[i])
			return db_abort(db, ERR_FIELD_INVALID, field, "declared twice");
	}
	return DB_OK;
}

/* The dossier ends unpaid (refused, stopped, withdrawn): each open demand
 * is cancelled, an event of its own, so nothing is owed any more. */
static int cancel_open(struct db *db, struct arena *a, struct dossier *d,
		       const struct svc_actor *who, enum wf_action action, int64_t now)
{
	struct payment_demand *dms;
	size_t n;
	int rc = repo_demands_of(db, a, d->id, &dms, &n);
	for (size_t i = 0; i < n && rc == DB_OK; i++) {
		bool changed;
		if (strcmp(dms[i].status, "open") ||
		    (rc = repo_demand_cancel(db, dms[i].id, &changed)) < 0 || !changed)
			continue;
		const char *data =
			evd_payment_cancelled(a, wf_action_name(action), dms[i].id, dms[i].total);
		rc = append(db, a, d, who, EVENT_PAYMENT_CANCELLED, NULL, data, now);
	}
	return rc;
}

int svcpay_on_action(struct db *db, struct arena *a, const struct procedure *p, struct dossier *d,
		     const struct svc_actor *who, enum wf_action action, bool starts_clock,
		     const struct svc_fee_terms *terms, int64_t now)
{
	bool made;
	struct payment_demand open;
	int rc;
	if (action == WF_REFUSE || action == WF_STOP || action == WF_WITHDRAW)
		return cancel_open(db, a, d, who, action, now);
	/* The one rule of resuming after a payment: not while a demand is
	 * unpaid. The desk's record_payment and the settling of a payment
	 * (which marks the demand paid first) both pass here. */
	if (action == WF_RECORD_PAYMENT) {
		rc = repo_demand_open(db, a, d->id, &open);
		if (rc == DB_OK)
			return db_abort(db, ERR_PAYMENT_NOT_PAID, "action",
					arena_printf(a,
						     "demand %" PRId64 " of %" PRId64
						     " đồng is open: record its payment",
						     open.id, open.total));
		return rc == DB_NOT_FOUND ? DB_OK : rc;
	}
	if (!starts_clock && action != WF_REQUEST_PAYMENT)
		return DB_OK;
	if ((rc = terms_check(db, a, p, terms)) < 0)
		return rc;
	if (starts_clock)
		return make_demand(db, a, p, d, who, "receipt", false, terms, now, &made);
	rc = repo_demand_open(db, a, d->id, &open);
	if (rc == DB_OK) /* still unpaid: paying it now resumes the clock */
		return repo_demand_set_pauses(db, open.id);
	if (rc != DB_NOT_FOUND)
		return rc;
	return make_demand(db, a, p, d, who, "before_return", true, terms, now, &made);
}

/* ---- settling ---- */

/* One use case's transaction: its arena, config, actor (NULL: the
 * gateway), time. */
struct pay_txn {
	struct arena *a;
	const struct config *cfg;
	const struct svc_actor *who;
	int64_t now;
};

/* Payment p was paid but its demand is no longer open: paid already by
 * another payment ("duplicate": a late payment of an expired gateway
 * order, since a live one is resumed, never doubled), or cancelled when the
 * dossier was refused, stopped or withdrawn while p was at the gateway
 * ("demand_cancelled": it paid for nothing). Either way the worker's
 * refund round gives it back, repo_payment_refunds(). */
static int flag_unpaid(struct db *db, struct pay_txn *t, const struct dossier *d, struct payment *p)
{
	struct payment_demand dm;
	int rc = repo_demand_get(db, t->a, p->demand_id, &dm);
	if (rc < 0)
		return rc;
	bool cancelled = !strcmp(dm.status, "cancelled");
	p->flag = cancelled ? "demand_cancelled" : "duplicate";
	if ((rc = repo_payment_flag(db, p->id, p->flag)) < 0)
		return rc;
	log_warn("payment %" PRId64 " of dossier %s: its demand was %s; %s", p->id, d->code,
		 cancelled ? "cancelled" : "already paid",
		 cancelled ? "refunded by the worker" : "flagged for a refund");
	return DB_OK;
}

/* Payment p (now paid) settles its demand: the demand paid, a receipt
 * number, the event, and the clock resumed if the demand had paused it. A
 * demand no longer open leaves p flagged (flag_unpaid()). d is p's
 * dossier, loaded. */
static int settle_paid(struct db *db, struct pay_txn *t, struct dossier *d, struct payment *p)
{
	bool first;
	int rc = repo_demand_paid(db, p->demand_id, t->now, &first);
	if (rc < 0)
		return rc;
	struct payment_receipt *r = &p->receipt;
	if (first) {
		char code[13];
		svc_verify_code(code);
		*r = (struct payment_receipt){.payment_id = p->id,
					      .template_ = t->cfg->v.payment_receipt_template,
					      .series = t->cfg->v.payment_receipt_series,
					      .verify_code = arena_strdup(t->a, code),
					      .issued_at = t->now};
		if ((rc = repo_receipt_next(db, r->template_, r->series, &r->number)) < 0 ||
		    (rc = repo_receipt_insert(db, r)) < 0)
			return rc;
		p->has_receipt = true;
	} else if ((rc = flag_unpaid(db, t, d, p)) < 0) {
		return rc;
	}
	int64_t old = d->nevents;
	const char *data = evd_payment(
		t->a, EVENT_PAYMENT_PAID,
		&(struct evd_payment){
			.amount = p->amount,
			.demand = p->demand_id,
			.flag = p->flag,
			.gateway_txn = p->gateway_txn,
			.method = p->method,
			.payment = p->id,
			.receipt = first ? arena_printf(t->a, "%s/%07" PRId64, r->series, r->number)
					 : NULL,
			.txn_ref = p->txn_ref});
	if ((rc = append(db, t->a, d, t->who, EVENT_PAYMENT_PAID, NULL, data, t->now)) < 0 ||
	    (rc = repo_dossier_update(db, d, old)) < 0)
		return rc;
	if (!first)
		return DB_OK;
	struct payment_demand dm;
	if ((rc = repo_demand_get(db, t->a, p->demand_id, &dm)) < 0)
		return rc;
	if (!dm.pauses || strcmp(d->state, "awaiting_payment"))
		return DB_OK;
	return svcd_act_in_txn(db, t->a, t->who, d->code, WF_RECORD_PAYMENT, t->now);
}

int svcpay_load(struct db *db, struct arena *a, const struct svc_actor *who, const char *code,
		struct svc_dossier *s)
{
	memset(s, 0, sizeof *s);
	int rc = repo_dossier_by_code(db, a, code, &s->d);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_DOSSIER_NOT_FOUND, "code", NULL);
	if (rc < 0 || (rc = svcd_load_rest(db, a, s)) < 0)
		return rc;
	if (!who)
		return DB_OK;
	int verdict;
	if ((rc = svcd_access(db, a, who, s, ACCESS_READ, WF_NACTIONS, &verdict)) < 0)
		return rc;
	return verdict == ACCESS_OK ? DB_OK : svc_abort(db, svcd_access_fail(a, verdict, &s->d));
}

static int load(struct db *db, struct pay_txn *t, const char *code, struct svc_dossier *s)
{
	return svcpay_load(db, t->a, t->who, code, s);
}

/* After the commit that paid p: its receipt's PDF, now rather than at the
 * first download (a failure here is logged; the download retries). */
static void render_after(struct db *db, struct arena *a, const struct config *cfg,
			 const struct payment *p)
{
	if (!p->has_receipt)
		return;
	struct buf pdf = BUF_INIT;
	struct payment again;
	struct svc_result r = svc_receipt_pdf(db, a, cfg, NULL, p->id, &pdf, &again);
	buf_release(&pdf);
	if (r.code != ERR_NONE)
		log_warn("receipt of payment %" PRId64 ": %s; made at its first download", p->id,
			 err_lookup(r.code)->name);
}

struct create_ctx {
	struct pay_txn t;
	const char *code;
	const struct svc_payment_in *in;
	const char *gateway;
	struct payment *out;
	bool resumed; /* out is a pending payment of before (live_payment) */
};

/* One live gateway order a demand at most: while an online payment of dm
 * is pending and not expired (payment.expire_minutes), paying online again
 * (a second tab, the payer back from the gateway page) resumes it: DB_OK
 * with it in *c->out. The demand's row is locked first, so two starts at
 * once see each other. DB_NOT_FOUND when there is none to resume. */
static int live_payment(struct db *db, struct create_ctx *c, const struct payment_demand *dm)
{
	struct payment p;
	int64_t after = c->t.now - c->t.cfg->v.payment_expire_minutes * 60 * INT64_C(1000);
	int rc = repo_demand_lock(db, dm->id);
	if (rc < 0)
		return rc;
	rc = repo_payment_live_of(db, c->t.a, dm->id, after, &p);
	if (rc != DB_OK)
		return rc;
	if (!p.gateway || strcmp(p.gateway, c->gateway) || p.amount != dm->total)
		return DB_NOT_FOUND; /* another gateway's, or another amount: a new order */
	*c->out = p;
	c->resumed = true;
	return DB_OK;
}

static int create_txn(struct db *db, void *arg)
{
	struct create_ctx *c = arg;
	struct pay_txn *t = &c->t;
	struct svc_dossier s;
	c->resumed = false;
	int rc = load(db, t, c->code, &s);
	if (rc < 0)
		return rc;
	struct payment_demand dm;
	rc = repo_demand_open(db, t->a, s.d.id, &dm);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_NO_PAYMENT_DUE, NULL, NULL);
	if (rc < 0)
		return rc;
	bool online = !strcmp(c->in->method, "online");
	if (online && (rc = live_payment(db, c, &dm)) != DB_NOT_FOUND)
		return rc;
	struct payment p = {.demand_id = dm.id,
			    .dossier_id = s.d.id,
			    .dossier_code = s.d.code,
			    .method = c->in->method,
			    .amount = dm.total,
			    .status = online ? "pending" : "paid",
			    .gateway = online ? c->gateway : NULL,
			    .reference = online ? NULL : c->in->reference,
			    .created_by = t->who->id,
			    .created_at = t->now,
			    .settled_at = online ? 0 : t->now};
	if ((rc = repo_payment_insert(db, &p, &p.id)) < 0)
		return rc;
	if (online) {
		p.txn_ref = arena_printf(t->a, "MC%" PRId64 "T%" PRId64, p.id, t->now / 1000);
		rc = repo_payment_set_txn_ref(db, p.id, p.txn_ref);
	} else {
		rc = settle_paid(db, t, &s.d, &p);
	}
	*c->out = p;
	return rc;
}

static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

struct svc_result svc_payment_create(struct db *db, struct arena *a, const struct config *cfg,
				     const struct svc_actor *who, const char *code,
				     const struct svc_payment_in *in, struct payment *out,
				     const char **url, bool *resumed)
{
	static const char *const desk[] = {"cash", "card", "transfer", NULL};
	*url = NULL;
	*resumed = false;
	memset(out, 0, sizeof *out);
	if (!in->method)
		return svc_fail(ERR_FIELD_MISSING, "method", NULL);
	bool online = !strcmp(in->method, "online");
	if (!online && !one_of(in->method, desk))
		return svc_fail(ERR_FIELD_INVALID, "method", "cash, card, transfer or online");
	if (in->reference && (online || strlen(in->reference) > 100))
		return svc_fail(ERR_FIELD_INVALID, "reference",
				"at most 100 characters, for cash, card or transfer");
	/* The desk records what it took; only the payer pays online. */
	if (online ? (who->roles & ROLES_STAFF) != 0 : !(who->roles & ROLE_RECEIVER))
		return svc_fail(ERR_FORBIDDEN, "method",
				online ? "online payment is the applicant's"
				       : "a receiver records cash, card and transfer");
	const struct svc_gateway *gw = online ? svc_payment_gateway(cfg) : NULL;
	if (online && !gw)
		return svc_fail(ERR_PAYMENT_GATEWAY_UNAVAILABLE, NULL, cfg->v.payment_gateway);
	struct create_ctx c = {.t = {.a = a, .cfg = cfg, .who = who, .now = clock_now_ms()},
			       .code = code,
			       .in = in,
			       .gateway = gw ? gw->name : NULL,
			       .out = out};
	int rc = db_run_txn(db, create_txn, &c, DB_TXN_ATTEMPTS_HOT);
	if (rc < 0)
		return svc_txn_result(db, rc);
	*resumed = c.resumed;
	log_info("dossier %s: payment %" PRId64 " %s %" PRId64 " đồng by %s%s", code, out->id,
		 out->method, out->amount, who->username, c.resumed ? " (resumed)" : "");
	if (!online) {
		render_after(db, a, cfg, out);
		return svc_ok();
	}
	char err[256] = "";
	struct svc_gateway_start st = {.payment = out,
				       .dossier_code = code,
				       .order_info = arena_printf(a, "Thanh toan ho so %s", code),
				       .client_ip = in->client_ip,
				       .now_ms = c.t.now};
	if (gw->start(cfg, a, &st, url, err, sizeof err) != 0) {
		log_warn("payment %" PRId64 ": gateway %s: %s", out->id, gw->name, err);
		return svc_fail(ERR_PAYMENT_GATEWAY_UNAVAILABLE, NULL, arena_strdup(a, err));
	}
	return svc_ok();
}

struct settle_ctx {
	struct pay_txn t;
	const struct svc_settle_in *in;
	enum svc_settle outcome;
	struct payment p;
};

static int settle_txn(struct db *db, void *arg)
{
	struct settle_ctx *c = arg;
	struct pay_txn *t = &c->t;
	struct payment *p = &c->p;
	int rc = repo_payment_by_txn_ref(db, t->a, c->in->txn_ref, p);
	c->outcome = SVC_SETTLE_NOT_FOUND;
	if (rc == DB_NOT_FOUND)
		return DB_OK;
	if (rc < 0)
		return rc;
	c->outcome = SVC_SETTLE_ALREADY;
	if (strcmp(p->status, "pending"))
		return DB_OK;
	if (c->in->amount != p->amount) {
		c->outcome = SVC_SETTLE_AMOUNT;
		p->flag = "amount_mismatch";
		log_warn("payment %s: the gateway reports %" PRId64 " đồng, %" PRId64 " expected",
			 p->txn_ref, c->in->amount, p->amount);
		return repo_payment_flag(db, p->id, p->flag);
	}
	const char *to = c->in->paid ? "paid" : "failed";
	bool changed;
	if ((rc = repo_payment_move(db, p->id, "pending", to, c->in->gateway_txn, t->now,
				    &changed)) < 0 ||
	    !changed)
		return rc;
	c->outcome = SVC_SETTLE_DONE;
	p->status = to;
	p->settled_at = t->now;
	if (c->in->gateway_txn)
		p->gateway_txn = c->in->gateway_txn;
	struct svc_dossier s;
	if ((rc = load(db, t, p->dossier_code, &s)) < 0)
		return rc;
	if (c->in->paid)
		return settle_paid(db, t, &s.d, p);
	int64_t old = s.d.nevents;
	const char *data = evd_payment(t->a, EVENT_PAYMENT_FAILED,
				       &(struct evd_payment){.amount = p->amount,
							     .demand = p->demand_id,
							     .gateway_txn = p->gateway_txn,
							     .method = p->method,
							     .payment = p->id,
							     .txn_ref = p->txn_ref});
	if ((rc = append(db, t->a, &s.d, NULL, EVENT_PAYMENT_FAILED, c->in->note, data, t->now)) <
	    0)
		return rc;
	return repo_dossier_update(db, &s.d, old);
}

struct svc_result svc_payment_settle(struct db *db, struct arena *a, const struct config *cfg,
				     const struct svc_settle_in *in, enum svc_settle *outcome,
				     struct payment *out)
{
	struct settle_ctx c = {.t = {.a = a, .cfg = cfg, .who = NULL, .now = clock_now_ms()},
			       .in = in};
	*outcome = SVC_SETTLE_NOT_FOUND;
	if (!in->txn_ref || strlen(in->txn_ref) > PAYMENT_REF_MAX ||
	    (in->gateway_txn && strlen(in->gateway_txn) > PAYMENT_REF_MAX))
		return svc_ok(); /* no such reference can exist */
	int rc = db_run_txn(db, settle_txn, &c, DB_TXN_ATTEMPTS_HOT);
	if (rc < 0)
		return svc_txn_result(db, rc);
	*outcome = c.outcome;
	if (out)
		*out = c.p;
	if (c.outcome == SVC_SETTLE_DONE) {
		log_info("payment %s %s (gateway %s)", in->txn_ref, c.p.status,
			 in->gateway_txn ? in->gateway_txn : "-");
		render_after(db, a, cfg, &c.p);
	}
	return svc_ok();
}

struct refund_ctx {
	struct pay_txn t;
	int64_t id;
	const char *gateway_txn, *note;
};

static int refund_txn(struct db *db, void *arg)
{
	struct refund_ctx *c = arg;
	struct payment p;
	int rc = repo_payment_get(db, c->t.a, c->id, &p);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_PAYMENT_NOT_FOUND, "id", NULL);
	if (rc < 0)
		return rc;
	bool changed;
	if ((rc = repo_payment_move(db, p.id, "paid", "refunded", NULL, c->t.now, &changed)) < 0)
		return rc;
	if (!changed)
		return db_abort(db, ERR_PAYMENT_NOT_REFUNDABLE, NULL, p.status);
	struct svc_dossier s;
	if ((rc = load(db, &c->t, p.dossier_code, &s)) < 0)
		return rc;
	int64_t old = s.d.nevents;
	const char *data =
		evd_payment(c->t.a, EVENT_PAYMENT_REFUNDED,
			    &(struct evd_payment){.amount = p.amount,
						  .demand = p.demand_id,
						  .gateway_txn = c->gateway_txn ? c->gateway_txn
										: p.gateway_txn,
						  .method = p.method,
						  .payment = p.id,
						  .txn_ref = p.txn_ref});
	if ((rc = append(db, c->t.a, &s.d, NULL, EVENT_PAYMENT_REFUNDED, c->note, data, c->t.now)) <
	    0)
		return rc;
	return repo_dossier_update(db, &s.d, old);
}

struct svc_result svc_payment_refunded(struct db *db, struct arena *a, int64_t payment_id,
				       const char *gateway_txn, const char *note)
{
	struct refund_ctx c = {.t = {.a = a, .now = clock_now_ms()},
			       .id = payment_id,
			       .gateway_txn = gateway_txn,
			       .note = note};
	return svc_txn_result(db, db_run_txn(db, refund_txn, &c, DB_TXN_ATTEMPTS_HOT));
}

/* ---- reading ---- */

struct svc_result svc_payments_of(struct db *db, struct arena *a, const struct svc_actor *who,
				  const char *code, struct svc_payments_view *out)
{
	memset(out, 0, sizeof *out);
	struct pay_txn t = {.a = a, .who = who, .now = clock_now_ms()};
	struct svc_dossier s;
	int rc = load(db, &t, code, &s);
	if (rc == DB_OK)
		rc = repo_demands_of(db, a, s.d.id, &out->demands, &out->ndemands);
	if (rc == DB_OK)
		rc = repo_payments_of(db, a, s.d.id, &out->payments, &out->npayments);
	return svc_txn_result(db, rc);
}

struct svc_result svc_payment_by_txn_ref(struct db *db, struct arena *a, const char *txn_ref,
					 struct payment *out)
{
	int rc = txn_ref && strlen(txn_ref) <= PAYMENT_REF_MAX
			 ? repo_payment_by_txn_ref(db, a, txn_ref, out)
			 : DB_NOT_FOUND;
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_PAYMENT_NOT_FOUND, "txn_ref", NULL);
	return svc_txn_result(db, rc);
}

struct svc_result svc_payments_pending(struct db *db, struct arena *a, int64_t before, size_t limit,
				       struct payment **out, size_t *n)
{
	return svc_txn_result(db, repo_payments_pending(db, a, before, limit, out, n));
}

int svcpay_own_agency(struct db *db, struct arena *a, const struct svc_actor *who,
		      struct payment *ps, size_t *n)
{
	int64_t mine = 0;
	int rc = svcd_root(db, a, who->unit_id, &mine);
	size_t kept = 0;
	/* Each unit's root once: a day's payments come from few desks. */
	int64_t seen_unit[16], seen_root[16];
	size_t nseen = 0;
	for (size_t i = 0; i < *n && rc == DB_OK; i++) {
		int64_t u = ps[i].unit_id, root = 0;
		size_t k = 0;
		while (k < nseen && seen_unit[k] != u)
			k++;
		if (k < nseen) {
			root = seen_root[k];
		} else if ((rc = svcd_root(db, a, u, &root)) == DB_OK && nseen < 16) {
			seen_unit[nseen] = u;
			seen_root[nseen++] = root;
		}
		if (rc == DB_OK && mine && root == mine)
			ps[kept++] = ps[i];
	}
	*n = kept;
	return rc;
}

/* The most payments one day's list shows. */
#define PAYMENTS_DAY_MAX 5000

struct svc_result svc_payments_day(struct db *db, struct arena *a, const struct svc_actor *who,
				   const char *date, struct svc_payments_day *out)
{
	memset(out, 0, sizeof *out);
	if (!(who->roles & (ROLE_OFFICE | ROLE_LEADER | ROLE_ADMIN | ROLE_RECEIVER)))
		return svc_fail(ERR_FORBIDDEN, NULL, NULL);
	struct cal_date d;
	int64_t from, to;
	if (!date || svc_calendar_parse_date(date, &d) != 0 || cal_ms_from_local(d, 0, 0, &from))
		return svc_fail(ERR_BAD_QUERY, "date", "YYYY-MM-DD");
	to = from + 86400000;
	int rc = repo_payments_between(db, a, from, to, PAYMENTS_DAY_MAX, &out->payments,
				       &out->npayments);
	if (rc == DB_TOO_MANY)
		return svc_fail(ERR_STATS_TOO_MANY, "date", NULL);
	if (rc < 0 || (rc = svcpay_own_agency(db, a, who, out->payments, &out->npayments)) < 0)
		return svc_txn_result(db, rc);
	static const char *const methods[] = {"cash", "card", "transfer", "online"};
	out->ntotals = sizeof methods / sizeof methods[0];
	out->totals = arena_zalloc(a, out->ntotals * sizeof *out->totals);
	for (size_t m = 0; m < out->ntotals; m++)
		out->totals[m].method = methods[m];
	for (size_t i = 0; i < out->npayments; i++) {
		const struct payment *p = &out->payments[i];
		if (strcmp(p->status, "paid"))
			continue;
		for (size_t m = 0; m < out->ntotals; m++)
			if (!strcmp(p->method, methods[m])) {
				out->totals[m].count++;
				out->totals[m].amount += p->amount;
				out->total += p->amount;
			}
	}
	return svc_ok();
}

/* The Vietnamese name of a method, for the office's workbook. */
static const char *method_vi(const char *m)
{
	static const char *const names[][2] = {{"cash", "Tiền mặt"},
					       {"card", "Thẻ"},
					       {"transfer", "Chuyển khoản"},
					       {"online", "Trực tuyến"}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(m, names[i][0]))
			return names[i][1];
	return m;
}

struct svc_result svc_payments_day_xlsx(const struct config *cfg, struct arena *a, const char *date,
					const struct svc_payments_day *day, struct buf *out)
{
	static const struct doc_column cols[] = {
		{"Mã hồ sơ", DOC_COL_TEXT, 24},	     {"Hình thức", DOC_COL_TEXT, 14},
		{"Số tiền (đồng)", DOC_COL_INT, 16}, {"Trạng thái", DOC_COL_TEXT, 12},
		{"Thời điểm", DOC_COL_DATETIME, 18}, {"Biên lai", DOC_COL_TEXT, 18},
		{"Mã giao dịch", DOC_COL_TEXT, 22},
	};
	enum { NC = sizeof cols / sizeof cols[0] };
	size_t rows = day->npayments + day->ntotals + 1;
	struct doc_cell *cells = arena_zalloc(a, rows * NC * sizeof *cells);
	for (size_t i = 0; i < day->npayments; i++) {
		const struct payment *p = &day->payments[i];
		struct doc_cell *c = &cells[i * NC];
		c[0].s = p->dossier_code;
		c[1].s = method_vi(p->method);
		c[2].i = p->amount;
		c[3].s = p->status;
		c[4].i = p->settled_at ? p->settled_at : p->created_at;
		c[5].s = p->has_receipt ? arena_printf(a, "%s/%07" PRId64, p->receipt.series,
						       p->receipt.number)
					: NULL;
		c[6].s = p->gateway_txn ? p->gateway_txn : p->reference;
	}
	for (size_t m = 0; m <= day->ntotals; m++) {
		struct doc_cell *c = &cells[(day->npayments + m) * NC];
		bool all = m == day->ntotals;
		c[0].s = all ? "Tổng cộng" : "Cộng";
		c[1].s = all ? NULL : method_vi(day->totals[m].method);
		c[2].i = all ? day->total : day->totals[m].amount;
		c[3].s = all ? NULL : arena_printf(a, "%" PRId64 " khoản", day->totals[m].count);
		c[4].empty = true;
	}
	struct doc_sheet t = {.sheet = date,
			      .cols = cols,
			      .n_cols = NC,
			      .cells = cells,
			      .n_rows = rows,
			      .total_last = true};
	char tmp[4200];
	const char *dir = NULL;
	if (path_fmt(tmp, sizeof tmp, "%s/tmp", cfg->v.data_dir) == 0 && access(tmp, W_OK) == 0)
		dir = tmp;
	int rc = doc_sheet_xlsx(&t, dir, out);
	if (rc != 0) {
		log_error("payments of %s as XLSX: %s", date, doc_strerror(rc));
		return svc_fail(ERR_INTERNAL, NULL, doc_strerror(rc));
	}
	return svc_ok();
}
