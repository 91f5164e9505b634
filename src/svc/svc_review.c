/* The procedure review's use cases (svc_review.h): plans, forms with
 * their measured and declared cost, proposals with their saving, the
 * flow unit → Office → leader, and the link from a published version.
 * Layer: svc. */
#include "svc/svc_review.h"

#include <ctype.h>
#include <string.h>

#include "base/clock.h"
#include "core/roles.h"
#include "repo/repo_feedback.h"
#include "repo/repo_review.h"

#define DAY_MS INT64_C(86400000)

const char *const svc_review_criteria[REVIEW_NCRIT] = {"necessity", "reasonableness", "legality"};

const char *const svc_review_kinds[] = {
	"drop_component", "merge_component", "shorten_limit", "move_online",
	"reuse_document", "drop_step",	     "other",	      NULL};
static const char *const kind_vi[] = {"Bãi bỏ thành phần hồ sơ",
				      "Gộp thành phần hồ sơ",
				      "Rút ngắn thời hạn giải quyết",
				      "Chuyển sang thực hiện trực tuyến",
				      "Tái sử dụng giấy tờ từ kho dữ liệu",
				      "Bãi bỏ bước thực hiện",
				      "Phương án khác"};

const char *svc_review_kind_vi(const char *kind)
{
	for (size_t i = 0; kind && svc_review_kinds[i]; i++)
		if (!strcmp(kind, svc_review_kinds[i]))
			return kind_vi[i];
	return NULL;
}

static bool verdict_ok(const char *v)
{
	return !v || !*v || !strcmp(v, "meets") || !strcmp(v, "partly") || !strcmp(v, "fails");
}

/* ---- who ---- */

static bool is_office(const struct svc_actor *who)
{
	return who->roles & ROLE_OFFICE;
}

static bool is_leader(const struct svc_actor *who)
{
	return who->roles & ROLE_LEADER;
}

/* The reviewing unit's own staff. */
static bool is_unit_staff(const struct svc_actor *who, const struct review_item *it)
{
	return (who->roles & (ROLE_SPECIALIST | ROLE_HEAD)) && who->unit_id == it->unit_id;
}

static bool may_read(const struct svc_actor *who, const struct review_item *it)
{
	return is_office(who) || is_leader(who) || is_unit_staff(who, it);
}

/* ---- incomes ---- */

struct svc_result svc_review_income_put(struct db *db, const struct svc_actor *who, int64_t year,
					int64_t per_hour)
{
	if (!is_office(who))
		return svc_fail(ERR_FORBIDDEN, NULL, "the office sets the income per hour");
	if (year < 2000 || year > 2100)
		return svc_fail(ERR_FIELD_RANGE, "year", "2000 to 2100");
	return svc_txn_result(db,
			      repo_review_income_put(db, year, per_hour, who->id, clock_now_ms()));
}

struct svc_result svc_review_incomes(struct db *db, struct arena *a, struct svc_review_income **out,
				     size_t *n)
{
	struct repo_review_income *x;
	int rc = repo_review_incomes(db, a, &x, n);
	if (rc < 0)
		return svc_txn_result(db, rc);
	_Static_assert(sizeof *x == sizeof **out, "the same two fields");
	*out = (struct svc_review_income *)x;
	return svc_ok();
}

/* ---- the cost ---- */

static void measure_to_ccost(const struct review_measure *m, struct ccost_measure *c)
{
	*c = (struct ccost_measure){.period_days = m->period_days,
				    .dossiers = m->dossiers,
				    .visits = m->visits,
				    .waits = m->waits,
				    .wait_ms = m->wait_ms,
				    .served = m->served,
				    .counter_ms = m->counter_ms,
				    .supplements = m->supplements,
				    .direct_supplements = m->direct_supplements,
				    .desk_returns = m->desk_returns,
				    .results = m->results,
				    .result_ms = m->result_ms};
}

