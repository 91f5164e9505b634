/* Pure validation of procedures: each rule names its problem. */
#include <string.h>

#include "core/procedure.h"
#include "test_helpers.h"

static struct proc_component comps[] = {
	{{"Đơn đề nghị", "Request"}, "Mẫu 11", "original", 1, true, {NULL, NULL}, "request_form"},
};
static struct proc_step steps[] = {
	{{"Tiếp nhận", "Receipt"}, "receiver", "VP", 8},
	{{"Thẩm định", "Appraisal"}, "specialist", "DNLD", 24},
	{{"Phê duyệt", "Approval"}, "leader", "BQL", 8},
};

static struct procedure good(void)
{
	struct procedure p = {0};
	p.code = "LD-02";
	p.name = (struct text2){"Cấp giấy phép lao động", "Work permit"};
	p.field = (struct text2){"Việc làm", "Employment"};
	p.unit = "DNLD";
	p.online_level = "partial";
	p.limit_value = 5;
	p.limit_unit = "working_days";
	p.effective_from = "2025-07-01";
	p.components = comps;
	p.ncomponents = 1;
	p.steps = steps;
	p.nsteps = 3;
	return p;
}

static size_t problems_of(const struct procedure *p, const char *needle)
{
	struct arena a;
	struct problems pr;
	arena_init(&a);
	problems_init(&pr, &a);
	size_t n = proc_validate(p, "t", &pr);
	bool found = needle == NULL;
	for (size_t i = 0; i < pr.n; i++)
		if (needle && strstr(pr.items[i], needle))
			found = true;
	if (!found) {
		for (size_t i = 0; i < pr.n; i++)
			print_message("problem: %s\n", pr.items[i]);
		arena_release(&a);
		fail_msg("no problem mentions '%s'", needle);
	}
	arena_release(&a);
	return n;
}

static void test_good(void **state)
{
	(void)state;
	struct procedure p = good();
	assert_int_equal(problems_of(&p, NULL), 0);
}

static void test_each_rule(void **state)
{
	(void)state;
	struct procedure p;
	p = good(), p.code = "LD 02";
	assert_true(problems_of(&p, "code") >= 1);
	p = good(), p.name.vi = "  ";
	assert_true(problems_of(&p, "name.vi") >= 1);
	p = good(), p.name.en = NULL;
	assert_true(problems_of(&p, "name.en") >= 1);
	p = good(), p.online_level = "sometimes";
	assert_true(problems_of(&p, "online_level") >= 1);
	p = good(), p.limit_unit = "weeks";
	assert_true(problems_of(&p, "time_limit.unit") >= 1);
	p = good(), p.limit_value = 6;
	assert_true(problems_of(&p, "sum to 40 hours but the time limit is 48 hours") >= 1);
	p = good(), p.limit_unit = "days";
	assert_true(problems_of(&p, "days") >= 1);
	p = good(), p.effective_from = "2025-02-30";
	assert_true(problems_of(&p, "effective_from") >= 1);
	p = good(), p.ncomponents = 0;
	assert_true(problems_of(&p, "at least one component") >= 1);
	p = good(), p.nsteps = 1;
	assert_true(problems_of(&p, "2 to 12 steps") >= 1);
}

static void test_step_and_component_rules(void **state)
{
	(void)state;
	struct proc_step bad_steps[] = {
		{{"Tiếp nhận", ""}, "citizen", "VP", 8},
		{{"", ""}, "specialist", NULL, 0},
	};
	struct proc_component bad_comp[] = {
		{{"Bản sao hộ chiếu", ""}, NULL, "photocopy", 0, false, {NULL, NULL}, ""},
	};
	struct procedure p = good();
	p.steps = bad_steps;
	p.nsteps = 2;
	p.components = bad_comp;
	assert_true(problems_of(&p, "unknown role 'citizen'") >= 6);
	assert_true(problems_of(&p, "process[1].unit") >= 1);
	assert_true(problems_of(&p, "copy_type") >= 1);
	assert_true(problems_of(&p, "copies") >= 1);
	assert_true(problems_of(&p, "condition") >= 1);
	assert_true(problems_of(&p, "doc_type") >= 1);
}

static void test_same_day_and_hours(void **state)
{
	(void)state;
	struct proc_step two[] = {
		{{"Tiếp nhận", ""}, "receiver", "VP", 2},
		{{"Trả", ""}, "receiver", "VP", 2},
	};
	struct procedure p = good();
	p.steps = two;
	p.nsteps = 2;
	p.limit_value = 0; /* same-day: shares fit in 8 hours */
	assert_int_equal(problems_of(&p, NULL), 0);
	p.limit_unit = "working_hours";
	p.limit_value = 4;
	assert_int_equal(problems_of(&p, NULL), 0);
	p.limit_value = 5;
	assert_true(problems_of(&p, "sum to 4 hours") >= 1);
}

/* The legal limit as the calendar takes it: one conversion for receipt,
 * regeneration and monitoring; an unknown unit falls back to working days. */
static void test_limit_to_cal(void **state)
{
	(void)state;
	struct cal_limit l = limit_to_cal("days", 15);
	assert_int_equal(l.unit, CAL_CALENDAR_DAYS);
	assert_int_equal(l.amount, 15);
	l = limit_to_cal("working_hours", 4);
	assert_int_equal(l.unit, CAL_WORKING_HOURS);
	assert_int_equal(l.amount, 4);
	l = limit_to_cal("working_days", 0);
	assert_int_equal(l.unit, CAL_WORKING_DAYS);
	assert_int_equal(l.amount, 0);
	l = limit_to_cal(NULL, 3);
	assert_int_equal(l.unit, CAL_WORKING_DAYS);
	assert_int_equal(l.amount, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_each_rule),
		cmocka_unit_test(test_step_and_component_rules),
		cmocka_unit_test(test_same_day_and_hours),
		cmocka_unit_test(test_limit_to_cal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
