/* The transition table of core/workflow.c, exhaustively: every action in
 * every state for every role, against a matrix written out here by hand
 * from DOMAIN.md section 6 (so the table is checked against a second
 * statement of the rules, not against itself); then the rules a row cannot
 * express, and whole paths. */
#include <stdio.h>
#include <string.h>

#include "core/roles.h"
#include "core/workflow.h"
#include "test_helpers.h"

/* Roles by letter: a admin, r receiver, s specialist, h head, l leader,
 * o office, c citizen. One string per state, in enum order:
 * none submitted received refused in_process awaiting_supplement
 * awaiting_payment withdrawn stopped result_ready returned. */
static const struct {
	enum wf_action action;
	const char *by_state[DOSSIER_NSTATES];
} expected[] = {
	{WF_SUBMIT, {"c", "", "", "", "", "", "", "", "", "", ""}},
	{WF_RECEIVE, {"r", "", "", "", "", "", "", "", "", "", ""}},
	{WF_ACCEPT, {"", "r", "", "", "", "", "", "", "", "", ""}},
	{WF_REQUEST_SUPPLEMENT, {"r", "r", "rsh", "", "rsh", "", "", "", "", "", ""}},
	{WF_SUPPLEMENT, {"", "", "", "", "", "rc", "", "", "", "", ""}},
	{WF_REFUSE, {"r", "r", "r", "", "hl", "", "", "", "", "", ""}},
	{WF_TRANSFER, {"", "", "rshl", "", "rshl", "", "", "", "", "", ""}},
	{WF_ASSIGN, {"", "", "h", "", "h", "h", "h", "", "", "", ""}},
	{WF_REASSIGN, {"", "", "h", "", "h", "h", "h", "", "", "", ""}},
	{WF_SEND_BACK, {"", "", "", "", "shl", "", "", "", "", "", ""}},
	{WF_APPROVE, {"", "", "", "", "hl", "", "", "", "", "", ""}},
	{WF_REQUEST_EXTENSION, {"", "", "sh", "", "sh", "", "", "", "", "", ""}},
	{WF_APPROVE_EXTENSION, {"", "", "l", "", "l", "l", "l", "", "", "", ""}},
	{WF_REQUEST_PAYMENT, {"", "", "rsh", "", "rsh", "", "", "", "", "", ""}},
	{WF_RECORD_PAYMENT, {"", "", "", "", "", "", "r", "", "", "", ""}},
	{WF_STOP, {"", "", "hl", "", "hl", "hl", "hl", "", "", "", ""}},
	{WF_WITHDRAW, {"", "rc", "rc", "", "rc", "rc", "rc", "", "", "", ""}},
	{WF_ISSUE_RESULT, {"", "", "", "", "hl", "", "", "", "", "", ""}},
	{WF_RETURN_RESULT, {"", "", "", "", "", "", "", "", "", "r", ""}},
};

static unsigned role_of(char c)
{
	switch (c) {
	case 'a':
		return ROLE_ADMIN;
	case 'r':
		return ROLE_RECEIVER;
	case 's':
		return ROLE_SPECIALIST;
	case 'h':
		return ROLE_HEAD;
	case 'l':
		return ROLE_LEADER;
	case 'o':
		return ROLE_OFFICE;
	case 'c':
		return ROLE_CITIZEN;
	}
	return 0;
}

static unsigned roles_of(const char *s)
{
	unsigned r = 0;
	for (; *s; s++)
		r |= role_of(*s);
	return r;
}

/* A dossier in state s on which the action's own extra rules all pass, so
 * that only the table decides. The step's role is the actor's role. */
