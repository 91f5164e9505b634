/* Use cases: each runs its database work in one transaction through
 * db_run_txn() and returns ERR_NONE or a registry error (base/errors_gen.h)
 * with, where it applies, the name of the offending field.
 *
 * Layer: svc. Calls core, cal and repo; never builds HTTP replies. The
 * repository (the headers of repo/) is private to svc: this header does not include it.
 */
#ifndef MOTCUA_SVC_SVC_H
#define MOTCUA_SVC_SVC_H

#include <jansson.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/config.h"
#include "base/errors_gen.h"
#include "cal/cal.h"
#include "core/kpi_index.h"
#include "core/procedure.h"
#include "core/queue.h"
#include "model/account.h"
#include "model/calendar.h"
#include "model/dossier.h"
#include "model/procedure.h"
#include "model/queue.h"
#include "model/rating.h"
#include "model/unit.h"

/* The database connection a use case runs on (db/db.h, which only svc
 * includes: the layers above see the structs of src/model/ and this
 * name, never the repository). */
struct db;

struct svc_result {
	enum err_code code;
	const char *field;  /* static or arena string; may be NULL */
	const char *detail; /* may be NULL */
};

static inline struct svc_result svc_ok(void)
{
	return (struct svc_result){ERR_NONE, NULL, NULL};
}

static inline struct svc_result svc_fail(enum err_code code, const char *field, const char *detail)
{
	return (struct svc_result){code, field, detail};
}

/* r, with DB_BUSY for DB_ERROR when the write lock stayed with another
 * process until the transaction's deadline (db.busy_timeout_ms): nothing
 * was written, and a retry in a moment will do. db may be NULL. */
struct svc_result svc_busy(struct db *db, struct svc_result r);

/* The transaction's error plumbing, the same for every use case
 * (svc_txn.c). A transaction callback gives up with a registry error by
 * returning svc_abort(db, svc_fail(...)) (db_abort(): the runner rolls back
 * and returns DB_ABORT); svc_txn_result() turns db_run_txn()'s status, or
 * that of any database call made on db outside a transaction, into the use
 * case's result: ERR_NONE for DB_OK (or any other status >= 0), the error
 * given to db_abort() for DB_ABORT, DB_ERROR for any other failure (the
 * database's message as detail, for the log). It is the one place a status
 * becomes DB_ERROR: a use case maps only the statuses that mean something
 * to it (DB_NOT_FOUND: which row is missing) and hands it the rest. */
int svc_abort(struct db *db, struct svc_result r) __attribute__((warn_unused_result));
struct svc_result svc_txn_result(struct db *db, int rc);

/* ---- accounts (svc_auth.c) ---- */

/* Argon2id hash of password (libsodium's interactive limits); returns a
 * malloc'd string, or NULL if out of memory. */
char *svc_password_hash(const char *password);
bool svc_password_verify(const char *hash, const char *password);

struct svc_login {
	char token[64]; /* raw session token for the cookie (wiped by the caller) */
	char csrf[64];
	struct user user;
	int64_t expires_at;
	int64_t retry_after; /* LOGIN_THROTTLED: seconds to wait */
};

/* Checks throttling, verifies the password, records failures, and opens a
 * session. An account is throttled per address (ip): each attempt is
 * counted before the password is looked at, and after
 * login.free_attempts the next waits, twice as long each time; an address
 * with login.ip_free_failures failures over all accounts waits too. An
 * unknown user costs the same hash as a known one and fails the same way.
 * Errors: LOGIN_FAILED, LOGIN_THROTTLED (out->retry_after),
 * ACCOUNT_INACTIVE, AUTH_BUSY (no hashing slot in time), DB_ERROR. */
struct svc_result svc_login(struct db *db, const struct config *cfg, struct arena *a,
			    const char *username, const char *password, const char *ip,
			    struct svc_login *out);
/* Resolves a raw session token; DB_NOT_FOUND-like misses give
 * ERR_UNAUTHENTICATED. */
struct svc_result svc_session(struct db *db, struct arena *a, const char *token,
			      struct session_row *out, const char **token_hash);
struct svc_result svc_logout(struct db *db, const char *token_hash);

/* Opens a session for the account user_id, which proved who it is some
 * other way than a password (the identity provider, svc_oidc.c). Errors:
 * ACCOUNT_INACTIVE, DB_ERROR. */
struct svc_result svc_session_open(struct db *db, const struct config *cfg, struct arena *a,
				   int64_t user_id, struct svc_login *out);

struct svc_registration {
	const char *kind; /* person | organisation */
	const char *id_number, *tax_code, *full_name, *email, *username, *password;
	/* The client's address: once the form is valid, registrations from it
	 * are limited (register.per_ip_per_hour); NULL = no limit (command
	 * line). retry_after is set on RATE_LIMITED. */
	const char *ip;
	int64_t retry_after;
};
/* Self-registration of a citizen. Once the form is valid the answer is the
 * same whether the user name is free or taken: a free one gets its account
 * (*out filled) and a welcome e-mail, a taken one makes nothing (*out
 * zeroed) and its owner is told by e-mail. An ID number or tax code is only
 * claimed (several accounts may), so it tells nothing either. A form that is
 * not valid counts nothing against the address. Errors: the field errors
 * (FIELD_*, PASSWORD_WEAK), RATE_LIMITED, AUTH_BUSY, DB_ERROR. */
struct svc_result svc_register(struct db *db, const struct config *cfg, struct arena *a,
			       struct svc_registration *r, struct user *out);

/* ---- guards of the accounts (svc_guard.c) ---- */
/* Reads password.common_file now (serve calls it at start, so that a
 * missing list stops it); otherwise the first check reads it, and without
 * it refuses only passwords that hold the user name. Thread-safe. Returns 0,
 * or -1 with a reason in err. */
int svc_passwords_load(const struct config *cfg, char *err, size_t errlen)
	__attribute__((warn_unused_result));
/* PASSWORD_WEAK (field password) when password is, or contains, the user
 * name (case-insensitive) or is in the list of common passwords;
 * FIELD_TOO_SHORT below password.min_length. */
struct svc_result svc_password_check(const struct config *cfg, struct arena *a,
				     const char *username, const char *password);
enum svc_limit { SVC_LIMIT_REGISTER, SVC_LIMIT_TICKET, SVC_LIMIT_SUBMIT, SVC_LIMIT_FEEDBACK };
/* Counts one request of kind `what` from who (a client address, or
 * "user:ID" for online submissions): RATE_LIMITED, with the seconds to wait
 * in *retry_after, when who has made too many within the hour
 * (register.per_ip_per_hour, queue.tickets_per_ip_per_hour,
 * submit.per_account_per_hour, feedback.per_ip_per_hour); DB_ERROR. */
struct svc_result svc_rate_limit(struct db *db, const struct config *cfg, enum svc_limit what,
				 const char *who, int64_t *retry_after);
/* RATE_LIMITED if who is past the limit now, counting nothing (for limits
 * counted only when the request succeeded); DB_ERROR. */
struct svc_result svc_rate_blocked(struct db *db, const struct config *cfg, enum svc_limit what,
				   const char *who, int64_t *retry_after);

/* Creates a staff user for the demo data, password unchecked (the `user
 * add` command and the API use svc_user_add(), svc_users.h). */
struct svc_result svc_user_create(struct db *db, const char *username, const char *full_name,
				  const char *unit_code, unsigned roles, const char *password,
				  int64_t *id);
/* A change of an account by an operator (the `user disable|enable|set|
 * password` commands) or an administrator (PUT /api/v1/users/{username},
 * POST .../password): officers who move or leave (svc_users.c). */
