/* Documents (issue 5): files of dossiers, the applicant's data store with
 * reuse, signed results with their verification, and the e-archive.
 *
 * Layer: svc. Uses blob/ for bytes, pki/ for signatures, repo_documents.c
 * for rows, and the lifecycle's event chain (svc_dossiers_impl.h) for the
 * history: every officer download, digitization, reuse and signature is an
 * event of the dossier.
 */
#ifndef MOTCUA_SVC_DOCUMENTS_H
#define MOTCUA_SVC_DOCUMENTS_H

#include "blob/blob.h"
#include "pki/pki.h"
#include "repo/repo_documents.h"
#include "svc/svc.h"

/* ---- the signer (svc_sign.c) ---- */

/* Opens the configured signer (PKCS#11 if pkcs11.module is set, else the
 * PEM files in data_dir/pki). Returns as pki_signer_pem/pkcs11. */
int svc_signer_open(const struct config *cfg, struct pki_signer **out, char *err, size_t errlen);
/* The process's signer, opened at first use (borrowed; thread-safe). */
int svc_signer_get(const struct config *cfg, struct pki_signer **out, char *err, size_t errlen);
/* Drops the process's signer (after a token failure, or in tests). */
void svc_signer_reset(void);

struct svc_sign_in {
	const void *data;
	size_t len;
	int64_t now_ms;
	const char *signed_by;   /* the approving person, on the stamp */
	const char *verify_code; /* on the stamp */
	const char *verify_url;  /* the stamp's QR code */
	const char *reason, *location;
};
/* A PDF gets PAdES with the stamp (into signed_out); anything else a
 * detached CMS (into sig_out). Returns a pki status. */
int svc_sign_bytes(struct pki_signer *s, const struct svc_sign_in *in, struct buf *signed_out,
		   struct buf *sig_out, char *err, size_t errlen);

#endif
