/* What the online gateway's rounds read of the payments (issue 13; the
 * tables of sql 0015). Layer: repo, private to svc. */
#ifndef MOTCUA_REPO_REPO_GATEWAY_H
#define MOTCUA_REPO_REPO_GATEWAY_H

#include <stddef.h>

#include "base/arena.h"
#include "db/db.h"
#include "model/payment.h"

/* Payments paid online through `gateway` whose dossier was refused or
 * stopped (the fee goes back to the payer) and that are not refunded yet,
 * oldest first, at most limit: id, dossier_id, txn_ref, amount,
 * gateway_txn, created_at filled. */
int repo_payments_refundable(struct db *db, struct arena *a, const char *gateway, size_t limit,
			     struct payment **out, size_t *n) __attribute__((warn_unused_result));

#endif
