/* Repository functions: the only place SQL is written. One file per
 * aggregate (units, users and sessions, procedures); each function takes and
 * returns C structs, never json_t, and runs on both backends unchanged.
 *
 * The structs they pass live in src/model/ (one header per aggregate).
 *
 * Layer: repo. Conventions: functions return DB_OK or a negative DB_*
 * status (enum db_status, db/db.h); DB_NOT_FOUND when a looked-up row
 * does not exist.
 * Strings in results are allocated from the arena the caller passes.
 */
#ifndef MOTCUA_REPO_REPO_H
#define MOTCUA_REPO_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "core/procedure.h"
#include "db/db.h"
#include "model/account.h"
#include "model/calendar.h"
#include "model/dossier.h"
#include "model/procedure.h"
#include "model/queue.h"
#include "model/rating.h"
#include "model/unit.h"

/* A cell's text copied into the arena: "" for SQL NULL (repo_text), or
 * NULL for SQL NULL (repo_textn). */
static inline const char *repo_text(struct arena *a, const struct db_res *r, size_t row, size_t col)
{
	return arena_strdup(a, db_res_text(r, row, col));
}

static inline const char *repo_textn(struct arena *a, const struct db_res *r, size_t row,
				     size_t col)
{
	return arena_strdup(a, db_res_textn(r, row, col));
}

/* "%q%" for LIKE ... with a backslash escape: q's wildcards escaped, ASCII
 * lower-cased (compare with LOWER(column)); from a. */
const char *repo_like(struct arena *a, const char *q);

/* The one loop that reads a query's rows into an array (repo_rows.c).
 * repo_rows() runs sql, allocates from the arena an array of one element a
 * row plus one zeroed element after the last, zeroes it, and calls
 * fn(a, r, i, &array[i], ctx) to fill element i from row i; *out gets the
 * array, *n the number of rows. out is a pointer to the caller's array
 * pointer (`struct x **`); the element size is taken from it. Returns
 * DB_OK, the query's negative DB_* status (nothing written then), or
 * DB_HARD if the array's size would overflow. repo_row_id and
 * repo_row_text are readers for a column 0 of ids (int64_t) and of text
 * (const char *, NULL for SQL NULL). */
typedef void (*repo_row_cb)(struct arena *a, const struct db_res *r, size_t row, void *elem,
			    void *ctx);
int repo_rows_read(struct db *db, struct arena *a, const char *sql, const struct db_arg *args,
		   size_t nargs, repo_row_cb fn, void *ctx, size_t size, void *out, size_t *n)
	__attribute__((warn_unused_result));

/* Searching by text in C (SQL's LOWER() folds ASCII only): the ids
 * (column 0), in the statement's order, of the rows whose text columns 1 to
 * ncols hold q once folded (text_fold) — every word of q somewhere in them
 * (all_words), or q as one run inside one column. sql ends with "LIMIT ?
 * OFFSET ?", which this adds after args, REPO_SCAN_BATCH rows a query.
 * *ids is heap. */
#define REPO_SCAN_BATCH 500
int repo_fold_scan(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		   size_t ncols, bool all_words, const char *q, int64_t **ids, size_t *n);
#define repo_rows(db, a, sql, args, fn, ctx, out, n)                                               \
	repo_rows_read((db), (a), (sql), args, (fn), (ctx), sizeof **(out), (out), (n))
/* One row into *out (zeroed first) by the same kind of reader:
 * DB_NOT_FOUND if the query returns none. */
int repo_row_get(struct db *db, struct arena *a, const char *sql, const struct db_arg *args,
		 size_t nargs, repo_row_cb fn, void *ctx, size_t size, void *out)
	__attribute__((warn_unused_result));
#define repo_row(db, a, sql, args, fn, ctx, out)                                                   \
	repo_row_get((db), (a), (sql), args, (fn), (ctx), sizeof *(out), (out))
/* Runs an INSERT ... RETURNING id: *id (may be NULL) gets the new row's
 * id. DB_OK, the statement's negative DB_* status, or DB_HARD if it
 * returned no row. */
