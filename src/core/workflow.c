/* The transition table of the dossier lifecycle and the pure function that
 * applies it: see workflow.h. Layer: core.
 *
 * The table is the single place that says who may do what from where. The
 * few rules a table row cannot express (a second supplement request, an
 * extension once and in time, a result approved and issued only once drafted,
 * approved once, a result only after an approval, the step's
 * own role) are checked in wf_apply() right after the row is found. */
#include "core/workflow.h"

#include <string.h>

#include "core/roles.h"

#define S(x)	(1u << DOSSIER_##x)
#define WAITING (S(AWAITING_SUPPLEMENT) | S(AWAITING_PAYMENT))
#define ACTIVE	(S(RECEIVED) | S(IN_PROCESS))
#define K(x)	WF_KEY(WF_K_##x)
/* The data of a creating action's event. */
#define CREATE_KEYS (K(CHANNEL) | K(DUE_AT) | K(MISSING) | K(PROCEDURE) | K(UNIT) | K(VERSION))

#define R ROLE_RECEIVER
#define P ROLE_SPECIALIST
#define H ROLE_HEAD
#define L ROLE_LEADER
#define C ROLE_CITIZEN

/* One row per action, in enum order. Columns: action, {from-states, roles}
 * (twice where the roles differ by state), target, form, note, to_user,
 * bound to the step's role, place, clock, pause kind, components, creating,
 * on a dossier, the data keys of its events on a dossier (a creating
 * action's are CREATE_KEYS). */
