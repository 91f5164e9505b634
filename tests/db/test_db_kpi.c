/* Monitoring aggregates (issue 12, "Speed") on a real database, one source
 * run against SQLite and PostgreSQL (MOTCUA_TEST_DB): on generated
 * histories (gen dossiers, with visits and ratings), the indicators and the
 * evaluation summed from the aggregates equal the walk over every dossier
 * (the reference) exactly, for the agency, units, a procedure, a field and
 * officers (alone and within a unit or a procedure: their own counters,
 * sql 0032), over periods that reach now, end in the past, cut months or
 * are one day; still after more dossiers are written (counted by the next
 * read), after a rebuild from the history alone, while a dossier passes
 * from one officer to the next; and a counter put wrong is seen. Last,
 * with the clock fixed through one day: periods reaching now, with
 * dossiers received, ended, paused and falling due since the last midnight
 * (the open dossiers from the snapshot and what changed since). */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "cal/cal.h"
#include "db/db.h"
#include "svc/svc.h"
#include "svc/svc_gen.h"
#include "svc/svc_monitor.h"
#include "svc/svc_report.h"
#include "db_fixture.h"

static int setup(void **state)
{
	struct db *db = dbt_open_migrated();
	dbt_load_demo(db);
	char err[256] = "";
	int rc = svc_gen_dossiers(db, 700, NULL, 5, 100, 25, true, NULL, err, sizeof err);
	if (rc != 0)
		fail_msg("gen dossiers: %s", err);
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	return 0;
}

/* "YYYY-MM-DD" of today (local) minus back days. */
static const char *day_back(struct arena *a, int back)
{
	struct cal_local l = cal_local_from_ms(clock_now_ms());
	struct cal_date d = cal_civil_from_days(cal_days_from_civil(l.date) - back);
	return arena_printf(a, "%04d-%02d-%02d", d.year, d.month, d.day);
}

/* "YYYY-MM-DD" of month/day in the local year of today plus dy. */
static const char *day_of_year(struct arena *a, int dy, int month, int day)
{
	struct cal_local l = cal_local_from_ms(clock_now_ms());
	return arena_printf(a, "%04d-%02d-%02d", l.date.year + dy, month, day);
}

static void same_figures(const struct kpi_result *w, const struct kpi_result *g, const char *what)
{
	assert_int_equal(w->nfigures, g->nfigures);
	for (size_t i = 0; i < w->nfigures; i++) {
		const struct kpi_figure *x = &w->figures[i], *y = &g->figures[i];
		if (x->numerator != y->numerator || x->denominator != y->denominator ||
		    x->has_rate != y->has_rate || x->rate != y->rate || x->points != y->points ||
		    x->has_threshold != y->has_threshold || x->threshold != y->threshold ||
		    x->met != y->met)
			fail_msg("%s: %s: walk %g / %lld, aggregates %g / %lld", what, x->def->key,
				 x->numerator, (long long)x->denominator, y->numerator,
				 (long long)y->denominator);
	}
	assert_true(w->points == g->points && w->max_points == g->max_points);
}

/* Every scope and period: the walk's figures and the aggregates' agree.
 * Returns how many figures had data (so a test can see it compared
 * something). */