struct svc_user_change {
	int active;	       /* 1 enable, 0 disable, -1 unchanged */
	const char *unit_code; /* NULL: unchanged */
	const char *full_name; /* NULL: unchanged */
	const char *email;     /* NULL: unchanged; "" none */
	const char *phone;     /* NULL: unchanged; "" none */
	unsigned roles;	       /* staff roles replacing the old set; 0: unchanged */
	const char *password;  /* NULL: unchanged; svc_password_check's rules */
	/* The administrator acting, limited to their units (svc_users.h);
	 * NULL: the command line, named by `by` in the history. */
	const struct svc_actor *who;
	const char *by;
};
/* Applies ch to the account username in one transaction. A change of the
 * state, unit, roles or password ends every session of it (*ended, may be
 * NULL, gets how many), so that an open session stops at its next request.
 * What changed is logged and appended to the account's history; the same
 * change twice changes nothing the second time. An administrator may not
 * disable their own account or take away their own administrator role
 * (FIELD_INVALID active / roles), nor place an account outside their units
 * (FORBIDDEN unit). Other errors: USER_NOT_FOUND (username), UNIT_NOT_FOUND
 * (unit), FIELD_INVALID (roles, email, phone, or unit/roles on a citizen's
 * account), FIELD_MISSING (full_name), FIELD_TOO_SHORT and PASSWORD_WEAK
 * (password), DB_ERROR; nothing is changed then. */
struct svc_result svc_user_change(struct db *db, const struct config *cfg, struct arena *a,
				  const char *username, const struct svc_user_change *ch,
				  int64_t *ended);
/* Checks a user name: 3–64 of a-z 0-9 . _ - */
/* Names made of an ID number ("001090012345", "001090012345-2") are kept
 * for the accounts the identity provider makes (svc_oidc.c): a stranger who
 * registered them first would stop that person from ever getting one. */
bool svc_username_reserved(const char *s);
bool svc_username_valid(const char *s);

/* ---- catalogue (svc_catalogue.c) ---- */

/* Reads a procedure in the import format (data/catalogue/README.md) from
 * JSON, adding a problem for every defect, including unknown fields.
 * Strings borrow from j. Returns the number of problems added. */
size_t svc_proc_from_json(json_t *j, const char *prefix, struct arena *a, struct procedure *p,
			  struct problems *pr);

/* Validates every procedure (rules and unit codes) and, only if there is no
 * problem at all (including those already in pr from reading), stores each as a new published
 * version in one transaction. Returns ERR_CATALOGUE_INVALID with problems filled, or DB_ERROR.
 * *imported gets the count. */
struct svc_result svc_catalogue_import(struct db *db, struct arena *a, struct procedure *procs,
				       size_t n, int64_t user_id, struct problems *pr,
				       size_t *imported);
/* Admin editing: saves p as the draft of its procedure (replacing an
 * existing draft), after the same validation. */
struct svc_result svc_catalogue_save_draft(struct db *db, struct arena *a,
					   const struct procedure *p, int64_t user_id,
					   struct problems *pr, int64_t *version);
/* The checks of svc_catalogue_save_draft() without the write (the
 * editor's "Kiểm tra"): ERR_CATALOGUE_INVALID with pr filled, DB_ERROR. */
struct svc_result svc_catalogue_check_draft(struct db *db, struct arena *a,
					    const struct procedure *p, struct problems *pr);
/* Publishes the draft of code, effective from date (YYYY-MM-DD, NULL =
 * today), linking the adopted review proposals enacts (n of them) to the
 * new version (svc_review_enact(): REVIEW_NOT_ADOPTED, field enacts). */
struct svc_result svc_catalogue_publish(struct db *db, const char *code, const char *date,
					const int64_t *enacts, size_t nenacts, int64_t *version);
/* Folds code, names and field into the search key. Caller frees. */
char *svc_proc_search_key(const struct procedure *p);

/* ---- the catalogue as it is read (svc_procedures.c) ---- */
/* Published procedures matching q, in effect now (q->now is ignored).
 * Errors: DB_ERROR. */
struct svc_result svc_proc_search(struct db *db, struct arena *a, const struct proc_query *q,
				  struct procedure **out, size_t *n, int64_t *total);
/* The version of code in effect now, or, with version > 0, that version;
 * a draft only when roles hold ROLE_ADMIN; the reviewers' notes only when
 * they hold a staff role. Errors: PROCEDURE_NOT_FOUND
 * (code), VERSION_NOT_FOUND (version), DB_ERROR. */
struct svc_result svc_proc_get(struct db *db, struct arena *a, const char *code, int64_t version,
			       unsigned roles, struct procedure *out);
/* The template of component n (1-based) of the procedure's current
 * version, drawn as a PDF into out (doc/template.h), and its number
 * ("Mẫu số 11/PLI") into *number. Public. Errors: PROCEDURE_NOT_FOUND,
 * TEMPLATE_NOT_FOUND (no such component, or it names no template),
 * INTERNAL (the drawing failed), DB_ERROR. */
struct svc_result svc_proc_template(struct db *db, struct arena *a, const char *code, int64_t n,
				    struct buf *out, const char **number);
/* Every version of code. Errors: PROCEDURE_NOT_FOUND (code), DB_ERROR. */
struct svc_result svc_proc_versions(struct db *db, struct arena *a, const char *code,
				    struct proc_version_row **out, size_t *n);
/* The fields with the number of procedures in effect now. Errors: DB_ERROR. */
struct svc_result svc_proc_fields(struct db *db, struct arena *a, struct field_count **out,
				  size_t *n);
/* Every procedure in effect now, that version in full (the export).
 * Errors: DB_ERROR (detail: the database's message). */
struct svc_result svc_proc_current_all(struct db *db, struct arena *a, struct procedure **out,
				       size_t *n);
/* A new procedure's first draft: CONFLICT (code) when the code exists,
 * DB_ERROR, else as svc_catalogue_save_draft(). */
struct svc_result svc_catalogue_create_draft(struct db *db, struct arena *a,
					     const struct procedure *p, int64_t user_id,
					     struct problems *pr, int64_t *version);

/* The same checks for a new procedure: CONFLICT (code) when it exists. */
struct svc_result svc_catalogue_check_new(struct db *db, struct arena *a, const struct procedure *p,
					  struct problems *pr);
/* Every procedure with its latest published version and its draft, for
 * the administrators' list. Errors: DB_ERROR. */
struct svc_result svc_proc_admin_list(struct db *db, struct arena *a, struct proc_admin_row **out,
				      size_t *n);

/* ---- demo data (svc_demo.c) ---- */
/* Loads demo units, one user per role and the catalogue from
 * data_dir/catalogue/ (*.json). password NULL = generate one per user and
 * print it. Existing rows are kept. */
int svc_demo_load(struct db *db, const char *data_dir, const char *password, FILE *out);

/* ---- working calendar (svc_calendar.c) ----
 *
 * The calendar of each unit is stored (calendar_entries): agency-wide
 * entries (unit_id NULL) replace the computed default of src/cal/ for each
 * year they cover; a unit's own entries replace the entry of the same date
 * for that unit. Office hours come from units.office_hours (cal_hours_parse
 * syntax, seasons allowed). Each process caches one built struct
 * cal_calendar per scope and rebuilds it when calendar_state.version moves,
 * so an edit is seen by every server at its next due-time computation.
 */

