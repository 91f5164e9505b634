/* The transition table of the dossier lifecycle and the pure function that
 * applies it: see workflow.h. Layer: core.
 *
 * The table is the single place that says who may do what from where. The
 * few rules a table row cannot express (a second supplement request, an
 * extension once and in time, a result only after an approval, the step's
 * own role) are checked in wf_apply() right after the row is found. */
#include "core/workflow.h"

#include <string.h>

#include "core/roles.h"

#define S(x)	(1u << DOSSIER_##x)
#define WAITING (S(AWAITING_SUPPLEMENT) | S(AWAITING_PAYMENT))
#define ACTIVE	(S(RECEIVED) | S(IN_PROCESS))

/* Special targets. */
enum { TO_SAME = -1, TO_RESUME = -2, TO_COMPUTED = -3 };

struct wf_rule {
	enum wf_action action;
	unsigned from;	/* bit set of states */
	unsigned roles; /* role bits */
	int to;		/* enum dossier_state or TO_* */
	int form;
};

static const struct wf_rule rules[] = {
	{WF_SUBMIT, S(NONE), ROLE_CITIZEN, DOSSIER_SUBMITTED, 0},
	{WF_RECEIVE, S(NONE), ROLE_RECEIVER, DOSSIER_RECEIVED, 1},
	{WF_ACCEPT, S(SUBMITTED), ROLE_RECEIVER, DOSSIER_RECEIVED, 1},
	{WF_REQUEST_SUPPLEMENT, S(NONE) | S(SUBMITTED), ROLE_RECEIVER, DOSSIER_AWAITING_SUPPLEMENT,
	 2},
	{WF_REQUEST_SUPPLEMENT, ACTIVE, ROLE_RECEIVER | ROLE_SPECIALIST | ROLE_HEAD,
	 DOSSIER_AWAITING_SUPPLEMENT, 2},
	{WF_SUPPLEMENT, S(AWAITING_SUPPLEMENT), ROLE_RECEIVER | ROLE_CITIZEN, TO_COMPUTED, 0},
	{WF_REFUSE, S(NONE) | S(SUBMITTED) | S(RECEIVED), ROLE_RECEIVER, DOSSIER_REFUSED, 3},
	{WF_REFUSE, S(IN_PROCESS), ROLE_HEAD | ROLE_LEADER, DOSSIER_REFUSED, 3},
	{WF_TRANSFER, ACTIVE, ROLE_RECEIVER | ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER,
	 DOSSIER_IN_PROCESS, 0},
	{WF_ASSIGN, ACTIVE | WAITING, ROLE_HEAD, TO_SAME, 0},
	{WF_REASSIGN, ACTIVE | WAITING, ROLE_HEAD, TO_SAME, 0},
	{WF_SEND_BACK, S(IN_PROCESS), ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER, TO_COMPUTED, 0},
	{WF_APPROVE, S(IN_PROCESS), ROLE_HEAD | ROLE_LEADER, TO_SAME, 0},
	{WF_REQUEST_EXTENSION, ACTIVE, ROLE_SPECIALIST | ROLE_HEAD, TO_SAME, 4},
	{WF_APPROVE_EXTENSION, ACTIVE | WAITING, ROLE_LEADER, TO_SAME, 0},
	{WF_REQUEST_PAYMENT, ACTIVE, ROLE_RECEIVER | ROLE_SPECIALIST | ROLE_HEAD,
	 DOSSIER_AWAITING_PAYMENT, 0},
	{WF_RECORD_PAYMENT, S(AWAITING_PAYMENT), ROLE_RECEIVER, TO_RESUME, 0},
	{WF_STOP, ACTIVE | WAITING, ROLE_HEAD | ROLE_LEADER, DOSSIER_STOPPED, 5},
	{WF_WITHDRAW, S(SUBMITTED) | ACTIVE | WAITING, ROLE_CITIZEN | ROLE_RECEIVER,
	 DOSSIER_WITHDRAWN, 5},
	{WF_ISSUE_RESULT, S(IN_PROCESS), ROLE_HEAD | ROLE_LEADER, DOSSIER_RESULT_READY, 0},
	{WF_RETURN_RESULT, S(RESULT_READY), ROLE_RECEIVER, DOSSIER_RETURNED, 0},
};
#define NRULES (sizeof rules / sizeof rules[0])

static const struct wf_rule *find_rule(enum wf_action a, enum dossier_state from)
{
	for (size_t i = 0; i < NRULES; i++)
		if (rules[i].action == a && (rules[i].from & (1u << from)))
			return &rules[i];
	return NULL;
}

unsigned wf_action_roles(enum wf_action a, enum dossier_state from)
{
	if ((int)from < 0 || from >= DOSSIER_NSTATES)
		return 0;
	const struct wf_rule *r = find_rule(a, from);
	return r ? r->roles : 0;
}

bool wf_action_from(enum wf_action a, enum dossier_state from)
{
	return (int)from >= 0 && from < DOSSIER_NSTATES && find_rule(a, from) != NULL;
}