static int64_t compare_all(struct db *db)
{
	struct arena a;
	arena_init(&a);
	const char *periods[][2] = {
		{day_back(&a, 364), day_back(&a, 0)},	/* the past year, up to today */
		{day_back(&a, 400), day_back(&a, -30)}, /* reaching into the future */
		{day_back(&a, 120), day_back(&a, 60)},	/* ended in the past, cutting months */
		{day_back(&a, 45), day_back(&a, 45)},	/* one day */
		{day_back(&a, 200), day_back(&a, 20)},
		/* this calendar year whole (the year counter alone), reaching now */
		{day_of_year(&a, 0, 1, 1), day_of_year(&a, 0, 12, 31)},
		/* last year whole with cut months and days on both sides */
		{day_of_year(&a, -2, 11, 20), day_of_year(&a, 0, 2, 10)},
	};
	const struct svc_kpi_query scopes[] = {
		{0},
		{.unit = "QLDT"},
		{.unit = "BQL"},
		{.procedure = "DT-01"},
		{.field = "Đầu tư"},
		/* officers: the desk acts in every dossier gen writes, the
		 * others in some */
		{.officer = "tiepnhan"},
		{.officer = "lanhdao"},
		{.unit = "DNLD", .officer = "chuyenvien"},
		{.procedure = "DT-01", .officer = "truongphong"},
		{.field = "Đầu tư", .officer = "chuyenvien"},
	};
	int64_t measured = 0;
	for (size_t p = 0; p < sizeof periods / sizeof periods[0]; p++)
		for (size_t s = 0; s < sizeof scopes / sizeof scopes[0]; s++) {
			struct svc_kpi_query q = scopes[s];
			q.from = periods[p][0];
			q.to = periods[p][1];
			const char *what =
				arena_printf(&a, "%s..%s %s%s%s %s", q.from, q.to,
					     q.unit ? q.unit : "", q.procedure ? q.procedure : "",
					     q.field ? q.field : "", q.officer ? q.officer : "");
			struct svc_kpi_report w, g;
			q.walk = true;
			assert_int_equal(svc_kpi_indicators(db, &a, NULL, &q, &w).code, ERR_NONE);
			q.walk = false;
			assert_int_equal(svc_kpi_indicators(db, &a, NULL, &q, &g).code, ERR_NONE);
			same_figures(&w.result, &g.result, what);
			for (size_t i = 0; i < w.result.nfigures; i++)
				measured += w.result.figures[i].has_rate;
			struct svc_kpi_evaluation ew, eg;
			q.walk = true;
			assert_int_equal(svc_kpi_evaluation(db, &a, NULL, &q, &ew).code, ERR_NONE);
			q.walk = false;
			assert_int_equal(svc_kpi_evaluation(db, &a, NULL, &q, &eg).code, ERR_NONE);
			assert_int_equal(ew.dossiers, eg.dossiers);
			for (int k = 1; k < 10; k++) {
				assert_int_equal(ew.count[k], eg.count[k]);
				assert_true(ew.average[k] == eg.average[k]);
			}
		}
	arena_release(&a);
	return measured;
}

/* The report's columns of one judged dossier, stated again (svc_report.c
 * counts so): one received column, one ended-or-open column. */
static void count_walk(int64_t *n, const char *channel, const struct kpi_judgement *j)
{
	n[j->carried_over	       ? SVC_RC_CARRIED_OVER
	  : !strcmp(channel, "online") ? SVC_RC_NEW_ONLINE
	  : !strcmp(channel, "post")   ? SVC_RC_NEW_POST
				       : SVC_RC_NEW_DIRECT]++;
	if (j->status == KPI_ENDED) {
		n[j->outcome == KPI_EARLY     ? SVC_RC_ENDED_EARLY
		  : j->outcome == KPI_ON_TIME ? SVC_RC_ENDED_ON_TIME
					      : SVC_RC_ENDED_LATE]++;
		if (j->end != KPI_END_RESULT)
			n[j->end == KPI_END_REFUSED	? SVC_RC_REFUSED
			  : j->end == KPI_END_WITHDRAWN ? SVC_RC_WITHDRAWN
							: SVC_RC_STOPPED]++;
		return;
	}
	n[j->outcome == KPI_OVERDUE ? SVC_RC_OPEN_OVERDUE : SVC_RC_OPEN_NOT_DUE]++;
	n[SVC_RC_OPEN_WAITING] += j->waiting;
}

static int walk_cb(void *arg, const struct monitor_dossier *d, const struct kpi_judgement *j)
{
	count_walk(arg, d->channel, j);
	return 0;
}

static int group_cb(void *arg, int64_t unit_id, const struct monitor_version *v, const int64_t *n)
{
	(void)unit_id;
	(void)v;
	int64_t *t = arg;
	for (size_t k = 0; k < SVC_REPORT_NCOLS; k++)
		t[k] += n[k];
	return 0;
}