/*
 * THE due-time function for every other service (receipt appointment, each
 * step's due time, extensions): the due time of `limit` started at start_ms
 * for unit_id, by the unit's stored calendar and office hours, exactly as
 * cal_due() in src/cal/cal.h defines it (working days N = N × 8 office
 * hours, an exact period end stays that end; calendar days; 0 working days
 * = the same-day rule with the 15:00 cut-off; pauses sorted, not
 * overlapping, the remaining time counted again from each resumption).
 *
 *   unit_id   the unit whose calendar and hours apply (the processing
 *             agency of the dossier, or the step's unit); 0 = the
 *             agency-wide calendar with the default hours 07:30–11:30,
 *             13:00–17:00.
 *   pauses    may be NULL when npauses is 0; borrowed.
 *   *due_ms   written only on success (UTC milliseconds).
 *
 * Returns an enum db_status, as a transaction callback does (db/db.h):
 * DB_OK; DB_SOFT or DB_HARD from the database (a caller inside
 * db_run_txn() retries DB_SOFT as usual); DB_ABORT, with db_abort()'s
 * error (svc_txn_result()), when the calendar cannot give the time:
 * FIELD_RANGE (from) for a start or due time outside 1900..2199, INTERNAL
 * for no unit with this id, a negative amount, pauses out of order,
 * stored office hours or entries that do not build, or no memory.
 * It runs no transaction of its own: call it inside your db_run_txn()
 * callback and store the result with the dossier (and, ideally, the
 * calendar version from svc_calendar_version() in the same transaction).
 * A later calendar edit never moves a due time you stored; recomputing is
 * yours to do explicitly, recorded with svc_calendar_record_recompute().
 * Thread-safe: any number of request threads, each with its own db.
 * Cost: one small query, then a few array reads (the calendar is cached;
 * building it after an edit costs a few milliseconds once per process).
 */
int svc_calendar_due(struct db *db, int64_t unit_id, int64_t start_ms, struct cal_limit limit,
		     const struct cal_pause *pauses, size_t npauses, int64_t *due_ms)
	__attribute__((warn_unused_result));

/* The current calendar version (bumped by every stored change). */
int svc_calendar_version(struct db *db, int64_t *version) __attribute__((warn_unused_result));

/* A unit's calendar and hours for several computations at once (due soon,
 * remaining office time, overdue). svc_calendar_get() fills *out with
 * borrowed, immutable objects valid until svc_calendar_put(out); returns as
 * svc_calendar_due(). Hold it for one request, not longer. */
struct svc_calendar {
	const struct cal_calendar *cal;
	const struct cal_hours *hours;
	int64_t version;
	int64_t unit_id;
	void *entry_;		  /* private */
	struct cal_hours *hours_; /* private */
};
int svc_calendar_get(struct db *db, int64_t unit_id, struct svc_calendar *out)
	__attribute__((warn_unused_result));
void svc_calendar_put(struct svc_calendar *c);

/* Records in the calendar's history that stored due times were recomputed
 * (by whoever recomputed them, inside their transaction). unit_id 0 = all
 * units; year the year of the change that prompted it. */
int svc_calendar_record_recompute(struct db *db, int64_t user_id, int64_t unit_id, int year,
				  const char *note) __attribute__((warn_unused_result));

/* The due time of limit started at start_ms for unit_code (NULL =
 * agency-wide), as svc_calendar_due(), with the calendar version it used
 * (the "what if" of GET /calendar/due). Errors: UNIT_NOT_FOUND (unit),
 * FIELD_RANGE (from: the due time is outside 1900–2199), DB_ERROR,
 * INTERNAL. */
struct svc_result svc_calendar_due_at(struct db *db, struct arena *a, const char *unit_code,
				      int64_t start_ms, struct cal_limit limit, int64_t *due_ms,
				      int64_t *version);

/* Drops every cached calendar (tests that switch databases in one process). */
void svc_calendar_cache_clear(void);

/* "YYYY-MM-DD", a real date in 1900..2199: 0, else -1. */
int svc_calendar_parse_date(const char *s, struct cal_date *d);
/* What a refusal of svc_calendar_parse_date() says the date must be. */
#define SVC_DATE_DETAIL "a date YYYY-MM-DD from 1900-01-01 to 2199-12-31"
/* What a refusal of a period whose to is before its from says, naming to. */
#define SVC_PERIOD_DETAIL "must not be before from"
bool svc_calendar_kind_valid(const char *kind);

/* A day of the year view whose kind is not the plain week. */
struct svc_cal_day {
	const char *date, *kind, *name; /* kind: holiday | compensatory | workday */
	int weekday;			/* 0 = Sunday */
};
struct svc_cal_year {
	int year;
	struct unit unit;  /* id 0 = the agency-wide calendar */
	bool official;	   /* the year has stored agency entries (else: computed default) */
	bool unit_entries; /* the unit has entries of its own this year */
	int64_t version;
	const char *office_hours;
	struct svc_cal_day *days; /* in effect, by date */
	size_t ndays;
	struct cal_entry_row *entries; /* stored: the agency's, then the unit's */
	size_t nentries;
};
/* The year as it applies to unit_code (NULL = agency-wide). Errors:
 * CALENDAR_YEAR_RANGE (year), UNIT_NOT_FOUND (unit), DB_ERROR. */
struct svc_result svc_calendar_year(struct db *db, struct arena *a, const char *unit_code, int year,
				    struct svc_cal_year *out);

/* One edit of one date; all strings borrowed. */
struct svc_cal_edit {
	const char *unit_code; /* NULL = agency-wide */
	int year;	       /* the year of the address; date must be in it */
	const char *date;      /* YYYY-MM-DD */
	const char *kind;      /* NULL = keep (change only) */
	const char *name;      /* NULL = keep (change only) */
	int enabled;	       /* -1 = keep (add: on, except holiday-optional) */
	const char *note;      /* why, for the history; may be NULL */
};
/* Add, change or remove the entry of one date in one transaction that also
 * bumps the version and appends to the history (who, what, before, after).
 * An agency-wide edit of a year without stored entries first stores its
 * computed default. A change that changes nothing records nothing.
 * Errors (field): CALENDAR_YEAR_RANGE (year), CALENDAR_DATE_INVALID (date),
 * CALENDAR_DATE_OUTSIDE_YEAR (date), FIELD_MISSING (kind, name),
 * CALENDAR_KIND_UNKNOWN (kind), FIELD_INVALID (name), CALENDAR_RULE (kind or
 * date), UNIT_NOT_FOUND (unit), CALENDAR_ENTRY_EXISTS (date, add),
 * CALENDAR_ENTRY_NOT_FOUND (date, change/remove), DB_ERROR. *version gets
 * the calendar version after the edit. */
struct svc_result svc_calendar_add(struct db *db, struct arena *a, const struct svc_cal_edit *e,
				   int64_t user_id, struct cal_entry_row *out, int64_t *version);
struct svc_result svc_calendar_change(struct db *db, struct arena *a, const struct svc_cal_edit *e,
				      int64_t user_id, struct cal_entry_row *out, int64_t *version);
struct svc_result svc_calendar_remove(struct db *db, struct arena *a, const struct svc_cal_edit *e,
				      int64_t user_id, int64_t *version);
/* The history, newest first; unit_code NULL = every scope; year 0 = all. */
struct svc_result svc_calendar_changes(struct db *db, struct arena *a, const char *unit_code,
				       int year, int64_t limit, struct cal_change_row **out,
				       size_t *n);

struct svc_cal_load_report {
	int years_loaded[CAL_MAX_YEAR - CAL_MIN_YEAR + 1];
	int years_kept[CAL_MAX_YEAR - CAL_MIN_YEAR + 1];
	size_t nloaded, nkept, entries;
	int64_t version;
};
/* Loads a schedule text (data/calendar format, src/cal/cal.h) for
 * unit_code (NULL = agency-wide): each year it covers replaces the stored
 * entries of that year in that scope, or, with keep_existing, is skipped
 * when that year already has entries. One transaction; each year loaded is
 * recorded with source as the note. Errors: CALENDAR_FILE_INVALID (detail
 * names the line), UNIT_NOT_FOUND, DB_ERROR. */
