/* Monitoring (issue 12): the indicators of a scope and a period, and the
 * list of what each counted, rebuilt from the history at every request
 * (repo_kpi.c) and judged by core/kpi.c under the rule set in force at the
 * period's start. The API and `motcua kpi recompute` both come here.
 * Layer: svc. */
#include <string.h>

#include "base/budget.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include "core/access.h"
#include "core/roles.h"
#include "repo/repo_feedback.h"
#include "repo/repo_kpi.h"
#include "svc/svc.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_kpi_impl.h"
#include "svc/svc_monitor.h"

/* The most rows of each kind (dossiers, procedures, tickets, ratings) one
 * computation reads; beyond it the request fails naming the period. */
#define KPI_CAP 500000

static struct svc_result bad(const char *field, const char *detail)
{
	return svc_fail(ERR_BAD_QUERY, field, detail);
}

static struct svc_result db_fail(struct db *db, int rc)
{
	if (rc == DB_TOO_MANY)
		return svc_fail(ERR_STATS_TOO_MANY, "to",
				"choose a shorter period or a smaller unit");
	return svc_txn_result(db, rc);
}

/* The period from the query's dates. */
static struct svc_result parse_period(const struct svc_kpi_query *q, struct kpi_period *per)
{
	struct cal_date from, to;
	if (!q->from || !*q->from)
		return bad("from", SVC_DATE_DETAIL);
	if (!q->to || !*q->to)
		return bad("to", SVC_DATE_DETAIL);
	if (svc_calendar_parse_date(q->from, &from) < 0)
		return bad("from", SVC_DATE_DETAIL);
	if (svc_calendar_parse_date(q->to, &to) < 0)
		return bad("to", SVC_DATE_DETAIL);
	if (kpi_period_of(from, to, clock_now_ms(), per) < 0)
		return bad("to", SVC_PERIOD_DETAIL);
	return svc_ok();
}

/* Who sees the figures of unit_id (0: the whole agency): core/access.c's
 * rule for statistics, the one the periodic report follows; the agency as
 * a whole, administrators and those who see every unit of it. */
static struct svc_result check_access(struct db *db, struct arena *a, const struct svc_actor *who,
				      int64_t unit_id)
{
	if (!who)
		return svc_ok();
	struct access_actor act = {
		.user_id = who->id, .roles = who->roles, .unit_id = who->unit_id};
	int64_t unit_root = 0;
	int rc;
	if ((rc = svcd_root(db, a, who->unit_id, &act.root_id)) < 0 ||
	    (rc = svcd_root(db, a, unit_id ? unit_id : who->unit_id, &unit_root)) < 0)
		return svc_txn_result(db, rc);
	bool ok = access_unit_stats(&act, unit_id, unit_root) == ACCESS_OK;
	if (!unit_id && !(who->roles & ROLE_ADMIN))
		ok = ok && who->unit_id && (who->roles & (ROLE_LEADER | ROLE_OFFICE));
	if (!ok)
		return svc_fail(ERR_FORBIDDEN, "unit", "the statistics of another unit");
	return svc_ok();
}

/* The scope from the query: unit, procedure, officer, field. */
static struct svc_result parse_scope(struct db *db, struct arena *a, const struct svc_actor *who,
				     const struct svc_kpi_query *q, struct repo_kpi_scope *s)
{
	int rc;
	if (q->unit) {
		struct unit u;
		rc = strlen(q->unit) > 64 ? DB_NOT_FOUND : repo_unit_by_code(db, a, q->unit, &u);
		if (rc < 0)
			return rc == DB_NOT_FOUND ? bad("unit", "no such unit") : db_fail(db, rc);
		s->unit_id = u.id;
	}
	struct svc_result r = check_access(db, a, who, s->unit_id);
	if (r.code != ERR_NONE)
		return r;
	if (q->procedure) {
		bool found = false;
		rc = strlen(q->procedure) > 64
			     ? DB_OK
			     : repo_kpi_procedure_exists(db, q->procedure, &found);
		if (rc < 0)
			return db_fail(db, rc);
		if (!found)
			return bad("procedure", "no such procedure");
		s->procedure = q->procedure;
	}
	if (q->officer) {
		struct user u;
		rc = strlen(q->officer) > 64 ? DB_NOT_FOUND
					     : repo_user_by_username(db, a, q->officer, &u);
		if (rc < 0)
			return rc == DB_NOT_FOUND ? bad("officer", "no such user")
						  : db_fail(db, rc);
		if (!(u.roles & ROLES_STAFF))
			return bad("officer", "not an officer: a staff account's user name");
		s->officer_id = u.id;
	}
	if (q->field) {
		bool found = false;
		rc = strlen(q->field) > 200 ? DB_OK : repo_kpi_field_exists(db, q->field, &found);
		if (rc < 0)
			return db_fail(db, rc);
		if (!found)
			return bad("field", "no such field of procedures");
		s->field = q->field;
	}
	return svc_ok();
}

