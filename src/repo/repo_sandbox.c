/* The sandbox payment gateway's books (see repo_sandbox.h). Layer: repo. */
#include "repo/repo_sandbox.h"

#include <string.h>

#include "repo/repo.h"

#define COLS                                                                                       \
	"id, txn_ref, tmn_code, create_date, order_info, return_url, amount, status, "             \
	"response_code, pay_date, ipn_log, created_at"

static void read_row(struct arena *a, const struct db_res *r, struct sandbox_txn *t)
{
	t->id = db_res_int(r, 0, 0);
	t->txn_ref = repo_text(a, r, 0, 1);
	t->tmn_code = repo_text(a, r, 0, 2);
	t->create_date = repo_text(a, r, 0, 3);
	t->order_info = repo_text(a, r, 0, 4);
	t->return_url = repo_text(a, r, 0, 5);
	t->amount = db_res_int(r, 0, 6);
	t->status = repo_text(a, r, 0, 7);
	t->response_code = repo_text(a, r, 0, 8);
	t->pay_date = repo_text(a, r, 0, 9);
	t->ipn_log = repo_text(a, r, 0, 10);
	t->created_at = db_res_int(r, 0, 11);
}

int repo_sandbox_get(struct db *db, struct arena *a, const char *txn_ref, struct sandbox_txn *out)
{
	struct db_res *r = NULL;
	int rc = db_query(db, "SELECT " COLS " FROM sandbox_txns WHERE txn_ref = ?",
			  DB_ARGS(DB_T(txn_ref)), &r);
	if (rc < 0)
		return rc;
	if (db_res_rows(r) == 0)
		rc = DB_NOT_FOUND;
	else
		read_row(a, r, out);
	db_res_free(r);
	return rc;
}

int repo_sandbox_open(struct db *db, struct arena *a, const struct sandbox_txn *t,
		      struct sandbox_txn *out)
{
	int rc = db_exec(db,
			 "INSERT INTO sandbox_txns (txn_ref, tmn_code, create_date, order_info, "
			 "return_url, amount, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
			 "ON CONFLICT (txn_ref) DO NOTHING",
			 DB_ARGS(DB_T(t->txn_ref), DB_T(t->tmn_code), DB_T(t->create_date),
				 DB_T(t->order_info), DB_T(t->return_url), DB_I(t->amount),
				 DB_I(t->created_at)),
			 NULL);
	if (rc < 0)
		return rc;
	return repo_sandbox_get(db, a, t->txn_ref, out);
}

int repo_sandbox_move(struct db *db, const char *txn_ref, const char *from, const char *to,
		      const char *response_code, const char *pay_date)
{
	int64_t n = 0;
	int rc = db_exec(
		db,
		"UPDATE sandbox_txns SET status = ?, "
		"response_code = COALESCE(?, response_code), "
		"pay_date = COALESCE(?, pay_date) WHERE txn_ref = ? AND status = ?",
		DB_ARGS(DB_T(to), DB_T(response_code), DB_T(pay_date), DB_T(txn_ref), DB_T(from)),
		&n);
	if (rc < 0)
		return rc;
	return n ? DB_OK : DB_NOT_FOUND;
}

int repo_sandbox_ipn_logged(struct db *db, const char *txn_ref, const char *answer)
{
	return db_exec(db,
		       "UPDATE sandbox_txns SET ipn_log = CASE WHEN ipn_log = '' THEN ? "
		       "ELSE ipn_log || ',' || ? END WHERE txn_ref = ?",
		       DB_ARGS(DB_T(answer), DB_T(answer), DB_T(txn_ref)), NULL);
}