/* The periodic report's columns: the aggregates' and the walk's. */
static void compare_report(struct db *db, const char *unit, int from_back, int to_back)
{
	struct arena a;
	arena_init(&a);
	struct unit u;
	assert_int_equal(svc_unit_by_code(db, &a, unit, &u).code, ERR_NONE);
	struct cal_date f, t;
	assert_int_equal(svc_calendar_parse_date(day_back(&a, from_back), &f), 0);
	assert_int_equal(svc_calendar_parse_date(day_back(&a, to_back), &t), 0);
	struct kpi_period p;
	assert_int_equal(kpi_period_of(f, t, clock_now_ms(), &p), 0);
	int64_t w[SVC_REPORT_NCOLS] = {0}, g[SVC_REPORT_NCOLS] = {0};
	assert_int_equal(svc_monitor_each(db, &a, u.id, &p, 1000000, walk_cb, w), DB_OK);
	assert_int_equal(svc_monitor_groups(db, &a, u.id, &p, group_cb, g), DB_OK);
	for (size_t k = 0; k < SVC_REPORT_NCOLS; k++)
		if (w[k] != g[k])
			fail_msg("report %s %d..%d: %s: walk %lld, aggregates %lld", unit,
				 from_back, to_back, svc_report_keys[k], (long long)w[k],
				 (long long)g[k]);
	assert_true(w[SVC_RC_CARRIED_OVER] + w[SVC_RC_NEW_DIRECT] > 0);
	arena_release(&a);
}

static void test_report(void **state)
{
	struct db *db = *state;
	compare_report(db, "BQL", 364, 0);
	compare_report(db, "BQL", 120, 60);
	compare_report(db, "QLDT", 200, -10);
	compare_report(db, "QLDT", 50, 50);
}

/* The dossiers open at the end of a past period come from the daily
 * snapshot: equal to the walk at many ends (each a midnight judged), and
 * a snapshot counter put wrong is seen there. */
static void test_snapshot(void **state)
{
	struct db *db = *state;
	static const int ends[] = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233};
	for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
		compare_report(db, i % 2 ? "BQL" : "QLDT", ends[i] + 30, ends[i]);
	int64_t n = 0;
	bool found;
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM kpi_agg WHERE fact = 'snap.open'",
				      DB_NOARGS, &n, &found),
			 DB_OK);
	assert_true(n > 0);
	assert_int_equal(db_exec(db,
				 "UPDATE kpi_agg SET value = value + 1 WHERE fact = 'snap.open'",
				 DB_NOARGS, NULL),
			 DB_OK);
	struct arena a;
	arena_init(&a);
	struct unit u;
	assert_int_equal(svc_unit_by_code(db, &a, "BQL", &u).code, ERR_NONE);
	struct cal_date f, t;
	assert_int_equal(svc_calendar_parse_date(day_back(&a, 60), &f), 0);
	assert_int_equal(svc_calendar_parse_date(day_back(&a, 30), &t), 0);
	struct kpi_period p;
	assert_int_equal(kpi_period_of(f, t, clock_now_ms(), &p), 0);
	int64_t w[SVC_REPORT_NCOLS] = {0}, g[SVC_REPORT_NCOLS] = {0};
	assert_int_equal(svc_monitor_each(db, &a, u.id, &p, 1000000, walk_cb, w), DB_OK);
	assert_int_equal(svc_monitor_groups(db, &a, u.id, &p, group_cb, g), DB_OK);
	assert_true(g[SVC_RC_OPEN_NOT_DUE] > w[SVC_RC_OPEN_NOT_DUE]);
	assert_int_equal(svc_kpi_rebuild(db, &n).code, ERR_NONE);
	compare_report(db, "BQL", 60, 30);
	arena_release(&a);
}