/* The cost of form f's declared inputs with measure m. */
static void cost_of(const struct svc_review_form *f, const struct review_measure *m,
		    struct svc_review_cost *out)
{
	const struct review_item *it = &f->item;
	struct ccost_input *in = &out->in;
	memset(out, 0, sizeof *out);
	for (int k = 0; k < CCOST_NACT; k++) {
		in->act[k].seconds = it->seconds[k];
		in->act[k].times_milli = it->times_milli[k];
	}
	in->income_per_hour = f->income_per_hour;
	in->fees = it->has_fees ? it->fees : f->version_fees;
	in->other = it->other_costs;
	in->dossiers_per_year = it->dossiers_per_year;
	struct ccost_measure c;
	measure_to_ccost(m, &c);
	ccost_fill(&c, in);
	/* Inputs are checked against the bounds when saved; a sum of fees
	 * beyond them is clamped here rather than losing the whole form. */
	if (in->fees > CCOST_MAX_MONEY)
		in->fees = CCOST_MAX_MONEY;
	/* Without the year's income the figures are those of an income of 0,
	 * and say so (has_cost false). */
	out->has_cost = ccost_compute(in, &out->r) == CCOST_OK && f->has_income;
}

static void proposal_change(const struct review_proposal *p, struct ccost_change *ch)
{
	memset(ch, 0, sizeof *ch);
	for (int k = 0; k < CCOST_NACT; k++) {
		ch->has_seconds[k] = p->has_seconds[k];
		ch->seconds[k] = p->seconds[k];
		ch->has_times[k] = p->has_times[k];
		ch->times_milli[k] = p->times_milli[k];
	}
	ch->has_fees = p->has_fees;
	ch->fees = p->fees;
	ch->has_other = p->has_other;
	ch->other = p->other_costs;
	ch->has_dossiers = p->has_dossiers;
	ch->dossiers_per_year = p->dossiers_per_year;
}

static void prop_cost(const struct svc_review_form *f, struct svc_review_prop *x)
{
	struct ccost_change ch;
	proposal_change(&x->p, &ch);
	ccost_apply(&f->before.in, &ch, &x->after.in);
	x->after.has_cost = ccost_compute(&x->after.in, &x->after.r) == CCOST_OK && f->has_income;
	ccost_saving(f->before.r.cost_year, x->after.r.cost_year, &x->saving, &x->percent_bp,
		     &x->has_percent);
	x->has_percent = x->has_percent && x->after.has_cost && f->before.has_cost;
}

/* The plan's measured period as instants and days. */
static int period_of(const struct review_plan *p, int64_t *from, int64_t *to, int64_t *days)
{
	if (clock_parse_date(p->measure_from, from) < 0 || clock_parse_date(p->measure_to, to) < 0)
		return -1;
	*to += DAY_MS;
	*days = (*to - *from) / DAY_MS;
	return *days >= 1 ? 0 : -1;
}

/* The live measure of the form's procedure over the plan's period: the
 * total, and one per version. */
static int measure_live(struct db *db, struct arena *a, struct svc_review_form *f)
{
	int64_t from, to, days;
	if (period_of(&f->plan, &from, &to, &days) < 0)
		return db_abort(db, ERR_INTERNAL, NULL, "the plan's period");
	struct review_measure *v;
	size_t n;
	int rc = repo_review_measure(db, a, f->item.procedure_id, from, to, &v, &n);
	if (rc < 0)
		return rc;
	memset(&f->m, 0, sizeof f->m);
	f->m.period_days = days;
	for (size_t i = 0; i < n; i++) {
		const struct review_measure *x = &v[i];
		v[i].period_days = days;
		f->m.dossiers += x->dossiers;
		f->m.visits += x->visits;
		f->m.waits += x->waits;
		f->m.wait_ms += x->wait_ms;
		f->m.served += x->served;
		f->m.counter_ms += x->counter_ms;
		f->m.supplements += x->supplements;
		f->m.direct_supplements += x->direct_supplements;
		f->m.desk_returns += x->desk_returns;
		f->m.results += x->results;
		f->m.result_ms += x->result_ms;
	}
	f->versions = arena_zalloc(a, (n + 1) * sizeof *f->versions);
	f->nversions = n;
	for (size_t i = 0; i < n; i++)
		f->versions[i].m = v[i];
	return DB_OK;
}

/* Everything of form it that is not stored: income, fees, the measure
 * (frozen or live), the costs before and after, the versions, the
 * enacted proposals, what the reader may do. */
