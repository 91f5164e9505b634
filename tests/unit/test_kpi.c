/* The per-dossier judgement of the monitoring indicators (core/kpi.c,
 * DOMAIN.md 5, 6 and 8) on hand-built histories, one test per rule. The
 * calendar is the computed default; office hours 07:30–11:30, 13:00–17:00.
 * March 2026: Monday 9, Tuesday 10, ... (no holiday). */
#include <math.h>
#include <string.h>

#include "core/kpi.h"
#include "core/kpi_index.h"
#include "test_helpers.h"

static struct cal_calendar *cal;

static int setup(void **state)
{
	(void)state;
	return cal_calendar_new(NULL, 0, 0, &cal);
}

static int teardown(void **state)
{
	(void)state;
	cal_calendar_free(cal);
	return 0;
}

/* Local instant of 2026-03-dd hh:mm. */
static int64_t at(int day, int hour, int minute)
{
	int64_t ms = 0;
	assert_int_equal(cal_ms_from_local((struct cal_date){2026, 3, day}, hour, minute, &ms), 0);
	return ms;
}

static struct kpi_period period(int from_day, int to_day)
{
	struct kpi_period p;
	assert_int_equal(kpi_period_of((struct cal_date){2026, 3, from_day},
				       (struct cal_date){2026, 3, to_day}, 0, &p),
			 0);
	return p;
}

/* Received Monday 09/03/2026 08:00, one working day: due Tuesday 10/03/2026 08:00. */
static struct kpi_history dossier(void)
{
	return (struct kpi_history){
		.ref = "H56-260309-0001",
		.channel = "online",
		.received_at = at(9, 8, 0),
		.cal = cal,
		.hours = cal_hours_default(),
		.limit = {CAL_WORKING_DAYS, 1},
	};
}

static struct kpi_judgement judge(const struct kpi_history *h, struct kpi_period p)
{
	struct kpi_judgement j;
	assert_int_equal(kpi_judge(h, &p, &j), 0);
	return j;
}

static void period_bounds(void **state)
{
	(void)state;
	struct kpi_period p = period(1, 31);
	assert_int_equal(p.from_ms, at(1, 0, 0));
	assert_int_equal(p.to_ms, at(31, 0, 0) + CAL_MS_PER_DAY);
	assert_int_equal(p.from_ms % CAL_MS_PER_DAY, CAL_MS_PER_DAY - CAL_UTC_OFFSET_MS);
	struct kpi_period q;
	assert_int_equal(
		kpi_period_of((struct cal_date){2026, 3, 2}, (struct cal_date){2026, 3, 1}, 0, &q),
		CAL_EINVAL);
	assert_int_equal(
		kpi_period_of((struct cal_date){2026, 2, 30}, (struct cal_date){2026, 3, 1}, 0, &q),
		CAL_EINVAL);
}

static void excluded(void **state)
{
	(void)state;
	struct kpi_history h = dossier();
	struct kpi_judgement j = judge(&h, period(1, 8));
	assert_int_equal(j.status, KPI_EXCLUDED);
	assert_string_equal(j.reason_en, "excluded: received after the period (09/03/2026 08:00)");
	assert_string_equal(j.reason_vi, "loại trừ: tiếp nhận 09/03/2026 08:00, sau kỳ");

	h.ended_at = at(10, 9, 0);
	h.end = KPI_END_RESULT;
	j = judge(&h, period(11, 31));
	assert_int_equal(j.status, KPI_EXCLUDED);
	assert_string_equal(j.reason_en, "excluded: ended before the period (10/03/2026 09:00)");

	h = dossier();
	h.received_at = 0;
	h.end = KPI_END_REFUSED;
	h.ended_at = at(9, 8, 0);
	j = judge(&h, period(1, 31));
	assert_int_equal(j.status, KPI_EXCLUDED);
	assert_string_equal(j.reason_en, "excluded: refused at receipt, never received");
	h.end = KPI_END_NONE;
	h.ended_at = 0;
	j = judge(&h, period(1, 31));
	assert_string_equal(j.reason_en, "excluded: not received");
}

static void new_and_carried_over(void **state)
{
	(void)state;
	struct kpi_history h = dossier();
	struct kpi_judgement j = judge(&h, period(9, 9));
	assert_int_equal(j.status, KPI_OPEN);
	assert_true(j.received_in_period);
	assert_false(j.carried_over);
	j = judge(&h, period(10, 10));
	assert_false(j.received_in_period);
	assert_true(j.carried_over);
}

