/* `audit verify` on a feedback item's row (svc_feedback_history_matches,
 * issue 14): the answer, rating and category of the row must be those its
 * events record last; events of older versions, which recorded no answer
 * (draft, approve with data {}) nor the category of a refusal, raise no
 * false alarm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "svc/svc_feedback.h"

#define EV(s, a, d)                                                                                \
	{                                                                                          \
		.seq = (s), .action = (a), .data = (d)                                             \
	}
#define ANSWER	   "Cơ quan tiếp thu."
#define ANSWER_SHA "4da5469404d7640e66bc2d527602db05388fa6490b47705f312c24bae45852bd"
/* printf '%s' 'Cơ quan tiếp thu.' | sha256sum */
static const char *const answer_sha = ANSWER_SHA;

static struct feedback row(const char *answer, const char *rating, const char *category)
{
	return (struct feedback){.code = "PA-20260302-0001",
				 .answer = answer,
				 .rating = rating,
				 .category = category};
}

static bool matches(struct feedback f, const struct event *ev, size_t n, char *why)
{
	return svc_feedback_history_matches(&f, ev, n, why, 160);
}

static void old_events_raise_no_alarm(void **state)
{
	(void)state;
	const struct event ev[] = {
		EV(1, "submit", "{\"channel\":\"online\",\"dossier\":\"\"}"),
		EV(2, "assign", "{\"category\":\"regulation\",\"unit\":\"DNLD\"}"),
		EV(3, "draft", "{}"),
		EV(4, "approve", "{}"),
		EV(5, "publish", "{}"),
		EV(6, "rate", "{\"rating\":\"satisfied\"}"),
	};
	char why[160] = "";
	/* Any answer: an old history does not say which. */
	assert_true(matches(row("bất kỳ", "satisfied", "regulation"), ev, 6, why));
	/* What old events did record is still compared. */
	assert_false(matches(row("bất kỳ", "dissatisfied", "regulation"), ev, 6, why));
	assert_string_equal(why, "its rating is not the one its history records (event #6)");
	assert_false(matches(row("bất kỳ", "satisfied", "conduct"), ev, 6, why));
	assert_string_equal(why, "its category is not the one its history records (event #2)");
	/* Unrated: the row says none until a rate event. */
	assert_false(matches(row("x", "satisfied", "regulation"), ev, 5, why));
	/* An old refusal recorded no category: out of scope all the same. */
	const struct event refused[] = {EV(1, "submit", "{}"), EV(2, "refuse", "{}")};
	assert_true(matches(row("", "", "out_of_scope"), refused, 2, why));
	assert_false(matches(row("", "", ""), refused, 2, why));
}

static void new_events_name_the_answer(void **state)
{
	(void)state;
	char approve[100];
	snprintf(approve, sizeof approve, "{\"answer_sha256\":\"%s\"}", answer_sha);
	const struct event ev[] = {
		EV(1, "submit", "{}"),
		EV(2, "classify", "{\"category\":\"conduct\"}"),
		EV(3, "assign", "{\"unit\":\"DNLD\"}"),
		EV(4, "draft", "{\"answer\":\"" ANSWER "\"}"),
		EV(5, "approve", approve),
		EV(6, "rate", "{\"rating\":\"dissatisfied\"}"),
		EV(7, "reraise", "{}"),
	};
	char why[160] = "";
	assert_true(matches(row(ANSWER, "dissatisfied", "conduct"), ev, 6, why));
	assert_false(matches(row(ANSWER " Sửa.", "dissatisfied", "conduct"), ev, 6, why));
	assert_string_equal(why, "its answer is not the one its history records (event #5)");
	assert_false(matches(row(ANSWER " Sửa.", "", "conduct"), ev, 4, why));
	assert_string_equal(why, "its answer is not the one its history records (event #4)");
	/* Raised again: the rating is cleared, the approved answer stays. */
	assert_true(matches(row(ANSWER, "", "conduct"), ev, 7, why));
	assert_false(matches(row(ANSWER, "satisfied", "conduct"), ev, 7, why));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(old_events_raise_no_alarm),
		cmocka_unit_test(new_events_name_the_answer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
