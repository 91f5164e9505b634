/* The one predicate "handles this dossier": see access.h. Layer: core.
 *
 * Reading is wide (the whole process and everyone who took part), acting
 * is narrow (the current step, or the receiving desk for what the
 * applicant does at the desk). Leaders act anywhere in their agency; the
 * office only reads it (the transition table gives it no action). The
 * agency is the unit tree of their own unit: a unit added without a parent
 * is another agency's root, and its leaders see nothing of this one. */
#include "core/access.h"

#include <stdbool.h>
#include <string.h>

#include "core/ident.h"
#include "core/roles.h"

#define ROLES_OFFICER (ROLE_RECEIVER | ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE)

/* Where an action may be taken is a column of the action table
 * (core/workflow.c): WF_PLACE_DESK, done at the receiving desk with the
 * applicant wherever the dossier is being processed (a supplement brought
 * in, a withdrawal, a payment recorded, the result handed over);
 * WF_PLACE_STEP, done on behalf of the current step: once it is assigned,
 * only its officer or a head of the unit; WF_PLACE_RECEIPT, a receipt: at
 * a desk that may receive the procedure (access_receive()). */
static bool at_place(enum wf_action a, enum wf_place p)
{
	const struct wf_action_def *r = wf_action_def(a);
	return r && r->place == p;
}

static bool in_unit(const struct access_actor *who, int64_t unit)
{
	return who->unit_id && unit && who->unit_id == unit;
}

/* The unit holding the dossier now: the current step's, else (a procedure
 * without steps) the processing unit. */
static int64_t current_unit(const struct access_dossier *d)
{
	return d->step_unit_id ? d->step_unit_id : d->processing_unit_id;
}

/* Leaders and the office: is d of their agency (the same unit tree)? */
static bool agency_wide(const struct access_actor *who, const struct access_dossier *d)
{
	return (who->roles & (ROLE_LEADER | ROLE_OFFICE)) && who->root_id && d->root_id &&
	       who->root_id == d->root_id;
}

static bool reads(const struct access_actor *who, const struct access_dossier *d)
{
	if (agency_wide(who, d))
		return true;
	if (d->assignee_id && d->assignee_id == who->user_id)
		return true;
	if (in_unit(who, d->receiving_unit_id) || in_unit(who, d->processing_unit_id) ||
	    in_unit(who, d->step_unit_id))
		return true;
	for (size_t i = 0; who->unit_code && i < d->nprocess_units; i++)
		if (d->process_units[i] && !strcmp(d->process_units[i], who->unit_code))
			return true;
	for (size_t i = 0; i < d->nhandlers; i++)
		if (d->handlers[i] == who->user_id)
			return true;
	/* A desk above the receiving unit (access_receive()). */
	for (size_t i = 0; (who->roles & ROLE_RECEIVER) && i < d->ndesks; i++)
		if (who->unit_id && d->desks[i] == who->unit_id)
			return true;
	return false;
}

static bool works(const struct access_actor *who, const struct access_dossier *d)
{
	if (agency_wide(who, d))
		return true;
	if (d->assignee_id && d->assignee_id == who->user_id)
		return true;
	return in_unit(who, d->receiving_unit_id) || in_unit(who, d->processing_unit_id) ||
	       in_unit(who, d->step_unit_id);
}

static int acts(const struct access_actor *who, const struct access_dossier *d, enum wf_action a)
{
	if ((who->roles & ROLE_LEADER) && agency_wide(who, d))
		return ACCESS_OK;
	if (d->assignee_id && d->assignee_id == who->user_id)
		return ACCESS_OK;
	if (at_place(a, WF_PLACE_RECEIPT) && (who->roles & ROLE_RECEIVER)) {
		/* Receiving an online dossier: the desk rule of a receipt. */
		const int64_t *desks = d->desks ? d->desks : &d->receiving_unit_id;
		return access_receive(who, desks, d->desks ? d->ndesks : 1) == ACCESS_OK
			       ? ACCESS_OK
			       : ACCESS_E_NOT_DESK;
	}
	if ((who->roles & ROLE_RECEIVER) && at_place(a, WF_PLACE_DESK) &&
	    in_unit(who, d->receiving_unit_id))
		return ACCESS_OK;
	if (!in_unit(who, current_unit(d)))
		return ACCESS_E_NOT_HANDLING;
	if (at_place(a, WF_PLACE_STEP) && d->assignee_id && !(who->roles & ROLE_HEAD))
		return ACCESS_E_NOT_YOUR_STEP;
	return ACCESS_OK;
}

/* Are (kind, a) and (kind, b) the same number? Tax codes compare in normal
 * form (a branch's dash dropped); a number that is not valid matches none. */
static bool same_ident(const char *kind, const char *a, const char *b)
{
	if (!a || !b || !*a || !*b)
		return false;
	if (strcmp(kind, "organisation"))
		return !strcmp(a, b);
	char na[IDENT_TAX_MAX], nb[IDENT_TAX_MAX];
	return ident_tax_code_check(a, na) == IDENT_OK && ident_tax_code_check(b, nb) == IDENT_OK &&
	       !strcmp(na, nb);
}