/* The calendar of unit_id, fetched once per computation. */
int svc_kpi_calendar_of(struct db *db, struct arena *a, struct kpi_run *run, int64_t unit_id,
			const struct svc_calendar **out)
{
	for (size_t i = 0; i < run->ncals; i++)
		if (run->cals[i].unit_id == unit_id) {
			*out = &run->cals[i];
			return 0;
		}
	if (run->ncals == run->capcals) {
		size_t cap = run->capcals ? 2 * run->capcals : 8;
		struct svc_calendar *c = arena_zalloc(a, cap * sizeof *c);
		if (run->ncals)
			memcpy(c, run->cals, run->ncals * sizeof *c);
		run->cals = c;
		run->capcals = cap;
	}
	int rc = svc_calendar_get(db, unit_id, &run->cals[run->ncals]);
	if (rc < 0)
		return rc;
	*out = &run->cals[run->ncals++];
	return 0;
}

void svc_kpi_release(struct kpi_run *run)
{
	for (size_t i = 0; i < run->ncals; i++)
		svc_calendar_put(&run->cals[i]);
	run->ncals = 0;
}

/* Judges every dossier for the period (with the calendar of its
 * processing unit) and fills the facts the indicators read. Returns DB_OK,
 * a calendar's status, or DB_ABORT with REQUEST_BUDGET_SPENT (to) when
 * run->budgeted and the request's time budget ran out. */
int svc_kpi_judge(struct db *db, struct arena *a, struct kpi_run *run, struct repo_kpi_dossier *k,
		  size_t n)
{
	struct kpi_dossier *d = arena_zalloc(a, (n + 1) * sizeof *d);
	for (size_t i = 0; i < n; i++) {
		if (run->budgeted && budget_spent())
			return db_abort(db, ERR_REQUEST_BUDGET_SPENT, "to",
					"the report took too long: choose a shorter period");
		const struct svc_calendar *c;
		int rc = svc_kpi_calendar_of(db, a, run, k[i].processing_unit_id, &c);
		if (rc < 0) {
			log_error("kpi: no calendar for unit %lld: %d",
				  (long long)k[i].processing_unit_id, rc);
			return rc;
		}
		k[i].h.cal = c->cal;
		k[i].h.hours = c->hours;
		k[i].h.limit = limit_to_cal(k[i].limit_unit, k[i].limit_value);
		d[i] = k[i].d;
		d[i].h = &k[i].h;
		/* A due time out of the calendar's range leaves the dossier
		 * excluded with that reason: it is listed, never dropped. */
		if (kpi_judge(&k[i].h, &run->per, &d[i].j) < 0)
			log_warn("kpi: %s: %s", k[i].h.ref, d[i].j.reason_en);
		if (kpi_office_times(&k[i].h, &d[i].j, &d[i].used_office_ms,
				     &d[i].allowed_office_ms) < 0)
			d[i].used_office_ms = d[i].allowed_office_ms = 0;
	}
	run->fx.dossiers = d;
	run->fx.ndossiers = n;
	return 0;
}

/* 1.3's completeness (DOMAIN.md 8): name, steps, method, components and
 * sets, time limit, subjects, agency; and 1.2's due date for publication. */
