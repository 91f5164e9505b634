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
#include "model/document.h"
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
	const char *signed_by;	 /* the approving person, on the stamp */
	const char *verify_code; /* on the stamp */
	const char *verify_url;	 /* the stamp's QR code */
	const char *reason, *location;
	double page_w; /* width of the PDF's first page in points; 0: A4 portrait */
};
/* A PDF gets PAdES with the stamp (into signed_out); anything else a
 * detached CMS (into sig_out). Returns a pki status. */
int svc_sign_bytes(struct pki_signer *s, const struct svc_sign_in *in, struct buf *signed_out,
		   struct buf *sig_out, char *err, size_t errlen);
/* Signs a report drawn on A4 landscape (the periodic report, the review
 * report) with the process's signer, signed_by on the stamp, into out;
 * the registry error of svc_sign_fail() when it cannot. */
struct svc_result svc_sign_report(struct arena *a, const struct config *cfg, const struct buf *pdf,
				  int64_t now_ms, const char *signed_by, const char *reason,
				  struct buf *out);
/* The registry error for a pki status of signing (the signer is reopened
 * at the next attempt when the token or key failed): SIGNER_PIN_REFUSED,
 * SIGNER_UNAVAILABLE, FILE_PDF_INVALID, REQUEST_BUDGET_SPENT, SIGN_FAILED. */
struct svc_result svc_sign_fail(struct arena *a, int rc, const char *err);
/* A fresh verification code (of a result, of a receipt): 12 characters of
 * an alphabet without 0/O, 1/I/L, then a NUL. */
void svc_verify_code(char out[13]);

#endif

/* ---- files, components, the data store (svc_documents.c) ---- */

/* Internal to the documents use cases: appends an event of kind k (its
 * row's action; note; data: compact JSON from k's builder in
 * svc_event_data.h, borrowed) to d's chain at now, the state and step
 * unchanged, and writes the dossier's head. Call inside a transaction. */
int svcdoc_append(struct db *db, struct arena *a, struct dossier *d, const struct svc_actor *who,
		  enum event_kind k, const char *note, const char *data, int64_t now);

/* The process's file store under data_dir (opened at first use; borrowed). */
int svc_blobs_get(const struct config *cfg, struct blob_store **out);
/* Tests that switch data_dir. */
void svc_blobs_reset(void);

/* The file store's prune (svc_blobs.c; blob.h says the rule): removes the
 * files no row names (repo_blob_referenced()) that nobody wrote or found
 * for blob.prune_grace_hours, or with dry_run only lists them. each (may
 * be NULL) is told every file removed (or that would be). Returns 0, or -1
 * when the database or the store failed (logged; what was done is in
 * out). */
struct svc_blobs_pruned {
	int64_t old;	    /* files past the grace period */
	int64_t removed;    /* of them, removed (or that would be) */
	int64_t bytes;	    /* their size */
	int64_t referenced; /* kept: a row names them */
	int64_t freshened;  /* kept: found by a writer meanwhile */
};
int svc_blobs_prune(struct db *db, const struct config *cfg, bool dry_run,
		    void (*each)(void *arg, const char *hex, int64_t size), void *arg,
		    struct svc_blobs_pruned *out) __attribute__((warn_unused_result));
/* The reply for a file store status other than BLOB_OK: FILE_CORRUPT for
 * bytes that no longer match their hash (retrying cannot help), else
 * STORAGE_ERROR (the disk failed; try again). */
struct svc_result svc_blob_fail(int blob_status);

/* One uploaded file. */
struct svc_upload {
	const void *data;
	size_t len;
	const char *declared; /* Content-Type as sent (NULL or octet-stream = not declared) */
	const char *name;     /* file name, for people; may be NULL */
	/* the document's facts (first page only; later pages keep them) */
	const char *issuer;  /* may be NULL */
	int64_t issued_at;   /* 0 = not stated */
	int64_t valid_until; /* 0 = no limit */
};