int repo_insert_id(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		   int64_t *id) __attribute__((warn_unused_result));
#define repo_insert(db, sql, args, id) repo_insert_id((db), (sql), args, (id))
void repo_row_id(struct arena *a, const struct db_res *r, size_t row, void *elem, void *ctx);
void repo_row_text(struct arena *a, const struct db_res *r, size_t row, void *elem, void *ctx);

/* ---- units (repo_units.c) ---- */
int repo_unit_insert(struct db *db, const struct unit *u, int64_t now, int64_t *id);
/* Name, identifier, parent and office hours of unit u->id (its code stays). */
int repo_unit_update(struct db *db, const struct unit *u);
/* Whether dossier codes of a unit other than unit_id begin with ident
 * (codes keep the identifier they were given under). */
int repo_unit_ident_in_codes(struct db *db, const char *ident, int64_t unit_id, bool *used)
	__attribute__((warn_unused_result));
int repo_unit_by_code(struct db *db, struct arena *a, const char *code, struct unit *out);
int repo_unit_by_id(struct db *db, struct arena *a, int64_t id, struct unit *out);
/* The versions of units (cache_versions) and of the calendar, read once per
 * request (repo_units.c); *ok false: not to be relied on (not migrated,
 * or this request wrote units). */
int repo_cache_versions(struct db *db, int64_t *units, int64_t *calendar, bool *ok)
	__attribute__((warn_unused_result));
/* The same versions, read by this request's first statement (the
 * session's, repo_session_get()): kept for the request as
 * repo_cache_versions() would keep them, which then reads nothing. */
void repo_cache_versions_seen(bool ok, int64_t units, int64_t calendar);
/* All units, parents before children. */
int repo_unit_list(struct db *db, struct arena *a, struct unit **out, size_t *n);

/* ---- users, roles, sessions, log-in failures (repo_users.c) ---- */
int repo_user_insert(struct db *db, const struct user *u, int64_t now, int64_t *id);
int repo_user_set_roles(struct db *db, int64_t user_id, unsigned roles);
int repo_user_set_password(struct db *db, int64_t user_id, const char *hash);
/* Writes u->full_name, u->unit_id (0 = none), u->active, u->password_hash,
 * u->email, u->phone and u->must_change_password of account u->id (an
 * operator's change). */
int repo_user_update(struct db *db, const struct user *u) __attribute__((warn_unused_result));
/* Makes a user a person or organisation with an ID number and e-mail. */
int repo_user_set_identity(struct db *db, int64_t user_id, const char *kind, const char *id_number,
			   const char *email);
int repo_user_by_username(struct db *db, struct arena *a, const char *username, struct user *out);
int repo_user_identity_taken(struct db *db, const char *id_number, const char *tax_code,
			     bool *taken);
/* Staff accounts as f narrows them, by user name, f->limit from f->offset
 * (*out from a, with roles); *total counts them all. */
int repo_users_list(struct db *db, struct arena *a, const struct user_filter *f, struct user **out,
		    size_t *n, int64_t *total) __attribute__((warn_unused_result));
/* Appends to the history of user_id (user_changes): what, by by_user (0 =
 * the command line) named by_name, at now. */
int repo_user_change_insert(struct db *db, int64_t user_id, int64_t by_user, const char *by_name,
			    const char *what, int64_t now) __attribute__((warn_unused_result));
/* The history of user_id, newest first, at most limit rows. */
int repo_user_changes(struct db *db, struct arena *a, int64_t user_id, int64_t limit,
		      struct user_change_row **out, size_t *n) __attribute__((warn_unused_result));

/* ---- identity binding (repo_identity.c) ---- */
/* The account verified for the person's ID number or the organisation's
 * tax code (kind "person" or "organisation", ident normalised): *user_id,
 * or DB_NOT_FOUND. */
int repo_user_verified_for(struct db *db, const char *kind, const char *ident, int64_t *user_id);
/* The account user_id. Returns DB_OK or DB_NOT_FOUND. */
int repo_user_by_id(struct db *db, struct arena *a, int64_t user_id, struct user *out);
/* Marks user_id verified for ident (its id_number or tax_code by kind is set
 * to ident) by how ("desk", "oidc"), by_user (0 = none), with evidence (the
 * paper checked, the provider's subject), and appends the verification.
 * A second account verified for the same number violates a unique index
 * (DB_CONSTRAINT). */
