/* An order as the sandbox payment gateway keeps it (issue 13; sql 0016):
 * the stand-in for VNPAY's own books that payment.gateway = sandbox serves
 * under /sandbox/pay/. Amounts in đồng.
 *
 * Layer: model (plain structs, libc only). Strings are borrowed or from
 * the arena of whoever filled the struct.
 */
#ifndef MOTCUA_MODEL_SANDBOX_H
#define MOTCUA_MODEL_SANDBOX_H

#include <stdint.h>

struct sandbox_txn {
	int64_t id; /* the gateway's transaction number (vnp_TransactionNo) */
	const char *txn_ref, *tmn_code, *create_date, *order_info, *return_url;
	int64_t amount;
	const char *status;	   /* open | paid | failed | refunded */
	const char *response_code; /* of the payment: 00 paid, 24 cancelled...; "" while open */
	const char *pay_date;	   /* yyyyMMddHHmmss GMT+7, "" while open */
	const char *ipn_log;	   /* the merchant's RspCode to each IPN, comma-separated */
	int64_t created_at;
};

#endif
