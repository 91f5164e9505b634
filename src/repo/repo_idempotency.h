/* The stored replies of requests made with an Idempotency-Key (issue 10):
 * one row per (who, key) with the request's hash and, once it finished,
 * its reply. Kept apart from repo.h so that this work does not edit a
 * header every engineer shares.
 *
 * Layer: repo. Conventions of repo.h: DB_OK or a negative DB_* status,
 * DB_NOT_FOUND for a missing row, strings from the caller's arena.
 */
#ifndef MOTCUA_REPO_IDEMPOTENCY_H
#define MOTCUA_REPO_IDEMPOTENCY_H

#include "model/idempotency.h"
#include "repo/repo.h"

int repo_idem_get(struct db *db, struct arena *a, const char *who, const char *key,
		  struct idem_row *out);
/* A running request's row (status 0). DB_CONSTRAINT if (who, key) exists. */
int repo_idem_start(struct db *db, const char *who, const char *key, const char *route,
		    const char *request_hash, int64_t now);
/* Starts again a row whose first request never finished. */
int repo_idem_restart(struct db *db, const char *who, const char *key, int64_t now);
/* Stores the reply of the request. */
int repo_idem_finish(struct db *db, const char *who, const char *key, int status,
		     const char *content_type, const char *headers, const char *body);
int repo_idem_delete(struct db *db, const char *who, const char *key);
/* Deletes the rows created before `before`. */
int repo_idem_expire(struct db *db, int64_t before);

#endif
