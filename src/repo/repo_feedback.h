/* Feedback items, their history and their counters (issue 14): the SQL of
 * svc/svc_feedback.c. Layer: repo, private to svc. Conventions of
 * repo/repo.h: DB_OK or a negative DB_* status; strings from the arena. */
#ifndef MOTCUA_REPO_REPO_FEEDBACK_H
#define MOTCUA_REPO_REPO_FEEDBACK_H

#include "core/events.h"
#include "model/feedback.h"
#include "repo/repo.h"

#ifndef REPO_MUST_CHECK
#define REPO_MUST_CHECK __attribute__((warn_unused_result))
#endif

/* The next number of the codes of local day `day` (1, 2, ...). */
int repo_feedback_next_seq(struct db *db, int64_t day, int64_t *seq) REPO_MUST_CHECK;
/* Inserts the whole row f (its first event already chained); *id the new id. */
int repo_feedback_insert(struct db *db, const struct feedback *f, int64_t *id) REPO_MUST_CHECK;
/* Writes every changing field of f->id if its stored event count is still
 * old_nevents, else DB_SOFT (someone else acted first: retry). */
int repo_feedback_update(struct db *db, const struct feedback *f,
			 int64_t old_nevents) REPO_MUST_CHECK;
/* The item of code; DB_NOT_FOUND if none. */
int repo_feedback_by_code(struct db *db, struct arena *a, const char *code,
			  struct feedback *out) REPO_MUST_CHECK;
/* Items by the filter, newest first (the public page: by publication),
 * with *total the count without limit and offset. */
int repo_feedback_list(struct db *db, struct arena *a, const struct feedback_filter *flt,
		       struct feedback **out, size_t *n, int64_t *total) REPO_MUST_CHECK;
/* Appends one event (hash filled) of item feedback_id. */
int repo_feedback_event_insert(struct db *db, int64_t feedback_id,
			       const struct event *e) REPO_MUST_CHECK;
/* The events of an item by seq; e->dossier holds the item's code. */
int repo_feedback_events_of(struct db *db, struct arena *a, int64_t feedback_id, struct event **out,
			    size_t *n) REPO_MUST_CHECK;
/* Items with id > after_id, by id, at most limit: id, code, event count,
 * last hash (for `audit verify`). */
int repo_feedback_heads(struct db *db, struct arena *a, int64_t after_id, int64_t limit,
			struct dossier_head **out, size_t *n) REPO_MUST_CHECK;
/* The feedback items of the monitoring scope (766.5.x, issue 14): received
 * or ended in [from_ms, to_ms); a unit's are those assigned to it or a
 * sub-unit, and, for the agency (a unit without parent), those not yet
 * assigned; an officer's scope (officer_id) holds none. More than cap:
 * DB_TOO_MANY. */
struct repo_kpi_scope;
struct kpi_feedback;
int repo_kpi_feedback(struct db *db, struct arena *a, const struct repo_kpi_scope *s,
		      struct kpi_feedback **out, size_t *n) REPO_MUST_CHECK;
/* The active units with an active officer who may draft an answer (a
 * specialist or a head: core/feedback.c's draft), by code; only id, code,
 * name_vi and name_en are filled. With unit_id > 0, that unit alone if it
 * is one. */
struct unit;
int repo_feedback_drafting_units(struct db *db, struct arena *a, int64_t unit_id, struct unit **out,
				 size_t *n) REPO_MUST_CHECK;
/* The procedure's field (of its newest published version) into *field,
 * DB_NOT_FOUND if the procedure has none published. */
int repo_feedback_procedure_field(struct db *db, struct arena *a, const char *procedure_code,
				  const char **field) REPO_MUST_CHECK;

#endif
