/* The procedure review (issue 14, DOMAIN.md sections 9 and 14): a year's
 * plan, each procedure's review form with its declared inputs and frozen
 * measure, the simplifications proposed. Plain structs; the compliance
 * cost itself is core/ccost.h.
 *
 * Layer: model (libc only). Strings are borrowed from the arena of whoever
 * filled the struct.
 */
#ifndef MOTCUA_MODEL_REVIEW_H
#define MOTCUA_MODEL_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The activities of core/ccost.h, by enum ccost_act. */
#define REVIEW_NACT 6
/* necessity, reasonableness, legality (Circular 02/2017's criteria). */
#define REVIEW_NCRIT 3

struct review_plan {
	int64_t id, year;
	const char *measure_from, *measure_to; /* local dates, both included */
	int64_t created_at;
	int64_t nitems;
};

/* What the history holds for a procedure (or a version) in a period:
 * core/ccost.h struct ccost_measure, field for field. */
struct review_measure {
	int64_t version; /* the version's number; 0 for all together */
	int64_t period_days, dossiers, visits, waits, wait_ms, served, counter_ms, supplements,
		direct_supplements, desk_returns, results, result_ms;
};

struct review_item {
	int64_t id, plan_id, year;
	int64_t procedure_id;
	const char *procedure_code, *procedure_name_vi, *procedure_name_en;
	int64_t unit_id;
	const char *unit_code, *unit_name_vi, *unit_name_en;
	const char *due_date;
	const char *state; /* draft | submitted | compiled */
	const char *verdict[REVIEW_NCRIT], *note[REVIEW_NCRIT];
	bool has_fees; /* else the fees of the procedure's current version */
	int64_t fees, other_costs, dossiers_per_year;
	int64_t seconds[REVIEW_NACT], times_milli[REVIEW_NACT]; /* declared */
	const char *office_note;
	bool frozen;		 /* measure as at submission */
	struct review_measure m; /* when frozen */
	int64_t submitted_at, compiled_at, updated_at;
	int64_t nproposals, nadopted;
};

struct review_proposal {
	int64_t id, item_id;
	const char *kind, *text;
	bool has_seconds[REVIEW_NACT], has_times[REVIEW_NACT];
	int64_t seconds[REVIEW_NACT], times_milli[REVIEW_NACT];
	bool has_fees, has_other, has_dossiers;
	int64_t fees, other_costs, dossiers_per_year;
	const char *state; /* proposed | adopted | rejected */
	const char *decision_note;
	int64_t decided_at;
	int64_t enacted_version; /* the version number that enacted it; 0: not yet */
	int64_t plan_year;	 /* the plan it was proposed in */
	int64_t created_at;
};

#endif