struct svc_result svc_calendar_load(struct db *db, struct arena *a, const char *unit_code,
				    const char *text, size_t len, const char *source,
				    int64_t user_id, bool keep_existing,
				    struct svc_cal_load_report *rep);
/* Loads data_dir/calendar/ *.txt agency-wide, keeping the years already
 * stored (demo data). Prints a summary line to out; 0 or -1. */
int svc_calendar_load_dir(struct db *db, const char *data_dir, FILE *out);

/* ---- dossiers: receipt, actions, views, inbox, tracking, audit
 * (svc_dossiers.c, svc_dossier_views.c, svc_audit.c; issue 4) ----
 *
 * Each use case runs one transaction (retried as db_run_txn() does, and
 * again as a whole when concurrent receipts keep colliding on PostgreSQL's
 * serializable isolation) and appends one hash-chained event per action
 * (core/events.h) in it. Bad input changes nothing. The rules of who may do
 * what are core/workflow.c; due times come from svc_calendar_due() for the
 * unit concerned (the processing unit for the appointment, the step's unit
 * for a step).
 *
 * Data for the PDF forms: svc_dossier_get() fills struct svc_dossier with
 * everything forms 01–06 print (the dossier and its parties, the procedure
 * version with its components and steps, the three places, the components
 * as ticked at the desk, the pauses and the whole history whose hand-over
 * events are the rows of Form 06); svc_dossier_form_event() finds the event
 * that produced a given form (01 receive/accept/supplement, 02
 * request_supplement, 03 refuse, 04 request_extension (+ approve_extension),
 * 05 stop/withdraw).
 */
#include "core/events.h"
#include "core/workflow.h"

/* The user acting, from the session. */
struct svc_actor {
	int64_t id;
	const char *username, *full_name;
	unsigned roles;
	int64_t unit_id; /* 0 = none (citizens) */
};

/* One component as ticked at the desk or online, in the order of the
 * procedure version's components. doc_type, if given, must match. */
struct svc_component_in {
	const char *doc_type;
	const char *status; /* paper | uploaded | missing | not_applicable */
	/* An online submission (issue 15): the component's files, staged
	 * before (svc_upload_stage(), ids in page order), or a document of the
	 * owner's data store; one of them for each component sent "uploaded". */
	const int64_t *files;
	size_t nfiles;
	int64_t document_id; /* 0 = none */
};
/* At most this many files per component of a submission. */
#define SVC_MAX_COMPONENT_FILES 20

/* What a payment demand made by a receipt or request_payment needs (issue
 * 13): the working days it gives to pay (payment.demand_days; 0 = no
 * date), and the values of the parameters fees are charged per (a fee
 * "per workers" is its amount × the value of "workers"; 1 when not given). */
#define SVC_MAX_FEE_PARAMS 8
struct svc_fee_param {
	const char *name;
	int64_t value; /* 1..100000 */
};
/* An exemption the applicant qualifies for, declared at the desk: the fee
 * (its index in the version's fees) must have an exemption; reason says why
 * the applicant qualifies (e.g. the document that shows it). */
struct svc_fee_exemption {
	int64_t fee;
	const char *reason; /* 1..1000 characters */
};
struct svc_fee_terms {
	int64_t payment_days;
	const struct svc_fee_param *params;
	size_t nparams;
	const struct svc_fee_exemption *exemptions;
	size_t nexemptions; /* at most PROC_MAX_FEES */
};

struct svc_receipt {
	const char *procedure_code;
	int64_t version;     /* 0 = the current published version */
	const char *channel; /* direct | online | post; NULL = direct (staff) / online (citizen) */
	const char *outcome; /* receive | request_supplement | refuse (staff); NULL = receive, or
				submit for a citizen */
	struct dossier_party submitter, owner; /* owner.kind NULL = the submitter owns it */
	const char *request_text;
	int64_t sets;		   /* number of sets, 0 = 1 */
	const char *return_method; /* desk | post | online; NULL = desk */
	const struct svc_component_in *components;
	size_t ncomponents;
	const char **coordinating; /* unit codes of co-ordinating agencies */
	size_t ncoordinating;
	const char *note;	   /* reasons (refuse), guidance (request_supplement) */
	struct svc_fee_terms fees; /* the demand at receipt */
	int64_t max_bytes;	   /* files.max_dossier_mb: the submitted files' total */
};

/* One action on an existing dossier. */
struct svc_action {
	const char *action;	 /* wf_action_name() */
	const char *note;	 /* reason or comment; required for refuse, send_back,
				    request_supplement, request_extension, stop, withdraw */
	const char *to_user;	 /* transfer (optional), assign, reassign */
	bool accept_late;	 /* request_supplement a second time, counted late */
	int64_t proposed_due_at; /* request_extension */
	const char *result_code; /* issue_result (optional) */
	const struct svc_component_in *components; /* supplement (optional): new statuses */
	size_t ncomponents;
	struct svc_fee_terms fees; /* a demand made by this action (request_payment) */
	/* desk.require_digitization: the dossier leaves the receiving desk (its
	 * first hand-over) or gets its result only once every paper component
	 * is digitized or exempted with a reason (Circular 03/2025). */
	bool require_digitization;
	/* stop, withdraw (Form 05): the basis for stopping (stop) and how the
	 * fees paid are handled: refund, no_refund or none (nothing paid). */
	const char *legal_basis, *fee_handling;
};

/* A dossier with everything the API and the forms show. */
struct svc_dossier {
	struct dossier d;
	enum dossier_state state;
	struct procedure proc; /* the version received under, with steps and components */
	struct unit receiving_unit, processing_unit, step_unit;
	const char **coordinators; /* unit codes */
	size_t ncoordinators;
	/* The receiving unit's id and its ancestors' up to the root: the desks
	 * that may accept it (core/access.h access_receive()). */
	const int64_t *desks;
	size_t ndesks;
	struct dossier_component *components;
	size_t ncomponents;
	struct dossier_pause *pauses;
	size_t npauses;
	struct event *events; /* the history, by seq */
	size_t nevents;
	int64_t effective_due_at; /* the extended due time once approved, else due_at */
	const char *step_name_vi, *step_name_en; /* NULL when no step */
	unsigned allowed; /* bit (1u << wf_action) for each action the viewer may take now */
	int form;	  /* the form (1..5) the last action produced, 0 if none */
	bool has_draft;	  /* a result file was drafted (a result_drafted event) */
};

/* What the applicant (a citizen) sees of their dossier's history (issue
 * 15): the office's work among itself (views, downloads, assignments,
 * drafts, sending back) is left out; officers are not named (actor "" for
 * an event by anyone but who); notes are kept only where they are
 * addressed to the applicant (a request to supplement, a refusal, an
 * extension, a stop, a payment request, their own words); event data
 * (which names officers) is emptied except for the applicant's own
 * events; the step's assignee is not named. Rewrites s->events in a from
 * the arena; the stored history is unchanged. */
void svc_dossier_applicant_view(struct arena *a, struct svc_dossier *s,
				const struct svc_actor *who);

/* Receives at the desk (receiver), or submits online (citizen). Errors
 * (field): PROCEDURE_NOT_FOUND (procedure_code), VERSION_NOT_FOUND (version),
 * FIELD_MISSING / FIELD_INVALID (applicant.*, channel, outcome, note,
 * coordinating_units), UNIT_NOT_FOUND (coordinating_units[i]),
 * COMPONENTS_MISMATCH (components / components[i].doc_type),
 * COMPONENTS_INCOMPLETE (components[i]), PROCEDURE_NOT_ONLINE, FORBIDDEN,
 * DUE_TIME_UNAVAILABLE, DB_ERROR. */
