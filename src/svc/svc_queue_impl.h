/* What svc_queue.c and svc_queue_report.c share: small helpers.
 * Layer: svc (internal). */
#ifndef MOTCUA_SVC_SVC_QUEUE_IMPL_H
#define MOTCUA_SVC_SVC_QUEUE_IMPL_H

#include "repo/repo.h"
#include "svc/svc.h"

/* The local (UTC+7) date of now as YYYY-MM-DD. */
void queue_today(int64_t now, char day[16]);
/* The unit with this code, or DB_ABORT with UNIT_NOT_FOUND (field "unit"). */
int queue_unit(struct db *db, struct arena *a, const char *code, struct unit *u);

/* The ticket holder's own link to rate a finished visit (recipient
 * "holder"), shown on the follow page: derived from the follow token, which
 * only the holder has, so every look shows the same link while the
 * database keeps only its hash (made at the first look). *token NULL when
 * the holder has rated through it already. Errors: DB_ERROR. */
struct svc_result queue_holder_link(struct db *db, struct arena *a, int64_t ticket_id,
				    const char *follow_token, const char **token);

#endif
