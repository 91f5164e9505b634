/* The signing key on a PKCS#11 token (a smart card, an HSM, SoftHSM2 in the
 * tests): the module named by the configuration is loaded with dlopen, the
 * first token holding a private key with the configured label is logged in
 * with the configured PIN, and signatures are made with C_Sign —
 * CKM_SHA256_RSA_PKCS for RSA, CKM_ECDSA over a SHA-256 digest for EC (the
 * raw r||s converted to DER). The session stays open; the caller
 * serializes calls (struct pki_signer's mutex).
 *
 * Layer: pki.
 */
#include <dlfcn.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/pki_impl.h"

#include <p11-kit/pkcs11.h>

struct p11_token {
	void *lib;
	CK_FUNCTION_LIST_PTR f;
	CK_SESSION_HANDLE session;
	CK_OBJECT_HANDLE key;
	CK_KEY_TYPE key_type;
	bool initialized;
};

static const char *rv_text(CK_RV rv)
{
	switch (rv) {
	case CKR_PIN_INCORRECT:
		return "CKR_PIN_INCORRECT";
	case CKR_PIN_LOCKED:
		return "CKR_PIN_LOCKED";
	case CKR_TOKEN_NOT_PRESENT:
		return "CKR_TOKEN_NOT_PRESENT";
	case CKR_DEVICE_ERROR:
		return "CKR_DEVICE_ERROR";
	case CKR_ARGUMENTS_BAD:
		return "CKR_ARGUMENTS_BAD";
	case CKR_MECHANISM_INVALID:
		return "CKR_MECHANISM_INVALID";
	case CKR_USER_PIN_NOT_INITIALIZED:
		return "CKR_USER_PIN_NOT_INITIALIZED";
	default:
		return "CKR_...";
	}
}

void p11_close(struct p11_token *t)
{
	if (!t)
		return;
	if (t->f && t->session) {
		t->f->C_Logout(t->session);
		t->f->C_CloseSession(t->session);
	}
	if (t->f && t->initialized)
		t->f->C_Finalize(NULL);
	if (t->lib)
		dlclose(t->lib);
	free(t);
}

/* Finds one object of class with CKA_LABEL label in the session. */
static CK_RV find_one(struct p11_token *t, CK_OBJECT_CLASS cls, const char *label,
		      CK_OBJECT_HANDLE *out, bool *found)
{
	CK_ATTRIBUTE tmpl[] = {
		{CKA_CLASS, &cls, sizeof cls},
		{CKA_LABEL, (void *)label, strlen(label)},
	};
	CK_ULONG n = 0;
	*found = false;
	CK_RV rv = t->f->C_FindObjectsInit(t->session, tmpl, 2);
	if (rv != CKR_OK)
		return rv;
	rv = t->f->C_FindObjects(t->session, out, 1, &n);
	t->f->C_FindObjectsFinal(t->session);
	*found = rv == CKR_OK && n == 1;
	return rv;
}

