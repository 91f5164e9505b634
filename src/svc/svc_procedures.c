/* The catalogue as the public and the administrators read it: search,
 * one procedure, its versions, the fields. Which version is in effect is
 * decided here, by the clock, not by the handler (issue 11). Layer: svc. */
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "core/roles.h"
#include "doc/template.h"
#include "repo/repo.h"
#include "svc/svc.h"

struct svc_result svc_proc_search(struct db *db, struct arena *a, const struct proc_query *q,
				  struct procedure **out, size_t *n, int64_t *total)
{
	struct proc_query now = *q;
	now.now = clock_now_ms();
	return svc_txn_result(db, repo_proc_search(db, a, &now, out, n, total));
}

struct svc_result svc_proc_get(struct db *db, struct arena *a, const char *code, int64_t version,
			       unsigned roles, struct procedure *out)
{
	int rc = repo_proc_get(db, a, code, version, clock_now_ms(), out);
	/* Drafts are for administrators only. */
	if (rc == DB_OK && out->status && !strcmp(out->status, "draft") && !(roles & ROLE_ADMIN))
		rc = DB_NOT_FOUND;
	if (rc == DB_NOT_FOUND)
		return version ? svc_fail(ERR_VERSION_NOT_FOUND, "version", NULL)
			       : svc_fail(ERR_PROCEDURE_NOT_FOUND, "code", NULL);
	/* The notes are the reviewers' ("to be checked against...", issue
	 * 15): officers see them, the public does not. */
	if (rc == DB_OK && !(roles & ROLES_STAFF))
		out->notes = NULL;
	return svc_txn_result(db, rc);
}

struct svc_result svc_proc_template(struct db *db, struct arena *a, const char *code, int64_t n,
				    struct buf *out, const char **number)
{
	struct procedure p;
	struct svc_result r = svc_proc_get(db, a, code, 0, 0, &p);
	if (r.code != ERR_NONE)
		return r;
	const struct proc_component *c =
		n >= 1 && n <= (int64_t)p.ncomponents ? &p.components[n - 1] : NULL;
	if (!c || !c->template_name || !*c->template_name)
		return svc_fail(ERR_TEMPLATE_NOT_FOUND, "n", NULL);
	struct doc_template t = {.number = c->template_name,
				 .title = c->name.vi,
				 .procedure = p.name.vi,
				 .addressee = p.unit_name_vi};
	int rc = doc_render_template(&t, out);
	if (rc != 0) {
		log_error("template %s/%lld: %s", code, (long long)n, doc_strerror(rc));
		return svc_fail(ERR_INTERNAL, NULL, doc_strerror(rc));
	}
	*number = c->template_name;
	return svc_ok();
}

struct svc_result svc_proc_versions(struct db *db, struct arena *a, const char *code,
				    struct proc_version_row **out, size_t *n)
{
	int rc = repo_proc_versions(db, a, code, out, n);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_PROCEDURE_NOT_FOUND, "code", NULL);
	return svc_txn_result(db, rc);
}

struct svc_result svc_proc_fields(struct db *db, struct arena *a, struct field_count **out,
				  size_t *n)
{
	return svc_txn_result(db, repo_proc_fields(db, a, clock_now_ms(), out, n));
}

struct svc_result svc_proc_current_all(struct db *db, struct arena *a, struct procedure **out,
				       size_t *n)
{
	int64_t now = clock_now_ms();
	const char **codes;
	size_t ncodes;
	int rc = repo_proc_codes(db, a, now, &codes, &ncodes);
	if (rc < 0)
		return svc_txn_result(db, rc);
	*out = arena_zalloc(a, (ncodes + 1) * sizeof **out);
	for (size_t i = 0; i < ncodes; i++)
		if ((rc = repo_proc_get(db, a, codes[i], 0, now, &(*out)[i])) < 0)
			return svc_txn_result(db, rc);
	*n = ncodes;
	return svc_ok();
}

/* CONFLICT (code) when a procedure with p's code exists. */
static struct svc_result code_is_new(struct db *db, struct arena *a, const struct procedure *p)
{
	if (!p->code)
		return svc_ok();
	struct proc_version_row *rows;
	size_t nrows;
	int rc = repo_proc_versions(db, a, p->code, &rows, &nrows);
	if (rc == DB_OK)
		return svc_fail(ERR_CONFLICT, "code",
				"the procedure exists; edit its draft instead");
	if (rc != DB_NOT_FOUND)
		return svc_txn_result(db, rc);
	return svc_ok();
}

struct svc_result svc_catalogue_create_draft(struct db *db, struct arena *a,
					     const struct procedure *p, int64_t user_id,
					     struct problems *pr, int64_t *version)
{
	struct svc_result r = code_is_new(db, a, p);
	if (r.code != ERR_NONE)
		return r;
	return svc_catalogue_save_draft(db, a, p, user_id, pr, version);
}

struct svc_result svc_catalogue_check_new(struct db *db, struct arena *a, const struct procedure *p,
					  struct problems *pr)
{
	struct svc_result r = code_is_new(db, a, p);
	if (r.code != ERR_NONE)
		return r;
	return svc_catalogue_check_draft(db, a, p, pr);
}

struct svc_result svc_proc_admin_list(struct db *db, struct arena *a, struct proc_admin_row **out,
				      size_t *n)
{
	return svc_txn_result(db, repo_proc_admin_list(db, a, out, n));
}