static struct svc_result judge_procedures(struct db *db, struct arena *a, struct kpi_run *run,
					  struct repo_kpi_procedure *k, size_t n)
{
	struct kpi_procedure *p = arena_zalloc(a, (n + 1) * sizeof *p);
	for (size_t i = 0; i < n; i++) {
		struct buf vi = BUF_INIT, en = BUF_INIT;
#define MISSING(cond, v, e)                                                                        \
	if (cond) {                                                                                \
		buf_addf(&vi, "%s%s", vi.len ? ", " : "", v);                                      \
		buf_addf(&en, "%s%s", en.len ? ", " : "", e);                                      \
	}
		MISSING(!*k[i].name_vi, "tên", "name");
		MISSING(k[i].nsteps == 0, "trình tự thực hiện", "steps");
		MISSING(k[i].ncomponents == 0, "thành phần hồ sơ", "components");
		MISSING(k[i].sets <= 0, "số lượng bộ hồ sơ", "number of sets");
		MISSING(limit_unit_parse(k[i].limit_unit) == LIMIT_INVALID, "thời hạn",
			"time limit");
		MISSING(!*k[i].subjects, "đối tượng thực hiện", "subjects");
		MISSING(k[i].unit_id <= 0, "cơ quan thực hiện", "agency");
#undef MISSING
		p[i] = k[i].p;
		p[i].complete = vi.len == 0;
		p[i].missing_vi = arena_strdup(a, buf_str(&vi));
		p[i].missing_en = arena_strdup(a, buf_str(&en));
		buf_release(&vi);
		buf_release(&en);
		if (!p[i].decision_at)
			continue;
		const struct svc_calendar *c;
		int rc = svc_kpi_calendar_of(db, a, run, k[i].unit_id, &c);
		if (rc < 0)
			return svc_txn_result(db, rc);
		if (cal_due(c->cal, c->hours, p[i].decision_at,
			    (struct cal_limit){CAL_WORKING_DAYS, 5}, NULL, 0,
			    &p[i].public_due_at) < 0)
			p[i].public_due_at = 0;
	}
	run->fx.procedures = p;
	run->fx.nprocedures = n;
	return svc_ok();
}

/* The period, the scope and the rule set of q. */
static struct svc_result load_head(struct db *db, struct arena *a, const struct svc_actor *who,
				   const struct svc_kpi_query *q, struct kpi_run *run)
{
	memset(run, 0, sizeof *run);
	struct svc_result r = parse_period(q, &run->per);
	if (r.code == ERR_NONE)
		r = parse_scope(db, a, who, q, &run->s);
	if (r.code != ERR_NONE)
		return r;
	run->s.from_ms = run->per.from_ms;
	run->s.to_ms = run->per.to_ms;
	run->s.cap = KPI_CAP;
	int rc = repo_kpi_rule_set(db, a, run->per.from_ms, &run->rs);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_STATS_NO_RULE_SET, "from", NULL);
	if (rc < 0)
		return db_fail(db, rc);
	return svc_ok();
}

/* The catalogue's procedures of the scope (none for an officer: the
 * catalogue's indicators, 766.1.x, 3.1, 3.2, are not their work). */
static struct svc_result load_procedures(struct db *db, struct arena *a, struct kpi_run *run)
{
	struct repo_kpi_procedure *kp = NULL;
	size_t np = 0;
	int rc = run->s.officer_id ? DB_OK : repo_kpi_procedures(db, a, &run->s, &kp, &np);
	if (rc < 0)
		return db_fail(db, rc);
	return judge_procedures(db, a, run, kp, np);
}

