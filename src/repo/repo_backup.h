/* What `motcua backup` and `motcua restore` read and write in the
 * database: the code counters, the code ranges a restore skipped
 * (dossier_code_voids) and the text of the history that may name dossier
 * codes. Layer: repo. */
#ifndef MOTCUA_REPO_REPO_BACKUP_H
#define MOTCUA_REPO_REPO_BACKUP_H

#include "repo/repo.h"

/* One counter: the highest sequence handed out by a unit on a local day. */
struct code_counter {
	int64_t unit_id;
	const char *unit_ident;
	int64_t day; /* YYYYMMDD */
	int64_t last;
};
/* Every counter, by day then unit. */
int repo_code_counters(struct db *db, struct arena *a, struct code_counter **out, size_t *n)
	__attribute__((warn_unused_result));

/* Moves the counter of (unit_id, day) to at least seq and records the
 * sequences it skips (last+1..seq) as voided for reason at instant at.
 * *skipped gets how many were skipped (0 if the counter was already there).
 * Run inside a transaction. */
int repo_code_skip_to(struct db *db, int64_t unit_id, int64_t day, int64_t seq, const char *reason,
		      int64_t at, int64_t *skipped) __attribute__((warn_unused_result));

/* How many codes restores skipped in all. */
int repo_code_voided(struct db *db, int64_t *n) __attribute__((warn_unused_result));

/* A page of the history's free text (note and data of each event), by id
 * after after_id; *last_id gets the last id read. */
int repo_event_texts(struct db *db, struct arena *a, int64_t after_id, int64_t limit,
		     const char ***out, size_t *n, int64_t *last_id)
	__attribute__((warn_unused_result));

#endif
