/* Payment demands, payments and receipts: see repo_payments.h. Layer: repo.
 *
 * Every read of a payment goes through one column list (PAY_COLS) and one
 * row reader, joined with its dossier's code and its receipt, if any. */
#include "repo/repo_payments.h"

#include <string.h>

/* ---- demands ---- */

int repo_demand_insert(struct db *db, const struct payment_demand *d, int64_t *id)
{
	int rc = repo_insert(
		db,
		"INSERT INTO payment_demands (dossier_id, due, total, status, pauses, "
		"created_by, created_at, due_at, paid_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
		"?, ?) RETURNING id",
		DB_ARGS(DB_I(d->dossier_id), DB_T(d->due), DB_I(d->total),
			DB_T(d->status ? d->status : "open"), DB_I(d->pauses ? 1 : 0),
			d->created_by ? DB_I(d->created_by) : DB_NULL, DB_I(d->created_at),
			DB_I(d->due_at), d->paid_at ? DB_I(d->paid_at) : DB_NULL),
		id);
	for (size_t i = 0; i < d->nlines && rc == DB_OK; i++)
		rc = db_exec(
			db,
			"INSERT INTO payment_demand_lines (demand_id, ord, name_vi, name_en, "
			"amount, exemption_basis, exemption_reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
			DB_ARGS(DB_I(*id), DB_I((int64_t)i + 1), DB_T(d->lines[i].name_vi),
				DB_T(d->lines[i].name_en), DB_I(d->lines[i].amount),
				DB_T(d->lines[i].exemption_basis),
				DB_T(d->lines[i].exemption_reason)),
			NULL);
	return rc;
}

#define DEMAND_COLS                                                                                \
	"id, dossier_id, due, total, status, pauses, COALESCE(created_by, 0), created_at, "        \
	"due_at, COALESCE(paid_at, 0)"

static void read_demand(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct payment_demand *d = elem;
	d->id = db_res_int(r, i, 0);
	d->dossier_id = db_res_int(r, i, 1);
	d->due = repo_text(a, r, i, 2);
	d->total = db_res_int(r, i, 3);
	d->status = repo_text(a, r, i, 4);
	d->pauses = db_res_int(r, i, 5) != 0;
	d->created_by = db_res_int(r, i, 6);
	d->created_at = db_res_int(r, i, 7);
	d->due_at = db_res_int(r, i, 8);
	d->paid_at = db_res_int(r, i, 9);
}

static void read_line(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct payment_line *l = elem;
	l->name_vi = repo_text(a, r, i, 0);
	l->name_en = repo_text(a, r, i, 1);
	l->amount = db_res_int(r, i, 2);
	l->exemption_basis = repo_textn(a, r, i, 3);
	l->exemption_reason = repo_textn(a, r, i, 4);
}

static int demand_lines(struct db *db, struct arena *a, struct payment_demand *d)
{
	return repo_rows(db, a,
			 "SELECT name_vi, name_en, amount, exemption_basis, exemption_reason FROM "
			 "payment_demand_lines WHERE "
			 "demand_id = ? ORDER BY ord",
			 DB_ARGS(DB_I(d->id)), read_line, NULL, &d->lines, &d->nlines);
}

int repo_demands_of(struct db *db, struct arena *a, int64_t dossier_id, struct payment_demand **out,
		    size_t *n)
{
	int rc = repo_rows(db, a,
			   "SELECT " DEMAND_COLS " FROM payment_demands WHERE dossier_id = ? "
			   "ORDER BY id",
			   DB_ARGS(DB_I(dossier_id)), read_demand, NULL, out, n);
	for (size_t i = 0; i < *n && rc == DB_OK; i++)
		rc = demand_lines(db, a, &(*out)[i]);
	return rc;
}

int repo_demand_open(struct db *db, struct arena *a, int64_t dossier_id, struct payment_demand *out)
{
	int rc = repo_row(db, a,
			  "SELECT " DEMAND_COLS " FROM payment_demands WHERE dossier_id = ? AND "
			  "status = 'open' ORDER BY id LIMIT 1",
			  DB_ARGS(DB_I(dossier_id)), read_demand, NULL, out);
	return rc == DB_OK ? demand_lines(db, a, out) : rc;
}

int repo_demand_get(struct db *db, struct arena *a, int64_t id, struct payment_demand *out)
{
	int rc = repo_row(db, a, "SELECT " DEMAND_COLS " FROM payment_demands WHERE id = ?",
			  DB_ARGS(DB_I(id)), read_demand, NULL, out);
	return rc == DB_OK ? demand_lines(db, a, out) : rc;
}

int repo_demand_set_pauses(struct db *db, int64_t id)
{
	return db_exec(db, "UPDATE payment_demands SET pauses = 1 WHERE id = ?", DB_ARGS(DB_I(id)),
		       NULL);
}

