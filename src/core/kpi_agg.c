/* What a dossier, a ticket or a rating adds to the monitoring counters
 * (core/kpi_agg.h), decided by the same judgement and member rules as the
 * walk (core/kpi.c, core/kpi_index.c), and the indicators' sums from the
 * summed counters. Layer: core (pure). */
#include "core/kpi_agg.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
const char *const kpi_fact_names[KF_COUNT] = {
	[KF_RCV] = "rcv", [KF_RCV_ONLINE] = "rcv.online", [KF_RCV_POST] = "rcv.post",
	[KF_RCV_DIRECT] = "rcv.direct", [KF_RCV_DIGITIZED] = "rcv.digitized",
	[KF_RCV_REUSED] = "rcv.reused", [KF_RCV_LINKED] = "rcv.linked",
	[KF_RCV_NORESUB] = "rcv.noresub", [KF_RCV_FEE] = "rcv.fee",
	[KF_RCV_PAID_ONLINE] = "rcv.paid_online", [KF_PROC_ONLINE] = "proc.online",
	[KF_END] = "end", [KF_END_OK] = "end.ok", [KF_END_SAT] = "end.sat",
	[KF_END_EARLY] = "end.early", [KF_END_ONTIME] = "end.ontime", [KF_END_LATE] = "end.late",
	[KF_END_REFUSED] = "end.refused", [KF_END_WITHDRAWN] = "end.withdrawn",
	[KF_END_STOPPED] = "end.stopped", [KF_END_RESULT] = "end.result",
	[KF_END_USED_MS] = "end.used_ms", [KF_END_ALLOWED_MS] = "end.allowed_ms",
	[KF_EV_N] = "ev", [KF_EV1_S] = "ev1.s", [KF_EV1_N] = "ev1.n", [KF_EV2_S] = "ev2.s",
	[KF_EV2_N] = "ev2.n", [KF_EV3_S] = "ev3.s", [KF_EV3_N] = "ev3.n", [KF_EV4_S] = "ev4.s",
	[KF_EV4_N] = "ev4.n", [KF_EV7_S] = "ev7.s", [KF_EV7_N] = "ev7.n",
	[KF_RES] = "res", [KF_RES_E] = "res.e", [KF_RES_RESOLVED] = "res.resolved",
	[KF_RES_DOC] = "res.doc", [KF_RES_DOC_E] = "res.doc.e",
	[KF_HAND] = "hand", [KF_HAND_E] = "hand.e",
	[KF_TK_WAIT] = "tk.wait", [KF_TK_WAIT_MS] = "tk.wait_ms", [KF_TK_DESK] = "tk.desk",
	[KF_TK_DESK_MS] = "tk.desk_ms", [KF_RT] = "rt", [KF_RT_SAT] = "rt.sat",
	[KF_SNAP_OPEN] = "snap.open", [KF_SNAP_OVERDUE] = "snap.overdue",
	[KF_SNAP_WAITING] = "snap.waiting", [KF_SNAP_SAT] = "snap.sat",
	[KF_OPEN] = "open", [KF_OPEN_OK] = "open.ok", [KF_OPEN_SAT] = "open.sat",
	[KF_OPEN_OVERDUE] = "open.overdue", [KF_OPEN_WAITING] = "open.waiting",
};

/* Which facts make each indicator's denominator and numerator (two each at
 * most, summed; -1 none); for 2.2 also the office time allowed. The
 * procedure indicators are not here: the catalogue is read as it is. */