struct svc_result svc_dossier_create(struct db *db, struct arena *a, const struct svc_actor *who,
				     const struct svc_receipt *in, struct svc_dossier *out);
/* Takes an action. Errors: DOSSIER_NOT_FOUND, ACTION_UNKNOWN,
 * ACTION_NOT_ALLOWED, ACTION_FORBIDDEN, NOT_YOUR_STEP, the specific 1xx
 * errors of the registry, FIELD_MISSING (note), FIELD_INVALID,
 * ASSIGNEE_INVALID (to_user), DUE_TIME_UNAVAILABLE, DB_ERROR. */
struct svc_result svc_dossier_act(struct db *db, struct arena *a, const struct svc_actor *who,
				  const char *code, const struct svc_action *act,
				  struct svc_dossier *out);
/* The organisation tree (DOMAIN.md 2), by an administrator. A unit's code
 * never changes (other rows and the catalogue name it); its electronic
 * identifier may, and only codes given from then on carry the new one
 * (codes already given stay what they are). Office hours take effect on the
 * next due time computed; stored ones move only by an explicit
 * recomputation (svc_dossiers_recompute_due). Errors (field): FORBIDDEN,
 * FIELD_MISSING / FIELD_INVALID (code, ident, name, name_en, office_hours,
 * parent), UNIT_NOT_FOUND (parent, or code on update), UNIT_TAKEN (code or
 * ident), DB_ERROR. */
struct svc_unit_in {
	const char *code, *ident, *name_vi, *name_en, *parent, *office_hours; /* NULL: keep */
};
struct svc_result svc_unit_create(struct db *db, struct arena *a, const struct svc_actor *who,
				  const struct svc_unit_in *in, struct unit *out);
struct svc_result svc_unit_update(struct db *db, struct arena *a, const struct svc_actor *who,
				  const struct svc_unit_in *in, struct unit *out);
/* A unit by id or by code; the units, parents before children; the
 * active officers of the unit code, by user name, those holding role
 * (a role name, or NULL for any) only. Errors: UNIT_NOT_FOUND (unit),
 * DB_ERROR. */
struct svc_result svc_unit_get(struct db *db, struct arena *a, int64_t id, struct unit *out);
struct svc_result svc_unit_by_code(struct db *db, struct arena *a, const char *code,
				   struct unit *out);
struct svc_result svc_unit_list(struct db *db, struct arena *a, struct unit **out, size_t *n);
struct svc_result svc_unit_officers(struct db *db, struct arena *a, const char *code,
				    const char *role, struct unit_officer **out, size_t *n);

/* Recomputes the stored due times of the dossiers whose clock runs or is
 * paused, under the calendar as it is now (DOMAIN.md 5: a calendar change
 * never moves them by itself; this is the explicit act). unit_code NULL:
 * every such dossier; else those processed by or at a step of that unit.
 * The due time is counted again from receipt with the closed pauses, a
 * step's from its start; an approved extension's date is kept. Each dossier
 * that changes gets a `due_recomputed` event (before and after, the
 * calendar version, the note), and the act is recorded in the calendar's
 * history with the year that prompted it, even when nothing changed. With
 * dry_run nothing is written and the list says what would change. Errors:
 * FORBIDDEN (not an administrator), UNIT_NOT_FOUND (unit), FIELD_INVALID
 * (note), DUE_TIME_UNAVAILABLE, DB_ERROR. */
struct svc_recomputed {
	const char *code;
	int64_t due_before, due_after, step_due_before, step_due_after;
};
struct svc_recompute {
	int64_t checked; /* dossiers looked at */
	struct svc_recomputed *items;
	size_t n;	 /* those whose due times moved */
	int64_t version; /* the calendar version used */
};
struct svc_result svc_dossiers_recompute_due(struct db *db, struct arena *a,
					     const struct svc_actor *who, const char *unit_code,
					     int year, const char *note, bool dry_run,
					     struct svc_recompute *out);
/* Reads a dossier for who (NULL = the system: no access check, no event).
 * Citizens see only their own (DOSSIER_NOT_FOUND otherwise); an officer's
 * read is recorded as a `viewed` event when record_view. */
struct svc_result svc_dossier_get(struct db *db, struct arena *a, const struct svc_actor *who,
				  const char *code, bool record_view, struct svc_dossier *out);
/* The event that produced form (1..5) most recently, or NULL. */
const struct event *svc_dossier_form_event(const struct svc_dossier *s, int form);

/* Public tracking: no personal data beyond the owner's masked name. */
struct svc_track_step {
	const char *unit_code, *unit_name_vi, *unit_name_en;
	int64_t at;
};
struct svc_track {
	const char *code, *procedure_code, *procedure_name_vi, *procedure_name_en;
	enum dossier_state state;
	int64_t submitted_at, received_at, due_at, result_at, returned_at;
	const char *owner_masked; /* a person's masked; an organisation's as it is */
	struct svc_track_step *steps;
	size_t nsteps;
};
struct svc_result svc_dossier_track(struct db *db, struct arena *a, const char *code,
				    struct svc_track *out);
/* "Nguyễn Văn An" → "N***** V** A*": first letter of each word kept. */
char *svc_mask_name(struct arena *a, const char *name);

struct svc_inbox_in {
	enum inbox_box box;
	const char *procedure, *state; /* filters, may be NULL */
	int64_t page, per_page;
};
struct svc_inbox {
	struct dossier *items;
	size_t n;
	int64_t total;
	struct inbox_counts counts;
};
/* The officer's inbox: assigned to them, their unit's pool for their roles
 * (a head sees the unit's, a leader or the office the whole agency's), due
 * soon (within one working day of office time), overdue, waiting for the
 * applicant. Errors: FIELD_INVALID (state), DB_ERROR. */
struct svc_result svc_inbox(struct db *db, struct arena *a, const struct svc_actor *who,
			    const struct svc_inbox_in *in, struct svc_inbox *out);
/* "My dossiers": what the citizen who is logged in submitted online and,
 * if the account is verified for an ID number or tax code, every dossier
 * whose owner is that number (whoever submitted it: a representative, the
 * desk); every state, newest first (counts stay zero). Errors: DB_ERROR. */
struct svc_result svc_my_dossiers(struct db *db, struct arena *a, const struct svc_actor *who,
				  int64_t page, int64_t per_page, struct svc_inbox *out);

/* `motcua audit verify`: walks every dossier's chain and the code
 * counters. Returns 0 when everything verifies (checked = events checked),
 * 1 with problem describing the first broken event or gap, -1 if the
 * database failed (problem says why). */
struct svc_audit {
	int64_t dossiers, checked;
	int64_t files;	/* svc_audit_verify_files: files read and hashed */
	int64_t voided; /* codes a restore skipped (dossier_code_voids), counted as given */
	int64_t closures, signatures; /* svc_audit_verify_closures (svc_closure.h) */
	int64_t feedback;	      /* feedback items whose chains were checked (issue 14) */
	char problem[512];
};
int svc_audit_verify(struct db *db, struct svc_audit *out);
/* The file store half of `audit verify`: reads every file the database
 * refers to and checks that its bytes hash to its name. Returns 0 (files =
 * the number checked), 1 with problem naming the first missing or damaged
 * file, -1 if the database or the store cannot be opened. Sets only
 * files and problem of out. */