int repo_demand_paid(struct db *db, int64_t id, int64_t at, bool *changed)
{
	int64_t n = 0;
	int rc = db_exec(db,
			 "UPDATE payment_demands SET status = 'paid', paid_at = ? WHERE id = ? AND "
			 "status = 'open'",
			 DB_ARGS(DB_I(at), DB_I(id)), &n);
	*changed = rc == DB_OK && n == 1;
	return rc;
}

int repo_demand_cancel(struct db *db, int64_t id, bool *changed)
{
	int64_t n = 0;
	int rc = db_exec(db,
			 "UPDATE payment_demands SET status = 'cancelled' WHERE id = ? AND "
			 "status = 'open'",
			 DB_ARGS(DB_I(id)), &n);
	*changed = rc == DB_OK && n == 1;
	return rc;
}

int repo_demand_lock(struct db *db, int64_t id)
{
	return db_exec(db, "UPDATE payment_demands SET status = status WHERE id = ?",
		       DB_ARGS(DB_I(id)), NULL);
}

/* ---- payments ---- */

int repo_payment_insert(struct db *db, const struct payment *p, int64_t *id)
{
	return repo_insert(
		db,
		"INSERT INTO payments (demand_id, dossier_id, method, amount, status, txn_ref, "
		"gateway, gateway_txn, reference, created_by, created_at, settled_at) VALUES (?, "
		"?, "
		"?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_I(p->demand_id), DB_I(p->dossier_id), DB_T(p->method), DB_I(p->amount),
			DB_T(p->status), DB_T(p->txn_ref), DB_T(p->gateway), DB_T(p->gateway_txn),
			DB_T(p->reference), p->created_by ? DB_I(p->created_by) : DB_NULL,
			DB_I(p->created_at), p->settled_at ? DB_I(p->settled_at) : DB_NULL),
		id);
}

int repo_payment_set_txn_ref(struct db *db, int64_t id, const char *txn_ref)
{
	return db_exec(db, "UPDATE payments SET txn_ref = ? WHERE id = ?",
		       DB_ARGS(DB_T(txn_ref), DB_I(id)), NULL);
}

#define PAY_COLS                                                                                   \
	"p.id, p.demand_id, p.dossier_id, d.code, p.method, p.amount, p.status, p.txn_ref, "       \
	"p.gateway, p.gateway_txn, p.reference, p.flag, COALESCE(p.created_by, 0), "               \
	"p.created_at, COALESCE(p.settled_at, 0), r.payment_id, r.template, r.series, "            \
	"r.number, r.verify_code, r.issued_at, COALESCE(r.document_id, 0), r.sha256, r.signer, "   \
	"d.receiving_unit_id, p.refund_attempts"
#define PAY_FROM                                                                                   \
	" FROM payments p JOIN dossiers d ON d.id = p.dossier_id LEFT JOIN payment_receipts r "    \
	"ON r.payment_id = p.id "

static void read_payment(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct payment *p = elem;
	p->id = db_res_int(r, i, 0);
	p->demand_id = db_res_int(r, i, 1);
	p->dossier_id = db_res_int(r, i, 2);
	p->dossier_code = repo_text(a, r, i, 3);
	p->method = repo_text(a, r, i, 4);
	p->amount = db_res_int(r, i, 5);
	p->status = repo_text(a, r, i, 6);
	p->txn_ref = repo_textn(a, r, i, 7);
	p->gateway = repo_textn(a, r, i, 8);
	p->gateway_txn = repo_textn(a, r, i, 9);
	p->reference = repo_textn(a, r, i, 10);
	p->flag = repo_textn(a, r, i, 11);
	p->created_by = db_res_int(r, i, 12);
	p->created_at = db_res_int(r, i, 13);
	p->settled_at = db_res_int(r, i, 14);
	p->unit_id = db_res_int(r, i, 24);
	p->refund_attempts = db_res_int(r, i, 25);
	p->has_receipt = !db_res_null(r, i, 15);
	if (!p->has_receipt)
		return;
	struct payment_receipt *rc = &p->receipt;
	rc->payment_id = p->id;
	rc->template_ = repo_text(a, r, i, 16);
	rc->series = repo_text(a, r, i, 17);
	rc->number = db_res_int(r, i, 18);
	rc->verify_code = repo_text(a, r, i, 19);
	rc->issued_at = db_res_int(r, i, 20);
	rc->document_id = db_res_int(r, i, 21);
	rc->sha256 = repo_textn(a, r, i, 22);
	rc->signer = repo_textn(a, r, i, 23);
}

int repo_payment_get(struct db *db, struct arena *a, int64_t id, struct payment *out)
{
	return repo_row(db, a, "SELECT " PAY_COLS PAY_FROM "WHERE p.id = ?", DB_ARGS(DB_I(id)),
			read_payment, NULL, out);
}

int repo_payment_by_txn_ref(struct db *db, struct arena *a, const char *txn_ref,
			    struct payment *out)
{
	return repo_row(db, a, "SELECT " PAY_COLS PAY_FROM "WHERE p.txn_ref = ?",
			DB_ARGS(DB_T(txn_ref)), read_payment, NULL, out);
}

