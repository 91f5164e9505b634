/* The register of form numbers (số, ký hiệu of Forms 01–05) and the names
 * units bore before (migration 0022). Layer: repo. */
#ifndef MOTCUA_REPO_REPO_FORMS_H
#define MOTCUA_REPO_REPO_FORMS_H

#include "repo/repo.h"

/* The next number of form in the register of unit_id and year (1 for the
 * first): taken in the caller's transaction, so that a rollback gives it
 * back and numbers stay gapless. */
int repo_form_next_seq(struct db *db, int64_t unit_id, int form, int64_t year, int64_t *seq)
	__attribute__((warn_unused_result));

/* A number given to the form that event event_seq of dossier_id produced. */
struct form_number {
	int64_t unit_id, year, seq, dossier_id, event_seq, at;
	int form;
	const char *number; /* as printed: "05/GTN-VP" */
};
int repo_form_number_insert(struct db *db, const struct form_number *n)
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