/* Every counter's days, months and years add up to the same total. */
static void grains_agree(struct db *db)
{
	int64_t wrong = -1, years = 0;
	bool found;
	assert_int_equal(
		db_query_int(db,
			     "SELECT COUNT(*) FROM (SELECT unit_id, version_id, fact, "
			     "SUM(CASE WHEN grain = 0 THEN value ELSE 0 END) AS d, "
			     "SUM(CASE WHEN grain = 1 THEN value ELSE 0 END) AS m, "
			     "SUM(CASE WHEN grain = 2 THEN value ELSE 0 END) AS y FROM kpi_agg "
			     "GROUP BY unit_id, version_id, fact) t WHERE d <> m OR m <> y",
			     DB_NOARGS, &wrong, &found),
		DB_OK);
	assert_int_equal(wrong, 0);
	assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM kpi_agg WHERE grain = 2", DB_NOARGS,
				      &years, &found),
			 DB_OK);
	assert_true(years > 0);
}

/* Counted by the reads themselves (the triggers marked what gen wrote). */
static void test_counted_as_written(void **state)
{
	struct db *db = *state;
	assert_true(compare_all(db) > 100);
	grains_agree(db);
	int64_t dirty = -1;
	bool found;
	assert_int_equal(
		db_query_int(db, "SELECT COUNT(*) FROM kpi_dirty", DB_NOARGS, &dirty, &found),
		DB_OK);
	assert_int_equal(dirty, 0);
}

/* More history: new dossiers, visits and ratings, counted by the next
 * read; then everything counted again from the history alone. */
static void test_more_history_and_rebuild(void **state)
{
	struct db *db = *state;
	char err[256] = "";
	assert_int_equal(svc_gen_dossiers(db, 300, NULL, 6, 50, 40, true, NULL, err, sizeof err),
			 0);
	int64_t dirty = 0;
	bool found;
	assert_int_equal(
		db_query_int(db, "SELECT COUNT(*) FROM kpi_dirty", DB_NOARGS, &dirty, &found),
		DB_OK);
	assert_true(dirty >= 300);
	compare_all(db);
	int64_t n = 0;
	assert_int_equal(svc_kpi_rebuild(db, &n).code, ERR_NONE);
	assert_true(n >= 1000);
	compare_all(db);
	grains_agree(db);
}

/* A weekday about back days ago (for a day off). */
static struct cal_date weekday_back(int back)
{
	struct cal_local l = cal_local_from_ms(clock_now_ms());
	int64_t d = cal_days_from_civil(l.date) - back;
	while ((d + 4) % 7 == 0 || (d + 4) % 7 == 6) /* 1970-01-01 was a Thursday */
		d--;
	return cal_civil_from_days(d);
}

/* A day off added to a unit's calendar and to the agency's moves due times
 * and office time: the dossiers it touches are counted again. */
static void test_calendar_edit(void **state)
{
	struct db *db = *state;
	struct arena a;
	arena_init(&a);
	struct svc_actor admin;
	dbt_load_actor(db, &a, "admin", &admin);
	const int backs[] = {20, 90};
	for (size_t i = 0; i < 2; i++) {
		struct cal_date d = weekday_back(backs[i]);
		struct svc_cal_edit e = {
			.unit_code = i == 0 ? "QLDT" : NULL,
			.year = d.year,
			.date = arena_printf(&a, "%04d-%02d-%02d", d.year, d.month, d.day),
			.kind = "holiday",
			.name = "Nghỉ thử",
			.enabled = -1,
		};
		struct cal_entry_row row;
		int64_t version;
		struct svc_result r = svc_calendar_add(db, &a, &e, admin.id, &row, &version);
		if (r.code != ERR_NONE)
			fail_msg("calendar add %s: %s", e.date, r.detail ? r.detail : "");
	}
	int64_t dirty = 0;
	bool found;
	assert_int_equal(
		db_query_int(db, "SELECT COUNT(*) FROM kpi_dirty", DB_NOARGS, &dirty, &found),
		DB_OK);
	assert_true(dirty > 0);
	compare_all(db);
	compare_report(db, "BQL", 364, 0);
	compare_report(db, "QLDT", 120, 10);
	arena_release(&a);
}

/* A counter put wrong is seen by the comparison (the test can fail), and
 * the rebuild puts it right. */
