/* Signers (a PEM key or a PKCS#11 token behind one interface), detached
 * signatures, signature checks with OpenSSL's CMS_verify(), and the demo
 * certificate authority of `motcua pki init`.
 *
 * Layer: pki.
 */
#include <errno.h>
#include <limits.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/path.h"
#include "base/text.h"
#include "pki/pki_impl.h"

static void ssl_err(char *err, size_t errlen, const char *what)
{
	unsigned long e = ERR_get_error();
	char tmp[200] = "";
	if (e)
		ERR_error_string_n(e, tmp, sizeof tmp);
	ERR_clear_error();
	snprintf(err, errlen, "%s%s%s", what, e ? ": " : "", tmp);
}

void pki_name_cn(const X509_NAME *n, char *out, size_t outlen)
{
	out[0] = 0;
	int i = X509_NAME_get_index_by_NID((X509_NAME *)n, NID_commonName, -1);
	if (i < 0)
		return;
	ASN1_STRING *s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i));
	unsigned char *u = NULL;
	int len = ASN1_STRING_to_UTF8(&u, s);
	if (len < 0)
		return;
	snprintf(out, outlen, "%.*s", len, (const char *)u);
	OPENSSL_free(u);
}

STACK_OF(X509) * pki_read_certs(const char *path)
{
	STACK_OF(X509) *sk = sk_X509_new_null();
	if (!sk || !path)
		return sk;
	FILE *f = fopen(path, "r");
	if (!f) {
		sk_X509_free(sk);
		return NULL;
	}
	X509 *x;
	while ((x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL)
		if (sk_X509_push(sk, x) <= 0) {
			/* Out of memory: a chain missing a certificate is no chain. */
			X509_free(x);
			sk_X509_pop_free(sk, X509_free);
			sk = NULL;
			break;
		}
	ERR_clear_error();
	fclose(f);
	return sk;
}

static struct pki_signer *signer_new(const char *kind)
{
	struct pki_signer *s = xcalloc(1, sizeof *s);
	s->kind = kind;
	pthread_mutex_init(&s->mu, NULL);
	return s;
}

void pki_signer_free(struct pki_signer *s)
{
	if (!s)
		return;
	if (s->tok)
		p11_close(s->tok);
	X509_free(s->cert);
	sk_X509_pop_free(s->chain, X509_free);
	EVP_PKEY_free(s->key);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

const char *pki_signer_name(const struct pki_signer *s)
{
	return s->name;
}

const char *pki_signer_kind(const struct pki_signer *s)
{
	return s->kind;
}

static int load_chain(struct pki_signer *s, const char *chain_path, char *err, size_t errlen)
{
	s->chain = pki_read_certs(chain_path);
	if (!s->chain) {
		snprintf(err, errlen, "cannot read the chain %s: %s", chain_path, strerror(errno));
		return PKI_EINVAL;
	}
	pki_name_cn(X509_get_subject_name(s->cert), s->name, sizeof s->name);
	return PKI_OK;
}

int pki_signer_pem(const char *key_path, const char *cert_path, const char *chain_path,
		   struct pki_signer **out, char *err, size_t errlen)
{
	struct pki_signer *s = signer_new("pem");
	int rc = PKI_EINVAL;
	FILE *f = fopen(key_path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open the key %s: %s", key_path, strerror(errno));
		goto fail;
	}
	s->key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!s->key) {
		ssl_err(err, errlen, "cannot read the key");
		goto fail;
	}
	f = fopen(cert_path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open the certificate %s: %s", cert_path,
			 strerror(errno));
		goto fail;
	}
	s->cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (!s->cert) {
		ssl_err(err, errlen, "cannot read the certificate");
		goto fail;
	}
	if (X509_check_private_key(s->cert, s->key) != 1) {
		ssl_err(err, errlen, "the key does not belong to the certificate");
		goto fail;
	}
	if ((rc = load_chain(s, chain_path, err, errlen)) != PKI_OK)
		goto fail;
	*out = s;
	return PKI_OK;
fail:
	pki_signer_free(s);
	return rc;
}

int pki_signer_pkcs11(const char *module, const char *pin, const char *label,
		      const char *chain_path, struct pki_signer **out, char *err, size_t errlen)
{
	struct pki_signer *s = signer_new("pkcs11");
	int rc = p11_open(module, pin, label, &s->tok, &s->cert, err, errlen);
	if (rc != PKI_OK)
		goto fail;
	s->key = X509_get_pubkey(s->cert);
	if (!s->key) {
		snprintf(err, errlen, "the token's certificate has no usable public key");
		rc = PKI_ENOKEY;
		goto fail;
	}
	if ((rc = load_chain(s, chain_path, err, errlen)) != PKI_OK)
		goto fail;
	*out = s;
	return PKI_OK;
fail:
	pki_signer_free(s);
	return rc;
}