int svc_audit_verify_files(struct db *db, const struct config *cfg, struct svc_audit *out);

/* ---- display boards across servers (svc_display.c) ---- */
/* Sends what this server just published to its boards to the other
 * servers of the same PostgreSQL database (nothing on SQLite). */
void svc_display_send(struct db *db, const char *channel, const char *event, const char *data);
/* Relays the other servers' messages to this server's boards through
 * publish (the HTTP layer's http_sse_publish); *out NULL-safe to stop. */
struct svc_display_relay;
int svc_display_relay_start(const char *db_url,
			    void (*publish)(const char *channel, const char *event,
					    const char *data),
			    struct svc_display_relay **out);
void svc_display_relay_stop(struct svc_display_relay *r);

/* ---- desk queue, voice and ratings (svc_queue.c, svc_voice.c) ----
 *
 * The desk of a unit: services (ticket categories with a letter), counters
 * (number, officers allowed, services served), tickets numbered per service
 * and local day. Each use case runs in one transaction. Errors are registry
 * codes with the offending field where one applies; "unit" names are unit
 * codes. The call order and the ticket rules are core/queue.h.
 */
struct svc_queue_desk {
	struct unit unit;
	bool open;	  /* taking tickets now: office hours of a working day, or always_open */
	bool always_open; /* the administrator's override (events, tests) */
	struct queue_service *services; /* active, with people waiting today */
	size_t nservices;
	struct queue_live_row *live; /* per service, same order as services */
	struct queue_counter *counters;
	size_t ncounters;
	const char *day; /* today, local */
};
/* The desk of unit_code now. Errors: UNIT_NOT_FOUND (unit), DB_ERROR. */
struct svc_result svc_queue_desk(struct db *db, struct arena *a, const char *unit_code,
				 struct svc_queue_desk *out);
struct svc_result svc_queue_desk_set(struct db *db, const char *unit_code, bool always_open);
/* The desk for its administrator: as svc_queue_desk(), but services lists
 * the inactive ones too, and live is NULL. */
struct svc_result svc_queue_setup(struct db *db, struct arena *a, const char *unit_code,
				  struct svc_queue_desk *out);
/* The counters a receiving officer may sit at (issue 15): those that
 * name them, at any unit's desk, and those of their own unit that name
 * nobody; each with its unit. Errors: DB_ERROR. */
struct svc_queue_place {
	struct queue_counter counter;
	struct unit unit;
};
struct svc_result svc_queue_my_counters(struct db *db, struct arena *a, const struct svc_actor *who,
					struct svc_queue_place **out, size_t *n);
/* The code of the unit of counter_id. Errors: QUEUE_COUNTER_NOT_FOUND
 * (id), DB_ERROR. */
struct svc_result svc_queue_counter_unit(struct db *db, struct arena *a, int64_t counter_id,
					 const char **unit_code);

/* Administration. Errors (field): UNIT_NOT_FOUND (unit), FIELD_INVALID
 * (prefix: one letter A–Z), QUEUE_PREFIX_TAKEN (prefix),
 * QUEUE_SERVICE_NOT_FOUND (id or services[i]), QUEUE_COUNTER_NUMBER_TAKEN
 * (number), QUEUE_COUNTER_NOT_FOUND (id), USERNAME not found → FIELD_INVALID
 * (officers[i]), DB_ERROR. */
struct svc_result svc_queue_service_create(struct db *db, struct arena *a, const char *unit_code,
					   const struct queue_service *in,
					   struct queue_service *out);
struct svc_result svc_queue_service_update(struct db *db, struct arena *a,
					   const struct queue_service *in,
					   struct queue_service *out);
/* Creates (in->id == 0) or replaces a counter; services and officers as
 * ids/usernames. */
struct svc_queue_counter_in {
	int64_t id;
	int number;
	const char *name;
	bool active;
	const int64_t *services;
	size_t nservices;
	const char *const *officers; /* usernames */
	size_t nofficers;
};
struct svc_result svc_queue_counter_save(struct db *db, struct arena *a, const char *unit_code,
					 const struct svc_queue_counter_in *in,
					 struct queue_counter *out);

/* A ticket as a visitor or an officer sees it. */
struct svc_queue_ticket {
	struct queue_ticket t;
	int64_t ahead;	   /* people waiting before it (0 unless waiting) */
	int64_t *dossiers; /* linked during the visit */
	const char **dossier_codes;
	size_t ndossiers;
	const char *rating_token; /* the visit's rating link: finish, the counter's; follow of a
				   * finished ticket, the holder's (NULL once used) */
};

/* Takes a ticket at the kiosk (public). priority_reason: NULL or "" for an
 * ordinary ticket, else elderly | disabled | pregnant | other. Errors:
 * UNIT_NOT_FOUND, QUEUE_SERVICE_NOT_FOUND (service), QUEUE_SERVICE_INACTIVE
 * (service), FIELD_INVALID (priority), QUEUE_DESK_CLOSED, DB_ERROR. */
struct svc_result svc_queue_issue(struct db *db, struct arena *a, const char *unit_code,
				  int64_t service_id, const char *priority_reason,
				  struct svc_queue_ticket *out);
/* The ticket behind a follow token (the QR on the ticket). */
struct svc_result svc_queue_follow(struct db *db, struct arena *a, const char *token,
				   struct svc_queue_ticket *out);
struct svc_result svc_queue_ticket(struct db *db, struct arena *a, int64_t ticket_id,
				   struct svc_queue_ticket *out);

/* The officer opens (open true) or closes a counter. Opening needs the desk
 * open (QUEUE_DESK_CLOSED) and, if the counter lists officers, the user
 * among them (QUEUE_NOT_YOUR_COUNTER); closing needs no ticket at the
 * counter (QUEUE_COUNTER_BUSY). */
struct svc_result svc_queue_counter_open(struct db *db, struct arena *a, int64_t counter_id,
					 int64_t user_id, bool open, struct queue_counter *out);
/* Calls the next ticket to the counter. found false when nobody waits.
 * Errors: QUEUE_COUNTER_NOT_FOUND, QUEUE_COUNTER_CLOSED,
 * QUEUE_NOT_YOUR_COUNTER, QUEUE_COUNTER_BUSY, DB_ERROR. */
struct svc_result svc_queue_call_next(struct db *db, struct arena *a, int64_t counter_id,
				      int64_t user_id, bool *found, struct svc_queue_ticket *out);
/* recall, skip, start, finish, transfer (to_service), priority (reason) on a
 * ticket at the user's counter (priority: any waiting ticket of the user's
 * unit). Errors: QUEUE_TICKET_NOT_FOUND, QUEUE_NOT_YOUR_COUNTER,
 * QUEUE_COUNTER_CLOSED, QUEUE_TICKET_STATE, QUEUE_SERVICE_NOT_FOUND
 * (service), QUEUE_SAME_SERVICE (service), QUEUE_SERVICE_INACTIVE
 * (service), FIELD_INVALID (reason), DB_ERROR. */
struct svc_result svc_queue_act(struct db *db, struct arena *a, int64_t ticket_id, int64_t user_id,
				enum ticket_action action, int64_t to_service, const char *reason,
				struct svc_queue_ticket *out);
/* A counter with its current ticket (has_ticket false if none). */
struct svc_result svc_queue_counter(struct db *db, struct arena *a, int64_t counter_id,
				    struct queue_counter *out, bool *has_ticket,
				    struct svc_queue_ticket *current);

/* What the display board shows: the desk's counters with the number each
 * serves, and the last calls (newest first). */
