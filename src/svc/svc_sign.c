/* The agency's signer, opened from the configuration: a PKCS#11 token when
 * pkcs11.module is set (key and certificate labelled pkcs11.label, PIN
 * pkcs11.pin), else the PEM files of `motcua pki init` in data_dir/pki. A
 * server opens it once, at the first signature, and keeps it; a token
 * that fails (removed, PIN changed) is reopened at the next signature.
 * Also: signing one result (PAdES with the stamp for a PDF, a detached CMS
 * for anything else), the result draft, issuing a signed result, and the
 * public verification of a result by its code.
 *
 * Layer: svc.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/log.h"
#include "base/path.h"
#include "blob/blob.h"
#include "core/roles.h"
#include "doc/stamp.h"
#include "repo/repo_documents.h"
#include "svc/svc_documents.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_payments_impl.h"

int svc_signer_open(const struct config *cfg, struct pki_signer **out, char *err, size_t errlen)
{
	char chain[2048], key[2048], cert[2048];
	const char *dir = cfg->v.data_dir;
	if (path_fmt(chain, sizeof chain, "%s/pki/chain.pem", dir) < 0 ||
	    path_fmt(key, sizeof key, "%s/pki/agency.key", dir) < 0 ||
	    path_fmt(cert, sizeof cert, "%s/pki/agency.pem", dir) < 0) {
		snprintf(err, errlen, "the keys' paths are too long: %s/pki", dir);
		return PKI_EINVAL;
	}
	const char *module = cfg->v.pkcs11_module;
	if (module && *module)
		return pki_signer_pkcs11(module, cfg->v.pkcs11_pin, cfg->v.pkcs11_label, chain, out,
					 err, errlen);
	return pki_signer_pem(key, cert, chain, out, err, errlen);
}

static pthread_mutex_t signer_mu = PTHREAD_MUTEX_INITIALIZER;
static struct pki_signer *proc_signer;

int svc_signer_get(const struct config *cfg, struct pki_signer **out, char *err, size_t errlen)
{
	pthread_mutex_lock(&signer_mu);
	int rc = PKI_OK;
	if (!proc_signer)
		rc = svc_signer_open(cfg, &proc_signer, err, errlen);
	*out = proc_signer;
	pthread_mutex_unlock(&signer_mu);
	return rc;
}

void svc_signer_reset(void)
{
	pthread_mutex_lock(&signer_mu);
	pki_signer_free(proc_signer);
	proc_signer = NULL;
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
	/* Bottom right of the first page (A4 unless told), above the bottom margin. */
	o.x = (in->page_w > 0 ? in->page_w : 595.276) - 15 * 72 / 25.4 - o.w;
	o.y = 10 * 72 / 25.4;
	int rc = pki_sign_pdf(s, in->data, in->len, &o, signed_out, err, errlen);
	buf_release(&stamp);
	return rc;
}

struct svc_result svc_sign_report(struct arena *a, const struct config *cfg, const struct buf *pdf,
				  int64_t now_ms, const char *signed_by, const char *reason,
				  struct buf *out)
{
	char err[256] = "";
	struct pki_signer *s;
	struct buf sig = BUF_INIT;
	int rc = svc_signer_get(cfg, &s, err, sizeof err);
	if (rc == PKI_OK) {
		struct svc_sign_in in = {.data = pdf->p,
					 .len = pdf->len,
					 .now_ms = now_ms,
					 .signed_by = signed_by,
					 .reason = reason,
					 .location = cfg->v.agency_place,
					 .page_w = 841.89}; /* A4 landscape */
		rc = svc_sign_bytes(s, &in, out, &sig, err, sizeof err);
	}
	buf_release(&sig);
	return rc == PKI_OK ? svc_ok() : svc_sign_fail(a, rc, err);
}

/* ---- results ---- */

#define MB (1024 * 1024)

static const struct svc_result OK = {ERR_NONE, NULL, NULL};

struct draft_ctx {
	struct arena *a;
	const struct svc_actor *who;
	const char *code, *sha256, *type;
	const struct svc_upload *up;
	const struct svc_result_in *in;
	int64_t now;
};