static void ended_by_date(void **state)
{
	(void)state;
	struct kpi_history h = dossier();
	h.end = KPI_END_RESULT;
	h.ended_at = at(9, 16, 0);
	struct kpi_judgement j = judge(&h, period(1, 31));
	assert_int_equal(j.status, KPI_ENDED);
	assert_int_equal(j.due_at, at(10, 8, 0));
	assert_int_equal(j.outcome, KPI_EARLY);
	assert_true(j.on_time);
	assert_string_equal(j.reason_en,
			    "early: ended 09/03/2026 16:00 before due 10/03/2026 08:00");

	h.ended_at = at(10, 16, 10); /* on the due date, after the due hour */
	j = judge(&h, period(1, 31));
	assert_int_equal(j.outcome, KPI_ON_TIME);
	assert_true(j.on_time);
	assert_string_equal(
		j.reason_en,
		"on time: ended 10/03/2026 16:10 on the due date, due 10/03/2026 08:00");
	assert_string_equal(
		j.reason_vi,
		"đúng hạn: kết thúc 10/03/2026 16:10 trong ngày hẹn, hạn 10/03/2026 08:00");

	h.ended_at = at(11, 16, 10);
	j = judge(&h, period(1, 31));
	assert_int_equal(j.outcome, KPI_LATE);
	assert_false(j.on_time);
	assert_string_equal(j.reason_en, "late: ended 11/03/2026 16:10 after due 10/03/2026 08:00");
	assert_string_equal(j.reason_vi,
			    "quá hạn: kết thúc 11/03/2026 16:10 sau hạn 10/03/2026 08:00");
}

/* The supplement's pause is subtracted: 2 h used on Monday, 6 h left from
 * Wednesday 10:00 = Thursday 08:00. */
static void supplement_pause(void **state)
{
	(void)state;
	struct kpi_pause pauses[] = {{at(9, 10, 0), at(11, 10, 0), true}};
	struct kpi_history h = dossier();
	h.pauses = pauses;
	h.npauses = 1;
	h.end = KPI_END_RESULT;
	h.ended_at = at(12, 7, 50);
	struct kpi_judgement j = judge(&h, period(1, 31));
	assert_int_equal(j.due_at, at(12, 8, 0));
	assert_int_equal(j.supplements, 1);
	assert_int_equal(j.outcome, KPI_ON_TIME);
	assert_true(j.on_time);

	/* A payment pause stops the clock too, and is not a supplement. */
	pauses[0].supplement = false;
	j = judge(&h, period(1, 31));
	assert_int_equal(j.due_at, at(12, 8, 0));
	assert_int_equal(j.supplements, 0);
}

static void second_supplement(void **state)
{
	(void)state;
	struct kpi_pause pauses[] = {{at(9, 9, 0), at(9, 10, 0), true},
				     {at(9, 13, 0), at(9, 14, 0), true}};
	struct kpi_history h = dossier();
	h.pauses = pauses;
	h.npauses = 2;
	h.end = KPI_END_RESULT;
	h.ended_at = at(9, 15, 0); /* before the due date, yet late */
	struct kpi_judgement j = judge(&h, period(1, 31));
	assert_int_equal(j.supplements, 2);
	assert_int_equal(j.outcome, KPI_LATE);
	assert_false(j.on_time);
	assert_string_equal(j.reason_en,
			    "late: 2 supplement requests (at most one), due 10/03/2026 10:00");
	/* Judged before the second request: one supplement, not late. */
	h.ended_at = 0;
	h.end = KPI_END_NONE;
	pauses[1].to_at = 0;
	struct kpi_period p = {at(1, 0, 0), at(9, 12, 0)};
	j = judge(&h, p);
	assert_int_equal(j.supplements, 1);
	assert_int_equal(j.outcome, KPI_NOT_DUE);
}

/* Form 04: the original due time stays, and the dossier counts as late
 * even when it ends before the extended due time. */
static void extension_keeps_original_due(void **state)
{
	(void)state;
	struct kpi_history h = dossier();
	h.extension_at = at(9, 15, 0);
	h.end = KPI_END_RESULT;
	h.ended_at = at(12, 9, 0);
	struct kpi_judgement j = judge(&h, period(1, 31));
	assert_int_equal(j.due_at, at(10, 8, 0));
	assert_int_equal(j.outcome, KPI_LATE);
	assert_string_equal(j.reason_en, "late: extension requested 09/03/2026 15:00 (Form 04), "
					 "original due 10/03/2026 08:00");
	assert_string_equal(
		j.reason_vi,
		"quá hạn: xin gia hạn 09/03/2026 15:00 (Mẫu 04), hạn ban đầu 10/03/2026 08:00");
	/* Open with an extension requested: late (overdue) at the period's end. */
	h.ended_at = 0;
	h.end = KPI_END_NONE;
	j = judge(&h, period(9, 9));
	assert_int_equal(j.status, KPI_OPEN);
	assert_int_equal(j.outcome, KPI_OVERDUE);
	assert_false(j.on_time);
	/* The drill-down's reason says it is open, as the report counts it. */
	assert_string_equal(j.reason_en,
			    "overdue: open at the period's end, extension requested "
			    "09/03/2026 15:00 (Form 04), original due 10/03/2026 08:00");
	assert_string_equal(j.reason_vi,
			    "quá hạn: đang giải quyết cuối kỳ, xin gia hạn 09/03/2026 15:00 "
			    "(Mẫu 04), hạn ban đầu 10/03/2026 08:00");
	/* Judged before the request: not yet. */
	struct kpi_period p = {at(1, 0, 0), at(9, 12, 0)};
	j = judge(&h, p);
	assert_int_equal(j.outcome, KPI_NOT_DUE);
}

