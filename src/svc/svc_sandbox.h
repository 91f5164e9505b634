/* The sandbox payment gateway (issue 13): with payment.gateway = sandbox,
 * motcua itself plays VNPAY 2.1.0 under /sandbox/pay/, so that `make run`
 * can pay and the tests drive the merchant's real code path. It checks the
 * payment address's signature, keeps the order in its own books (sql
 * 0016), lets the payer choose the outcome (paid, failed, or silence: the
 * gateway never answers), calls the merchant's IPN server to server (once,
 * twice, late, or not at all, from a thread of its own; at most
 * SVC_SANDBOX_MAX_IPN calls in flight, each bounded by payment.timeout),
 * sends the browser back to the return address, and answers querydr and
 * refund on its API, every message signed as VNPAY signs it.
 *
 * It moves no money and its default secret is public: it is for
 * demonstrations and tests, never for an office that takes real payments
 * (docs/operations.md).
 *
 * Layer: svc.
 */
#ifndef MOTCUA_SVC_SVC_SANDBOX_H
#define MOTCUA_SVC_SVC_SANDBOX_H

#include "core/vnpay.h"
#include "model/sandbox.h"
#include "svc/svc.h"

#define SVC_SANDBOX_MAX_IPN 16

enum svc_sandbox_choice {
	SVC_SANDBOX_PAID,   /* the payer paid */
	SVC_SANDBOX_FAILED, /* the payer cancelled (response code 24) */
	SVC_SANDBOX_SILENT, /* paid, but the gateway never answers: no IPN, no return */
};
enum svc_sandbox_ipn {
	SVC_SANDBOX_IPN_ONCE,
	SVC_SANDBOX_IPN_TWICE,
	SVC_SANDBOX_IPN_LATE, /* after payment.sandbox_late_seconds */
	SVC_SANDBOX_IPN_NONE,
};

/* Opens the order of a payment address (p: its query): checks the gateway
 * is the sandbox (SANDBOX_OFF), the signature, terminal, version, command,
 * currency, amount and dates (GATEWAY_REQUEST_INVALID naming the
 * parameter), and records the order once (the same address again opens the
 * same order). Errors also DB_ERROR. */
struct svc_result svc_sandbox_open(struct db *db, struct arena *a, const struct config *cfg,
				   const struct vnpay_params *p, struct sandbox_txn *out);

/* The order txn_ref as the gateway knows it. Errors: SANDBOX_OFF,
 * GATEWAY_ORDER_NOT_FOUND, DB_ERROR. */
struct svc_result svc_sandbox_get(struct db *db, struct arena *a, const struct config *cfg,
				  const char *txn_ref, struct sandbox_txn *out);

/* The payer's choice for the open order txn_ref: settles it at the gateway
 * (SILENT: paid, as if the answer were lost), sends the IPN as ipn says
 * (SILENT: none), and gives *return_url the signed return address (NULL
 * for SILENT). Errors: SANDBOX_OFF, GATEWAY_ORDER_NOT_FOUND,
 * GATEWAY_ORDER_CLOSED, DB_ERROR. */
struct svc_result svc_sandbox_pay(struct db *db, struct arena *a, const struct config *cfg,
				  const char *txn_ref, enum svc_sandbox_choice choice,
				  enum svc_sandbox_ipn ipn, const char **return_url);

/* The address that takes the payer of order t (as svc_sandbox_open gave
 * it) back to the merchant once it is no longer open: its return address
 * with the signed outcome, as after paying; NULL while open. Errors:
 * SANDBOX_OFF, INTERNAL. */
struct svc_result svc_sandbox_return(struct arena *a, const struct config *cfg,
				     const struct sandbox_txn *t, const char **return_url);

/* Answers a querydr or refund request (req: the JSON members) into *answer
 * (initialised here; the caller releases it): the fields of VNPAY's
 * answer, signed. Refusals are answers too (97 signature, 03 bad data, 91
 * no such order, 95 not refundable). Errors: SANDBOX_OFF, DB_ERROR. */
struct svc_result svc_sandbox_api(struct db *db, struct arena *a, const struct config *cfg,
				  const struct vnpay_params *req, struct vnpay_params *answer);

#endif