/* Reads and judges everything the query's scope and period hold. */
static struct svc_result load(struct db *db, struct arena *a, const struct svc_actor *who,
			      const struct svc_kpi_query *q, struct kpi_run *run)
{
	struct svc_result r = load_head(db, a, who, q, run);
	if (r.code != ERR_NONE)
		return r;
	struct repo_kpi_dossier *kd;
	size_t nd;
	int rc = repo_kpi_dossiers(db, a, &run->s, &kd, &nd);
	if (rc >= 0)
		rc = repo_kpi_tickets(db, a, &run->s, (struct kpi_ticket **)&run->fx.tickets,
				      &run->fx.ntickets);
	if (rc >= 0)
		rc = repo_kpi_ratings(db, a, &run->s, (struct kpi_rating **)&run->fx.ratings,
				      &run->fx.nratings);
	if (rc >= 0)
		rc = repo_kpi_feedback(db, a, &run->s, (struct kpi_feedback **)&run->fx.feedback,
				       &run->fx.nfeedback);
	if (rc < 0)
		return db_fail(db, rc);
	rc = svc_kpi_judge(db, a, run, kd, nd);
	if (rc < 0)
		return svc_txn_result(db, rc);
	return load_procedures(db, a, run);
}

/* How many changed subjects a read counts before it sums; more (after a
 * migration or a restore): the walk answers while the worker counts them.
 * A replica cannot write: it sums what the primary has counted (its reads
 * and its worker, every worker.interval_seconds), so its figures are at
 * most that interval plus the replica's lag bound behind. */
#define KPI_FLUSH_MOST 20000

/* The sums of q from the aggregates into tot[] (*fast; an officer's scope
 * from the officer's counters), or, for q->walk or when too much waits to
 * be counted, the walk of load() (not *fast). */
static struct svc_result load_sums(struct db *db, struct arena *a, const struct svc_actor *who,
				   const struct svc_kpi_query *q, struct kpi_run *run,
				   int64_t tot[KF_COUNT], bool *fast)
{
	*fast = false;
	if (q->walk)
		return load(db, a, who, q, run);
	int rc = db_is_read_only(db) ? DB_OK : svc_kpi_agg_flush(db, KPI_FLUSH_MOST);
	if (rc == DB_TOO_MANY)
		return load(db, a, who, q, run);
	if (rc < 0)
		return svc_txn_result(db, rc);
	struct svc_result r = load_head(db, a, who, q, run);
	if (r.code != ERR_NONE)
		return r;
	run->s.no_online_count = true;
	r = load_procedures(db, a, run);
	if (r.code != ERR_NONE)
		return r;
	/* Feedback items are few: read as the walk reads them. */
	rc = repo_kpi_feedback(db, a, &run->s, (struct kpi_feedback **)&run->fx.feedback,
			       &run->fx.nfeedback);
	if (rc >= 0)
		rc = svc_kpi_agg_totals(db, a, run, tot);
	if (rc < 0)
		return db_fail(db, rc);
	*fast = true;
	return svc_ok();
}

/* The figures of run: from tot[] (fast) or from its facts. */
static void tally(const struct kpi_run *run, const int64_t tot[KF_COUNT], bool fast,
		  struct kpi_result *out)
{
	struct kpi_sums sums;
	kpi_sum_facts(&run->fx, &run->per, &sums);
	if (fast)
		kpi_agg_sums(tot, &sums);
	kpi_tally_sums(&sums, &run->rs, out);
}

struct svc_result svc_kpi_indicators(struct db *db, struct arena *a, const struct svc_actor *who,
				     const struct svc_kpi_query *q, struct svc_kpi_report *out)
{
	memset(out, 0, sizeof *out);
	struct kpi_run run;
	int64_t tot[KF_COUNT];
	bool fast;
	struct svc_result r = load_sums(db, a, who, q, &run, tot, &fast);
	if (r.code == ERR_NONE) {
		tally(&run, tot, fast, &out->result);
		out->q = *q;
		out->rule_set = run.rs.name;
	}
	svc_kpi_release(&run);
	return r;
}

