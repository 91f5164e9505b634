/* The VNPAY 2.1.0 payment protocol (DOMAIN.md section 12), merchant side
 * and the gateway side the sandbox plays: the parameters of a payment
 * address, the text that is signed (the vnp_* parameters but
 * vnp_SecureHash and vnp_SecureHashType, empty ones left out, sorted by
 * name, each name=value form-encoded as VNPAY's own Java code and the npm
 * `vnpay` package's URLSearchParams do: letters, digits and "*-._" kept,
 * space as '+', every other byte %XX in capitals, joined by '&'), the
 * outcome an IPN or return query carries, and the pipe-joined texts that
 * sign the querydr and refund requests and answers (JSON over POST).
 *
 * The HMAC-SHA512 itself is not here: the caller signs the text this module
 * builds (pki_hmac_sha512_hex) and compares with vnpay_hash_equal().
 *
 * Layer: core (pure, no I/O). Every input is bounded: at most
 * VNPAY_MAX_PARAMS parameters, names of at most VNPAY_MAX_KEY bytes
 * ("vnp_" then letters and digits), values of at most VNPAY_MAX_VALUE
 * bytes. Money is integer đồng; on the wire it is đồng x 100.
 */
#ifndef MOTCUA_CORE_VNPAY_H
#define MOTCUA_CORE_VNPAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define VNPAY_VERSION	 "2.1.0"
#define VNPAY_MAX_PARAMS 40
#define VNPAY_MAX_KEY	 40
#define VNPAY_MAX_VALUE	 512
/* A hex HMAC-SHA512 and its NUL. */
#define VNPAY_HASH_HEX 129
/* yyyyMMddHHmmss and its NUL. */
#define VNPAY_TIME_LEN 15
/* The largest amount in đồng (x 100 still fits 15 digits, far below
 * INT64_MAX): a thousand billion. */
#define VNPAY_MAX_AMOUNT INT64_C(1000000000000)

enum vnpay_status {
	VNPAY_OK = 0,
	VNPAY_ETOOMANY = -1, /* more than VNPAY_MAX_PARAMS parameters */
	VNPAY_EKEY = -2,     /* a name that is not vnp_ + letters/digits, or too long */
	VNPAY_EVALUE = -3,   /* a value too long, or with a control byte */
	VNPAY_EDUP = -4,     /* the same name twice */
	VNPAY_EMISSING = -5, /* a parameter the message needs is absent */
	VNPAY_EAMOUNT = -6,  /* an amount that is not a positive multiple of 100 */
	VNPAY_ETIME = -7,    /* a time that is not yyyyMMddHHmmss */
};

/* A set of vnp_* parameters; it owns copies of its names and values.
 * Zero-initialise (or vnpay_params_init), vnpay_params_release to free. */
struct vnpay_param {
	char *key, *value;
};
struct vnpay_params {
	struct vnpay_param v[VNPAY_MAX_PARAMS];
	size_t n;
};

void vnpay_params_init(struct vnpay_params *p);
void vnpay_params_release(struct vnpay_params *p);
/* Adds key=value (copied). Errors: VNPAY_ETOOMANY, VNPAY_EKEY,
 * VNPAY_EVALUE, VNPAY_EDUP; p is unchanged on error. */
int vnpay_params_add(struct vnpay_params *p, const char *key, const char *value)
	__attribute__((warn_unused_result));
/* The value of key (borrowed), or NULL. */
const char *vnpay_params_get(const struct vnpay_params *p, const char *key);

/* Appends s form-encoded (see the file comment). */
void vnpay_form_encode(struct buf *out, const char *s);
/* Appends the text that is signed, which is also the query of a payment
 * address (without its hash). */
void vnpay_sign_data(const struct vnpay_params *p, struct buf *out);
/* Parses a query string ("a=b&c=d", '+' and %XX decoded); names that do
 * not start with "vnp_" are skipped. Errors as vnpay_params_add (a
 * malformed %XX is VNPAY_EVALUE). On error out is released. */
int vnpay_parse_query(const char *query, struct vnpay_params *out)
	__attribute__((warn_unused_result));

