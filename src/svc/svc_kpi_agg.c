/* Monitoring aggregates (issue 12, "Speed"): keeping the counters of
 * core/kpi_agg.h and summing them for a scope and a period.
 *
 * Kept: every change to what a dossier, ticket or rating counts marks it in
 * kpi_dirty, by a trigger, in the transaction that changes it (sql 0019: a
 * dossier's events, components, documents, results and ratings; a ticket;
 * a rating) — so a new kind of event is counted without a line here. Before
 * it sums, a read (and the worker, every tick) counts the marked subjects
 * again from their history: the subject's facts as now judged, less the
 * facts it added before (kpi_subjects), added to the day's and the month's
 * counters, in one transaction with the claim. The sums a read returns are
 * therefore those of the history as committed when it began: never stale.
 *
 * Per officer (sql 0032): each subject's facts are added a second time to
 * the counters of each of its officers (repo_kpi_agg_officers(): who acted
 * in a dossier's history, served a ticket, is named by a rating), stored
 * with the facts so that a recount takes them back from the same officers;
 * an officer's scope sums those counters as the unit's scope does (the
 * open dossiers now: the officer's snapshot, less those of kpi_open_officers
 * turning overdue before midnight).
 *
 * Summed: a period [from, to) is its whole years' counters, the whole
 * months of the years it cuts and the days of the months it cuts (at most
 * five ranges of buckets); the dossiers still open at the instant judged are
 * added apart, from the daily snapshot (KF_SNAP_*): at the period's end
 * when it is past; at now when the period reaches it, the snapshot up to
 * the next midnight less the dossiers due between now and then (kpi_open,
 * by the instant each turns overdue).
 *
 * Layer: svc. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include "repo/repo_kpi_agg.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_kpi_impl.h"
#include "svc/svc_report.h"

/* Subjects counted per transaction. */
#define FLUSH_BATCH 500

/* ---------------------------------------------------------------- deltas */

/* The month bucket of a local day: year * 12 + month - 1. */
static int64_t month_of(int64_t day)
{
	struct cal_date d = cal_civil_from_days(day);
	return (int64_t)d.year * 12 + d.month - 1;
}

/* Counter changes summed by key in an open-addressing table. */
struct deltas {
	struct repo_kpi_delta *v; /* slots; fact -1 = empty */
	size_t n, cap;
};

static uint64_t delta_hash(const struct repo_kpi_delta *d)
{
	uint64_t h = 1469598103934665603u;
	const int64_t k[6] = {d->user_id, d->grain, d->bucket, d->unit_id, d->version_id, d->fact};
	for (size_t i = 0; i < 6; i++)
		h = (h ^ (uint64_t)k[i]) * 1099511628211u;
	return h;
}

static bool same_key(const struct repo_kpi_delta *x, const struct repo_kpi_delta *y)
{
	return x->user_id == y->user_id && x->grain == y->grain && x->bucket == y->bucket &&
	       x->unit_id == y->unit_id && x->version_id == y->version_id && x->fact == y->fact;
}

static void deltas_put(struct deltas *ds, const struct repo_kpi_delta *d);

static void deltas_grow(struct deltas *ds)
{
	struct deltas old = *ds;
	ds->cap = old.cap ? 2 * old.cap : 1024;
	ds->v = xcalloc(ds->cap, sizeof *ds->v);
	ds->n = 0;
	for (size_t i = 0; i < ds->cap; i++)
		ds->v[i].fact = -1;
	for (size_t i = 0; i < old.cap; i++)
		if (old.v[i].fact >= 0)
			deltas_put(ds, &old.v[i]);
	free(old.v);
}

static void deltas_put(struct deltas *ds, const struct repo_kpi_delta *d)
{
	if (2 * (ds->n + 1) > ds->cap)
		deltas_grow(ds);
	size_t s = delta_hash(d) & (ds->cap - 1);
	for (; ds->v[s].fact >= 0; s = (s + 1) & (ds->cap - 1))
		if (same_key(&ds->v[s], d)) {
			ds->v[s].value += d->value;
			return;
		}
	ds->v[s] = *d;
	ds->n++;
}

/* Adds sign * each fact to its day's, its month's and its year's counter:
 * the unit's (user_id 0) or the officer's (766.3.2's online count is not
 * an officer's: left out). */
static void deltas_add(struct deltas *ds, int64_t user_id, int64_t unit_id, int64_t version_id,
		       const struct kpi_fact_row *f, size_t n, int sign)
{
	for (size_t i = 0; i < n; i++) {
		if (user_id && f[i].fact == KF_PROC_ONLINE)
			continue;
		struct repo_kpi_delta d = {KPI_GRAIN_DAY, f[i].day,	     unit_id, version_id,
					   f[i].fact,	  sign * f[i].value, user_id};
		deltas_put(ds, &d);
		d.grain = KPI_GRAIN_MONTH;
		d.bucket = month_of(f[i].day);
		deltas_put(ds, &d);
		d.grain = KPI_GRAIN_YEAR;
		d.bucket = cal_civil_from_days(f[i].day).year;
		deltas_put(ds, &d);
	}
}

