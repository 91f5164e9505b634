/* The visible stamp of a signed result: a small one-page PDF (a red frame,
 * "Đã ký số", the signer, the time, the result's code and a QR code of its
 * public verification page) that src/pki places on the first page of the
 * result as the appearance of the signature field. Layer: doc. */
#ifndef MOTCUA_DOC_STAMP_H
#define MOTCUA_DOC_STAMP_H

#include <stdint.h>

#include "base/buf.h"

struct doc_stamp {
	const char *signer;	/* the agency as named in its certificate */
	const char *signed_by;	/* the person who approved, may be NULL */
	int64_t at;		/* UTC ms, printed in local time */
	const char *code;	/* the result's verification code, may be NULL */
	const char *verify_url; /* printed as a QR code, may be NULL */
};

/* Size of the stamp in points (the widget's rectangle). */
#define DOC_STAMP_W 230.0
#define DOC_STAMP_H 66.0

/* Appends the stamp's PDF to out. 0, or a negative enum doc_error. */
int doc_stamp_pdf(const struct doc_stamp *s, struct buf *out) __attribute__((warn_unused_result));

#endif
