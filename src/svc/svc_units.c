/* The organisation tree by an administrator: create a unit, change its
 * names, electronic identifier, parent and office hours (svc.h). The code
 * of a unit is its name in the catalogue and the queue, so it never
 * changes. A new name shows in procedure steps within a minute (published
 * versions' parts are kept that long, repo_procedures.c) and in public
 * tracking within http.track_cache_ms. Layer: svc. */
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "cal/cal.h"
#include "core/roles.h"
#include "repo/repo_forms.h"
#include "svc/svc.h"
#include "svc/svc_dossiers_impl.h"

/* Letters, digits and the separators of a code or an identifier. */
static bool token_ok(const char *s, size_t max, const char *extra)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || strchr(extra, *p)))
			return false;
	return true;
}

static bool name_ok(const char *s, size_t min)
{
	size_t n = strlen(s);
	return text_utf8_valid(s, n) && text_utf8_len(s) >= min && text_utf8_len(s) <= 200;
}

/* What does not need the database. */
static struct svc_result check(const struct svc_unit_in *in, bool create)
{
	if (create && (!in->code || !*in->code))
		return svc_fail(ERR_FIELD_MISSING, "code", NULL);
	if (create && !token_ok(in->code, 32, "_-"))
		return svc_fail(ERR_FIELD_INVALID, "code", "letters, digits, _ and -, at most 32");
	if (create && !in->ident)
		return svc_fail(ERR_FIELD_MISSING, "ident", NULL);
	if (in->ident && !token_ok(in->ident, 40, ".-"))
		return svc_fail(ERR_FIELD_INVALID, "ident",
				"an electronic identifier such as 000.17.22.H56");
	if (create && !in->name_vi)
		return svc_fail(ERR_FIELD_MISSING, "name", NULL);
	if (in->name_vi && !name_ok(in->name_vi, 1))
		return svc_fail(ERR_FIELD_INVALID, "name", "1 to 200 characters");
	if (in->name_en && !name_ok(in->name_en, 0))
		return svc_fail(ERR_FIELD_INVALID, "name_en", "at most 200 characters");
	if (in->office_hours) {
		struct cal_hours *h;
		if (strlen(in->office_hours) > 400 || cal_hours_parse(in->office_hours, &h) != 0)
			return svc_fail(ERR_FIELD_INVALID, "office_hours",
					"periods like 07:30-11:30,13:00-17:00");
		cal_hours_free(h);
	}
	return svc_ok();
}

struct unit_ctx {
	const struct svc_unit_in *in;
	bool create;
	struct arena *a;
	struct unit *out;
};