int repo_payment_live_of(struct db *db, struct arena *a, int64_t demand_id, int64_t after,
			 struct payment *out)
{
	return repo_row(db, a,
			"SELECT " PAY_COLS PAY_FROM
			"WHERE p.demand_id = ? AND p.method = 'online' AND p.status = 'pending' "
			"AND p.txn_ref IS NOT NULL AND p.created_at > ? ORDER BY p.id DESC LIMIT 1",
			DB_ARGS(DB_I(demand_id), DB_I(after)), read_payment, NULL, out);
}

int repo_payments_of(struct db *db, struct arena *a, int64_t dossier_id, struct payment **out,
		     size_t *n)
{
	return repo_rows(db, a, "SELECT " PAY_COLS PAY_FROM "WHERE p.dossier_id = ? ORDER BY p.id",
			 DB_ARGS(DB_I(dossier_id)), read_payment, NULL, out, n);
}

int repo_payments_pending(struct db *db, struct arena *a, int64_t before, size_t limit,
			  struct payment **out, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT " PAY_COLS PAY_FROM
			 "WHERE p.status = 'pending' AND p.created_at < "
			 "? ORDER BY p.created_at, p.id LIMIT ?",
			 DB_ARGS(DB_I(before), DB_I((int64_t)limit)), read_payment, NULL, out, n);
}

int repo_payments_between(struct db *db, struct arena *a, int64_t from, int64_t to, size_t limit,
			  struct payment **out, size_t *n)
{
	int rc = repo_rows(db, a,
			   "SELECT " PAY_COLS PAY_FROM "WHERE COALESCE(p.settled_at, p.created_at) "
			   ">= ? AND COALESCE(p.settled_at, p.created_at) < ? ORDER BY "
			   "COALESCE(p.settled_at, p.created_at), p.id LIMIT ?",
			   DB_ARGS(DB_I(from), DB_I(to), DB_I((int64_t)limit + 1)), read_payment,
			   NULL, out, n);
	return rc == DB_OK && *n > limit ? DB_TOO_MANY : rc;
}

int repo_payment_move(struct db *db, int64_t id, const char *from, const char *to,
		      const char *gateway_txn, int64_t at, bool *changed)
{
	int64_t n = 0;
	int rc = db_exec(db,
			 "UPDATE payments SET status = ?, gateway_txn = COALESCE(?, gateway_txn), "
			 "settled_at = ? WHERE id = ? AND status = ?",
			 DB_ARGS(DB_T(to), DB_T(gateway_txn), DB_I(at), DB_I(id), DB_T(from)), &n);
	*changed = rc == DB_OK && n == 1;
	return rc;
}

int repo_payment_flag(struct db *db, int64_t id, const char *flag)
{
	return db_exec(db, "UPDATE payments SET flag = ? WHERE id = ?",
		       DB_ARGS(DB_T(flag), DB_I(id)), NULL);
}

/* ---- receipts ---- */

int repo_receipt_next(struct db *db, const char *template_, const char *series, int64_t *number)
{
	int rc = db_exec(db,
			 "INSERT INTO receipt_series (template, series, next) VALUES (?, ?, 1) ON "
			 "CONFLICT (template, series) DO NOTHING",
			 DB_ARGS(DB_T(template_), DB_T(series)), NULL);
	bool found = false;
	if (rc == DB_OK)
		rc = db_query_int(
			db,
			"UPDATE receipt_series SET next = next + 1 WHERE template = ? AND "
			"series = ? RETURNING next - 1",
			DB_ARGS(DB_T(template_), DB_T(series)), number, &found);
	return rc == DB_OK && !found ? DB_HARD : rc;
}

int repo_receipt_insert(struct db *db, const struct payment_receipt *r)
{
	return db_exec(db,
		       "INSERT INTO payment_receipts (payment_id, template, series, number, "
		       "verify_code, issued_at) VALUES (?, ?, ?, ?, ?, ?)",
		       DB_ARGS(DB_I(r->payment_id), DB_T(r->template_), DB_T(r->series),
			       DB_I(r->number), DB_T(r->verify_code), DB_I(r->issued_at)),
		       NULL);
}

int repo_receipt_set_file(struct db *db, int64_t payment_id, int64_t document_id,
			  const char *sha256, const char *signer)
{
	return db_exec(db,
		       "UPDATE payment_receipts SET document_id = ?, sha256 = ?, signer = ? WHERE "
		       "payment_id = ? AND sha256 IS NULL",
		       DB_ARGS(DB_I(document_id), DB_T(sha256), DB_T(signer), DB_I(payment_id)),
		       NULL);
}

int repo_receipt_by_code(struct db *db, struct arena *a, const char *verify_code,
			 struct payment *out)
{
	return repo_row(db, a, "SELECT " PAY_COLS PAY_FROM "WHERE r.verify_code = ?",
			DB_ARGS(DB_T(verify_code)), read_payment, NULL, out);
}