static int draft_txn(struct db *db, void *arg)
{
	struct draft_ctx *c = arg;
	struct svc_dossier s;
	memset(&s, 0, sizeof s);
	int rc = repo_dossier_by_code(db, c->a, c->code, &s.d);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_DOSSIER_NOT_FOUND, "code", NULL);
	if (rc < 0 || (rc = svcd_load_rest(db, c->a, &s)) < 0)
		return rc;
	int verdict;
	if ((rc = svcd_access(db, c->a, c->who, &s, ACCESS_WORK, WF_NACTIONS, &verdict)) < 0)
		return rc;
	if (verdict != ACCESS_OK)
		return svc_abort(db, svcd_access_fail(c->a, verdict, &s.d));
	struct dossier d = s.d;
	if (strcmp(d.state, "in_process"))
		return db_abort(db, ERR_COMPONENT_LOCKED, NULL, d.state);
	struct result_draft r = {.dossier_id = d.id,
				 .sha256 = c->sha256,
				 .type = c->type,
				 .name = c->up->name,
				 .doc_type = c->in->doc_type,
				 .title = c->in->title,
				 .size = (int64_t)c->up->len,
				 .valid_until = c->in->valid_until,
				 .paper = c->in->paper,
				 .by_user = c->who->id,
				 .at = c->now};
	if ((rc = repo_result_draft_put(db, &r)) < 0)
		return rc;
	const char *data = evd_result_drafted(c->a, &(struct evd_draft){.sha256 = c->sha256,
									.type = c->type,
									.size = (int64_t)c->up->len,
									.paper = c->in->paper});
	return svcdoc_append(db, c->a, &d, c->who, EVENT_RESULT_DRAFTED, NULL, data, c->now);
}

struct svc_result svc_result_draft(struct db *db, struct arena *a, const struct config *cfg,
				   const struct svc_actor *who, const char *code,
				   const struct svc_upload *up, const struct svc_result_in *in)
{
	enum blob_type type;
	struct svc_result r = svc_upload_check(cfg, up, &type);
	if (r.code != ERR_NONE)
		return r;
	/* A draft is signed at issue by the same reader: one it cannot read is
	 * refused now, not when the leader signs. */
	if (type == BLOB_T_PDF) {
		char err[256];
		int prc = pki_pdf_check(up->data, up->len, err, sizeof err);
		if (prc == PKI_EBUDGET)
			return svc_fail(ERR_REQUEST_BUDGET_SPENT, NULL, NULL);
		if (prc != PKI_OK)
			return svc_fail(ERR_FILE_PDF_INVALID, "file", arena_strdup(a, err));
	}
	struct blob_store *bs;
	char hex[BLOB_HEX + 1];
	if (svc_blobs_get(cfg, &bs) != 0 || blob_put(bs, up->data, up->len, hex) != BLOB_OK)
		return svc_fail(ERR_STORAGE_ERROR, NULL, NULL);
	struct draft_ctx c = {.a = a,
			      .who = who,
			      .code = code,
			      .sha256 = hex,
			      .type = blob_type_name(type),
			      .up = up,
			      .in = in,
			      .now = clock_now_ms()};
	return svc_txn_result(db, db_run_txn(db, draft_txn, &c, DB_TXN_ATTEMPTS));
}