static int delta_cmp(const void *x, const void *y)
{
	const struct repo_kpi_delta *a = x, *b = y;
	const int64_t ka[6] = {a->user_id, a->grain, a->bucket, a->unit_id, a->version_id, a->fact};
	const int64_t kb[6] = {b->user_id, b->grain, b->bucket, b->unit_id, b->version_id, b->fact};
	for (size_t i = 0; i < 6; i++)
		if (ka[i] != kb[i])
			return ka[i] < kb[i] ? -1 : 1;
	return 0;
}

/* Writes the non-zero changes, in key order, and empties the table. */
static int deltas_apply(struct db *db, struct deltas *ds)
{
	size_t n = 0;
	for (size_t i = 0; i < ds->cap; i++)
		if (ds->v[i].fact >= 0 && ds->v[i].value)
			ds->v[n++] = ds->v[i];
	if (n > 1) /* ds->v is NULL when nothing was counted */
		qsort(ds->v, n, sizeof *ds->v, delta_cmp);
	int rc = repo_kpi_agg_apply(db, ds->v, n);
	free(ds->v);
	*ds = (struct deltas){0};
	return rc;
}

/* ---------------------------------------------------------------- counting */

/* A subject's officers: user ids, ascending, each once. */
struct officers {
	int64_t *id;
	size_t n;
};

/* The officers of subject id among pairs p[*at..n) (by subject), moving *at
 * past them. */
static struct officers officers_of(struct arena *a, const struct repo_kpi_officer *p, size_t n,
				   size_t *at, int64_t id)
{
	while (*at < n && p[*at].id < id)
		++*at;
	size_t lo = *at;
	while (*at < n && p[*at].id == id)
		++*at;
	struct officers o = {arena_zalloc(a, (*at - lo + 1) * sizeof *o.id), 0};
	for (size_t i = lo; i < *at; i++)
		o.id[o.n++] = p[i].user_id;
	return o;
}

/* Stored officers ("" or ids joined by spaces) read back. */
static struct officers officers_parse(struct arena *a, const char *s)
{
	size_t cap = 1;
	for (const char *c = s; *c; c++)
		cap += *c == ' ';
	struct officers o = {arena_zalloc(a, (cap + 1) * sizeof *o.id), 0};
	for (char *end; *s && o.n < cap; s = *end ? end + 1 : end) {
		o.id[o.n] = strtoll(s, &end, 10);
		if (end == s)
			break;
		o.n += o.id[o.n] > 0;
	}
	return o;
}

static bool has_officer(const struct officers *o, int64_t id)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->id[i] == id)
			return true;
	return false;
}

/* What a subject adds now. */
struct subject_now {
	int64_t unit_id, version_id;
	const struct kpi_fact_row *f;
	size_t n;
	struct officers o;
};

/* One subject: its stored facts out, its new facts in, for its unit and
 * each of its officers (facts and officers stored). */
static int recount(struct db *db, struct arena *a, struct deltas *ds, const char *kind,
		   const struct repo_kpi_subject *old, const struct subject_now *now)
{
	char text[KPI_AGG_MAX * 48];
	if (now->n == 0)
		text[0] = 0;
	else if (kpi_agg_format(now->unit_id, now->version_id, now->f, now->n, text, sizeof text) <
		 0)
		return DB_HARD; /* KPI_AGG_MAX facts always fit */
	struct buf ot = BUF_INIT;
	for (size_t i = 0; i < now->o.n; i++)
		buf_addf(&ot, "%s%lld", i ? " " : "", (long long)now->o.id[i]);
	bool same = !strcmp(text, old->facts);
	int rc = DB_OK;
	if (!same || strcmp(buf_str(&ot), old->officers)) {
		struct kpi_fact_row was[KPI_AGG_MAX];
		size_t nwas;
		int64_t wu, wv;
		if (kpi_agg_parse(old->facts, &wu, &wv, was, &nwas) < 0)
			log_warn("kpi: %s %lld: stored facts unreadable, recounted", kind,
				 (long long)old->id);
		struct officers wo = officers_parse(a, old->officers);
		if (!same) {
			deltas_add(ds, 0, wu, wv, was, nwas, -1);
			deltas_add(ds, 0, now->unit_id, now->version_id, now->f, now->n, 1);
		}
		/* Same facts: only the officers gained or lost change. */
		for (size_t i = 0; i < wo.n; i++)
			if (!same || !has_officer(&now->o, wo.id[i]))
				deltas_add(ds, wo.id[i], wu, wv, was, nwas, -1);
		for (size_t i = 0; i < now->o.n; i++)
			if (!same || !has_officer(&wo, now->o.id[i]))
				deltas_add(ds, now->o.id[i], now->unit_id, now->version_id, now->f,
					   now->n, 1);
		rc = repo_kpi_agg_subject_save(db, kind, old->id, text, buf_str(&ot));
	}
	buf_release(&ot);
	return rc;
}