/* clang-format off */
static const struct wf_action_def rows[WF_NACTIONS] = {
	/* action, {{from-states, roles}, ...}, to, form,
	 *   note, to_user, step's role, place, clock, pause,
	 *   components, creating, on a dossier, data keys on a dossier */
	{WF_SUBMIT, {{S(NONE), C}}, DOSSIER_SUBMITTED, 0,
	 WF_NOTE_OPTIONAL, WF_TO_USER_NO, false, WF_PLACE_UNIT, WF_CLOCK_NONE, NULL,
	 true, true, false, CREATE_KEYS},
	{WF_RECEIVE, {{S(NONE), R}}, DOSSIER_RECEIVED, 1,
	 WF_NOTE_OPTIONAL, WF_TO_USER_NO, false, WF_PLACE_RECEIPT, WF_CLOCK_STARTS, NULL,
	 true, true, false, CREATE_KEYS},
	{WF_ACCEPT, {{S(SUBMITTED), R}}, DOSSIER_RECEIVED, 1,
	 WF_NOTE_OPTIONAL, WF_TO_USER_NO, false, WF_PLACE_RECEIPT, WF_CLOCK_STARTS, NULL,
	 false, false, true, K(UNIT)},
	{WF_REQUEST_SUPPLEMENT, {{S(NONE) | S(SUBMITTED), R}, {ACTIVE, R | P | H}},
	 DOSSIER_AWAITING_SUPPLEMENT, 2,
	 WF_NOTE_REQUIRED_ON_DOSSIER, WF_TO_USER_NO, false, WF_PLACE_UNIT, WF_CLOCK_PAUSES, "supplement",
	 true, true, true, K(CLOCK) | K(COUNTS_LATE) | K(MISSING) | K(UNIT)},
	{WF_SUPPLEMENT, {{S(AWAITING_SUPPLEMENT), R | C}}, WF_TO_COMPUTED, 0,
	 WF_NOTE_OPTIONAL, WF_TO_USER_NO, false, WF_PLACE_DESK, WF_CLOCK_RESUMES, NULL,
	 true, false, true, K(CLOCK) | K(DUE_AT) | K(UNIT)},
	{WF_REFUSE, {{S(NONE) | S(SUBMITTED) | S(RECEIVED), R}, {S(IN_PROCESS), H | L}},
	 DOSSIER_REFUSED, 3,
	 WF_NOTE_REQUIRED, WF_TO_USER_NO, false, WF_PLACE_UNIT, WF_CLOCK_NONE, NULL,
	 false, true, true, K(STAGE) | K(UNIT)},
	{WF_TRANSFER, {{ACTIVE, R | P | H | L}}, DOSSIER_IN_PROCESS, 0,
	 WF_NOTE_OPTIONAL, WF_TO_USER_OPTIONAL, true, WF_PLACE_STEP, WF_CLOCK_NONE, NULL,
	 false, false, true, K(TO_USER) | K(UNIT)},
	{WF_ASSIGN, {{ACTIVE | WAITING, H}}, WF_TO_SAME, 0,
	 WF_NOTE_OPTIONAL, WF_TO_USER_REQUIRED, false, WF_PLACE_STEP, WF_CLOCK_NONE, NULL,
	 false, false, true, K(TO_USER)},
	{WF_REASSIGN, {{ACTIVE | WAITING, H}}, WF_TO_SAME, 0,
	 WF_NOTE_OPTIONAL, WF_TO_USER_REQUIRED, false, WF_PLACE_STEP, WF_CLOCK_NONE, NULL,
	 false, false, true, K(TO_USER)},
	{WF_SEND_BACK, {{S(IN_PROCESS), P | H | L}}, WF_TO_COMPUTED, 0,
	 WF_NOTE_REQUIRED, WF_TO_USER_OPTIONAL, true, WF_PLACE_STEP, WF_CLOCK_NONE, NULL,
	 false, false, true, K(TO_USER) | K(UNIT)},
	{WF_APPROVE, {{S(IN_PROCESS), H | L}}, WF_TO_SAME, 0,
	 WF_NOTE_OPTIONAL, WF_TO_USER_NO, true, WF_PLACE_STEP, WF_CLOCK_NONE, NULL,
	 false, false, true, 0},
	{WF_REQUEST_EXTENSION, {{ACTIVE, P | H}}, WF_TO_SAME, 4,
	 WF_NOTE_REQUIRED, WF_TO_USER_NO, false, WF_PLACE_UNIT, WF_CLOCK_NONE, NULL,
	 false, false, true, K(COUNTS_LATE) | K(ORIGINAL_DUE_AT) | K(PROPOSED_DUE_AT)},
	{WF_APPROVE_EXTENSION, {{ACTIVE | WAITING, L}}, WF_TO_SAME, 0,
	 WF_NOTE_OPTIONAL, WF_TO_USER_NO, false, WF_PLACE_UNIT, WF_CLOCK_NONE, NULL,
	 false, false, true, K(DUE_AT)},
	{WF_REQUEST_PAYMENT, {{ACTIVE, R | P | H}}, DOSSIER_AWAITING_PAYMENT, 0,
	 WF_NOTE_OPTIONAL, WF_TO_USER_NO, false, WF_PLACE_UNIT, WF_CLOCK_PAUSES, "payment",
	 false, false, true, K(CLOCK)},
	{WF_RECORD_PAYMENT, {{S(AWAITING_PAYMENT), R}}, WF_TO_RESUME, 0,
	 WF_NOTE_OPTIONAL, WF_TO_USER_NO, false, WF_PLACE_DESK, WF_CLOCK_RESUMES, NULL,
	 false, false, true, K(CLOCK) | K(DUE_AT)},
	{WF_STOP, {{ACTIVE | WAITING, H | L}}, DOSSIER_STOPPED, 5,
	 WF_NOTE_REQUIRED, WF_TO_USER_NO, false, WF_PLACE_UNIT, WF_CLOCK_NONE, NULL,
	 false, false, true, K(FEE_HANDLING) | K(LEGAL_BASIS) | K(STAGE) | K(UNIT)},
	{WF_WITHDRAW, {{S(SUBMITTED) | ACTIVE | WAITING, C | R}}, DOSSIER_WITHDRAWN, 5,
	 WF_NOTE_OPTIONAL, WF_TO_USER_NO, false, WF_PLACE_DESK, WF_CLOCK_NONE, NULL,
	 false, false, true, K(FEE_HANDLING) | K(STAGE) | K(UNIT)},
	{WF_ISSUE_RESULT, {{S(IN_PROCESS), H | L}}, DOSSIER_RESULT_READY, 0,
	 WF_NOTE_OPTIONAL, WF_TO_USER_NO, true, WF_PLACE_STEP, WF_CLOCK_NONE, NULL,
	 false, false, true, K(RESULT_CODE) | K(UNIT)},
	{WF_RETURN_RESULT, {{S(RESULT_READY), R}}, DOSSIER_RETURNED, 0,
	 WF_NOTE_OPTIONAL, WF_TO_USER_NO, false, WF_PLACE_DESK, WF_CLOCK_NONE, NULL,
	 false, false, true, K(UNIT)},
};
/* clang-format on */

#undef R
#undef P
#undef H
#undef L
#undef C

const struct wf_action_def *wf_action_def(enum wf_action a)
{
	return (int)a >= 0 && a < WF_NACTIONS ? &rows[a] : NULL;
}