static int form_fill(struct db *db, struct arena *a, const struct svc_actor *who,
		     struct svc_review_form *f)
{
	int64_t now = clock_now_ms();
	int rc = repo_review_plan_get(db, a, f->item.year, &f->plan);
	if (rc < 0)
		return rc;
	rc = repo_review_income_get(db, f->item.year, &f->income_per_hour);
	if (rc < 0 && rc != DB_NOT_FOUND)
		return rc;
	f->has_income = rc == DB_OK;
	struct repo_review_proc proc;
	rc = repo_review_proc(db, f->item.procedure_code, now, &proc);
	if (rc < 0 && rc != DB_NOT_FOUND)
		return rc;
	f->version_fees = rc == DB_OK ? proc.fees : 0;
	if ((rc = measure_live(db, a, f)) < 0)
		return rc;
	if (f->item.frozen)
		f->m = f->item.m;
	struct ccost_measure c;
	measure_to_ccost(&f->m, &c);
	f->result_hours = ccost_result_hours(&c);
	cost_of(f, &f->m, &f->before);
	for (size_t i = 0; i < f->nversions; i++) {
		struct svc_review_version *v = &f->versions[i];
		cost_of(f, &v->m, &v->cost);
		measure_to_ccost(&v->m, &c);
		v->result_hours = ccost_result_hours(&c);
	}
	struct review_proposal *p;
	if ((rc = repo_review_proposals(db, a, f->item.id, 0, &p, &f->nprops)) < 0)
		return rc;
	f->props = arena_zalloc(a, (f->nprops + 1) * sizeof *f->props);
	for (size_t i = 0; i < f->nprops; i++) {
		f->props[i].p = p[i];
		prop_cost(f, &f->props[i]);
	}
	rc = repo_review_proposals(db, a, 0, f->item.procedure_id, &f->enacted, &f->nenacted);
	if (rc < 0)
		return rc;
	const char *st = f->item.state;
	f->may_edit = is_unit_staff(who, &f->item) && !strcmp(st, "draft");
	f->may_office = is_office(who) && !strcmp(st, "submitted");
	f->may_decide = is_leader(who) && !strcmp(st, "compiled");
	return DB_OK;
}

/* Form id for who: DB_OK, or db_abort() with the registry error. */
static int form_load(struct db *db, struct arena *a, const struct svc_actor *who, int64_t id,
		     struct svc_review_form *f)
{
	memset(f, 0, sizeof *f);
	int rc = repo_review_item_get(db, a, id, &f->item);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_REVIEW_ITEM_NOT_FOUND, NULL, NULL);
	if (rc < 0)
		return rc;
	if (!may_read(who, &f->item))
		return db_abort(db, ERR_REVIEW_NOT_YOUR_UNIT, NULL, f->item.unit_code);
	return form_fill(db, a, who, f);
}

struct svc_result svc_review_form(struct db *db, struct arena *a, const struct svc_actor *who,
				  int64_t id, struct svc_review_form *out)
{
	return svc_txn_result(db, form_load(db, a, who, id, out));
}

/* ---- plans ---- */

struct svc_result svc_review_plan_create(struct db *db, struct arena *a,
					 const struct svc_actor *who, int64_t year,
					 const char *from, const char *to, struct review_plan *out)
{
	if (!is_office(who))
		return svc_fail(ERR_FORBIDDEN, NULL, "the office plans the review");
	if (year < 2000 || year > 2100)
		return svc_fail(ERR_FIELD_RANGE, "year", "2000 to 2100");
	int64_t f, t, days;
	memset(out, 0, sizeof *out);
	out->year = year;
	out->measure_from = from ? from : arena_printf(a, "%lld-01-01", (long long)year - 1);
	out->measure_to = to ? to : arena_printf(a, "%lld-12-31", (long long)year - 1);
	if (clock_parse_date(out->measure_from, &f) < 0)
		return svc_fail(ERR_FIELD_INVALID, "measure_from", "a date YYYY-MM-DD");
	if (clock_parse_date(out->measure_to, &t) < 0)
		return svc_fail(ERR_FIELD_INVALID, "measure_to", "a date YYYY-MM-DD");
	if (period_of(out, &f, &t, &days) < 0 || days > 731)
		return svc_fail(ERR_FIELD_INVALID, "measure_to",
				"on or after measure_from, at most two years later");
	out->created_at = clock_now_ms();
	int rc = repo_review_plan_insert(db, out, who->id, &out->id);
	if (rc == DB_CONSTRAINT)
		return svc_fail(ERR_REVIEW_PLAN_EXISTS, "year", NULL);
	return svc_txn_result(db, rc);
}