/* The claimed dossiers: judged at their end (or after their history) with
 * their processing unit's calendar, their facts and their open row. */
static int count_dossiers(struct db *db, struct arena *a, int64_t token, struct deltas *ds,
			  bool fresh)
{
	struct repo_kpi_subject *old;
	struct repo_kpi_officer *op;
	size_t nold, nk, nop, at = 0;
	struct repo_kpi_dossier *k;
	struct kpi_run run = {0};
	run.s = (struct repo_kpi_scope){.from_ms = INT64_MIN / 4,
					.to_ms = INT64_MAX / 4,
					.cap = INT64_MAX / 4,
					.claim = token};
	int rc = repo_kpi_agg_claimed(db, a, "d", token, !fresh, &old, &nold);
	if (rc >= 0)
		rc = repo_kpi_dossiers(db, a, &run.s, &k, &nk);
	if (rc >= 0)
		rc = repo_kpi_agg_officers(db, a, "d", token, &op, &nop);
	for (size_t i = 0, j = 0; rc >= 0 && i < nold; i++) {
		struct kpi_fact_row f[KPI_AGG_MAX];
		size_t n = 0;
		struct repo_kpi_dossier *kd = NULL;
		/* k is by id as old is; a claimed dossier never received has no row */
		if (j < nk && k[j].id == old[i].id)
			kd = &k[j++];
		int64_t unit = 0, version = 0, overdue_at = -1;
		bool open = false, waiting = false;
		struct kpi_dossier d;
		if (kd) {
			const struct svc_calendar *c;
			if ((rc = svc_kpi_calendar_of(db, a, &run, kd->processing_unit_id, &c)) < 0)
				break;
			kd->h.cal = c->cal;
			kd->h.hours = c->hours;
			kd->h.limit = limit_to_cal(kd->limit_unit, kd->limit_value);
			d = kd->d;
			d.h = &kd->h;
			struct kpi_period per;
			kpi_agg_period(&kd->h, &per);
			if (kpi_judge(&kd->h, &per, &d.j) < 0)
				log_warn("kpi: %s: %s", kd->h.ref, d.j.reason_en);
			if (kpi_office_times(&kd->h, &d.j, &d.used_office_ms,
					     &d.allowed_office_ms) < 0)
				d.used_office_ms = d.allowed_office_ms = 0;
			n = kpi_agg_dossier(&d, kd->live_received_at, f);
			n = kpi_agg_snapshot(&d, f, n);
			if (n > KPI_AGG_MAX) {
				log_warn("kpi: %s: more snapshot changes than %d, cut", kd->h.ref,
					 KPI_AGG_MAX);
				n = KPI_AGG_MAX;
			}
			open = kpi_agg_open(&d, &overdue_at, &waiting);
			unit = kd->processing_unit_id;
			version = kd->version_id;
		}
		struct subject_now now = {unit, version, f, n,
					  officers_of(a, op, nop, &at, old[i].id)};
		rc = recount(db, a, ds, "d", &old[i], &now);
		if (rc >= 0 && open)
			rc = repo_kpi_agg_open_set(db, old[i].id, unit, version, overdue_at,
						   waiting, d.disliked || d.feedback);
		else if (rc >= 0 && !fresh)
			rc = repo_kpi_agg_open_del(db, old[i].id);
		if (rc >= 0 && (open || !fresh)) /* its officers while open */
			rc = repo_kpi_agg_open_officers(db, old[i].id, now.o.id,
							open ? now.o.n : 0);
	}
	svc_kpi_release(&run);
	return rc < 0 ? rc : DB_OK;
}

static int count_tickets(struct db *db, struct arena *a, int64_t token, struct deltas *ds,
			 bool fresh)
{
	struct repo_kpi_subject *old;
	struct repo_kpi_agg_ticket *t;
	struct repo_kpi_officer *op;
	size_t nold, nt, nop, at = 0;
	int rc = repo_kpi_agg_claimed(db, a, "t", token, !fresh, &old, &nold);
	if (rc >= 0)
		rc = repo_kpi_agg_tickets(db, a, token, &t, &nt);
	if (rc >= 0)
		rc = repo_kpi_agg_officers(db, a, "t", token, &op, &nop);
	for (size_t i = 0, j = 0; rc >= 0 && i < nold; i++) {
		struct kpi_fact_row f[KPI_AGG_MAX];
		struct subject_now now = {0, 0, f, 0, officers_of(a, op, nop, &at, old[i].id)};
		if (j < nt && t[j].id == old[i].id) {
			now.n = kpi_agg_ticket(&t[j].t, f);
			now.unit_id = t[j++].unit_id;
		}
		rc = recount(db, a, ds, "t", &old[i], &now);
	}
	return rc < 0 ? rc : DB_OK;
}

