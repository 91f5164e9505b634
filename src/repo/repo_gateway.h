/* What the online gateway's rounds read of the payments (issue 13; the
 * tables of sql 0015). Layer: repo, private to svc. */
#ifndef MOTCUA_REPO_REPO_GATEWAY_H
#define MOTCUA_REPO_REPO_GATEWAY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "db/db.h"
#include "model/payment.h"

/* Payments paid online through `gateway` that go back to the payer
 * (repo_payment_refunds()), not refunded yet and not
 * waiting for a refused refund's next attempt (refund_next_at after now),
 * oldest first, at most limit: id, dossier_id, txn_ref, amount,
 * gateway_txn, created_at, refund_attempts filled. */
int repo_payments_refundable(struct db *db, struct arena *a, const char *gateway, int64_t now,
			     size_t limit, struct payment **out, size_t *n)
	__attribute__((warn_unused_result));
/* A refund of payment id was refused: one more attempt counted, the next
 * not before next_at (UTC ms). */
int repo_payment_refund_later(struct db *db, int64_t id, int64_t next_at)
	__attribute__((warn_unused_result));

/* Whether payment payment_id goes back to the payer: it settled after its
 * demand was cancelled (it paid for nothing), it paid a demand already paid
 * (flag duplicate), or its dossier's fee goes
 * back: the fee handling chosen when it was stopped or withdrawn
 * ("refund"), or, with none stated, a refused or stopped dossier. */
int repo_payment_refunds(struct db *db, int64_t payment_id, bool *yes)
	__attribute__((warn_unused_result));

#endif