/* Actions done on behalf of the current step: only its role may take them. */
static bool step_bound(enum wf_action a)
{
	return a == WF_TRANSFER || a == WF_SEND_BACK || a == WF_APPROVE || a == WF_ISSUE_RESULT;
}

/* The desk's last step (return of the result) is reached by issuing the
 * result, not by an ordinary transfer. */
static bool is_return_step(const struct wf_dossier *d, int step, unsigned role)
{
	return d->nsteps >= 2 && step == d->nsteps && role == ROLE_RECEIVER;
}

int wf_apply(const struct wf_dossier *d, enum wf_action a, unsigned roles,
	     const struct wf_params *p, struct wf_outcome *out)
{
	static const struct wf_params no_params = {0};
	if (!p)
		p = &no_params;
	if ((int)a < 0 || a >= WF_NACTIONS || (int)d->state < 0 || d->state >= DOSSIER_NSTATES)
		return WF_E_STATE;
	const struct wf_rule *r = find_rule(a, d->state);
	if (!r)
		return WF_E_STATE;
	if (!(r->roles & roles))
		return WF_E_ROLE;
	if (step_bound(a) && d->step_role && !(d->step_role & roles))
		return WF_E_STEP_ROLE;

	struct wf_outcome o = {.to = d->state, .step = d->step, .form = r->form};
	if (r->to >= 0)
		o.to = (enum dossier_state)r->to;
	switch (a) {
	case WF_SUBMIT:
		o.step = d->nsteps > 0 ? 1 : 0;
		break;
	case WF_RECEIVE:
	case WF_ACCEPT:
		o.step = d->nsteps > 0 ? 1 : 0;
		o.starts_clock = true;
		o.hand_over = a == WF_ACCEPT;
		break;
	case WF_REQUEST_SUPPLEMENT:
		if (d->state == DOSSIER_RECEIVED || d->state == DOSSIER_IN_PROCESS) {
			if (d->supplements >= 1) {
				if (!p->accept_late)
					return WF_E_SUPPLEMENT_TWICE;
				o.counts_late = true;
			}
			o.pauses_clock = true;
		}
		break;
	case WF_SUPPLEMENT:
		if (d->received) {
			o.to = d->resume_state == DOSSIER_IN_PROCESS ? DOSSIER_IN_PROCESS
								     : DOSSIER_RECEIVED;
			o.resumes_clock = true;
		} else if (roles & ROLE_RECEIVER) {
			/* Complete at last, checked at the desk: received now, Form 01. */
			o.to = DOSSIER_RECEIVED;
			o.step = d->nsteps > 0 ? 1 : 0;
			o.starts_clock = true;
			o.form = 1;
		} else {
			/* Supplemented online: a receiver checks it again. */
			o.to = DOSSIER_SUBMITTED;
			o.step = d->nsteps > 0 ? 1 : 0;
		}
		break;
	case WF_RECORD_PAYMENT:
		o.to = d->resume_state == DOSSIER_RECEIVED ? DOSSIER_RECEIVED : DOSSIER_IN_PROCESS;
		o.resumes_clock = true;
		break;
	case WF_REQUEST_PAYMENT:
		o.pauses_clock = true;
		break;
	case WF_TRANSFER:
		if (d->step >= d->nsteps || is_return_step(d, d->step + 1, d->next_step_role))
			return WF_E_NO_NEXT_STEP;
		o.step = d->step + 1;
		o.hand_over = true;
		o.clears_assignee = true;
		break;
	case WF_SEND_BACK:
		if (d->step <= 1)
			return WF_E_NO_PREVIOUS_STEP;
		o.step = d->step - 1;
		o.to = o.step == 1 ? DOSSIER_RECEIVED : DOSSIER_IN_PROCESS;
		o.hand_over = true;
		o.clears_assignee = true;
		break;
	case WF_ASSIGN:
		if (d->assigned)
			return WF_E_ASSIGNED;
		break;
	case WF_REASSIGN:
		if (!d->assigned)
			return WF_E_UNASSIGNED;
		break;
	case WF_APPROVE:
		break;
	case WF_REQUEST_EXTENSION:
		if (d->extension_requested)
			return WF_E_EXTENSION_TWICE;
		if (p->office_ms_left < 8 * 3600000LL)
			return WF_E_EXTENSION_LATE;
		o.counts_late = true;
		break;
	case WF_APPROVE_EXTENSION:
		if (!d->extension_pending)
			return WF_E_NO_EXTENSION;
		break;
	case WF_ISSUE_RESULT:
		if (!d->approved)
			return WF_E_NOT_APPROVED;
		o.hand_over = true;
		o.clears_assignee = true;
		if (d->nsteps >= 2 && d->step < d->nsteps)
			o.step = d->nsteps; /* to the desk for the return */
		break;
	case WF_RETURN_RESULT:
	case WF_REFUSE:
	case WF_STOP:
	case WF_WITHDRAW:
		o.hand_over = d->state != DOSSIER_NONE;
		o.clears_assignee = true;
		if (a == WF_WITHDRAW && !d->received)
			o.form = 0; /* nothing was being processed */
		break;
	case WF_NACTIONS:
		return WF_E_STATE;
	}
	o.ends = wf_state_is_end(o.to);
	*out = o;
	return WF_OK;
}