int repo_user_verify(struct db *db, int64_t user_id, const char *kind, const char *ident,
		     const char *how, int64_t by_user, const char *evidence, int64_t now);
/* Withdraws user_id's verification (recorded with how, by_user, evidence). */
int repo_user_unverify(struct db *db, int64_t user_id, const char *how, int64_t by_user,
		       const char *evidence, int64_t now);
/* The verifications of user_id, oldest first (*out from a). */
int repo_user_verifications(struct db *db, struct arena *a, int64_t user_id,
			    struct account_verification **out, size_t *n);

int repo_oidc_flow_insert(struct db *db, const struct oidc_flow *f);
/* Reads and deletes the flow of state_hash (a flow is used once), expired
 * or not; DB_NOT_FOUND if there is none. Also purges expired flows. */
int repo_oidc_flow_take(struct db *db, struct arena *a, const char *state_hash, int64_t now,
			struct oidc_flow *out);

int repo_session_insert(struct db *db, const char *token_hash, int64_t user_id, const char *csrf,
			int64_t now, int64_t expires_at);
int repo_session_get(struct db *db, struct arena *a, const char *token_hash, int64_t now,
		     struct session_row *out);
int repo_session_delete(struct db *db, const char *token_hash);
/* Ends every session of user_id; *n (may be NULL) gets how many. */
int repo_session_delete_user(struct db *db, int64_t user_id, int64_t *n)
	__attribute__((warn_unused_result));
int repo_session_purge(struct db *db, int64_t now);
/* Ends every session of user_id but the one of keep_hash; *n gets how many. */
int repo_session_delete_others(struct db *db, int64_t user_id, const char *keep_hash, int64_t *n)
	__attribute__((warn_unused_result));

/* ---- throttles (repo_throttle.c) ----
 * A counter per key (a log-in of one account from one address, a
 * registration from one address, ...). */
/* Counts one hit on key at now, unless the key is blocked, in one
 * statement: parallel callers are counted one after the other, and none
 * passes a blocked key. *wait_ms 0: counted (the hit may go on); else not
 * counted, and the key is blocked for *wait_ms more. Outside a
 * transaction: the count must stand even if the caller's work fails. */
int repo_throttle_hit(struct db *db, const char *key, int64_t now, const struct throttle_rule *r,
		      int64_t *wait_ms) __attribute__((warn_unused_result));
/* How long key is still blocked at now (0: not blocked); counts nothing. */
int repo_throttle_wait(struct db *db, const char *key, int64_t now, int64_t *wait_ms)
	__attribute__((warn_unused_result));
/* Forgets key (a log-in that succeeded). */
int repo_throttle_clear(struct db *db, const char *key) __attribute__((warn_unused_result));
/* Drops the keys untouched since before. */
int repo_throttle_purge(struct db *db, int64_t before) __attribute__((warn_unused_result));

/* ---- officers of a unit (repo_officers.c) ---- */
/* The active staff accounts of unit_id, by user name; with role (a role
 * name, or NULL for any) only those holding it. *out (from a) has *n
 * entries. Returns DB_OK or a negative DB_* status. */
int repo_officers_of_unit(struct db *db, struct arena *a, int64_t unit_id, const char *role,
			  struct unit_officer **out, size_t *n);

/* ---- procedures (repo_procedures.c) ---- */
/* Summaries (no components, steps, fees or legal basis). */
int repo_proc_search(struct db *db, struct arena *a, const struct proc_query *q,
		     struct procedure **out, size_t *n, int64_t *total);
/* The full current published version effective at now; or, with
 * version > 0, that version (drafts included). */
int repo_proc_get(struct db *db, struct arena *a, const char *code, int64_t version, int64_t now,
		  struct procedure *out);
int repo_proc_versions(struct db *db, struct arena *a, const char *code,
		       struct proc_version_row **out, size_t *n);
/* Inserts a new version (status "draft" or "published") of p, creating
 * the procedure if new. Unit codes must exist (DB_NOT_FOUND otherwise).
 * search_key is the folded text to search. */
int repo_proc_insert_version(struct db *db, const struct procedure *p, const char *status,
			     int64_t effective_from, const char *search_key, int64_t user_id,
			     int64_t now, int64_t *version);
