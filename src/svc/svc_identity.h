/* Identity binding of citizen accounts (DOMAIN.md section 15, issue 10).
 *
 * A self-registered account only claims its ID number (person) or tax code
 * (organisation): it is unverified. It becomes verified when a receiving
 * officer has checked the ID card (or the organisation's papers) at the
 * desk, or when an OpenID Connect identity provider has vouched for the
 * number (svc_oidc.c). At most one account is verified for a number; any
 * number of unverified accounts may claim one.
 *
 * What verification opens (the rules, in one place):
 * - Online submission: the applicant must be the account itself (its kind
 *   and its number); an unverified account may do so unless another account
 *   is verified for that number. Someone who submits for another person or
 *   organisation names that owner on the dossier (applicant.owner): they
 *   are its representative (người được ủy quyền), and the owner's data
 *   store stays closed to them unless they are verified for the owner.
 * - The data store of an owner (listing it, the offers of reuse, reusing a
 *   document, the components view and downloads of dossiers one did not
 *   submit): only an account verified for that owner.
 * - "My dossiers" and reading a dossier (detail, components): what the
 *   account submitted, and every dossier whose owner (the owner named on it,
 *   else its applicant) is the number it is verified for, whoever submitted
 *   it; the owner follows such a dossier, the account that submitted it acts
 *   on it. What another account submitted reaches the owner only once the
 *   desk received it. The dossiers submitted as a number follow the account
 *   verified for it: when the desk moves a verification, the old account
 *   loses them and the new one acts on them as their applicant. The rule is
 *   core/access.c's (access_actor.verified_*, access_dossier.applicant_*).
 * - Files a citizen uploads enter the dossier owner's store only if the
 *   citizen is verified for the owner; otherwise they belong to the dossier
 *   alone (owner_ident ""), and the applicant still sees them there.
 *
 * Layer: svc.
 */
#ifndef MOTCUA_SVC_IDENTITY_H
#define MOTCUA_SVC_IDENTITY_H

#include "svc/svc.h"

/* A citizen account's identity. */
struct svc_identity {
	const char *kind;  /* person, organisation, or staff */
	const char *ident; /* ID number or normalised tax code; "" if none */
	bool verified;
};

/* The identity of the account user_id (a, borrowed). Returns DB_OK, or a
 * negative DB status (DB_NOT_FOUND for no such account). */
int svc_identity_of(struct db *db, struct arena *a, int64_t user_id, struct svc_identity *out);

/* The identifier of an owner or applicant of kind "person" (its ID
 * number) or "organisation" (its tax code, without the branch dash), for
 * comparing; "" if it has none. From a. */
const char *svc_party_ident(struct arena *a, const char *kind, const char *id_number,
			    const char *tax_code);

/* True if me is verified for the owner (kind, ident); ident is compared in
 * normal form. */
bool svc_identity_verified_for(struct arena *a, const struct svc_identity *me, const char *kind,
			       const char *ident);

/* The online submission rule for the applicant of a dossier who submits
 * (see above). Errors: APPLICANT_NOT_SELF (field applicant.id_number or
 * applicant.tax_code), DB_ERROR. */
struct svc_result svc_identity_check_applicant(struct db *db, struct arena *a,
					       const struct svc_actor *who,
					       const struct dossier_party *applicant);

/* A citizen account as the desk sees it: who, what number it claims or is
 * verified for, and every verification. */
struct svc_account {
	struct user user;
	struct account_verification *log;
	size_t nlog;
};

/* The account username (a citizen's), for a receiving officer. Errors:
 * ACCOUNT_NOT_FOUND (field username), DB_ERROR. */
struct svc_result svc_account_get(struct db *db, struct arena *a, const char *username,
				  struct svc_account *out);

/* What the officer checked at the desk. */
struct svc_desk_check {
	const char *id_number, *tax_code; /* as on the card / the papers */
	const char *evidence;		  /* the paper shown, e.g. "CCCD" */
	bool replace; /* withdraw another account's verification for the number */
};

/* A receiving officer (who) verifies the account username at the desk.
 * The number given must be the one the account registered with; if
 * another account is verified for it, replace must be set (that account is
 * then unverified, and both changes are recorded). Verifying an account
 * again for its number changes nothing. Errors: ACCOUNT_NOT_FOUND,
 * FIELD_MISSING / FIELD_INVALID (id_number, tax_code, evidence),
 * IDENTITY_MISMATCH, IDENTITY_VERIFIED_ELSEWHERE, DB_ERROR. */
struct svc_result svc_account_verify_desk(struct db *db, struct arena *a,
					  const struct svc_actor *who, const char *username,
					  const struct svc_desk_check *in, struct svc_account *out);

/* Binds user_id to the person's ID number id_number on the word of the
 * identity provider (evidence: its issuer and subject), inside the
 * caller's transaction. The account's claimed number, if any, must be
 * id_number (else IDENTITY_MISMATCH); an account verified for it already
 * must be user_id (else IDENTITY_VERIFIED_ELSEWHERE). Returns DB_OK,
 * DB_ABORT with that error (field "id_number", db_abort()), or a negative
 * DB status. */
int svc_identity_bind_oidc(struct db *db, struct arena *a, int64_t user_id, const char *id_number,
			   const char *evidence, int64_t now);

#endif