static void test_wrong_counter_seen(void **state)
{
	struct db *db = *state;
	assert_int_equal(db_exec(db, "UPDATE kpi_agg SET value = value + 1 WHERE fact = 'end.ok'",
				 DB_NOARGS, NULL),
			 DB_OK);
	struct arena a;
	arena_init(&a);
	struct svc_kpi_query q = {.from = day_back(&a, 364), .to = day_back(&a, 0), .walk = true};
	struct svc_kpi_report w, g;
	assert_int_equal(svc_kpi_indicators(db, &a, NULL, &q, &w).code, ERR_NONE);
	q.walk = false;
	assert_int_equal(svc_kpi_indicators(db, &a, NULL, &q, &g).code, ERR_NONE);
	const struct kpi_figure *fw = &w.result.figures[4], *fg = &g.result.figures[4];
	assert_string_equal(fw->def->key, "766.2.1");
	assert_true(fg->numerator > fw->numerator);
	int64_t n = 0;
	assert_int_equal(svc_kpi_rebuild(db, &n).code, ERR_NONE);
	assert_int_equal(svc_kpi_indicators(db, &a, NULL, &q, &g).code, ERR_NONE);
	same_figures(&w.result, &g.result, "after the rebuild");
	arena_release(&a);
}

/* ---------------------------------------------------------------- reaching now */

/* The local instant hh:mm of local day `day`. */
static int64_t local_at(int64_t day, int hh, int mm)
{
	int64_t ms;
	assert_int_equal(cal_ms_from_local(cal_civil_from_days(day), hh, mm, &ms), 0);
	return ms;
}

/* LD-02 with every component on paper except the conditional ones. */
static const struct svc_component_in ld02[] = {
	{NULL, "paper"}, {NULL, "paper"},    {NULL, "paper"},
	{NULL, "paper"}, {NULL, "paper"},    {NULL, "not_applicable"},
	{NULL, "paper"}, {NULL, "uploaded"}, {NULL, "not_applicable"},
};

/* A dossier of LD-02 received at the desk at the clock's instant: its
 * code (from the arena) and its due time. */
static const char *receive_ld02(struct db *db, struct arena *a, const struct svc_actor *who,
				int64_t *due)
{
	struct svc_receipt in = {0};
	in.procedure_code = "LD-02";
	in.submitter = (struct dossier_party){
		"organisation",		  "Công ty TNHH Sao Mai", NULL, "0101234565",
		"KCN Đồng Văn I, Hà Nam", "0226 3850 123",	  NULL};
	in.components = ld02;
	in.ncomponents = sizeof ld02 / sizeof ld02[0];
	struct svc_dossier s;
	struct svc_result r = svc_dossier_create(db, a, who, &in, &s);
	if (r.code != ERR_NONE)
		fail_msg("receive: %s %s", err_lookup(r.code)->name, r.detail ? r.detail : "");
	*due = s.d.due_at;
	return arena_printf(a, "%s", s.d.code);
}

static void act_at(struct db *db, struct arena *a, const struct svc_actor *who, int64_t at,
		   const char *code, const char *action)
{
	clock_set_fixed(at);
	struct svc_action x = {.action = action, .note = "Thử"};
	struct svc_dossier s;
	struct svc_result r = svc_dossier_act(db, a, who, code, &x, &s);
	if (r.code != ERR_NONE)
		fail_msg("%s %s: %s", action, code, err_lookup(r.code)->name);
}

/* At the instant at: the periods that reach it (the past year up to
 * today, the calendar year, the report's past year and month) summed
 * from the aggregates equal the walk, whose open dossiers are judged at
 * it one by one. */
