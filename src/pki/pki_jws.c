/* RS256 signatures of JSON Web Signatures (RFC 7515/7518): the ID tokens
 * of an OpenID Connect identity provider are checked against the RSA key
 * its JWKS publishes (modulus and exponent). svc_oidc.c parses the token
 * and the JWKS; this file only does the RSA arithmetic, because only
 * src/pki/ includes OpenSSL. Layer: pki. */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "pki/pki.h"

int pki_rs256_verify(const unsigned char *n, size_t nlen, const unsigned char *e, size_t elen,
		     const void *msg, size_t msglen, const unsigned char *sig, size_t siglen)
{
	int rc = PKI_EINVAL;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *kctx = NULL;
	EVP_PKEY *key = NULL;
	EVP_MD_CTX *md = NULL;
	BIGNUM *bn_n = BN_bin2bn(n, (int)nlen, NULL);
	BIGNUM *bn_e = BN_bin2bn(e, (int)elen, NULL);
	/* 2048 bits at least (NIST SP 800-131A); a small exponent or none is no key. */
	if (!bn_n || !bn_e || BN_num_bits(bn_n) < 2048 || BN_num_bits(bn_e) < 2 || nlen > 2048 ||
	    elen > 16)
		goto out;
	bld = OSSL_PARAM_BLD_new();
	if (!bld || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) ||
	    !(params = OSSL_PARAM_BLD_to_param(bld)))
		goto out;
	kctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (!kctx || EVP_PKEY_fromdata_init(kctx) <= 0 ||
	    EVP_PKEY_fromdata(kctx, &key, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		goto out;
	md = EVP_MD_CTX_new();
	if (!md || EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key) <= 0)
		goto out;
	rc = EVP_DigestVerify(md, sig, siglen, msg, msglen) == 1 ? PKI_OK : 1;
out:
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(key);
	EVP_PKEY_CTX_free(kctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn_n);
	BN_free(bn_e);
	return rc;
}
