/* Staff accounts managed by administrators and by the command line
 * (DOMAIN.md 15, issue 15 item 3): the list, one account with its history,
 * a new account, and every change (svc.h svc_user_change()). The command
 * line (`motcua user add|set|disable|enable|password`) and the API
 * (/api/v1/users) call these same functions, so each rule lives here once.
 *
 * Who may act (the rule of the units): an administrator of a root unit of
 * the organisation tree, or of no unit, manages every staff account; an
 * administrator of a unit below manages the accounts of that unit and of
 * the units under it, and may place accounts only there. Citizens' accounts
 * are not an administrator's (administrators see no personal data): they
 * are USER_NOT_FOUND to them. The command line (who NULL) manages all.
 *
 * Every change that changes something is appended to the account's history
 * (user_changes) with who made it; a change to the same value is no
 * change, so repeating a request is harmless. Layer: svc. */
#ifndef MOTCUA_SVC_USERS_H
#define MOTCUA_SVC_USERS_H

#include "svc/svc.h"

/* One account as an administrator reads it: its unit (id 0 = none) and,
 * for svc_user_get(), its history (newest first, at most
 * SVC_USER_HISTORY_MAX changes). */
struct svc_user_view {
	struct user user;
	struct unit unit;
	struct user_change_row *history;
	size_t nhistory;
};
#define SVC_USER_HISTORY_MAX 50
/* A page of the list holds at most this many accounts. */
#define SVC_USERS_PAGE_MAX 100

struct svc_user_query {
	const char *unit_code; /* NULL: any of who's units */
	const char *role;      /* a staff role name, or NULL */
	const char *state;     /* "active", "disabled" or NULL */
	const char *text;      /* in user name, full name, e-mail, phone; NULL */
	int64_t limit, offset; /* limit 1..SVC_USERS_PAGE_MAX */
};

/* The staff accounts who manages, narrowed by q, by user name; *total
 * counts all that match. Errors: FIELD_INVALID (role, state), UNIT_NOT_FOUND
 * (unit), FORBIDDEN (unit: outside who's units), DB_ERROR. */
struct svc_result svc_users_list(struct db *db, struct arena *a, const struct svc_actor *who,
				 const struct svc_user_query *q, struct svc_user_view **out,
				 size_t *n, int64_t *total);

/* One staff account with its unit and history. Errors: USER_NOT_FOUND
 * (username; also a citizen's account, or one outside who's units),
 * DB_ERROR. */
struct svc_result svc_user_get(struct db *db, struct arena *a, const struct svc_actor *who,
			       const char *username, struct svc_user_view *out);

/* Room for a generated password and its NUL. */
#define SVC_PASSWORD_GEN 24
/* A random password (16 characters of base64url) into out, which holds
 * SVC_PASSWORD_GEN bytes: for a new account or a reset by an
 * administrator, shown once; the caller wipes it. */
void svc_password_generate(char *out);

struct svc_user_new {
	const char *username, *full_name;
	const char *email, *phone; /* NULL or "" = none */
	const char *unit_code;	   /* NULL = none */
	unsigned roles;		   /* staff roles, at least one */
	const char *password;	   /* NULL: one is generated into *generated */
	const char *by;		   /* for the log when who is NULL */
};

/* Creates a staff account. A password given must pass
 * svc_password_check(); without one, a random one is written to generated
 * (SVC_PASSWORD_GEN bytes; the caller shows it once and wipes it). A
 * password set by an administrator (who not NULL) must be changed by its
 * owner at the first log-in. Errors: FIELD_MISSING / FIELD_INVALID
 * (username, full_name, email, phone, roles), FIELD_TOO_SHORT and
 * PASSWORD_WEAK (password), UNIT_NOT_FOUND (unit), FORBIDDEN (unit: outside
 * who's units), USERNAME_TAKEN (username), DB_ERROR. */
struct svc_result svc_user_add(struct db *db, const struct config *cfg, struct arena *a,
			       const struct svc_actor *who, const struct svc_user_new *in,
			       char *generated, int64_t *id);

/* The owner of account user_id changes its password: current must be
 * the password now, new_password pass svc_password_check() and differ from
 * it. Clears must_change_password (set when an administrator chose the
 * password) and ends the account's other sessions (all but keep_hash, the
 * caller's; *ended, may be NULL, gets how many). Errors: FIELD_INVALID
 * (current_password: not the password; new_password: the same as now),
 * FIELD_TOO_SHORT and PASSWORD_WEAK (new_password), USER_NOT_FOUND,
 * AUTH_BUSY, DB_ERROR. */
struct svc_result svc_password_change(struct db *db, const struct config *cfg, struct arena *a,
				      int64_t user_id, const char *keep_hash, const char *current,
				      const char *new_password, int64_t *ended);

/* Checks an e-mail address as accounts keep it: one @, a dot in the
 * domain, no spaces, at most 254 bytes. */
bool svc_email_valid(const char *s);

#endif