static const struct agg_def {
	const char *key;
	int den[2], num[2], allowed;
} agg_defs[] = {
	{"766.2.1", {KF_END, KF_OPEN}, {KF_END_OK, KF_OPEN_OK}, -1},
	{"plan.on_time", {KF_END, KF_OPEN}, {KF_END_OK, KF_OPEN_OK}, -1},
	{"766.2.2", {KF_END_RESULT, -1}, {KF_END_USED_MS, -1}, KF_END_ALLOWED_MS},
	{"766.5.4", {KF_END, KF_OPEN}, {KF_END_SAT, KF_OPEN_SAT}, -1},
	{"766.3.3", {KF_RCV, -1}, {KF_RCV_ONLINE, -1}, -1},
	{"plan.online_share", {KF_RCV, -1}, {KF_RCV_ONLINE, -1}, -1},
	{"766.3.6", {KF_RCV_FEE, -1}, {KF_RCV_PAID_ONLINE, -1}, -1},
	{"766.4.2", {KF_RCV, -1}, {KF_RCV_DIGITIZED, -1}, -1},
	{"766.4.3", {KF_RCV, -1}, {KF_RCV_REUSED, -1}, -1},
	{"766.4.4", {KF_RCV, -1}, {KF_RCV_LINKED, -1}, -1},
	{"plan.no_resubmission", {KF_RCV, -1}, {KF_RCV_NORESUB, -1}, -1},
	{"plan.electronic_routing", {KF_HAND, -1}, {KF_HAND_E, -1}, -1},
	{"766.4.1", {KF_RES_DOC, -1}, {KF_RES_DOC_E, -1}, -1},
	{"plan.results_digitized", {KF_RES, -1}, {KF_RES_E, -1}, -1},
	{"plan.resolved_digitized", {KF_RES, -1}, {KF_RES_RESOLVED, -1}, -1},
	{"plan.wait_minutes", {KF_TK_WAIT, -1}, {KF_TK_WAIT_MS, -1}, -1},
	{"plan.desk_minutes", {KF_TK_DESK, -1}, {KF_TK_DESK_MS, -1}, -1},
	{"plan.satisfaction", {KF_RT, -1}, {KF_RT_SAT, -1}, -1},
};
/* clang-format on */

int kpi_fact_find(const char *name)
{
	for (int i = 0; i < KF_COUNT; i++)
		if (kpi_fact_names[i] && !strcmp(kpi_fact_names[i], name))
			return i;
	return -1;
}

/* Far beyond any instant a history holds, and safe to add to. */
#define FAR_MS (INT64_MAX / 4)

void kpi_agg_period(const struct kpi_history *h, struct kpi_period *out)
{
	/* Open: the instant after the last the judgement reads (receipt,
	 * pauses, extension), so every pause begun counts and an open one is
	 * cut there; ended: judged at its end, whatever the period. */
	int64_t last = h->received_at;
	for (size_t i = 0; i < h->npauses; i++) {
		last = h->pauses[i].from_at > last ? h->pauses[i].from_at : last;
		last = h->pauses[i].to_at > last ? h->pauses[i].to_at : last;
	}
	last = h->extension_at > last ? h->extension_at : last;
	*out = (struct kpi_period){0, h->ended_at ? FAR_MS : last + 1, 0};
}

struct facts {
	struct kpi_fact_row *f;
	size_t n;
};

static void put(struct facts *fs, int fact, int64_t at, int64_t value)
{
	if (fs->n < KPI_AGG_MAX && value)
		fs->f[fs->n++] = (struct kpi_fact_row){fact, cal_local_day(at), value};
}

/* The channel's report column, as the periodic report counts it. */
static int channel_fact(const char *ch)
{
	return ch && !strcmp(ch, "online") ? KF_RCV_ONLINE
	       : ch && !strcmp(ch, "post") ? KF_RCV_POST
					   : KF_RCV_DIRECT;
}

/* Facts by the day received: kpi_member_dossier()'s received_in() keys. */
static void received(const struct kpi_dossier *d, struct facts *fs)
{
	int64_t at = d->h->received_at;
	bool digitized =
		d->components_electronic && !(d->result_at && d->returns_document && !d->e_result);
	put(fs, KF_RCV, at, 1);
	put(fs, channel_fact(d->h->channel), at, 1);
	put(fs, KF_RCV_DIGITIZED, at, digitized);
	put(fs, KF_RCV_REUSED, at, d->reused);
	put(fs, KF_RCV_LINKED, at, d->linked_store);
	put(fs, KF_RCV_NORESUB, at, !d->resubmitted);
	put(fs, KF_RCV_FEE, at, d->fee_demanded);
	put(fs, KF_RCV_PAID_ONLINE, at, d->fee_demanded && d->paid_online);
}

