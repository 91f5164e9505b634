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

/* ---- the action table: one row per action, every attribute ---- */

/* Special targets of a row (else an enum dossier_state). */
enum { WF_TO_SAME = -1, WF_TO_RESUME = -2, WF_TO_COMPUTED = -3 };

/* What the action does to the legal clock (wf_apply() refines it: a
 * supplement request pauses only a running clock, a supplement at the desk
 * before receipt starts it). */
enum wf_clock { WF_CLOCK_NONE, WF_CLOCK_STARTS, WF_CLOCK_PAUSES, WF_CLOCK_RESUMES };

/* Whether the note (the reason) is required. */
enum wf_note {
	WF_NOTE_OPTIONAL,
	WF_NOTE_REQUIRED,	    /* always, at creation too */
	WF_NOTE_REQUIRED_ON_DOSSIER /* on an existing dossier (not when creating) */
};

/* Whether the action names the officer who gets the dossier (`to_user`). */
enum wf_to_user { WF_TO_USER_NO, WF_TO_USER_OPTIONAL, WF_TO_USER_REQUIRED };

/* Where an officer must be to take it (core/access.c reads this). */
enum wf_place {
	WF_PLACE_UNIT,	  /* the unit holding the dossier now */
	WF_PLACE_DESK,	  /* that unit, or a receiver of the receiving desk (with the applicant) */
	WF_PLACE_STEP,	  /* that unit; once the step is assigned, its officer or a head */
	WF_PLACE_RECEIPT, /* a receiver at a desk that may receive the procedure */
};

/* Keys of an event's data, in alphabetical order (the order written). */
enum wf_key {
	WF_K_CHANNEL,
	WF_K_CLOCK,
	WF_K_COUNTS_LATE,
	WF_K_DUE_AT,
	WF_K_FEE_HANDLING, /* stop, withdraw (Form 05): how fees paid are handled */
	WF_K_LEGAL_BASIS,  /* stop (Form 05): the basis for stopping */
	WF_K_MISSING,
	WF_K_ORIGINAL_DUE_AT,
	WF_K_PROCEDURE,
	WF_K_PROPOSED_DUE_AT,
	WF_K_RESULT_CODE,
	WF_K_STAGE,
	WF_K_TO_USER,
	WF_K_UNIT,
	WF_K_VERSION,
	WF_NKEYS
};
#define WF_KEY(k) (1u << (k))

/* From-states and the roles that may take the action from them. */
struct wf_from {
	unsigned states; /* bit set of enum dossier_state */
	unsigned roles;	 /* core/roles.h bits */
};

struct wf_action_def {
	enum wf_action action;
	struct wf_from from[2]; /* unused entries are {0, 0} */
	int to;			/* enum dossier_state or WF_TO_* */
	int form;		/* Form 01..05 it produces, 0 if none */
	enum wf_note note;
	enum wf_to_user to_user;
	bool step_role; /* only the current step's role may take it */
	enum wf_place place;
	enum wf_clock clock;
	const char *pause; /* the kind of pause it opens ("supplement", "payment"), or NULL */
	bool components;   /* takes the components' statuses */
	bool creating;	   /* creates a dossier (from DOSSIER_NONE) */
	bool on_dossier;   /* taken on an existing dossier (POST .../actions/{action}) */
	unsigned keys;	   /* WF_KEY() bits its events' data may carry on a dossier */
};

/* The row of action a, NULL if a is out of range. */
const struct wf_action_def *wf_action_def(enum wf_action a);
/* "channel", "due_at"...; NULL if unknown. */
const char *wf_key_name(enum wf_key k);
/* The keys of a creating action's event (procedure, version, channel...). */
unsigned wf_create_keys(void);
/* "same", "resume", "computed" or the state's name, for a row's `to`. */
const char *wf_target_name(int to);
const char *wf_clock_name(enum wf_clock c);
const char *wf_place_name(enum wf_place p);
const char *wf_note_name(enum wf_note n);	/* "optional", "required", "required_on_dossier" */
const char *wf_to_user_name(enum wf_to_user t); /* "no", "optional", "required" */
/* Is the note required for action a (creating: at a dossier's creation)? */
bool wf_note_required(enum wf_action a, bool creating);

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
	WF_E_NO_DRAFT = -13,   /* approve or issue a result nobody drafted (no result file) */
	WF_E_APPROVED = -14,   /* approve a result already approved */
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
	bool has_draft; /* a result file was drafted (DOMAIN.md 6: every result is a file,
			   signed; a paper result is digitized) */
	enum dossier_state resume_state; /* where a paused dossier goes back to */
};

/* Inputs of one action beyond the dossier. */
struct wf_params {
	bool accept_late;	/* request_supplement: a second request, knowingly counted late */
	int64_t office_ms_left; /* request_extension: office time from now to the due time */
	bool apology_only;	/* request_extension without a proposed due time: Form 04 as an
				   apology alone, still due when the one-working-day limit has passed */
};

/* The effects of an allowed action, in the order svc carries them out
 * (svc/svc_dossiers.c runs one step per effect; the generator the same). */
enum wf_effect {
	WF_FX_COMPONENTS,	/* record the components' statuses given */
	WF_FX_REQUIRE_COMPLETE, /* refuse unless every mandatory component is there */
	WF_FX_START_CLOCK,	/* Form 01: received now, due time, step 1, the receiver holds it */
	WF_FX_PAUSE,		/* the clock stops: a pause of the row's kind opens */
	WF_FX_RESUME,		/* the open pause closes, the due times move */
	WF_FX_AWAIT_ACCEPTANCE, /* submitted (again): step 1, acceptance due in 8 working hours */
	WF_FX_HOLD_AT_DESK, /* created incomplete: step 1 without a due time, the receiver holds it
			     */
	WF_FX_ENTER_STEP,   /* to `step`, started now, with its unit and due time */
	WF_FX_REQUIRE_TO_USER,	 /* the action needs the officer who gets it */
	WF_FX_ASSIGN,		 /* the assignee becomes to_user (none if not given) */
	WF_FX_APPROVE,		 /* the draft result is approved */
	WF_FX_UNAPPROVE,	 /* sent back: the approval is void */
	WF_FX_REQUEST_EXTENSION, /* a proposed due time, pending the leader */
	WF_FX_APPROVE_EXTENSION, /* the proposed due time holds */
	WF_FX_ISSUE_RESULT,	 /* the result's code and time; the final timeliness */
	WF_FX_RETURN_RESULT,	 /* handed over now */
	WF_FX_CLOSE_PAUSE,	 /* an end: a pause still open closes */
	WF_FX_TIMELINESS,	 /* the final timeliness, unless already set */
	WF_FX_COUNTS_LATE,	 /* counted late in every KPI from now on */
	WF_FX_CLEAR_ASSIGNEE,	 /* nobody holds it */
	WF_FX_END,		 /* processing is over now */
	WF_NEFFECTS
};
#define WF_MAX_EFFECTS 8

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
	/* The complete list of what to do, in order; and the event's data keys. */
	enum wf_effect effects[WF_MAX_EFFECTS];
	int neffects;
	unsigned keys;	  /* WF_KEY() bits: written when the value exists */
	int to_user_step; /* the step whose officer `to_user` must be */
	const struct wf_action_def *def;
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