/* The draft's version number, or DB_NOT_FOUND. */
int repo_proc_draft(struct db *db, const char *code, int64_t *version);
int repo_proc_delete_version(struct db *db, const char *code, int64_t version);
int repo_proc_publish(struct db *db, const char *code, int64_t version, int64_t effective_from,
		      int64_t now);
int repo_proc_fields(struct db *db, struct arena *a, int64_t now, struct field_count **out,
		     size_t *n);
/* Every procedure with its latest published version and its draft, by code
 * (struct proc_admin_row). */
int repo_proc_admin_list(struct db *db, struct arena *a, struct proc_admin_row **out, size_t *n);
/* Codes of all procedures with a current published version. */
int repo_proc_codes(struct db *db, struct arena *a, int64_t now, const char ***out, size_t *n);

/* ---- working calendar (repo_calendar.c) ---- */
/* The scope of an entry is a unit id, or 0 for the agency-wide calendar. */
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
int repo_cal_entry_update(struct db *db, const struct cal_entry_row *e, int64_t now,
			  int64_t user_id);
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
/* This request reads the calendar state from the tables from now on (it
 * wrote the calendar or units; repo_cal_unit_state() keeps it per request). */
void repo_cal_state_forget(void);

/* ---- dossiers, their history and code counters (repo_dossiers.c, issue 4) ---- */

/* The next code sequence of a receiving unit on a local day (YYYYMMDD),
 * 1 for the first: one row per unit and day, bumped with INSERT ... ON
 * CONFLICT DO UPDATE ... RETURNING inside the caller's transaction, so that
 * concurrent receipts wait for each other and never share or skip. With
 * id not NULL, on PostgreSQL the same statement takes the new dossier's id
 * from its sequence (issue 16: repo_dossier_insert() then waits for no
 * answer); 0 elsewhere. */
int repo_dossier_next_seq(struct db *db, int64_t unit_id, int64_t day, int64_t *seq, int64_t *id);
/* The id of a procedure version (code + version number); DB_NOT_FOUND. */
int repo_dossier_proc_version_id(struct db *db, const char *code, int64_t version, int64_t *id);
/* Inserts d (with its components and co-ordinating units); *id gets its
 * id, or, if not 0 (from repo_dossier_next_seq()), is the row's, and the
 * row goes with the next statement (db_exec_later()). */
int repo_dossier_insert(struct db *db, const struct dossier *d, const struct dossier_component *c,
			size_t nc, const int64_t *coordinators, size_t ncoord, int64_t *id);
int repo_dossier_by_code(struct db *db, struct arena *a, const char *code, struct dossier *out);
/* Dossiers whose clock is running or paused (submitted, received, in
 * process, waiting), processed by or at a step of unit_id (0: all), by id. */
int repo_dossiers_timed(struct db *db, struct arena *a, int64_t unit_id, struct dossier **out,
			size_t *n);
/* Writes every mutable column of d, provided the stored row still has
 * old_nevents events (else DB_SOFT: someone else acted first; retry). */
int repo_dossier_update(struct db *db, const struct dossier *d, int64_t old_nevents);
/* Sets the status of component ord (1-based) of a dossier. */
int repo_dossier_component_status(struct db *db, int64_t dossier_id, int64_t ord,
				  const char *status);
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
/* The first event of a dossier being created, sent with the next
 * statement (db_exec_later(): a receipt, issue 16). */
int repo_event_insert_first(struct db *db, int64_t dossier_id, const struct event *e);
/* The events of a dossier by seq (strings from a). */
/* The row reader of a history's events (a dossier's, a feedback item's):
 * columns id, the chain's code, seq, at, actor_id, actor, action,
 * from_state, to_state, step_from, step_to, step_due_at, timeliness, note,
 * data, prev_hash, hash. */
void repo_row_event(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx);
int repo_events_of(struct db *db, struct arena *a, int64_t dossier_id, struct event **out,
		   size_t *n);

int repo_dossier_heads(struct db *db, struct arena *a, int64_t after_id, int64_t limit,
		       struct dossier_head **out, size_t *n);
int repo_dossier_gaps(struct db *db, struct arena *a, struct dossier_gap **out, size_t *n);