/* Unfinished dossiers are judged at the period's end, with the pauses cut
 * there; one ended after the period is open in it. */
static void open_at_period_end(void **state)
{
	(void)state;
	struct kpi_history h = dossier();
	h.end = KPI_END_RESULT;
	h.ended_at = at(20, 9, 0);
	struct kpi_judgement j = judge(&h, period(1, 9));
	assert_int_equal(j.status, KPI_OPEN);
	assert_int_equal(j.outcome, KPI_NOT_DUE);
	assert_int_equal(j.end, KPI_END_NONE);
	assert_true(j.on_time);
	assert_int_equal(j.judged_at, at(10, 0, 0));
	assert_string_equal(j.reason_en,
			    "not yet due: open at the period's end, due 10/03/2026 08:00");
	j = judge(&h, period(1, 10));
	assert_int_equal(j.outcome, KPI_OVERDUE);
	assert_false(j.on_time);
	assert_string_equal(j.reason_en, "overdue: open at the period's end, due 10/03/2026 08:00");
	assert_string_equal(j.reason_vi, "quá hạn: đang giải quyết cuối kỳ, hạn 10/03/2026 08:00");

	/* Paused since Monday 10:00 and still paused at the end of 10/03: the
	 * pause is cut at the period's end, 6 h are left after it: 07:30–11:30, 13:00–15:00. */
	struct kpi_pause pauses[] = {{at(9, 10, 0), 0, true}};
	h.pauses = pauses;
	h.npauses = 1;
	j = judge(&h, period(1, 10));
	assert_int_equal(j.outcome, KPI_NOT_DUE);
	assert_true(j.waiting);
	assert_int_equal(j.due_at, at(11, 15, 0));
	assert_string_equal(
		j.reason_en,
		"not yet due: open at the period's end, due 11/03/2026 15:00; clock paused");
}

/* A period reaching into the future: an open dossier is judged at the
 * earlier of now (the injected clock) and the period's end, never at a
 * moment still to come; a due time later today is not yet overdue. */
static void open_judged_now(void **state)
{
	(void)state;
	struct kpi_history h = dossier(); /* due 10/03/2026 08:00 */
	struct kpi_period p;
	assert_int_equal(kpi_period_of((struct cal_date){2026, 3, 1},
				       (struct cal_date){2026, 3, 31}, at(9, 10, 0), &p),
			 0);
	assert_int_equal(p.now_ms, at(9, 10, 0));
	struct kpi_judgement j = judge(&h, p);
	assert_int_equal(j.status, KPI_OPEN);
	assert_int_equal(j.outcome, KPI_NOT_DUE);
	assert_true(j.on_time);
	assert_true(j.judged_now);
	assert_int_equal(j.judged_at, at(9, 10, 0));
	assert_string_equal(j.reason_en,
			    "not yet due: open, not yet due (judged now 09/03/2026 10:00), "
			    "due 10/03/2026 08:00");
	assert_string_equal(j.reason_vi, "trong hạn: đang giải quyết, chưa đến hạn (xét tại thời "
					 "điểm hiện tại 09/03/2026 10:00), hạn 10/03/2026 08:00");
	/* to = today, due later today: not overdue before the due time... */
	assert_int_equal(kpi_period_of((struct cal_date){2026, 3, 10},
				       (struct cal_date){2026, 3, 10}, at(10, 7, 45), &p),
			 0);
	j = judge(&h, p);
	assert_int_equal(j.outcome, KPI_NOT_DUE);
	/* ... overdue after it. */
	p.now_ms = at(10, 9, 0);
	j = judge(&h, p);
	assert_int_equal(j.outcome, KPI_OVERDUE);
	assert_false(j.on_time);
	assert_string_equal(
		j.reason_en,
		"overdue: open, past due (judged now 10/03/2026 09:00), due 10/03/2026 08:00");
	/* An extension requested before now: late, and said so. */
	h.extension_at = at(9, 15, 0);
	j = judge(&h, p);
	assert_int_equal(j.outcome, KPI_OVERDUE);
	assert_string_equal(j.reason_en,
			    "overdue: open, past due (judged now 10/03/2026 09:00), "
			    "extension requested 09/03/2026 15:00 (Form 04), original due "
			    "10/03/2026 08:00");
	/* Now after the period: judged at its end, as before. */
	h.extension_at = 0;
	p.now_ms = at(20, 9, 0);
	j = judge(&h, p);
	assert_false(j.judged_now);
	assert_int_equal(j.judged_at, at(11, 0, 0));
	assert_string_equal(j.reason_en, "overdue: open at the period's end, due 10/03/2026 08:00");
	/* Ended before now: judged at its end, whatever now. */
	h.end = KPI_END_RESULT;
	h.ended_at = at(10, 7, 0);
	p.now_ms = at(10, 7, 30);
	j = judge(&h, p);
	assert_int_equal(j.status, KPI_ENDED);
	assert_int_equal(j.outcome, KPI_ON_TIME);
}