void svc_verify_code(char out[13])
{
	static const char abc[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
	unsigned char raw[12];
	randombytes_buf(raw, sizeof raw);
	for (int i = 0; i < 12; i++)
		out[i] = abc[raw[i] % (sizeof abc - 1)];
	out[12] = 0;
}

struct record_ctx {
	struct arena *a;
	const struct svc_actor *who;
	const char *code;
	int64_t now;
	const struct result_draft *draft;
	const char *vcode, *file_sha, *file_type, *sig_sha, *format, *signer_name, *key_kind;
	int64_t file_size;
	struct result_row *out;
};

static int record_txn(struct db *db, void *arg)
{
	struct record_ctx *c = arg;
	struct svc_dossier s;
	memset(&s, 0, sizeof s);
	int rc = repo_dossier_by_code(db, c->a, c->code, &s.d);
	if (rc < 0)
		return rc;
	if ((rc = svcd_load_rest(db, c->a, &s)) < 0)
		return rc;
	const struct dossier_party *p = s.d.owner.kind ? &s.d.owner : &s.d.submitter;
	struct document doc = {
		.owner_kind = p->kind,
		.owner_ident = !strcmp(p->kind, "organisation") ? p->tax_code : p->id_number,
		.kind = "result",
		.doc_type = c->draft->doc_type && *c->draft->doc_type
				    ? c->draft->doc_type
				    : arena_printf(c->a, "result:%s", s.d.procedure_code),
		.title = c->draft->title && *c->draft->title ? c->draft->title : s.proc.result.vi,
		.issuer = c->signer_name,
		.issued_at = c->now,
		.valid_until = c->draft->valid_until,
		.dossier_id = s.d.id,
		.hash = c->file_sha,
		.size = c->file_size,
		.created_by = c->who->id,
		.created_at = c->now,
	};
	if (!doc.owner_ident)
		doc.owner_ident = "";
	if ((rc = repo_document_insert(db, &doc, &doc.id)) < 0)
		return rc;
	struct document_file f = {
		.document_id = doc.id,
		.ord = 1,
		.sha256 = c->file_sha,
		.type = c->file_type,
		.size = c->file_size,
		.name = arena_printf(c->a, "%s.%s", s.d.code,
				     blob_type_ext(blob_type_parse(c->file_type)))};
	if ((rc = repo_document_file_add(db, &f)) < 0)
		return rc;
	struct result_row r = {.dossier_id = s.d.id,
			       .document_id = doc.id,
			       .verify_code = c->vcode,
			       .format = c->format,
			       .signature_sha256 = c->sig_sha,
			       .draft_sha256 = c->draft->sha256,
			       .signer = c->signer_name,
			       .key_kind = c->key_kind,
			       .signed_by = c->who->id,
			       .signed_at = c->now};
	if ((rc = repo_result_insert(db, &r, &r.id)) < 0)
		return rc;
	const char *data =
		evd_result_signed(c->a, &(struct evd_signed){.verify_code = c->vcode,
							     .sha256 = c->file_sha,
							     .format = c->format,
							     .signer = c->signer_name,
							     .document_id = doc.id,
							     .signature_sha256 = c->sig_sha});
	if ((rc = svcdoc_append(db, c->a, &s.d, c->who, EVENT_RESULT_SIGNED, NULL, data, c->now)) <
	    0)
		return rc;
	return repo_result_by_code(db, c->a, c->vcode, c->out);
}

/* Whether who may issue the result of dossier code now, by the
 * lifecycle's own table (issue_result); s gets the dossier, *resume whether
 * the action already went through and only its record failed, draft the
 * result draft to sign. */
static struct svc_result may_issue(struct db *db, struct arena *a, const struct svc_actor *who,
				   const char *code, struct svc_dossier *s, bool *resume,
				   struct result_draft *draft)
{
	struct svc_result r = svc_dossier_get(db, a, NULL, code, false, s);
	if (r.code != ERR_NONE)
		return r;
	int verdict;
	int rc = svcd_access(db, a, who, s, ACCESS_READ, WF_ISSUE_RESULT, &verdict);
	if (rc < 0)
		return svc_txn_result(db, rc);
	if (verdict != ACCESS_OK)
		return svcd_access_fail(a, verdict, &s->d);
	struct result_row *prev;
	size_t nprev;
	if ((rc = repo_results_of(db, a, s->d.id, &prev, &nprev)) < 0)
		return svc_txn_result(db, rc);
	/* A result_ready dossier without a signed result is the one case to
	 * resume: the action went through but recording failed. */
	*resume = s->state == DOSSIER_RESULT_READY && nprev == 0;
	unsigned allowed;
	if ((rc = svcd_allowed(db, a, s, who, &allowed)) < 0)
		return svc_txn_result(db, rc);
	if (!*resume && !(allowed & (1u << WF_ISSUE_RESULT))) {
		if (s->state != DOSSIER_IN_PROCESS || !(who->roles & (ROLE_HEAD | ROLE_LEADER)))
			return svc_fail(ERR_SIGN_FORBIDDEN, NULL, s->d.state);
		if (!s->has_draft)
			return svc_fail(ERR_NO_RESULT_DRAFT, NULL, NULL);
		if (!s->d.approved)
			return svc_fail(ERR_NOT_APPROVED, NULL, NULL);
		return svc_fail(ERR_SIGN_FORBIDDEN, NULL, NULL);
	}
	if (*resume && !(who->roles & (ROLE_HEAD | ROLE_LEADER)))
		return svc_fail(ERR_SIGN_FORBIDDEN, NULL, NULL);
	if ((rc = svcd_access(db, a, who, s, ACCESS_ACT, WF_ISSUE_RESULT, &verdict)) < 0)
		return svc_txn_result(db, rc);
	if (verdict != ACCESS_OK)
		return svcd_access_fail(a, verdict, &s->d);
	rc = repo_result_draft_get(db, a, s->d.id, draft);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_NO_RESULT_DRAFT, NULL, NULL);
	return svc_txn_result(db, rc);
}

