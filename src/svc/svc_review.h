/* The procedure review and its compliance cost (issue 14, DOMAIN.md
 * sections 9 and 14, Circular 02/2017/TT-VPCP).
 *
 * The Office plans a year: which procedures, reviewed by which unit, by
 * when, and the period whose history is measured (by default the year
 * before). Each unit fills its review form per procedure (necessity,
 * reasonableness, legality; the declared inputs of the cost) and proposes
 * simplifications; motcua measures the rest (core/ccost.h) from the
 * procedure's dossiers received in the period and the queue visits linked
 * to them — live while the form is a draft, frozen when the unit submits
 * it. The Office compiles the submitted forms, a leader adopts or rejects
 * each proposal, and the adopted set is the report (PDF in the official
 * layout, signed; XLSX with the cost tables). A proposal enacted is
 * linked from the procedure version that enacts it (publish's "enacts"),
 * and a later form shows the measured cost of each version side by side.
 *
 * Who (DOMAIN.md 15): the unit's staff (specialists and heads of the
 * reviewing unit) fill, propose and submit; the Office plans, sets the
 * income per hour, returns or compiles; a leader decides; the three read.
 *
 * Layer: svc.
 */
#ifndef MOTCUA_SVC_SVC_REVIEW_H
#define MOTCUA_SVC_SVC_REVIEW_H

#include "base/buf.h"
#include "core/ccost.h"
#include "model/review.h"
#include "svc/svc.h"

_Static_assert(REVIEW_NACT == CCOST_NACT, "one declared value per activity");

/* "necessity", "reasonableness", "legality". */
extern const char *const svc_review_criteria[REVIEW_NCRIT];
/* The kinds of simplification: drop_component, merge_component,
 * shorten_limit, move_online, reuse_document, drop_step, other. */
extern const char *const svc_review_kinds[];
/* "drop_component" → its Vietnamese name; NULL if unknown. */
const char *svc_review_kind_vi(const char *kind);

struct svc_review_income {
	int64_t year, per_hour;
};

/* Errors: FORBIDDEN, FIELD_RANGE (year), DB_ERROR. */
struct svc_result svc_review_income_put(struct db *db, const struct svc_actor *who, int64_t year,
					int64_t per_hour);
struct svc_result svc_review_incomes(struct db *db, struct arena *a, struct svc_review_income **out,
				     size_t *n);

/* A cost with its inputs; has_cost false when the year has no income per
 * hour (the figures are then those of an income of 0). */
struct svc_review_cost {
	struct ccost_input in;
	struct ccost_result r;
	bool has_cost;
};

struct svc_review_prop {
	struct review_proposal p;
	struct svc_review_cost after;
	int64_t saving, percent_bp; /* a year, đồng; of the cost before */
	bool has_percent;
};

struct svc_review_version {
	struct review_measure m;
	struct svc_review_cost cost; /* the form's declared inputs, this version's measure */
	int64_t result_hours;	     /* -1: no result */
};

struct svc_review_form {
	struct review_item item;
	struct review_plan plan;
	int64_t income_per_hour; /* 0 when has_income is false */
	bool has_income;
	int64_t version_fees;	 /* the fees of the version in force (default of item.fees) */
	struct review_measure m; /* frozen, or measured now */
	int64_t result_hours;
	struct svc_review_cost before;
	struct svc_review_prop *props;
	size_t nprops;
	struct svc_review_version *versions;
	size_t nversions;
	struct review_proposal *enacted; /* this procedure's, from earlier plans */
	size_t nenacted;
	bool may_edit, may_office, may_decide; /* what the reader may do now */
};

struct svc_review_plan_view {
	struct review_plan plan;
	struct svc_review_form *forms; /* the reader's: all for office and leaders */
	size_t n;
};

/* Errors: FORBIDDEN, FIELD_RANGE (year), FIELD_INVALID (measure_from,
 * measure_to), REVIEW_PLAN_EXISTS (year), DB_ERROR. from/to NULL: the
 * calendar year before. */