/* Open dossiers the user sees, sorted by due time (the extended due time,
 * else the appointment, else the current step's due time), earliest first,
 * those without a due time last, then by id. *total (how many match the
 * query, all pages) is counted only when total is not NULL: pass NULL when
 * repo_inbox_total() already gave it. */
int repo_inbox(struct db *db, struct arena *a, const struct inbox_query *q, struct dossier **out,
	       size_t *n, int64_t *total);
/* The number of open dossiers the user sees, and in each box; q's box,
 * procedure and state are ignored. */
int repo_inbox_counts(struct db *db, const struct inbox_query *q, struct inbox_counts *out);
/* Tickets of the day (YYYY-MM-DD) still waiting to be called, every unit. */
int repo_queue_waiting_count(struct db *db, const char *day, int64_t *n);
/* True, with *total, when the page's total is one of the counts c (no
 * procedure or state filter, and a box that is counted); no I/O. */
bool repo_inbox_total(const struct inbox_query *q, const struct inbox_counts *c, int64_t *total);
/* "My dossiers": those the citizen account user_id submitted online
 * (applicant_user_id), and, when kind ("person" or "organisation") and
 * ident (its ID number or normalised tax code) are given, those whose owner
 * is that number (the owner named on the dossier, else its applicant),
 * whoever submitted them. Every state, newest first; *total counts all. */
int repo_dossiers_mine(struct db *db, struct arena *a, int64_t user_id, const char *kind,
		       const char *ident, int64_t limit, int64_t offset, struct dossier **out,
		       size_t *n, int64_t *total);

/* ---- desk queue and ratings (repo_queue.c) ---- */
struct queue_entry; /* core/queue.h */

int repo_queue_desk_get(struct db *db, int64_t unit_id, bool *always_open);
int repo_queue_desk_set(struct db *db, int64_t unit_id, bool always_open, int64_t now);
/* DB_CONSTRAINT when the prefix is taken in the unit. */
int repo_queue_service_insert(struct db *db, const struct queue_service *s, int64_t now,
			      int64_t *id);
int repo_queue_service_update(struct db *db, const struct queue_service *s);
int repo_queue_service_get(struct db *db, struct arena *a, int64_t id, struct queue_service *out);
/* Services of a unit (inactive ones too if all), with people waiting on day. */
int repo_queue_services(struct db *db, struct arena *a, int64_t unit_id, const char *day, bool all,
			struct queue_service **out, size_t *n);
/* DB_CONSTRAINT when the number is taken in the unit. */
int repo_queue_counter_insert(struct db *db, const struct queue_counter *c, int64_t now,
			      int64_t *id);
int repo_queue_counter_update(struct db *db, const struct queue_counter *c);
/* Replaces the counter's services and officers with c's lists. */
int repo_queue_counter_set_lists(struct db *db, const struct queue_counter *c);
int repo_queue_counter_get(struct db *db, struct arena *a, int64_t id, struct queue_counter *out);
int repo_queue_counters(struct db *db, struct arena *a, int64_t unit_id, struct queue_counter **out,
			size_t *n);
/* The active counters officer_id may sit at, of any unit: those that list
 * them, and those of their own unit (unit_id) that list nobody. By unit,
 * then number; without the lists. */
int repo_queue_counters_of_officer(struct db *db, struct arena *a, int64_t officer_id,
				   int64_t unit_id, struct queue_counter **out, size_t *n);
/* Opens the counter for officer_id, or closes it (officer_id 0). */
int repo_queue_counter_set_open(struct db *db, int64_t counter_id, int64_t officer_id, int64_t now);
/* Closes every other counter where officer_id sits (one counter at a time). */
int repo_queue_counter_leave_others(struct db *db, int64_t officer_id, int64_t keep_id);

/* The next number of a service on a day (1, 2, ...), counted atomically. */
int repo_queue_next_seq(struct db *db, int64_t service_id, const char *day, int64_t *seq);
int repo_queue_ticket_insert(struct db *db, const struct queue_ticket *t, int64_t *id);
int repo_queue_ticket_get(struct db *db, struct arena *a, int64_t id, struct queue_ticket *out);
int repo_queue_ticket_by_token(struct db *db, struct arena *a, const char *token,
			       struct queue_ticket *out);