/* Checks an upload: size against files.max_file_mb, type from the content,
 * the declared type if any. Errors: FILE_EMPTY, FILE_TOO_LARGE,
 * FILE_TYPE_NOT_ALLOWED, FILE_PDF_INVALID, FILE_TYPE_MISMATCH. */
struct svc_result svc_upload_check(const struct config *cfg, const struct svc_upload *up,
				   enum blob_type *type);
/* svc_upload_check(), then the bytes into the file store under their
 * SHA-256 (hex). Errors: those of svc_upload_check, STORAGE_ERROR. */
struct svc_result svc_upload_store(const struct config *cfg, const struct svc_upload *up,
				   enum blob_type *type, char hex[BLOB_HEX + 1]);

/* ---- files staged before an online submission (svc_uploads.c) ---- */

/* At most this many files wait for a submission per account. */
#define SVC_MAX_UPLOADS 100

/* Stages a file a citizen attaches to a component before submitting
 * (issue 15): checked as every upload (svc_upload_check()), stored, and
 * kept for the account until a submission names it (svc_receipt's
 * components[i].files) or a day has passed. Errors: FORBIDDEN (not a
 * citizen), those of svc_upload_check, UPLOADS_TOO_MANY,
 * DOSSIER_FILES_TOO_LARGE (the staged files' total over
 * files.max_dossier_mb), STORAGE_ERROR, DB_ERROR. */
struct svc_result svc_upload_stage(struct db *db, struct arena *a, const struct config *cfg,
				   const struct svc_actor *who, const struct svc_upload *up,
				   struct upload *out);
/* Removes a staged file of who. Errors: UPLOAD_NOT_FOUND, DB_ERROR. */
struct svc_result svc_upload_drop(struct db *db, const struct svc_actor *who, int64_t id);

/* Internal to the submission (svc_dossiers.c): what each component of an
 * online submission brings, checked before the write transaction
 * (svcup_prepare()) and written in it (svcup_bind()). */
struct svcup_component {
	struct upload *files; /* staged, in page order */
	size_t nfiles;
	struct document reuse; /* reuse.id: a document of the owner's store */
};
/* Checks components[i].files and .document_id of in against version p
 * for who (a citizen; a receiver may give neither): each staged file is
 * who's and given once, a reused document is in the owner's store, valid
 * and of the component's type, a component sent "uploaded" has one or the
 * other, and the files' total fits in->max_bytes. Fills *out (one per
 * component, from a). Returns DB_OK, or DB_ABORT with FIELD_INVALID,
 * COMPONENT_FILE_MISSING, UPLOAD_NOT_FOUND, IDENTITY_NOT_VERIFIED, the
 * REUSE_ errors, DOCUMENT_NOT_FOUND or DOSSIER_FILES_TOO_LARGE naming
 * components[i], or a DB status. */
int svcup_prepare(struct db *db, struct arena *a, const struct svc_actor *who,
		  const struct procedure *p, const struct svc_receipt *in,
		  struct svcup_component **out);
/* In the transaction that created d (id and code set): the staged files
 * become d's documents (one per component, the files its pages; in the
 * owner's store once accepted if who is verified for the owner) and leave
 * the staging area, reused documents are linked, each with its event
 * appended to d's chain (d's row is not written). The events appended go
 * to *evs (from a). Returns DB_OK, DB_ABORT UPLOAD_NOT_FOUND if a staged
 * file was taken meanwhile, or a DB status. */
int svcup_bind(struct db *db, struct arena *a, const struct svc_actor *who, struct dossier *d,
	       const struct procedure *p, const struct svcup_component *comps, int64_t now,
	       struct event **evs, size_t *nev);