static void refused_withdrawn_stopped(void **state)
{
	(void)state;
	struct kpi_history h = dossier();
	h.ended_at = at(11, 9, 0);
	h.end = KPI_END_WITHDRAWN;
	struct kpi_judgement j = judge(&h, period(1, 31));
	assert_int_equal(j.status, KPI_ENDED);
	assert_int_equal(j.end, KPI_END_WITHDRAWN);
	assert_int_equal(j.outcome, KPI_LATE);
	assert_string_equal(j.reason_en,
			    "late: withdrawn 11/03/2026 09:00 after due 10/03/2026 08:00");
	h.end = KPI_END_STOPPED;
	h.ended_at = at(9, 9, 0);
	j = judge(&h, period(1, 31));
	assert_string_equal(j.reason_en,
			    "early: stopped 09/03/2026 09:00 before due 10/03/2026 08:00");
	assert_string_equal(
		j.reason_vi,
		"trước hạn: dừng giải quyết 09/03/2026 09:00 trước hạn 10/03/2026 08:00");
	h.end = KPI_END_REFUSED;
	j = judge(&h, period(1, 31));
	assert_int_equal(j.end, KPI_END_REFUSED);
	assert_string_equal(kpi_end_name(j.end), "refused");
	assert_string_equal(kpi_outcome_name(j.outcome), "early");
}

static void many_pauses(void **state)
{
	(void)state;
	/* More pauses than the stack array: all of them count. */
	struct kpi_pause pauses[40];
	for (int i = 0; i < 40; i++)
		pauses[i] = (struct kpi_pause){at(9, 8, 0) + i * 60000 + 1,
					       at(9, 8, 0) + i * 60000 + 30001, false};
	struct kpi_history h = dossier();
	h.pauses = pauses;
	h.npauses = 40;
	struct kpi_judgement j = judge(&h, period(1, 31));
	assert_int_equal(j.due_at, at(10, 8, 20)); /* 40 × 30 s = 20 min */
}

/* 766.2.2 reads office time used and allowed, both without the pauses. */
static void office_times(void **state)
{
	(void)state;
	struct kpi_pause pauses[] = {{at(9, 10, 0), at(9, 14, 0), true}};
	struct kpi_history h = dossier();
	h.pauses = pauses;
	h.npauses = 1;
	h.end = KPI_END_RESULT;
	h.ended_at = at(10, 9, 0);
	struct kpi_judgement j = judge(&h, period(1, 31));
	assert_int_equal(j.due_at, at(10, 10, 30));
	int64_t used, allowed;
	assert_int_equal(kpi_office_times(&h, &j, &used, &allowed), 0);
	assert_int_equal(used, 13 * CAL_MS_PER_HOUR / 2); /* 9 h less 2.5 h paused */
	assert_int_equal(allowed, CAL_WORKING_DAY_MS);
	j = judge(&h, period(20, 31)); /* excluded: nothing */
	assert_int_equal(kpi_office_times(&h, &j, &used, &allowed), 0);
	assert_int_equal(used, 0);
	assert_int_equal(allowed, 0);
}