static const char *const state_names[DOSSIER_NSTATES] = {
	"none",	      "submitted",	     "received",	 "refused",
	"in_process", "awaiting_supplement", "awaiting_payment", "withdrawn",
	"stopped",    "result_ready",	     "returned",
};

static const char *const state_vi[DOSSIER_NSTATES] = {
	"Chưa tạo",
	"Đã nộp trực tuyến, chờ tiếp nhận",
	"Đã tiếp nhận",
	"Từ chối tiếp nhận, giải quyết",
	"Đang xử lý",
	"Chờ bổ sung hồ sơ",
	"Chờ thực hiện nghĩa vụ tài chính",
	"Công dân rút hồ sơ",
	"Dừng xử lý",
	"Đã có kết quả, chờ trả",
	"Đã trả kết quả",
};

static const char *const state_en[DOSSIER_NSTATES] = {
	"Not created",	      "Submitted online, awaiting acceptance",
	"Received",	      "Refused",
	"In process",	      "Awaiting supplement",
	"Awaiting payment",   "Withdrawn by the applicant",
	"Processing stopped", "Result ready for collection",
	"Result returned",
};

static const char *const action_names[WF_NACTIONS] = {
	[WF_SUBMIT] = "submit",
	[WF_RECEIVE] = "receive",
	[WF_ACCEPT] = "accept",
	[WF_REQUEST_SUPPLEMENT] = "request_supplement",
	[WF_SUPPLEMENT] = "supplement",
	[WF_REFUSE] = "refuse",
	[WF_TRANSFER] = "transfer",
	[WF_ASSIGN] = "assign",
	[WF_REASSIGN] = "reassign",
	[WF_SEND_BACK] = "send_back",
	[WF_APPROVE] = "approve",
	[WF_REQUEST_EXTENSION] = "request_extension",
	[WF_APPROVE_EXTENSION] = "approve_extension",
	[WF_REQUEST_PAYMENT] = "request_payment",
	[WF_RECORD_PAYMENT] = "record_payment",
	[WF_STOP] = "stop",
	[WF_WITHDRAW] = "withdraw",
	[WF_ISSUE_RESULT] = "issue_result",
	[WF_RETURN_RESULT] = "return_result",
};

const char *wf_state_name(enum dossier_state s)
{
	return (int)s >= 0 && s < DOSSIER_NSTATES ? state_names[s] : NULL;
}

int wf_state_parse(const char *name)
{
	for (int i = 1; i < DOSSIER_NSTATES; i++)
		if (!strcmp(state_names[i], name))
			return i;
	return -1;
}

const char *wf_action_name(enum wf_action a)
{
	return (int)a >= 0 && a < WF_NACTIONS ? action_names[a] : NULL;
}

int wf_action_parse(const char *name)
{
	for (int i = 0; i < WF_NACTIONS; i++)
		if (!strcmp(action_names[i], name))
			return i;
	return -1;
}

const char *wf_state_label_vi(enum dossier_state s)
{
	return (int)s >= 0 && s < DOSSIER_NSTATES ? state_vi[s] : "";
}

const char *wf_state_label_en(enum dossier_state s)
{
	return (int)s >= 0 && s < DOSSIER_NSTATES ? state_en[s] : "";
}

bool wf_state_is_end(enum dossier_state s)
{
	return s == DOSSIER_REFUSED || s == DOSSIER_WITHDRAWN || s == DOSSIER_STOPPED ||
	       s == DOSSIER_RETURNED;
}

const char *wf_error_text(int err)
{
	switch (err) {
	case WF_OK:
		return "allowed";
	case WF_E_STATE:
		return "not allowed in this state";
	case WF_E_ROLE:
		return "not allowed to this role";
	case WF_E_STEP_ROLE:
		return "the current step belongs to another role";
	case WF_E_SUPPLEMENT_TWICE:
		return "a supplement was already requested during processing";
	case WF_E_EXTENSION_TWICE:
		return "an extension was already requested";
	case WF_E_EXTENSION_LATE:
		return "less than one working day is left before the due time";
	case WF_E_NO_EXTENSION:
		return "no extension is pending";
	case WF_E_NOT_APPROVED:
		return "the result has not been approved";
	case WF_E_NO_NEXT_STEP:
		return "there is no next step to transfer to";
	case WF_E_NO_PREVIOUS_STEP:
		return "there is no previous step to send back to";
	case WF_E_ASSIGNED:
		return "the dossier is already assigned (use reassign)";
	case WF_E_UNASSIGNED:
		return "the dossier is not assigned (use assign)";
	}
	return "unknown";
}
