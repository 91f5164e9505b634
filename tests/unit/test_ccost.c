/* Compliance cost (core/ccost.c) on hand-built data: the measured fields,
 * the formula with its rounding, a simplification's saving, the bounds. */
#include <string.h>

#include "core/ccost.h"
#include "test_helpers.h"

/* A procedure seen for a year (365 days): 40 dossiers, 30 visits (28 of
 * them called, 754.5 s of wait each; 30 served, 5 min each), 6 supplements
 * of which 4 on direct dossiers, 20 results handed back at the desk. */
static const struct ccost_measure year = {
	.period_days = 365,
	.dossiers = 40,
	.visits = 30,
	.waits = 28,
	.wait_ms = 28 * 754500, /* 754.5 s each: rounds half up to 755 */
	.served = 30,
	.counter_ms = 30 * 300000, /* 5 minutes */
	.supplements = 6,
	.direct_supplements = 4,
	.desk_returns = 20,
	.results = 35,
	.result_ms = 35 * (INT64_C(100) * 3600000 + 1800000), /* 100.5 h: 101 */
};

static void test_fill(void **state)
{
	(void)state;
	struct ccost_input in = {0};
	in.act[CCOST_PREPARE] = (struct ccost_item){.seconds = 7200, .times_milli = 1000};
	in.act[CCOST_TRAVEL].seconds = 1800;
	in.act[CCOST_WAIT].seconds = 99; /* declared, overwritten by the measure */
	ccost_fill(&year, &in);
	assert_int_equal(in.act[CCOST_WAIT].seconds, 755);
	assert_true(in.act[CCOST_WAIT].seconds_measured);
	assert_int_equal(in.act[CCOST_WAIT].times_milli, 750); /* 30 / 40 */
	assert_int_equal(in.act[CCOST_COUNTER].seconds, 300);
	assert_int_equal(in.act[CCOST_COUNTER].times_milli, 750);
	/* (30 visits + 20 returns + 4 direct supplements) / 40 = 1.35 trips */
	assert_int_equal(in.act[CCOST_TRAVEL].times_milli, 1350);
	assert_true(in.act[CCOST_TRAVEL].times_measured);
	assert_false(in.act[CCOST_TRAVEL].seconds_measured);
	assert_int_equal(in.act[CCOST_TRAVEL].seconds, 1800);
	assert_int_equal(in.act[CCOST_RESULT].times_milli, 500);
	assert_int_equal(in.act[CCOST_SUPPLEMENT].times_milli, 150);
	assert_int_equal(in.act[CCOST_PREPARE].seconds, 7200);
	assert_false(in.act[CCOST_PREPARE].times_measured);
	assert_int_equal(in.dossiers_per_year, 40);
	assert_true(in.dossiers_measured);
	assert_int_equal(ccost_result_hours(&year), 101);

	/* Half a year: twice the dossiers a year; 3 in 7 days rounds 156.4 → 156. */
	struct ccost_measure half = year;
	half.period_days = 182;
	ccost_fill(&half, &in);
	assert_int_equal(in.dossiers_per_year, 80); /* 40 × 365 / 182 = 80.2 */
	half.period_days = 7;
	half.dossiers = 3;
	ccost_fill(&half, &in);
	assert_int_equal(in.dossiers_per_year, 156);
}

static void test_no_sample_keeps_declared(void **state)
{
	(void)state;
	struct ccost_measure none = {.period_days = 365};
	struct ccost_input in = {0};
	in.act[CCOST_WAIT] = (struct ccost_item){.seconds = 600, .times_milli = 1000};
	in.dossiers_per_year = 12;
	ccost_fill(&none, &in);
	assert_int_equal(in.act[CCOST_WAIT].seconds, 600);
	assert_int_equal(in.act[CCOST_WAIT].times_milli, 1000);
	assert_false(in.act[CCOST_WAIT].seconds_measured);
	assert_false(in.act[CCOST_WAIT].times_measured);
	assert_int_equal(in.dossiers_per_year, 12);
	assert_false(in.dossiers_measured);
	assert_int_equal(ccost_result_hours(&none), -1);
}

static void test_compute(void **state)
{
	(void)state;
	/* By hand: prepare 2 h × 1, travel 30 min × 1.35, wait 755 s × 0.75,
	 * counter 300 s × 0.75, result 20 min × 0.5, supplement 1 h × 0.15:
	 * 7200 + 2430 + 566.25 + 225 + 600 + 540 = 11561.25 s (11561 s);
	 * at 40 000 đ/h: 11561.25 × 40000 / 3600 = 128458.33… → 128 458 đ;
	 * + fees 100 000 + other 35 000 = 263 458 đ once; × 40 = 10 538 320. */
	struct ccost_input in = {.income_per_hour = 40000, .fees = 100000, .other = 35000};
	in.act[CCOST_PREPARE] = (struct ccost_item){.seconds = 7200, .times_milli = 1000};
	in.act[CCOST_TRAVEL].seconds = 1800;
	in.act[CCOST_RESULT].seconds = 1200;
	in.act[CCOST_SUPPLEMENT].seconds = 3600;
	ccost_fill(&year, &in);
	struct ccost_result r;
	assert_int_equal(ccost_compute(&in, &r), CCOST_OK);
	assert_int_equal(r.seconds_once, 11561);
	assert_int_equal(r.labour_once, 128458);
	assert_int_equal(r.cost_once, 263458);
	assert_int_equal(r.cost_year, 10538320);

	/* Half a đồng rounds up: 63 s at 1 000 đ/h = 17.5 → 18 đ; × 3 dossiers. */
	struct ccost_input h = {.income_per_hour = 1000, .dossiers_per_year = 3};
	h.act[CCOST_PREPARE] = (struct ccost_item){.seconds = 63, .times_milli = 1000};
	assert_int_equal(ccost_compute(&h, &r), CCOST_OK);
	assert_int_equal(r.labour_once, 18);
	assert_int_equal(r.cost_year, 54);
}

