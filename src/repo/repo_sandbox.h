/* The sandbox payment gateway's books (sql 0016; svc/svc_sandbox.c).
 * Layer: repo, private to svc. Functions return DB_OK or a negative DB_*
 * status; strings of results come from the arena passed. */
#ifndef MOTCUA_REPO_REPO_SANDBOX_H
#define MOTCUA_REPO_REPO_SANDBOX_H

#include "base/arena.h"
#include "db/db.h"
#include "model/sandbox.h"

/* Records the order t (its id is assigned) unless its txn_ref is known:
 * then nothing changes. Either way *out is the row as stored. */
int repo_sandbox_open(struct db *db, struct arena *a, const struct sandbox_txn *t,
		      struct sandbox_txn *out) __attribute__((warn_unused_result));
/* The order txn_ref, or DB_NOT_FOUND. */
int repo_sandbox_get(struct db *db, struct arena *a, const char *txn_ref, struct sandbox_txn *out)
	__attribute__((warn_unused_result));
/* Moves txn_ref from status `from` to `to` with response code and pay
 * date (NULL: kept); DB_NOT_FOUND if it was not in `from`. */
int repo_sandbox_move(struct db *db, const char *txn_ref, const char *from, const char *to,
		      const char *response_code, const char *pay_date)
	__attribute__((warn_unused_result));
/* Appends the merchant's answer to an IPN to the order's log. */
int repo_sandbox_ipn_logged(struct db *db, const char *txn_ref, const char *answer)
	__attribute__((warn_unused_result));

#endif