static struct wf_dossier permissive(enum dossier_state s, enum wf_action a, unsigned role)
{
	struct wf_dossier d = {0};
	d.state = s;
	d.received = s != DOSSIER_NONE && s != DOSSIER_SUBMITTED;
	d.nsteps = 5;
	d.step = s == DOSSIER_NONE ? 0 : 2;
	d.step_role = role;
	d.next_step_role = ROLE_HEAD;
	d.assigned = a == WF_REASSIGN;
	d.extension_requested = a == WF_APPROVE_EXTENSION;
	d.extension_pending = a == WF_APPROVE_EXTENSION;
	d.approved = true;
	d.resume_state = DOSSIER_IN_PROCESS;
	return d;
}

static void every_action_state_role(void **state)
{
	(void)state;
	assert_int_equal(N_ELEMENTS(expected), WF_NACTIONS);
	size_t checked = 0, allowed = 0;
	for (size_t i = 0; i < N_ELEMENTS(expected); i++) {
		enum wf_action a = expected[i].action;
		bool any_state = false;
		for (int s = 0; s < DOSSIER_NSTATES; s++)
			if (*expected[i].by_state[s])
				any_state = true;
		assert_true(any_state);
		for (int s = 0; s < DOSSIER_NSTATES; s++) {
			unsigned want = roles_of(expected[i].by_state[s]);
			assert_int_equal(wf_action_roles(a, (enum dossier_state)s), want);
			assert_int_equal(wf_action_from(a, (enum dossier_state)s), want != 0);
			for (const unsigned *r = role_all; *r; r++) {
				struct wf_dossier d = permissive((enum dossier_state)s, a, *r);
				struct wf_params p = {.office_ms_left = 5 * 8 * 3600000LL};
				struct wf_outcome o;
				memset(&o, 0x5a, sizeof o);
				int rc = wf_apply(&d, a, *r, &p, &o);
				int expect = (want & *r) ? WF_OK : want ? WF_E_ROLE : WF_E_STATE;
				if (rc != expect)
					fail_msg("%s from %s by %s: got %d (%s), want %d",
						 wf_action_name(a),
						 wf_state_name((enum dossier_state)s),
						 role_name(*r), rc, wf_error_text(rc), expect);
				if (rc == WF_OK) {
					allowed++;
					assert_true(o.to > DOSSIER_NONE && o.to < DOSSIER_NSTATES);
					assert_int_equal(o.ends, wf_state_is_end(o.to));
				}
				checked++;
			}
		}
	}
	assert_int_equal(checked, (size_t)WF_NACTIONS * DOSSIER_NSTATES * 7);
	assert_true(allowed > 40);
}

/* With several roles at once, allowed iff any one of them is. */
static void role_combinations(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMENTS(expected); i++)
		for (int s = 0; s < DOSSIER_NSTATES; s++) {
			unsigned want = roles_of(expected[i].by_state[s]);
			for (unsigned set = 1; set < 128; set++) {
				unsigned roles = 0;
				for (int b = 0; b < 7; b++)
					if (set & (1u << b))
						roles |= role_all[b];
				struct wf_dossier d = permissive((enum dossier_state)s,
								 expected[i].action, roles);
				struct wf_params p = {.office_ms_left = 40 * 3600000LL};
				struct wf_outcome o;
				int rc = wf_apply(&d, expected[i].action, roles, &p, &o);
				assert_int_equal(rc == WF_OK, (want & roles) != 0);
			}
		}
}

/* Where each allowed action leads (state and step), from the permissive
 * dossier at step 2 of 5. */
