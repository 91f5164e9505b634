/* The transition table of a feedback item (core/feedback.c, issue 14):
 * who may take each action from which state, where it leads, which
 * deadline judges it, and the rules a row cannot hold (information asked
 * once a round, no publication of a private item, one rating per answer, a
 * category before the assignment). Table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/feedback.h"
#include "core/roles.h"

#define OFFICE ROLE_OFFICE
#define LEADER ROLE_LEADER
#define SPEC   ROLE_SPECIALIST
#define SENDER FB_SENDER

struct row {
	enum fb_state from;
	enum fb_action action;
	unsigned roles;
	int want; /* FB_OK or an enum fb_error */
	enum fb_state to;
	enum fb_deadline deadline;
};

static void transitions(void **state)
{
	(void)state;
	static const struct row rows[] = {
		{FB_NONE, FB_SUBMIT, SENDER, FB_OK, FB_RECEIVED, FB_DL_NONE},
		{FB_NONE, FB_RECORD, ROLE_RECEIVER, FB_OK, FB_RECEIVED, FB_DL_NONE},
		{FB_NONE, FB_RECORD, SENDER, FB_E_ROLE, 0, 0},
		{FB_RECEIVED, FB_REFUSE, OFFICE, FB_OK, FB_REFUSED, FB_DL_REFUSE},
		{FB_RECEIVED, FB_REFUSE, LEADER, FB_E_ROLE, 0, 0},
		{FB_RECEIVED, FB_REQUEST_INFO, OFFICE, FB_OK, FB_AWAITING_INFO, FB_DL_INFO},
		{FB_AWAITING_INFO, FB_REPLY, SENDER, FB_OK, FB_RECEIVED, FB_DL_NONE},
		{FB_AWAITING_INFO, FB_REPLY, OFFICE, FB_E_ROLE, 0, 0},
		{FB_AWAITING_INFO, FB_ASSIGN, OFFICE, FB_E_STATE, 0, 0},
		{FB_RECEIVED, FB_ASSIGN, OFFICE, FB_OK, FB_ASSIGNED, FB_DL_NONE},
		{FB_ASSIGNED, FB_DRAFT, SPEC, FB_OK, FB_DRAFTED, FB_DL_NONE},
		{FB_DRAFTED, FB_DRAFT, ROLE_HEAD, FB_OK, FB_DRAFTED, FB_DL_NONE},
		{FB_DRAFTED, FB_APPROVE, SPEC, FB_E_ROLE, 0, 0},
		{FB_DRAFTED, FB_SEND_BACK, LEADER, FB_OK, FB_ASSIGNED, FB_DL_NONE},
		{FB_DRAFTED, FB_APPROVE, LEADER, FB_OK, FB_ANSWERED, FB_DL_ANSWER},
		{FB_ASSIGNED, FB_APPROVE, LEADER, FB_E_STATE, 0, 0},
		{FB_ANSWERED, FB_PUBLISH, OFFICE, FB_OK, FB_PUBLISHED, FB_DL_PUBLISH},
		{FB_ANSWERED, FB_RATE, SENDER, FB_OK, FB_ANSWERED, FB_DL_NONE},
		{FB_PUBLISHED, FB_RATE, SENDER, FB_OK, FB_PUBLISHED, FB_DL_NONE},
		{FB_RECEIVED, FB_RATE, SENDER, FB_E_STATE, 0, 0},
		{FB_REFUSED, FB_RERAISE, SENDER, FB_OK, FB_RECEIVED, FB_DL_NONE},
		{FB_PUBLISHED, FB_RERAISE, SENDER, FB_OK, FB_RECEIVED, FB_DL_NONE},
		{FB_ASSIGNED, FB_RERAISE, SENDER, FB_E_STATE, 0, 0},
		{FB_REFUSED, FB_REFUSE, OFFICE, FB_E_STATE, 0, 0},
		/* An assigned item not yet answered goes to another unit, or back. */
		{FB_ASSIGNED, FB_REASSIGN, OFFICE, FB_OK, FB_ASSIGNED, FB_DL_NONE},
		{FB_DRAFTED, FB_REASSIGN, OFFICE, FB_OK, FB_ASSIGNED, FB_DL_NONE},
		{FB_ANSWERED, FB_REASSIGN, OFFICE, FB_E_STATE, 0, 0},
		{FB_RECEIVED, FB_REASSIGN, OFFICE, FB_E_STATE, 0, 0},
		{FB_ASSIGNED, FB_REASSIGN, SPEC, FB_E_ROLE, 0, 0},
		{FB_ASSIGNED, FB_HAND_BACK, SPEC, FB_OK, FB_RECEIVED, FB_DL_NONE},
		{FB_DRAFTED, FB_HAND_BACK, ROLE_HEAD, FB_OK, FB_RECEIVED, FB_DL_NONE},
		{FB_ASSIGNED, FB_HAND_BACK, OFFICE, FB_E_ROLE, 0, 0},
		{FB_ANSWERED, FB_HAND_BACK, SPEC, FB_E_STATE, 0, 0},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		struct fb_item it = {.state = r->from, .publishable = true, .has_category = true};
		struct fb_outcome o;
		int rc = fb_apply(&it, r->action, r->roles, false, &o);
		if (rc != r->want)
			fail_msg("row %zu (%s): %d, want %d", i, fb_action_name(r->action), rc,
				 r->want);
		if (rc == FB_OK) {
			assert_int_equal(o.to, r->to);
			assert_int_equal(o.deadline, r->deadline);
		}
	}
}

