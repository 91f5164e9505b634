/* Who may see and who may act on a dossier (DOMAIN.md section 15) as one
 * pure predicate, "handles this dossier": officers see the dossiers of
 * their own unit, of the steps they handle and those received at their
 * desk; leaders and the office see the whole agency (the unit tree their
 * own unit belongs to, never another tree; without a unit, none);
 * administrators see no personal data. A citizen: the dossiers their
 * account submitted, as long as no other account is verified for the
 * number it submitted as; the dossiers another account submitted as the
 * number their account is verified for (after a verification was moved:
 * they follow the number, to act on as well); and, read only, those whose
 * owner their account is verified for. What another account submitted
 * reaches the owner only once the desk has received it.
 * Every staff
 * read of a dossier (detail, history, components and files, forms, inbox)
 * and every action on one asks access_dossier() before anything else; the
 * transition table (core/workflow.c) still decides which role may take
 * which action in which state.
 *
 * Layer: core (pure). No I/O, no allocation, thread-safe.
 */
#ifndef MOTCUA_CORE_ACCESS_H
#define MOTCUA_CORE_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/workflow.h"

/* What the actor wants to do with the dossier. */
enum access_need {
	ACCESS_READ, /* see it: its parties, history, components, files, forms */
	ACCESS_WORK, /* work on its papers: attach, exempt, reuse, draft the result */
	ACCESS_ACT,  /* take a lifecycle action (the `action` argument) */
};

/* Why access_dossier() refuses, most specific first. */
enum access_error {
	ACCESS_OK = 0,
	ACCESS_E_NOT_APPLICANT = -1,	/* a citizen, not theirs: as if it did not exist */
	ACCESS_E_NO_PERSONAL_DATA = -2, /* administrators manage, they see no dossier */
	ACCESS_E_NOT_HANDLING = -3,	/* an officer of another unit */
	ACCESS_E_NOT_YOUR_STEP = -4,	/* of the step's unit, but assigned to another officer */
	ACCESS_E_OWNER_READS = -5,	/* its verified owner, who did not submit it: reads only */
	ACCESS_E_NOT_DESK = -6,		/* a receiver of a desk that does not receive it */
};

/* The user asking. */
struct access_actor {
	int64_t user_id;
	unsigned roles;	       /* core/roles.h bits */
	int64_t unit_id;       /* 0 = no unit */
	const char *unit_code; /* the unit's code, NULL if not known or none */
	/* A citizen account verified for an owner: "person" or "organisation"
	 * and its ID number or tax code (either form); NULL if unverified or
	 * not known (then only what it submitted is its own). */
	const char *verified_kind, *verified_ident;
	/* The root of the actor's unit's tree: their agency (0 = no unit).
	 * Leaders and the office see the dossiers of this tree only. */
	int64_t root_id;
};

/* The facts of a dossier that decide. Arrays are borrowed. */
struct access_dossier {
	int64_t applicant_user_id; /* the citizen account that submitted it, 0 = none */
	/* Its owner as stored: the owner named on it, else the applicant
	 * (kind, ID number, tax code in either form); NULL if not known. */
	const char *owner_kind, *owner_id_number, *owner_tax_code;
	int64_t receiving_unit_id; /* the desk that received it */
	int64_t processing_unit_id;
	int64_t step_unit_id; /* the current step's unit, 0 = none */
	int64_t assignee_id;  /* the officer holding the current step, 0 = the unit's pool */
	/* Codes of the units of every step of its process and of the
	 * co-ordinating units: the steps their officers handle. */
	const char *const *process_units;
	size_t nprocess_units;
	/* Users who took an action on it (not mere views). */
	const int64_t *handlers;
	size_t nhandlers;
	/* Its receiving unit and that unit's ancestors up to the root (see
	 * access_receive()); asked for WF_ACCEPT only. NULL: the receiving
	 * unit alone. */
	const int64_t *desks;
	size_t ndesks;
	/* The root of its receiving unit's tree: the agency it belongs to. */
	int64_t root_id;
	/* Its applicant as stored (kind, ID number, tax code in either form). */
	const char *applicant_kind, *applicant_id_number, *applicant_tax_code;
	/* The account verified for the applicant's number, 0 = none (needed
	 * for the account that submitted it). */
	int64_t applicant_holder_id;
	bool received; /* received at the desk (an online dossier: accepted) */
};

/* Decides whether who may `need` dossier d; for ACCESS_ACT, `action` is
 * the lifecycle action (ignored otherwise). Returns ACCESS_OK or a negative
 * enum access_error. The role check of the transition table is not
 * repeated here: an allowed answer for ACCESS_ACT means "at the right
 * place", and wf_apply() says whether the role may take it now. */
int access_dossier(const struct access_actor *who, const struct access_dossier *d,
		   enum access_need need, enum wf_action action);

/* May who receive at the desk a dossier of a procedure whose receiving
 * unit (the unit of its first step, else its own unit) and that unit's
 * ancestors up to the root are desks[0..ndesks-1]? A receiver may receive,
 * and accept an online dossier, only for the procedures received at their
 * unit or at a unit under it: the receiver's unit is the procedure's
 * receiving unit or an ancestor of it (an agency's one-stop desk may also
 * sit at the agency itself and receive for every unit below). A receiver
 * of any other unit, or of none, gets ACCESS_E_NOT_DESK; administrators
 * ACCESS_E_NO_PERSONAL_DATA. Other roles are left to the transition table
 * (only receivers receive), and answered ACCESS_E_NOT_DESK too. */
int access_receive(const struct access_actor *who, const int64_t *desks, size_t ndesks);

/* May who see the dossiers received at unit `unit_id`, whose tree's root
 * is `unit_root_id`, as a whole (the unit's tracking book, Form 07)?
 * Leaders and the office: every unit of their agency (who->root_id);
 * other officers: their own. */
int access_unit_book(const struct access_actor *who, int64_t unit_id, int64_t unit_root_id);

/* May who see the statistics of unit `unit_id` (with the units below it),
 * whose tree's root is `unit_root_id`: the periodic report and the
 * indicators (issue 12)? They count dossiers and name none, so
 * administrators may; leaders and the office: every unit of their agency;
 * a head of unit: their own unit only. Others: ACCESS_E_NOT_HANDLING. */
int access_unit_stats(const struct access_actor *who, int64_t unit_id, int64_t unit_root_id);

/* A short English reason, for logs and error details. */
const char *access_error_text(int err);

#endif
