/* Internal to src/pki/: the signer and the CMS encoder. Layer: pki. */
#ifndef MOTCUA_PKI_IMPL_H
#define MOTCUA_PKI_IMPL_H

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <pthread.h>

#include "pki/pki.h"

struct p11_token; /* pki_p11.c */

struct pki_signer {
	const char *kind; /* "pem" | "pkcs11" */
	X509 *cert;
	STACK_OF(X509) * chain; /* issuers, may be empty */
	EVP_PKEY *key;		/* pem: the private key; pkcs11: the certificate's public key */
	struct p11_token *tok;	/* pkcs11 */
	pthread_mutex_t mu;
	char name[256];
};

/* Signs tbs with SHA-256 and the signer's key: PKCS#1 v1.5 for RSA, a DER
 * ECDSA-Sig-Value for EC. Appends to sig. */
int pki_key_sign(struct pki_signer *s, const unsigned char *tbs, size_t n, struct buf *sig,
		 char *err, size_t errlen);

/* A CMS SignedData (ContentInfo, DER) for detached content whose SHA-256
 * is digest; signing_time_ms 0 = no signing-time attribute. */
int pki_cms_build(struct pki_signer *s, const unsigned char digest[32], int64_t signing_time_ms,
		  struct buf *out, char *err, size_t errlen);

/* Verifies a DER CMS over the content in bio against the CAs of ca_path;
 * fills out (signer, issuer, serial, signing-time, valid, problem). */
#include <openssl/bio.h>
int pki_cms_check(const void *sig, size_t siglen, BIO *content, const char *ca_path,
		  struct pki_verify *out);

/* Reads every certificate of a PEM file into a new stack. */
STACK_OF(X509) * pki_read_certs(const char *path);

/* Subject or issuer CN into out. */
void pki_name_cn(const X509_NAME *n, char *out, size_t outlen);

/* The PKCS#11 token (pki_p11.c). */
int p11_open(const char *module, const char *pin, const char *label, struct p11_token **out,
	     X509 **cert, char *err, size_t errlen);
int p11_sign(struct p11_token *t, const unsigned char *tbs, size_t n, struct buf *sig, char *err,
	     size_t errlen);
void p11_close(struct p11_token *t);

#endif