static void targets(void **state)
{
	(void)state;
	static const struct {
		enum wf_action a;
		enum dossier_state from;
		const char *role;
		enum dossier_state to;
		int step, form;
	} t[] = {
		{WF_SUBMIT, DOSSIER_NONE, "c", DOSSIER_SUBMITTED, 1, 0},
		{WF_RECEIVE, DOSSIER_NONE, "r", DOSSIER_RECEIVED, 1, 1},
		{WF_ACCEPT, DOSSIER_SUBMITTED, "r", DOSSIER_RECEIVED, 1, 1},
		{WF_REQUEST_SUPPLEMENT, DOSSIER_NONE, "r", DOSSIER_AWAITING_SUPPLEMENT, 0, 2},
		{WF_REQUEST_SUPPLEMENT, DOSSIER_IN_PROCESS, "s", DOSSIER_AWAITING_SUPPLEMENT, 2, 2},
		{WF_SUPPLEMENT, DOSSIER_AWAITING_SUPPLEMENT, "c", DOSSIER_IN_PROCESS, 2, 0},
		{WF_REFUSE, DOSSIER_NONE, "r", DOSSIER_REFUSED, 0, 3},
		{WF_REFUSE, DOSSIER_IN_PROCESS, "l", DOSSIER_REFUSED, 2, 3},
		{WF_TRANSFER, DOSSIER_RECEIVED, "r", DOSSIER_IN_PROCESS, 3, 0},
		{WF_TRANSFER, DOSSIER_IN_PROCESS, "s", DOSSIER_IN_PROCESS, 3, 0},
		{WF_SEND_BACK, DOSSIER_IN_PROCESS, "h", DOSSIER_RECEIVED, 1, 0},
		{WF_APPROVE, DOSSIER_IN_PROCESS, "l", DOSSIER_IN_PROCESS, 2, 0},
		{WF_REQUEST_EXTENSION, DOSSIER_IN_PROCESS, "s", DOSSIER_IN_PROCESS, 2, 4},
		{WF_REQUEST_PAYMENT, DOSSIER_IN_PROCESS, "s", DOSSIER_AWAITING_PAYMENT, 2, 0},
		{WF_RECORD_PAYMENT, DOSSIER_AWAITING_PAYMENT, "r", DOSSIER_IN_PROCESS, 2, 0},
		{WF_STOP, DOSSIER_AWAITING_SUPPLEMENT, "h", DOSSIER_STOPPED, 2, 5},
		{WF_WITHDRAW, DOSSIER_IN_PROCESS, "c", DOSSIER_WITHDRAWN, 2, 5},
		{WF_WITHDRAW, DOSSIER_SUBMITTED, "c", DOSSIER_WITHDRAWN, 2, 0},
		{WF_ISSUE_RESULT, DOSSIER_IN_PROCESS, "l", DOSSIER_RESULT_READY, 5, 0},
		{WF_RETURN_RESULT, DOSSIER_RESULT_READY, "r", DOSSIER_RETURNED, 2, 0},
	};
	for (size_t i = 0; i < N_ELEMENTS(t); i++) {
		unsigned r = roles_of(t[i].role);
		struct wf_dossier d = permissive(t[i].from, t[i].a, r);
		if (t[i].from == DOSSIER_SUBMITTED)
			d.step = 2;
		struct wf_params p = {.office_ms_left = 40 * 3600000LL};
		struct wf_outcome o;
		int rc = wf_apply(&d, t[i].a, r, &p, &o);
		if (rc != WF_OK || o.to != t[i].to || o.step != t[i].step || o.form != t[i].form)
			fail_msg("%s from %s: rc %d to %s step %d form %d", wf_action_name(t[i].a),
				 wf_state_name(t[i].from), rc, wf_state_name(o.to), o.step, o.form);
	}
}

static struct wf_dossier in_process(int step, unsigned step_role)
{
	struct wf_dossier d = {.state = DOSSIER_IN_PROCESS,
			       .received = true,
			       .step = step,
			       .nsteps = 5,
			       .step_role = step_role};
	return d;
}