struct svc_result svc_review_plan_create(struct db *db, struct arena *a,
					 const struct svc_actor *who, int64_t year,
					 const char *from, const char *to, struct review_plan *out);
struct svc_result svc_review_plans(struct db *db, struct arena *a, const struct svc_actor *who,
				   struct review_plan **out, size_t *n);
/* Errors: REVIEW_PLAN_NOT_FOUND, FORBIDDEN, DB_ERROR. */
struct svc_result svc_review_plan_get(struct db *db, struct arena *a, const struct svc_actor *who,
				      int64_t year, struct svc_review_plan_view *out);
/* Adds procedure code to the plan of year, reviewed by unit_code (NULL:
 * the unit of its version in force) by due (YYYY-MM-DD, from the plan's
 * creation to the end of its year: else FIELD_RANGE); codes in any case.
 * Errors:
 * REVIEW_PLAN_NOT_FOUND, PROCEDURE_NOT_FOUND (procedure), UNIT_NOT_FOUND
 * (unit), REVIEW_UNIT_NO_REVIEWER (unit: no specialist or head of unit to
 * fill the form), FIELD_INVALID (due), REVIEW_ITEM_EXISTS (procedure),
 * FORBIDDEN, DB_ERROR. */
struct svc_result svc_review_item_add(struct db *db, struct arena *a, const struct svc_actor *who,
				      int64_t year, const char *code, const char *unit_code,
				      const char *due, int64_t *id);
/* The Office changes the unit (unit_code; NULL: kept) or the due date
 * (NULL: kept) of item id, or deletes it with its proposals, while its
 * form was never submitted. Errors: REVIEW_ITEM_NOT_FOUND, REVIEW_STATE
 * (submitted once), UNIT_NOT_FOUND, REVIEW_UNIT_NO_REVIEWER (unit),
 * FIELD_INVALID (due), FORBIDDEN, DB_ERROR. */
struct svc_result svc_review_item_change(struct db *db, struct arena *a,
					 const struct svc_actor *who, int64_t id,
					 const char *unit_code, const char *due);
struct svc_result svc_review_item_delete(struct db *db, struct arena *a,
					 const struct svc_actor *who, int64_t id);

/* Errors: REVIEW_ITEM_NOT_FOUND, REVIEW_NOT_YOUR_UNIT, DB_ERROR. */
struct svc_result svc_review_form(struct db *db, struct arena *a, const struct svc_actor *who,
				  int64_t id, struct svc_review_form *out);

/* The unit's edit of a draft: the criteria (verdict "", meets, partly,
 * fails; a note), the declared seconds and times of each activity (those
 * history measures are used only when it has no sample), fees (has_fees
 * false: the procedure's), other costs, dossiers a year (when none was
 * measured). */
struct svc_review_edit {
	const char *verdict[REVIEW_NCRIT], *note[REVIEW_NCRIT];
	bool has_act[REVIEW_NACT];
	int64_t seconds[REVIEW_NACT], times_milli[REVIEW_NACT];
	bool has_fees, has_other, has_dossiers;
	int64_t fees, other_costs, dossiers_per_year;
};
/* Errors: REVIEW_ITEM_NOT_FOUND, REVIEW_NOT_YOUR_UNIT, REVIEW_STATE,
 * FIELD_INVALID (a verdict), DB_ERROR. */
struct svc_result svc_review_form_save(struct db *db, struct arena *a, const struct svc_actor *who,
				       int64_t id, const struct svc_review_edit *e);
/* draft → submitted, the measure frozen. Errors: as save,
 * REVIEW_CRITERIA_MISSING (necessity.verdict, reasonableness.verdict or
 * legality.verdict: each is needed) and REVIEW_INCOME_MISSING (the plan's
 * year has no income per hour). */
struct svc_result svc_review_submit(struct db *db, struct arena *a, const struct svc_actor *who,
				    int64_t id);