struct svc_result svc_review_plans(struct db *db, struct arena *a, const struct svc_actor *who,
				   struct review_plan **out, size_t *n)
{
	(void)who;
	return svc_txn_result(db, repo_review_plans(db, a, out, n));
}

static int plan_load(struct db *db, struct arena *a, const struct svc_actor *who, int64_t year,
		     struct svc_review_plan_view *out)
{
	memset(out, 0, sizeof *out);
	int rc = repo_review_plan_get(db, a, year, &out->plan);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_REVIEW_PLAN_NOT_FOUND, "year", NULL);
	struct review_item *items;
	size_t n;
	if (rc < 0 || (rc = repo_review_items(db, a, out->plan.id, &items, &n)) < 0)
		return rc;
	out->forms = arena_zalloc(a, (n + 1) * sizeof *out->forms);
	for (size_t i = 0; i < n; i++) {
		if (!may_read(who, &items[i]))
			continue;
		struct svc_review_form *f = &out->forms[out->n++];
		f->item = items[i];
		if ((rc = form_fill(db, a, who, f)) < 0)
			return rc;
	}
	return DB_OK;
}

struct svc_result svc_review_plan_get(struct db *db, struct arena *a, const struct svc_actor *who,
				      int64_t year, struct svc_review_plan_view *out)
{
	return svc_txn_result(db, plan_load(db, a, who, year, out));
}

/* Procedure and unit codes are upper case ("LD-01", "DNLD"); the Office
 * may type "ld-01" as the feedback routes accept. NULL stays NULL. */
static const char *upper_code(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	char *u = arena_strdup(a, s);
	for (char *p = u; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return u;
}

/* A due date inside the plan's window: from the day the plan was made
 * (Vietnam's date) to the last day of its year; else FIELD_RANGE naming
 * due. */
static int due_in_plan(struct db *db, struct arena *a, const struct review_plan *plan,
		       const char *due)
{
	char from[16];
	clock_format_date_local(plan->created_at, from, sizeof from);
	const char *to = arena_printf(a, "%lld-12-31", (long long)plan->year);
	if (strcmp(due, from) >= 0 && strcmp(due, to) <= 0)
		return DB_OK;
	return db_abort(db, ERR_FIELD_RANGE, "due",
			arena_printf(a, "from %s (the plan was made) to %s", from, to));
}

/* The unit that reviews: unit_code's (NULL: *unit_id as it is), which
 * must have a reviewer — an active specialist or head of unit, those
 * is_unit_staff() lets fill the form (the same officers as may draft a
 * feedback answer) — else REVIEW_UNIT_NO_REVIEWER naming unit. */
static int reviewing_unit(struct db *db, struct arena *a, const char *unit_code, int64_t *unit_id)
{
	int rc;
	if (unit_code) {
		struct unit u;
		rc = repo_unit_by_code(db, a, unit_code, &u);
		if (rc == DB_NOT_FOUND)
			return db_abort(db, ERR_UNIT_NOT_FOUND, "unit", unit_code);
		if (rc < 0)
			return rc;
		*unit_id = u.id;
	}
	struct unit *u;
	size_t n;
	if ((rc = repo_feedback_drafting_units(db, a, *unit_id, &u, &n)) < 0)
		return rc;
	return n ? DB_OK
		 : db_abort(db, ERR_REVIEW_UNIT_NO_REVIEWER, "unit",
			    "the unit has no active specialist or head of unit");
}

struct item_op {
	struct arena *a;
	int64_t year;
	const char *code, *unit_code, *due;
	int64_t id;
	bool drop;
};

static int item_add_txn(struct db *db, void *arg)
{
	struct item_op *x = arg;
	struct review_plan plan;
	int rc = repo_review_plan_get(db, x->a, x->year, &plan);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_REVIEW_PLAN_NOT_FOUND, "year", NULL);
	if (rc < 0 || (rc = due_in_plan(db, x->a, &plan, x->due)) < 0)
		return rc;
	struct repo_review_proc proc;
	rc = repo_review_proc(db, x->code, clock_now_ms(), &proc);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_PROCEDURE_NOT_FOUND, "procedure", x->code);
	if (rc < 0)
		return rc;
	int64_t unit_id = proc.unit_id;
	if ((rc = reviewing_unit(db, x->a, x->unit_code, &unit_id)) < 0)
		return rc;
	rc = repo_review_item_insert(db, plan.id, proc.id, unit_id, x->due, clock_now_ms(), &x->id);
	if (rc == DB_CONSTRAINT)
		return db_abort(db, ERR_REVIEW_ITEM_EXISTS, "procedure", x->code);
	return rc;
}