static int count_ratings(struct db *db, struct arena *a, int64_t token, struct deltas *ds,
			 bool fresh)
{
	struct repo_kpi_subject *old;
	struct repo_kpi_agg_rating *r;
	struct repo_kpi_officer *op;
	size_t nold, nr, nop, at = 0;
	int rc = repo_kpi_agg_claimed(db, a, "r", token, !fresh, &old, &nold);
	if (rc >= 0)
		rc = repo_kpi_agg_ratings(db, a, token, &r, &nr);
	if (rc >= 0)
		rc = repo_kpi_agg_officers(db, a, "r", token, &op, &nop);
	for (size_t i = 0, j = 0; rc >= 0 && i < nold; i++) {
		struct kpi_fact_row f[KPI_AGG_MAX];
		struct subject_now now = {0, 0, f, 0, officers_of(a, op, nop, &at, old[i].id)};
		if (j < nr && r[j].id == old[i].id) {
			now.n = kpi_agg_rating(&r[j].r, r[j].current, f);
			now.unit_id = r[j++].unit_id;
		}
		rc = recount(db, a, ds, "r", &old[i], &now);
	}
	return rc < 0 ? rc : DB_OK;
}

/* A claim's token: unique among the transactions that may run at once
 * (this process's threads by the counter, other processes by the pid). */
static int64_t new_token(void)
{
	static atomic_int_fast64_t seq;
	int64_t s = (int64_t)atomic_fetch_add(&seq, 1);
	return (clock_now_ms() << 20) + ((((int64_t)getpid() & 0x3ff) << 10) | (s & 0x3ff)) + 1;
}

struct flush_txn {
	int64_t limit;
	bool fresh;	    /* a rebuild: nothing stored before */
	struct deltas *acc; /* a rebuild's changes, applied at its end; NULL: at each batch */
	int64_t counted;
	int64_t after[3]; /* per kind, the last id claimed in this pass */
};

/* One batch of each kind: claim, count, apply, forget. */
static int flush_batch(struct db *db, struct flush_txn *t)
{
	static const char *const kinds[] = {"d", "t", "r"};
	struct deltas local = {0}, *ds = t->acc ? t->acc : &local;
	int rc = DB_OK;
	int64_t after[3];
	memcpy(after, t->after, sizeof after); /* a transaction run again starts there */
	t->counted = 0;
	for (size_t i = 0; rc >= 0 && i < 3; i++) {
		struct arena a;
		arena_init(&a);
		int64_t token = new_token(), n = 0;
		rc = repo_kpi_agg_claim(db, kinds[i], token, t->limit, &t->after[i], &n);
		if (rc >= 0 && n > 0) {
			rc = i == 0   ? count_dossiers(db, &a, token, ds, t->fresh)
			     : i == 1 ? count_tickets(db, &a, token, ds, t->fresh)
				      : count_ratings(db, &a, token, ds, t->fresh);
			if (rc >= 0)
				rc = repo_kpi_agg_done(db, token);
			t->counted += n;
		}
		arena_release(&a);
	}
	if (rc >= 0 && !t->acc)
		rc = deltas_apply(db, &local);
	free(local.v);
	if (rc < 0)
		memcpy(t->after, after, sizeof after);
	return rc < 0 ? rc : DB_OK;
}

static int flush_txn(struct db *db, void *ctx)
{
	return flush_batch(db, ctx);
}

int svc_kpi_agg_flush(struct db *db, int64_t most)
{
	int64_t dirty = 0;
	int rc = repo_kpi_agg_dirty(db, &dirty);
	if (rc < 0 || dirty == 0)
		return rc < 0 ? rc : DB_OK;
	if (most >= 0 && dirty > most)
		return DB_TOO_MANY;
	struct flush_txn t = {.limit = FLUSH_BATCH};
	do {
		rc = db_run_txn(db, flush_txn, &t, DB_TXN_ATTEMPTS);
		/* The pass reached the end: once more from the start, for the
		 * subjects changed again behind it; done when that finds none. */
		if (rc >= 0 && t.counted == 0 && (t.after[0] || t.after[1] || t.after[2])) {
			memset(t.after, 0, sizeof t.after);
			t.counted = 1;
		}
	} while (rc >= 0 && t.counted > 0);
	return rc;
}

/* A rebuild: everything counted again in one transaction, the counters
 * written once at the end. */
static int rebuild_txn(struct db *db, void *ctx)
{
	struct flush_txn *t = ctx;
	struct deltas acc = {0};
	int64_t total = 0;
	int rc = repo_kpi_agg_reset(db);
	memset(t->after, 0, sizeof t->after);
	t->acc = &acc;
	t->fresh = true;
	do {
		rc = rc < 0 ? rc : flush_batch(db, t);
		total += t->counted;
	} while (rc >= 0 && t->counted > 0);
	if (rc >= 0)
		rc = deltas_apply(db, &acc);
	free(acc.v);
	t->counted = total;
	return rc;
}

struct svc_result svc_kpi_rebuild(struct db *db, int64_t *counted)
{
	struct flush_txn t = {.limit = 2000};
	int rc = db_run_txn(db, rebuild_txn, &t, 1);
	*counted = t.counted;
	return svc_txn_result(db, rc);
}

