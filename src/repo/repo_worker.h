/* The background worker's queries: dossiers coming due or overdue, the
 * marks that make each such finding happen once, the e-mail outbox with its
 * claim, and the worker's cursor over the history. Layer: repo. */
#ifndef MOTCUA_REPO_REPO_WORKER_H
#define MOTCUA_REPO_REPO_WORKER_H

#include "repo/repo.h"

#define REPO_MUST_CHECK __attribute__((warn_unused_result))

/* A dossier found due in a window. */
struct due_row {
	int64_t id;
	const char *code;
	int64_t due_at; /* the effective due time: the extended one once approved */
};

/* Open dossiers (received or in process, not paused) of processing unit
 * unit_id whose effective due time is in (after, upto] and that have no
 * mark of kind ("due_soon" or "overdue") for that due time, earliest first,
 * at most limit. */
int repo_worker_due(struct db *db, struct arena *a, int64_t unit_id, const char *kind,
		    int64_t after, int64_t upto, int64_t limit, struct due_row **out,
		    size_t *n) REPO_MUST_CHECK;

/* Records that a dossier was found kind for due_at. *inserted false when
 * the mark already exists (another worker found it first): the caller then
 * does nothing. Inside the caller's transaction. */
int repo_worker_mark(struct db *db, int64_t dossier_id, const char *kind, int64_t due_at,
		     int64_t now, bool *inserted) REPO_MUST_CHECK;

/* E-mail of user id ("" when none or inactive). */
int repo_worker_user_email(struct db *db, struct arena *a, int64_t user_id,
			   const char **email) REPO_MUST_CHECK;
/* E-mails of the active officers of unit_id holding role (the pool of an
 * unassigned step). */
int repo_worker_pool_emails(struct db *db, struct arena *a, int64_t unit_id, const char *role,
			    const char ***emails, size_t *n) REPO_MUST_CHECK;

/* ---- the outbox ---- */
struct outbox_row {
	int64_t id;
	const char *dedup;  /* one row per key: what it is about and to whom */
	int64_t dossier_id; /* 0 = none */
	const char *kind;   /* received, supplement, extended, result, due_soon, overdue */
	const char *recipient, *subject, *body;
	int64_t attempts;
};
/* Queues a mail; *inserted false if its dedup key is already queued. */
int repo_outbox_insert(struct db *db, const struct outbox_row *m, int64_t now,
		       bool *inserted) REPO_MUST_CHECK;
int repo_outbox_exists(struct db *db, const char *dedup, bool *exists) REPO_MUST_CHECK;
/* Ids of rows to send now: pending and due, or claimed by a worker that
 * has not finished since lease_before (it died). */
int repo_outbox_ready(struct db *db, struct arena *a, int64_t now, int64_t lease_before,
		      int64_t limit, int64_t **ids, size_t *n) REPO_MUST_CHECK;
/* Takes row id for worker if it is still ready (UPDATE ... WHERE state =
 * 'pending' ... RETURNING): *claimed false when another worker has it. */
int repo_outbox_claim(struct db *db, struct arena *a, int64_t id, const char *worker, int64_t now,
		      int64_t lease_before, struct outbox_row *out, bool *claimed) REPO_MUST_CHECK;
/* Ends a claim: sent, or back to pending at next_at with the error, or
 * failed for good. Only the claiming worker's row is changed. */
int repo_outbox_sent(struct db *db, int64_t id, const char *worker, int64_t now) REPO_MUST_CHECK;
int repo_outbox_retry(struct db *db, int64_t id, const char *worker, const char *error,
		      int64_t next_at, bool give_up) REPO_MUST_CHECK;

/* ---- the cursor over the history ---- */
/* *value 0 and *found false when the cursor does not exist yet. */
int repo_worker_cursor(struct db *db, const char *name, int64_t *value,
		       bool *found) REPO_MUST_CHECK;
/* Moves the cursor forward to value (never back), creating it if missing. */
int repo_worker_cursor_advance(struct db *db, const char *name, int64_t value) REPO_MUST_CHECK;
/* The highest event id stored (0 when none). */
int repo_worker_last_event(struct db *db, int64_t *id) REPO_MUST_CHECK;

/* An event the applicant is told of. */
struct notice_row {
	int64_t event_id;
	const char *code, *action, *from_state, *to_state;
};
/* Events after after_id that tell the applicant something (received,
 * supplement requested, extension approved, result issued), by id, at
 * most limit; *last gets the highest event id looked at (after_id when
 * none). */
int repo_worker_notices(struct db *db, struct arena *a, int64_t after_id, int64_t limit,
			struct notice_row **out, size_t *n, int64_t *last) REPO_MUST_CHECK;

/* For `motcua gen`: an active officer of unit_id holding role (else of any
 * unit; *id 0 and *username "" when nobody holds it). */
int repo_gen_officer(struct db *db, struct arena *a, int64_t unit_id, const char *role, int64_t *id,
		     const char **username) REPO_MUST_CHECK;

#endif
