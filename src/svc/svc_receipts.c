/* E-receipts of paid payments (biên lai thu phí, lệ phí điện tử): see
 * svc_payments.h. Layer: svc.
 *
 * A receipt's number is taken when the payment is paid (svc_payments.c);
 * its PDF is made here, after that commit or at the first download:
 * rendered (doc/receipt.c, amounts in figures and words from
 * core/money.c), signed with the agency key like a result (PAdES with the
 * stamp), stored, and put into the payer's data store as a document of
 * type fee_receipt. It is verified like a result, by its code
 * (svc_verify()). */
#include <inttypes.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include "blob/blob.h"
#include "core/money.h"
#include "core/roles.h"
#include "doc/receipt.h"
#include "repo/repo_documents.h"
#include "repo/repo_payments.h"
#include "svc/svc_documents.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_forms.h"
#include "svc/svc_payments_impl.h"

#define MB (1024 * 1024)

static const char *method_label(struct arena *a, const struct payment *p)
{
	if (!strcmp(p->method, "cash"))
		return "Tiền mặt";
	if (!strcmp(p->method, "card"))
		return "Thẻ ngân hàng";
	if (!strcmp(p->method, "transfer"))
		return "Chuyển khoản";
	return arena_printf(a, "Trực tuyến (%s)", p->gateway ? p->gateway : "cổng thanh toán");
}

static const char *figures(struct arena *a, int64_t v)
{
	char f[MONEY_FIGURES_MAX];
	return money_figures(v, f, sizeof f) < 0 ? "?" : arena_strdup(a, f);
}

/* The receipt of p (paid, numbered) as an unsigned PDF into out: headed
 * as the forms of the dossier are (ag: the receiving unit under its
 * superior), signed by the collecting agency (board). */
static struct svc_result render(struct arena *a, const struct config *cfg,
				const struct svc_dossier *s, const struct payment_demand *dm,
				const struct payment *p, const struct doc_agency *ag,
				const char *board, const char *verify_url, struct buf *out)
{
	const struct dossier_party *payer = s->d.owner.kind ? &s->d.owner : &s->d.submitter;
	bool org = payer->kind && !strcmp(payer->kind, "organisation");
	struct doc_receipt_line *lines = arena_zalloc(a, (dm->nlines + 1) * sizeof *lines);
	for (size_t i = 0; i < dm->nlines; i++)
		lines[i] = (struct doc_receipt_line){dm->lines[i].name_vi,
						     figures(a, dm->lines[i].amount)};
	char words[MONEY_WORDS_MAX];
	if (money_words_vi(p->amount, words, sizeof words) < 0)
		return svc_fail(ERR_INTERNAL, NULL, "an amount that cannot be written in words");
	const struct payment_receipt *rc = &p->receipt;
	struct doc_receipt r = {
		.agency = ag->name,
		.superior = ag->superior,
		.collector = board,
		.tax_code = cfg->v.agency_tax_code,
		.template_ = rc->template_,
		.series = rc->series,
		.number = arena_printf(a, "%07" PRId64, rc->number),
		.payer = payer->name,
		.payer_id = org ? payer->tax_code : payer->id_number,
		.payer_address = payer->address,
		.dossier = s->d.code,
		.procedure = s->proc.name.vi,
		.lines = lines,
		.nlines = dm->nlines,
		.total_figures = figures(a, p->amount),
		.total_words = words,
		.method = method_label(a, p),
		.transaction = p->gateway_txn ? p->gateway_txn : p->reference,
		.verify_code = rc->verify_code,
		.verify_url = verify_url,
		.date = p->settled_at ? p->settled_at : rc->issued_at,
	};
	int drc = doc_render_receipt(&r, out);
	if (drc != 0) {
		log_error("receipt of payment %" PRId64 ": %s", p->id, doc_strerror(drc));
		return svc_fail(ERR_INTERNAL, NULL, doc_strerror(drc));
	}
	return svc_ok();
}

struct record_ctx {
	struct arena *a;
	const struct svc_dossier *s;
	const struct payment *p;
	const char *sha, *signer;
	int64_t size, now;
};

/* The signed PDF into the payer's store and onto the receipt. */
static int record_txn(struct db *db, void *arg)
{
	struct record_ctx *c = arg;
	const struct dossier_party *payer =
		c->s->d.owner.kind ? &c->s->d.owner : &c->s->d.submitter;
	bool org = payer->kind && !strcmp(payer->kind, "organisation");
	const char *ident = org ? payer->tax_code : payer->id_number;
	struct document doc = {
		.owner_kind = org ? "organisation" : "person",
		.owner_ident = ident ? ident : "",
		/* The documents table knows components and results: an issued,
		 * signed document of the agency is a result; its type says which. */
		.kind = "result",
		.doc_type = "fee_receipt",
		.title = arena_printf(c->a, "Biên lai thu phí, lệ phí số %07" PRId64 " (%s)",
				      c->p->receipt.number, c->p->receipt.series),
		.issuer = c->signer,
		.issued_at = c->now,
		.dossier_id = c->s->d.id,
		.hash = c->sha,
		.size = c->size,
		.created_at = c->now,
	};
	int rc = repo_document_insert(db, &doc, &doc.id);
	if (rc < 0)
		return rc;
	struct document_file f = {
		.document_id = doc.id,
		.ord = 1,
		.sha256 = c->sha,
		.type = "pdf",
		.size = c->size,
		.name = arena_printf(c->a, "bien-lai-%07" PRId64 ".pdf", c->p->receipt.number)};
	if ((rc = repo_document_file_add(db, &f)) < 0)
		return rc;
	return repo_receipt_set_file(db, c->p->id, doc.id, c->sha, c->signer);
}