/* Circular 01/2018: indices 1–4 and 7 per dossier, 6 and 9 per unit. */
static void evaluation(void **state)
{
	(void)state;
	struct kpi_history h = dossier();
	h.end = KPI_END_RESULT;
	h.ended_at = at(9, 16, 0); /* early */
	struct kpi_dossier d = {.h = &h, .agencies_score = -1};
	d.j = judge(&h, period(1, 31));
	struct kpi_eval e;
	kpi_eval_dossier(&d, &e);
	assert_int_equal(e.score[1], 2);
	assert_int_equal(e.score[2], -1); /* no step handed over */
	assert_int_equal(e.score[3], 2);
	assert_int_equal(e.score[4], -1); /* not rated */
	assert_int_equal(e.score[7], 2);
	assert_int_equal(e.score[5], -1);
	d.steps_early = 2;
	d.steps_on_time = 1;
	d.supplement_requests = 1;
	d.agencies_score = 1;
	kpi_eval_dossier(&d, &e);
	assert_int_equal(e.score[2], 1);
	assert_int_equal(e.score[3], 1);
	assert_int_equal(e.score[4], 1);
	d.steps_late = 1;
	d.supplement_requests = 2;
	d.complaint = true;
	kpi_eval_dossier(&d, &e);
	assert_int_equal(e.score[2], 0);
	assert_int_equal(e.score[3], 0);
	assert_int_equal(e.score[7], 0);
	h.ended_at = at(11, 16, 10); /* late */
	d.complaint = false;
	d.j = judge(&h, period(1, 31));
	kpi_eval_dossier(&d, &e);
	assert_int_equal(e.score[1], 0);
	assert_int_equal(e.score[7], 1);
	d.j = judge(&h, period(1, 10)); /* open: not scored */
	kpi_eval_dossier(&d, &e);
	assert_int_equal(e.score[1], -1);

	struct kpi_result r = {.nfigures = 5};
	const char *keys[] = {"766.1.2", "766.1.3", "766.3.1", "766.3.3", "766.2.1"};
	double rates[] = {1, 1, 0.5, 0.35, 1};
	for (int i = 0; i < 5; i++) {
		r.figures[i] = (struct kpi_figure){.def = kpi_def_find(keys[i]),
						   .numerator = 10 * rates[i],
						   .denominator = 10,
						   .has_rate = true,
						   .rate = rates[i]};
	}
	kpi_eval_unit(&r, &e);
	assert_int_equal(e.score[6], 2);
	assert_int_equal(e.score[9], 2);
	r.figures[3].rate = 0.2; /* 15–30 % online */
	r.figures[0].rate = 0.5; /* some published late */
	kpi_eval_unit(&r, &e);
	assert_int_equal(e.score[6], 1);
	assert_int_equal(e.score[9], 1);
	r.figures[4].numerator = 9; /* one late */
	kpi_eval_unit(&r, &e);
	assert_int_equal(e.score[9], 0);
	assert_int_equal(e.score[8], -1);
}

/* The even split of "766-2022" (as seeded by migration 0014). */
static struct kpi_rule even[32];
static struct kpi_rule_set even_split(void)
{
	size_t n = 0;
	for (size_t i = 0; i < kpi_ndefs; i++) {
		const struct kpi_def *d = &kpi_defs[i];
		size_t in_group = 0;
		double max = 0;
		/* 766.5.1 (feedback by category) has no points in the seeded set. */
		if (!strcmp(d->key, "766.5.1"))
			continue;
		for (size_t k = 0; d->group && k < kpi_ndefs; k++)
			in_group += kpi_defs[k].group && !strcmp(kpi_defs[k].group, d->group) &&
				    strcmp(kpi_defs[k].key, "766.5.1");
		for (size_t g = 0; d->group && g < kpi_ngroups; g++)
			if (!strcmp(kpi_groups[g].key, d->group))
				max = kpi_groups[g].max_points / (double)in_group;
		bool avg = !strcmp(d->key, "766.2.2") || !strcmp(d->key, "plan.desk_minutes");
		double t = !strcmp(d->key, "766.3.3") || !strcmp(d->key, "plan.online_share") ? 0.5
			   : !strcmp(d->key, "plan.wait_minutes")			      ? 15
			   : !strcmp(d->key, "766.5.4")					      ? 0.9
			   : !strcmp(d->key, "plan.satisfaction")			      ? 0.95
											      : 1.0;
		even[n++] = (struct kpi_rule){d->key, !avg, avg ? 0 : t, max};
	}
	return (struct kpi_rule_set){"766-2022", 0, even, n};
}