/* The members of one indicator, every fact read, in the order read. */
static void list_members(struct arena *a, const struct kpi_def *def, const struct kpi_run *run,
			 const struct svc_kpi_page *pg, struct svc_kpi_items *out)
{
	const struct kpi_facts *fx = &run->fx;
	size_t n = def->subject == KPI_SUBJ_PROCEDURE  ? fx->nprocedures
		   : def->subject == KPI_SUBJ_DOSSIER  ? fx->ndossiers
		   : def->subject == KPI_SUBJ_TICKET   ? fx->ntickets
		   : def->subject == KPI_SUBJ_RATING   ? fx->nratings
		   : def->subject == KPI_SUBJ_FEEDBACK ? fx->nfeedback
						       : 0;
	out->total = (int64_t)n;
	size_t from = (size_t)(pg->offset < out->total ? pg->offset : out->total);
	size_t to = from + (size_t)pg->limit < n ? from + (size_t)pg->limit : n;
	out->items = arena_zalloc(a, (to - from + 1) * sizeof *out->items);
	for (size_t i = from; i < to; i++) {
		struct kpi_member m;
		const char *ref;
		const struct kpi_dossier *dossier = NULL;
		if (def->subject == KPI_SUBJ_PROCEDURE) {
			kpi_member_procedure(def, &fx->procedures[i], &run->per, &m);
			ref = fx->procedures[i].ref;
		} else if (def->subject == KPI_SUBJ_DOSSIER) {
			kpi_member_dossier(def, &fx->dossiers[i], &run->per, &m);
			ref = fx->dossiers[i].h->ref;
			dossier = &fx->dossiers[i];
		} else if (def->subject == KPI_SUBJ_TICKET) {
			kpi_member_ticket(def, &fx->tickets[i], &run->per, &m);
			ref = fx->tickets[i].ref;
		} else if (def->subject == KPI_SUBJ_FEEDBACK) {
			kpi_member_feedback(def, &fx->feedback[i], &run->per, &m);
			ref = fx->feedback[i].ref;
		} else {
			kpi_member_rating(def, &fx->ratings[i], &run->per, &m);
			ref = fx->ratings[i].ref;
		}
		struct svc_kpi_item *it = &out->items[out->n++];
		it->ref = ref;
		it->in_denominator = m.in_denominator;
		it->in_numerator = m.in_numerator;
		it->has_value = def->average && m.in_denominator;
		it->value = m.value;
		it->reason_vi = arena_strdup(a, m.reason_vi);
		it->reason_en = arena_strdup(a, m.reason_en);
		if (dossier) {
			it->received_at = dossier->h->received_at;
			it->due_at = dossier->j.due_at;
			it->ended_at = dossier->j.status == KPI_ENDED ? dossier->h->ended_at : 0;
		}
	}
}

struct svc_result svc_kpi_items(struct db *db, struct arena *a, const struct svc_actor *who,
				const struct svc_kpi_query *q, const char *key,
				const struct svc_kpi_page *pg, struct svc_kpi_items *out)
{
	memset(out, 0, sizeof *out);
	const struct kpi_def *def = kpi_def_find(key);
	if (!def)
		return svc_fail(ERR_STATS_KEY_NOT_FOUND, "key", NULL);
	const struct svc_kpi_page every = {SVC_KPI_MAX_EXPORT + 1, 0, true};
	if (pg->all)
		pg = &every;
	else if (pg->limit < 1 || pg->limit > SVC_KPI_MAX_ITEMS)
		return bad("limit", "1 to 1000");
	else if (pg->offset < 0)
		return bad("offset", "0 or more");
	struct kpi_run run;
	struct svc_result r = load(db, a, who, q, &run);
	if (r.code == ERR_NONE) {
		out->key = def->key;
		out->limit = pg->limit;
		out->offset = pg->offset;
		list_members(a, def, &run, pg, out);
		if (pg->all && out->total > SVC_KPI_MAX_EXPORT)
			r = svc_fail(ERR_STATS_TOO_MANY, "to",
				     "more than 200000 items in one file");
	}
	svc_kpi_release(&run);
	return r;
}

/* ---------------------------------------------------------------- the report's walk */

