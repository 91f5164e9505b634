/* Accounts: users and their roles, identity verifications, sessions,
 * log-ins through the identity provider in flight, and the throttle rule
 * that guards them (DOMAIN.md 15).
 *
 * Layer: model, below svc and repo (docs/architecture.md): plain structs
 * that both pass, with no functions and no includes beyond libc. Strings
 * are borrowed or from the arena of whoever filled the struct.
 */
#ifndef MOTCUA_MODEL_ACCOUNT_H
#define MOTCUA_MODEL_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct user {
	int64_t id;
	const char *username, *full_name, *kind, *id_number, *tax_code, *email;
	const char *phone; /* an officer's telephone, or NULL */
	const char *password_hash;
	/* Set by someone else (a reset, an initial password): the account
	 * may only change it once logged in (migration 0025). */
	bool must_change_password;
	int64_t unit_id;
	bool active;
	unsigned roles;
	/* Identity binding (DOMAIN.md 15): when and how the account's ID number
	 * or tax code was checked ("desk" or "oidc"), by which officer (0 for
	 * the identity provider); verified_at 0 = unverified. */
	int64_t verified_at;
	const char *verified_how;
	int64_t verified_by;
};

/* One change an administrator (or the command line) made to an account:
 * what, by whom (by_user 0 = the command line), when (user_changes). */
struct user_change_row {
	const char *what, *by_name;
	int64_t by_user, at;
};

/* What a list of staff accounts is narrowed to (repo_users_list()):
 * NULL or 0 = any. */
struct user_filter {
	int64_t scope_unit; /* this unit and those under it (an administrator's) */
	int64_t unit_id;    /* one unit */
	const char *role;   /* a role name */
	int active;	    /* 1 active, 0 disabled, -1 any */
	const char *text;   /* in the user name, full name, e-mail or phone */
	int64_t limit, offset;
};

struct account_verification {
	const char *action, *kind, *ident, *how, *evidence, *by_username;
	int64_t at;
};

/* A log-in through the identity provider in flight (oidc_flows). */
struct oidc_flow {
	const char *state_hash, *browser_hash, *nonce, *verifier;
	int64_t user_id; /* 0 = not logged in when it started */
	int64_t created_at, expires_at;
};

struct session_row {
	struct user user;
	const char *csrf_token;
	int64_t expires_at;
};

/* How a throttle counts the hits on one key (repo_throttle_hit()). */
struct throttle_rule {
	int64_t free;	   /* hits counted before the first wait (>= 1) */
	int64_t first_ms;  /* the first wait; each further hit doubles it */
	int64_t max_ms;	   /* the longest wait */
	int64_t forget_ms; /* a key quiet this long starts again from zero */
};

#endif