struct svc_queue_display {
	struct unit unit;
	struct queue_counter *counters;
	size_t ncounters;
	struct queue_ticket *at_counter; /* per counter; id 0 = none */
	struct queue_ticket *calls;
	size_t ncalls;
};
struct svc_result svc_queue_display(struct db *db, struct arena *a, const char *unit_code,
				    struct svc_queue_display *out);

/*
 * THE hook for the dossier lifecycle: links dossier_id to the ticket that
 * officer_id is serving (or has called) at a counter, so that waiting,
 * handling and the rating are measured per dossier. Call it inside your
 * receive transaction (it runs none of its own), after the dossier row
 * exists. *linked (may be NULL) says whether a ticket was found; no ticket
 * is not an error (online and post dossiers have none). Returns DB_OK,
 * DB_SOFT, DB_HARD (database; DB_SOFT retries as usual).
 */
int svc_queue_link_dossier(struct db *db, int64_t officer_id, int64_t dossier_id, bool *linked)
	__attribute__((warn_unused_result));

/* The same in two halves, for a receipt (issue 16): the ticket officer_id
 * serves, read before the receipt's transaction (ticket_id 0: none), then
 * linked inside it to the dossier it has just created. */
struct svc_queue_link {
	int64_t ticket_id, service_id, counter_id, officer_id;
};
int svc_queue_link_find(struct db *db, int64_t officer_id, struct svc_queue_link *out)
	__attribute__((warn_unused_result));
int svc_queue_link_new(struct db *db, const struct svc_queue_link *l, int64_t dossier_id)
	__attribute__((warn_unused_result));

/* ---- ratings ----
 * A rating link is a random token (64 hex) given to one recipient of one
 * visit (kind "visit", a ticket id; the recipient "counter": the visitor at
 * the counter's tablet) or one dossier (kind "dossier"; the applicant's
 * e-mail address, mailed by the worker when the result is returned); only
 * its SHA-256 is stored, and it rates once. A recipient has one link: a new
 * one replaces the unused old one. A rating through a newer link replaces
 * the current one, the old one is kept as history. Officers get no dossier
 * links and may not rate a dossier. */
/* A new link token (65 bytes with the NUL) of kind/id for recipient.
 * Errors: QUEUE_TICKET_NOT_FOUND / RATING_DOSSIER_NOT_FOUND,
 * RATING_LINK_USED (that recipient has rated already), DB_ERROR. */
struct svc_result svc_rating_link(struct db *db, struct arena *a, const char *kind, int64_t id,
				  const char *recipient, const char **token);
/* A link for the applicant signed in (issue 15: the citizen rates from
 * their dossier's page, not only from the mail): who must be the
 * dossier's applicant (the read predicate), the dossier returned. Errors:
 * DOSSIER_NOT_FOUND (code), FORBIDDEN, RATING_NOT_READY, RATING_LINK_USED
 * (this account has rated it), DB_ERROR. */
struct svc_result svc_rating_link_own(struct db *db, struct arena *a, const struct svc_actor *who,
				      const char *code, int64_t *id, const char **token);
/* What a link rates, for the rating page. */
struct svc_rating_target {
	const char *kind;
	int64_t id;
	const char *label; /* ticket number or dossier code */
	struct unit unit;
	bool ready;		    /* visit finished / dossier returned */
	bool used;		    /* this link was used */
	struct rating_row *current; /* NULL if never rated */
};
/* Errors: RATING_LINK_INVALID (token), QUEUE_TICKET_NOT_FOUND,
 * RATING_DOSSIER_NOT_FOUND, DB_ERROR. */
struct svc_result svc_rating_target(struct db *db, struct arena *a, const char *kind, int64_t id,
				    const char *token, struct svc_rating_target *out);
struct svc_rating_in {
	int level; /* enum satisfaction */
	const char *comment;
	const char *contacts, *agencies, *attitude; /* dossier indices; NULL = not answered */
	bool by_staff; /* sent with an officer's session: refused for a dossier */
};
/* Stores the rating. Errors: RATING_LINK_INVALID (token), RATING_LINK_USED,
 * RATING_NOT_READY, RATING_BY_STAFF, FIELD_INVALID (answers, on a visit),
 * DB_ERROR. */
struct svc_result svc_rating_submit(struct db *db, struct arena *a, const char *kind, int64_t id,
				    const char *token, const struct svc_rating_in *in,
				    struct rating_row *out, int64_t **officers, size_t *nofficers);

/* The id of the dossier a rating names by its code. Errors:
 * DOSSIER_NOT_FOUND (code), DB_ERROR. */
struct svc_result svc_rating_dossier_id(struct db *db, struct arena *a, const char *code,
					int64_t *id);

/* ---- reports ---- */
struct svc_queue_report_row {
	const char *key;  /* "total", or the service/counter/officer id as text */
	const char *name; /* service name, "Quầy N", officer's name */
	const char *day;  /* with by_day: the day, else NULL */
	int64_t tickets, served, no_shows, waiting_now;
	struct queue_stats wait;     /* ms, over tickets called */
	struct queue_stats handling; /* ms, over tickets finished */
	int64_t ratings, satisfied;
	double satisfied_share; /* 0..1; 0 when no ratings */
};
struct svc_queue_report {
	struct unit unit;
	const char *from, *to, *by; /* by: service | counter | officer | day */
	struct svc_queue_report_row *rows;
	size_t nrows;
	struct svc_queue_report_row total;
};
/* from/to: YYYY-MM-DD (NULL = today). Errors: UNIT_NOT_FOUND, BAD_QUERY
 * (from, to, by), DB_ERROR. */
struct svc_result svc_queue_report(struct db *db, struct arena *a, const char *unit_code,
				   const char *from, const char *to, const char *by,
				   struct svc_queue_report *out);

/* ---- voice (svc_voice.c) ----
 * The call phrase spoken by espeak-ng (voice "vi"), run as a separate
 * program, cached as data_dir/voice/<hash>.wav keyed by the phrase. Writes
 * the path (at most pathlen bytes) of the WAV. Thread-safe (a file is
 * written under a temporary name and renamed). Returns 0, or -1 with a
 * logged reason (espeak-ng missing or failing, folder not writable). */
int svc_voice_wav(const char *data_dir, const char *phrase, char *path, size_t pathlen)
	__attribute__((warn_unused_result));
/* The WAV of the call of ticket `number` to counter `counter`: the cached
 * file, else made only if such a call happened (so that the public address
 * cannot be used to fill the disk). Errors: NOT_FOUND (no such call or a
 * malformed number), VOICE_UNAVAILABLE, DB_ERROR. */
struct svc_result svc_queue_voice(struct db *db, const char *data_dir, const char *number,
				  int counter, char *path, size_t pathlen);

/* ---- monitoring (issue 12, svc_kpi.c) ---- */

/* A scope and period as the API gives it: strings, checked by the service
 * (unit code, NULL = the whole agency; procedure code; officer user name;
 * field name; from and to "YYYY-MM-DD", UTC+7 days, both included). */
struct svc_kpi_query {
	const char *unit, *procedure, *officer, *field, *from, *to;
	bool walk; /* judge every dossier (the reference), not the aggregates */
};

struct svc_kpi_report {
	struct svc_kpi_query q; /* as asked */
	const char *rule_set;	/* the rule set in force at the period's start */
	struct kpi_result result;
};

/* Decision 766's indicators and the plan's targets of q's scope and period,
 * rebuilt from the history. who NULL: no access check (the CLI); else
 * core/access.c's access_unit_stats() (FORBIDDEN naming unit), and the
 * whole agency (no unit) for administrators, leaders and the office.
 * Errors: BAD_QUERY naming from, to, unit, procedure, officer or field;
 * FORBIDDEN; STATS_NO_RULE_SET (from); STATS_TOO_MANY (to);
 * DB_ERROR. */