struct svc_result svc_review_item_add(struct db *db, struct arena *a, const struct svc_actor *who,
				      int64_t year, const char *code, const char *unit_code,
				      const char *due, int64_t *id)
{
	if (!is_office(who))
		return svc_fail(ERR_FORBIDDEN, NULL, "the office plans the review");
	int64_t ms;
	if (clock_parse_date(due, &ms) < 0)
		return svc_fail(ERR_FIELD_INVALID, "due", "a date YYYY-MM-DD");
	struct item_op x = {.a = a,
			    .year = year,
			    .code = upper_code(a, code),
			    .unit_code = upper_code(a, unit_code),
			    .due = due};
	struct svc_result r = svc_txn_result(db, db_run_txn(db, item_add_txn, &x, DB_TXN_ATTEMPTS));
	*id = x.id;
	return r;
}

/* The Office's change (unit, due) or removal (drop) of item x->id, never
 * submitted. */
static int item_plan_txn(struct db *db, void *arg)
{
	struct item_op *x = arg;
	struct review_item it;
	int rc = repo_review_item_get(db, x->a, x->id, &it);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_REVIEW_ITEM_NOT_FOUND, NULL, NULL);
	if (rc < 0)
		return rc;
	if (strcmp(it.state, "draft") || it.submitted_at)
		return db_abort(db, ERR_REVIEW_STATE, NULL,
				"the form was submitted: the plan's item is kept as it is");
	struct review_plan plan;
	if (x->drop)
		rc = repo_review_item_delete(db, it.id);
	else {
		if ((rc = repo_review_plan_get(db, x->a, it.year, &plan)) < 0 ||
		    (x->due && (rc = due_in_plan(db, x->a, &plan, x->due)) < 0))
			return rc;
		int64_t unit_id = it.unit_id;
		if ((rc = reviewing_unit(db, x->a, x->unit_code, &unit_id)) < 0)
			return rc;
		rc = repo_review_item_plan(db, it.id, unit_id, x->due ? x->due : it.due_date,
					   clock_now_ms());
	}
	return rc == DB_NOT_FOUND ? db_abort(db, ERR_REVIEW_STATE, NULL, it.state) : rc;
}

struct svc_result svc_review_item_change(struct db *db, struct arena *a,
					 const struct svc_actor *who, int64_t id,
					 const char *unit_code, const char *due)
{
	if (!is_office(who))
		return svc_fail(ERR_FORBIDDEN, NULL, "the office plans the review");
	int64_t ms;
	if (due && clock_parse_date(due, &ms) < 0)
		return svc_fail(ERR_FIELD_INVALID, "due", "a date YYYY-MM-DD");
	struct item_op x = {.a = a, .unit_code = upper_code(a, unit_code), .due = due, .id = id};
	return svc_txn_result(db, db_run_txn(db, item_plan_txn, &x, DB_TXN_ATTEMPTS));
}

struct svc_result svc_review_item_delete(struct db *db, struct arena *a,
					 const struct svc_actor *who, int64_t id)
{
	if (!is_office(who))
		return svc_fail(ERR_FORBIDDEN, NULL, "the office plans the review");
	struct item_op x = {.a = a, .id = id, .drop = true};
	return svc_txn_result(db, db_run_txn(db, item_plan_txn, &x, DB_TXN_ATTEMPTS));
}

/* ---- the unit's form ---- */