static void compare_at(struct db *db, int64_t at)
{
	clock_set_fixed(at);
	struct arena a;
	arena_init(&a);
	const char *periods[][2] = {
		{day_back(&a, 364), day_back(&a, 0)},
		{day_of_year(&a, 0, 1, 1), day_of_year(&a, 0, 12, 31)},
	};
	const struct svc_kpi_query scopes[] = {{0},
					       {.unit = "DNLD"},
					       {.procedure = "LD-02"},
					       {.officer = "tiepnhan"},
					       {.unit = "DNLD", .officer = "tiepnhan"}};
	for (size_t p = 0; p < 2; p++)
		for (size_t k = 0; k < sizeof scopes / sizeof scopes[0]; k++) {
			struct svc_kpi_query q = scopes[k];
			q.from = periods[p][0];
			q.to = periods[p][1];
			char when[CLOCK_LOCAL_LEN + 1];
			clock_format_local(at, when, sizeof when);
			const char *what =
				arena_printf(&a, "at %s, %s..%s %s%s %s", when, q.from, q.to,
					     q.unit ? q.unit : "", q.procedure ? q.procedure : "",
					     q.officer ? q.officer : "");
			struct svc_kpi_report w, g;
			q.walk = true;
			assert_int_equal(svc_kpi_indicators(db, &a, NULL, &q, &w).code, ERR_NONE);
			q.walk = false;
			assert_int_equal(svc_kpi_indicators(db, &a, NULL, &q, &g).code, ERR_NONE);
			same_figures(&w.result, &g.result, what);
		}
	compare_report(db, "BQL", 364, 0);
	compare_report(db, "DNLD", 30, -3);
	arena_release(&a);
}

static int64_t count_of(struct db *db, const char *sql, int64_t x, int64_t y)
{
	int64_t n = -1;
	bool found;
	assert_int_equal(db_query_int(db, sql, DB_ARGS(DB_I(x), DB_I(y)), &n, &found), DB_OK);
	return n;
}

/* A period reaching now, with dossiers received, ended, paused and
 * falling due since the last midnight and others falling due before the
 * next: the open dossiers from the snapshot and what changed since equal
 * the walk at every instant of the day. Last: it leaves the clock's
 * future in the history. */
static void test_reaching_now(void **state)
{
	struct db *db = *state;
	struct arena a;
	arena_init(&a);
	struct svc_actor rcv;
	dbt_load_actor(db, &a, "tiepnhan", &rcv);
	/* Received on a weekday after every generated history, due five
	 * working days later at the same hours (at least the first four). */
	int64_t r0 = cal_local_day(clock_now_ms()) + 3;
	while ((r0 + 4) % 7 == 0 || (r0 + 4) % 7 == 6) /* 1970-01-01 was a Thursday */
		r0++;
	static const int hm[][2] = {{8, 0}, {9, 30}, {10, 30}, {14, 0}, {15, 0}, {15, 30}};
	const char *code[6];
	int64_t due[6];
	for (size_t i = 0; i < 6; i++) {
		clock_set_fixed(local_at(r0, hm[i][0], hm[i][1]));
		code[i] = receive_ld02(db, &a, &rcv, &due[i]);
	}
	int64_t d = cal_local_day(due[0]), m = local_at(d, 0, 0), next = local_at(d + 1, 0, 0);
	compare_at(db, m);
	compare_at(db, local_at(d, 7, 0));
	int64_t late;
	clock_set_fixed(local_at(d, 7, 45));
	(void)receive_ld02(db, &a, &rcv, &late);
	compare_at(db, due[0]);	    /* due: not overdue yet */
	compare_at(db, due[0] + 1); /* overdue */
	act_at(db, &a, &rcv, local_at(d, 8, 30), code[4], "withdraw");
	act_at(db, &a, &rcv, local_at(d, 9, 0), code[5], "request_supplement");
	compare_at(db, local_at(d, 9, 15));
	compare_at(db, local_at(d, 10, 0));
	int64_t noon = local_at(d, 12, 0);
	compare_at(db, noon);
	/* What the comparison at noon covered: dossiers overdue since the
	 * midnight and others due before the next, received and ended since,
	 * paused since. */
	assert_true(
		count_of(db,
			 "SELECT COUNT(*) FROM kpi_open WHERE overdue_at > ? AND overdue_at <= ?",
			 m, noon) >= 3);
	assert_true(
		count_of(db,
			 "SELECT COUNT(*) FROM kpi_open WHERE overdue_at > ? AND overdue_at <= ?",
			 noon, next) >= 1);
	assert_true(
		count_of(db,
			 "SELECT COUNT(*) FROM dossiers WHERE received_at > ? AND received_at <= ?",
			 m, noon) == 1);
	assert_true(count_of(db,
			     "SELECT COUNT(*) FROM dossiers WHERE ended_at > ? AND ended_at <= ?",
			     m, noon) == 1);
	assert_true(count_of(db,
			     "SELECT COUNT(*) FROM kpi_open WHERE waiting = 1 AND dossier_id IN "
			     "(SELECT id FROM dossiers WHERE updated_at > ? AND updated_at <= ?)",
			     m, noon) == 1);
	compare_at(db, local_at(d, 15, 0));
	compare_at(db, next - 1);
	clock_set_fixed(0);
	arena_release(&a);
}

