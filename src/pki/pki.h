/* Signatures: the agency signs every result, and anyone can check it.
 *
 *  - PDF results get an embedded PAdES signature (ETSI EN 319 142-1,
 *    baseline B-B): an incremental update adds a signature field whose
 *    widget shows a visible stamp on the first page, and a signature
 *    dictionary /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached
 *    whose /Contents is a CMS SignedData over the /ByteRange, SHA-256,
 *    with the signed attributes content-type, message-digest and
 *    signing-certificate-v2 (ESS; no signing-time: the time is the
 *    dictionary's /M, as B-B requires), and the signer's chain embedded.
 *  - Other results get a detached CMS (CAdES-B-B: + signing-time).
 *  - The key is a PEM file (demo) or a PKCS#11 token, loaded with dlopen
 *    from the configured module, the PIN from the configuration. Both go
 *    through one path: motcua encodes the CMS itself (pki_cms.c) and asks
 *    the key only to sign the DER of the signed attributes.
 *
 * Layer: pki. The only folder that includes OpenSSL (and the PKCS#11
 * header). A struct pki_signer may be shared by threads (a token is used
 * under a mutex). Functions return 0 or a negative enum pki_status, with a
 * message in err where they take one.
 */
#ifndef MOTCUA_PKI_PKI_H
#define MOTCUA_PKI_PKI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

enum pki_status {
	PKI_OK = 0,
	PKI_EINVAL = -1,  /* bad argument, unreadable key or certificate file */
	PKI_EPDF = -2,	  /* the PDF does not parse (or uses what we do not support) */
	PKI_ETOKEN = -3,  /* the PKCS#11 module or token is missing or failed */
	PKI_EPIN = -4,	  /* the token refused the PIN */
	PKI_ENOKEY = -5,  /* no key or certificate with that label on the token */
	PKI_ESIGN = -6,	  /* the key failed to sign */
	PKI_EIO = -7,	  /* files could not be written */
	PKI_EEXIST = -8,  /* pki init: keys exist already */
	PKI_EBUDGET = -9, /* the request's time budget ran out (base/budget.h) */
};

struct pki_signer;

/* A signer from PEM files: the private key, its certificate, and the
 * issuing chain (may be NULL). */
int pki_signer_pem(const char *key_path, const char *cert_path, const char *chain_path,
		   struct pki_signer **out, char *err, size_t errlen)
	__attribute__((warn_unused_result));
/* A signer on a PKCS#11 token: module (path of the library), pin, the
 * label of the private key and of its certificate (the same label), and
 * the chain in a PEM file (may be NULL). Logs in at once, so a wrong PIN is
 * PKI_EPIN here, not at the first signature. */
int pki_signer_pkcs11(const char *module, const char *pin, const char *label,
		      const char *chain_path, struct pki_signer **out, char *err, size_t errlen)
	__attribute__((warn_unused_result));
void pki_signer_free(struct pki_signer *s);
/* The signer certificate's subject common name (borrowed). */
const char *pki_signer_name(const struct pki_signer *s);
/* "pem" or "pkcs11". */
const char *pki_signer_kind(const struct pki_signer *s);

/* What the visible signature shows and says. */
struct pki_pdf_opts {
	const char *reason, *location, *contact; /* may be NULL */
	/* A one-page PDF (made by src/doc) drawn as the stamp's appearance;
	 * NULL = a plain text stamp (ASCII-folded signer name and time). */
	const void *appearance;
	size_t appearance_len;
	double x, y, w, h; /* the stamp's rectangle on page 1, points from bottom left;
			      w = 0: 200 x 60 at bottom right */
	int64_t now_ms;	   /* signing time (/M) */
};

/* Appends to out the PDF in..in_len with a PAdES B-B signature added as an
 * incremental update (the original bytes are kept unchanged in front).
 * s NULL: a dry run that builds the update without signing it (what
 * pki_pdf_check does). Errors: PKI_EPDF, PKI_ESIGN, PKI_ETOKEN, PKI_EBUDGET. */
int pki_sign_pdf(struct pki_signer *s, const void *in, size_t in_len,
		 const struct pki_pdf_opts *opts, struct buf *out, char *err, size_t errlen)
	__attribute__((warn_unused_result));
/* A detached CMS SignedData (DER) over data, with signing-time now_ms. */
int pki_sign_detached(struct pki_signer *s, const void *data, size_t len, int64_t now_ms,
		      struct buf *out, char *err, size_t errlen)
	__attribute__((warn_unused_result));

/* What checking a signature found. */
struct pki_verify {
	bool signed_;	   /* a signature was found */
	bool valid;	   /* the CMS verifies over the signed bytes, chain to the trust anchor */
	bool whole;	   /* PDF: the signature covers the whole file (nothing appended) */
	int nsignatures;   /* PDF: signature fields found */
	char signer[256];  /* subject CN of the signer */
	char issuer[256];  /* issuer CN */
	char serial[80];   /* hex */
	int64_t signed_at; /* /M or signing-time, UTC ms; 0 if none */
	char problem[256]; /* why not valid, English */
};

/* Checks the last signature of a PDF against the CA certificates in
 * ca_path (PEM, may hold several). Returns 0 whatever the verdict (see
 * out), or PKI_EBUDGET if the request's time budget ran out. Linear in
 * len. */
int pki_verify_pdf(const void *pdf, size_t len, const char *ca_path, struct pki_verify *out);
/* Whether a PDF can be signed: the signing code runs on it short of the
 * key (cross-references, catalog, first page, its annotations, the form).
 * 0, PKI_EPDF (with the reason in err) or PKI_EBUDGET. */
int pki_pdf_check(const void *pdf, size_t len, char *err, size_t errlen);
/* Checks a detached CMS signature over data. */
int pki_verify_detached(const void *data, size_t len, const void *sig, size_t siglen,
			const char *ca_path, struct pki_verify *out);

/* `motcua pki init`: a demo CA and an agency certificate signed by it in
 * dir (ca.pem, ca.key, agency.pem, agency.key, chain.pem = the CA), RSA
 * 2048, valid 10 years from now_ms. PKI_EEXIST if agency.key exists
 * (unless force). */
int pki_init_demo(const char *dir, const char *agency_name, int64_t now_ms, bool force, char *err,
		  size_t errlen) __attribute__((warn_unused_result));

/* SHA-256 (hex) of the DER of the certificate in a PEM file: the
 * fingerprint shown on the verification page. */
int pki_cert_fingerprint(const char *pem_path, char hex[65]);

/* Checks an RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signature sig over msg
 * with the RSA public key of modulus n and exponent e (big-endian bytes, as
 * a JWKS gives them after base64url). Returns PKI_OK if it verifies, 1 if
 * it does not, PKI_EINVAL if the key is unusable (under 2048 bits).
 * Thread-safe (pki_jws.c). */
int pki_rs256_verify(const unsigned char *n, size_t nlen, const unsigned char *e, size_t elen,
		     const void *msg, size_t msglen, const unsigned char *sig, size_t siglen)
	__attribute__((warn_unused_result));

/* HMAC-SHA512 of data..len under key..key_len (not empty) as lower-case
 * hex into out (the VNPAY signature, core/vnpay.h). Errors: PKI_EINVAL (an
 * empty key), PKI_ESIGN (OpenSSL failed); out is "" then. */
#define PKI_HMAC512_HEX 129
int pki_hmac_sha512_hex(const void *key, size_t key_len, const void *data, size_t len,
			char out[PKI_HMAC512_HEX]) __attribute__((warn_unused_result));

#endif