struct form_op {
	struct arena *a;
	const struct svc_actor *who;
	int64_t id;
	const struct svc_review_edit *edit;
	const struct review_proposal *prop;
	const char *note;
	int64_t out_id;
};

/* The form of op, which the reader's unit may change (a draft). */
static int form_editable(struct db *db, struct form_op *op, struct svc_review_form *f)
{
	int rc = form_load(db, op->a, op->who, op->id, f);
	if (rc < 0)
		return rc;
	if (!is_unit_staff(op->who, &f->item))
		return db_abort(db, ERR_REVIEW_NOT_YOUR_UNIT, NULL, f->item.unit_code);
	if (strcmp(f->item.state, "draft"))
		return db_abort(db, ERR_REVIEW_STATE, NULL, f->item.state);
	return DB_OK;
}

static int save_txn(struct db *db, void *arg)
{
	struct form_op *op = arg;
	struct svc_review_form f;
	int rc = form_editable(db, op, &f);
	if (rc < 0)
		return rc;
	const struct svc_review_edit *e = op->edit;
	struct review_item it = f.item;
	for (int k = 0; k < REVIEW_NCRIT; k++) {
		if (e->verdict[k])
			it.verdict[k] = e->verdict[k];
		if (e->note[k])
			it.note[k] = e->note[k];
	}
	for (int k = 0; k < REVIEW_NACT; k++)
		if (e->has_act[k]) {
			it.seconds[k] = e->seconds[k];
			it.times_milli[k] = e->times_milli[k];
		}
	if (e->has_fees) {
		it.has_fees = true;
		it.fees = e->fees;
	}
	if (e->has_other)
		it.other_costs = e->other_costs;
	if (e->has_dossiers)
		it.dossiers_per_year = e->dossiers_per_year;
	return repo_review_item_save(db, &it, clock_now_ms());
}

struct svc_result svc_review_form_save(struct db *db, struct arena *a, const struct svc_actor *who,
				       int64_t id, const struct svc_review_edit *e)
{
	for (int k = 0; k < REVIEW_NCRIT; k++)
		if (!verdict_ok(e->verdict[k]))
			return svc_fail(ERR_FIELD_INVALID,
					arena_printf(a, "%s.verdict", svc_review_criteria[k]),
					"meets, partly or fails");
	struct form_op op = {.a = a, .who = who, .id = id, .edit = e};
	return svc_txn_result(db, db_run_txn(db, save_txn, &op, DB_TXN_ATTEMPTS));
}

/* The three verdicts of Circular 02/2017 are given: DB_OK, or
 * REVIEW_CRITERIA_MISSING naming the first missing one (the detail lists
 * them all). */
static int criteria_assessed(struct db *db, struct arena *a, const struct review_item *it)
{
	const char *first = NULL, *all = "";
	for (int k = 0; k < REVIEW_NCRIT; k++) {
		if (it->verdict[k] && *it->verdict[k])
			continue;
		const char *name = arena_printf(a, "%s.verdict", svc_review_criteria[k]);
		first = first ? first : name;
		all = *all ? arena_printf(a, "%s, %s", all, name) : name;
	}
	return first ? db_abort(db, ERR_REVIEW_CRITERIA_MISSING, first,
				arena_printf(a, "no verdict: %s", all))
		     : DB_OK;
}

static int submit_txn(struct db *db, void *arg)
{
	struct form_op *op = arg;
	struct svc_review_form f;
	int rc = form_editable(db, op, &f);
	if (rc < 0)
		return rc;
	if ((rc = criteria_assessed(db, op->a, &f.item)) < 0)
		return rc;
	if (!f.has_income)
		return db_abort(db, ERR_REVIEW_INCOME_MISSING, NULL,
				arena_printf(op->a, "%lld", (long long)f.item.year));
	if ((rc = repo_review_item_freeze(db, f.item.id, &f.m)) < 0)
		return rc;
	return repo_review_item_move(db, f.item.id, "draft", "submitted", op->who->id,
				     clock_now_ms(), NULL);
}

struct svc_result svc_review_submit(struct db *db, struct arena *a, const struct svc_actor *who,
				    int64_t id)
{
	struct form_op op = {.a = a, .who = who, .id = id};
	return svc_txn_result(db, db_run_txn(db, submit_txn, &op, DB_TXN_ATTEMPTS));
}

