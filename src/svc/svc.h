/* Use cases: each runs its database work in one transaction through
 * db_run_txn() and returns ERR_NONE or a registry error (base/errors_gen.h)
 * with, where it applies, the name of the offending field.
 *
 * Layer: svc. Calls core, cal and repo; never builds HTTP replies.
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
#include "core/procedure.h"
#include "db/db.h"
#include "repo/repo.h"

struct svc_result {
	enum err_code code;
	const char *field;  /* static or arena string; may be NULL */
	const char *detail; /* may be NULL */
};

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
};

/* Checks throttling, verifies the password, records failures, and opens a
 * session. Errors: LOGIN_FAILED, LOGIN_THROTTLED, ACCOUNT_INACTIVE, DB_ERROR. */
struct svc_result svc_login(struct db *db, const struct config *cfg, struct arena *a,
			    const char *username, const char *password, const char *ip,
			    struct svc_login *out);
/* Resolves a raw session token; REPO_NOT_FOUND-like misses give
 * ERR_UNAUTHENTICATED. */
struct svc_result svc_session(struct db *db, struct arena *a, const char *token,
			      struct session_row *out, const char **token_hash);
struct svc_result svc_logout(struct db *db, const char *token_hash);

struct svc_registration {
	const char *kind; /* person | organisation */
	const char *id_number, *tax_code, *full_name, *email, *username, *password;
};
struct svc_result svc_register(struct db *db, const struct config *cfg, struct arena *a,
			       const struct svc_registration *r, struct user *out);

/* Creates a staff user (the `user add` command and demo data). */
struct svc_result svc_user_create(struct db *db, const char *username, const char *full_name,
				  const char *unit_code, unsigned roles, const char *password,
				  int64_t *id);
/* Checks a user name: 3–64 of a-z 0-9 . _ - */
bool svc_username_valid(const char *s);

/* ---- catalogue (svc_catalogue.c) ---- */

/* Reads a procedure in the import format (data/catalogue/README.md) from
 * JSON, adding a problem for every defect, including unknown fields.
 * Strings borrow from j. Returns the number of problems added. */
size_t svc_proc_from_json(json_t *j, const char *prefix, struct arena *a, struct procedure *p,
			  struct problems *pr);
/* The import format of p (round-trips through svc_proc_from_json). */
json_t *svc_proc_to_json(const struct procedure *p);

/* Validates every procedure (rules and unit codes) and, only if there is no
 * problem at all, stores each as a new published version in one
 * transaction. Returns ERR_CATALOGUE_INVALID with problems filled, or
 * DB_ERROR. *imported gets the count. */
struct svc_result svc_catalogue_import(struct db *db, struct arena *a, struct procedure *procs,
				       size_t n, int64_t user_id, struct problems *pr,
				       size_t *imported);
/* Admin editing: saves p as the draft of its procedure (replacing an
 * existing draft), after the same validation. */
struct svc_result svc_catalogue_save_draft(struct db *db, struct arena *a,
					   const struct procedure *p, int64_t user_id,
					   struct problems *pr, int64_t *version);
/* Publishes the draft of code, effective from date (YYYY-MM-DD, NULL =
 * today). */
struct svc_result svc_catalogue_publish(struct db *db, const char *code, const char *date,
					int64_t *version);
/* Folds code, names and field into the search key. Caller frees. */
char *svc_proc_search_key(const struct procedure *p);

/* ---- demo data (svc_demo.c) ---- */
/* Loads demo units, one user per role and the catalogue from
 * data_dir/catalogue/ (*.json). password NULL = generate one per user and
 * print it. Existing rows are kept. */
int svc_demo_load(struct db *db, const char *data_dir, const char *password, FILE *out);

#endif
