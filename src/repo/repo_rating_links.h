/* Rating links (issue 10): one per recipient of a visit or a dossier, a
 * random token kept only as its SHA-256, usable once. Kept apart from
 * repo.h so that this work does not edit a header every engineer shares.
 *
 * Layer: repo. Conventions of repo.h: DB_OK or a negative DB_* status,
 * DB_NOT_FOUND for a missing row, strings from the caller's arena.
 */
#ifndef MOTCUA_REPO_RATING_LINKS_H
#define MOTCUA_REPO_RATING_LINKS_H

#include "model/rating.h"
#include "repo/repo.h"

#define RATING_LINKS_MUST_CHECK __attribute__((warn_unused_result))

/* The link of (kind, target, recipient) now has token_hash: inserted, or
 * an unused one replaced (its old token stops working). *used is true, and
 * nothing changes, when that recipient's link was used already. */
int repo_rating_link_put(struct db *db, const char *kind, int64_t target_id, const char *recipient,
			 const char *token_hash, int64_t now, bool *used) RATING_LINKS_MUST_CHECK;
int repo_rating_link_find(struct db *db, struct arena *a, const char *token_hash,
			  struct rating_link *out) RATING_LINKS_MUST_CHECK;
/* Marks the link used; *ok false when it was used already (a race). */
int repo_rating_link_use(struct db *db, int64_t id, int64_t now, bool *ok) RATING_LINKS_MUST_CHECK;

#endif
