/* Repository functions: the only place SQL is written. One file per
 * aggregate (units, users and sessions, procedures); each function takes and
 * returns C structs, never json_t, and runs on both backends unchanged.
 *
 * Layer: repo. Conventions: functions return DB_OK or a negative DB_*
 * status (db/db.h); REPO_NOT_FOUND when a looked-up row does not exist.
 * Strings in results are allocated from the arena the caller passes.
 */
#ifndef MOTCUA_REPO_REPO_H
#define MOTCUA_REPO_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "core/procedure.h"
#include "db/db.h"

#define REPO_NOT_FOUND (-10)

/* ---- units (repo_units.c) ---- */
struct unit {
	int64_t id;
	const char *code, *ident, *name_vi, *name_en, *office_hours;
	int64_t parent_id; /* 0 = root */
};

int repo_unit_insert(struct db *db, const struct unit *u, int64_t now, int64_t *id);
int repo_unit_by_code(struct db *db, struct arena *a, const char *code, struct unit *out);
int repo_unit_by_id(struct db *db, struct arena *a, int64_t id, struct unit *out);
/* All units, parents before children. */
int repo_unit_list(struct db *db, struct arena *a, struct unit **out, size_t *n);

/* ---- users, roles, sessions, log-in failures (repo_users.c) ---- */
struct user {
	int64_t id;
	const char *username, *full_name, *kind, *id_number, *tax_code, *email;
	const char *password_hash;
	int64_t unit_id;
	bool active;
	unsigned roles;
};

int repo_user_insert(struct db *db, const struct user *u, int64_t now, int64_t *id);
int repo_user_set_roles(struct db *db, int64_t user_id, unsigned roles);
int repo_user_set_password(struct db *db, int64_t user_id, const char *hash);
int repo_user_by_username(struct db *db, struct arena *a, const char *username, struct user *out);
int repo_user_identity_taken(struct db *db, const char *id_number, const char *tax_code, bool *taken);

struct session_row {
	struct user user;
	const char *csrf_token;
	int64_t expires_at;
};
int repo_session_insert(struct db *db, const char *token_hash, int64_t user_id, const char *csrf,
			int64_t now, int64_t expires_at);
int repo_session_get(struct db *db, struct arena *a, const char *token_hash, int64_t now,
		     struct session_row *out);
int repo_session_delete(struct db *db, const char *token_hash);
int repo_session_purge(struct db *db, int64_t now);

int repo_login_failures(struct db *db, const char *key, int64_t since, int64_t *count);
int repo_login_failure_add(struct db *db, const char *key, int64_t now);
int repo_login_failures_clear(struct db *db, const char *key);

/* ---- procedures (repo_procedures.c) ---- */
struct proc_query {
	const char **terms; /* folded words, each must occur */
	size_t nterms;
	const char *field;        /* Vietnamese field name, or NULL */
	const char *unit;         /* unit code, or NULL */
	const char *online_level; /* or NULL */
	int64_t now;              /* versions effective at this instant */
	int64_t limit, offset;
};

/* Summaries (no components, steps, fees or legal basis). */
int repo_proc_search(struct db *db, struct arena *a, const struct proc_query *q,
		     struct procedure **out, size_t *n, int64_t *total);
/* The full current published version effective at now; or, with
 * version > 0, that version (drafts included). */
int repo_proc_get(struct db *db, struct arena *a, const char *code, int64_t version, int64_t now,
		  struct procedure *out);
struct proc_version_row {
	int64_t version;
	const char *status;
	int64_t effective_from, created_at, published_at;
};
int repo_proc_versions(struct db *db, struct arena *a, const char *code,
		       struct proc_version_row **out, size_t *n);
/* Inserts a new version (status "draft" or "published") of p, creating
 * the procedure if new. Unit codes must exist (REPO_NOT_FOUND otherwise).
 * search_key is the folded text to search. */
