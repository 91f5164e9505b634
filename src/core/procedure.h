/* The procedure model of DOMAIN.md section 3 and its pure validation.
 *
 * Layer: core (pure). Strings are borrowed (usually from a request arena or
 * a parsed JSON document); nothing here allocates except through the
 * problems list's arena.
 *
 * Time-limit shares: for limits in working days the steps' shares are
 * working hours summing to value × 8; for working hours, hours summing to
 * value; for calendar days, days summing to value (motcua: a calendar-day
 * limit has no fixed number of working hours, so its steps share days).
 */
#ifndef MOTCUA_CORE_PROCEDURE_H
#define MOTCUA_CORE_PROCEDURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "cal/cal.h"

enum limit_unit { LIMIT_WORKING_DAYS, LIMIT_DAYS, LIMIT_WORKING_HOURS, LIMIT_INVALID };

struct text2 {
	const char *vi;
	const char *en;
};

struct proc_component {
	struct text2 name;
	const char *template_name; /* may be NULL */
	const char *copy_type;	   /* original, certified_copy, copy, original_or_certified_copy */
	int64_t copies;
	bool mandatory;
	struct text2 condition; /* vi NULL: unconditional */
	const char *doc_type;
};

struct proc_step {
	struct text2 name;
	const char *role;
	const char *unit;			 /* unit code */
	int64_t share;				 /* hours, or days for calendar-day limits */
	const char *unit_name_vi, *unit_name_en; /* when read back */
};

/* A fee or charge of the procedure version (issue 13). The amount is in
 * đồng; with `per` set it is per unit of that parameter of the dossier
 * (e.g. "workers": amount × the number of workers). A fee whose amount is
 * not known yet is `confirmed` false ("to be confirmed"): shown, never
 * demanded, until an administrator publishes a version that sets it. */
struct proc_fee {
	struct text2 name;
	int64_t amount;	   /* đồng; 0 when not confirmed */
	struct text2 note; /* vi NULL or "": none */
	bool confirmed;
	const char *per;	     /* parameter name (a-z, _), or NULL for a fixed amount */
	const char *due;	     /* receipt | before_return */
	const char *exemption;	     /* who is exempt (Vietnamese), or NULL */
	const char *exemption_basis; /* its legal basis, or NULL */
};

struct procedure {
	const char *code;
	const char *national_code; /* may be NULL */
	struct text2 name, field, result;
	const char *unit;	  /* owning unit code */
	const char *online_level; /* full, partial, none */
	int64_t limit_value;
	const char *limit_unit;	    /* working_days, days, working_hours */
	const char *effective_from; /* YYYY-MM-DD */
	struct proc_component *components;
	size_t ncomponents;
	struct proc_step *steps;
	size_t nsteps;
	struct proc_fee *fees;
	size_t nfees;
	const char **legal;
	size_t nlegal;
	const char *notes;
	/* What Decision 766's group 1 reads (issue 12): who may use it, the
	 * number of sets to file (0 = not stated), the date of the decision
	 * that announced it and of its publication (YYYY-MM-DD or NULL). */
	const char *subjects;
	int64_t sets;
	const char *decision_date, *published_date;
	/* The procedure says its paper components need not be digitized at
	 * receipt ("digitize_at_receipt": false; Circular 03/2025 lets a
	 * procedure say otherwise). */
	bool digitize_exempt;
	/* Filled when read back from the database. */
	int64_t version;
	int64_t version_id; /* its row, set by repo_proc_get() */
	const char *status; /* draft, published */
	int64_t created_at;
	const char *unit_ident, *unit_name_vi, *unit_name_en;
};

/* A list of problems, each "path: message" in English, for import reports. */
struct problems {
	struct arena *arena;
	const char **items;
	size_t n, cap;
};

void problems_init(struct problems *p, struct arena *a);
void problems_add(struct problems *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

enum limit_unit limit_unit_parse(const char *s);
const char *limit_unit_name(enum limit_unit u);
/* A procedure's legal limit (limit_unit, limit_value) as cal_due() takes it:
 * days -> calendar days, working_hours -> working hours, anything else ->
 * working days. The one conversion: receipt, regeneration and monitoring
 * all time a dossier through it. */
struct cal_limit limit_to_cal(const char *limit_unit, int64_t limit_value);

#define PROC_MAX_COMPONENTS 40
#define PROC_MAX_STEPS	    12
#define PROC_MAX_FEES	    20
#define PROC_MAX_LEGAL	    40
#define PROC_MAX_NAME	    500

/* Checks everything that needs no database: codes, names, enumerations,
 * bounds, and that the step shares sum to the limit. Appends one problem
 * per defect, prefixed with prefix (e.g. "LD-02.json"). Returns the number
 * of problems added. Unit codes are checked by the caller. */
size_t proc_validate(const struct procedure *p, const char *prefix, struct problems *out);

#endif
