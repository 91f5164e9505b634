/* Identity binding of citizen accounts: see svc_identity.h for the rules.
 * Layer: svc. */
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "core/ident.h"
#include "core/roles.h"
#include "repo/repo.h"
#include "svc/svc_identity.h"

const char *svc_party_ident(struct arena *a, const char *kind, const char *id_number,
			    const char *tax_code)
{
	if (!kind)
		return "";
	if (!strcmp(kind, "person"))
		return id_number ? id_number : "";
	if (strcmp(kind, "organisation") || !tax_code)
		return "";
	char norm[IDENT_TAX_MAX];
	if (ident_tax_code_check(tax_code, norm) != IDENT_OK)
		return tax_code; /* compared as it is: it matches nobody's normal form */
	return arena_strdup(a, norm);
}

int svc_identity_of(struct db *db, struct arena *a, int64_t user_id, struct svc_identity *out)
{
	struct user u;
	int rc = repo_user_by_id(db, a, user_id, &u);
	if (rc < 0)
		return rc;
	out->kind = u.kind;
	out->ident = svc_party_ident(a, u.kind, u.id_number, u.tax_code);
	out->verified = u.verified_at != 0 && *out->ident;
	return DB_OK;
}

bool svc_identity_verified_for(struct arena *a, const struct svc_identity *me, const char *kind,
			       const char *ident)
{
	if (!me->verified || !kind || !ident || !*ident || strcmp(me->kind, kind))
		return false;
	const char *norm =
		!strcmp(kind, "organisation") ? svc_party_ident(a, kind, NULL, ident) : ident;
	return !strcmp(me->ident, norm);
}

struct svc_result svc_identity_check_applicant(struct db *db, struct arena *a,
					       const struct svc_actor *who,
					       const struct dossier_party *applicant)
{
	struct svc_identity me;
	int rc = svc_identity_of(db, a, who->id, &me);
	if (rc < 0)
		return svc_txn_result(db, rc);
	bool org = !strcmp(me.kind, "organisation");
	const char *field = org ? "applicant.tax_code" : "applicant.id_number";
	const char *theirs =
		svc_party_ident(a, applicant->kind, applicant->id_number, applicant->tax_code);
	if (!*me.ident || !applicant->kind || strcmp(applicant->kind, me.kind) ||
	    strcmp(theirs, me.ident))
		return svc_fail(ERR_APPLICANT_NOT_SELF, field,
				org ? "the tax code of your account"
				    : "the ID number of your account");
	if (me.verified)
		return svc_ok();
	/* Unverified: the claim holds only while nobody has proved the number. */
	int64_t other;
	rc = repo_user_verified_for(db, me.kind, me.ident, &other);
	if (rc == DB_NOT_FOUND)
		return svc_ok();
	if (rc < 0)
		return svc_txn_result(db, rc);
	log_warn("online submission refused: user=%s claims a number verified for another account",
		 who->username);
	return svc_fail(ERR_APPLICANT_NOT_SELF, field,
			"the number is verified for another account");
}

static int load_account(struct db *db, struct arena *a, const char *username,
			struct svc_account *out)
{
	memset(out, 0, sizeof *out);
	int rc = repo_user_by_username(db, a, username, &out->user);
	if (rc < 0)
		return rc;
	if (strcmp(out->user.kind, "person") && strcmp(out->user.kind, "organisation"))
		return DB_NOT_FOUND; /* staff accounts are not citizens' */
	return repo_user_verifications(db, a, out->user.id, &out->log, &out->nlog);
}

struct svc_result svc_account_get(struct db *db, struct arena *a, const char *username,
				  struct svc_account *out)
{
	int rc = load_account(db, a, username, out);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_ACCOUNT_NOT_FOUND, "username", NULL);
	return svc_txn_result(db, rc);
}

struct desk_ctx {
	struct arena *a;
	const struct svc_actor *who;
	const char *username, *ident;
	const struct svc_desk_check *in;
	struct svc_account *out;
	bool changed;
	int64_t now;
};