/* The version of id in vs (sorted by id), NULL if none. */
static const struct monitor_version *version_of(const struct monitor_version *vs, size_t n,
						int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (vs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && vs[lo].id == id ? &vs[lo] : NULL;
}

int svc_monitor_too_many(struct db *db)
{
	return db_abort(db, ERR_BAD_QUERY, "to",
			"more dossiers or groups than one report holds: choose a shorter "
			"period or a smaller unit");
}

/* svc_monitor.h: the indicators' own read and judgement of a unit's
 * dossiers (repo_kpi_dossiers(), judge_dossiers()), handed one by one to
 * the report. */
int svc_monitor_each(struct db *db, struct arena *a, int64_t unit_id, const struct kpi_period *p,
		     int64_t max, svc_monitor_cb cb, void *arg)
{
	struct kpi_run run = {.per = *p, .budgeted = true};
	run.s = (struct repo_kpi_scope){
		.unit_id = unit_id, .from_ms = p->from_ms, .to_ms = p->to_ms, .cap = max};
	struct repo_kpi_dossier *k;
	struct monitor_version *vs;
	size_t n, nv;
	int rc = repo_kpi_dossiers(db, a, &run.s, &k, &n);
	if (rc == DB_TOO_MANY)
		return svc_monitor_too_many(db);
	if (rc >= 0)
		rc = repo_kpi_versions(db, a, &vs, &nv);
	if (rc >= 0)
		rc = svc_kpi_judge(db, a, &run, k, n);
	if (rc == DB_ABORT && db_aborted(db).code != ERR_REQUEST_BUDGET_SPENT) {
		const char *why = db_aborted(db).detail;
		log_error("report: a unit's calendar cannot be used (%s)", why ? why : "-");
		rc = db_abort(db, ERR_INTERNAL, NULL, "a unit's calendar cannot be used");
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct kpi_judgement *j = &run.fx.dossiers[i].j;
		if (j->status == KPI_EXCLUDED)
			continue;
		struct monitor_dossier d = {k[i].h.ref, k[i].h.channel, k[i].processing_unit_id,
					    version_of(vs, nv, k[i].version_id)};
		rc = d.version ? cb(arg, &d, j) : DB_HARD; /* a foreign key guarantees it */
	}
	svc_kpi_release(&run);
	return rc;
}

/* ---------------------------------------------------------------- rule sets */

struct svc_result svc_kpi_rule_sets(struct db *db, struct arena *a, struct kpi_rule_set **out,
				    size_t *n)
{
	int rc = repo_kpi_rule_sets(db, a, out, n);
	return rc < 0 ? db_fail(db, rc) : svc_ok();
}

struct rules_txn {
	struct arena *a;
	const char *name;
	int64_t effective_from;
	const struct svc_kpi_change *changes;
	size_t nchanges;
};

/* The set to change: a copy of the one in force on the new set's date.
 * Rule sets are append-only: a published set (any set stored) is never
 * edited, neither its rows nor its date, since either would silently
 * recompute every period already shown or closed under it; a new version
 * (a new name with its effective date) is the way to change the rules
 * from a day on. The refusal names what was being edited: the first
 * indicator changed, else the date. A new set must start on or after the
 * first one, whose rules it copies. */
static int rules_base(struct db *db, struct rules_txn *t, struct kpi_rule_set *rs)
{
	int rc = repo_kpi_rule_set_named(db, t->a, t->name, rs);
	if (rc == DB_OK) {
		struct cal_local l = cal_local_from_ms(rs->effective_from);
		return db_abort(db, ERR_KPI_RULE_SET_PUBLISHED,
				t->nchanges ? t->changes[0].key : "from",
				arena_printf(t->a,
					     "rule set %s is published (in force from "
					     "%04d-%02d-%02d); give a new name and --from "
					     "YYYY-MM-DD to start a new version",
					     t->name, l.date.year % 10000, l.date.month % 100,
					     l.date.day % 100));
	}
	if (rc != DB_NOT_FOUND)
		return rc;
	if (!t->effective_from)
		return db_abort(db, ERR_FIELD_MISSING, "from",
				"a new rule set needs its effective date");
	rc = repo_kpi_rule_set(db, t->a, t->effective_from, rs);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_FIELD_INVALID, "from",
				"no rule set is in force on that date to start from; a new set "
				"starts on or after the first one (see kpi rules list)");
	rs->name = t->name;
	rs->effective_from = t->effective_from;
	return rc;
}