struct svc_result svc_result_draft_file(struct db *db, struct arena *a, const struct config *cfg,
					const struct svc_actor *who, const char *code,
					struct buf *out, const char **type, const char **name)
{
	if (!(who->roles & ROLES_STAFF))
		return svc_fail(ERR_FORBIDDEN, NULL, NULL);
	struct svc_dossier s;
	struct svc_result r = svc_dossier_get(db, a, who, code, false, &s);
	if (r.code != ERR_NONE)
		return r;
	struct result_draft draft;
	int rc = repo_result_draft_get(db, a, s.d.id, &draft);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_NO_RESULT_DRAFT, NULL, NULL);
	if (rc < 0)
		return svc_txn_result(db, rc);
	struct blob_store *bs;
	if (svc_blobs_get(cfg, &bs) != 0 || blob_get(bs, draft.sha256, SIZE_MAX, out) != BLOB_OK) {
		log_error("draft result of %s: blob %s unreadable", code, draft.sha256);
		return svc_fail(ERR_INTERNAL, NULL, NULL);
	}
	*type = draft.type;
	*name = draft.name;
	return svc_ok();
}

/* The reply to a signature that failed with the PKI_* status rc. */
struct svc_result svc_sign_fail(struct arena *a, int rc, const char *err)
{
	if (rc == PKI_EPIN || rc == PKI_ETOKEN || rc == PKI_ENOKEY || rc == PKI_EINVAL)
		svc_signer_reset(); /* reopen at the next attempt */
	if (rc == PKI_EPIN)
		return svc_fail(ERR_SIGNER_PIN_REFUSED, NULL, NULL);
	if (rc == PKI_ETOKEN || rc == PKI_ENOKEY || rc == PKI_EINVAL)
		return svc_fail(ERR_SIGNER_UNAVAILABLE, NULL, arena_strdup(a, err));
	if (rc == PKI_EPDF)
		return svc_fail(ERR_FILE_PDF_INVALID, "result", arena_strdup(a, err));
	if (rc == PKI_EBUDGET)
		return svc_fail(ERR_REQUEST_BUDGET_SPENT, NULL, NULL);
	return svc_fail(ERR_SIGN_FAILED, NULL, NULL);
}

struct svc_result svc_result_issue(struct db *db, struct arena *a, const struct config *cfg,
				   const struct svc_actor *who, const char *code,
				   const char *result_code, struct result_row *out)
{
	/* 1. May who issue now? */
	struct svc_dossier s;
	struct result_draft draft;
	bool resume = false;
	struct svc_result r = may_issue(db, a, who, code, &s, &resume, &draft);
	if (r.code != ERR_NONE)
		return r;
	int rc;

	/* 2. Sign (outside any transaction: a token may be slow). */
	struct blob_store *bs;
	struct buf in = BUF_INIT, signed_pdf = BUF_INIT, sig = BUF_INIT;
	if (svc_blobs_get(cfg, &bs) != 0)
		return svc_fail(ERR_STORAGE_ERROR, NULL, NULL);
	int brc = blob_get(bs, draft.sha256, (size_t)cfg->v.files_max_file_mb * MB, &in);
	if (brc != BLOB_OK) {
		buf_release(&in);
		return svc_blob_fail(brc);
	}
	struct pki_signer *key;
	char err[512] = "";
	rc = svc_signer_get(cfg, &key, err, sizeof err);
	char vcode[13];
	svc_verify_code(vcode);
	int64_t now = clock_now_ms();
	const char *base = cfg->v.public_url;
	if (rc == PKI_OK) {
		struct svc_sign_in si = {.data = in.p,
					 .len = in.len,
					 .now_ms = now,
					 .signed_by = who->full_name,
					 .verify_code = vcode,
					 .verify_url =
						 arena_printf(a, "%s/#/verify/%s", base, vcode),
					 .reason = "Kết quả giải quyết thủ tục hành chính",
					 .location = NULL};
		rc = svc_sign_bytes(key, &si, &signed_pdf, &sig, err, sizeof err);
	}
	if (rc != PKI_OK) {
		log_warn("sign %s: %s", code, err);
		buf_release(&in);
		buf_release(&signed_pdf);
		buf_release(&sig);
		return svc_sign_fail(a, rc, err);
	}
	char file_sha[BLOB_HEX + 1], sig_sha[BLOB_HEX + 1];
	bool pdf = signed_pdf.len > 0;
	brc = pdf ? blob_put(bs, signed_pdf.p, signed_pdf.len, file_sha)
		  : blob_put(bs, sig.p, sig.len, sig_sha);
	if (!pdf)
		memcpy(file_sha, draft.sha256, BLOB_HEX + 1);
	int64_t file_size = pdf ? (int64_t)signed_pdf.len : (int64_t)in.len;
	buf_release(&in);
	buf_release(&signed_pdf);
	buf_release(&sig);
	if (brc != BLOB_OK)
		return svc_fail(ERR_STORAGE_ERROR, NULL, NULL);

	/* 3. The lifecycle's action, then the record of what was signed. */
	if (!resume) {
		struct svc_action act = {.action = "issue_result", .result_code = result_code};
		struct svc_dossier after;
		r = svc_dossier_act(db, a, who, code, &act, &after);
		if (r.code != ERR_NONE)
			return r;
	}
	struct record_ctx c = {.a = a,
			       .who = who,
			       .code = code,
			       .now = now,
			       .draft = &draft,
			       .vcode = vcode,
			       .file_sha = file_sha,
			       .file_type = pdf ? "pdf" : draft.type,
			       .sig_sha = pdf ? NULL : sig_sha,
			       .format = pdf ? "pades" : "cms",
			       .signer_name = pki_signer_name(key),
			       .key_kind = pki_signer_kind(key),
			       .file_size = file_size,
			       .out = out};
	rc = db_run_txn(db, record_txn, &c, DB_TXN_ATTEMPTS);
	if (rc < 0) {
		log_error(
			"issue %s: the result is issued but its signed file was not recorded (%d); "
			"issuing again records it",
			code, rc);
		return svc_txn_result(db, rc);
	}
	return OK;
}

