/* The VNPAY 2.1.0 gateway adapter, merchant side (issue 13): the signed
 * payment address, the check of an IPN or return query, and the querydr
 * and refund calls to the gateway's API (JSON over POST, libcurl).
 *
 * The same code serves payment.gateway = vnpay (VNPAY's addresses,
 * payment.vnpay.tmn_code and .secret) and = sandbox (motcua's own stand-in
 * under /sandbox/pay/ at payment.public_url, terminal SVC_SANDBOX_TMN and
 * the configured secret or a built-in one): the sandbox speaks the same
 * protocol, so tests of the sandbox run this code.
 *
 * Layer: svc. Thread-safe (no state but libcurl's global init).
 */
#ifndef MOTCUA_SVC_SVC_VNPAY_H
#define MOTCUA_SVC_SVC_VNPAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/config.h"
#include "core/vnpay.h"

/* The sandbox's terminal code, and its secret when payment.vnpay.secret
 * is empty (public: the sandbox moves no money). */
#define SVC_SANDBOX_TMN	   "MOTCUASB"
#define SVC_SANDBOX_SECRET "motcua-sandbox-secret-moves-no-money"
/* The paths of the sandbox's pages and API below the public address. */
#define SVC_SANDBOX_PAY_PATH "/sandbox/pay/vpcpay.html"
#define SVC_SANDBOX_API_PATH "/sandbox/pay/api/transaction"
/* The merchant's addresses the gateway sends the payer and the IPN to. */
#define SVC_VNPAY_RETURN_PATH "/api/v1/payments/vnpay/return"
#define SVC_VNPAY_IPN_PATH    "/api/v1/payments/vnpay/ipn"

/* Where and as whom motcua talks to the configured gateway. */
struct svc_vnpay_site {
	const char *pay_url, *api_url, *tmn_code, *secret; /* borrowed or arena */
	const char *public_url;				   /* without a trailing '/' */
};
/* Fills *s for cfg's payment.gateway (vnpay or sandbox). Returns false for
 * another gateway, or vnpay without a terminal code or secret. */
bool svc_vnpay_site(const struct config *cfg, struct arena *a, struct svc_vnpay_site *s);

/* What the merchant knows of one online payment. */
struct svc_vnpay_order {
	const char *txn_ref;
	int64_t amount;		/* đồng */
	const char *order_info; /* printable ASCII, no tone marks */
	const char *client_ip;
	int64_t created_at; /* UTC ms: vnp_CreateDate, and querydr's TransactionDate */
};

/* The payment address into *url (arena). Returns 0, or -1 with a reason
 * in err. */
int svc_vnpay_pay_url(const struct config *cfg, struct arena *a, const struct svc_vnpay_order *o,
		      const char **url, char *err, size_t errlen)
	__attribute__((warn_unused_result));

enum svc_vnpay_verdict {
	SVC_VNPAY_VALID,	 /* signed by our secret, for our terminal */
	SVC_VNPAY_BAD_SIGNATURE, /* missing or wrong vnp_SecureHash, or another terminal */
	SVC_VNPAY_BAD_INPUT,	 /* signed, but no reference or amount that reads */
};
/* Checks the vnp_* parameters of an IPN or return query against cfg's
 * gateway; on SVC_VNPAY_VALID *o is its outcome (borrowing from p). */
enum svc_vnpay_verdict svc_vnpay_verify(const struct config *cfg, struct arena *a,
					const struct vnpay_params *p, struct vnpay_outcome *o);

/* What the gateway's API said of a payment (querydr) or a refund. */
struct svc_vnpay_answer {
	char response_code[8];	    /* of the API call: 00 answered */
	char transaction_status[8]; /* querydr: 00 paid, 01 not finished, 02 failed...; refund: its
				       own */
	char transaction_no[65];
	int64_t amount; /* đồng */
	bool paid;	/* querydr: paid; refund: refund accepted */
	bool failed;	/* querydr: the payment failed for good (or was never made) */
};
/* Asks the gateway about o (querydr). Returns 0 with *out, or -1 with a
 * reason in err (no answer, not JSON, a bad signature: try again later). */
