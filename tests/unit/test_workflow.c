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
	d.approved = a != WF_APPROVE; /* approved once */
	d.has_draft = true;
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
	/* No draft, no approval and no result (DOMAIN.md 6: a result is a
	 * file, signed); no approval, no result; approved once. */
	struct wf_dossier l = in_process(4, ROLE_LEADER);
	assert_int_equal(wf_apply(&l, WF_APPROVE, ROLE_LEADER, NULL, &o), WF_E_NO_DRAFT);
	assert_int_equal(wf_apply(&l, WF_ISSUE_RESULT, ROLE_LEADER, NULL, &o), WF_E_NO_DRAFT);
	l.approved = true; /* approved before (an old history): still no result without a file */
	assert_int_equal(wf_apply(&l, WF_ISSUE_RESULT, ROLE_LEADER, NULL, &o), WF_E_NO_DRAFT);
	l.approved = false;
	l.has_draft = true;
	assert_int_equal(wf_apply(&l, WF_ISSUE_RESULT, ROLE_LEADER, NULL, &o), WF_E_NOT_APPROVED);
	assert_int_equal(wf_apply(&l, WF_APPROVE, ROLE_LEADER, NULL, &o), WF_OK);
	l.approved = true;
	assert_int_equal(wf_apply(&l, WF_APPROVE, ROLE_LEADER, NULL, &o), WF_E_APPROVED);
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
	struct wf_dossier d = {.state = DOSSIER_NONE, .nsteps = 5, .has_draft = true};
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

/* Every attribute of every row, against a second statement written here
 * (DOMAIN.md section 6 and 15): target, form, note, to_user, bound to the
 * step's role, place (core/access.c), clock, pause, components, creating,
 * on a dossier and the keys of its events' data. */
