/* The CMS SignedData of every signature motcua makes, encoded here in DER
 * by hand rather than with OpenSSL's CMS_sign(): that way the signed
 * attributes are exactly what PAdES B-B asks for (content-type,
 * message-digest, signing-certificate-v2; signing-time only for detached
 * CAdES), and a key on a PKCS#11 token, which OpenSSL cannot use without
 * an engine, signs the same bytes as a PEM key. OpenSSL's CMS_verify(),
 * `openssl cms -verify` and pdfsig check the result in the tests.
 *
 * Layer: pki.
 */
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "pki/pki_impl.h"

/* ---- a small DER writer ---- */

static void der_len(struct buf *b, size_t n)
{
	if (n < 0x80) {
		buf_addc(b, (char)n);
		return;
	}
	unsigned char tmp[8];
	int k = 0;
	while (n) {
		tmp[k++] = (unsigned char)(n & 0xff);
		n >>= 8;
	}
	buf_addc(b, (char)(0x80 | k));
	while (k)
		buf_addc(b, (char)tmp[--k]);
}

static void der_tlv(struct buf *b, unsigned char tag, const void *p, size_t n)
{
	buf_addc(b, (char)tag);
	der_len(b, n);
	buf_add(b, p, n);
}

/* Wraps the content of *inner in tag, appends to b, and empties inner. */
static void der_wrap(struct buf *b, unsigned char tag, struct buf *inner)
{
	der_tlv(b, tag, inner->p, inner->len);
	buf_reset(inner);
}

static void der_oid(struct buf *b, const unsigned char *oid, size_t n)
{
	der_tlv(b, 0x06, oid, n);
}

/* OIDs, encoded. */
static const unsigned char OID_SIGNED_DATA[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
						0x0d, 0x01, 0x07, 0x02};
static const unsigned char OID_DATA[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01};
static const unsigned char OID_SHA256[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01};
static const unsigned char OID_CONTENT_TYPE[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
						 0x0d, 0x01, 0x09, 0x03};
static const unsigned char OID_MESSAGE_DIGEST[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
						   0x0d, 0x01, 0x09, 0x04};
static const unsigned char OID_SIGNING_TIME[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
						 0x0d, 0x01, 0x09, 0x05};
static const unsigned char OID_SIGNING_CERT_V2[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
						    0x01, 0x09, 0x10, 0x02, 0x2f};
static const unsigned char OID_SHA256_RSA[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
					       0x0d, 0x01, 0x01, 0x0b};
static const unsigned char OID_ECDSA_SHA256[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};

static void alg_sha256(struct buf *b)
{
	struct buf t = BUF_INIT;
	der_oid(&t, OID_SHA256, sizeof OID_SHA256);
	der_wrap(b, 0x30, &t);
	buf_release(&t);
}

/* Attribute ::= SEQUENCE { type OID, values SET OF value } */
static void attribute(struct buf *b, const unsigned char *oid, size_t oidn, const struct buf *value)
{
	struct buf t = BUF_INIT, set = BUF_INIT;
	der_oid(&t, oid, oidn);
	der_tlv(&set, 0x31, value->p, value->len);
	buf_add(&t, set.p, set.len);
	der_wrap(b, 0x30, &t);
	buf_release(&t);
	buf_release(&set);
}

static int cmp_enc(const void *a, const void *b)
{
	const struct buf *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->p, y->p, n);
	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

static int i2d_buf(struct buf *b, int len, unsigned char *der)
{
	if (len <= 0)
		return -1;
	buf_add(b, der, (size_t)len);
	OPENSSL_free(der);
	return 0;
}

static int add_x509(struct buf *b, X509 *x)
{
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);
	return i2d_buf(b, n, der);
}

static int add_name(struct buf *b, const X509_NAME *nm)
{
	unsigned char *der = NULL;
	int n = i2d_X509_NAME((X509_NAME *)nm, &der);
	return i2d_buf(b, n, der);
}

static int add_serial(struct buf *b, X509 *x)
{
	unsigned char *der = NULL;
	int n = i2d_ASN1_INTEGER((ASN1_INTEGER *)X509_get0_serialNumber(x), &der);
	return i2d_buf(b, n, der);
}

/* UTCTime for 1950..2049, GeneralizedTime after (RFC 5652 11.3). */
static void der_time(struct buf *b, int64_t ms)
{
	int64_t secs = ms / 1000;
	int y;
	unsigned mo, d;
	clock_civil_from_days(secs / 86400, &y, &mo, &d);
	int64_t r = secs % 86400;
	char s[32];
	if (y < 2050) {
		snprintf(s, sizeof s, "%02d%02u%02u%02d%02d%02dZ", y % 100, mo, d, (int)(r / 3600),
			 (int)(r / 60 % 60), (int)(r % 60));
		der_tlv(b, 0x17, s, strlen(s));
	} else {
		snprintf(s, sizeof s, "%04d%02u%02u%02d%02d%02dZ", y, mo, d, (int)(r / 3600),
			 (int)(r / 60 % 60), (int)(r % 60));
		der_tlv(b, 0x18, s, strlen(s));
	}
}

/* The value of the signing-certificate-v2 attribute, into v:
 *   SEQUENCE { SEQUENCE OF ESSCertIDv2 {
 *   certHash OCTET STRING (SHA-256 is the default algorithm, omitted),
 *   issuerSerial { GeneralNames { [4] Name }, serial } } }
 * 0, or -1 if the certificate cannot be encoded. */