/* ---------------------------------------------------------------- officers */

/* The figure key of q from the walk or the aggregates. */
static struct kpi_figure figure(struct db *db, struct arena *a, struct svc_kpi_query q,
				const char *key, bool walk)
{
	struct svc_kpi_report r;
	q.walk = walk;
	assert_int_equal(svc_kpi_indicators(db, a, NULL, &q, &r).code, ERR_NONE);
	for (size_t i = 0; i < r.result.nfigures; i++)
		if (!strcmp(r.result.figures[i].def->key, key))
			return r.result.figures[i];
	fail_msg("no figure %s", key);
	return r.result.figures[0];
}

static const char *const officers[] = {"tiepnhan", "chuyenvien", "truongphong", "lanhdao"};
#define NOFFICERS (sizeof officers / sizeof officers[0])

/* The officers' figures of today and of the past year: the walk's and the
 * aggregates' agree; rcv[k] = officer k's dossiers received today
 * (766.3.3's denominator), ended[k] = those ended today with a result
 * (766.2.2's). */
static void officers_agree(struct db *db, int64_t rcv[NOFFICERS], int64_t ended[NOFFICERS])
{
	struct arena a;
	arena_init(&a);
	for (size_t k = 0; k < NOFFICERS; k++) {
		struct svc_kpi_query q = {
			.officer = officers[k], .from = day_back(&a, 0), .to = day_back(&a, 0)};
		for (int p = 0; p < 2; p++) {
			struct svc_kpi_report w, g;
			q.walk = true;
			assert_int_equal(svc_kpi_indicators(db, &a, NULL, &q, &w).code, ERR_NONE);
			q.walk = false;
			assert_int_equal(svc_kpi_indicators(db, &a, NULL, &q, &g).code, ERR_NONE);
			same_figures(&w.result, &g.result,
				     arena_printf(&a, "%s %s", officers[k], q.from));
			q.from = day_back(&a, 364);
		}
		q.from = q.to;
		rcv[k] = figure(db, &a, q, "766.3.3", false).denominator;
		ended[k] = figure(db, &a, q, "766.2.2", false).denominator;
	}
	arena_release(&a);
}

/* A dossier handed from one officer to the next: at each step the walk and
 * the officers' counters agree, and it is counted for each officer from
 * their first act on (and still for those before them: they acted in its
 * history), never for one who has not acted yet. */