static void clock_effects(void **state)
{
	(void)state;
	struct wf_outcome o;
	struct wf_dossier d = in_process(2, ROLE_SPECIALIST);
	assert_int_equal(wf_apply(&d, WF_REQUEST_SUPPLEMENT, ROLE_SPECIALIST, NULL, &o), WF_OK);
	assert_true(o.pauses_clock);
	assert_false(o.counts_late);
	/* At the desk before receipt the clock has not started: no pause. */
	struct wf_dossier n = {.state = DOSSIER_NONE, .nsteps = 5};
	assert_int_equal(wf_apply(&n, WF_REQUEST_SUPPLEMENT, ROLE_RECEIVER, NULL, &o), WF_OK);
	assert_false(o.pauses_clock);
	assert_false(o.starts_clock);
	/* Supplementing a dossier never received receives it (Form 01). */
	struct wf_dossier w = {.state = DOSSIER_AWAITING_SUPPLEMENT, .nsteps = 5};
	assert_int_equal(wf_apply(&w, WF_SUPPLEMENT, ROLE_RECEIVER, NULL, &o), WF_OK);
	assert_true(o.starts_clock);
	assert_false(o.resumes_clock);
	assert_int_equal(o.to, DOSSIER_RECEIVED);
	assert_int_equal(o.form, 1);
	assert_int_equal(o.step, 1);
	/* Supplemented online before receipt: back to the receivers. */
	assert_int_equal(wf_apply(&w, WF_SUPPLEMENT, ROLE_CITIZEN, NULL, &o), WF_OK);
	assert_false(o.starts_clock);
	assert_int_equal(o.to, DOSSIER_SUBMITTED);
	/* ...and a paused one resumes where it was. */
	w.received = true;
	w.step = 3;
	w.resume_state = DOSSIER_RECEIVED;
	assert_int_equal(wf_apply(&w, WF_SUPPLEMENT, ROLE_CITIZEN, NULL, &o), WF_OK);
	assert_true(o.resumes_clock);
	assert_int_equal(o.to, DOSSIER_RECEIVED);
	assert_int_equal(o.step, 3);
	struct wf_dossier r = {.state = DOSSIER_NONE, .nsteps = 5};
	assert_int_equal(wf_apply(&r, WF_RECEIVE, ROLE_RECEIVER, NULL, &o), WF_OK);
	assert_true(o.starts_clock);
}

static void supplement_once(void **state)
{
	(void)state;
	struct wf_outcome o;
	struct wf_dossier d = in_process(2, ROLE_SPECIALIST);
	d.supplements = 1;
	assert_int_equal(wf_apply(&d, WF_REQUEST_SUPPLEMENT, ROLE_SPECIALIST, NULL, &o),
			 WF_E_SUPPLEMENT_TWICE);
	struct wf_params late = {.accept_late = true};
	assert_int_equal(wf_apply(&d, WF_REQUEST_SUPPLEMENT, ROLE_SPECIALIST, &late, &o), WF_OK);
	assert_true(o.counts_late);
	assert_true(o.pauses_clock);
	/* Requests before receipt do not count. */
	struct wf_dossier s = {.state = DOSSIER_SUBMITTED, .supplements = 0, .nsteps = 5};
	assert_int_equal(wf_apply(&s, WF_REQUEST_SUPPLEMENT, ROLE_RECEIVER, NULL, &o), WF_OK);
}

static void extension_rules(void **state)
{
	(void)state;
	struct wf_outcome o;
	struct wf_dossier d = in_process(2, ROLE_SPECIALIST);
	struct wf_params p = {.office_ms_left = 8 * 3600000LL};
	assert_int_equal(wf_apply(&d, WF_REQUEST_EXTENSION, ROLE_HEAD, &p, &o), WF_OK);
	assert_true(o.counts_late);
	assert_int_equal(o.form, 4);
	p.office_ms_left = 8 * 3600000LL - 1;
	assert_int_equal(wf_apply(&d, WF_REQUEST_EXTENSION, ROLE_HEAD, &p, &o),
			 WF_E_EXTENSION_LATE);
	p.office_ms_left = -5;
	assert_int_equal(wf_apply(&d, WF_REQUEST_EXTENSION, ROLE_HEAD, &p, &o),
			 WF_E_EXTENSION_LATE);
	d.extension_requested = true;
	p.office_ms_left = 100 * 3600000LL;
	assert_int_equal(wf_apply(&d, WF_REQUEST_EXTENSION, ROLE_HEAD, &p, &o),
			 WF_E_EXTENSION_TWICE);
	assert_int_equal(wf_apply(&d, WF_APPROVE_EXTENSION, ROLE_LEADER, NULL, &o),
			 WF_E_NO_EXTENSION);
	d.extension_pending = true;
	assert_int_equal(wf_apply(&d, WF_APPROVE_EXTENSION, ROLE_LEADER, NULL, &o), WF_OK);
	assert_int_equal(wf_apply(&d, WF_APPROVE_EXTENSION, ROLE_HEAD, NULL, &o), WF_E_ROLE);
}

