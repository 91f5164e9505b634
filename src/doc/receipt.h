/* The e-receipt of a fee or charge (biên lai thu phí, lệ phí điện tử;
 * Decree 123/2020/NĐ-CP, Circular 78/2021/TT-BTC, issue 13) as an A4 PDF:
 * title, template symbol, series and number, the collecting agency and its
 * tax code, the payer, each fee with its amount, the total in figures and
 * in words, the method, the date, and room for the agency's digital
 * signature (drawn by the signer's stamp, bottom right).
 *
 * Layer: doc. Amounts come already written (figures "600.000", words
 * "Sáu trăm nghìn đồng": core/money.h, through svc) so that this folder
 * needs nothing but base. Conventions of doc/forms.h: 0 or a negative
 * enum doc_error, out left as it was on error, thread-safe. */
#ifndef MOTCUA_DOC_RECEIPT_H
#define MOTCUA_DOC_RECEIPT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "doc/forms.h"

#define DOC_RECEIPT_MAX_LINES 20

struct doc_receipt_line {
	const char *name;    /* required */
	const char *figures; /* "600.000"; required */
};

struct doc_receipt {
	const char *agency;	   /* the collecting agency; required */
	const char *superior;	   /* its superior body, or NULL */
	const char *tax_code;	   /* or NULL/"" (printed as a blank) */
	const char *template_;	   /* ký hiệu mẫu; required */
	const char *series;	   /* ký hiệu; required */
	const char *number;	   /* "0000001"; required */
	const char *payer;	   /* name; required */
	const char *payer_id;	   /* ID number or tax code, or NULL */
	const char *payer_address; /* or NULL */
	const char *dossier;	   /* dossier code; required */
	const char *procedure;	   /* required */
	const struct doc_receipt_line *lines;
	size_t nlines;		   /* 1..DOC_RECEIPT_MAX_LINES */
	const char *total_figures; /* "600.000"; required */
	const char *total_words;   /* "Sáu trăm nghìn đồng"; required */
	const char *method;	   /* "Tiền mặt", "Trực tuyến (VNPAY)"...; required */
	const char *transaction;   /* the gateway's transaction or the desk's reference, or NULL */
	const char *collector;	   /* who signs as collector (the agency), or NULL: agency */
	const char *verify_code;   /* required */
	const char *verify_url;	   /* printed and as a QR code; required */
	int64_t date;		   /* when it was paid; required */
};

int doc_render_receipt(const struct doc_receipt *r, struct buf *out) DOC_MUST_CHECK;

#endif
