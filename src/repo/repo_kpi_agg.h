/* Monitoring aggregates (issue 12, "Speed"; sql 0019): the counters per
 * day and month (kpi_agg), what each subject adds to them (kpi_subjects),
 * the dossiers open now (kpi_open) and the subjects changed since they were
 * counted (kpi_dirty, marked by triggers in the changing transaction); and
 * the same counters per officer (sql 0032: kpi_agg_officer, the officers of
 * each subject and of each open dossier).
 * Layer: repo (private to svc). Strings and arrays from the arena.
 */
#ifndef MOTCUA_REPO_REPO_KPI_AGG_H
#define MOTCUA_REPO_REPO_KPI_AGG_H

#include "core/kpi_agg.h"
#include "repo/repo.h"

/* Claims at most limit dirty subjects of kind ("d", "t", "r") whose id is
 * above *after for this transaction with token (non-zero), writing how
 * many to *n and moving *after to the last id claimed; a subject changed
 * again before the transaction ends is unclaimed by its trigger and stays
 * dirty (for a later pass from 0). The caller walks on from *after: in one
 * long transaction PostgreSQL's index still holds every row claimed and
 * forgotten before, which "claimed = 0 ORDER BY id" would step over again
 * at each batch. Call inside a transaction. Errors: DB_*. */
int repo_kpi_agg_claim(struct db *db, const char *kind, int64_t token, int64_t limit,
		       int64_t *after, int64_t *n) __attribute__((warn_unused_result));
/* Forgets the subjects claimed with token (counted now). */
int repo_kpi_agg_done(struct db *db, int64_t token) __attribute__((warn_unused_result));
/* How many subjects are dirty. */
int repo_kpi_agg_dirty(struct db *db, int64_t *n) __attribute__((warn_unused_result));
/* Marks every dossier received, ticket and rating dirty and empties the
 * counters (a rebuild from the history). Call inside a transaction. */
int repo_kpi_agg_reset(struct db *db) __attribute__((warn_unused_result));

/* A claimed subject with its stored facts ("" when new) and the officers
 * they were added to ("" or ids joined by spaces, ascending). */
struct repo_kpi_subject {
	int64_t id;
	const char *facts, *officers;
};
/* The subjects of kind claimed with token, by id, after locking their rows
 * if lock (a concurrent counter of the same subject waits; a rebuild, which
 * deleted them all in its transaction, holds them already). */
int repo_kpi_agg_claimed(struct db *db, struct arena *a, const char *kind, int64_t token, bool lock,
			 struct repo_kpi_subject **out, size_t *n)
	__attribute__((warn_unused_result));
int repo_kpi_agg_subject_save(struct db *db, const char *kind, int64_t id, const char *facts,
			      const char *officers) __attribute__((warn_unused_result));

/* The officers of the subjects of kind claimed with token, as (subject,
 * user) pairs by subject and user, each once: a dossier's, every user who
 * acted in its history (views and downloads are not acts: repo_kpi.h's
 * officer scope); a ticket's, the officer who served it; a rating's, the
 * officers it names. */
struct repo_kpi_officer {
	int64_t id, user_id;
};
int repo_kpi_agg_officers(struct db *db, struct arena *a, const char *kind, int64_t token,
			  struct repo_kpi_officer **out, size_t *n)
	__attribute__((warn_unused_result));

/* The grains of the counters: their buckets are the local day number, the
 * month (year * 12 + month - 1), the year. */
enum { KPI_GRAIN_DAY = 0, KPI_GRAIN_MONTH = 1, KPI_GRAIN_YEAR = 2 };

/* One counter's change (or, read back, its sum). */
struct repo_kpi_delta {
	int grain; /* KPI_GRAIN_* */
	int64_t bucket, unit_id, version_id;
	int fact;
	int64_t value;
	int64_t user_id; /* 0: the unit's counter (kpi_agg); else the officer's */
};
/* Adds each delta to its counter (ds sorted, so that concurrent writers
 * lock rows in one order). */
int repo_kpi_agg_apply(struct db *db, const struct repo_kpi_delta *ds, size_t n)
	__attribute__((warn_unused_result));

/* The open dossier's row (overdue_at -1: NULL), or its removal. */
int repo_kpi_agg_open_set(struct db *db, int64_t dossier_id, int64_t unit_id, int64_t version_id,
			  int64_t overdue_at, bool waiting, bool disliked)
	__attribute__((warn_unused_result));
int repo_kpi_agg_open_del(struct db *db, int64_t dossier_id) __attribute__((warn_unused_result));
/* The officers of an open dossier (kpi_open_officers): users[n] replace
 * those stored (n 0: none, the dossier is not open). */
int repo_kpi_agg_open_officers(struct db *db, int64_t dossier_id, const int64_t *users, size_t n)
	__attribute__((warn_unused_result));

/* Claimed tickets and ratings as the indicators read them, with their unit
 * (and a rating's currency). */
struct repo_kpi_agg_ticket {
	int64_t id, unit_id;
	struct kpi_ticket t;
};
struct repo_kpi_agg_rating {
	int64_t id, unit_id;
	bool current;
	struct kpi_rating r;
};
int repo_kpi_agg_tickets(struct db *db, struct arena *a, int64_t token,
			 struct repo_kpi_agg_ticket **out, size_t *n)
	__attribute__((warn_unused_result));
int repo_kpi_agg_ratings(struct db *db, struct arena *a, int64_t token,
			 struct repo_kpi_agg_rating **out, size_t *n)
	__attribute__((warn_unused_result));

/* A scope of the sums: unit_id 0 = every unit (else it and its sub-units);
 * procedure / field NULL = any (else only the dossiers' rows: tickets and
 * ratings have version 0). */
struct repo_kpi_agg_scope {
	int64_t unit_id;
	const char *procedure, *field;
	bool by_fact;	    /* summed by fact alone (unit and version 0): fewer groups */
	bool snap;	    /* the snapshot's facts (KF_SNAP_*) alone, from their index */
	int64_t officer_id; /* non-zero: that officer's counters (kpi_agg_officer) */
};
/* The sums of the counters of grain in buckets [lo, hi], by unit, version
 * and fact (value = the sum); s->officer_id: that officer's. */
int repo_kpi_agg_sums(struct db *db, struct arena *a, const struct repo_kpi_agg_scope *s, int grain,
		      int64_t lo, int64_t hi, struct repo_kpi_delta **out, size_t *n)
	__attribute__((warn_unused_result));

/* 766.3.2: the online dossiers received in buckets [lo, hi] of grain, in
 * every unit, by version (unit 0, fact KF_PROC_ONLINE), read from their
 * own index (sql 0028). */
int repo_kpi_agg_online_sums(struct db *db, struct arena *a, int grain, int64_t lo, int64_t hi,
			     struct repo_kpi_delta **out, size_t *n)
	__attribute__((warn_unused_result));

/* Open dossiers of the scope by unit and version: open, overdue, waiting,
 * sat (sat: not overdue and not disliked). */
struct repo_kpi_agg_open {
	int64_t unit_id, version_id;
	int64_t open, overdue, waiting, sat;
};
/* The open dossiers of the scope (s->officer_id: of that officer, by
 * kpi_open_officers) whose overdue instant is in (after, until], by unit
 * and version: open = overdue = their count, waiting 0
 * (a dossier with an overdue instant ahead is running), sat = those not
 * disliked. */
int repo_kpi_agg_open_turning(struct db *db, struct arena *a, const struct repo_kpi_agg_scope *s,
			      int64_t after, int64_t until, struct repo_kpi_agg_open **out,
			      size_t *n) __attribute__((warn_unused_result));

#endif