/* Is the citizen's account verified for (kind, its ID number / tax code)? */
static bool verified_for(const struct access_actor *who, const char *kind, const char *id_number,
			 const char *tax_code)
{
	if (!who->verified_kind || !kind || strcmp(who->verified_kind, kind))
		return false;
	const char *theirs = !strcmp(kind, "organisation") ? tax_code : id_number;
	return same_ident(kind, who->verified_ident, theirs);
}

/* A citizen (not staff). Its account submitted it: theirs, unless the
 * number it submitted as is now verified for another account (the desk
 * moved the verification): then it is that account's, which follows the
 * number and acts as its applicant. The verified owner reads. Whatever
 * another account submitted reaches the owner once the desk received it:
 * before that nobody has checked it, and it is nothing of theirs. */
static int citizen(const struct access_actor *who, const struct access_dossier *d,
		   enum access_need need)
{
	int not_theirs =
		who->roles & ROLE_ADMIN ? ACCESS_E_NO_PERSONAL_DATA : ACCESS_E_NOT_APPLICANT;
	if (d->applicant_user_id && d->applicant_user_id == who->user_id)
		return !d->applicant_holder_id || d->applicant_holder_id == who->user_id
			       ? ACCESS_OK
			       : not_theirs;
	bool follows =
		d->applicant_user_id &&
		verified_for(who, d->applicant_kind, d->applicant_id_number, d->applicant_tax_code);
	if (!follows && !verified_for(who, d->owner_kind, d->owner_id_number, d->owner_tax_code))
		return not_theirs;
	if (d->applicant_user_id && !d->received)
		return not_theirs;
	if (follows || need == ACCESS_READ)
		return ACCESS_OK;
	return ACCESS_E_OWNER_READS;
}

int access_dossier(const struct access_actor *who, const struct access_dossier *d,
		   enum access_need need, enum wf_action action)
{
	if (!(who->roles & ROLES_OFFICER)) {
		if (!(who->roles & ROLE_CITIZEN))
			return who->roles & ROLE_ADMIN ? ACCESS_E_NO_PERSONAL_DATA
						       : ACCESS_E_NOT_APPLICANT;
		return citizen(who, d, need);
	}
	if (!reads(who, d))
		return ACCESS_E_NOT_HANDLING;
	switch (need) {
	case ACCESS_READ:
		return ACCESS_OK;
	case ACCESS_WORK:
		return works(who, d) ? ACCESS_OK : ACCESS_E_NOT_HANDLING;
	case ACCESS_ACT:
		return acts(who, d, action);
	}
	return ACCESS_E_NOT_HANDLING;
}

int access_receive(const struct access_actor *who, const int64_t *desks, size_t ndesks)
{
	if (!(who->roles & ROLES_OFFICER) && (who->roles & ROLE_ADMIN))
		return ACCESS_E_NO_PERSONAL_DATA;
	if (!(who->roles & ROLE_RECEIVER) || !who->unit_id)
		return ACCESS_E_NOT_DESK;
	for (size_t i = 0; i < ndesks; i++)
		if (desks[i] == who->unit_id)
			return ACCESS_OK;
	return ACCESS_E_NOT_DESK;
}

int access_unit_book(const struct access_actor *who, int64_t unit_id, int64_t unit_root_id)
{
	if (!(who->roles & ROLES_OFFICER))
		return who->roles & ROLE_ADMIN ? ACCESS_E_NO_PERSONAL_DATA : ACCESS_E_NOT_HANDLING;
	struct access_dossier received_there = {.root_id = unit_root_id};
	if (agency_wide(who, &received_there))
		return ACCESS_OK;
	return in_unit(who, unit_id) ? ACCESS_OK : ACCESS_E_NOT_HANDLING;
}

int access_unit_stats(const struct access_actor *who, int64_t unit_id, int64_t unit_root_id)
{
	if (who->roles & ROLE_ADMIN)
		return ACCESS_OK;
	struct access_dossier of_unit = {.root_id = unit_root_id};
	if (agency_wide(who, &of_unit))
		return ACCESS_OK;
	return (who->roles & ROLE_HEAD) && in_unit(who, unit_id) ? ACCESS_OK
								 : ACCESS_E_NOT_HANDLING;
}

const char *access_error_text(int err)
{
	switch (err) {
	case ACCESS_OK:
		return "allowed";
	case ACCESS_E_NOT_APPLICANT:
		return "not the applicant's account";
	case ACCESS_E_NO_PERSONAL_DATA:
		return "administrators see no personal data";
	case ACCESS_E_NOT_HANDLING:
		return "the dossier is handled by another unit";
	case ACCESS_E_NOT_YOUR_STEP:
		return "the current step is assigned to another officer";
	case ACCESS_E_OWNER_READS:
		return "its owner follows it; the account that submitted it acts on it";
	case ACCESS_E_NOT_DESK:
		return "the procedure is received at another desk";
	}
	return "unknown";
}
