/* What the dossier services call of the payments inside their own
 * transactions. Layer: svc (not for other layers). */
#ifndef MOTCUA_SVC_PAYMENTS_IMPL_H
#define MOTCUA_SVC_PAYMENTS_IMPL_H

#include "core/workflow.h"
#include "model/document.h"
#include "svc/svc_payments.h"

/* After `action` was applied to dossier d of procedure version p, in the
 * same transaction: at receipt (starts_clock) a demand of the confirmed
 * fees due at receipt; on request_payment, the open demand pauses the
 * clock, or a new demand of the confirmed fees due before return (none to
 * demand: the pause alone, as before issue 13; only fees still to be
 * confirmed: FEE_NOT_CONFIRMED). A demand is an event (payment_demanded)
 * appended to d's chain; the caller writes the dossier row. terms: the days
 * to pay and the values of the fees' parameters (a name no fee is charged
 * per: FIELD_INVALID naming fee_params.<name>). Returns DB_OK or a DB_*
 * status. */
int svcpay_on_action(struct db *db, struct arena *a, const struct procedure *p, struct dossier *d,
		     const struct svc_actor *who, enum wf_action action, bool starts_clock,
		     const struct svc_fee_terms *terms, int64_t now)
	__attribute__((warn_unused_result));

/* The receipt whose verification code is verify_code, as the result row
 * svc_verify() reads (its PDF made first if it was not yet): DB_OK,
 * DB_NOT_FOUND, or a DB_* status. */
int svcpay_receipt_as_result(struct db *db, struct arena *a, const struct config *cfg,
			     const char *verify_code, struct result_row *out)
	__attribute__((warn_unused_result));

/* Keeps of ps[0..*n) the payments of dossiers received in who's agency
 * (the tree of who's unit's root): an office sees its own agency's money
 * only. Returns DB_OK or a DB_* status. */
int svcpay_own_agency(struct db *db, struct arena *a, const struct svc_actor *who,
		      struct payment *ps, size_t *n) __attribute__((warn_unused_result));

/* Dossier code into *s (svcd_load_rest()), read by who: ACCESS_READ
 * (NULL: the system, no check). DB_ABORT with DOSSIER_NOT_FOUND or the
 * access refusal. */
int svcpay_load(struct db *db, struct arena *a, const struct svc_actor *who, const char *code,
		struct svc_dossier *s) __attribute__((warn_unused_result));

#endif