int pki_key_sign(struct pki_signer *s, const unsigned char *tbs, size_t n, struct buf *sig,
		 char *err, size_t errlen)
{
	if (s->tok) {
		pthread_mutex_lock(&s->mu);
		int rc = p11_sign(s->tok, tbs, n, sig, err, errlen);
		pthread_mutex_unlock(&s->mu);
		return rc;
	}
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t len = 0;
	int ok = ctx && EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, s->key) == 1 &&
		 EVP_DigestSign(ctx, NULL, &len, tbs, n) == 1;
	if (ok) {
		buf_grow(sig, len);
		ok = EVP_DigestSign(ctx, (unsigned char *)sig->p + sig->len, &len, tbs, n) == 1;
		if (ok) {
			sig->len += len;
			sig->p[sig->len] = 0;
		}
	}
	EVP_MD_CTX_free(ctx);
	if (!ok) {
		ssl_err(err, errlen, "signing failed");
		return PKI_ESIGN;
	}
	return PKI_OK;
}

int pki_sign_detached(struct pki_signer *s, const void *data, size_t len, int64_t now_ms,
		      struct buf *out, char *err, size_t errlen)
{
	unsigned char md[32];
	unsigned int mdl = 0;
	if (EVP_Digest(data, len, md, &mdl, EVP_sha256(), NULL) != 1 || mdl != sizeof md) {
		ssl_err(err, errlen, "cannot hash the document");
		return PKI_ESIGN;
	}
	return pki_cms_build(s, md, now_ms, out, err, errlen);
}

/* ---- checking ---- */

static X509_STORE *trust_store(const char *ca_path)
{
	X509_STORE *st = X509_STORE_new();
	STACK_OF(X509) *cas = pki_read_certs(ca_path);
	if (!st || !cas) {
		X509_STORE_free(st);
		sk_X509_pop_free(cas, X509_free);
		return NULL;
	}
	for (int i = 0; i < sk_X509_num(cas); i++)
		X509_STORE_add_cert(st, sk_X509_value(cas, i));
	sk_X509_pop_free(cas, X509_free);
	return st;
}

static int64_t asn1_time_ms(const ASN1_TIME *t)
{
	struct tm tm;
	if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	int64_t days = clock_days_from_civil(tm.tm_year + 1900, (unsigned)tm.tm_mon + 1,
					     (unsigned)tm.tm_mday);
	return ((days * 86400) + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec) * 1000;
}

int pki_cms_check(const void *sig, size_t siglen, BIO *content, const char *ca_path,
		  struct pki_verify *out)
{
	const unsigned char *p = sig;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)siglen);
	if (!cms) {
		snprintf(out->problem, sizeof out->problem, "the signature is not a CMS structure");
		ERR_clear_error();
		return PKI_OK;
	}
	out->signed_ = true;
	STACK_OF(X509) *signers = NULL;
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	if (sis && sk_CMS_SignerInfo_num(sis) > 0) {
		CMS_SignerInfo *si = sk_CMS_SignerInfo_value(sis, 0);
		int i = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
		if (i >= 0) {
			X509_ATTRIBUTE *a = CMS_signed_get_attr(si, i);
			ASN1_TYPE *ty = X509_ATTRIBUTE_get0_type(a, 0);
			if (ty &&
			    (ty->type == V_ASN1_UTCTIME || ty->type == V_ASN1_GENERALIZEDTIME))
				out->signed_at = asn1_time_ms(ty->value.utctime);
		}
	}
	X509_STORE *st = trust_store(ca_path);
	if (!st) {
		snprintf(out->problem, sizeof out->problem, "cannot read the trusted certificates");
		CMS_ContentInfo_free(cms);
		return PKI_EINVAL;
	}
	/* The signer is known from the embedded certificates even if the
	 * check fails, so that the page can say who claims to have signed. */
	CMS_set1_signers_certs(cms, NULL, 0);
	ERR_clear_error();
	signers = CMS_get0_signers(cms);
	if (signers && sk_X509_num(signers) > 0) {
		X509 *x = sk_X509_value(signers, 0);
		pki_name_cn(X509_get_subject_name(x), out->signer, sizeof out->signer);
		pki_name_cn(X509_get_issuer_name(x), out->issuer, sizeof out->issuer);
		BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
		char *hex = bn ? BN_bn2hex(bn) : NULL;
		if (hex)
			snprintf(out->serial, sizeof out->serial, "%s", hex);
		OPENSSL_free(hex);
		BN_free(bn);
	}
	sk_X509_free(signers);
	if (CMS_verify(cms, NULL, st, content, NULL, CMS_BINARY | CMS_DETACHED) == 1)
		out->valid = true;
	else
		ssl_err(out->problem, sizeof out->problem, "the signature does not verify");
	X509_STORE_free(st);
	CMS_ContentInfo_free(cms);
	return PKI_OK;
}