static void rules_beyond_the_rows(void **state)
{
	(void)state;
	struct fb_outcome o;
	struct fb_item it = {.state = FB_RECEIVED, .info_requested = true};
	assert_int_equal(fb_apply(&it, FB_REQUEST_INFO, OFFICE, false, &o), FB_E_INFO_TWICE);
	/* Assigning needs a category, given now or set before; never out of scope. */
	assert_int_equal(fb_apply(&it, FB_ASSIGN, OFFICE, false, &o), FB_E_NO_CATEGORY);
	assert_int_equal(fb_apply(&it, FB_ASSIGN, OFFICE, true, &o), FB_OK);
	it.out_of_scope = true;
	assert_int_equal(fb_apply(&it, FB_ASSIGN, OFFICE, false, &o), FB_E_OUT_OF_SCOPE);
	struct fb_item ans = {.state = FB_ANSWERED, .publishable = false};
	assert_int_equal(fb_apply(&ans, FB_PUBLISH, OFFICE, false, &o), FB_E_PRIVATE);
	ans.rated = true;
	assert_int_equal(fb_apply(&ans, FB_RATE, SENDER, false, &o), FB_E_RATED);
	/* The Office confirms a dossier link that does not count yet, once. */
	struct fb_item linked = {.state = FB_ASSIGNED, .link_unconfirmed = true};
	assert_int_equal(fb_apply(&linked, FB_CONFIRM_DOSSIER, OFFICE, false, &o), FB_OK);
	assert_int_equal(o.to, FB_ASSIGNED);
	assert_int_equal(fb_apply(&linked, FB_CONFIRM_DOSSIER, LEADER, false, &o), FB_E_ROLE);
	linked.link_unconfirmed = false;
	assert_int_equal(fb_apply(&linked, FB_CONFIRM_DOSSIER, OFFICE, false, &o), FB_E_NO_LINK);
	/* The clock: asking pauses it, the reply resumes it, approving sends. */
	struct fb_item rec = {.state = FB_RECEIVED};
	assert_int_equal(fb_apply(&rec, FB_REQUEST_INFO, OFFICE, false, &o), FB_OK);
	assert_true(o.pauses && !o.resumes);
	rec.state = FB_AWAITING_INFO;
	assert_int_equal(fb_apply(&rec, FB_REPLY, SENDER, false, &o), FB_OK);
	assert_true(o.resumes);
	struct fb_item dr = {.state = FB_DRAFTED};
	assert_int_equal(fb_apply(&dr, FB_APPROVE, LEADER, false, &o), FB_OK);
	assert_true(o.sends);
	assert_int_equal(fb_deadline_days[FB_DL_REFUSE], 2);
	assert_int_equal(fb_deadline_days[FB_DL_INFO], 5);
	assert_int_equal(fb_deadline_days[FB_DL_ANSWER], 15);
	assert_int_equal(fb_deadline_days[FB_DL_PUBLISH], 2);
}

static void names(void **state)
{
	(void)state;
	for (int a = 0; a < FB_NACTIONS; a++) {
		assert_non_null(fb_action_name((enum fb_action)a));
		assert_int_equal(fb_action_parse(fb_action_name((enum fb_action)a)), a);
		assert_int_equal(fb_action_def((enum fb_action)a)->action, a);
	}
	for (int s = 1; s < FB_NSTATES; s++)
		assert_int_equal(fb_state_parse(fb_state_name((enum fb_state)s)), s);
	assert_int_equal(fb_state_parse("none"), -1);
	assert_int_equal(fb_action_parse("delete"), -1);
	assert_true(fb_category_valid("conduct") && !fb_category_valid(""));
	assert_true(fb_channel_valid("in_person") && !fb_channel_valid("fax"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(transitions),
		cmocka_unit_test(rules_beyond_the_rows),
		cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