/* The ticket called to or served at a counter, or DB_NOT_FOUND. */
int repo_queue_ticket_at_counter(struct db *db, struct arena *a, int64_t counter_id,
				 struct queue_ticket *out);
/* The ticket an officer is serving (or has called) at any counter. */
int repo_queue_ticket_of_officer(struct db *db, struct arena *a, int64_t officer_id,
				 struct queue_ticket *out);
/* Calls the next waiting ticket of day for the counter in one statement:
 * priority first, then FIFO across the counter's services (core/queue.h
 * order). *id gets the ticket, or DB_NOT_FOUND when nobody waits. Two
 * counters never get the same ticket: the row is taken only if still
 * waiting, and on PostgreSQL the serializable transaction fails over to a
 * retry when two calls race. */
int repo_queue_call_next(struct db *db, int64_t counter_id, int64_t officer_id, const char *day,
			 int64_t now, int64_t *id);
/* Writes the mutable fields of t if the row is still in old_state
 * (DB_NOT_FOUND otherwise: someone acted first). */
int repo_queue_ticket_update(struct db *db, const struct queue_ticket *t, const char *old_state);
int repo_queue_event_insert(struct db *db, int64_t ticket_id, const char *action,
			    int64_t service_id, int64_t counter_id, int64_t officer_id,
			    const char *note, int64_t now);
/* Whether a ticket numbered `number` was ever called to a counter numbered
 * counter_number (any unit, any day): the voice is made only for calls. */
int repo_queue_was_called(struct db *db, const char *number, int counter_number, bool *called);
/* Waiting tickets of a unit on a day, for the people-ahead count. */
int repo_queue_waiting(struct db *db, struct arena *a, int64_t unit_id, const char *day,
		       struct queue_entry **out, size_t *n);
/* The last calls of a unit on day, newest first. */
int repo_queue_recent_calls(struct db *db, struct arena *a, int64_t unit_id, const char *day,
			    int64_t limit, struct queue_ticket **out, size_t *n);
int repo_queue_live(struct db *db, struct arena *a, int64_t unit_id, const char *day,
		    struct queue_live_row **out, size_t *n);

/* Dossiers received during a visit. DB_CONSTRAINT when the dossier is
 * already linked. */
int repo_queue_link_dossier(struct db *db, int64_t ticket_id, int64_t dossier_id,
			    int64_t counter_id, int64_t officer_id, int64_t now);
int repo_queue_ticket_dossiers(struct db *db, struct arena *a, int64_t ticket_id, int64_t **ids,
			       const char ***codes, size_t *n);
/* The ticket a dossier was received in, or DB_NOT_FOUND. */
int repo_queue_dossier_ticket(struct db *db, int64_t dossier_id, int64_t *ticket_id);
/* Users who acted on a ticket (called, served...), distinct. */
int repo_queue_ticket_officers(struct db *db, struct arena *a, int64_t ticket_id, int64_t **ids,
			       size_t *n);

/* The secret named name (hex), created with value if missing. */
int repo_queue_secret(struct db *db, struct arena *a, const char *name, const char *value,
		      const char **out);

int repo_rating_dossier(struct db *db, struct arena *a, int64_t dossier_id,
			struct rating_dossier *out);
/* Whether a link nonce was used already. */
int repo_rating_nonce_used(struct db *db, const char *nonce, bool *used);
/* Marks the current rating of the visit/dossier replaced, then inserts r
 * as current, with its officers. DB_CONSTRAINT if the nonce was used. */
int repo_rating_insert(struct db *db, const struct rating_row *r, const int64_t *officers,
		       size_t nofficers, int64_t now, int64_t *id);
/* All ratings of a visit or dossier, newest first (history included). */
int repo_rating_history(struct db *db, struct arena *a, const char *kind, int64_t id,
			struct rating_row **out, size_t *n);
int repo_rating_officers(struct db *db, struct arena *a, int64_t rating_id, int64_t **ids,
			 size_t *n);

int repo_queue_report_tickets(struct db *db, struct arena *a, int64_t unit_id, const char *from_day,
			      const char *to_day, struct queue_report_ticket **out, size_t *n);

#endif