/* ---------------------------------------------------------------- sums */

/* The buckets of the local days [from, to), as signed spans: each day in
 * the coarsest grain that fits whole (a year from its 1 January, a month
 * from its 1st), contiguous buckets merged within their month (days) or
 * year (months): days, months, years, months, days at most. Then a run of
 * days is read as its month less the month's other days, and a run of
 * months as its year less the year's other months, when that reads fewer
 * buckets (the counters add up: sql 0028's test): the past year from the
 * 8th is its first month less 7 days, a year less a month, and 7 days,
 * instead of 24 + 7 days and 11 months. */
struct span {
	int grain;
	int64_t lo, hi; /* buckets, inclusive */
	int sign;
};
#define MAX_SPANS 16

/* The first and last buckets of grain's parent around bucket b (the days
 * of b's month, the months of b's year). */
static void parent_bounds(int grain, int64_t b, int64_t *first, int64_t *last)
{
	if (grain == KPI_GRAIN_MONTH) {
		*first = b / 12 * 12;
		*last = *first + 11;
		return;
	}
	struct cal_date c = cal_civil_from_days(b);
	*first = b - c.day + 1;
	struct cal_date nm = {c.month == 12 ? c.year + 1 : c.year, c.month % 12 + 1, 1};
	*last = cal_days_from_civil(nm) - 1;
}

/* Replaces span i (days or months) by its parent less the rest of the
 * parent, when that reads fewer buckets. */
static size_t complement(struct span *s, size_t n, size_t i)
{
	int64_t first, last;
	parent_bounds(s[i].grain, s[i].lo, &first, &last);
	struct span x = s[i];
	if (x.hi - x.lo + 1 <= 1 + (x.lo - first) + (last - x.hi) || n + 2 > MAX_SPANS)
		return n;
	s[i] = x.grain == KPI_GRAIN_MONTH
		       ? (struct span){KPI_GRAIN_YEAR, x.lo / 12, x.lo / 12, x.sign}
		       : (struct span){KPI_GRAIN_MONTH, month_of(x.lo), month_of(x.lo), x.sign};
	if (x.lo > first)
		s[n++] = (struct span){x.grain, first, x.lo - 1, -x.sign};
	if (x.hi < last)
		s[n++] = (struct span){x.grain, x.hi + 1, last, -x.sign};
	return n;
}

static bool same_parent(int grain, int64_t a, int64_t b)
{
	int64_t fa, la, fb, lb;
	parent_bounds(grain, a, &fa, &la);
	parent_bounds(grain, b, &fb, &lb);
	return fa == fb;
}

/* Joins two runs of months of one year that meet (a month a run of days
 * became, beside the run of whole months); true when it did. */
static bool join_months(struct span *s, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		for (size_t k = 0; k < *n; k++)
			if (k != i && s[i].grain == KPI_GRAIN_MONTH &&
			    s[k].grain == KPI_GRAIN_MONTH && s[i].sign > 0 && s[k].sign > 0 &&
			    s[k].lo == s[i].hi + 1 &&
			    same_parent(KPI_GRAIN_MONTH, s[i].lo, s[k].lo)) {
				s[i].hi = s[k].hi;
				s[k] = s[--*n];
				return true;
			}
	return false;
}

static size_t spans_of(int64_t from, int64_t to, struct span s[MAX_SPANS])
{
	size_t n = 0;
	for (int64_t d = from; d < to;) {
		struct cal_date c = cal_civil_from_days(d);
		struct cal_date nm = {c.month == 12 ? c.year + 1 : c.year, c.month % 12 + 1, 1};
		struct cal_date ny = {c.year + 1, 1, 1};
		int64_t next_month = cal_days_from_civil(nm), next_year = cal_days_from_civil(ny);
		struct span x;
		if (c.day == 1 && c.month == 1 && next_year <= to) {
			x = (struct span){KPI_GRAIN_YEAR, c.year, c.year, 1};
			d = next_year;
		} else if (c.day == 1 && next_month <= to) {
			x = (struct span){KPI_GRAIN_MONTH, month_of(d), month_of(d), 1};
			d = next_month;
		} else {
			int64_t end = next_month < to ? next_month : to;
			x = (struct span){KPI_GRAIN_DAY, d, end - 1, 1};
			d = end;
		}
		if (n > 0 && s[n - 1].grain == x.grain && s[n - 1].hi + 1 == x.lo &&
		    (x.grain == KPI_GRAIN_YEAR || same_parent(x.grain, s[n - 1].lo, x.lo)))
			s[n - 1].hi = x.hi;
		else if (n < MAX_SPANS) /* at most 5: see above */
			s[n++] = x;
	}
	/* Days first: a month they become may join a run of months. */
	for (size_t i = 0, m = n; i < m; i++)
		if (s[i].grain == KPI_GRAIN_DAY)
			n = complement(s, n, i);
	while (join_months(s, &n))
		;
	for (size_t i = 0, m = n; i < m; i++)
		if (s[i].grain == KPI_GRAIN_MONTH && s[i].sign > 0)
			n = complement(s, n, i);
	return n;
}

