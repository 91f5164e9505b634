/* What the online gateway's rounds read of the payments (see
 * repo_gateway.h). Layer: repo. */
#include "repo/repo_gateway.h"

#include "repo/repo.h"

static void read_refundable(struct arena *a, const struct db_res *r, size_t row, void *item,
			    void *ctx)
{
	struct payment *p = item;
	(void)ctx;
	p->id = db_res_int(r, row, 0);
	p->dossier_id = db_res_int(r, row, 1);
	p->txn_ref = repo_text(a, r, row, 2);
	p->amount = db_res_int(r, row, 3);
	p->gateway_txn = repo_textn(a, r, row, 4);
	p->created_at = db_res_int(r, row, 5);
	p->refund_attempts = db_res_int(r, row, 6);
	p->status = "paid";
	p->method = "online";
}

/* The fee paid on dossier d goes back (DOMAIN section 6, Form 05): the
 * handling chosen when it was stopped or withdrawn decides ("refund" yes,
 * "no_refund" or "none" no); with none stated, a refused or stopped dossier
 * gets its fee back (the law on fees, as before) and a withdrawn one not. */
#define REFUNDS_FEE                                                                                \
	"d.state IN ('refused', 'stopped', 'withdrawn') AND COALESCE((SELECT CASE WHEN "           \
	"e.data LIKE '%\"fee_handling\":\"refund\"%' THEN 1 WHEN e.data LIKE "                     \
	"'%\"fee_handling\":%' THEN 0 END FROM dossier_events e WHERE "                            \
	"e.dossier_id = d.id AND e.action IN ('stop', 'withdraw') ORDER BY e.seq DESC LIMIT 1), "  \
	"CASE WHEN d.state IN ('refused', 'stopped') THEN 1 ELSE 0 END) = 1"

/* Payment p goes back: its dossier's fee does (REFUNDS_FEE), or p settled
 * after its demand was cancelled (a demand is cancelled only while open,
 * so a paid payment of a cancelled demand paid for nothing), or p paid a
 * demand another payment had paid (flag duplicate: a late payment of an
 * expired gateway order). */
#define REFUNDS_PAYMENT                                                                            \
	"(" REFUNDS_FEE " OR p.flag = 'duplicate' OR EXISTS (SELECT 1 FROM payment_demands m "     \
	"WHERE m.id = p.demand_id AND m.status = 'cancelled'))"

int repo_payments_refundable(struct db *db, struct arena *a, const char *gateway, int64_t now,
			     size_t limit, struct payment **out, size_t *n)
{
	return repo_rows(
		db, a,
		"SELECT p.id, p.dossier_id, p.txn_ref, p.amount, p.gateway_txn, "
		"p.created_at, p.refund_attempts FROM payments p JOIN dossiers d ON d.id = "
		"p.dossier_id WHERE p.method = 'online' AND p.status = 'paid' AND "
		"p.gateway = ? AND " REFUNDS_PAYMENT " AND p.refund_next_at <= ? "
		"ORDER BY p.id LIMIT ?",
		DB_ARGS(DB_T(gateway), DB_I(now), DB_I((int64_t)limit)), read_refundable, NULL, out,
		n);
}

int repo_payment_refund_later(struct db *db, int64_t id, int64_t next_at)
{
	return db_exec(
		db,
		"UPDATE payments SET refund_attempts = refund_attempts + 1, refund_next_at = ? "
		"WHERE id = ?",
		DB_ARGS(DB_I(next_at), DB_I(id)), NULL);
}

int repo_payment_refunds(struct db *db, int64_t payment_id, bool *yes)
{
	int64_t n = 0;
	bool found;
	int rc = db_query_int(db,
			      "SELECT COUNT(*) FROM payments p JOIN dossiers d ON d.id = "
			      "p.dossier_id WHERE p.id = ? AND " REFUNDS_PAYMENT,
			      DB_ARGS(DB_I(payment_id)), &n, &found);
	*yes = n > 0;
	return rc;
}