/* The {from-states, roles} entry of a's row that lists `from`. */
static const struct wf_from *find_from(enum wf_action a, enum dossier_state from)
{
	if ((int)a < 0 || a >= WF_NACTIONS || (int)from < 0 || from >= DOSSIER_NSTATES)
		return NULL;
	for (size_t i = 0; i < sizeof rows[a].from / sizeof rows[a].from[0]; i++)
		if (rows[a].from[i].states & (1u << from))
			return &rows[a].from[i];
	return NULL;
}

unsigned wf_action_roles(enum wf_action a, enum dossier_state from)
{
	const struct wf_from *f = find_from(a, from);
	return f ? f->roles : 0;
}

bool wf_action_from(enum wf_action a, enum dossier_state from)
{
	return find_from(a, from) != NULL;
}

bool wf_note_required(enum wf_action a, bool creating)
{
	const struct wf_action_def *r = wf_action_def(a);
	return r && (r->note == WF_NOTE_REQUIRED ||
		     (r->note == WF_NOTE_REQUIRED_ON_DOSSIER && !creating));
}

/* The desk's last step (return of the result) is reached by issuing the
 * result, not by an ordinary transfer. */
static bool is_return_step(const struct wf_dossier *d, int step, unsigned role)
{
	return d->nsteps >= 2 && step == d->nsteps && role == ROLE_RECEIVER;
}

static void fx(struct wf_outcome *o, enum wf_effect e)
{
	if (o->neffects < WF_MAX_EFFECTS)
		o->effects[o->neffects++] = e;
}

/* The rules a row cannot express; fills the outcome's fields. */
static int decide(const struct wf_dossier *d, enum wf_action a, unsigned roles,
		  const struct wf_params *p, struct wf_outcome *o)
{
	switch (a) {
	case WF_SUBMIT:
		o->step = d->nsteps > 0 ? 1 : 0;
		break;
	case WF_RECEIVE:
	case WF_ACCEPT:
		o->step = d->nsteps > 0 ? 1 : 0;
		o->starts_clock = true;
		o->hand_over = a == WF_ACCEPT;
		break;
	case WF_REQUEST_SUPPLEMENT:
		if (d->state == DOSSIER_RECEIVED || d->state == DOSSIER_IN_PROCESS) {
			if (d->supplements >= 1) {
				if (!p->accept_late)
					return WF_E_SUPPLEMENT_TWICE;
				o->counts_late = true;
			}
			o->pauses_clock = true;
		}
		break;
	case WF_SUPPLEMENT:
		if (d->received) {
			o->to = d->resume_state == DOSSIER_IN_PROCESS ? DOSSIER_IN_PROCESS
								      : DOSSIER_RECEIVED;
			o->resumes_clock = true;
		} else if (roles & ROLE_RECEIVER) {
			/* Complete at last, checked at the desk: received now, Form 01. */
			o->to = DOSSIER_RECEIVED;
			o->step = d->nsteps > 0 ? 1 : 0;
			o->starts_clock = true;
			o->form = 1;
		} else {
			/* Supplemented online: a receiver checks it again. */
			o->to = DOSSIER_SUBMITTED;
			o->step = d->nsteps > 0 ? 1 : 0;
		}
		break;
	case WF_RECORD_PAYMENT:
		o->to = d->resume_state == DOSSIER_RECEIVED ? DOSSIER_RECEIVED : DOSSIER_IN_PROCESS;
		o->resumes_clock = true;
		break;
	case WF_REQUEST_PAYMENT:
		o->pauses_clock = true;
		break;
	case WF_TRANSFER:
		if (d->step >= d->nsteps || is_return_step(d, d->step + 1, d->next_step_role))
			return WF_E_NO_NEXT_STEP;
		o->step = d->step + 1;
		o->hand_over = true;
		o->clears_assignee = true;
		break;
	case WF_SEND_BACK:
		if (d->step <= 1)
			return WF_E_NO_PREVIOUS_STEP;
		o->step = d->step - 1;
		o->to = o->step == 1 ? DOSSIER_RECEIVED : DOSSIER_IN_PROCESS;
		o->hand_over = true;
		o->clears_assignee = true;
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
		if (!d->has_draft)
			return WF_E_NO_DRAFT;
		if (d->approved)
			return WF_E_APPROVED;
		break;
	case WF_REQUEST_EXTENSION:
		if (d->extension_requested)
			return WF_E_EXTENSION_TWICE;
		if (!p->apology_only && p->office_ms_left < 8 * 3600000LL)
			return WF_E_EXTENSION_LATE;
		o->counts_late = true;
		break;
	case WF_APPROVE_EXTENSION:
		if (!d->extension_pending)
			return WF_E_NO_EXTENSION;
		break;
	case WF_ISSUE_RESULT:
		if (!d->has_draft)
			return WF_E_NO_DRAFT;
		if (!d->approved)
			return WF_E_NOT_APPROVED;
		o->hand_over = true;
		o->clears_assignee = true;
		if (d->nsteps >= 2 && d->step < d->nsteps)
			o->step = d->nsteps; /* to the desk for the return */
		break;
	case WF_RETURN_RESULT:
	case WF_REFUSE:
	case WF_STOP:
	case WF_WITHDRAW:
		o->hand_over = d->state != DOSSIER_NONE;
		o->clears_assignee = true;
		if (a == WF_WITHDRAW && !d->received)
			o->form = 0; /* nothing was being processed */
		break;
	case WF_NACTIONS:
		return WF_E_STATE;
	}
	return WF_OK;
}