static void steps_and_approval(void **state)
{
	(void)state;
	struct wf_outcome o;
	/* The step's role: a head may not transfer the specialist's step. */
	struct wf_dossier d = in_process(2, ROLE_SPECIALIST);
	d.next_step_role = ROLE_HEAD;
	assert_int_equal(wf_apply(&d, WF_TRANSFER, ROLE_HEAD, NULL, &o), WF_E_STEP_ROLE);
	assert_int_equal(wf_apply(&d, WF_TRANSFER, ROLE_SPECIALIST, NULL, &o), WF_OK);
	assert_int_equal(o.step, 3);
	assert_true(o.hand_over);
	assert_true(o.clears_assignee);
	/* No approval, no result. */
	struct wf_dossier l = in_process(4, ROLE_LEADER);
	assert_int_equal(wf_apply(&l, WF_ISSUE_RESULT, ROLE_LEADER, NULL, &o), WF_E_NOT_APPROVED);
	assert_int_equal(wf_apply(&l, WF_APPROVE, ROLE_LEADER, NULL, &o), WF_OK);
	l.approved = true;
	assert_int_equal(wf_apply(&l, WF_ISSUE_RESULT, ROLE_LEADER, NULL, &o), WF_OK);
	assert_int_equal(o.to, DOSSIER_RESULT_READY);
	assert_int_equal(o.step, 5);
	/* The desk's return step is reached by issuing the result, not a transfer. */
	l.next_step_role = ROLE_RECEIVER;
	assert_int_equal(wf_apply(&l, WF_TRANSFER, ROLE_LEADER, NULL, &o), WF_E_NO_NEXT_STEP);
	struct wf_dossier last = in_process(5, ROLE_HEAD);
	assert_int_equal(wf_apply(&last, WF_TRANSFER, ROLE_HEAD, NULL, &o), WF_E_NO_NEXT_STEP);
	/* Sending back. */
	struct wf_dossier first = in_process(1, ROLE_RECEIVER);
	assert_int_equal(wf_apply(&first, WF_SEND_BACK, ROLE_SPECIALIST, NULL, &o), WF_E_STEP_ROLE);
	struct wf_dossier one = in_process(1, ROLE_SPECIALIST);
	assert_int_equal(wf_apply(&one, WF_SEND_BACK, ROLE_SPECIALIST, NULL, &o),
			 WF_E_NO_PREVIOUS_STEP);
	struct wf_dossier three = in_process(3, ROLE_HEAD);
	assert_int_equal(wf_apply(&three, WF_SEND_BACK, ROLE_HEAD, NULL, &o), WF_OK);
	assert_int_equal(o.step, 2);
	assert_int_equal(o.to, DOSSIER_IN_PROCESS);
	/* Assign versus reassign. */
	assert_int_equal(wf_apply(&three, WF_REASSIGN, ROLE_HEAD, NULL, &o), WF_E_UNASSIGNED);
	three.assigned = true;
	assert_int_equal(wf_apply(&three, WF_ASSIGN, ROLE_HEAD, NULL, &o), WF_E_ASSIGNED);
	assert_int_equal(wf_apply(&three, WF_REASSIGN, ROLE_HEAD, NULL, &o), WF_OK);
}

