/* Payments (issue 13, DOMAIN.md section 12): a dossier's payment demands
 * and their lines, the payments made against them, and the e-receipt of a
 * paid payment.
 *
 * Money is integer đồng everywhere (int64_t), never floating point.
 *
 * Layer: model, below svc and repo (docs/architecture.md): plain structs
 * that both pass, with no functions and no includes beyond libc. Strings
 * are borrowed or from the arena of whoever filled the struct.
 */
#ifndef MOTCUA_MODEL_PAYMENT_H
#define MOTCUA_MODEL_PAYMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most lines a demand has (a procedure has at most PROC_MAX_FEES fees). */
#define PAYMENT_MAX_LINES 20
/* A merchant order reference (txn_ref) and a gateway's transaction number
 * are at most this many bytes. */
#define PAYMENT_REF_MAX 64

struct payment_line {
	const char *name_vi, *name_en;
	int64_t amount; /* đồng; 0 for a fee the applicant is exempt from */
	/* An exempted fee: its exemption's legal basis and the reason the desk
	 * applied it; both NULL on a charged line. */
	const char *exemption_basis, *exemption_reason;
};

/* What a dossier owes at one time (thông báo nộp phí, lệ phí). */
struct payment_demand {
	int64_t id, dossier_id;
	const char *due;    /* receipt | before_return */
	int64_t total;	    /* đồng: the sum of the lines */
	const char *status; /* open | paid | cancelled */
	bool pauses;	    /* made by request_payment: its payment resumes the clock */
	int64_t created_by, created_at, due_at, paid_at; /* due_at: pay by; 0 = not set */
	struct payment_line *lines;
	size_t nlines;
};

/* An e-receipt (biên lai thu phí, lệ phí điện tử): the template symbol,
 * series and number gapless per series; the signed PDF once rendered. */
struct payment_receipt {
	int64_t payment_id;
	const char *template_, *series;
	int64_t number;
	const char *verify_code;
	int64_t issued_at;
	int64_t document_id; /* 0 until the PDF is rendered and stored */
	const char *sha256;  /* of the signed PDF; NULL until rendered */
	const char *signer;
};

/* One attempt to pay a demand. */
struct payment {
	int64_t id, demand_id, dossier_id;
	const char *dossier_code; /* filled on read */
	int64_t unit_id;	  /* the dossier's receiving unit, filled on read */
	const char *method;	  /* cash | card | transfer | online */
	int64_t amount;		  /* đồng */
	const char *status;	  /* pending | paid | failed | refunded */
	const char *txn_ref;	  /* merchant order reference (online), else NULL */
	const char *gateway;	  /* "sandbox", "vnpay"... (online), else NULL */
	const char *gateway_txn;  /* the gateway's transaction number, NULL if none */
	const char *reference;	  /* the desk's reference (card slip, transfer), or NULL */
	const char *flag;	  /* e.g. "amount_mismatch" for the office, or NULL */
	int64_t created_by, created_at, settled_at; /* settled_at 0 = still pending */
	bool has_receipt;
	struct payment_receipt receipt;
	/* Refunds the gateway refused so far (their back-off, repo_gateway.h). */
	int64_t refund_attempts;
};

/* A day's payments of an office, per method (the office's list). */
struct payment_day_total {
	const char *method;
	int64_t count, amount;
};

#endif
