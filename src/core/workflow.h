/* The dossier lifecycle of DOMAIN.md section 6 as one transition table:
 * the states (with their national status codes), the actions, the roles
 * that may take each action and the states it may be taken from. wf_apply()
 * is the one function that decides whether an action is allowed and what
 * it does; svc/svc_dossiers.c does the I/O around it.
 *
 * Layer: core (pure). No I/O, no allocation, thread-safe.
 *
 * Creation is modelled as actions from the pseudo-state DOSSIER_NONE:
 * `receive` (desk, Form 01), `submit` (online), and `request_supplement` or
 * `refuse` at the desk before anything was received (Forms 02 and 03).
 */
#ifndef MOTCUA_CORE_WORKFLOW_H
#define MOTCUA_CORE_WORKFLOW_H

#include <stdbool.h>
#include <stdint.h>

/* The values are the national status codes (DOMAIN.md section 6). */
enum dossier_state {
	DOSSIER_NONE = 0, /* not yet created: the from-state of creating actions */
	DOSSIER_SUBMITTED = 1,
	DOSSIER_RECEIVED = 2,
	DOSSIER_REFUSED = 3,
	DOSSIER_IN_PROCESS = 4,
	DOSSIER_AWAITING_SUPPLEMENT = 5,
	DOSSIER_AWAITING_PAYMENT = 6,
	DOSSIER_WITHDRAWN = 7,
	DOSSIER_STOPPED = 8,
	DOSSIER_RESULT_READY = 9,
	DOSSIER_RETURNED = 10,
};
#define DOSSIER_NSTATES 11

enum wf_action {
	WF_SUBMIT,	       /* citizen, online: → submitted */
	WF_RECEIVE,	       /* receiver at the desk: → received (Form 01) */
	WF_ACCEPT,	       /* receiver accepts an online dossier: submitted → received */
	WF_REQUEST_SUPPLEMENT, /* Form 02: at receipt, or once during processing (clock pauses) */
	WF_SUPPLEMENT,	       /* the applicant supplements (online or at the desk) */
	WF_REFUSE,	       /* Form 03 at receipt, or refusal during processing */
	WF_TRANSFER,	       /* hand over to the next step of the internal process */
	WF_ASSIGN,	       /* head: give an unassigned dossier to an officer */
	WF_REASSIGN,	       /* head: give an assigned dossier to another officer */
	WF_SEND_BACK,	       /* back to the previous step, with a reason */
	WF_APPROVE,	       /* head or leader approves the draft result */
	WF_REQUEST_EXTENSION,  /* Form 04: apology and request to extend, once */
	WF_APPROVE_EXTENSION,  /* leader approves the pending extension */
	WF_REQUEST_PAYMENT,    /* a financial obligation: clock pauses */
	WF_RECORD_PAYMENT,     /* the obligation is met: clock resumes */
	WF_STOP,	       /* Form 05: the agency stops processing */
	WF_WITHDRAW,	       /* Form 05 at the applicant's request */
	WF_ISSUE_RESULT,       /* the approved result is issued: → result_ready */
	WF_RETURN_RESULT,      /* handed over: → returned */
	WF_NACTIONS
};

/* What wf_apply() refuses, in the order it checks. */
enum wf_error {
	WF_OK = 0,
	WF_E_STATE = -1,	    /* not allowed in the dossier's state */
	WF_E_ROLE = -2,		    /* none of the actor's roles may take it */
	WF_E_STEP_ROLE = -3,	    /* the actor does not hold the current step's role */
	WF_E_SUPPLEMENT_TWICE = -4, /* second supplement request during processing */
	WF_E_EXTENSION_TWICE = -5,  /* an extension was already requested */
	WF_E_EXTENSION_LATE = -6,   /* less than one working day before the due time */
	WF_E_NO_EXTENSION = -7,	    /* no extension is pending */
	WF_E_NOT_APPROVED = -8,	    /* a result needs an approval first */
	WF_E_NO_NEXT_STEP = -9,
	WF_E_NO_PREVIOUS_STEP = -10,
	WF_E_ASSIGNED = -11,   /* assign on an assigned dossier (use reassign) */
	WF_E_UNASSIGNED = -12, /* reassign on an unassigned dossier (use assign) */
};

/* The facts about a dossier that the rules look at. */
struct wf_dossier {
	enum dossier_state state;
	bool received;		 /* Form 01 issued: the clock has started */
	int step;		 /* current step of the internal process, 1-based; 0 = none */
	int nsteps;		 /* steps of the procedure version */
	unsigned step_role;	 /* role bit of the current step (core/roles.h) */
	unsigned next_step_role; /* role bit of step + 1, 0 if none */
	bool assigned;
	int supplements; /* supplement requests made during processing */
	bool extension_requested, extension_pending;
	bool approved;
	enum dossier_state resume_state; /* where a paused dossier goes back to */
};

/* Inputs of one action beyond the dossier. */
struct wf_params {
	bool accept_late;	/* request_supplement: a second request, knowingly counted late */
	int64_t office_ms_left; /* request_extension: office time from now to the due time */
};

/* What an allowed action does. */
struct wf_outcome {
	enum dossier_state to;
	int step;	   /* the step afterwards */
	bool starts_clock; /* Form 01: the legal time limit starts now */
	bool pauses_clock; /* waiting for the applicant or a payment */
	bool resumes_clock;
	bool counts_late; /* the dossier now counts as late in every KPI */
	bool ends;	  /* an end state: processing is over */
	bool hand_over;	  /* the current step ends (a row of Form 06) */
	bool clears_assignee;
	int form; /* Form 01..05 this action produces, 0 if none */
};

/* Decides action a, taken by a user holding the role bits `roles`, on d.
 * Returns WF_OK and fills *out, or a negative enum wf_error (out untouched). */
int wf_apply(const struct wf_dossier *d, enum wf_action a, unsigned roles,
	     const struct wf_params *p, struct wf_outcome *out);

/* Role bits that may take action a in some state (the table's column). */
unsigned wf_action_roles(enum wf_action a, enum dossier_state from);
/* True if the table lists `from` for action a (for any role). */
bool wf_action_from(enum wf_action a, enum dossier_state from);

/* Names: "in_process", "request_supplement"... NULL / -1 if unknown. */
const char *wf_state_name(enum dossier_state s);
int wf_state_parse(const char *name); /* enum dossier_state or -1 */
const char *wf_action_name(enum wf_action a);
int wf_action_parse(const char *name); /* enum wf_action or -1 */
/* Labels for people (Vietnamese and English). */
const char *wf_state_label_vi(enum dossier_state s);
const char *wf_state_label_en(enum dossier_state s);
bool wf_state_is_end(enum dossier_state s);
/* A short English reason for an error, for messages. */
const char *wf_error_text(int err);

#endif