static void test_simplification(void **state)
{
	(void)state;
	struct ccost_input before = {.income_per_hour = 40000, .fees = 100000, .other = 35000};
	before.act[CCOST_PREPARE] = (struct ccost_item){.seconds = 7200, .times_milli = 1000};
	before.act[CCOST_TRAVEL].seconds = 1800;
	before.act[CCOST_RESULT].seconds = 1200;
	before.act[CCOST_SUPPLEMENT].seconds = 3600;
	ccost_fill(&year, &before);
	/* Move online and reuse the store's document: no visit, no trip, no
	 * coming back, 1 h to prepare, no notarisation (other 0). */
	struct ccost_change ch = {.has_other = true, .other = 0};
	for (int a = CCOST_TRAVEL; a <= CCOST_RESULT; a++)
		ch.has_times[a] = true; /* times 0 */
	ch.has_seconds[CCOST_PREPARE] = true;
	ch.seconds[CCOST_PREPARE] = 3600;
	struct ccost_input after;
	ccost_apply(&before, &ch, &after);
	assert_false(after.act[CCOST_WAIT].times_measured);
	assert_true(after.act[CCOST_WAIT].seconds_measured); /* unchanged, still measured */
	assert_true(after.dossiers_measured);
	struct ccost_result b, a;
	assert_int_equal(ccost_compute(&before, &b), CCOST_OK);
	assert_int_equal(ccost_compute(&after, &a), CCOST_OK);
	/* 3600 + 540 = 4140 s → 46 000 đ; + 100 000 = 146 000 once; × 40 */
	assert_int_equal(a.cost_once, 146000);
	assert_int_equal(a.cost_year, 5840000);
	int64_t saving, bp;
	bool has;
	ccost_saving(b.cost_year, a.cost_year, &saving, &bp, &has);
	assert_true(has);
	assert_int_equal(saving, 10538320 - 5840000);
	/* 4 698 320 / 10 538 320 = 44.5832…% → 4458 bp */
	assert_int_equal(bp, 4458);
	/* A change that costs more: negative, rounded away from zero. */
	ccost_saving(3, 4, &saving, &bp, &has);
	assert_int_equal(saving, -1);
	assert_int_equal(bp, -3333);
	ccost_saving(8, 7, &saving, &bp, &has);
	assert_int_equal(bp, 1250);
	ccost_saving(0, 5, &saving, &bp, &has);
	assert_false(has);
	assert_int_equal(saving, -5);
}

static void test_bounds(void **state)
{
	(void)state;
	struct ccost_result r;
	/* Every input at its bound: no overflow. */
	struct ccost_input max = {.income_per_hour = CCOST_MAX_INCOME,
				  .fees = CCOST_MAX_MONEY,
				  .other = CCOST_MAX_MONEY,
				  .dossiers_per_year = CCOST_MAX_DOSSIERS};
	for (int i = 0; i < CCOST_NACT; i++)
		max.act[i] = (struct ccost_item){CCOST_MAX_SECONDS, CCOST_MAX_TIMES_MILLI};
	assert_int_equal(ccost_compute(&max, &r), CCOST_OK);
	/* 6 × 3.6e6 × 100 × 1e6 / 3600 = 6e11, + 2e9 */
	assert_int_equal(r.cost_once, INT64_C(602000000000));
	assert_int_equal(r.cost_year, INT64_C(602000000000) * CCOST_MAX_DOSSIERS);
	static const struct {
		int field;
		int64_t v;
	} bad[] = {{0, -1},
		   {0, CCOST_MAX_SECONDS + 1},
		   {1, CCOST_MAX_TIMES_MILLI + 1},
		   {2, CCOST_MAX_INCOME + 1},
		   {3, -1},
		   {4, CCOST_MAX_MONEY + 1},
		   {5, CCOST_MAX_DOSSIERS + 1}};
	for (size_t i = 0; i < N_ELEMENTS(bad); i++) {
		struct ccost_input in = max;
		switch (bad[i].field) {
		case 0:
			in.act[CCOST_WAIT].seconds = bad[i].v;
			break;
		case 1:
			in.act[CCOST_TRAVEL].times_milli = bad[i].v;
			break;
		case 2:
			in.income_per_hour = bad[i].v;
			break;
		case 3:
			in.fees = bad[i].v;
			break;
		case 4:
			in.other = bad[i].v;
			break;
		default:
			in.dossiers_per_year = bad[i].v;
			break;
		}
		assert_int_equal(ccost_compute(&in, &r), CCOST_ERANGE);
		assert_int_equal(r.cost_year, 0);
	}
	assert_int_equal(ccost_act_parse("wait"), CCOST_WAIT);
	assert_int_equal(ccost_act_parse("supplement"), CCOST_SUPPLEMENT);
	assert_int_equal(ccost_act_parse("Wait"), -1);
	assert_int_equal(ccost_act_parse(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fill),	cmocka_unit_test(test_no_sample_keeps_declared),
		cmocka_unit_test(test_compute), cmocka_unit_test(test_simplification),
		cmocka_unit_test(test_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