static void row_attributes(void **state)
{
	(void)state;
	enum { N = WF_NOTE_OPTIONAL, Y = WF_NOTE_REQUIRED, D = WF_NOTE_REQUIRED_ON_DOSSIER };
	enum { NO = WF_TO_USER_NO, OPT = WF_TO_USER_OPTIONAL, REQ = WF_TO_USER_REQUIRED };
	static const struct {
		enum wf_action a;
		const char *to;
		int form, note, to_user;
		bool step_role;
		const char *place, *clock, *pause;
		bool components, creating, on_dossier;
		const char *keys; /* space-separated, in order */
	} want[] = {
		{WF_SUBMIT, "submitted", 0, N, NO, false, "unit", "none", NULL, true, true, false,
		 "channel due_at missing procedure unit version"},
		{WF_RECEIVE, "received", 1, N, NO, false, "receipt", "starts", NULL, true, true,
		 false, "channel due_at missing procedure unit version"},
		{WF_ACCEPT, "received", 1, N, NO, false, "receipt", "starts", NULL, false, false,
		 true, "unit"},
		{WF_REQUEST_SUPPLEMENT, "awaiting_supplement", 2, D, NO, false, "unit", "pauses",
		 "supplement", true, true, true, "clock counts_late missing unit"},
		{WF_SUPPLEMENT, "computed", 0, N, NO, false, "desk", "resumes", NULL, true, false,
		 true, "clock due_at unit"},
		{WF_REFUSE, "refused", 3, Y, NO, false, "unit", "none", NULL, false, true, true,
		 "stage unit"},
		{WF_TRANSFER, "in_process", 0, N, OPT, true, "step", "none", NULL, false, false,
		 true, "to_user unit"},
		{WF_ASSIGN, "same", 0, N, REQ, false, "step", "none", NULL, false, false, true,
		 "to_user"},
		{WF_REASSIGN, "same", 0, N, REQ, false, "step", "none", NULL, false, false, true,
		 "to_user"},
		{WF_SEND_BACK, "computed", 0, Y, OPT, true, "step", "none", NULL, false, false,
		 true, "to_user unit"},
		{WF_APPROVE, "same", 0, N, NO, true, "step", "none", NULL, false, false, true, ""},
		{WF_REQUEST_EXTENSION, "same", 4, Y, NO, false, "unit", "none", NULL, false, false,
		 true, "counts_late original_due_at proposed_due_at"},
		{WF_APPROVE_EXTENSION, "same", 0, N, NO, false, "unit", "none", NULL, false, false,
		 true, "due_at"},
		{WF_REQUEST_PAYMENT, "awaiting_payment", 0, N, NO, false, "unit", "pauses",
		 "payment", false, false, true, "clock"},
		{WF_RECORD_PAYMENT, "resume", 0, N, NO, false, "desk", "resumes", NULL, false,
		 false, true, "clock due_at"},
		{WF_STOP, "stopped", 5, Y, NO, false, "unit", "none", NULL, false, false, true,
		 "fee_handling legal_basis stage unit"},
		{WF_WITHDRAW, "withdrawn", 5, N, NO, false, "desk", "none", NULL, false, false,
		 true, "fee_handling stage unit"},
		{WF_ISSUE_RESULT, "result_ready", 0, N, NO, true, "step", "none", NULL, false,
		 false, true, "result_code unit"},
		{WF_RETURN_RESULT, "returned", 0, N, NO, false, "desk", "none", NULL, false, false,
		 true, "unit"},
	};
	assert_int_equal(N_ELEMENTS(want), WF_NACTIONS);
	for (size_t i = 0; i < N_ELEMENTS(want); i++) {
		const struct wf_action_def *r = wf_action_def(want[i].a);
		assert_non_null(r);
		const char *name = wf_action_name(want[i].a);
		assert_int_equal(r->action, want[i].a);
		if (strcmp(wf_target_name(r->to), want[i].to) || r->form != want[i].form ||
		    (int)r->note != want[i].note || (int)r->to_user != want[i].to_user ||
		    r->step_role != want[i].step_role ||
		    strcmp(wf_place_name(r->place), want[i].place) ||
		    strcmp(wf_clock_name(r->clock), want[i].clock) ||
		    (r->pause == NULL) != (want[i].pause == NULL) ||
		    (r->pause && strcmp(r->pause, want[i].pause)) ||
		    r->components != want[i].components || r->creating != want[i].creating ||
		    r->on_dossier != want[i].on_dossier)
			fail_msg("row %s differs", name);
		char keys[256] = "";
		for (int k = 0; k < WF_NKEYS; k++)
			if (r->keys & WF_KEY(k)) {
				if (*keys)
					strcat(keys, " ");
				strcat(keys, wf_key_name((enum wf_key)k));
			}
		if (r->creating && !r->on_dossier) {
			char ck[256] = "";
			for (int k = 0; k < WF_NKEYS; k++)
				if (wf_create_keys() & WF_KEY(k)) {
					if (*ck)
						strcat(ck, " ");
					strcat(ck, wf_key_name((enum wf_key)k));
				}
			assert_string_equal(ck, want[i].keys);
			assert_int_equal(r->keys, wf_create_keys());
		} else if (strcmp(keys, want[i].keys)) {
			fail_msg("%s keys: \"%s\", want \"%s\"", name, keys, want[i].keys);
		}
		/* Creating is exactly "listed from DOSSIER_NONE"; on a dossier,
		 * exactly "listed from some other state". */
		bool from_none = wf_action_from(want[i].a, DOSSIER_NONE), from_other = false;
		for (int s = 1; s < DOSSIER_NSTATES; s++)
			from_other |= wf_action_from(want[i].a, (enum dossier_state)s);
		assert_int_equal(r->creating, from_none);
		assert_int_equal(r->on_dossier, from_other);
		/* The note rule as svc asks it. */
		assert_int_equal(wf_note_required(want[i].a, false), want[i].note != N);
		assert_int_equal(wf_note_required(want[i].a, true), want[i].note == Y);
	}
	assert_null(wf_action_def(WF_NACTIONS));
	assert_null(wf_action_def((enum wf_action) - 1));
	assert_null(wf_key_name(WF_NKEYS));
}

/* The bound-to-step rule is the row's: another role at the step is refused
 * exactly for the rows that say so. */
static void step_role_rows(void **state)
{
	(void)state;
	for (int a = 0; a < WF_NACTIONS; a++)
		for (int s = 0; s < DOSSIER_NSTATES; s++)
			for (const unsigned *r = role_all; *r; r++) {
				if (!(wf_action_roles((enum wf_action)a, (enum dossier_state)s) &
				      *r))
					continue;
				struct wf_dossier d =
					permissive((enum dossier_state)s, (enum wf_action)a, *r);
				d.step_role = *r == ROLE_ADMIN ? ROLE_OFFICE : ROLE_ADMIN;
				struct wf_params p = {.office_ms_left = 40 * 3600000LL};
				struct wf_outcome o;
				int rc = wf_apply(&d, (enum wf_action)a, *r, &p, &o);
				bool bound = wf_action_def((enum wf_action)a)->step_role;
				if ((rc == WF_E_STEP_ROLE) != bound)
					fail_msg("%s from %s by %s: %d", wf_action_name(a),
						 wf_state_name(s), role_name(*r), rc);
			}
}

#define E(x) WF_FX_##x
#define K(x) WF_KEY(WF_K_##x)

/* The complete list of effects and the event's keys of each kind of
 * application (the permissive dossier at step 2 of 5). */