static void test_handed_over(void **state)
{
	struct db *db = *state;
	struct arena a;
	arena_init(&a);
	struct svc_actor who[NOFFICERS];
	for (size_t k = 0; k < NOFFICERS; k++)
		dbt_load_actor(db, &a, officers[k], &who[k]);
	int64_t rcv0[NOFFICERS], end0[NOFFICERS], rcv[NOFFICERS], end[NOFFICERS];
	officers_agree(db, rcv0, end0);
	int64_t due;
	const char *code = receive_ld02(db, &a, &who[0], &due);
	struct svc_dossier s;
	struct svc_result r;
	/* Received by the desk, handed to the specialist, who hands it to
	 * the head, who hands it to the leader, who approves and issues. */
	const struct {
		size_t by;
		struct svc_action x;
	} steps[] = {
		{0, {.action = "transfer", .to_user = "chuyenvien"}},
		{1, {.action = "transfer"}},
		{2, {.action = "transfer"}},
		{3, {.action = "approve"}},
		{3, {.action = "issue_result"}},
	};
	for (size_t i = 0; i <= sizeof steps / sizeof steps[0]; i++) {
		officers_agree(db, rcv, end);
		/* Officer k has acted once step i's actor is past k. */
		size_t acted = i == 0 ? 1 : steps[i - 1].by + 1;
		bool done = i == sizeof steps / sizeof steps[0];
		for (size_t k = 0; k < NOFFICERS; k++) {
			if (rcv[k] != rcv0[k] + (k < acted) ||
			    end[k] != end0[k] + (k < acted && done))
				fail_msg("step %zu: %s counts %lld received, %lld ended today, "
					 "not %lld, %lld",
					 i, officers[k], (long long)rcv[k], (long long)end[k],
					 (long long)(rcv0[k] + (k < acted)),
					 (long long)(end0[k] + (k < acted && done)));
		}
		if (done)
			break;
		/* The specialist's draft, before the leader approves: no count
		 * changes, the specialist has acted already. */
		if (!strcmp(steps[i].x.action, "approve"))
			dbt_result_drafted(db, &a, code, &who[1]);
		r = svc_dossier_act(db, &a, &who[steps[i].by], code, &steps[i].x, &s);
		if (r.code != ERR_NONE)
			fail_msg("%s by %s: %s %s", steps[i].x.action, officers[steps[i].by],
				 err_lookup(r.code)->name, r.detail ? r.detail : "");
	}
	arena_release(&a);
}

/* The officers' counters are their own: an officer's figures are not the
 * agency's, a counter of one officer put wrong is seen in that officer's
 * figures alone, and the rebuild puts it right. */
static void test_officer_key(void **state)
{
	struct db *db = *state;
	struct arena a;
	arena_init(&a);
	struct svc_kpi_query all = {.from = day_back(&a, 364), .to = day_back(&a, 0)};
	struct svc_kpi_query lead = all, desk = all;
	lead.officer = "lanhdao";
	desk.officer = "tiepnhan";
	struct kpi_figure fa = figure(db, &a, all, "766.2.1", false);
	struct kpi_figure fl = figure(db, &a, lead, "766.2.1", false);
	assert_true(fl.denominator > 0 && fl.denominator < fa.denominator);
	assert_true(fl.denominator == figure(db, &a, lead, "766.2.1", true).denominator);
	struct svc_actor leader;
	dbt_load_actor(db, &a, "lanhdao", &leader);
	assert_int_equal(db_exec(db,
				 "UPDATE kpi_agg_officer SET value = value + 1 WHERE fact = "
				 "'end.ok' AND user_id = ?",
				 DB_ARGS(DB_I(leader.id)), NULL),
			 DB_OK);
	struct kpi_figure wl = figure(db, &a, lead, "766.2.1", true);
	assert_true(figure(db, &a, lead, "766.2.1", false).numerator > wl.numerator);
	struct kpi_figure wd = figure(db, &a, desk, "766.2.1", true);
	assert_true(figure(db, &a, desk, "766.2.1", false).numerator == wd.numerator);
	assert_true(figure(db, &a, all, "766.2.1", false).numerator == fa.numerator);
	int64_t n = 0;
	assert_int_equal(svc_kpi_rebuild(db, &n).code, ERR_NONE);
	assert_true(figure(db, &a, lead, "766.2.1", false).numerator == wl.numerator);
	compare_all(db);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counted_as_written),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_snapshot),
		cmocka_unit_test(test_more_history_and_rebuild),
		cmocka_unit_test(test_calendar_edit),
		cmocka_unit_test(test_handed_over),
		cmocka_unit_test(test_officer_key),
		cmocka_unit_test(test_wrong_counter_seen),
		cmocka_unit_test(test_reaching_now),
	};
	return DBT_RUN(tests, setup, teardown);
}
