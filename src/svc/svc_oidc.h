/* Log-in and identity verification through an OpenID Connect identity
 * provider (issue 10, DOMAIN.md section 15): the authorization code flow
 * with PKCE (S256), a nonce, and a state that is single-use, lives ten
 * minutes, is kept server-side (oidc_flows, by its SHA-256) and is bound to
 * the browser by a cookie. The ID token is checked (RS256 against the
 * provider's JWKS, iss, aud/azp, exp, iat, nonce) before its ID-number
 * claim (oidc.id_claim) is believed. Then either the account that started
 * the flow is verified for that number, or the account verified for it is
 * logged in, or (oidc.create_accounts) a verified account is created.
 *
 * The provider's metadata and keys are fetched on each use (log-ins are
 * rare; no cache to go stale when the provider rotates its keys). Only
 * https, or http on the loopback interface (tests), is spoken.
 *
 * Layer: svc.
 */
#ifndef MOTCUA_SVC_OIDC_H
#define MOTCUA_SVC_OIDC_H

#include "svc/svc.h"

/* Starts a flow for who (NULL when not logged in: a log-in; a citizen: a
 * verification of their account). *location is the provider's
 * authorization URL to redirect to, *browser the value of the binding
 * cookie (both from a). Errors: OIDC_DISABLED, OIDC_PROVIDER_ERROR,
 * FORBIDDEN (staff), DB_ERROR. */
struct svc_result svc_oidc_start(struct db *db, const struct config *cfg, struct arena *a,
				 const struct svc_actor *who, const char **location,
				 const char **browser);

struct svc_oidc_done {
	bool verified; /* the account that started the flow was verified */
	bool created;  /* a new account was created */
	bool session;  /* login holds a new session */
	struct svc_login login;
	const char *username;
};

/* Finishes the flow of state (the provider's redirect: code or error, the
 * binding cookie browser). Errors: OIDC_DISABLED, OIDC_STATE_INVALID
 * (field state), OIDC_DENIED, FIELD_MISSING (code), OIDC_PROVIDER_ERROR,
 * OIDC_TOKEN_INVALID (field id_token, the detail says which check),
 * OIDC_CLAIM_INVALID, IDENTITY_MISMATCH, IDENTITY_VERIFIED_ELSEWHERE,
 * ACCOUNT_NOT_FOUND, ACCOUNT_INACTIVE, DB_ERROR. Nothing is changed on any
 * error; the flow is used up whatever happens. */
struct svc_result svc_oidc_callback(struct db *db, const struct config *cfg, struct arena *a,
				    const char *state, const char *code, const char *error,
				    const char *browser, struct svc_oidc_done *out);

#endif