int repo_proc_insert_version(struct db *db, const struct procedure *p, const char *status,
			     int64_t effective_from, const char *search_key, int64_t user_id,
			     int64_t now, int64_t *version);
/* The draft's version number, or REPO_NOT_FOUND. */
int repo_proc_draft(struct db *db, const char *code, int64_t *version);
int repo_proc_delete_version(struct db *db, const char *code, int64_t version);
int repo_proc_publish(struct db *db, const char *code, int64_t version, int64_t effective_from,
		      int64_t now);
struct field_count {
	const char *name_vi, *name_en;
	int64_t count;
};
int repo_proc_fields(struct db *db, struct arena *a, int64_t now, struct field_count **out, size_t *n);
/* Codes of all procedures with a current published version. */
int repo_proc_codes(struct db *db, struct arena *a, int64_t now, const char ***out, size_t *n);

/* ---- working calendar (repo_calendar.c) ---- */
/* The scope of an entry is a unit id, or 0 for the agency-wide calendar. */
struct cal_entry_row {
	int64_t id;
	int64_t unit_id; /* 0 = agency-wide */
	const char *day; /* YYYY-MM-DD */
	int year;
	const char *kind; /* holiday | compensatory | workday | holiday-optional */
	const char *name;
	bool enabled; /* false: kept in the list but not in effect */
	int64_t updated_at, updated_by;
};
struct cal_change_row {
	int64_t id, at, user_id, unit_id; /* user_id 0 = a command, unit_id 0 = agency */
	const char *username, *unit_code; /* filled by repo_cal_changes */
	int year;
	const char *day;    /* NULL for a whole-year action */
	const char *action; /* add | change | remove | load | recompute */
	const char *old_value, *new_value; /* compact JSON or NULL */
	const char *note;
	int64_t version; /* calendar version after the change */
};
int repo_cal_version(struct db *db, int64_t *version);
/* Adds one to the version and returns the new value. */
int repo_cal_bump(struct db *db, int64_t *version);
/* Entries of a scope for a year (0 = all years), by date. */
int repo_cal_entries(struct db *db, struct arena *a, int64_t unit_id, int year,
		     struct cal_entry_row **out, size_t *n);
int repo_cal_entry_get(struct db *db, struct arena *a, int64_t unit_id, const char *day,
		       struct cal_entry_row *out);
int repo_cal_year_count(struct db *db, int64_t unit_id, int year, int64_t *count);
int repo_cal_unit_has_entries(struct db *db, int64_t unit_id, bool *has);
int repo_cal_entry_insert(struct db *db, const struct cal_entry_row *e, int64_t now,
			  int64_t user_id, int64_t *id);
/* Updates kind, name and enabled of the row e->id. */
int repo_cal_entry_update(struct db *db, const struct cal_entry_row *e, int64_t now, int64_t user_id);
int repo_cal_entry_delete(struct db *db, int64_t id);
int repo_cal_year_delete(struct db *db, int64_t unit_id, int year, int64_t *deleted);
int repo_cal_change_insert(struct db *db, const struct cal_change_row *c);
/* Newest first; unit_id < 0 = every scope, year 0 = every year. */
int repo_cal_changes(struct db *db, struct arena *a, int64_t unit_id, int year, int64_t limit,
		     struct cal_change_row **out, size_t *n);
/* One read for the due-time path: the unit's office hours, the calendar
 * version and whether the unit has entries of its own. */
int repo_cal_unit_state(struct db *db, struct arena *a, int64_t unit_id, const char **office_hours,
			int64_t *version, bool *own_entries);

/* ---- dossiers, their history and code counters (repo_dossiers.c, issue 4) ---- */
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
	int64_t assignee_id;	/* 0 = the unit's pool */
	const char *assignee;	/* user name, filled on read */
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
	const char *kind; /* supplement | payment */
	int64_t from_at, to_at; /* to_at 0 = still paused */
};

/* The next code sequence of a receiving unit on a local day (YYYYMMDD),
 * 1 for the first: one row per unit and day, bumped with INSERT ... ON
 * CONFLICT DO UPDATE ... RETURNING inside the caller's transaction, so that
 * concurrent receipts wait for each other and never share or skip. */
