/* The procedure review (issue 14): plans, review forms, proposals, the
 * year's income per hour, and the measure of a procedure's history
 * (core/ccost.h) read from its dossiers and the queue visits linked to
 * them.
 * Layer: repo (private to svc). Conventions of repo/repo.h: DB_OK or a
 * negative DB_* status; DB_NOT_FOUND for a missing row; DB_CONSTRAINT for
 * a duplicate; strings and arrays from the arena.
 */
#ifndef MOTCUA_REPO_REPO_REVIEW_H
#define MOTCUA_REPO_REPO_REVIEW_H

#include "model/review.h"
#include "repo/repo.h"

/* At most this many items in a plan, proposals in a form. */
#define REPO_REVIEW_MAX_ITEMS	  2000
#define REPO_REVIEW_MAX_PROPOSALS 50

struct repo_review_income {
	int64_t year, per_hour;
};

int repo_review_income_get(struct db *db, int64_t year, int64_t *per_hour)
	__attribute__((warn_unused_result));
int repo_review_income_put(struct db *db, int64_t year, int64_t per_hour, int64_t user_id,
			   int64_t now) __attribute__((warn_unused_result));
int repo_review_incomes(struct db *db, struct arena *a, struct repo_review_income **out, size_t *n)
	__attribute__((warn_unused_result));

int repo_review_plan_insert(struct db *db, const struct review_plan *p, int64_t user_id,
			    int64_t *id) __attribute__((warn_unused_result));
int repo_review_plan_get(struct db *db, struct arena *a, int64_t year, struct review_plan *out)
	__attribute__((warn_unused_result));
int repo_review_plans(struct db *db, struct arena *a, struct review_plan **out, size_t *n)
	__attribute__((warn_unused_result));

/* The procedure code's id, and of its version published and in force at
 * now: its unit, the sum of its fees. DB_NOT_FOUND without one. */
struct repo_review_proc {
	int64_t id, unit_id, fees;
};
int repo_review_proc(struct db *db, const char *code, int64_t now, struct repo_review_proc *out)
	__attribute__((warn_unused_result));

int repo_review_item_insert(struct db *db, int64_t plan_id, int64_t procedure_id, int64_t unit_id,
			    const char *due_date, int64_t now, int64_t *id)
	__attribute__((warn_unused_result));
/* The Office's change of item id's unit and due date, and its removal
 * (with its declared activities and proposals), while it was never
 * submitted: DB_NOT_FOUND otherwise. */
int repo_review_item_plan(struct db *db, int64_t id, int64_t unit_id, const char *due_date,
			  int64_t now) __attribute__((warn_unused_result));
int repo_review_item_delete(struct db *db, int64_t id) __attribute__((warn_unused_result));
/* The items of a plan (by procedure code), or the one item id. */
int repo_review_items(struct db *db, struct arena *a, int64_t plan_id, struct review_item **out,
		      size_t *n) __attribute__((warn_unused_result));
int repo_review_item_get(struct db *db, struct arena *a, int64_t id, struct review_item *out)
	__attribute__((warn_unused_result));
/* Writes the form's criteria and declared inputs of it->id. */
int repo_review_item_save(struct db *db, const struct review_item *it, int64_t now)
	__attribute__((warn_unused_result));
/* Moves item id from state from to state to (DB_NOT_FOUND if it was not
 * in from); submitted and compiled record who and when; note (NULL:
 * unchanged) is the office's note. */
int repo_review_item_move(struct db *db, int64_t id, const char *from, const char *to,
			  int64_t user_id, int64_t now, const char *note)
	__attribute__((warn_unused_result));
/* Freezes m as item id's measure. */
int repo_review_item_freeze(struct db *db, int64_t id, const struct review_measure *m)
	__attribute__((warn_unused_result));

/* The history of procedure_id in [from_ms, to_ms) (received then): one
 * measure per version (by number), period_days left 0. */
int repo_review_measure(struct db *db, struct arena *a, int64_t procedure_id, int64_t from_ms,
			int64_t to_ms, struct review_measure **out, size_t *n)
	__attribute__((warn_unused_result));

int repo_review_proposal_insert(struct db *db, const struct review_proposal *p, int64_t user_id,
				int64_t now, int64_t *id) __attribute__((warn_unused_result));
/* Replaces proposal p->id's kind, text and changes with p's. */
int repo_review_proposal_update(struct db *db, const struct review_proposal *p)
	__attribute__((warn_unused_result));
/* Deletes proposal id and its changes. */
int repo_review_proposal_delete(struct db *db, int64_t id) __attribute__((warn_unused_result));
/* The proposals of item_id (> 0), or those of procedure_id enacted in a
 * version (item_id 0), by id. */
int repo_review_proposals(struct db *db, struct arena *a, int64_t item_id, int64_t procedure_id,
			  struct review_proposal **out, size_t *n)
	__attribute__((warn_unused_result));
/* The adopted proposals of procedure code not yet enacted, by year. */
int repo_review_enactable(struct db *db, struct arena *a, const char *code,
			  struct review_proposal **out, size_t *n)
	__attribute__((warn_unused_result));
int repo_review_proposal_get(struct db *db, struct arena *a, int64_t id,
			     struct review_proposal *out) __attribute__((warn_unused_result));
int repo_review_proposal_decide(struct db *db, int64_t id, const char *state, const char *note,
				int64_t user_id, int64_t now) __attribute__((warn_unused_result));
/* Links adopted proposal id of procedure code, not yet enacted, to the
 * version (number) of that procedure; DB_NOT_FOUND if it is none of that. */
int repo_review_proposal_enact(struct db *db, int64_t id, const char *code, int64_t version)
	__attribute__((warn_unused_result));

#endif