typedef void (*row_cb)(void *arg, const struct repo_kpi_delta *row);

/* Every summed counter row of the scope and the local days [from, to):
 * the scope's counters, or (online) 766.3.2's online dossiers by version. */
static int sum_period(struct db *db, struct arena *a, const struct repo_kpi_agg_scope *sc,
		      bool online, int64_t from, int64_t to, row_cb cb, void *arg)
{
	struct span sp[MAX_SPANS];
	size_t nsp = spans_of(from, to, sp);
	int rc = DB_OK;
	for (size_t q = 0; rc >= 0 && q < nsp; q++) {
		struct repo_kpi_delta *rows;
		size_t n;
		rc = online ? repo_kpi_agg_online_sums(db, a, sp[q].grain, sp[q].lo, sp[q].hi,
						       &rows, &n)
			    : repo_kpi_agg_sums(db, a, sc, sp[q].grain, sp[q].lo, sp[q].hi, &rows,
						&n);
		for (size_t i = 0; rc >= 0 && i < n; i++)
			if (rows[i].fact >= 0) {
				rows[i].value *= sp[q].sign;
				cb(arg, &rows[i]);
			}
	}
	return rc;
}

/* The dossiers open at the period's end (it is past): the sums of the
 * snapshot's changes (KF_SNAP_*) of every day up to the one its end
 * begins, by unit and version. */
struct snap_rows {
	struct repo_kpi_agg_open *v;
	size_t n, cap;
};

static void add_snap(void *arg, const struct repo_kpi_delta *row)
{
	struct snap_rows *s = arg;
	struct repo_kpi_agg_open *o = NULL;
	for (size_t i = s->n; i > 0 && !o; i--) /* rows come grouped: the last is likeliest */
		if (s->v[i - 1].unit_id == row->unit_id &&
		    s->v[i - 1].version_id == row->version_id)
			o = &s->v[i - 1];
	if (!o) {
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 64;
			s->v = xrealloc(s->v, s->cap * sizeof *s->v);
		}
		o = &s->v[s->n++];
		*o = (struct repo_kpi_agg_open){.unit_id = row->unit_id,
						.version_id = row->version_id};
	}
	int64_t *f = row->fact == KF_SNAP_OPEN	    ? &o->open
		     : row->fact == KF_SNAP_OVERDUE ? &o->overdue
		     : row->fact == KF_SNAP_WAITING ? &o->waiting
		     : row->fact == KF_SNAP_SAT	    ? &o->sat
						    : NULL;
	if (f)
		*f += row->value;
}

/* The snapshot's open rows (open > 0) up to day `end` (exclusive), less
 * turning[]: open dossiers counted overdue there, not yet at the instant
 * judged. */
static int snap_open(struct db *db, struct arena *a, const struct repo_kpi_agg_scope *sc,
		     int64_t end, const struct repo_kpi_agg_open *turning, size_t nturning,
		     struct repo_kpi_agg_open **out, size_t *n)
{
	struct repo_kpi_agg_scope snap = *sc;
	snap.snap = true;
	snap.by_fact = false;
	struct snap_rows s = {0};
	int rc = sum_period(db, a, &snap, false, 0, end, add_snap, &s);
	for (size_t i = 0; rc >= 0 && i < nturning; i++) {
		const struct repo_kpi_agg_open *t = &turning[i];
		add_snap(&s, &(struct repo_kpi_delta){.unit_id = t->unit_id,
						      .version_id = t->version_id,
						      .fact = KF_SNAP_OVERDUE,
						      .value = -t->overdue});
		add_snap(&s, &(struct repo_kpi_delta){.unit_id = t->unit_id,
						      .version_id = t->version_id,
						      .fact = KF_SNAP_SAT,
						      .value = t->sat});
	}
	*out = arena_zalloc(a, (s.n + 1) * sizeof **out);
	*n = 0;
	for (size_t i = 0; rc >= 0 && i < s.n; i++)
		if (s.v[i].open)
			(*out)[(*n)++] = s.v[i];
	free(s.v);
	return rc < 0 ? rc : DB_OK;
}

/* The dossiers open now, the period reaching it: the snapshot up to the
 * next local midnight — their state there as their histories, all before
 * now, make it (received, ended, paused or resumed since the last
 * midnight included: their changes are dated by the next day) — less
 * those it counts overdue whose overdue instant is still ahead (kpi_open,
 * by that instant: only those due between now and midnight). Judged as
 * kpi_open judges them at now, so as the walk does. */