static int rules_txn(struct db *db, void *ctx)
{
	struct rules_txn *t = ctx;
	struct kpi_rule_set rs;
	int rc = rules_base(db, t, &rs);
	if (rc < 0)
		return rc;
	struct kpi_rule *rules = arena_zalloc(t->a, (rs.nrules + t->nchanges + 1) * sizeof *rules);
	if (rs.nrules)
		memcpy(rules, rs.rules, rs.nrules * sizeof *rules);
	size_t n = rs.nrules;
	for (size_t i = 0; i < t->nchanges; i++) {
		const struct svc_kpi_change *c = &t->changes[i];
		const struct kpi_def *def = kpi_def_find(c->key);
		if (!def)
			return db_abort(db, ERR_KPI_RULES_INVALID, c->key, "unknown indicator");
		struct kpi_rule *r = (struct kpi_rule *)kpi_rule_find(
			&(struct kpi_rule_set){.rules = rules, .nrules = n}, def->key);
		if (!r)
			r = &rules[n++], r->key = def->key;
		if (c->set_points)
			r->max_points = c->points;
		if (c->set_threshold || c->clear_threshold) {
			r->has_threshold = c->set_threshold;
			r->threshold = c->set_threshold ? c->threshold : 0;
		}
	}
	rs.rules = rules;
	rs.nrules = n;
	const char *bad_key = NULL;
	const char *why = kpi_rules_check(&rs, &bad_key);
	if (why)
		return db_abort(db, ERR_KPI_RULES_INVALID, bad_key, why);
	rc = repo_kpi_rule_set_save(db, &rs, clock_now_ms());
	if (rc == DB_CONSTRAINT)
		return db_abort(db, ERR_CONFLICT, "from", "another rule set takes effect then");
	return rc;
}

struct svc_result svc_kpi_rules_set(struct db *db, struct arena *a, const char *name,
				    int64_t effective_from, const struct svc_kpi_change *changes,
				    size_t nchanges)
{
	if (!name || !*name || strlen(name) > 64)
		return svc_fail(ERR_FIELD_INVALID, "name", "1 to 64 bytes");
	struct rules_txn t = {a, name, effective_from, changes, nchanges};
	return svc_txn_result(db, db_run_txn(db, rules_txn, &t, DB_TXN_ATTEMPTS));
}

/* ---------------------------------------------------------------- trend */

/* "YYYY-MM-DD" of a date, from the arena. */
static const char *date_text(struct arena *a, struct cal_date d)
{
	return arena_printf(a, "%04d-%02d-%02d", d.year % 10000, d.month % 100, d.day % 100);
}

/* The same day a year before (29 February: the 28th). */
static struct cal_date year_before(struct cal_date d)
{
	d.year--;
	if (!cal_date_valid(d))
		d.day--;
	return d;
}

/* One indicator of q over [from, to], into *f (rate null when no data). */
static struct svc_result figure_of(struct db *db, struct arena *a, const struct svc_actor *who,
				   const struct svc_kpi_query *q, const struct kpi_def *def,
				   struct cal_date from, struct cal_date to, struct kpi_figure *f)
{
	struct svc_kpi_query mq = *q;
	mq.from = date_text(a, from);
	mq.to = date_text(a, to);
	struct svc_kpi_report rep;
	struct svc_result r = svc_kpi_indicators(db, a, who, &mq, &rep);
	if (r.code == ERR_STATS_NO_RULE_SET) {
		/* Before the first rule set (a year back): no data, not an error. */
		kpi_figure_fill(def, NULL, 0, 0, 0, f);
		return svc_ok();
	}
	if (r.code != ERR_NONE)
		return r;
	for (size_t i = 0; i < rep.result.nfigures; i++)
		if (rep.result.figures[i].def == def)
			*f = rep.result.figures[i];
	return svc_ok();
}