static void effect_lists(void **state)
{
	(void)state;
	static const struct {
		enum wf_action a;
		enum dossier_state from;
		const char *role;
		bool received;
		enum wf_effect fx[WF_MAX_EFFECTS];
		int n;
		unsigned keys;
	} t[] = {
		{WF_SUBMIT,
		 DOSSIER_NONE,
		 "c",
		 false,
		 {E(AWAIT_ACCEPTANCE)},
		 1,
		 K(CHANNEL) | K(DUE_AT) | K(MISSING) | K(PROCEDURE) | K(UNIT) | K(VERSION)},
		{WF_RECEIVE,
		 DOSSIER_NONE,
		 "r",
		 false,
		 {E(START_CLOCK)},
		 1,
		 K(CHANNEL) | K(DUE_AT) | K(MISSING) | K(PROCEDURE) | K(UNIT) | K(VERSION)},
		{WF_REQUEST_SUPPLEMENT,
		 DOSSIER_NONE,
		 "r",
		 false,
		 {E(HOLD_AT_DESK)},
		 1,
		 K(CHANNEL) | K(DUE_AT) | K(MISSING) | K(PROCEDURE) | K(UNIT) | K(VERSION)},
		{WF_REFUSE,
		 DOSSIER_NONE,
		 "r",
		 false,
		 {E(CLOSE_PAUSE), E(TIMELINESS), E(CLEAR_ASSIGNEE), E(END)},
		 4,
		 K(CHANNEL) | K(DUE_AT) | K(MISSING) | K(PROCEDURE) | K(UNIT) | K(VERSION)},
		{WF_ACCEPT, DOSSIER_SUBMITTED, "r", false, {E(START_CLOCK)}, 1, K(UNIT)},
		{WF_REQUEST_SUPPLEMENT,
		 DOSSIER_SUBMITTED,
		 "r",
		 false,
		 {E(COMPONENTS)},
		 1,
		 K(MISSING)},
		{WF_REQUEST_SUPPLEMENT,
		 DOSSIER_IN_PROCESS,
		 "s",
		 true,
		 {E(COMPONENTS), E(PAUSE)},
		 2,
		 K(CLOCK) | K(MISSING)},
		{WF_SUPPLEMENT,
		 DOSSIER_AWAITING_SUPPLEMENT,
		 "c",
		 true,
		 {E(COMPONENTS), E(RESUME)},
		 2,
		 K(CLOCK) | K(DUE_AT)},
		{WF_SUPPLEMENT,
		 DOSSIER_AWAITING_SUPPLEMENT,
		 "r",
		 false,
		 {E(COMPONENTS), E(REQUIRE_COMPLETE), E(START_CLOCK)},
		 3,
		 K(DUE_AT)},
		{WF_SUPPLEMENT,
		 DOSSIER_AWAITING_SUPPLEMENT,
		 "c",
		 false,
		 {E(COMPONENTS), E(AWAIT_ACCEPTANCE)},
		 2,
		 K(DUE_AT)},
		{WF_REFUSE,
		 DOSSIER_IN_PROCESS,
		 "l",
		 true,
		 {E(CLOSE_PAUSE), E(TIMELINESS), E(CLEAR_ASSIGNEE), E(END)},
		 4,
		 K(STAGE) | K(UNIT)},
		{WF_TRANSFER,
		 DOSSIER_IN_PROCESS,
		 "s",
		 true,
		 {E(ENTER_STEP), E(ASSIGN)},
		 2,
		 K(TO_USER) | K(UNIT)},
		{WF_ASSIGN,
		 DOSSIER_IN_PROCESS,
		 "h",
		 true,
		 {E(REQUIRE_TO_USER), E(ASSIGN)},
		 2,
		 K(TO_USER)},
		{WF_SEND_BACK,
		 DOSSIER_IN_PROCESS,
		 "h",
		 true,
		 {E(ENTER_STEP), E(ASSIGN), E(UNAPPROVE)},
		 3,
		 K(TO_USER) | K(UNIT)},
		{WF_APPROVE, DOSSIER_IN_PROCESS, "l", true, {E(APPROVE)}, 1, 0},
		{WF_REQUEST_EXTENSION,
		 DOSSIER_IN_PROCESS,
		 "s",
		 true,
		 {E(REQUEST_EXTENSION), E(COUNTS_LATE)},
		 2,
		 K(COUNTS_LATE) | K(ORIGINAL_DUE_AT) | K(PROPOSED_DUE_AT)},
		{WF_APPROVE_EXTENSION,
		 DOSSIER_IN_PROCESS,
		 "l",
		 true,
		 {E(APPROVE_EXTENSION)},
		 1,
		 K(DUE_AT)},
		{WF_REQUEST_PAYMENT, DOSSIER_IN_PROCESS, "s", true, {E(PAUSE)}, 1, K(CLOCK)},
		{WF_RECORD_PAYMENT,
		 DOSSIER_AWAITING_PAYMENT,
		 "r",
		 true,
		 {E(RESUME)},
		 1,
		 K(CLOCK) | K(DUE_AT)},
		{WF_STOP,
		 DOSSIER_AWAITING_SUPPLEMENT,
		 "h",
		 true,
		 {E(CLOSE_PAUSE), E(TIMELINESS), E(CLEAR_ASSIGNEE), E(END)},
		 4,
		 K(FEE_HANDLING) | K(LEGAL_BASIS) | K(STAGE) | K(UNIT)},
		{WF_WITHDRAW,
		 DOSSIER_SUBMITTED,
		 "c",
		 false,
		 {E(CLOSE_PAUSE), E(TIMELINESS), E(CLEAR_ASSIGNEE), E(END)},
		 4,
		 K(FEE_HANDLING) | K(STAGE) | K(UNIT)},
		{WF_ISSUE_RESULT,
		 DOSSIER_IN_PROCESS,
		 "l",
		 true,
		 {E(ISSUE_RESULT), E(ENTER_STEP), E(CLEAR_ASSIGNEE)},
		 3,
		 K(RESULT_CODE) | K(UNIT)},
		{WF_RETURN_RESULT,
		 DOSSIER_RESULT_READY,
		 "r",
		 true,
		 {E(RETURN_RESULT), E(CLEAR_ASSIGNEE), E(END)},
		 3,
		 K(UNIT)},
	};
	bool seen[WF_NEFFECTS] = {0};
	for (size_t i = 0; i < N_ELEMENTS(t); i++) {
		unsigned r = roles_of(t[i].role);
		struct wf_dossier d = permissive(t[i].from, t[i].a, r);
		d.received = t[i].received;
		if (t[i].a == WF_SUPPLEMENT && !t[i].received)
			d.step = 1;
		struct wf_params p = {.office_ms_left = 40 * 3600000LL};
		struct wf_outcome o;
		int rc = wf_apply(&d, t[i].a, r, &p, &o);
		if (rc != WF_OK)
			fail_msg("%s from %s: %d", wf_action_name(t[i].a), wf_state_name(t[i].from),
				 rc);
		bool same = o.neffects == t[i].n;
		for (int k = 0; same && k < o.neffects; k++)
			same = o.effects[k] == t[i].fx[k];
		if (!same || o.keys != t[i].keys)
			fail_msg("%s from %s by %s: %d effects (first %d), keys %#x, want %d, %#x",
				 wf_action_name(t[i].a), wf_state_name(t[i].from), t[i].role,
				 o.neffects, o.neffects ? (int)o.effects[0] : -1, o.keys, t[i].n,
				 t[i].keys);
		assert_ptr_equal(o.def, wf_action_def(t[i].a));
		for (int k = 0; k < o.neffects; k++)
			seen[o.effects[k]] = true;
	}
	/* Every effect is carried out by some action. */
	for (int e = 0; e < WF_NEFFECTS; e++)
		if (!seen[e])
			fail_msg("effect %d is never listed", e);
	/* A second supplement request, knowingly late: counted late. */
	struct wf_dossier d = in_process(2, ROLE_SPECIALIST);
	d.supplements = 1;
	struct wf_params late = {.accept_late = true};
	struct wf_outcome o;
	assert_int_equal(wf_apply(&d, WF_REQUEST_SUPPLEMENT, ROLE_SPECIALIST, &late, &o), WF_OK);
	assert_int_equal(o.neffects, 3);
	assert_int_equal(o.effects[2], WF_FX_COUNTS_LATE);
	assert_int_equal(o.keys, K(CLOCK) | K(COUNTS_LATE) | K(MISSING));
	/* to_user names an officer of the step the dossier goes to. */
	d = in_process(2, ROLE_SPECIALIST);
	d.next_step_role = ROLE_HEAD;
	assert_int_equal(wf_apply(&d, WF_TRANSFER, ROLE_SPECIALIST, NULL, &o), WF_OK);
	assert_int_equal(o.to_user_step, 3);
	d.assigned = false;
	assert_int_equal(wf_apply(&d, WF_ASSIGN, ROLE_HEAD, NULL, &o), WF_OK);
	assert_int_equal(o.to_user_step, 2);
}

#undef E
#undef K

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
		cmocka_unit_test(row_attributes),
		cmocka_unit_test(step_role_rows),
		cmocka_unit_test(effect_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