/* Facts by the day ended: 2.1, 2.2, 5.4, the report's ended columns and
 * the evaluation's per-dossier indices. */
static void ended(const struct kpi_dossier *d, struct facts *fs)
{
	const struct kpi_judgement *j = &d->j;
	int64_t at = d->h->ended_at;
	put(fs, KF_END, at, 1);
	put(fs, KF_END_OK, at, j->on_time);
	put(fs, KF_END_SAT, at, j->on_time && !d->disliked && !d->feedback);
	put(fs,
	    j->outcome == KPI_EARLY	? KF_END_EARLY
	    : j->outcome == KPI_ON_TIME ? KF_END_ONTIME
					: KF_END_LATE,
	    at, 1);
	if (j->end == KPI_END_REFUSED)
		put(fs, KF_END_REFUSED, at, 1);
	else if (j->end == KPI_END_WITHDRAWN)
		put(fs, KF_END_WITHDRAWN, at, 1);
	else if (j->end == KPI_END_STOPPED)
		put(fs, KF_END_STOPPED, at, 1);
	if (j->end == KPI_END_RESULT) {
		put(fs, KF_END_RESULT, at, 1);
		put(fs, KF_END_USED_MS, at, d->used_office_ms);
		put(fs, KF_END_ALLOWED_MS, at, d->allowed_office_ms);
	}
	struct kpi_eval e;
	kpi_eval_dossier(d, &e);
	static const int idx[] = {1, 2, 3, 4, 7};
	static const int fs_s[] = {KF_EV1_S, KF_EV2_S, KF_EV3_S, KF_EV4_S, KF_EV7_S};
	put(fs, KF_EV_N, at, e.score[1] >= 0);
	for (size_t k = 0; k < sizeof idx / sizeof idx[0]; k++)
		if (e.score[idx[k]] >= 0) {
			put(fs, fs_s[k], at, e.score[idx[k]]);
			put(fs, fs_s[k] + 1, at, 1);
		}
}

size_t kpi_agg_dossier(const struct kpi_dossier *d, int64_t live_received_at,
		       struct kpi_fact_row out[KPI_AGG_MAX])
{
	struct facts fs = {out, 0};
	if (live_received_at && d->h->channel && !strcmp(d->h->channel, "online"))
		put(&fs, KF_PROC_ONLINE, live_received_at, 1);
	/* The result and the hand-over count whatever the judgement says
	 * (kpi_member_dossier()'s result_in() and electronic routing). */
	if (d->result_at) {
		bool resolved = d->e_result && d->components_electronic && d->linked_store;
		put(&fs, KF_RES, d->result_at, 1);
		put(&fs, KF_RES_E, d->result_at, d->e_result);
		put(&fs, KF_RES_RESOLVED, d->result_at, resolved);
		put(&fs, KF_RES_DOC, d->result_at, d->returns_document);
		put(&fs, KF_RES_DOC_E, d->result_at, d->returns_document && d->e_result);
	}
	if (d->handed_over_at) {
		put(&fs, KF_HAND, d->handed_over_at, 1);
		put(&fs, KF_HAND_E, d->handed_over_at, d->components_electronic);
	}
	if (d->j.status == KPI_EXCLUDED)
		return fs.n;
	received(d, &fs);
	if (d->j.status == KPI_ENDED)
		ended(d, &fs);
	return fs.n;
}

bool kpi_agg_open(const struct kpi_dossier *d, int64_t *overdue_at, bool *waiting)
{
	const struct kpi_judgement *j = &d->j;
	*overdue_at = -1;
	*waiting = false;
	if (j->status != KPI_OPEN)
		return false;
	*waiting = j->waiting;
	/* Judged at the instant after its history: overdue there stays
	 * overdue (the late rules only grow, a fixed due time only passes);
	 * paused and not overdue, it cannot become overdue before the clock
	 * runs again (the due time moves with the pause); running, it is
	 * overdue from the instant after its due time (cal_is_overdue()). */
	if (j->outcome == KPI_OVERDUE)
		*overdue_at = j->judged_at;
	else if (!j->waiting)
		*overdue_at = j->due_at + 1;
	return true;
}

