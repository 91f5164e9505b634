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

int repo_payments_refundable(struct db *db, struct arena *a, const char *gateway, int64_t now,
			     size_t limit, struct payment **out, size_t *n)
{
	return repo_rows(
		db, a,
		"SELECT p.id, p.dossier_id, p.txn_ref, p.amount, p.gateway_txn, "
		"p.created_at, p.refund_attempts FROM payments p JOIN dossiers d ON d.id = "
		"p.dossier_id WHERE p.method = 'online' AND p.status = 'paid' AND "
		"p.gateway = ? AND d.state IN ('refused', 'stopped') AND p.refund_next_at <= ? "
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