/* Renders, signs and records the receipt of p; the signed bytes into pdf. */
static struct svc_result make(struct db *db, struct arena *a, const struct config *cfg,
			      const struct svc_dossier *s, const struct payment *p, struct buf *pdf)
{
	struct payment_demand dm;
	int rc = repo_demand_get(db, a, p->demand_id, &dm);
	if (rc < 0)
		return svc_txn_result(db, rc);
	const char *url =
		arena_printf(a, "%s/#/verify/%s", cfg->v.public_url, p->receipt.verify_code);
	/* The collecting agency is the board the receiving unit is part of:
	 * the head names them as Form 01 does, the board signs. */
	struct doc_agency ag, board;
	struct unit root;
	int64_t at = p->settled_at ? p->settled_at : p->receipt.issued_at;
	if ((rc = svc_form_agency(db, a, cfg, &s->receiving_unit, at, &ag)) < 0 ||
	    (rc = svc_form_agency_unit(db, a, &s->receiving_unit, &root)) < 0 ||
	    (rc = svc_form_agency(db, a, cfg, &root, at, &board)) < 0)
		return svc_txn_result(db, rc);
	struct buf raw = BUF_INIT;
	struct svc_result r = render(a, cfg, s, &dm, p, &ag, board.name, url, &raw);
	struct pki_signer *key = NULL;
	char err[512] = "";
	int64_t now = clock_now_ms();
	if (r.code == ERR_NONE && (rc = svc_signer_get(cfg, &key, err, sizeof err)) == PKI_OK) {
		struct svc_sign_in si = {.data = raw.p,
					 .len = raw.len,
					 .now_ms = now,
					 .signed_by = board.name,
					 .verify_code = p->receipt.verify_code,
					 .verify_url = url,
					 .reason = "Biên lai thu phí, lệ phí"};
		struct buf sig = BUF_INIT;
		rc = svc_sign_bytes(key, &si, pdf, &sig, err, sizeof err);
		buf_release(&sig);
	}
	buf_release(&raw);
	if (r.code != ERR_NONE)
		return r;
	if (rc != PKI_OK) {
		log_warn("receipt of payment %" PRId64 ": %s", p->id, err);
		return svc_sign_fail(a, rc, err);
	}
	struct blob_store *bs;
	char sha[BLOB_HEX + 1];
	if (svc_blobs_get(cfg, &bs) != 0 || blob_put(bs, pdf->p, pdf->len, sha) != BLOB_OK)
		return svc_fail(ERR_STORAGE_ERROR, NULL, NULL);
	struct record_ctx c = {.a = a,
			       .s = s,
			       .p = p,
			       .sha = sha,
			       .signer = pki_signer_name(key),
			       .size = (int64_t)pdf->len,
			       .now = now};
	return svc_txn_result(db, db_run_txn(db, record_txn, &c, DB_TXN_ATTEMPTS));
}

struct svc_result svc_receipt_pdf(struct db *db, struct arena *a, const struct config *cfg,
				  const struct svc_actor *who, int64_t payment_id, struct buf *pdf,
				  struct payment *out)
{
	int rc = repo_payment_get(db, a, payment_id, out);
	if (rc == DB_NOT_FOUND || (rc == DB_OK && !out->has_receipt))
		return svc_fail(ERR_PAYMENT_NOT_FOUND, "id", NULL);
	if (rc < 0)
		return svc_txn_result(db, rc);
	struct svc_dossier s;
	if ((rc = svcpay_load(db, a, who, out->dossier_code, &s)) < 0)
		return svc_txn_result(db, rc);
	if (!out->receipt.sha256)
		return make(db, a, cfg, &s, out, pdf);
	struct blob_store *bs;
	if (svc_blobs_get(cfg, &bs) != 0)
		return svc_fail(ERR_STORAGE_ERROR, NULL, NULL);
	int brc = blob_get(bs, out->receipt.sha256, (size_t)cfg->v.files_max_file_mb * MB, pdf);
	return brc == BLOB_OK ? svc_ok() : svc_blob_fail(brc);
}

int svcpay_receipt_as_result(struct db *db, struct arena *a, const struct config *cfg,
			     const char *verify_code, struct result_row *out)
{
	struct payment p;
	int rc = repo_receipt_by_code(db, a, verify_code, &p);
	if (rc < 0)
		return rc;
	if (!p.receipt.sha256) { /* paid, its PDF not made yet: make it now */
		struct buf pdf = BUF_INIT;
		struct svc_result r = svc_receipt_pdf(db, a, cfg, NULL, p.id, &pdf, &p);
		buf_release(&pdf);
		if (r.code != ERR_NONE)
			return DB_HARD;
		if ((rc = repo_receipt_by_code(db, a, verify_code, &p)) < 0)
			return rc;
	}
	*out = (struct result_row){.dossier_id = p.dossier_id,
				   .document_id = p.receipt.document_id,
				   .verify_code = p.receipt.verify_code,
				   .format = "pades",
				   .signer = p.receipt.signer,
				   .signed_at = p.receipt.issued_at,
				   .dossier_code = p.dossier_code,
				   .signed_by_name = p.receipt.signer};
	return DB_OK;
}