int p11_open(const char *module, const char *pin, const char *label, struct p11_token **out,
	     X509 **cert, char *err, size_t errlen)
{
	struct p11_token *t = xcalloc(1, sizeof *t);
	int rc = PKI_ETOKEN;
	CK_SLOT_ID *slots = NULL;
	CK_ULONG nslots = 0;
	CK_RV rv;
	if (!module || !*module) {
		snprintf(err, errlen, "no PKCS#11 module is configured (pkcs11.module)");
		goto fail;
	}
	t->lib = dlopen(module, RTLD_NOW | RTLD_LOCAL);
	if (!t->lib) {
		snprintf(err, errlen, "cannot load the PKCS#11 module %s: %s", module, dlerror());
		goto fail;
	}
	CK_C_GetFunctionList gfl = (CK_C_GetFunctionList)dlsym(t->lib, "C_GetFunctionList");
	if (!gfl || gfl(&t->f) != CKR_OK || !t->f) {
		snprintf(err, errlen, "%s is not a PKCS#11 module", module);
		goto fail;
	}
	CK_C_INITIALIZE_ARGS args;
	memset(&args, 0, sizeof args);
	args.flags = CKF_OS_LOCKING_OK;
	rv = t->f->C_Initialize(&args);
	if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
		snprintf(err, errlen, "C_Initialize failed (0x%lx)", (unsigned long)rv);
		goto fail;
	}
	t->initialized = rv == CKR_OK;
	/* Every slot with a token: a fixed 64 answered "no token" beyond. */
	rv = t->f->C_GetSlotList(CK_TRUE, NULL, &nslots);
	if (rv == CKR_OK && nslots > 0) {
		slots = xcalloc(nslots, sizeof *slots);
		rv = t->f->C_GetSlotList(CK_TRUE, slots, &nslots);
	}
	if (rv != CKR_OK || nslots == 0) {
		snprintf(err, errlen, "no token is present in %s", module);
		goto fail;
	}
	bool any_login = false;
	for (CK_ULONG i = 0; i < nslots; i++) {
		rv = t->f->C_OpenSession(slots[i], CKF_SERIAL_SESSION, NULL, NULL, &t->session);
		if (rv != CKR_OK)
			continue;
		rv = t->f->C_Login(t->session, CKU_USER, (CK_UTF8CHAR_PTR)pin,
				   pin ? strlen(pin) : 0);
		if (rv == CKR_PIN_INCORRECT || rv == CKR_PIN_LOCKED || rv == CKR_PIN_LEN_RANGE ||
		    rv == CKR_ARGUMENTS_BAD) {
			snprintf(err, errlen, "the token refused the PIN (%s)", rv_text(rv));
			t->f->C_CloseSession(t->session);
			t->session = 0;
			rc = PKI_EPIN;
			continue; /* another token may be the one */
		}
		if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) {
			t->f->C_CloseSession(t->session);
			t->session = 0;
			continue;
		}
		any_login = true;
		bool found = false;
		if (find_one(t, CKO_PRIVATE_KEY, label, &t->key, &found) == CKR_OK && found)
			break;
		t->f->C_Logout(t->session);
		t->f->C_CloseSession(t->session);
		t->session = 0;
	}
	if (!t->session) {
		if (rc != PKI_EPIN || any_login) {
			rc = any_login ? PKI_ENOKEY : PKI_ETOKEN;
			snprintf(err, errlen,
				 any_login ? "no private key labelled \"%s\" on the token"
					   : "cannot log in to any token (%s)",
				 any_login ? label : rv_text(rv));
		}
		goto fail;
	}
	CK_ATTRIBUTE kt = {CKA_KEY_TYPE, &t->key_type, sizeof t->key_type};
	if (t->f->C_GetAttributeValue(t->session, t->key, &kt, 1) != CKR_OK) {
		snprintf(err, errlen, "cannot read the key type");
		goto fail;
	}
	CK_OBJECT_HANDLE ch;
	bool found = false;
	if (find_one(t, CKO_CERTIFICATE, label, &ch, &found) != CKR_OK || !found) {
		snprintf(err, errlen, "no certificate labelled \"%s\" on the token", label);
		rc = PKI_ENOKEY;
		goto fail;
	}
	CK_ATTRIBUTE v = {CKA_VALUE, NULL, 0};
	if (t->f->C_GetAttributeValue(t->session, ch, &v, 1) != CKR_OK || v.ulValueLen == 0 ||
	    v.ulValueLen > 65536) {
		snprintf(err, errlen, "cannot read the certificate");
		goto fail;
	}
	unsigned char *der = xmalloc(v.ulValueLen);
	v.pValue = der;
	if (t->f->C_GetAttributeValue(t->session, ch, &v, 1) != CKR_OK) {
		free(der);
		snprintf(err, errlen, "cannot read the certificate");
		goto fail;
	}
	const unsigned char *p = der;
	*cert = d2i_X509(NULL, &p, (long)v.ulValueLen);
	free(der);
	if (!*cert) {
		snprintf(err, errlen, "the token's certificate does not parse");
		goto fail;
	}
	free(slots);
	*out = t;
	return PKI_OK;
fail:
	free(slots);
	p11_close(t);
	return rc;
}

int p11_sign(struct p11_token *t, const unsigned char *tbs, size_t n, struct buf *sig, char *err,
	     size_t errlen)
{
	CK_MECHANISM mech = {CKM_SHA256_RSA_PKCS, NULL, 0};
	unsigned char md[32];
	const unsigned char *in = tbs;
	CK_ULONG inlen = n;
	if (t->key_type == CKK_EC) {
		unsigned int mdl = 0;
		EVP_Digest(tbs, n, md, &mdl, EVP_sha256(), NULL);
		mech.mechanism = CKM_ECDSA;
		in = md;
		inlen = 32;
	}
	CK_RV rv = t->f->C_SignInit(t->session, &mech, t->key);
	unsigned char out[1024];
	CK_ULONG outlen = sizeof out;
	if (rv == CKR_OK)
		rv = t->f->C_Sign(t->session, (CK_BYTE_PTR)in, inlen, out, &outlen);
	if (rv != CKR_OK) {
		snprintf(err, errlen, "the token failed to sign (0x%lx)", (unsigned long)rv);
		return PKI_ETOKEN;
	}
	if (t->key_type != CKK_EC) {
		buf_add(sig, out, outlen);
		return PKI_OK;
	}
	/* r || s → ECDSA-Sig-Value */
	ECDSA_SIG *es = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(out, (int)(outlen / 2), NULL);
	BIGNUM *s = BN_bin2bn(out + outlen / 2, (int)(outlen / 2), NULL);
	unsigned char *der = NULL;
	int dl = -1;
	if (es && r && s && ECDSA_SIG_set0(es, r, s) == 1) {
		r = s = NULL; /* es owns them now */
		dl = i2d_ECDSA_SIG(es, &der);
	}
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(es);
	if (dl <= 0) {
		snprintf(err, errlen, "cannot encode the ECDSA signature");
		return PKI_ESIGN;
	}
	buf_add(sig, der, (size_t)dl);
	OPENSSL_free(der);
	return PKI_OK;
}