static int return_txn(struct db *db, void *arg)
{
	struct form_op *op = arg;
	struct review_item it;
	int rc = repo_review_item_get(db, op->a, op->id, &it);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_REVIEW_ITEM_NOT_FOUND, NULL, NULL);
	if (rc < 0)
		return rc;
	rc = repo_review_item_move(db, op->id, "submitted", "draft", op->who->id, clock_now_ms(),
				   op->note);
	return rc == DB_NOT_FOUND ? db_abort(db, ERR_REVIEW_STATE, NULL, it.state) : rc;
}

struct svc_result svc_review_return(struct db *db, struct arena *a, const struct svc_actor *who,
				    int64_t id, const char *note)
{
	if (!is_office(who))
		return svc_fail(ERR_FORBIDDEN, NULL, "the office returns a form");
	struct form_op op = {.a = a, .who = who, .id = id, .note = note ? note : ""};
	return svc_txn_result(db, db_run_txn(db, return_txn, &op, DB_TXN_ATTEMPTS));
}

struct compile_op {
	struct arena *a;
	const struct svc_actor *who;
	int64_t year, n;
};

static int compile_txn(struct db *db, void *arg)
{
	struct compile_op *op = arg;
	struct review_plan plan;
	op->n = 0;
	int rc = repo_review_plan_get(db, op->a, op->year, &plan);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_REVIEW_PLAN_NOT_FOUND, "year", NULL);
	struct review_item *items;
	size_t n;
	if (rc < 0 || (rc = repo_review_items(db, op->a, plan.id, &items, &n)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(items[i].state, "submitted"))
			continue;
		rc = repo_review_item_move(db, items[i].id, "submitted", "compiled", op->who->id,
					   clock_now_ms(), NULL);
		if (rc < 0)
			return rc;
		op->n++;
	}
	return DB_OK;
}

struct svc_result svc_review_compile(struct db *db, struct arena *a, const struct svc_actor *who,
				     int64_t year, int64_t *n)
{
	if (!is_office(who))
		return svc_fail(ERR_FORBIDDEN, NULL, "the office compiles the proposals");
	struct compile_op op = {a, who, year, 0};
	struct svc_result r = svc_txn_result(db, db_run_txn(db, compile_txn, &op, DB_TXN_ATTEMPTS));
	*n = op.n;
	return r;
}

#define KINDS_TEXT                                                                                 \
	"drop_component, merge_component, shorten_limit, move_online, reuse_document, drop_step "  \
	"or other"

static int propose_txn(struct db *db, void *arg)
{
	struct form_op *op = arg;
	struct svc_review_form f;
	int rc = form_editable(db, op, &f);
	if (rc < 0)
		return rc;
	if (f.nprops >= REPO_REVIEW_MAX_PROPOSALS)
		return db_abort(db, ERR_FIELD_TOO_LONG, "proposals",
				arena_printf(op->a, "at most %d proposals in a form",
					     REPO_REVIEW_MAX_PROPOSALS));
	struct review_proposal p = *op->prop;
	p.item_id = f.item.id;
	return repo_review_proposal_insert(db, &p, op->who->id, clock_now_ms(), &op->out_id);
}

struct svc_result svc_review_propose(struct db *db, struct arena *a, const struct svc_actor *who,
				     int64_t item_id, const struct review_proposal *p, int64_t *id)
{
	if (!svc_review_kind_vi(p->kind))
		return svc_fail(ERR_FIELD_INVALID, "kind", KINDS_TEXT);
	struct form_op op = {.a = a, .who = who, .id = item_id, .prop = p};
	struct svc_result r = svc_txn_result(db, db_run_txn(db, propose_txn, &op, DB_TXN_ATTEMPTS));
	*id = op.out_id;
	return r;
}

/* Proposal op->id, which the reader's unit may still change: its form is
 * a draft (never submitted, or returned by the Office). op->out_id gets
 * the form's id. */
