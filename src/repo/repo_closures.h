/* The closed periods of the periodic report (issue 12, migration 0020):
 * one append-only hash chain of struct monitor_closure, with its head (the
 * count and the last hash). The hashes are made by svc/svc_closure.c; this
 * file only stores and reads them.
 *
 * Layer: repo (private to svc). Returns DB_OK or a negative DB_* status;
 * strings from the arena.
 */
#ifndef MOTCUA_REPO_REPO_CLOSURES_H
#define MOTCUA_REPO_REPO_CLOSURES_H

#include "repo/repo.h"
#include "model/monitor.h"

/* The chain's head: the number of closures and the last one's hash ("" for
 * none). */
int repo_closure_head(struct db *db, struct arena *a, int64_t *n, const char **last_hash)
	__attribute__((warn_unused_result));

/* Appends c (c->seq must be the head's n + 1) and moves the head, inside a
 * transaction. *c->id is not read; c->id gets the new id. DB_SOFT when
 * another closure took the place first (the runner retries);
 * DB_CONSTRAINT when the unit's period is closed already. */
int repo_closure_append(struct db *db, struct monitor_closure *c)
	__attribute__((warn_unused_result));

/* The closure of unit_id with exactly these days, or DB_NOT_FOUND. */
int repo_closure_find(struct db *db, struct arena *a, int64_t unit_id, const char *from,
		      const char *to, struct monitor_closure *out)
	__attribute__((warn_unused_result));

/* The closure of unit_id and period, or DB_NOT_FOUND. */
int repo_closure_of_period(struct db *db, struct arena *a, int64_t unit_id, const char *period,
			   struct monitor_closure *out) __attribute__((warn_unused_result));

/* The closures of unit_id (0: of every unit) by seq, without their figures
 * (with_figures false) or with them; at most `limit` after seq `after`. */
int repo_closures(struct db *db, struct arena *a, int64_t unit_id, int64_t after, int64_t limit,
		  bool with_figures, struct monitor_closure **out, size_t *n)
	__attribute__((warn_unused_result));

#endif