struct svc_result svc_kpi_indicators(struct db *db, struct arena *a, const struct svc_actor *who,
				     const struct svc_kpi_query *q, struct svc_kpi_report *out);

/* Counts again from the history alone every subject of the monitoring
 * aggregates (sql 0019), in one transaction; *counted: how many. Errors:
 * DB_ERROR. */
struct svc_result svc_kpi_rebuild(struct db *db, int64_t *counted);
/* Counts the subjects changed since last counted (the worker's tick).
 * Errors: DB_ERROR. */
struct svc_result svc_kpi_flush(struct db *db);

#define SVC_KPI_MAX_ITEMS 1000

/* An export (XLSX, CSV) lists every fact, up to this many. */
#define SVC_KPI_MAX_EXPORT 200000

struct svc_kpi_page {
	int64_t limit, offset; /* 1..SVC_KPI_MAX_ITEMS; >= 0 */
	bool all; /* every fact from the first (limit and offset ignored): STATS_TOO_MANY (to)
		     above SVC_KPI_MAX_EXPORT */
};

/* One fact read for an indicator: a dossier code, procedure code, ticket id
 * or rating, whether it is counted, and why. */
struct svc_kpi_item {
	const char *ref;
	bool in_denominator, in_numerator;
	bool has_value;
	double value; /* what it adds to an average (2.2, waiting minutes) */
	const char *reason_vi, *reason_en;
	/* A dossier's instants (Unix ms; 0 = none, and always 0 for the other
	 * subjects): received, due (the original due time, pauses subtracted),
	 * ended in the period. In the XLSX and CSV lists only, as date cells. */
	int64_t received_at, due_at, ended_at;
};

struct svc_kpi_items {
	const char *key;
	struct svc_kpi_item *items;
	size_t n;
	int64_t total, limit, offset; /* total: every fact read */
};

/* The facts one indicator read, a page of them. Errors as
 * svc_kpi_indicators(), and STATS_KEY_NOT_FOUND, BAD_QUERY (limit, offset). */
struct svc_result svc_kpi_items(struct db *db, struct arena *a, const struct svc_actor *who,
				const struct svc_kpi_query *q, const char *key,
				const struct svc_kpi_page *pg, struct svc_kpi_items *out);

#define SVC_KPI_MAX_MONTHS 24

/* One month of a trend (clipped to the period asked), and the same days a
 * year before. */
struct svc_kpi_point {
	const char *month, *from, *to; /* "2026-03", "2026-03-01", "2026-03-31" */
	struct kpi_figure now, year_before;
};

struct svc_kpi_trend {
	const char *key;
	struct svc_kpi_point *points;
	size_t n;
};

/* Indicator key of q's scope month by month over q's period (at most
 * SVC_KPI_MAX_MONTHS), each beside the same days a year before (no data
 * before the first rule set). Errors as svc_kpi_indicators(),
 * STATS_KEY_NOT_FOUND, and BAD_QUERY (to) for a period over 24 months. */
struct svc_result svc_kpi_trend(struct db *db, struct arena *a, const struct svc_actor *who,
				const struct svc_kpi_query *q, const char *key,
				struct svc_kpi_trend *out);

/* The evaluation of Circular 01/2018 (DOMAIN.md 7) of q's scope and
 * period: indices 1–4 and 7 averaged over the dossiers ended in the period
 * (count[k] of them scored), 6 and 9 of the unit (5 and 8: no data, -1). */
struct svc_kpi_evaluation {
	struct svc_kpi_query q;
	int64_t dossiers; /* ended in the period */
	double average[10];
	int64_t count[10];
	struct kpi_eval unit;
};
struct svc_result svc_kpi_evaluation(struct db *db, struct arena *a, const struct svc_actor *who,
				     const struct svc_kpi_query *q, struct svc_kpi_evaluation *out);

/* Each dossier ended in the period with its indices, a page of them. */
struct svc_kpi_eval_item {
	const char *ref;
	struct kpi_eval eval;
};
struct svc_kpi_eval_items {
	struct svc_kpi_eval_item *items;
	size_t n;
	int64_t total, limit, offset;
};
struct svc_result svc_kpi_eval_items(struct db *db, struct arena *a, const struct svc_actor *who,
				     const struct svc_kpi_query *q, const struct svc_kpi_page *pg,
				     struct svc_kpi_eval_items *out);

/* An officer's own figures (svc_scorecard.c): svc_kpi_indicators() and
 * svc_kpi_items() with the scope officer = who, for any officer (no unit
 * check: the scope is themself). Errors: FORBIDDEN (not an officer), and
 * those of svc_kpi_indicators() and svc_kpi_items(). */
struct svc_result svc_kpi_mine(struct db *db, struct arena *a, const struct svc_actor *who,
			       const char *from, const char *to, struct svc_kpi_report *out);
struct svc_result svc_kpi_mine_items(struct db *db, struct arena *a, const struct svc_actor *who,
				     const char *from, const char *to, const char *key,
				     const struct svc_kpi_page *pg, struct svc_kpi_items *out);

/* The public service quality of a unit (svc_quality.c): the plan's
 * on-time rate, online share, satisfaction and average waiting (minutes)
 * of the unit code and its sub-units in a month (month "YYYY-MM", NULL:
 * now_ms's month; this month from its 1st to its day, a past one whole,
 * at most SVC_QUALITY_MONTHS_BACK months before; UTC+7), as
 * svc_kpi_indicators() computes them, kept SVC_QUALITY_TTL_MS per unit
 * and month. Errors: BAD_QUERY (unit missing; month not YYYY-MM, to come
 * or too far back), UNIT_NOT_FOUND, and those of svc_kpi_indicators(). */
#define SVC_QUALITY_MONTHS_BACK 24
#define SVC_QUALITY_TTL_MS	(5 * 60 * 1000)
enum {
	SVC_QUALITY_ON_TIME,
	SVC_QUALITY_ONLINE,
	SVC_QUALITY_SATISFACTION,
	SVC_QUALITY_WAIT,
	SVC_QUALITY_N
};
struct svc_quality_figure {
	const char *key; /* "plan.on_time", ... (static) */
	bool has_rate, has_target;
	double rate, target; /* a share, or minutes for the waiting */
	int64_t count;	     /* dossiers, ratings or tickets counted */
};
struct svc_quality {
	struct unit unit;
	char month[8], from[11], to[11];
	struct svc_quality_figure fig[SVC_QUALITY_N];
};
struct svc_result svc_quality_get(struct db *db, struct arena *a, const char *unit,
				  const char *month, int64_t now_ms, struct svc_quality *out);
/* Forgets every unit's figures (tests). */
void svc_quality_cache_clear(void);

/* The rule sets, by effective date (CLI `motcua kpi rules`). */
struct svc_result svc_kpi_rule_sets(struct db *db, struct arena *a, struct kpi_rule_set **out,
				    size_t *n);
/* Sets the points (and thresholds) of rule set name from `changes`
 * (indicator keys and values), or creates a new set as a copy of the one
 * in force at effective_from when name is new. The result must pass
 * kpi_rules_check(): else KPI_RULES_INVALID naming the key or group.
 * Errors: FIELD_INVALID, KPI_RULES_INVALID, CONFLICT (effective date
 * taken), DB_ERROR. */
struct svc_kpi_change {
	const char *key;
	bool set_points, set_threshold, clear_threshold;
	double points, threshold;
};
struct svc_result svc_kpi_rules_set(struct db *db, struct arena *a, const char *name,
				    int64_t effective_from, const struct svc_kpi_change *changes,
				    size_t nchanges);

#endif
