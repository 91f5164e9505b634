/* The register of form numbers (số, ký hiệu of Forms 01–05) and the names
 * units bore before (migration 0022). Layer: repo. */
#ifndef MOTCUA_REPO_REPO_FORMS_H
#define MOTCUA_REPO_REPO_FORMS_H

#include "repo/repo.h"

/* A number given to the form that event event_seq of dossier_id produced. */
struct form_number {
	int64_t unit_id, year, seq, dossier_id, event_seq, at;
	int form;
	const char *number; /* as printed: "05/GTN-VP" */
};
/* Gives n's form the next number in the register of n->unit_id and
 * n->year (1 for the first), printed as the number with at least two
 * digits then suffix ("/GTN-VP"), and records it: in the caller's
 * transaction, so that a rollback gives the number back and numbers stay
 * gapless. On PostgreSQL one statement sent with the next (db_exec_later():
 * issue 16); n->seq and n->number are not filled. */
int repo_form_number_take(struct db *db, const struct form_number *n, const char *suffix)
	__attribute__((warn_unused_result));
/* The number of that event's form; DB_NOT_FOUND if it has none (issued
 * before the register). */
int repo_form_number_get(struct db *db, struct arena *a, int64_t dossier_id, int64_t event_seq,
			 struct form_number *out) __attribute__((warn_unused_result));

/* The name unit_id bore at instant at: the earliest former name whose
 * valid_until is after at; DB_NOT_FOUND if its current name was already
 * its name then. superior is NULL when not recorded. */
struct unit_name {
	int64_t unit_id, valid_until;
	const char *name_vi, *name_en, *superior;
};
int repo_unit_name_at(struct db *db, struct arena *a, int64_t unit_id, int64_t at,
		      struct unit_name *out) __attribute__((warn_unused_result));
/* Records a former name (the unit is renamed at n->valid_until). */
int repo_unit_name_insert(struct db *db, const struct unit_name *n)
	__attribute__((warn_unused_result));

#endif