/* A component of a dossier as the checklist shows it. */
struct svc_component_view {
	int64_t ord;
	const char *name_vi, *name_en, *doc_type, *copy_type, *status;
	int64_t copies;
	bool mandatory;
	bool has; /* a row in dossier_component_docs */
	struct component_doc doc;
	struct document document; /* when doc.document_id, with files */
	struct document *offers;  /* store documents of the component's type, still valid */
	size_t noffers;
};
struct svc_components {
	struct dossier d;
	const char *owner_kind, *owner_ident, *owner_name;
	struct svc_component_view *items;
	size_t n;
	int64_t total_size;	    /* bytes of the dossier's own files */
	struct result_row *results; /* signed results, newest first */
	size_t nresults;
	bool can_attach; /* who may attach, reuse or exempt now */
	bool store_open; /* an officer, or a citizen verified for the owner */
};

/* The checklist of a dossier with, for each component, how it was
 * satisfied and what the owner's store offers. Who: the owner (citizen who
 * submitted) or an officer handling the dossier. Errors: DOSSIER_NOT_FOUND,
 * NOT_HANDLING, DB_ERROR. */
struct svc_result svc_components_get(struct db *db, struct arena *a, const struct svc_actor *who,
				     const char *code, int64_t now, struct svc_components *out);

/* Attaches a file to component ord (1-based): a scan at the desk
 * (digitized) or an upload by the applicant (uploaded); several calls add
 * pages to one document. The file is stored first (content-addressed, so a
 * refused request leaves at most an unreferenced blob). Errors: those of
 * svc_upload_check, DOSSIER_NOT_FOUND, COMPONENT_NOT_FOUND, NOT_HANDLING,
 * COMPONENT_LOCKED, DOSSIER_FILES_TOO_LARGE, STORAGE_ERROR, DB_ERROR. */
struct svc_result svc_component_attach(struct db *db, struct arena *a, const struct config *cfg,
				       const struct svc_actor *who, const char *code, int64_t ord,
				       const struct svc_upload *up, struct document *out);
/* One of the four exemptions of DOMAIN.md 6 (electronic, shown_only,
 * appraisal, confidential) with a reason. Errors: EXEMPTION_INVALID and
 * those of attach. */
struct svc_result svc_component_exempt(struct db *db, struct arena *a, const struct svc_actor *who,
				       const char *code, int64_t ord, const char *exemption,
				       const char *reason);
/* Satisfies component ord by a document of the owner's store. Errors:
 * DOCUMENT_NOT_FOUND, REUSE_NOT_OWNER, REUSE_NOT_IN_STORE, REUSE_EXPIRED,
 * REUSE_TYPE_MISMATCH and those of attach. */
struct svc_result svc_component_reuse(struct db *db, struct arena *a, const struct svc_actor *who,
				      const char *code, int64_t ord, int64_t document_id);

/* The bytes of file n (1-based) of a document, for its owner or an officer
 * handling a dossier that holds it (recorded as a file_downloaded event of
 * that dossier). Errors: DOCUMENT_NOT_FOUND, DOWNLOAD_FORBIDDEN,
 * STORAGE_ERROR, DB_ERROR. */
struct svc_result svc_document_download(struct db *db, struct arena *a, const struct config *cfg,
					const struct svc_actor *who, int64_t document_id,
					int64_t file, struct buf *out, struct document_file *meta);

/* The citizen's own data store (all documents, expired included, with
 * their files). */
/* When the document stops being usable (0 = never): the stated date or the
 * months of its type (core/doctype.h), whichever comes first; a document
 * stored before the types had months gets them from when it was stored. */
int64_t svc_document_valid_until(const struct document *d);

struct svc_result svc_store_own(struct db *db, struct arena *a, const struct svc_actor *who,
				struct document **out, size_t *n);
/* The store of a dossier's owner, for an officer handling that (open)
 * dossier. Errors: DOSSIER_NOT_FOUND, NOT_HANDLING. */
struct svc_result svc_store_of_dossier(struct db *db, struct arena *a, const struct svc_actor *who,
				       const char *code, struct document **out, size_t *n);

/* ---- results (svc_documents.c) ---- */

