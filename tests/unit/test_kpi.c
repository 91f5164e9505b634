/* The per-dossier judgement of the monitoring indicators (core/kpi.c,
 * DOMAIN.md 5, 6 and 8) on hand-built histories, one test per rule. The
 * calendar is the computed default; office hours 07:30–11:30, 13:00–17:00.
 * March 2026: Monday 9, Tuesday 10, ... (no holiday). */
#include <string.h>

#include "core/kpi.h"
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
				       (struct cal_date){2026, 3, to_day}, &p),
			 0);
	return p;
}

/* Received Monday 09/03 08:00, one working day: due Tuesday 10/03 08:00. */
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
		kpi_period_of((struct cal_date){2026, 3, 2}, (struct cal_date){2026, 3, 1}, &q),
		CAL_EINVAL);
	assert_int_equal(
		kpi_period_of((struct cal_date){2026, 2, 30}, (struct cal_date){2026, 3, 1}, &q),
		CAL_EINVAL);
}

static void excluded(void **state)
{
	(void)state;
	struct kpi_history h = dossier();
	struct kpi_judgement j = judge(&h, period(1, 8));
	assert_int_equal(j.status, KPI_EXCLUDED);
	assert_string_equal(j.reason_en, "excluded: received after the period (09/03 08:00)");
	assert_string_equal(j.reason_vi, "loại trừ: tiếp nhận 09/03 08:00, sau kỳ");

	h.ended_at = at(10, 9, 0);
	h.end = KPI_END_RESULT;
	j = judge(&h, period(11, 31));
	assert_int_equal(j.status, KPI_EXCLUDED);
	assert_string_equal(j.reason_en, "excluded: ended before the period (10/03 09:00)");

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
	assert_string_equal(j.reason_en, "early: ended 09/03 16:00 before due 10/03 08:00");

	h.ended_at = at(10, 16, 10); /* on the due date, after the due hour */
	j = judge(&h, period(1, 31));
	assert_int_equal(j.outcome, KPI_ON_TIME);
	assert_true(j.on_time);
	assert_string_equal(j.reason_en,
			    "on time: ended 10/03 16:10 on the due date, due 10/03 08:00");
	assert_string_equal(j.reason_vi,
			    "đúng hạn: kết thúc 10/03 16:10 trong ngày hẹn, hạn 10/03 08:00");

	h.ended_at = at(11, 16, 10);
	j = judge(&h, period(1, 31));
	assert_int_equal(j.outcome, KPI_LATE);
	assert_false(j.on_time);
	assert_string_equal(j.reason_en, "late: ended 11/03 16:10 after due 10/03 08:00");
	assert_string_equal(j.reason_vi, "quá hạn: kết thúc 11/03 16:10 sau hạn 10/03 08:00");
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
			    "late: 2 supplement requests (at most one), due 10/03 10:00");
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
	assert_string_equal(
		j.reason_en,
		"late: extension requested 09/03 15:00 (Form 04), original due 10/03 08:00");
	assert_string_equal(j.reason_vi,
			    "quá hạn: xin gia hạn 09/03 15:00 (Mẫu 04), hạn ban đầu 10/03 08:00");
	/* Open with an extension requested: late (overdue) at the period's end. */
	h.ended_at = 0;
	h.end = KPI_END_NONE;
	j = judge(&h, period(9, 9));
	assert_int_equal(j.status, KPI_OPEN);
	assert_int_equal(j.outcome, KPI_OVERDUE);
	assert_false(j.on_time);
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
	assert_string_equal(j.reason_en, "not yet due: open at the period's end, due 10/03 08:00");
	j = judge(&h, period(1, 10));
	assert_int_equal(j.outcome, KPI_OVERDUE);
	assert_false(j.on_time);
	assert_string_equal(j.reason_en, "overdue: open at the period's end, due 10/03 08:00");
	assert_string_equal(j.reason_vi, "quá hạn: đang giải quyết cuối kỳ, hạn 10/03 08:00");

	/* Paused since Monday 10:00 and still paused at the end of 10/03: the
	 * pause is cut at the period's end, 6 h are left after it: 07:30–11:30, 13:00–15:00. */
	struct kpi_pause pauses[] = {{at(9, 10, 0), 0, true}};
	h.pauses = pauses;
	h.npauses = 1;
	j = judge(&h, period(1, 10));
	assert_int_equal(j.outcome, KPI_NOT_DUE);
	assert_true(j.waiting);
	assert_int_equal(j.due_at, at(11, 15, 0));
	assert_string_equal(j.reason_en,
			    "not yet due: open at the period's end, due 11/03 15:00; clock paused");
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
	assert_string_equal(j.reason_en, "late: withdrawn 11/03 09:00 after due 10/03 08:00");
	h.end = KPI_END_STOPPED;
	h.ended_at = at(9, 9, 0);
	j = judge(&h, period(1, 31));
	assert_string_equal(j.reason_en, "early: stopped 09/03 09:00 before due 10/03 08:00");
	assert_string_equal(j.reason_vi,
			    "trước hạn: dừng giải quyết 09/03 09:00 trước hạn 10/03 08:00");
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
		cmocka_unit_test(refused_withdrawn_stopped),
		cmocka_unit_test(many_pauses),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
