/* The life of a feedback item (phản ánh, kiến nghị; DOMAIN.md section 13,
 * issue 14) as one transition table, like core/workflow.c for dossiers: the
 * states, the actions, who may take each action from which states, what it
 * needs and which legal deadline it is measured against. fb_apply() is the
 * one function that decides; svc/svc_feedback.c does the I/O around it.
 *
 * The sender is not an account: FB_SENDER stands for whoever holds the
 * item's tracking key (or anyone, for FB_SUBMIT), beside the role bits of
 * core/roles.h.
 *
 * Layer: core (pure). No I/O, no allocation, thread-safe.
 */
#ifndef MOTCUA_CORE_FEEDBACK_H
#define MOTCUA_CORE_FEEDBACK_H

#include <stdbool.h>
#include <stdint.h>

enum fb_state {
	FB_NONE = 0, /* not yet created: the from-state of creating actions */
	FB_RECEIVED,
	FB_AWAITING_INFO, /* the sender was asked for more information: the clock stops */
	FB_ASSIGNED,	  /* a unit drafts the answer */
	FB_DRAFTED,	  /* the draft waits for a leader */
	FB_ANSWERED,	  /* approved and sent to the sender */
	FB_PUBLISHED,	  /* on the public page of answered feedback */
	FB_REFUSED,	  /* out of scope, with a reason */
};
#define FB_NSTATES 8

/* The holder of the tracking key (beside core/roles.h's bits). */
#define FB_SENDER (1u << 16)

enum fb_action {
	FB_SUBMIT,	    /* anyone, from the portal */
	FB_RECORD,	    /* the desk or the Office records an item by phone, letter, in person */
	FB_CLASSIFY,	    /* the Office sets the category */
	FB_REFUSE,	    /* the Office refuses it as out of scope: within 2 working days */
	FB_REQUEST_INFO,    /* the Office asks the sender once: within 5 working days */
	FB_REPLY,	    /* the sender gives the information: the clock runs again */
	FB_ASSIGN,	    /* the Office hands it to the unit in charge */
	FB_DRAFT,	    /* the unit drafts (or redrafts) the answer */
	FB_SEND_BACK,	    /* the leader sends the draft back, with a reason */
	FB_APPROVE,	    /* the leader approves: the answer is sent; within 15 working days */
	FB_PUBLISH,	    /* the Office publishes it: within 2 working days of the answer */
	FB_RATE,	    /* the sender rates the answer, once per answer */
	FB_RERAISE,	    /* the sender raises it again: a new round */
	FB_REASSIGN,	    /* the Office hands an assigned, unanswered item to another unit */
	FB_HAND_BACK,	    /* the unit gives it back to the Office, with a reason */
	FB_MARK_PERSONAL,   /* the Office says whether it holds personal data, before publishing */
	FB_CONFIRM_DOSSIER, /* the Office confirms, having checked, that it is about the dossier
			       named */
	FB_NACTIONS
};

/* The legal deadline an action is measured against (Decision 766, 5.2). */
enum fb_deadline { FB_DL_NONE, FB_DL_REFUSE, FB_DL_INFO, FB_DL_ANSWER, FB_DL_PUBLISH };
/* Working days of each deadline, by enum fb_deadline (0 for none). */
extern const int fb_deadline_days[5];

/* What the action needs beyond its note. */
enum fb_need {
	FB_NEED_CATEGORY = 1u << 0, /* a category (regulation or conduct) */
	FB_NEED_UNIT = 1u << 1,	    /* the unit in charge */
	FB_NEED_ANSWER = 1u << 2,   /* the answer's text */
	FB_NEED_RATING = 1u << 3,   /* satisfied or dissatisfied */
	FB_NEED_PERSONAL = 1u << 4, /* personal_data: true or false */
};

struct fb_action_def {
	enum fb_action action;
	unsigned states; /* bit set of enum fb_state it may be taken from */
	unsigned roles;	 /* core/roles.h bits and FB_SENDER */
	int to;		 /* enum fb_state, or -1: the same state */
	bool note;	 /* the note (reason, information) is required */
	unsigned needs;	 /* enum fb_need bits */
	enum fb_deadline deadline;
	bool unit_bound; /* only officers of the item's unit (draft) */
};

/* The row of action a, NULL if out of range. */
const struct fb_action_def *fb_action_def(enum fb_action a);

enum fb_error {
	FB_OK = 0,
	FB_E_STATE = -1,      /* not allowed in the item's state */
	FB_E_ROLE = -2,	      /* none of the actor's roles may take it */
	FB_E_INFO_TWICE = -3, /* information was already asked for in this round */
	FB_E_PRIVATE = -4,    /* publish: the sender asked for privacy, or it holds personal data */
	FB_E_RATED = -5,      /* this answer was already rated */
	FB_E_NO_CATEGORY = -6,	/* assign: neither given nor set before */
	FB_E_OUT_OF_SCOPE = -7, /* assign of an item classified out of scope: refuse it */
	FB_E_NO_LINK = -8,	/* confirm_dossier: no dossier named, or its link counts already */
};

/* The facts about an item that the rules look at. */
struct fb_item {
	enum fb_state state;
	bool info_requested;   /* in this round */
	bool publishable;      /* not private, no personal data */
	bool rated;	       /* the current answer has a rating */
	bool has_category;     /* regulation or conduct set */
	bool out_of_scope;     /* classified out of scope */
	bool link_unconfirmed; /* names a dossier; the link does not count yet (766.5.4) */
};

/* What an allowed action does. */
struct fb_outcome {
	enum fb_state to;
	bool pauses, resumes;	   /* the answer's clock */
	bool new_round;		   /* re-raised: received again, new deadlines */
	bool sends;		   /* the answer goes to the sender (mail, tracking page) */
	enum fb_deadline deadline; /* judged now against this deadline */
	const struct fb_action_def *def;
};

/* Decides action a, taken with `roles` (FB_SENDER for the key's holder),
 * on it; `category_given` says the action's input names a category.
 * Returns FB_OK and fills *out, or a negative enum fb_error. */
int fb_apply(const struct fb_item *it, enum fb_action a, unsigned roles, bool category_given,
	     struct fb_outcome *out);

/* Names: "received", "request_info"... NULL / -1 if unknown. */
const char *fb_state_name(enum fb_state s);
int fb_state_parse(const char *name);
const char *fb_action_name(enum fb_action a);
int fb_action_parse(const char *name);
const char *fb_state_label_vi(enum fb_state s);
const char *fb_state_label_en(enum fb_state s);
/* A short English reason for an error. */
const char *fb_error_text(int err);

/* Categories and channels: true if known. */
bool fb_category_valid(const char *s); /* regulation, conduct, out_of_scope */
bool fb_channel_valid(const char *s);  /* online, phone, letter, in_person, email */

#endif