static int desk_txn(struct db *db, void *arg)
{
	struct desk_ctx *c = arg;
	struct user *u = &c->out->user;
	c->changed = false;
	int rc = load_account(db, c->a, c->username, c->out);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_ACCOUNT_NOT_FOUND, "username", NULL);
	if (rc < 0)
		return rc;
	bool person = !strcmp(u->kind, "person");
	const char *field = person ? "id_number" : "tax_code";
	if (person ? !c->in->id_number : !c->in->tax_code)
		return db_abort(db, ERR_FIELD_MISSING, field,
				person ? "the number on the ID card"
				       : "the tax code on the papers");
	if (person ? c->in->tax_code != NULL : c->in->id_number != NULL)
		return db_abort(db, ERR_FIELD_INVALID, person ? "tax_code" : "id_number",
				person ? "a person's account is verified by ID number"
				       : "an organisation's account is verified by tax code");
	enum ident_verdict v;
	char norm[IDENT_TAX_MAX];
	if (person) {
		v = ident_id_number_check(c->in->id_number);
		c->ident = c->in->id_number;
	} else {
		v = ident_tax_code_check(c->in->tax_code, norm);
		c->ident = norm;
	}
	if (v != IDENT_OK)
		return db_abort(db, ERR_FIELD_INVALID, field, ident_verdict_text(v, !person));
	const char *claimed = svc_party_ident(c->a, u->kind, u->id_number, u->tax_code);
	if (*claimed && strcmp(claimed, c->ident))
		return db_abort(db, ERR_IDENTITY_MISMATCH, field, NULL);
	int64_t other = 0;
	rc = repo_user_verified_for(db, u->kind, c->ident, &other);
	if (rc < 0 && rc != DB_NOT_FOUND)
		return rc;
	if (rc == DB_OK && other == u->id)
		return DB_OK; /* verified already: nothing to do */
	if (rc == DB_OK) {
		if (!c->in->replace)
			return db_abort(db, ERR_IDENTITY_VERIFIED_ELSEWHERE, field,
					"set replace to move the verification to this account");
		const char *why = arena_printf(c->a, "replaced at the desk by account %s (%s)",
					       u->username, c->in->evidence);
		if ((rc = repo_user_unverify(db, other, "desk", c->who->id, why, c->now)) < 0)
			return rc;
	}
	rc = repo_user_verify(db, u->id, u->kind, arena_strdup(c->a, c->ident), "desk", c->who->id,
			      c->in->evidence, c->now);
	if (rc == DB_CONSTRAINT)
		return db_abort(db, ERR_IDENTITY_VERIFIED_ELSEWHERE, field, NULL);
	if (rc < 0)
		return rc;
	c->changed = true;
	return load_account(db, c->a, c->username, c->out);
}

struct svc_result svc_account_verify_desk(struct db *db, struct arena *a,
					  const struct svc_actor *who, const char *username,
					  const struct svc_desk_check *in, struct svc_account *out)
{
	if (!(who->roles & ROLE_RECEIVER))
		return svc_fail(ERR_FORBIDDEN, NULL, NULL);
	if (!in->evidence || !*in->evidence)
		return svc_fail(ERR_FIELD_MISSING, "evidence", "the paper checked, e.g. CCCD");
	if (!text_utf8_valid(in->evidence, strlen(in->evidence)) ||
	    text_utf8_len(in->evidence) > 200)
		return svc_fail(ERR_FIELD_INVALID, "evidence", "at most 200 characters");
	struct desk_ctx c = {.a = a,
			     .who = who,
			     .username = username,
			     .in = in,
			     .out = out,
			     .now = clock_now_ms()};
	int rc = db_run_txn(db, desk_txn, &c, DB_TXN_ATTEMPTS);
	if (rc < 0)
		return svc_txn_result(db, rc);
	if (c.changed)
		log_info("account verified user=%s by=%s how=desk replace=%d", username,
			 who->username, in->replace ? 1 : 0);
	return svc_ok();
}

int svc_identity_bind_oidc(struct db *db, struct arena *a, int64_t user_id, const char *id_number,
			   const char *evidence, int64_t now)
{
	struct user u;
	int rc = repo_user_by_id(db, a, user_id, &u);
	if (rc < 0)
		return rc;
	if (strcmp(u.kind, "person")) /* organisations are verified at the desk */
		return db_abort(db, ERR_IDENTITY_MISMATCH, "id_number", NULL);
	if (u.id_number && strcmp(u.id_number, id_number))
		return db_abort(db, ERR_IDENTITY_MISMATCH, "id_number", NULL);
	int64_t other = 0;
	rc = repo_user_verified_for(db, "person", id_number, &other);
	if (rc < 0 && rc != DB_NOT_FOUND)
		return rc;
	if (rc == DB_OK && other != user_id)
		return db_abort(db, ERR_IDENTITY_VERIFIED_ELSEWHERE, "id_number", NULL);
	rc = repo_user_verify(db, user_id, "person", id_number, "oidc", 0, evidence, now);
	if (rc == DB_CONSTRAINT)
		return db_abort(db, ERR_IDENTITY_VERIFIED_ELSEWHERE, "id_number", NULL);
	return rc;
}