/* ---- verification ---- */

struct svc_result svc_verify(struct db *db, struct arena *a, const struct config *cfg,
			     const char *verify_code, const void *data, size_t len,
			     struct svc_verification *out)
{
	memset(out, 0, sizeof *out);
	/* A presented file is a copy of a result: no larger than any file the
	 * agency accepts. */
	if (data && (int64_t)len > cfg->v.files_max_file_mb * MB)
		return svc_fail(ERR_FILE_TOO_LARGE, "file", NULL);
	int rc = repo_result_by_code(db, a, verify_code, &out->r);
	if (rc == DB_NOT_FOUND) /* an e-receipt is verified the same way (issue 13) */
		rc = svcpay_receipt_as_result(db, a, cfg, verify_code, &out->r);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_RESULT_NOT_FOUND, "code", NULL);
	if (rc == DB_OK)
		rc = repo_document_get(db, a, out->r.document_id, &out->doc);
	if (rc < 0)
		return svc_txn_result(db, rc);
	if (out->doc.nfiles == 0)
		return svc_fail(ERR_DB_ERROR, NULL, "a result's document has no file");
	struct dossier d;
	struct procedure p;
	if (repo_dossier_by_code(db, a, out->r.dossier_code, &d) == DB_OK &&
	    repo_proc_get(db, a, d.procedure_code, d.procedure_version, 0, &p) == DB_OK) {
		out->procedure_name_vi = p.name.vi;
		out->procedure_name_en = p.name.en;
	}
	out->file_sha256 = out->doc.files[0].sha256;
	char ca[2048];
	if (path_fmt(ca, sizeof ca, "%s/pki/chain.pem", cfg->v.data_dir) < 0) {
		log_error("verify: the trusted chain's path is too long: %s", ca);
		return svc_fail(ERR_INTERNAL, NULL, NULL);
	}
	struct blob_store *bs;
	struct buf file = BUF_INIT, sig = BUF_INIT;
	size_t cap = (size_t)cfg->v.files_max_file_mb * 2 * MB;
	if (svc_blobs_get(cfg, &bs) != 0)
		return svc_fail(ERR_STORAGE_ERROR, NULL, NULL);
	int brc = blob_get(bs, out->file_sha256, cap, &file);
	if (brc == BLOB_OK && out->r.signature_sha256)
		brc = blob_get(bs, out->r.signature_sha256, cap, &sig);
	if (brc != BLOB_OK) {
		buf_release(&file);
		buf_release(&sig);
		return svc_blob_fail(brc);
	}
	int vrc = PKI_OK;
	if (out->r.signature_sha256)
		pki_verify_detached(file.p, file.len, sig.p, sig.len, ca, &out->v);
	else
		vrc = pki_verify_pdf(file.p, file.len, ca, &out->v);
	if (data && vrc == PKI_OK) {
		char h[BLOB_HEX + 1];
		blob_hash(data, len, h);
		out->presented = true;
		out->matches = !strcmp(h, out->file_sha256);
		if (blob_sniff(data, len, NULL) == BLOB_T_PDF)
			vrc = pki_verify_pdf(data, len, ca, &out->pv);
		else if (sig.len)
			pki_verify_detached(data, len, sig.p, sig.len, ca, &out->pv);
	}
	buf_release(&file);
	buf_release(&sig);
	if (vrc == PKI_EBUDGET)
		return svc_fail(ERR_REQUEST_BUDGET_SPENT, NULL, NULL);
	return OK;
}