static int save_txn(struct db *db, void *arg)
{
	struct unit_ctx *c = arg;
	const struct svc_unit_in *in = c->in;
	struct unit *u = c->out;
	int rc;
	if (c->create) {
		memset(u, 0, sizeof *u);
		u->code = in->code;
		u->name_en = "";
		u->office_hours = "07:30-11:30,13:00-17:00";
	} else {
		rc = repo_unit_by_code(db, c->a, in->code, u);
		if (rc == DB_NOT_FOUND)
			return db_abort(db, ERR_UNIT_NOT_FOUND, "code", NULL);
		if (rc < 0)
			return rc;
	}
	if (in->ident && (c->create || strcmp(in->ident, u->ident ? u->ident : ""))) {
		/* Codes keep the identifier they were given under: another unit's
		 * earlier codes with this one would collide with this unit's. */
		bool used = false;
		rc = repo_unit_ident_in_codes(db, in->ident, c->create ? 0 : u->id, &used);
		if (rc < 0)
			return rc;
		if (used)
			return db_abort(db, ERR_UNIT_TAKEN, "ident",
					"dossier codes of another unit begin with it");
	}
	if (in->ident)
		u->ident = in->ident;
	/* A unit renamed keeps the name it bore until now: forms of its
	 * earlier dossiers are reprinted with it (migration 0022). */
	bool renamed =
		!c->create && ((in->name_vi && strcmp(in->name_vi, u->name_vi ? u->name_vi : "")) ||
			       (in->name_en && strcmp(in->name_en, u->name_en ? u->name_en : "")));
	if (renamed) {
		struct unit_name was = {u->id, clock_now_ms(), u->name_vi, u->name_en, NULL};
		if ((rc = repo_unit_name_insert(db, &was)) < 0)
			return rc;
	}
	if (in->name_vi)
		u->name_vi = in->name_vi;
	if (in->name_en)
		u->name_en = in->name_en;
	if (in->office_hours)
		u->office_hours = in->office_hours;
	if (in->parent && !*in->parent) {
		u->parent_id = 0; /* a root */
	} else if (in->parent) {
		struct unit p;
		rc = repo_unit_by_code(db, c->a, in->parent, &p);
		if (rc == DB_NOT_FOUND)
			return db_abort(db, ERR_UNIT_NOT_FOUND, "parent", NULL);
		if (rc < 0)
			return rc;
		/* Not under itself: the units from the new parent up to the
		 * root, however many (a cap of 64 hops once called a deeper
		 * tree a cycle). */
		int64_t *up;
		size_t nup = 0;
		if (!c->create && (rc = svcd_desks(db, c->a, p.id, &up, &nup)) < 0)
			return rc;
		for (size_t i = 0; i < nup; i++)
			if (up[i] == u->id)
				return db_abort(db, ERR_FIELD_INVALID, "parent",
						"a unit cannot be under itself");
		u->parent_id = p.id;
	}
	rc = c->create ? repo_unit_insert(db, u, clock_now_ms(), &u->id) : repo_unit_update(db, u);
	if (rc == DB_CONSTRAINT)
		return db_abort(db, ERR_UNIT_TAKEN, in->ident ? "ident" : "code", NULL);
	return rc;
}

static struct svc_result save(struct db *db, struct arena *a, const struct svc_actor *who,
			      const struct svc_unit_in *in, bool create, struct unit *out)
{
	if (!(who->roles & ROLE_ADMIN))
		return svc_fail(ERR_FORBIDDEN, NULL, NULL);
	struct svc_result r = check(in, create);
	if (r.code != ERR_NONE)
		return r;
	struct unit_ctx c = {in, create, a, out};
	int rc = db_run_txn(db, save_txn, &c, DB_TXN_ATTEMPTS);
	if (rc == DB_CONSTRAINT) /* the code, taken by a concurrent creation */
		return svc_fail(ERR_UNIT_TAKEN, "code", NULL);
	if (rc < 0)
		return svc_txn_result(db, rc);
	log_info("unit %s %s by %s", out->code, create ? "created" : "changed", who->username);
	return svc_ok();
}

struct svc_result svc_unit_create(struct db *db, struct arena *a, const struct svc_actor *who,
				  const struct svc_unit_in *in, struct unit *out)
{
	return save(db, a, who, in, true, out);
}

struct svc_result svc_unit_update(struct db *db, struct arena *a, const struct svc_actor *who,
				  const struct svc_unit_in *in, struct unit *out)
{
	return save(db, a, who, in, false, out);
}

/* ---- reads ---- */

static struct svc_result unit_read(struct db *db, int rc)
{
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_UNIT_NOT_FOUND, "unit", NULL);
	return svc_txn_result(db, rc);
}

struct svc_result svc_unit_get(struct db *db, struct arena *a, int64_t id, struct unit *out)
{
	return unit_read(db, repo_unit_by_id(db, a, id, out));
}

struct svc_result svc_unit_by_code(struct db *db, struct arena *a, const char *code,
				   struct unit *out)
{
	/* No code is that long: spare the database the lookup. */
	return unit_read(db,
			 strlen(code) > 32 ? DB_NOT_FOUND : repo_unit_by_code(db, a, code, out));
}

struct svc_result svc_unit_list(struct db *db, struct arena *a, struct unit **out, size_t *n)
{
	return unit_read(db, repo_unit_list(db, a, out, n));
}

struct svc_result svc_unit_officers(struct db *db, struct arena *a, const char *code,
				    const char *role, struct unit_officer **out, size_t *n)
{
	struct unit u;
	struct svc_result r = svc_unit_by_code(db, a, code, &u);
	if (r.code != ERR_NONE)
		return r;
	return unit_read(db, repo_officers_of_unit(db, a, u.id, role, out, n));
}