static int open_now(struct db *db, struct arena *a, const struct repo_kpi_agg_scope *sc,
		    int64_t now, struct repo_kpi_agg_open **out, size_t *n)
{
	int64_t next_day = cal_local_day(now) + 1, midnight;
	if (cal_ms_from_local(cal_civil_from_days(next_day), 0, 0, &midnight) < 0)
		return DB_HARD; /* a day of the calendar's years */
	struct repo_kpi_agg_open *turning;
	size_t nturning;
	int rc = repo_kpi_agg_open_turning(db, a, sc, now, midnight, &turning, &nturning);
	if (rc < 0)
		return rc;
	return snap_open(db, a, sc, next_day + 1, turning, nturning, out, n);
}

/* The open part: at now when the period reaches it, else at its end (the
 * dossiers open at the end of a past period: the snapshot up to the day
 * its end begins). */
static int open_part(struct db *db, struct arena *a, const struct kpi_run *run,
		     const struct repo_kpi_agg_scope *sc, struct repo_kpi_agg_open **out, size_t *n)
{
	const struct kpi_period *p = &run->per;
	if (p->now_ms > 0 && p->now_ms < p->to_ms)
		return open_now(db, a, sc, p->now_ms, out, n);
	return snap_open(db, a, sc, cal_local_day(p->to_ms) + 1, NULL, 0, out, n);
}

static void add_total(void *arg, const struct repo_kpi_delta *row)
{
	int64_t *tot = arg;
	tot[row->fact] += row->value;
}

/* The facts of tickets and ratings read one by one (a procedure's or a
 * field's scope: a visit may serve several procedures), in [from, to). */
static int walked_tickets_ratings(struct db *db, struct arena *a, const struct kpi_run *run,
				  int64_t from, int64_t to, int64_t tot[KF_COUNT])
{
	struct kpi_ticket *t;
	struct kpi_rating *r;
	size_t nt, nr;
	int rc = repo_kpi_tickets(db, a, &run->s, &t, &nt);
	if (rc >= 0)
		rc = repo_kpi_ratings(db, a, &run->s, &r, &nr);
	for (size_t i = 0; rc >= 0 && i < nt + nr; i++) {
		struct kpi_fact_row f[KPI_AGG_MAX];
		size_t n = i < nt ? kpi_agg_ticket(&t[i], f) : kpi_agg_rating(&r[i - nt], true, f);
		for (size_t k = 0; k < n; k++)
			if (f[k].day >= from && f[k].day < to)
				tot[f[k].fact] += f[k].value;
	}
	return rc < 0 ? rc : DB_OK;
}

/* 766.3.2: the online dossiers each procedure received in the period,
 * in any unit (as the catalogue's reader counts them). */
struct online_ctx {
	const struct monitor_version *vs;
	size_t nv;
	struct kpi_procedure *ps;
	size_t np;
};

static void add_online(void *arg, const struct repo_kpi_delta *row)
{
	struct online_ctx *c = arg;
	const char *code = NULL;
	for (size_t i = 0; i < c->nv && !code; i++)
		if (c->vs[i].id == row->version_id)
			code = c->vs[i].procedure_code;
	for (size_t i = 0; code && i < c->np; i++)
		if (!strcmp(c->ps[i].ref, code))
			c->ps[i].online_received += row->value;
}

int svc_kpi_agg_totals(struct db *db, struct arena *a, struct kpi_run *run, int64_t tot[KF_COUNT])
{
	memset(tot, 0, KF_COUNT * sizeof *tot);
	int64_t from = cal_local_day(run->per.from_ms), to = cal_local_day(run->per.to_ms);
	struct repo_kpi_agg_scope sc = {run->s.unit_id, run->s.procedure, run->s.field, true,
					.officer_id = run->s.officer_id};
	int rc = sum_period(db, a, &sc, false, from, to, add_total, tot);
	sc.by_fact = false;
	if (rc >= 0 && (run->s.procedure || run->s.field))
		rc = walked_tickets_ratings(db, a, run, from, to, tot);
	struct repo_kpi_agg_open *o;
	size_t no;
	if (rc >= 0)
		rc = open_part(db, a, run, &sc, &o, &no);
	for (size_t i = 0; rc >= 0 && i < no; i++) {
		tot[KF_OPEN] += o[i].open;
		tot[KF_OPEN_OK] += o[i].open - o[i].overdue;
		tot[KF_OPEN_SAT] += o[i].sat;
		tot[KF_OPEN_OVERDUE] += o[i].overdue;
		tot[KF_OPEN_WAITING] += o[i].waiting;
	}
	if (rc < 0 || !run->fx.nprocedures)
		return rc < 0 ? rc : DB_OK;
	struct online_ctx c = {.ps = (struct kpi_procedure *)run->fx.procedures,
			       .np = run->fx.nprocedures};
	struct monitor_version *vs;
	rc = repo_kpi_versions(db, a, &vs, &c.nv);
	c.vs = vs;
	if (rc >= 0)
		rc = sum_period(db, a, NULL, true, from, to, add_online, &c);
	return rc < 0 ? rc : DB_OK;
}

struct svc_result svc_kpi_flush(struct db *db)
{
	return svc_txn_result(db, svc_kpi_agg_flush(db, -1));
}