/* Constant-time comparison of two hex hashes, case-insensitive (VNPAY
 * sends lower case; some merchants' code upper). False if either is NULL
 * or not VNPAY_HASH_HEX-1 hex digits. */
bool vnpay_hash_equal(const char *a, const char *b);

/* utc_ms as GMT+7 yyyyMMddHHmmss. */
void vnpay_time_format(int64_t utc_ms, char out[VNPAY_TIME_LEN]);
/* The inverse. Errors: VNPAY_ETIME. */
int vnpay_time_parse(const char *s, int64_t *utc_ms) __attribute__((warn_unused_result));

/* What a payment address asks. Strings borrowed; bank_code may be NULL. */
struct vnpay_order {
	const char *tmn_code, *txn_ref, *order_info, *order_type, *locale;
	const char *return_url, *ip_addr, *bank_code;
	int64_t amount; /* đồng, 1..VNPAY_MAX_AMOUNT */
	int64_t create_ms, expire_ms;
};

/* The parameters of the payment address (vnp_Version 2.1.0, vnp_Command
 * pay, vnp_CurrCode VND, vnp_Amount = amount x 100, the times in GMT+7).
 * out is initialised here. Errors: VNPAY_EAMOUNT, VNPAY_EMISSING (a NULL
 * or empty required string), VNPAY_EVALUE (order_info longer than 255 or
 * not printable ASCII, as VNPAY requires). */
int vnpay_pay_params(const struct vnpay_order *o, struct vnpay_params *out)
	__attribute__((warn_unused_result));
/* Appends base?query&vnp_SecureHash=hash to url (query = vnpay_sign_data). */
void vnpay_url(struct buf *url, const char *base, const char *query, const char *hash);

/* The outcome an IPN, a return query or a querydr answer carries. Strings
 * borrowed from the params. */
struct vnpay_outcome {
	const char *tmn_code, *txn_ref, *response_code, *transaction_status;
	const char *transaction_no, *bank_code, *pay_date;
	int64_t amount; /* đồng (the wire value / 100) */
	bool paid;	/* response code 00 and transaction status 00 */
};
/* Reads it. Requires vnp_TxnRef, vnp_Amount, vnp_ResponseCode (querydr
 * answers carry vnp_TransactionStatus; a pay result may lack it, then the
 * response code decides). Errors: VNPAY_EMISSING, VNPAY_EAMOUNT. */
int vnpay_outcome_read(const struct vnpay_params *p, struct vnpay_outcome *o)
	__attribute__((warn_unused_result));

/* The four messages of the API (api_url) whose hash is over a pipe-joined
 * text of fixed fields, as VNPAY documents them. */
enum vnpay_msg {
	VNPAY_QUERYDR_REQUEST,
	VNPAY_QUERYDR_ANSWER,
	VNPAY_REFUND_REQUEST,
	VNPAY_REFUND_ANSWER,
};
/* Appends the text that signs message kind: its fields' values in VNPAY's
 * order joined by '|', an absent field as "". */
void vnpay_pipe_data(const struct vnpay_params *p, enum vnpay_msg kind, struct buf *out);

/* A querydr or refund request's fields (borrowed). */
struct vnpay_api_request {
	const char *request_id, *tmn_code, *txn_ref, *order_info, *ip_addr;
	const char *transaction_date; /* the pay address's vnp_CreateDate */
	const char *transaction_no;   /* refund: the gateway's number ("0" if unknown) */
	const char *create_by;	      /* refund: who asks */
	int64_t amount;		      /* refund: đồng */
	bool partial;		      /* refund: 03 partial, else 02 full */
	int64_t now_ms;		      /* vnp_CreateDate of the request */
};
/* The JSON fields (all strings) of a querydr (refund false) or refund
 * request, but vnp_SecureHash: sign vnpay_pipe_data(out, VNPAY_*_REQUEST)
 * and add it. out is initialised here. Errors: VNPAY_EMISSING,
 * VNPAY_EAMOUNT, VNPAY_EVALUE. */
int vnpay_api_request(const struct vnpay_api_request *r, bool refund, struct vnpay_params *out)
	__attribute__((warn_unused_result));

/* The English meaning of a pay result's vnp_ResponseCode (never NULL). */
const char *vnpay_response_text(const char *code);

#endif
