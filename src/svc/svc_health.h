/* The disk half of /healthz: whether motcua can still write where it keeps
 * its data. A full disk made every log-in and upload fail while /healthz
 * said "ok" (issue 10), so a load balancer kept sending traffic to a server
 * that could do nothing.
 *
 * Layer: svc. Kept apart from svc.h so that the health work does not edit
 * a header every engineer shares.
 */
#ifndef MOTCUA_SVC_SVC_HEALTH_H
#define MOTCUA_SVC_SVC_HEALTH_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"

#define SVC_HEALTH_MAX_REASONS 5

struct svc_health {
	size_t nreasons;
	/* For anyone (/healthz is public): "database_low_space",
	 * "database_write_failed", "files_low_space", "files_write_failed" —
	 * no folder, no figure. */
	const char *codes[SVC_HEALTH_MAX_REASONS];
	char reasons[SVC_HEALTH_MAX_REASONS][256]; /* English, with the folder: for the log */
};

/* Checks the folder of the SQLite database (nothing for PostgreSQL: its
 * server reports its own disk) and the file store under data_dir: free
 * space at least health.min_free_mb, and a probe file of 4 KB written,
 * fsynced and removed. Fills out->codes and out->reasons with one per problem;
 * nreasons 0 = healthy. Thread-safe; takes a few milliseconds. */
void svc_health_disk(const struct config *cfg, struct svc_health *out);

struct db;
/* The database half: the backend's name ("sqlite", "postgresql") and the
 * schema version it is at and the latest this program knows. Returns 0,
 * or -1 if the database cannot be read (its message logged). */
int svc_health_db(struct db *db, const char **backend, int *current, int *latest)
	__attribute__((warn_unused_result));
/* The database's figures for /metrics (the http layer's metrics hook):
 * operations that failed, transactions retried. Thread-safe. */
struct buf;
void svc_health_metrics(struct db *db, struct buf *out);

#endif