/* What the action does of its own, before the common tail. */
static void own_effects(const struct wf_dossier *d, enum wf_action a, struct wf_outcome *o)
{
	bool creating = d->state == DOSSIER_NONE;
	switch (a) {
	case WF_SUBMIT:
		fx(o, WF_FX_AWAIT_ACCEPTANCE);
		break;
	case WF_REQUEST_SUPPLEMENT:
		if (creating)
			fx(o, WF_FX_HOLD_AT_DESK);
		else if (o->pauses_clock)
			fx(o, WF_FX_PAUSE);
		break;
	case WF_SUPPLEMENT:
		if (o->starts_clock)
			fx(o, WF_FX_REQUIRE_COMPLETE);
		else if (!o->resumes_clock)
			fx(o, WF_FX_AWAIT_ACCEPTANCE);
		break;
	case WF_REQUEST_PAYMENT:
		fx(o, WF_FX_PAUSE);
		break;
	case WF_TRANSFER:
	case WF_SEND_BACK:
		fx(o, WF_FX_ENTER_STEP);
		fx(o, WF_FX_ASSIGN);
		if (a == WF_SEND_BACK)
			fx(o, WF_FX_UNAPPROVE);
		break;
	case WF_ASSIGN:
	case WF_REASSIGN:
		fx(o, WF_FX_REQUIRE_TO_USER);
		fx(o, WF_FX_ASSIGN);
		break;
	case WF_APPROVE:
		fx(o, WF_FX_APPROVE);
		break;
	case WF_REQUEST_EXTENSION:
		fx(o, WF_FX_REQUEST_EXTENSION);
		break;
	case WF_APPROVE_EXTENSION:
		fx(o, WF_FX_APPROVE_EXTENSION);
		break;
	case WF_ISSUE_RESULT:
		fx(o, WF_FX_ISSUE_RESULT);
		fx(o, WF_FX_ENTER_STEP);
		break;
	case WF_RETURN_RESULT:
		fx(o, WF_FX_RETURN_RESULT);
		break;
	case WF_REFUSE:
	case WF_STOP:
	case WF_WITHDRAW:
		fx(o, WF_FX_CLOSE_PAUSE);
		fx(o, WF_FX_TIMELINESS);
		break;
	case WF_RECEIVE:
	case WF_ACCEPT:
	case WF_RECORD_PAYMENT:
	case WF_NACTIONS:
		break;
	}
}

/* The list of effects, in the order they are carried out. */
static void list_effects(const struct wf_dossier *d, enum wf_action a, struct wf_outcome *o)
{
	if (o->def->components && d->state != DOSSIER_NONE)
		fx(o, WF_FX_COMPONENTS);
	own_effects(d, a, o);
	if (o->starts_clock)
		fx(o, WF_FX_START_CLOCK);
	if (o->resumes_clock)
		fx(o, WF_FX_RESUME);
	if (o->counts_late)
		fx(o, WF_FX_COUNTS_LATE);
	/* Transfer and send_back hand the dossier to to_user (ASSIGN). */
	if (o->clears_assignee && a != WF_TRANSFER && a != WF_SEND_BACK)
		fx(o, WF_FX_CLEAR_ASSIGNEE);
	if (o->ends)
		fx(o, WF_FX_END);
}

