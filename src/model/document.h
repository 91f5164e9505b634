/* Documents (issue 5): documents and their files, how each component of
 * a dossier was satisfied, result drafts and signed results.
 *
 * Layer: model, below svc and repo (docs/architecture.md): plain structs
 * that both pass, with no functions and no includes beyond libc. Strings
 * are borrowed or from the arena of whoever filled the struct.
 */
#ifndef MOTCUA_MODEL_DOCUMENT_H
#define MOTCUA_MODEL_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct document_file {
	int64_t document_id, ord; /* ord from 1: page order */
	const char *sha256, *type, *name;
	int64_t size;
};

struct document {
	int64_t id;
	const char *owner_kind, *owner_ident; /* person + ID number | organisation + tax code */
	const char *kind;		      /* component | result */
	const char *doc_type, *title, *issuer;
	int64_t issued_at, valid_until; /* 0 = not stated / no limit */
	int64_t dossier_id, component_ord;
	const char *hash; /* SHA-256 of the single file, or of the files' hashes in order */
	int64_t size;
	int64_t created_by, created_at;
	const char *dossier_code; /* joined on read */
	struct document_file *files;
	size_t nfiles;
};

/* A file a citizen uploaded for an online submission not made yet (issue
 * 15): bound to their account until a submission takes it. */
struct upload {
	int64_t id, user_id, size, created_at;
	const char *sha256, *type, *name;
	const char *issuer;		/* the document's facts, as stated; may be "" */
	int64_t issued_at, valid_until; /* 0 = not stated / no limit */
};

struct component_doc {
	int64_t dossier_id, ord;
	const char *how;			     /* uploaded | digitized | reused | exempt */
	int64_t document_id, reused_from_dossier_id; /* 0 = none */
	const char *reused_from_code;		     /* joined */
	const char *exemption, *reason;		     /* exempt */
	int64_t by_user, at;
	const char *by_name; /* joined */
};

struct result_draft {
	int64_t dossier_id;
	const char *sha256, *type, *name, *doc_type, *title;
	int64_t size, valid_until, by_user, at;
	bool paper; /* a digitized paper result */
};

struct result_row {
	int64_t id, dossier_id, document_id;
	const char *verify_code, *format, *signature_sha256, *draft_sha256, *signer, *key_kind;
	int64_t signed_by, signed_at;
	const char *dossier_code, *signed_by_name; /* joined */
};

#endif