/* The Office sends a submitted form back (→ draft) with a note. */
struct svc_result svc_review_return(struct db *db, struct arena *a, const struct svc_actor *who,
				    int64_t id, const char *note);
/* The Office compiles every submitted form of the year's plan (→
 * compiled); *n how many. Errors: REVIEW_PLAN_NOT_FOUND, FORBIDDEN, DB_ERROR. */
struct svc_result svc_review_compile(struct db *db, struct arena *a, const struct svc_actor *who,
				     int64_t year, int64_t *n);

/* A simplification in draft form item_id: p's kind, text and changes.
 * Errors: REVIEW_ITEM_NOT_FOUND, REVIEW_NOT_YOUR_UNIT, REVIEW_STATE,
 * FIELD_INVALID (kind), FIELD_TOO_LONG (proposals: more than
 * REPO_REVIEW_MAX_PROPOSALS), DB_ERROR. */
struct svc_result svc_review_propose(struct db *db, struct arena *a, const struct svc_actor *who,
				     int64_t item_id, const struct review_proposal *p, int64_t *id);
/* The unit changes proposal id (kind, text and changes, checked as when
 * proposed) or deletes it while its form is a draft (never submitted, or
 * returned by the Office); *item_id gets the form's id. Errors:
 * REVIEW_PROPOSAL_NOT_FOUND, REVIEW_NOT_YOUR_UNIT, REVIEW_PROPOSAL_LOCKED
 * (the form was submitted), FIELD_INVALID (kind), DB_ERROR. */
struct svc_result svc_review_proposal_edit(struct db *db, struct arena *a,
					   const struct svc_actor *who, int64_t id,
					   const struct review_proposal *p, int64_t *item_id);
struct svc_result svc_review_proposal_delete(struct db *db, struct arena *a,
					     const struct svc_actor *who, int64_t id,
					     int64_t *item_id);
/* A leader adopts or rejects a proposal of a compiled form. Errors:
 * REVIEW_PROPOSAL_NOT_FOUND, REVIEW_STATE, FORBIDDEN, DB_ERROR. */
struct svc_result svc_review_decide(struct db *db, struct arena *a, const struct svc_actor *who,
				    int64_t id, bool adopt, const char *note);

/* The adopted proposals of procedure code (any case) not yet enacted,
 * those a version published may enact (the route is the administrators').
 * Errors: DB_ERROR. */
struct svc_result svc_review_enactable(struct db *db, struct arena *a, const char *code,
				       struct review_proposal **out, size_t *n);
/* Inside the transaction that publishes version of procedure code: links
 * the proposals ids to it. db_abort(REVIEW_NOT_ADOPTED, "enacts") when one
 * is not an adopted, not yet enacted proposal of that procedure. */
int svc_review_enact(struct db *db, const char *code, int64_t version, const int64_t *ids, size_t n)
	__attribute__((warn_unused_result));

enum svc_review_format { SVC_REVIEW_PDF, SVC_REVIEW_XLSX };
/* The adopted proposals of the year's plan as a report: PDF (A4
 * landscape, the official layout, signed by the agency's key in the name
 * of the head of the Office's unit) or XLSX (a sheet of the adopted
 * proposals' before, after, saving; a sheet of the compliance cost of
 * each reviewed procedure, a form submitted or compiled: activity by
 * activity, hours measured or declared, money, then fees, other costs,
 * the cost of a dossier and of a year). The PDF is addressed to
 * review.recipient ("Kính gửi"). Errors: REVIEW_NOTHING_ADOPTED (the PDF,
 * before a leader adopted a proposal: nothing is signed in the head's
 * name until then), REVIEW_PLAN_NOT_FOUND, FORBIDDEN, DB_ERROR, INTERNAL, the signer's. */
struct svc_result svc_review_report(struct db *db, struct arena *a, const struct config *cfg,
				    const struct svc_actor *who, int64_t year,
				    enum svc_review_format f, struct buf *out,
				    const char **content_type, const char **filename);

#endif