/* A state at a midnight: open, overdue, waiting, sat. */
struct snap {
	int v[4];
};

/* The local midnight that begins day. */
static int64_t midnight(int64_t day)
{
	int64_t ms = 0;
	if (cal_ms_from_local(cal_civil_from_days(day), 0, 0, &ms) < 0)
		return FAR_MS;
	return ms;
}

/* Judged at the instant t as the walk judges a dossier open at the end of
 * a past period ending at t. */
static struct snap snap_at(const struct kpi_dossier *d, int64_t t)
{
	struct kpi_period p = {0, t, 0};
	struct kpi_judgement j;
	struct snap s = {{0, 0, 0, 0}};
	if (kpi_judge(d->h, &p, &j) < 0 || j.status != KPI_OPEN)
		return s;
	bool overdue = j.outcome == KPI_OVERDUE;
	s = (struct snap){{1, overdue, j.waiting, !overdue && !d->disliked && !d->feedback}};
	return s;
}

/* Appends the changes from was to now, dated day; false when full. */
static bool snap_change(struct kpi_fact_row *out, size_t *n, int64_t day, const struct snap *was,
			const struct snap *now)
{
	for (int k = 0; k < 4; k++)
		if (now->v[k] != was->v[k]) {
			if (*n >= KPI_AGG_MAX)
				return false;
			out[(*n)++] =
				(struct kpi_fact_row){KF_SNAP_OPEN + k, day, now->v[k] - was->v[k]};
		}
	return true;
}

size_t kpi_agg_snapshot(const struct kpi_dossier *d, struct kpi_fact_row out[KPI_AGG_MAX], size_t n)
{
	const struct kpi_history *h = d->h;
	if (d->j.status == KPI_EXCLUDED || !h->received_at)
		return n;
	/* Judged at each midnight in (received_at, last]: up to its end
	 * (ended_at itself: not ended before it), or, open, up to the instant
	 * after its history; past that its state only turns overdue. */
	struct kpi_period per;
	kpi_agg_period(h, &per);
	int64_t last = h->ended_at ? h->ended_at : per.to_ms;
	struct snap was = {{0, 0, 0, 0}};
	int64_t day = cal_local_day(h->received_at) + 1;
	for (int64_t t = midnight(day); t <= last; t = midnight(++day)) {
		struct snap now = snap_at(d, t);
		if (!snap_change(out, &n, day, &was, &now))
			return KPI_AGG_MAX + 1;
		was = now;
	}
	int64_t overdue_at;
	bool waiting;
	struct snap now = {{0, 0, 0, 0}};
	if (h->ended_at || !kpi_agg_open(d, &overdue_at, &waiting))
		return snap_change(out, &n, day, &was, &now) ? n : KPI_AGG_MAX + 1;
	/* Open after its history: waiting as it stands, overdue from the
	 * first midnight at or after overdue_at (-1: never). */
	bool overdue = overdue_at >= 0 && midnight(day) >= overdue_at;
	now = (struct snap){{1, overdue, waiting, !overdue && !d->disliked && !d->feedback}};
	if (!snap_change(out, &n, day, &was, &now))
		return KPI_AGG_MAX + 1;
	if (overdue_at >= 0 && !overdue) {
		int64_t od = cal_local_day(overdue_at);
		od += midnight(od) < overdue_at;
		struct snap later = {{1, 1, waiting, 0}};
		if (!snap_change(out, &n, od, &now, &later))
			return KPI_AGG_MAX + 1;
	}
	return n;
}

size_t kpi_agg_ticket(const struct kpi_ticket *t, struct kpi_fact_row out[KPI_AGG_MAX])
{
	struct facts fs = {out, 0};
	/* kpi_member_ticket(): counted where it ends, if it began. */
	if (t->issued_at && t->called_at && t->called_at >= t->issued_at) {
		put(&fs, KF_TK_WAIT, t->called_at, 1);
		put(&fs, KF_TK_WAIT_MS, t->called_at, t->called_at - t->issued_at);
	}
	if (t->started_at && t->finished_at && t->finished_at >= t->started_at) {
		put(&fs, KF_TK_DESK, t->finished_at, 1);
		put(&fs, KF_TK_DESK_MS, t->finished_at, t->finished_at - t->started_at);
	}
	return fs.n;
}