int svc_vnpay_query(const struct config *cfg, struct arena *a, const struct svc_vnpay_order *o,
		    int64_t now, struct svc_vnpay_answer *out, char *err, size_t errlen)
	__attribute__((warn_unused_result));
/* Asks the gateway to refund o in full (transaction_no: the gateway's
 * number of the payment; by: who asks). As svc_vnpay_query. */
int svc_vnpay_refund(const struct config *cfg, struct arena *a, const struct svc_vnpay_order *o,
		     const char *transaction_no, const char *by, int64_t now,
		     struct svc_vnpay_answer *out, char *err, size_t errlen)
	__attribute__((warn_unused_result));

/* POSTs body (JSON, or form when form is true) to url, or GETs url when
 * body is NULL; *reply the answer (at most 64 KB), *status its HTTP
 * status. Only https, or http to the loopback interface. Returns 0, or -1
 * (logged). Shared with the sandbox, which calls the merchant's IPN. */
int svc_vnpay_http(const char *url, const char *body, long timeout_s, struct buf *reply,
		   long *status) __attribute__((warn_unused_result));

/* ---- the adapter's rows in the gateway table, and settling
 * (svc_vnpay_settle.c) ---- */

struct db;
struct payment;
/* struct svc_gateway's query and refund (svc_payments.h) for sandbox and
 * vnpay: svc_vnpay_query and svc_vnpay_refund on the payment's reference,
 * amount and creation time. */
int svc_vnpay_gw_query(const struct config *cfg, struct arena *a, const struct payment *p,
		       int64_t now, struct svc_vnpay_answer *out, char *err, size_t errlen);
int svc_vnpay_gw_refund(const struct config *cfg, struct arena *a, const struct payment *p,
			const char *by, int64_t now, struct svc_vnpay_answer *out, char *err,
			size_t errlen);

/* The return address: checks p and finds its payment; *location the page
 * to send the browser to: the dossier's, with ?payment=paid|failed&ref=
 * as the gateway said (display only: nothing changes), or my dossiers with
 * ?payment=invalid for a query that is not signed right or names no
 * payment. Errors: DB_ERROR. */
struct svc_result svc_vnpay_return(struct db *db, struct arena *a, const struct config *cfg,
				   const struct vnpay_params *p, const char **location);
/* The IPN: checks p (VNPAY's query) and settles the payment once; *rsp_code
 * and *message are VNPAY's answer: 00 confirmed (paid or failed, as the
 * gateway said), 01 order not found, 02 already confirmed, 04 invalid
 * amount (the payment is flagged for the office), 97 invalid signature,
 * 99 other (the database failed: the gateway tries again). Nothing changes
 * but on 00 (and the flag on 04). */
void svc_vnpay_ipn(struct db *db, struct arena *a, const struct config *cfg,
		   const struct vnpay_params *p, const char **rsp_code, const char **message);

/* What a reconciler round did. */
struct svc_vnpay_round {
	int64_t settled;  /* pending payments settled from querydr */
	int64_t refunded; /* paid fees of refused or stopped dossiers refunded */
	int64_t errors;	  /* gateway calls that failed (tried again next round) */
};
/* One round of the reconciler (the worker's): asks the gateway (querydr)
 * about every online payment still pending payment.reconcile_minutes after
 * it was made, and settles it when the gateway knows (one never finished
 * fails once its expiry and five minutes have passed); then asks a refund
 * of each paid online payment whose dossier was refused or stopped. A
 * crash between the gateway's answer and the commit loses nothing: the
 * payment is still pending, and the next round asks again. st may be
 * NULL. Returns 0, or -1 if the database failed. */
int svc_vnpay_round(struct db *db, const struct config *cfg, struct svc_vnpay_round *st)
	__attribute__((warn_unused_result));

#endif
