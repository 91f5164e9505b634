/* Idempotency-Key for the POSTs that create something (issue 10): a client
 * that timed out or lost the answer sends the same request again with the
 * same key and gets the first reply, instead of a second dossier, ticket or
 * file. The first request's row is written before it runs (status 0, so a
 * parallel retry is told to wait) and its reply after; a reply of 500 or
 * more (nothing was done, or it is unknown) deletes the row so that a retry
 * runs again. A row whose request never finished (the process died) is run
 * again after SVC_IDEM_STALE_MS. Rows are kept a day.
 *
 * Layer: svc. Kept apart from svc.h so that this work does not edit a
 * header every engineer shares.
 */
#ifndef MOTCUA_SVC_SVC_IDEMPOTENCY_H
#define MOTCUA_SVC_SVC_IDEMPOTENCY_H

#include <stdbool.h>
#include <stddef.h>

#include "model/idempotency.h"
#include "svc/svc.h"

#define SVC_IDEM_KEEP_MS  (24 * 3600 * 1000LL)
#define SVC_IDEM_STALE_MS (5 * 60 * 1000LL)

struct svc_idem_request {
	const char *who;   /* "u:<id>" or "ip:<address>" */
	const char *key;   /* the header, checked by svc_idem_key_valid */
	const char *route; /* "POST /api/v1/dossiers" (the pattern) */
	const char *method, *path, *content_type;
	const void *body;
	size_t body_len;
};

/* 1 to 255 visible ASCII characters. */
bool svc_idem_key_valid(const char *key);
/* Looks the key up and, if new, records the request as running. On
 * ERR_NONE *replay says whether prev holds the first reply to send again
 * (else run the request and then call svc_idem_finish). Errors:
 * IDEMPOTENCY_KEY_REUSED (another request), IDEMPOTENCY_IN_PROGRESS,
 * DB_ERROR. */
struct svc_result svc_idem_begin(struct db *db, struct arena *a, const struct svc_idem_request *q,
				 bool *replay, struct idem_row *prev);
/* Stores the reply (status < 500), or forgets the key (status >= 500, or
 * a reply that is not JSON text). Failures are logged. */
void svc_idem_finish(struct db *db, const struct svc_idem_request *q, int status,
		     const char *content_type, const char *headers, const char *body);

#endif