/* ---------------------------------------------------------------- the report */

/* One (unit, version) group of the report: its summed facts. */
struct group {
	int64_t unit_id, version_id;
	int64_t f[KF_COUNT];
};

struct groups {
	struct group *g;
	size_t n, cap;
};

static struct group *group_at(struct groups *gs, int64_t unit_id, int64_t version_id)
{
	for (size_t i = gs->n; i > 0; i--) /* rows come grouped: the last is likeliest */
		if (gs->g[i - 1].unit_id == unit_id && gs->g[i - 1].version_id == version_id)
			return &gs->g[i - 1];
	if (gs->n == gs->cap) {
		gs->cap = gs->cap ? 2 * gs->cap : 64;
		gs->g = xrealloc(gs->g, gs->cap * sizeof *gs->g);
	}
	struct group *g = &gs->g[gs->n++];
	memset(g, 0, sizeof *g);
	g->unit_id = unit_id;
	g->version_id = version_id;
	return g;
}

static void add_group(void *arg, const struct repo_kpi_delta *row)
{
	if (row->version_id) /* tickets and ratings are not in the report */
		group_at(arg, row->unit_id, row->version_id)->f[row->fact] += row->value;
}

/* Section 11's columns of a group (svc_report.c's count(), summed). */
static void columns(const int64_t *f, int64_t n[SVC_REPORT_NCOLS])
{
	int64_t fresh = f[KF_RCV_ONLINE] + f[KF_RCV_DIRECT] + f[KF_RCV_POST];
	n[SVC_RC_CARRIED_OVER] = f[KF_END] + f[KF_OPEN] - fresh;
	n[SVC_RC_NEW_ONLINE] = f[KF_RCV_ONLINE];
	n[SVC_RC_NEW_DIRECT] = f[KF_RCV_DIRECT];
	n[SVC_RC_NEW_POST] = f[KF_RCV_POST];
	n[SVC_RC_ENDED_EARLY] = f[KF_END_EARLY];
	n[SVC_RC_ENDED_ON_TIME] = f[KF_END_ONTIME];
	n[SVC_RC_ENDED_LATE] = f[KF_END_LATE];
	n[SVC_RC_REFUSED] = f[KF_END_REFUSED];
	n[SVC_RC_WITHDRAWN] = f[KF_END_WITHDRAWN];
	n[SVC_RC_STOPPED] = f[KF_END_STOPPED];
	n[SVC_RC_OPEN_NOT_DUE] = f[KF_OPEN] - f[KF_OPEN_OVERDUE];
	n[SVC_RC_OPEN_OVERDUE] = f[KF_OPEN_OVERDUE];
	n[SVC_RC_OPEN_WAITING] = f[KF_OPEN_WAITING];
}

int svc_monitor_groups(struct db *db, struct arena *a, int64_t unit_id, const struct kpi_period *p,
		       svc_monitor_group_cb cb, void *arg)
{
	int rc = db_is_read_only(db) ? DB_OK : svc_kpi_agg_flush(db, SVC_MONITOR_FLUSH_MOST);
	if (rc < 0)
		return rc;
	struct kpi_run run = {.per = *p, .budgeted = true};
	run.s = (struct repo_kpi_scope){
		.unit_id = unit_id, .from_ms = p->from_ms, .to_ms = p->to_ms, .cap = INT64_MAX / 4};
	struct repo_kpi_agg_scope sc = {.unit_id = unit_id};
	struct groups gs = {0};
	struct repo_kpi_agg_open *o;
	struct monitor_version *vs;
	size_t no, nv;
	rc = sum_period(db, a, &sc, false, cal_local_day(p->from_ms), cal_local_day(p->to_ms),
			add_group, &gs);
	if (rc >= 0)
		rc = open_part(db, a, &run, &sc, &o, &no);
	for (size_t i = 0; rc >= 0 && i < no; i++) {
		int64_t *f = group_at(&gs, o[i].unit_id, o[i].version_id)->f;
		f[KF_OPEN] += o[i].open;
		f[KF_OPEN_OVERDUE] += o[i].overdue;
		f[KF_OPEN_WAITING] += o[i].waiting;
	}
	if (rc >= 0)
		rc = repo_kpi_versions(db, a, &vs, &nv);
	for (size_t i = 0; rc >= 0 && i < gs.n; i++) {
		int64_t n[SVC_REPORT_NCOLS];
		columns(gs.g[i].f, n);
		const struct monitor_version *v = NULL;
		for (size_t k = 0; k < nv && !v; k++)
			v = vs[k].id == gs.g[i].version_id ? &vs[k] : NULL;
		int64_t any = 0;
		for (size_t k = 0; k < SVC_REPORT_NCOLS; k++)
			any |= n[k];
		if (any) /* a dossier handled in the period, as the walk passes them */
			rc = v ? cb(arg, gs.g[i].unit_id, v, n) : DB_HARD;
	}
	free(gs.g);
	return rc < 0 ? rc : DB_OK;
}