/* The normal path of LD-02 (desk, specialist, head, leader, desk). */
static void whole_path(void **state)
{
	(void)state;
	const unsigned step_roles[] = {
		0, ROLE_RECEIVER, ROLE_SPECIALIST, ROLE_HEAD, ROLE_LEADER, ROLE_RECEIVER, 0};
	struct wf_dossier d = {.state = DOSSIER_NONE, .nsteps = 5};
	struct {
		enum wf_action a;
		unsigned role;
		enum dossier_state to;
	} path[] = {
		{WF_RECEIVE, ROLE_RECEIVER, DOSSIER_RECEIVED},
		{WF_TRANSFER, ROLE_RECEIVER, DOSSIER_IN_PROCESS},
		{WF_REQUEST_SUPPLEMENT, ROLE_SPECIALIST, DOSSIER_AWAITING_SUPPLEMENT},
		{WF_SUPPLEMENT, ROLE_CITIZEN, DOSSIER_IN_PROCESS},
		{WF_TRANSFER, ROLE_SPECIALIST, DOSSIER_IN_PROCESS},
		{WF_TRANSFER, ROLE_HEAD, DOSSIER_IN_PROCESS},
		{WF_APPROVE, ROLE_LEADER, DOSSIER_IN_PROCESS},
		{WF_ISSUE_RESULT, ROLE_LEADER, DOSSIER_RESULT_READY},
		{WF_RETURN_RESULT, ROLE_RECEIVER, DOSSIER_RETURNED},
	};
	for (size_t i = 0; i < N_ELEMENTS(path); i++) {
		d.step_role = step_roles[d.step];
		d.next_step_role = step_roles[d.step + 1];
		struct wf_outcome o;
		int rc = wf_apply(&d, path[i].a, path[i].role, NULL, &o);
		if (rc != WF_OK || o.to != path[i].to)
			fail_msg("step %zu %s: %d %s", i, wf_action_name(path[i].a), rc,
				 wf_error_text(rc));
		if (o.pauses_clock) {
			d.resume_state = d.state;
			d.supplements++;
		}
		if (o.starts_clock)
			d.received = true;
		if (path[i].a == WF_APPROVE)
			d.approved = true;
		d.state = o.to;
		d.step = o.step;
	}
	assert_int_equal(d.state, DOSSIER_RETURNED);
	/* Nothing is allowed after the end. */
	for (int a = 0; a < WF_NACTIONS; a++) {
		struct wf_outcome o;
		assert_int_equal(wf_apply(&d, (enum wf_action)a, ROLES_ANY, NULL, &o), WF_E_STATE);
	}
}

static void names(void **state)
{
	(void)state;
	/* The national status codes are the enum values. */
	assert_int_equal(wf_state_parse("submitted"), 1);
	assert_int_equal(wf_state_parse("in_process"), 4);
	assert_int_equal(wf_state_parse("returned"), 10);
	assert_int_equal(wf_state_parse("none"), -1);
	assert_int_equal(wf_state_parse("bogus"), -1);
	for (int s = 1; s < DOSSIER_NSTATES; s++) {
		assert_int_equal(wf_state_parse(wf_state_name((enum dossier_state)s)), s);
		assert_true(strlen(wf_state_label_vi((enum dossier_state)s)) > 3);
		assert_true(strlen(wf_state_label_en((enum dossier_state)s)) > 3);
	}
	for (int a = 0; a < WF_NACTIONS; a++)
		assert_int_equal(wf_action_parse(wf_action_name((enum wf_action)a)), a);
	assert_int_equal(wf_action_parse("approve_everything"), -1);
	assert_null(wf_state_name((enum dossier_state)99));
	assert_null(wf_action_name(WF_NACTIONS));
	for (int e = 0; e >= -12; e--)
		assert_string_not_equal(wf_error_text(e), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_action_state_role),
		cmocka_unit_test(role_combinations),
		cmocka_unit_test(targets),
		cmocka_unit_test(clock_effects),
		cmocka_unit_test(supplement_once),
		cmocka_unit_test(extension_rules),
		cmocka_unit_test(steps_and_approval),
		cmocka_unit_test(whole_path),
		cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