struct svc_result_in {
	const char *doc_type, *title; /* NULL = "result:<procedure>", the procedure's result name */
	int64_t valid_until;	      /* 0 = no limit */
	bool paper;		      /* a scan of a paper result */
};
/* The draft result file of dossier code, for an officer who may read the
 * dossier (issue 15: the leader sees what they approve): its bytes in out,
 * its type (blob type name) and name. Errors: FORBIDDEN (a citizen),
 * DOSSIER_NOT_FOUND, NOT_HANDLING_DOSSIER, NO_PERSONAL_DATA,
 * NO_RESULT_DRAFT, DB_ERROR, INTERNAL (the stored file unreadable). */
struct svc_result svc_result_draft_file(struct db *db, struct arena *a, const struct config *cfg,
					const struct svc_actor *who, const char *code,
					struct buf *out, const char **type, const char **name);
/* The result file a specialist proposes (replaces an earlier one). */
struct svc_result svc_result_draft(struct db *db, struct arena *a, const struct config *cfg,
				   const struct svc_actor *who, const char *code,
				   const struct svc_upload *up, const struct svc_result_in *in);

/* Signs the draft result and issues it (the lifecycle's issue_result
 * action), records the signed document in the owner's store and a
 * result_signed event. Only who may take issue_result now may sign.
 * Errors: DOSSIER_NOT_FOUND, SIGN_FORBIDDEN, NO_RESULT_DRAFT,
 * SIGNER_PIN_REFUSED, SIGNER_UNAVAILABLE, SIGN_FAILED, the lifecycle's,
 * STORAGE_ERROR, DB_ERROR. */
struct svc_result svc_result_issue(struct db *db, struct arena *a, const struct config *cfg,
				   const struct svc_actor *who, const char *code,
				   const char *result_code, struct result_row *out);

/* What the public verification page shows. */
struct svc_verification {
	struct result_row r;
	struct document doc; /* with files */
	const char *procedure_name_vi, *procedure_name_en;
	const char *file_sha256; /* the signed file (PDF) or the original (with .p7s) */
	struct pki_verify v;
	bool presented;	      /* a file was presented */
	bool matches;	      /* ... and it is the signed file (or its original) */
	struct pki_verify pv; /* the presented PDF's own signature check */
};
/* By the verification code; data (may be NULL) is a file to compare.
 * Errors: RESULT_NOT_FOUND, STORAGE_ERROR, DB_ERROR. */
struct svc_result svc_verify(struct db *db, struct arena *a, const struct config *cfg,
			     const char *verify_code, const void *data, size_t len,
			     struct svc_verification *out);

/* ---- the e-archive (svc_archive.c) ----
 *
 * One tar package per dossier: manifest.json (the dossier, its procedure
 * version and retention, its documents and components, its results, every
 * history event with its chain hashes, and every file with its SHA-256),
 * manifest.json.p7s (the agency's detached signature of the manifest),
 * files/<sha256>.<ext> (each file once), and pki/ca.pem (the trust anchor,
 * so that the package verifies offline). */

/* Writes the package of dossier code to out_path (through a temp file and
 * a rename). Returns 0, or -1 with a message in err. */
int svc_archive_export(struct db *db, const struct config *cfg, const char *code,
		       const char *out_path, char *err, size_t errlen);
/* Checks a package offline: the manifest's signature (against ca_path, or
 * the package's own pki/ca.pem when NULL), every file's hash, the event
 * chain (each event's hash recomputed, each link, the head), and every
 * result's signature. Writes one line per check to report. Returns 0 when
 * everything verifies, 1 when something does not, -1 if the package
 * cannot be read (err says why). */
int svc_archive_verify(const char *path, const char *ca_path, FILE *report, char *err,
		       size_t errlen);

/* Sets the retention of a procedure's dossiers (0 = permanent). */
struct svc_result svc_retention_set(struct db *db, const char *procedure_code, int64_t years,
				    const char *basis);
#define SVC_RETENTION_DEFAULT_YEARS 10
