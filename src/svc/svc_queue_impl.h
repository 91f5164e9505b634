/* What svc_queue.c and svc_queue_report.c share: the way a use case's
 * transaction callback gives up with a registry error, and small helpers.
 * Layer: svc (internal). */
#ifndef MOTCUA_SVC_SVC_QUEUE_IMPL_H
#define MOTCUA_SVC_SVC_QUEUE_IMPL_H

#include "repo/repo.h"
#include "svc/svc.h"

/* A callback's return value that rolls back and gives up with the error it
 * stored in its context (not a DB_* status, so db_run_txn never retries). */
#define QUEUE_FAIL (-100)

/* The local (UTC+7) date of now as YYYY-MM-DD. */
void queue_today(int64_t now, char day[16]);
/* The result of a use case from db_run_txn's return value. */
struct svc_result queue_done(int rc, const struct svc_result *res, struct db *db);
/* db_run_txn(), tried again while it gives up on DB_SOFT: on PostgreSQL
 * the serializable transactions of several counters calling at once fail
 * over to each other often (the queue's tables are small and hot), and a
 * counter should wait a little longer rather than show an error. */
int queue_run(struct db *db, db_txn_cb fn, void *ctx);
/* The unit with this code, or QUEUE_FAIL with UNIT_NOT_FOUND (field "unit"). */
int queue_unit(struct db *db, struct arena *a, const char *code, struct unit *u,
	       struct svc_result *res);

/* The ticket holder's own link to rate a finished visit (recipient
 * "holder"), shown on the follow page: derived from the follow token, which
 * only the holder has, so every look shows the same link while the
 * database keeps only its hash (made at the first look). *token NULL when
 * the holder has rated through it already. Errors: DB_ERROR. */
struct svc_result queue_holder_link(struct db *db, struct arena *a, int64_t ticket_id,
				    const char *follow_token, const char **token);

#endif