struct svc_result svc_kpi_trend(struct db *db, struct arena *a, const struct svc_actor *who,
				const struct svc_kpi_query *q, const char *key,
				struct svc_kpi_trend *out)
{
	memset(out, 0, sizeof *out);
	const struct kpi_def *def = kpi_def_find(key);
	if (!def)
		return svc_fail(ERR_STATS_KEY_NOT_FOUND, "key", NULL);
	struct kpi_period per;
	struct svc_result r = parse_period(q, &per);
	if (r.code != ERR_NONE)
		return r;
	struct cal_date from, to;
	if (svc_calendar_parse_date(q->from, &from) < 0 || svc_calendar_parse_date(q->to, &to) < 0)
		return bad("from", SVC_DATE_DETAIL);
	int months = (to.year - from.year) * 12 + to.month - from.month + 1;
	if (months > SVC_KPI_MAX_MONTHS)
		return bad("to", "at most 24 months");
	out->key = def->key;
	out->points = arena_zalloc(a, (size_t)months * sizeof *out->points);
	struct cal_date m = {from.year, from.month, 1};
	for (int i = 0; i < months && r.code == ERR_NONE; i++) {
		struct svc_kpi_point *pt = &out->points[out->n++];
		struct cal_date next = {m.month == 12 ? m.year + 1 : m.year, m.month % 12 + 1, 1};
		struct cal_date a0 = i == 0 ? from : m;
		struct cal_date b0 = cal_civil_from_days(cal_days_from_civil(next) - 1);
		if (i == months - 1)
			b0 = to;
		pt->month = arena_printf(a, "%04d-%02d", m.year % 10000, m.month % 100);
		pt->from = date_text(a, a0);
		pt->to = date_text(a, b0);
		r = figure_of(db, a, who, q, def, a0, b0, &pt->now);
		if (r.code == ERR_NONE)
			r = figure_of(db, a, who, q, def, year_before(a0), year_before(b0),
				      &pt->year_before);
		m = next;
	}
	return r;
}

/* ---------------------------------------------------------------- evaluation */

struct svc_result svc_kpi_evaluation(struct db *db, struct arena *a, const struct svc_actor *who,
				     const struct svc_kpi_query *q, struct svc_kpi_evaluation *out)
{
	memset(out, 0, sizeof *out);
	struct kpi_run run;
	int64_t tot[KF_COUNT];
	bool fast;
	struct svc_result r = load_sums(db, a, who, q, &run, tot, &fast);
	if (r.code == ERR_NONE) {
		struct kpi_result res;
		tally(&run, tot, fast, &res);
		kpi_eval_unit(&res, &out->unit);
		double sum[10] = {0};
		for (size_t i = 0; i < run.fx.ndossiers; i++) { /* the walk's */
			struct kpi_eval e;
			kpi_eval_dossier(&run.fx.dossiers[i], &e);
			out->dossiers += e.score[1] >= 0;
			for (int k = 1; k < 10; k++)
				if (e.score[k] >= 0) {
					sum[k] += e.score[k];
					out->count[k]++;
				}
		}
		for (int k = 1; k < 10; k++)
			out->average[k] = out->count[k] ? sum[k] / (double)out->count[k] : 0;
		if (fast)
			kpi_agg_eval(tot, &out->dossiers, out->count, out->average);
		out->q = *q;
	}
	svc_kpi_release(&run);
	return r;
}

struct svc_result svc_kpi_eval_items(struct db *db, struct arena *a, const struct svc_actor *who,
				     const struct svc_kpi_query *q, const struct svc_kpi_page *pg,
				     struct svc_kpi_eval_items *out)
{
	memset(out, 0, sizeof *out);
	if (pg->limit < 1 || pg->limit > SVC_KPI_MAX_ITEMS)
		return bad("limit", "1 to 1000");
	if (pg->offset < 0)
		return bad("offset", "0 or more");
	struct kpi_run run;
	struct svc_result r = load(db, a, who, q, &run);
	if (r.code == ERR_NONE) {
		out->items = arena_zalloc(a, ((size_t)pg->limit + 1) * sizeof *out->items);
		for (size_t i = 0; i < run.fx.ndossiers; i++) {
			struct kpi_eval e;
			kpi_eval_dossier(&run.fx.dossiers[i], &e);
			if (e.score[1] < 0)
				continue; /* not ended in the period */
			if (out->total++ < pg->offset || (int64_t)out->n >= pg->limit)
				continue;
			out->items[out->n].ref = run.fx.dossiers[i].h->ref;
			out->items[out->n++].eval = e;
		}
		out->limit = pg->limit;
		out->offset = pg->offset;
	}
	svc_kpi_release(&run);
	return r;
}
