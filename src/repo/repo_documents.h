/* Rows of documents (issue 5): documents and their files, how each
 * component of a dossier was satisfied, the applicant's data store, result
 * drafts, signed results and retention rules. Kept apart from repo.h so
 * that the documents work does not edit a header every engineer shares.
 *
 * Layer: repo. Conventions of repo.h: DB_OK or a negative DB_* status,
 * DB_NOT_FOUND for a missing row, strings from the caller's arena.
 */
#ifndef MOTCUA_REPO_DOCUMENTS_H
#define MOTCUA_REPO_DOCUMENTS_H

#include "model/document.h"
#include "repo/repo.h"

int repo_document_insert(struct db *db, const struct document *d, int64_t *id);
int repo_document_set_hash(struct db *db, int64_t id, const char *hash, int64_t size);
/* With its files. */
int repo_document_get(struct db *db, struct arena *a, int64_t id, struct document *out);
int repo_document_file_add(struct db *db, const struct document_file *f);
int repo_document_files(struct db *db, struct arena *a, int64_t document_id,
			struct document_file **out, size_t *n);
/* The documents a dossier holds: its own (components and results) and
 * those its components reuse; without files. */
int repo_documents_of_dossier(struct db *db, struct arena *a, int64_t dossier_id,
			      struct document **out, size_t *n);
/* Whether the dossier holds the document (own or reused). */
int repo_dossier_holds(struct db *db, int64_t dossier_id, int64_t document_id, bool *holds);
/* Codes of the dossiers that hold a document (its own and reusing ones). */
int repo_document_dossiers(struct db *db, struct arena *a, int64_t document_id, const char ***codes,
			   size_t *n);

/* Files staged for an online submission (struct upload). */
int repo_upload_insert(struct db *db, const struct upload *u, int64_t *id);
int repo_upload_get(struct db *db, struct arena *a, int64_t id, struct upload *out);
/* How many files user_id has staged, and their bytes. */
int repo_upload_usage(struct db *db, int64_t user_id, int64_t *count, int64_t *bytes);
/* Deletes user_id's upload id; *changes 0 if there was none. */
int repo_upload_delete(struct db *db, int64_t id, int64_t user_id, int64_t *changes);
/* Deletes every upload made before `before` (ms). */
int repo_uploads_expire(struct db *db, int64_t before);

int repo_component_doc_get(struct db *db, struct arena *a, int64_t dossier_id, int64_t ord,
			   struct component_doc *out);
int repo_component_docs(struct db *db, struct arena *a, int64_t dossier_id,
			struct component_doc **out, size_t *n);
/* Inserts or replaces the row of (dossier, ord). */
int repo_component_doc_put(struct db *db, const struct component_doc *c);

/* The data store of an owner: results, and components of dossiers that
 * were received and not refused. doc_type NULL = every type; valid_at > 0
 * = only documents still valid then (no limit, or valid_until > valid_at).
 * Newest first, without files. */
int repo_store_list(struct db *db, struct arena *a, const char *owner_kind, const char *owner_ident,
		    const char *doc_type, int64_t valid_at, struct document **out, size_t *n);
/* Whether a document is in its owner's store (accepted or issued). */
int repo_store_has(struct db *db, int64_t document_id, bool *in);

int repo_result_draft_put(struct db *db, const struct result_draft *r);
int repo_result_draft_get(struct db *db, struct arena *a, int64_t dossier_id,
			  struct result_draft *out);

int repo_result_insert(struct db *db, const struct result_row *r, int64_t *id);
int repo_result_by_code(struct db *db, struct arena *a, const char *verify_code,
			struct result_row *out);
/* Results of a dossier, newest first. */
int repo_results_of(struct db *db, struct arena *a, int64_t dossier_id, struct result_row **out,
		    size_t *n);

/* Years to keep a procedure's dossiers (0 = permanently); DB_NOT_FOUND
 * if the procedure has no rule (the caller applies the default). */
int repo_retention_get(struct db *db, struct arena *a, const char *procedure_code, int64_t *years,
		       const char **basis);
int repo_retention_put(struct db *db, const char *procedure_code, int64_t years, const char *basis);

/* The SHA-256 of every file the database refers to (document files, result
 * drafts, detached signatures), each once, in order, after `after` ("" =
 * from the start), at most limit: the file store's manifest for `audit
 * verify`. */
int repo_blob_hashes(struct db *db, struct arena *a, const char *after, int64_t limit,
		     const char ***out, size_t *n);
/* Does any row (a document's file, a staged upload, a result's draft, its
 * signed file or detached signature, a payment receipt) name the file hex?
 * The file store's prune asks before removing it. */
int repo_blob_referenced(struct db *db, const char *hex, bool *yes);

#endif