int pki_verify_detached(const void *data, size_t len, const void *sig, size_t siglen,
			const char *ca_path, struct pki_verify *out)
{
	memset(out, 0, sizeof *out);
	/* (int)len of a file over 2 GB would check another length, or -1 =
	 * up to the first NUL byte. */
	BIO *b = len <= INT_MAX ? BIO_new_mem_buf(data, (int)len) : NULL;
	if (!b) {
		snprintf(out->problem, sizeof out->problem,
			 len > INT_MAX ? "the file is too large to check" : "out of memory");
		return PKI_EINVAL;
	}
	int rc = pki_cms_check(sig, siglen, b, ca_path, out);
	out->whole = out->valid;
	out->nsignatures = out->signed_ ? 1 : 0;
	BIO_free(b);
	return rc;
}

int pki_cert_fingerprint(const char *pem_path, char hex[65])
{
	FILE *f = fopen(pem_path, "r");
	if (!f)
		return PKI_EINVAL;
	X509 *x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (!x)
		return PKI_EINVAL;
	unsigned char md[32];
	unsigned int n = 0;
	int ok = X509_digest(x, EVP_sha256(), md, &n) == 1 && n == sizeof md;
	X509_free(x);
	if (!ok)
		return PKI_EINVAL;
	text_hex(md, 32, hex);
	return PKI_OK;
}

/* ---- the demo certificate authority ---- */

static EVP_PKEY *rsa_key(void)
{
	return EVP_RSA_gen(2048);
}

static X509 *make_cert(EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key, const char *cn,
		       const char *org, long serial, int64_t now_ms, bool ca)
{
	X509 *x = X509_new();
	if (!x)
		return NULL;
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	ASN1_TIME_set(X509_getm_notBefore(x), (time_t)(now_ms / 1000) - 3600);
	ASN1_TIME_set(X509_getm_notAfter(x), (time_t)(now_ms / 1000) + 10LL * 366 * 86400);
	X509_set_pubkey(x, key);
	X509_NAME *n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "C", MBSTRING_UTF8, (const unsigned char *)"VN", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8, (const unsigned char *)org, -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : n);
	X509V3_CTX ctx;
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
	const char *exts[][2] = {
		{"basicConstraints", ca ? "critical,CA:TRUE" : "critical,CA:FALSE"},
		{"keyUsage",
		 ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,nonRepudiation"},
		{"subjectKeyIdentifier", "hash"},
		{"authorityKeyIdentifier", "keyid:always"},
	};
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		X509_EXTENSION *e = X509V3_EXT_conf(NULL, &ctx, exts[i][0], exts[i][1]);
		if (e) {
			X509_add_ext(x, e, -1);
			X509_EXTENSION_free(e);
		}
	}
	if (!X509_sign(x, issuer_key, EVP_sha256())) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static int write_pem(const char *dir, const char *name, EVP_PKEY *key, X509 *cert)
{
	char path[4096];
	if (path_fmt(path, sizeof path, "%s/%s", dir, name) < 0)
		return -1;
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	if (key)
		fchmod(fileno(f), 0600);
	int ok = key ? PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL)
		     : PEM_write_X509(f, cert);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		ok = 0;
	fclose(f);
	return ok ? 0 : -1;
}

int pki_init_demo(const char *dir, const char *agency_name, int64_t now_ms, bool force, char *err,
		  size_t errlen)
{
	char path[4096], parent[4096];
	if (path_fmt(path, sizeof path, "%s/agency.key", dir) < 0 ||
	    path_fmt(parent, sizeof parent, "%s", dir) < 0) {
		snprintf(err, errlen, "the keys' folder path is too long: %s", dir);
		return PKI_EIO;
	}
	if (!force && access(path, F_OK) == 0) {
		snprintf(err, errlen, "%s exists; use --force to replace the demo keys", path);
		return PKI_EEXIST;
	}
	char *slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = 0;
		(void)mkdir(parent, 0750); /* data_dir itself; an error shows below */
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
		return PKI_EIO;
	}
	int rc = PKI_EIO;
	EVP_PKEY *cak = rsa_key(), *ak = rsa_key();
	X509 *ca = NULL, *ag = NULL;
	if (!cak || !ak) {
		ssl_err(err, errlen, "cannot generate keys");
		goto out;
	}
	ca = make_cert(cak, NULL, cak, "motcua demo CA (not for production)", "motcua demo",
		       (long)(now_ms / 1000), now_ms, true);
	ag = ca ? make_cert(ak, ca, cak, agency_name, agency_name, (long)(now_ms / 1000) + 1,
			    now_ms, false)
		: NULL;
	if (!ag) {
		ssl_err(err, errlen, "cannot make the certificates");
		goto out;
	}
	if (write_pem(dir, "ca.key", cak, NULL) || write_pem(dir, "ca.pem", NULL, ca) ||
	    write_pem(dir, "agency.key", ak, NULL) || write_pem(dir, "agency.pem", NULL, ag) ||
	    write_pem(dir, "chain.pem", NULL, ca)) {
		snprintf(err, errlen, "cannot write the keys in %s: %s", dir, strerror(errno));
		goto out;
	}
	rc = PKI_OK;
out:
	EVP_PKEY_free(cak);
	EVP_PKEY_free(ak);
	X509_free(ca);
	X509_free(ag);
	return rc;
}