size_t kpi_agg_rating(const struct kpi_rating *r, bool current,
		      struct kpi_fact_row out[KPI_AGG_MAX])
{
	struct facts fs = {out, 0};
	if (current && r->at) {
		put(&fs, KF_RT, r->at, 1);
		put(&fs, KF_RT_SAT, r->at, r->satisfied);
	}
	return fs.n;
}

int kpi_agg_format(int64_t unit_id, int64_t version_id, const struct kpi_fact_row *f, size_t n,
		   char *out, size_t cap)
{
	size_t len = 0;
	int w = snprintf(out, cap, "%" PRId64 " %" PRId64, unit_id, version_id);
	if (w < 0 || (size_t)w >= cap)
		return -1;
	len = (size_t)w;
	for (size_t i = 0; i < n; i++) {
		w = snprintf(out + len, cap - len, ";%s %" PRId64 " %" PRId64,
			     kpi_fact_names[f[i].fact], f[i].day, f[i].value);
		if (w < 0 || (size_t)w >= cap - len)
			return -1;
		len += (size_t)w;
	}
	return (int)len;
}

int kpi_agg_parse(const char *s, int64_t *unit_id, int64_t *version_id,
		  struct kpi_fact_row out[KPI_AGG_MAX], size_t *n)
{
	*n = 0;
	*unit_id = *version_id = 0;
	if (!s || !*s)
		return 0;
	char *end;
	*unit_id = strtoll(s, &end, 10);
	if (*end != ' ')
		return -1;
	*version_id = strtoll(end + 1, &end, 10);
	while (*end == ';') {
		const char *name = end + 1, *sp = strchr(name, ' ');
		if (!sp || sp - name >= 32)
			return -1;
		char nm[32];
		memcpy(nm, name, (size_t)(sp - name));
		nm[sp - name] = 0;
		int64_t day = strtoll(sp + 1, &end, 10);
		if (*end != ' ')
			return -1;
		int64_t value = strtoll(end + 1, &end, 10);
		int fact = kpi_fact_find(nm);
		if (fact >= 0 && *n < KPI_AGG_MAX)
			out[(*n)++] = (struct kpi_fact_row){fact, day, value};
	}
	return *end ? -1 : 0;
}

static int64_t pick(const int64_t tot[KF_COUNT], const int f[2])
{
	return (f[0] >= 0 ? tot[f[0]] : 0) + (f[1] >= 0 ? tot[f[1]] : 0);
}

void kpi_agg_sums(const int64_t tot[KF_COUNT], struct kpi_sums *inout)
{
	for (size_t i = 0; i < sizeof agg_defs / sizeof agg_defs[0]; i++) {
		const struct kpi_def *def = kpi_def_find(agg_defs[i].key);
		size_t k = (size_t)(def - kpi_defs);
		if (!def || k >= sizeof inout->s / sizeof inout->s[0])
			continue;
		inout->s[k] =
			(struct kpi_sum){pick(tot, agg_defs[i].num), pick(tot, agg_defs[i].den),
					 agg_defs[i].allowed >= 0 ? tot[agg_defs[i].allowed] : 0};
	}
}

void kpi_agg_eval(const int64_t tot[KF_COUNT], int64_t *dossiers, int64_t count[10],
		  double average[10])
{
	static const int idx[] = {1, 2, 3, 4, 7};
	static const int fs_s[] = {KF_EV1_S, KF_EV2_S, KF_EV3_S, KF_EV4_S, KF_EV7_S};
	*dossiers = tot[KF_EV_N];
	for (size_t k = 0; k < sizeof idx / sizeof idx[0]; k++) {
		count[idx[k]] = tot[fs_s[k] + 1];
		average[idx[k]] = count[idx[k]] ? (double)tot[fs_s[k]] / (double)count[idx[k]] : 0;
	}
}