static int proposal_editable(struct db *db, struct form_op *op, struct review_proposal *p)
{
	int rc = repo_review_proposal_get(db, op->a, op->id, p);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_REVIEW_PROPOSAL_NOT_FOUND, NULL, NULL);
	struct review_item it;
	if (rc < 0 || (rc = repo_review_item_get(db, op->a, p->item_id, &it)) < 0)
		return rc;
	if (!is_unit_staff(op->who, &it))
		return db_abort(db, ERR_REVIEW_NOT_YOUR_UNIT, NULL, it.unit_code);
	if (strcmp(it.state, "draft"))
		return db_abort(db, ERR_REVIEW_PROPOSAL_LOCKED, NULL, it.state);
	op->out_id = it.id;
	return DB_OK;
}

static int proposal_edit_txn(struct db *db, void *arg)
{
	struct form_op *op = arg;
	struct review_proposal old;
	int rc = proposal_editable(db, op, &old);
	if (rc < 0)
		return rc;
	struct review_proposal p = *op->prop;
	p.id = old.id;
	p.item_id = old.item_id;
	return repo_review_proposal_update(db, &p);
}

static int proposal_delete_txn(struct db *db, void *arg)
{
	struct form_op *op = arg;
	struct review_proposal p;
	int rc = proposal_editable(db, op, &p);
	return rc < 0 ? rc : repo_review_proposal_delete(db, p.id);
}

struct svc_result svc_review_proposal_edit(struct db *db, struct arena *a,
					   const struct svc_actor *who, int64_t id,
					   const struct review_proposal *p, int64_t *item_id)
{
	if (!svc_review_kind_vi(p->kind))
		return svc_fail(ERR_FIELD_INVALID, "kind", KINDS_TEXT);
	struct form_op op = {.a = a, .who = who, .id = id, .prop = p};
	struct svc_result r =
		svc_txn_result(db, db_run_txn(db, proposal_edit_txn, &op, DB_TXN_ATTEMPTS));
	*item_id = op.out_id;
	return r;
}

struct svc_result svc_review_proposal_delete(struct db *db, struct arena *a,
					     const struct svc_actor *who, int64_t id,
					     int64_t *item_id)
{
	struct form_op op = {.a = a, .who = who, .id = id};
	struct svc_result r =
		svc_txn_result(db, db_run_txn(db, proposal_delete_txn, &op, DB_TXN_ATTEMPTS));
	*item_id = op.out_id;
	return r;
}

struct decide_op {
	struct arena *a;
	const struct svc_actor *who;
	int64_t id;
	bool adopt;
	const char *note;
};

static int decide_txn(struct db *db, void *arg)
{
	struct decide_op *op = arg;
	struct review_proposal p;
	int rc = repo_review_proposal_get(db, op->a, op->id, &p);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_REVIEW_PROPOSAL_NOT_FOUND, NULL, NULL);
	struct review_item it;
	if (rc < 0 || (rc = repo_review_item_get(db, op->a, p.item_id, &it)) < 0)
		return rc;
	if (strcmp(it.state, "compiled") || p.enacted_version)
		return db_abort(db, ERR_REVIEW_STATE, NULL, it.state);
	return repo_review_proposal_decide(db, op->id, op->adopt ? "adopted" : "rejected", op->note,
					   op->who->id, clock_now_ms());
}

struct svc_result svc_review_decide(struct db *db, struct arena *a, const struct svc_actor *who,
				    int64_t id, bool adopt, const char *note)
{
	if (!is_leader(who))
		return svc_fail(ERR_FORBIDDEN, NULL, "a leader adopts the proposals");
	struct decide_op op = {a, who, id, adopt, note};
	return svc_txn_result(db, db_run_txn(db, decide_txn, &op, DB_TXN_ATTEMPTS));
}

struct svc_result svc_review_enactable(struct db *db, struct arena *a, const char *code,
				       struct review_proposal **out, size_t *n)
{
	return svc_txn_result(db, repo_review_enactable(db, a, upper_code(a, code), out, n));
}

int svc_review_enact(struct db *db, const char *code, int64_t version, const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = repo_review_proposal_enact(db, ids[i], code, version);
		if (rc == DB_NOT_FOUND)
			return db_abort(db, ERR_REVIEW_NOT_ADOPTED, "enacts", NULL);
		if (rc < 0)
			return rc;
	}
	return DB_OK;
}