int repo_dossier_next_seq(struct db *db, int64_t unit_id, int64_t day, int64_t *seq);
/* The id of a procedure version (code + version number); REPO_NOT_FOUND. */
int repo_dossier_proc_version_id(struct db *db, const char *code, int64_t version, int64_t *id);
/* Inserts d (with its components and co-ordinating units); *id gets its id. */
int repo_dossier_insert(struct db *db, const struct dossier *d, const struct dossier_component *c,
			size_t nc, const int64_t *coordinators, size_t ncoord, int64_t *id);
int repo_dossier_by_code(struct db *db, struct arena *a, const char *code, struct dossier *out);
/* Writes every mutable column of d, provided the stored row still has
 * old_nevents events (else DB_SOFT: someone else acted first; retry). */
int repo_dossier_update(struct db *db, const struct dossier *d, int64_t old_nevents);
int repo_dossier_components(struct db *db, struct arena *a, int64_t dossier_id,
			    struct dossier_component **out, size_t *n);
/* Unit codes of the co-ordinating units. */
int repo_dossier_coordinators(struct db *db, struct arena *a, int64_t dossier_id,
			      const char ***codes, size_t *n);
int repo_dossier_pauses(struct db *db, struct arena *a, int64_t dossier_id,
			struct dossier_pause **out, size_t *n);
int repo_dossier_pause_start(struct db *db, int64_t dossier_id, const char *kind, int64_t at);
/* Closes the open pause (if any) at `at`. */
int repo_dossier_pause_end(struct db *db, int64_t dossier_id, int64_t at);

/* Appends one event (struct event of core/events.h, hash filled). */
struct event;
int repo_event_insert(struct db *db, int64_t dossier_id, const struct event *e);
/* The events of a dossier by seq (strings from a). */
int repo_events_of(struct db *db, struct arena *a, int64_t dossier_id, struct event **out,
		   size_t *n);

/* Dossier chain heads for the audit, by id, after after_id, at most limit. */
struct dossier_head {
	int64_t id;
	const char *code;
	int64_t nevents;
	const char *last_hash;
};
int repo_dossier_heads(struct db *db, struct arena *a, int64_t after_id, int64_t limit,
		       struct dossier_head **out, size_t *n);
/* Counter rows whose dossiers are not exactly 1..last (a deleted or
 * inserted dossier): unit identifier, day and what was found. */
struct dossier_gap {
	const char *unit_ident;
	int64_t day, last, count, max_seq;
};
int repo_dossier_gaps(struct db *db, struct arena *a, struct dossier_gap **out, size_t *n);

/* An officer's inbox (DOMAIN.md 5 for due soon / overdue). */
enum inbox_box { INBOX_ALL, INBOX_MINE, INBOX_POOL, INBOX_DUE_SOON, INBOX_OVERDUE, INBOX_WAITING };
struct inbox_query {
	int64_t user_id, unit_id;
	const char **roles; /* role names the user holds, for the pool */
	size_t nroles;
	bool whole_agency;  /* leader, office: every open dossier */
	bool unit_wide;     /* head: every open dossier of the unit */
	enum inbox_box box;
	const char *procedure; /* code, or NULL */
	const char *state;     /* state name, or NULL */
	int64_t now, soon;     /* due soon: now < due <= soon */
	int64_t limit, offset;
};
struct inbox_counts {
	int64_t all, mine, pool, due_soon, overdue, waiting;
};
/* Open dossiers the user sees, sorted by due time (the extended due time,
 * else the appointment, else the current step's due time), earliest first,
 * those without a due time last. */
int repo_inbox(struct db *db, struct arena *a, const struct inbox_query *q, struct dossier **out,
	       size_t *n, int64_t *total);
int repo_inbox_counts(struct db *db, const struct inbox_query *q, struct inbox_counts *out);

#endif