static void figures_and_points(void **state)
{
	(void)state;
	const struct kpi_def *d21 = kpi_def_find("766.2.1");
	struct kpi_rule r = {"766.2.1", true, 1.0, 10};
	struct kpi_figure f;
	kpi_figure_fill(d21, &r, 41, 45, 0, &f);
	assert_true(f.has_rate);
	assert_true(f.rate == 0.9111);
	assert_true(f.points == 9.11); /* rate × max / threshold */
	assert_false(f.has_met);
	kpi_figure_fill(d21, &r, 0, 0, 0, &f); /* empty denominator: no data, no points */
	assert_false(f.has_rate);
	assert_true(f.points == 0);
	const struct kpi_def *d33 = kpi_def_find("766.3.3");
	struct kpi_rule r33 = {"766.3.3", true, 0.5, 4.4};
	kpi_figure_fill(d33, &r33, 30, 45, 0, &f); /* above the threshold: full */
	assert_true(f.points == 4.4);
	kpi_figure_fill(d33, &r33, 10, 45, 0, &f); /* 0.2222 / 0.5 × 4.4 = 1.96 */
	assert_true(f.points == 1.96);
	/* At most: an average time, full under its threshold, t / rate above. */
	const struct kpi_def *d22 = kpi_def_find("766.2.2");
	struct kpi_rule r22 = {"766.2.2", false, 0, 10};
	kpi_figure_fill(d22, &r22, 8, 2, 5, &f); /* 4 days against 5 */
	assert_true(f.rate == 4 && f.threshold == 5 && f.points == 10);
	kpi_figure_fill(d22, &r22, 16, 2, 5, &f); /* 8 days against 5 */
	assert_true(f.points == 6.25);
	const struct kpi_def *w = kpi_def_find("plan.wait_minutes");
	struct kpi_rule rw = {"plan.wait_minutes", true, 15, 0};
	kpi_figure_fill(w, &rw, 40, 2, 0, &f);
	assert_true(f.has_met && !f.met && f.rate == 20);
	kpi_figure_fill(w, &rw, 20, 2, 0, &f);
	assert_true(f.has_met && f.met && f.points == 0);
}

static void rule_sets(void **state)
{
	(void)state;
	struct kpi_rule_set rs = even_split();
	const char *bad = NULL;
	assert_null(kpi_rules_check(&rs, &bad));
	assert_true(kpi_rule_find(&rs, "766.2.1")->max_points == 10);
	assert_true(kpi_rule_find(&rs, "766.4.2")->max_points == 5.5);
	/* Points moved inside a group: still valid; out of it: refused. */
	even[4].max_points = 12; /* 766.2.1 */
	even[5].max_points = 8;	 /* 766.2.2 */
	assert_null(kpi_rules_check(&rs, &bad));
	even[5].max_points = 9;
	assert_non_null(kpi_rules_check(&rs, &bad));
	assert_string_equal(bad, "766.2");
	even[5].max_points = 8;
	even[0].threshold = 0;
	assert_non_null(kpi_rules_check(&rs, &bad));
	assert_string_equal(bad, "766.1.1");
	/* A share's threshold is in (0, 1]; an average's finite; points finite. */
	const double shares[] = {INFINITY, NAN, 1.5, -0.1};
	for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++) {
		even[0].threshold = shares[i];
		assert_non_null(kpi_rules_check(&rs, &bad));
		assert_string_equal(bad, "766.1.1");
	}
	even[0].threshold = 1;
	assert_null(kpi_rules_check(&rs, &bad));
	struct kpi_rule *wait = (struct kpi_rule *)kpi_rule_find(&rs, "plan.wait_minutes");
	wait->threshold = 100000;
	assert_null(kpi_rules_check(&rs, &bad));
	wait->threshold = INFINITY;
	assert_non_null(kpi_rules_check(&rs, &bad));
	assert_string_equal(bad, "plan.wait_minutes");
	wait->threshold = 15;
	even[4].max_points = INFINITY;
	assert_non_null(kpi_rules_check(&rs, &bad));
	assert_string_equal(bad, "766.2.1");
	even_split();
}

static const struct kpi_figure *figure(const struct kpi_result *r, const char *key)
{
	for (size_t i = 0; i < r->nfigures; i++)
		if (!strcmp(r->figures[i].def->key, key))
			return &r->figures[i];
	fail_msg("no figure %s", key);
	return NULL;
}

/* Three dossiers in March: early online, late direct (and disliked),
 * received after the period. */
