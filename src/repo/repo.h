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

#endif