/* The keys of the event's data for this application of the row. */
static unsigned event_keys(const struct wf_dossier *d, const struct wf_outcome *o)
{
	if (d->state == DOSSIER_NONE)
		return CREATE_KEYS;
	unsigned k = o->def->keys;
	if (!o->pauses_clock && !o->resumes_clock)
		k &= ~K(CLOCK);
	if (!o->counts_late)
		k &= ~K(COUNTS_LATE);
	if (!o->hand_over && o->step == d->step)
		k &= ~K(UNIT);
	return k;
}

int wf_apply(const struct wf_dossier *d, enum wf_action a, unsigned roles,
	     const struct wf_params *p, struct wf_outcome *out)
{
	static const struct wf_params no_params = {0};
	if (!p)
		p = &no_params;
	if ((int)a < 0 || a >= WF_NACTIONS || (int)d->state < 0 || d->state >= DOSSIER_NSTATES)
		return WF_E_STATE;
	const struct wf_from *f = find_from(a, d->state);
	if (!f)
		return WF_E_STATE;
	if (!(f->roles & roles))
		return WF_E_ROLE;
	const struct wf_action_def *r = &rows[a];
	if (r->step_role && d->step_role && !(d->step_role & roles))
		return WF_E_STEP_ROLE;

	struct wf_outcome o = {.to = d->state, .step = d->step, .form = r->form, .def = r};
	if (r->to >= 0)
		o.to = (enum dossier_state)r->to;
	int rc = decide(d, a, roles, p, &o);
	if (rc != WF_OK)
		return rc;
	o.ends = wf_state_is_end(o.to);
	o.to_user_step = a == WF_TRANSFER || a == WF_SEND_BACK ? o.step : d->step;
	list_effects(d, a, &o);
	o.keys = event_keys(d, &o);
	*out = o;
	return WF_OK;
}

static const char *const key_names[WF_NKEYS] = {
	[WF_K_CHANNEL] = "channel",	      [WF_K_CLOCK] = "clock",
	[WF_K_COUNTS_LATE] = "counts_late",   [WF_K_DUE_AT] = "due_at",
	[WF_K_FEE_HANDLING] = "fee_handling", [WF_K_LEGAL_BASIS] = "legal_basis",
	[WF_K_MISSING] = "missing",	      [WF_K_ORIGINAL_DUE_AT] = "original_due_at",
	[WF_K_PROCEDURE] = "procedure",	      [WF_K_PROPOSED_DUE_AT] = "proposed_due_at",
	[WF_K_RESULT_CODE] = "result_code",   [WF_K_STAGE] = "stage",
	[WF_K_TO_USER] = "to_user",	      [WF_K_UNIT] = "unit",
	[WF_K_VERSION] = "version",
};

const char *wf_key_name(enum wf_key k)
{
	return (int)k >= 0 && k < WF_NKEYS ? key_names[k] : NULL;
}

unsigned wf_create_keys(void)
{
	return CREATE_KEYS;
}

const char *wf_target_name(int to)
{
	switch (to) {
	case WF_TO_SAME:
		return "same";
	case WF_TO_RESUME:
		return "resume";
	case WF_TO_COMPUTED:
		return "computed";
	}
	return wf_state_name((enum dossier_state)to);
}

const char *wf_clock_name(enum wf_clock c)
{
	switch (c) {
	case WF_CLOCK_NONE:
		return "none";
	case WF_CLOCK_STARTS:
		return "starts";
	case WF_CLOCK_PAUSES:
		return "pauses";
	case WF_CLOCK_RESUMES:
		return "resumes";
	}
	return NULL;
}

const char *wf_place_name(enum wf_place p)
{
	switch (p) {
	case WF_PLACE_UNIT:
		return "unit";
	case WF_PLACE_DESK:
		return "desk";
	case WF_PLACE_STEP:
		return "step";
	case WF_PLACE_RECEIPT:
		return "receipt";
	}
	return NULL;
}

const char *wf_note_name(enum wf_note n)
{
	switch (n) {
	case WF_NOTE_OPTIONAL:
		return "optional";
	case WF_NOTE_REQUIRED:
		return "required";
	case WF_NOTE_REQUIRED_ON_DOSSIER:
		return "required_on_dossier";
	}
	return NULL;
}

const char *wf_to_user_name(enum wf_to_user t)
{
	switch (t) {
	case WF_TO_USER_NO:
		return "no";
	case WF_TO_USER_OPTIONAL:
		return "optional";
	case WF_TO_USER_REQUIRED:
		return "required";
	}
	return NULL;
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
	case WF_E_NO_DRAFT:
		return "no result file has been drafted";
	case WF_E_APPROVED:
		return "the result is already approved";
	}
	return "unknown";
}
