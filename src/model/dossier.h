/* Dossiers (issue 4): the dossier and its parties, components and pauses,
 * the chain heads and code gaps the audit reads, and an officer's inbox.
 *
 * Layer: model, below svc and repo (docs/architecture.md): plain structs
 * that both pass, with no functions and no includes beyond libc. Strings
 * are borrowed or from the arena of whoever filled the struct.
 */
#ifndef MOTCUA_MODEL_DOSSIER_H
#define MOTCUA_MODEL_DOSSIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dossier_party {
	const char *kind; /* person | organisation; NULL for an owner = the submitter */
	const char *name, *id_number, *tax_code, *address, *phone, *email;
};

struct dossier {
	int64_t id;
	const char *code;
	int64_t code_day, code_seq;
	int64_t procedure_version_id, procedure_version;
	const char *procedure_code, *procedure_name_vi, *procedure_name_en;
	const char *channel; /* direct | online | post */
	const char *state;   /* wf_state_name() */
	int64_t receiving_unit_id, processing_unit_id;
	struct dossier_party submitter, owner;
	int64_t applicant_user_id; /* the citizen account that submitted online, 0 = none */
	const char *request_text;
	int64_t sets;
	const char *return_method; /* desk | post | online */
	int64_t created_by, created_at;
	int64_t submitted_at, received_at, due_at, extended_due_at; /* 0 = not set */
	int64_t step, step_started_at, step_due_at, step_unit_id;
	const char *step_role; /* may be NULL */
	int64_t assignee_id;   /* 0 = the unit's pool */
	const char *assignee;  /* user name, filled on read */
	int64_t paused_at;
	const char *resume_state;
	int64_t supplements;
	const char *extension; /* none | pending | approved */
	const char *extension_reason;
	int64_t extension_due_at;
	bool approved, counts_late;
	const char *result_code;
	int64_t result_at, returned_at, ended_at;
	const char *timeliness; /* early | on_time | late, at the end of processing; may be NULL */
	int64_t nevents;
	const char *last_hash;
	int64_t updated_at;
};

struct dossier_component {
	const char *name_vi, *name_en, *copy_type;
	int64_t copies;
	bool mandatory;
	const char *status; /* paper | uploaded | missing | not_applicable */
};

struct dossier_pause {
	const char *kind;	/* supplement | payment */
	int64_t from_at, to_at; /* to_at 0 = still paused */
};

/* Dossier chain heads for the audit, by id, after after_id, at most limit. */
struct dossier_head {
	int64_t id;
	const char *code;
	int64_t nevents;
	const char *last_hash;
};

/* Counter rows whose dossiers are not exactly 1..last (a deleted or
 * inserted dossier): unit identifier, day and what was found. */
struct dossier_gap {
	const char *unit_ident;
	int64_t day, last, count, max_seq;
};

/* An officer's inbox (DOMAIN.md 5 for due soon / overdue). */
/* INBOX_APPROVALS: an extension waiting for a leader, or a draft result
 * waiting for approval at a leader's step. */
enum inbox_box {
	INBOX_ALL,
	INBOX_MINE,
	INBOX_POOL,
	INBOX_DUE_SOON,
	INBOX_OVERDUE,
	INBOX_WAITING,
	INBOX_APPROVALS
};

struct inbox_query {
	int64_t user_id, unit_id;
	const char **roles; /* role names the user holds, for the pool */
	size_t nroles;
	bool whole_agency; /* leader, office: every open dossier of their agency */
	/* whole_agency: the root of the agency's unit tree, when the
	 * organisation has other trees (only dossiers received in this one);
	 * 0 = a single tree, every dossier. */
	int64_t agency_root;
	bool unit_wide; /* head: every open dossier of the unit */
	enum inbox_box box;
	const char *procedure; /* code, or NULL */
	const char *state;     /* state name, or NULL */
	int64_t now, soon;     /* due soon: now < due <= soon */
	int64_t limit, offset;
};

struct inbox_counts {
	int64_t all, mine, pool, due_soon, overdue, waiting;
};

#endif