static void tally(void **state)
{
	(void)state;
	struct kpi_history h[3] = {dossier(), dossier(), dossier()};
	h[0].end = KPI_END_RESULT;
	h[0].ended_at = at(9, 16, 0);
	h[1].channel = "direct";
	h[1].end = KPI_END_RESULT;
	h[1].ended_at = at(12, 9, 0);
	struct kpi_period per = period(1, 15);
	h[2].received_at = at(16, 8, 0);
	struct kpi_dossier d[3];
	for (int i = 0; i < 3; i++) {
		d[i] = (struct kpi_dossier){.h = &h[i], .result_at = h[i].ended_at};
		assert_int_equal(kpi_judge(&h[i], &per, &d[i].j), 0);
		d[i].used_office_ms = (i + 1) * CAL_WORKING_DAY_MS;
		d[i].allowed_office_ms = CAL_WORKING_DAY_MS;
		d[i].components_electronic = i == 0;
		d[i].e_result = i == 0;
		d[i].returns_document = true;
	}
	d[1].disliked = true;
	struct kpi_ticket t[] = {{"A001", at(9, 8, 0), at(9, 8, 10), at(9, 8, 11), at(9, 8, 31)},
				 {"A002", at(9, 8, 0), 0, 0, 0}};
	struct kpi_rating ra[] = {{"1", at(9, 9, 0), 5, true}, {"2", at(9, 9, 0), 1, false}};
	struct kpi_facts fx = {.dossiers = d,
			       .ndossiers = 3,
			       .tickets = t,
			       .ntickets = 2,
			       .ratings = ra,
			       .nratings = 2};
	struct kpi_rule_set rs = even_split();
	struct kpi_result r;
	kpi_tally(&fx, &per, &rs, &r);
	const struct kpi_figure *f = figure(&r, "766.2.1");
	assert_true(f->numerator == 1 && f->denominator == 2 && f->rate == 0.5 && f->points == 5);
	f = figure(&r, "766.2.2"); /* 1 and 2 working days against 1 */
	assert_true(f->numerator == 3 && f->denominator == 2 && f->rate == 1.5);
	assert_true(f->threshold == 1 && f->points == 6.67);
	f = figure(&r, "766.3.3");
	assert_true(f->numerator == 1 && f->denominator == 2 && f->points == 4.4);
	f = figure(&r, "766.3.6"); /* no fee demanded: no data */
	assert_false(f->has_rate);
	f = figure(&r, "766.4.1");
	assert_true(f->numerator == 1 && f->denominator == 2);
	f = figure(&r, "766.5.4");
	assert_true(f->numerator == 1 && f->denominator == 2);
	f = figure(&r, "plan.wait_minutes");
	assert_true(f->numerator == 10 && f->denominator == 1 && f->met);
	f = figure(&r, "plan.desk_minutes");
	assert_true(f->rate == 20 && !f->has_met);
	f = figure(&r, "plan.satisfaction");
	assert_true(f->rate == 0.5 && f->has_met && !f->met);
	assert_true(r.groups[1].points == 11.67 && r.groups[1].max_points == 20);
	/* No data is out of the score, never 0: 766.1 (no procedures), 3.1,
	 * 3.2, 3.5, 3.6, 5.2 and 5.3 are not measured; 2 (20), 3.3 (4.4), 4
	 * (22) and 5.4 (6) are: 52.4 of 100. */
	assert_true(r.max_points_full == 100);
	assert_true(r.max_points > 52.4 - 0.001 && r.max_points < 52.4 + 0.001);
	assert_true(r.groups[0].max_points == 0 && r.groups[0].max_points_full == 18);
	assert_true(r.groups[1].max_points_full == 20);
	assert_true(r.groups[2].max_points > 4.4 - 0.001 && r.groups[2].max_points < 4.4 + 0.001);
	double sum = 0;
	for (size_t g = 0; g < 5; g++)
		sum += r.groups[g].points;
	assert_true(r.points > sum - 0.001 && r.points < sum + 0.001);

	struct kpi_member m;
	kpi_member_dossier(kpi_def_find("766.3.3"), &d[2], &per, &m);
	assert_false(m.in_denominator);
	assert_string_equal(m.reason_en, "excluded: received after the period (16/03/2026 08:00)");
	/* Decimal comma in Vietnamese, point in English. */
	d[1].used_office_ms = CAL_WORKING_DAY_MS * 244 / 100;
	kpi_member_dossier(kpi_def_find("766.2.2"), &d[1], &per, &m);
	assert_string_equal(m.reason_vi, "giải quyết trong 2,44 ngày làm việc (thời hạn 1,00)");
	assert_string_equal(m.reason_en, "processed in 2.44 working days (limit 1.00)");
	kpi_member_ticket(kpi_def_find("plan.wait_minutes"), &t[0], &per, &m);
	assert_string_equal(m.reason_vi, "chờ 10,0 phút");
	assert_string_equal(m.reason_en, "waited 10.0 minutes");
}

/* Feedback (issue 14): 5.1 by category, 5.2 on time (no step late, an open
 * item past its answer's deadline at the period's end late, one not yet due
 * left out of 5.2 and 5.3), 5.3 also not
 * disliked nor raised again; items received or ended in the period; index 8
 * of the evaluation from 5.2 (none or all on time 2, >= 90 % 1, else 0). */