static int signing_cert_v2(struct pki_signer *s, struct buf *v)
{
	int rc = -1;
	struct buf t = BUF_INIT, t2 = BUF_INIT, gn = BUF_INIT, is = BUF_INIT;
	unsigned char *der = NULL;
	int n = i2d_X509(s->cert, &der);
	if (n <= 0)
		goto out;
	unsigned char h[32];
	unsigned int hl = 0;
	int hashed = EVP_Digest(der, (size_t)n, h, &hl, EVP_sha256(), NULL) == 1 && hl == sizeof h;
	OPENSSL_free(der);
	if (!hashed)
		goto out;
	der_tlv(&t, 0x04, h, 32);
	if (add_name(&t2, X509_get_issuer_name(s->cert)) != 0)
		goto out;
	der_tlv(&gn, 0xa4, t2.p, t2.len); /* directoryName [4] EXPLICIT */
	buf_reset(&t2);
	der_tlv(&is, 0x30, gn.p, gn.len); /* GeneralNames */
	if (add_serial(&is, s->cert) != 0)
		goto out;
	der_wrap(&t, 0x30, &is); /* IssuerSerial */
	der_wrap(&t2, 0x30, &t); /* ESSCertIDv2 */
	der_wrap(&t, 0x30, &t2); /* SEQUENCE OF */
	der_wrap(v, 0x30, &t);	 /* SigningCertificateV2 */
	rc = 0;
out:
	buf_release(&t);
	buf_release(&t2);
	buf_release(&gn);
	buf_release(&is);
	return rc;
}

int pki_cms_build(struct pki_signer *s, const unsigned char digest[32], int64_t signing_time_ms,
		  struct buf *out, char *err, size_t errlen)
{
	int rc = PKI_ESIGN;
	struct buf attrs[4] = {BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT};
	size_t nattrs = 0;
	struct buf v = BUF_INIT, t = BUF_INIT, sa = BUF_INIT, sig = BUF_INIT;
	struct buf si = BUF_INIT, sd = BUF_INIT, ci = BUF_INIT;

	/* content-type = id-data */
	der_oid(&v, OID_DATA, sizeof OID_DATA);
	attribute(&attrs[nattrs++], OID_CONTENT_TYPE, sizeof OID_CONTENT_TYPE, &v);
	buf_reset(&v);
	/* message-digest */
	der_tlv(&v, 0x04, digest, 32);
	attribute(&attrs[nattrs++], OID_MESSAGE_DIGEST, sizeof OID_MESSAGE_DIGEST, &v);
	buf_reset(&v);
	/* signing-certificate-v2 */
	if (signing_cert_v2(s, &v) != 0)
		goto fail;
	attribute(&attrs[nattrs++], OID_SIGNING_CERT_V2, sizeof OID_SIGNING_CERT_V2, &v);
	buf_reset(&v);
	if (signing_time_ms > 0) {
		der_time(&v, signing_time_ms);
		attribute(&attrs[nattrs++], OID_SIGNING_TIME, sizeof OID_SIGNING_TIME, &v);
		buf_reset(&v);
	}
	/* DER orders a SET OF by the encodings. */
	qsort(attrs, nattrs, sizeof attrs[0], cmp_enc);
	for (size_t i = 0; i < nattrs; i++)
		buf_add(&t, attrs[i].p, attrs[i].len);
	der_wrap(&sa, 0x31, &t); /* what is signed: the attributes as a SET */
	if (pki_key_sign(s, (const unsigned char *)sa.p, sa.len, &sig, err, errlen) != 0) {
		rc = s->tok ? PKI_ETOKEN : PKI_ESIGN;
		goto out;
	}

	/* SignerInfo */
	der_tlv(&si, 0x02, "\x01", 1); /* version 1: issuerAndSerialNumber */
	if (add_name(&t, X509_get_issuer_name(s->cert)) != 0 || add_serial(&t, s->cert) != 0)
		goto fail;
	der_wrap(&si, 0x30, &t);
	alg_sha256(&si);
	sa.p[0] = (char)0xa0; /* [0] IMPLICIT in the structure */
	buf_add(&si, sa.p, sa.len);
	if (EVP_PKEY_get_base_id(s->key) == EVP_PKEY_EC)
		der_oid(&t, OID_ECDSA_SHA256, sizeof OID_ECDSA_SHA256);
	else {
		der_oid(&t, OID_SHA256_RSA, sizeof OID_SHA256_RSA);
		der_tlv(&t, 0x05, "", 0);
	}
	der_wrap(&si, 0x30, &t);
	der_tlv(&si, 0x04, sig.p, sig.len);

	/* SignedData */
	der_tlv(&sd, 0x02, "\x01", 1);
	alg_sha256(&t);
	der_wrap(&sd, 0x31, &t);
	der_oid(&t, OID_DATA, sizeof OID_DATA);
	der_wrap(&sd, 0x30, &t); /* encapContentInfo without content: detached */
	if (add_x509(&t, s->cert) != 0)
		goto fail;
	for (int i = 0; i < sk_X509_num(s->chain); i++)
		if (add_x509(&t, sk_X509_value(s->chain, i)) != 0)
			goto fail;
	der_wrap(&sd, 0xa0, &t); /* certificates [0] IMPLICIT */
	der_tlv(&t, 0x30, si.p, si.len);
	der_wrap(&sd, 0x31, &t); /* signerInfos */

	der_oid(&ci, OID_SIGNED_DATA, sizeof OID_SIGNED_DATA);
	der_tlv(&t, 0x30, sd.p, sd.len);
	der_wrap(&ci, 0xa0, &t);
	der_tlv(out, 0x30, ci.p, ci.len);
	rc = PKI_OK;
	goto out;
fail:
	snprintf(err, errlen, "cannot encode the signer's certificate");
out:
	for (size_t i = 0; i < 4; i++)
		buf_release(&attrs[i]);
	buf_release(&v);
	buf_release(&t);
	buf_release(&sa);
	buf_release(&sig);
	buf_release(&si);
	buf_release(&sd);
	buf_release(&ci);
	return rc;
}
