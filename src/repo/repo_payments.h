/* Payment demands, payments and receipts (issue 13): the SQL of
 * 0015-payments.sql of both backends. Private to svc. Layer: repo.
 *
 * Functions return DB_OK or a negative DB_* status; DB_NOT_FOUND when the
 * looked-up row does not exist. Strings of results come from the arena. */
#ifndef MOTCUA_REPO_REPO_PAYMENTS_H
#define MOTCUA_REPO_REPO_PAYMENTS_H

#include "model/payment.h"
#include "repo/repo.h"

/* Inserts demand d with its lines (status NULL: open); *id gets its id. */
int repo_demand_insert(struct db *db, const struct payment_demand *d, int64_t *id)
	__attribute__((warn_unused_result));
/* The demands of a dossier with their lines, oldest first. */
int repo_demands_of(struct db *db, struct arena *a, int64_t dossier_id, struct payment_demand **out,
		    size_t *n) __attribute__((warn_unused_result));
/* The dossier's open demand (the oldest, if several); DB_NOT_FOUND if none. */
int repo_demand_open(struct db *db, struct arena *a, int64_t dossier_id, struct payment_demand *out)
	__attribute__((warn_unused_result));
/* Demand id with its lines. */
int repo_demand_get(struct db *db, struct arena *a, int64_t id, struct payment_demand *out)
	__attribute__((warn_unused_result));
/* Paying demand id will resume the clock (request_payment). */
int repo_demand_set_pauses(struct db *db, int64_t id) __attribute__((warn_unused_result));
/* Demand id paid at `at` if it was open; *changed whether it was. */
int repo_demand_paid(struct db *db, int64_t id, int64_t at, bool *changed)
	__attribute__((warn_unused_result));

/* Demand id cancelled if it was open; *changed whether it was. */
int repo_demand_cancel(struct db *db, int64_t id, bool *changed)
	__attribute__((warn_unused_result));

/* Locks demand id's row until the transaction ends (PostgreSQL: a row
 * lock; SQLite: the write lock), so that two payments of one demand are
 * started one after the other, each seeing the other's. */
int repo_demand_lock(struct db *db, int64_t id) __attribute__((warn_unused_result));
/* The newest online payment of demand demand_id still pending and created
 * after `after` (UTC ms): DB_OK, DB_NOT_FOUND, or a DB_* status. */
int repo_payment_live_of(struct db *db, struct arena *a, int64_t demand_id, int64_t after,
			 struct payment *out) __attribute__((warn_unused_result));
/* Inserts p (its txn_ref may be NULL); *id gets its id. */
int repo_payment_insert(struct db *db, const struct payment *p, int64_t *id)
	__attribute__((warn_unused_result));
int repo_payment_set_txn_ref(struct db *db, int64_t id, const char *txn_ref)
	__attribute__((warn_unused_result));
/* One payment (with its receipt, if any) by id or by merchant reference. */
int repo_payment_get(struct db *db, struct arena *a, int64_t id, struct payment *out)
	__attribute__((warn_unused_result));
int repo_payment_by_txn_ref(struct db *db, struct arena *a, const char *txn_ref,
			    struct payment *out) __attribute__((warn_unused_result));
/* The payments of a dossier, oldest first. */
int repo_payments_of(struct db *db, struct arena *a, int64_t dossier_id, struct payment **out,
		     size_t *n) __attribute__((warn_unused_result));
/* Pending payments created before `before`, oldest first, at most limit. */
int repo_payments_pending(struct db *db, struct arena *a, int64_t before, size_t limit,
			  struct payment **out, size_t *n) __attribute__((warn_unused_result));
/* Payments created or settled in [from, to) (UTC ms), oldest first;
 * DB_TOO_MANY past `limit`. */
int repo_payments_between(struct db *db, struct arena *a, int64_t from, int64_t to, size_t limit,
			  struct payment **out, size_t *n) __attribute__((warn_unused_result));
/* The guarded change of state: payment id from `from` to `to`, with the
 * gateway's transaction number (NULL keeps it) and the time; *changed is
 * false when the payment was no longer in state `from` (someone settled it
 * first: nothing written). */
int repo_payment_move(struct db *db, int64_t id, const char *from, const char *to,
		      const char *gateway_txn, int64_t at, bool *changed)
	__attribute__((warn_unused_result));
int repo_payment_flag(struct db *db, int64_t id, const char *flag)
	__attribute__((warn_unused_result));

/* The next number of receipt series (template, series), taken in the
 * caller's transaction: the series row is locked until it ends, so two
 * payments never share a number and a rolled-back one gives it back. */
int repo_receipt_next(struct db *db, const char *template_, const char *series, int64_t *number)
	__attribute__((warn_unused_result));
int repo_receipt_insert(struct db *db, const struct payment_receipt *r)
	__attribute__((warn_unused_result));
/* The rendered, signed PDF of payment_id's receipt, unless one was
 * recorded first (two renders raced: the first stays). */
int repo_receipt_set_file(struct db *db, int64_t payment_id, int64_t document_id,
			  const char *sha256, const char *signer)
	__attribute__((warn_unused_result));
/* The payment whose receipt has verify_code; DB_NOT_FOUND if none. */
int repo_receipt_by_code(struct db *db, struct arena *a, const char *verify_code,
			 struct payment *out) __attribute__((warn_unused_result));

#endif
