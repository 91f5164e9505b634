/* The agency's signer, opened from the configuration: a PKCS#11 token when
 * pkcs11.module is set (key and certificate labelled pkcs11.label, PIN
 * pkcs11.pin), else the PEM files of `motcua pki init` in data_dir/pki. A
 * server opens it once, at the first signature, and keeps it; a token
 * that fails (removed, PIN changed) is reopened at the next signature.
 * Also: signing one result (PAdES with the stamp for a PDF, a detached CMS
 * for anything else).
 *
 * Layer: svc.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "blob/blob.h"
#include "doc/stamp.h"
#include "svc/svc_documents.h"

int svc_signer_open(const struct config *cfg, struct pki_signer **out, char *err, size_t errlen)
{
	char chain[2048], key[2048], cert[2048];
	const char *dir = config_str(cfg, "data_dir");
	snprintf(chain, sizeof chain, "%s/pki/chain.pem", dir);
	const char *module = config_str(cfg, "pkcs11.module");
	if (module && *module)
		return pki_signer_pkcs11(module, config_str(cfg, "pkcs11.pin"),
					 config_str(cfg, "pkcs11.label"), chain, out, err, errlen);
	snprintf(key, sizeof key, "%s/pki/agency.key", dir);
	snprintf(cert, sizeof cert, "%s/pki/agency.pem", dir);
	return pki_signer_pem(key, cert, chain, out, err, errlen);
}

static pthread_mutex_t signer_mu = PTHREAD_MUTEX_INITIALIZER;
static struct pki_signer *signer;

int svc_signer_get(const struct config *cfg, struct pki_signer **out, char *err, size_t errlen)
{
	pthread_mutex_lock(&signer_mu);
	int rc = PKI_OK;
	if (!signer)
		rc = svc_signer_open(cfg, &signer, err, errlen);
	*out = signer;
	pthread_mutex_unlock(&signer_mu);
	return rc;
}

void svc_signer_reset(void)
{
	pthread_mutex_lock(&signer_mu);
	pki_signer_free(signer);
	signer = NULL;
	pthread_mutex_unlock(&signer_mu);
}

int svc_sign_bytes(struct pki_signer *s, const struct svc_sign_in *in, struct buf *signed_out,
		   struct buf *sig_out, char *err, size_t errlen)
{
	enum blob_type t = blob_sniff(in->data, in->len, NULL);
	if (t != BLOB_T_PDF)
		return pki_sign_detached(s, in->data, in->len, in->now_ms, sig_out, err, errlen);
	struct buf stamp = BUF_INIT;
	struct doc_stamp ds = {.signer = pki_signer_name(s),
			       .signed_by = in->signed_by,
			       .at = in->now_ms,
			       .code = in->verify_code,
			       .verify_url = in->verify_url};
	if (doc_stamp_pdf(&ds, &stamp) != 0) {
		log_warn("sign: the stamp could not be drawn; a plain one is used");
		buf_reset(&stamp);
	}
	struct pki_pdf_opts o = {.reason = in->reason,
				 .location = in->location,
				 .appearance = stamp.len ? stamp.p : NULL,
				 .appearance_len = stamp.len,
				 .w = DOC_STAMP_W,
				 .h = DOC_STAMP_H,
				 .now_ms = in->now_ms};
	/* Bottom right of an A4 page, above the bottom margin. */
	o.x = 595.276 - 15 * 72 / 25.4 - o.w;
	o.y = 10 * 72 / 25.4;
	int rc = pki_sign_pdf(s, in->data, in->len, &o, signed_out, err, errlen);
	buf_release(&stamp);
	return rc;
}