static void feedback_members(void **state)
{
	(void)state;
	struct kpi_period per = period(1, 31);
	const struct kpi_def *d1 = kpi_def_find("766.5.1"), *d2 = kpi_def_find("766.5.2"),
			     *d3 = kpi_def_find("766.5.3");
	assert_non_null(d1);
	struct kpi_feedback ok = {"PA-1", "regulation", at(2, 8, 0), at(9, 8, 0), at(23, 8, 0)};
	struct kpi_member m;
	kpi_member_feedback(d1, &ok, &per, &m);
	assert_true(m.in_denominator && m.in_numerator);
	kpi_member_feedback(d2, &ok, &per, &m);
	assert_true(m.in_numerator);
	struct kpi_feedback conduct = ok;
	conduct.category = "conduct";
	conduct.dissatisfied = true;
	kpi_member_feedback(d1, &conduct, &per, &m);
	assert_true(m.in_denominator && !m.in_numerator);
	kpi_member_feedback(d2, &conduct, &per, &m);
	assert_true(m.in_numerator); /* on time ... */
	kpi_member_feedback(d3, &conduct, &per, &m);
	assert_false(m.in_numerator); /* ... but disliked */
	struct kpi_feedback open = {"PA-3", "", at(2, 8, 0), 0, at(23, 8, 0)};
	kpi_member_feedback(d2, &open, &per, &m);
	assert_false(m.in_numerator); /* unanswered past its deadline at the period's end */
	kpi_member_feedback(d3, &open, &per, &m);
	assert_true(m.in_denominator && !m.in_numerator); /* late */
	/* Not yet due at the period's end: still being handled, left out. */
	for (int k = 0; k < 2; k++) {
		kpi_member_feedback(k ? d3 : d2, &open,
				    &(struct kpi_period){per.from_ms, at(20, 0, 0), 0}, &m);
		assert_false(m.in_denominator || m.in_numerator);
		assert_string_equal(m.reason_en, "excluded: not yet due, still being handled");
	}
	struct kpi_feedback before = {"PA-4", "conduct", at(1, 8, 0) - 86400000LL * 40,
				      at(1, 8, 0) - 86400000LL * 30, 0};
	kpi_member_feedback(d2, &before, &per, &m);
	assert_false(m.in_denominator);

	struct kpi_result r = {.nfigures = 1};
	r.figures[0] = (struct kpi_figure){.def = d2};
	struct kpi_eval e;
	kpi_eval_unit(&r, &e);
	assert_int_equal(e.score[8], 2); /* none */
	r.figures[0] = (struct kpi_figure){
		.def = d2, .numerator = 9, .denominator = 10, .has_rate = true, .rate = 0.9};
	kpi_eval_unit(&r, &e);
	assert_int_equal(e.score[8], 1);
	r.figures[0].rate = 0.8;
	kpi_eval_unit(&r, &e);
	assert_int_equal(e.score[8], 0);
}

/* 766.3.5 and 766.3.6 from the payments (issue 13): a fee-bearing
 * procedure counts as payable online once paid online in the period; a
 * dossier with a demand counts, paid online or not; no fee, no count. */
static void payments(void **state)
{
	(void)state;
	struct kpi_history h[3] = {dossier(), dossier(), dossier()};
	struct kpi_period per = period(1, 15);
	struct kpi_dossier d[3];
	for (int i = 0; i < 3; i++) {
		d[i] = (struct kpi_dossier){.h = &h[i]};
		assert_int_equal(kpi_judge(&h[i], &per, &d[i].j), 0);
	}
	d[0].fee_demanded = d[0].paid_online = true;
	d[1].fee_demanded = true; /* paid at the desk */
	struct kpi_procedure p[3] = {{.ref = "A", .has_fee = true, .paid_online = 2},
				     {.ref = "B", .has_fee = true},
				     {.ref = "C", .paid_online = 0}};
	struct kpi_facts fx = {.procedures = p, .nprocedures = 3, .dossiers = d, .ndossiers = 3};
	struct kpi_rule_set rs = even_split();
	struct kpi_result r;
	kpi_tally(&fx, &per, &rs, &r);
	const struct kpi_figure *f = figure(&r, "766.3.6");
	assert_true(f->has_rate && f->numerator == 1 && f->denominator == 2 && f->rate == 0.5);
	f = figure(&r, "766.3.5");
	assert_true(f->has_rate && f->numerator == 1 && f->denominator == 2);
	/* No fee anywhere: no data, never 0 %. */
	d[0].fee_demanded = d[1].fee_demanded = false;
	p[0].has_fee = p[1].has_fee = false;
	kpi_tally(&fx, &per, &rs, &r);
	assert_false(figure(&r, "766.3.6")->has_rate);
	assert_false(figure(&r, "766.3.5")->has_rate);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(period_bounds),
		cmocka_unit_test(excluded),
		cmocka_unit_test(new_and_carried_over),
		cmocka_unit_test(ended_by_date),
		cmocka_unit_test(supplement_pause),
		cmocka_unit_test(second_supplement),
		cmocka_unit_test(extension_keeps_original_due),
		cmocka_unit_test(open_at_period_end),
		cmocka_unit_test(open_judged_now),
		cmocka_unit_test(refused_withdrawn_stopped),
		cmocka_unit_test(many_pauses),
		cmocka_unit_test(office_times),
		cmocka_unit_test(evaluation),
		cmocka_unit_test(figures_and_points),
		cmocka_unit_test(rule_sets),
		cmocka_unit_test(tally),
		cmocka_unit_test(feedback_members),
		cmocka_unit_test(payments),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
