/* Documents, their files, components' provenance, the applicant's data
 * store, result drafts, signed results and retention rules (see
 * repo_documents.h). Layer: repo. */
#include <string.h>

#include "repo/repo_documents.h"

static struct db_arg opt_i(int64_t v)
{
	return v ? DB_I(v) : DB_NULL;
}

#define DOC_COLS                                                                                   \
	"d.id, d.owner_kind, d.owner_ident, d.kind, d.doc_type, d.title, d.issuer, d.issued_at, "  \
	"d.valid_until, d.dossier_id, d.component_ord, d.hash, d.size, d.created_by, "             \
	"d.created_at, x.code"

static void read_doc(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct document *d = elem;
	memset(d, 0, sizeof *d);
	d->id = db_res_int(r, i, 0);
	d->owner_kind = repo_textn(a, r, i, 1);
	d->owner_ident = repo_textn(a, r, i, 2);
	d->kind = repo_textn(a, r, i, 3);
	d->doc_type = repo_textn(a, r, i, 4);
	d->title = repo_textn(a, r, i, 5);
	d->issuer = repo_textn(a, r, i, 6);
	d->issued_at = db_res_int(r, i, 7);
	d->valid_until = db_res_int(r, i, 8);
	d->dossier_id = db_res_int(r, i, 9);
	d->component_ord = db_res_int(r, i, 10);
	d->hash = repo_textn(a, r, i, 11);
	d->size = db_res_int(r, i, 12);
	d->created_by = db_res_int(r, i, 13);
	d->created_at = db_res_int(r, i, 14);
	d->dossier_code = repo_textn(a, r, i, 15);
}

static int read_docs(struct db *db, struct arena *a, const char *sql, const struct db_arg *args,
		     size_t nargs, struct document **out, size_t *n)
{
	return repo_rows_read(db, a, sql, args, nargs, read_doc, NULL, sizeof **out, out, n);
}

int repo_document_insert(struct db *db, const struct document *d, int64_t *id)
{
	return repo_insert(
		db,
		"INSERT INTO documents (owner_kind, owner_ident, kind, doc_type, title, issuer, "
		"issued_at, valid_until, dossier_id, component_ord, hash, size, created_by, "
		"created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_T(d->owner_kind), DB_T(d->owner_ident), DB_T(d->kind),
			DB_T(d->doc_type ? d->doc_type : ""), DB_T(d->title ? d->title : ""),
			DB_T(d->issuer ? d->issuer : ""), opt_i(d->issued_at),
			opt_i(d->valid_until), DB_I(d->dossier_id), opt_i(d->component_ord),
			DB_T(d->hash), DB_I(d->size), opt_i(d->created_by), DB_I(d->created_at)),
		id);
}

int repo_document_set_hash(struct db *db, int64_t id, const char *hash, int64_t size)
{
	return db_exec(db, "UPDATE documents SET hash = ?, size = ? WHERE id = ?",
		       DB_ARGS(DB_T(hash), DB_I(size), DB_I(id)), NULL);
}

static void read_file(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct document_file *f = elem;
	f->document_id = *(const int64_t *)ctx;
	f->ord = db_res_int(r, i, 0);
	f->sha256 = repo_textn(a, r, i, 1);
	f->size = db_res_int(r, i, 2);
	f->type = repo_textn(a, r, i, 3);
	f->name = repo_textn(a, r, i, 4);
}

int repo_document_files(struct db *db, struct arena *a, int64_t document_id,
			struct document_file **out, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT ord, sha256, size, type, name FROM document_files WHERE "
			 "document_id = ? ORDER BY ord",
			 DB_ARGS(DB_I(document_id)), read_file, &document_id, out, n);
}

int repo_document_get(struct db *db, struct arena *a, int64_t id, struct document *out)
{
	struct document *d;
	size_t n;
	int rc = read_docs(db, a,
			   "SELECT " DOC_COLS
			   " FROM documents d JOIN dossiers x ON x.id = d.dossier_id "
			   "WHERE d.id = ?",
			   DB_ARGS(DB_I(id)), &d, &n);
	if (rc < 0)
		return rc;
	if (n == 0)
		return DB_NOT_FOUND;
	*out = d[0];
	return repo_document_files(db, a, id, &out->files, &out->nfiles);
}

int repo_document_file_add(struct db *db, const struct document_file *f)
{
	return db_exec(db,
		       "INSERT INTO document_files (document_id, ord, sha256, size, type, name) "
		       "VALUES (?, ?, ?, ?, ?, ?)",
		       DB_ARGS(DB_I(f->document_id), DB_I(f->ord), DB_T(f->sha256), DB_I(f->size),
			       DB_T(f->type), DB_T(f->name ? f->name : "")),
		       NULL);
}

int repo_upload_insert(struct db *db, const struct upload *u, int64_t *id)
{
	return repo_insert(
		db,
		"INSERT INTO uploads (user_id, sha256, size, type, name, issuer, issued_at, "
		"valid_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_I(u->user_id), DB_T(u->sha256), DB_I(u->size), DB_T(u->type),
			DB_T(u->name ? u->name : ""), DB_T(u->issuer ? u->issuer : ""),
			opt_i(u->issued_at), opt_i(u->valid_until), DB_I(u->created_at)),
		id);
}

static void read_upload(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct upload *u = elem;
	(void)ctx;
	u->id = db_res_int(r, i, 0);
	u->user_id = db_res_int(r, i, 1);
	u->sha256 = repo_textn(a, r, i, 2);
	u->size = db_res_int(r, i, 3);
	u->type = repo_textn(a, r, i, 4);
	u->name = repo_textn(a, r, i, 5);
	u->created_at = db_res_int(r, i, 6);
	u->issuer = repo_textn(a, r, i, 7);
	u->issued_at = db_res_int(r, i, 8);
	u->valid_until = db_res_int(r, i, 9);
}

int repo_upload_get(struct db *db, struct arena *a, int64_t id, struct upload *out)
{
	struct upload *u;
	size_t n;
	int rc = repo_rows(db, a,
			   "SELECT id, user_id, sha256, size, type, name, created_at, issuer, "
			   "issued_at, valid_until FROM uploads WHERE id = ?",
			   DB_ARGS(DB_I(id)), read_upload, NULL, &u, &n);
	if (rc < 0)
		return rc;
	if (n == 0)
		return DB_NOT_FOUND;
	*out = u[0];
	return DB_OK;
}

int repo_upload_usage(struct db *db, int64_t user_id, int64_t *count, int64_t *bytes)
{
	struct db_res *r = NULL;
	int rc = db_query(db,
			  "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM uploads WHERE user_id = ?",
			  DB_ARGS(DB_I(user_id)), &r);
	if (rc < 0)
		return rc;
	*count = db_res_int(r, 0, 0);
	*bytes = db_res_int(r, 0, 1);
	db_res_free(r);
	return DB_OK;
}

int repo_upload_delete(struct db *db, int64_t id, int64_t user_id, int64_t *changes)
{
	return db_exec(db, "DELETE FROM uploads WHERE id = ? AND user_id = ?",
		       DB_ARGS(DB_I(id), DB_I(user_id)), changes);
}

int repo_uploads_expire(struct db *db, int64_t before)
{
	return db_exec(db, "DELETE FROM uploads WHERE created_at < ?", DB_ARGS(DB_I(before)), NULL);
}

int repo_documents_of_dossier(struct db *db, struct arena *a, int64_t dossier_id,
			      struct document **out, size_t *n)
{
	return read_docs(db, a,
			 "SELECT " DOC_COLS
			 " FROM documents d JOIN dossiers x ON x.id = d.dossier_id "
			 "WHERE d.dossier_id = ? OR d.id IN (SELECT document_id FROM "
			 "dossier_component_docs WHERE dossier_id = ? AND document_id IS NOT NULL) "
			 "ORDER BY d.id",
			 DB_ARGS(DB_I(dossier_id), DB_I(dossier_id)), out, n);
}

int repo_dossier_holds(struct db *db, int64_t dossier_id, int64_t document_id, bool *holds)
{
	int64_t v = 0;
	bool found;
	int rc = db_query_int(
		db,
		"SELECT 1 FROM documents WHERE id = ? AND dossier_id = ? UNION ALL "
		"SELECT 1 FROM dossier_component_docs WHERE document_id = ? AND dossier_id = ?",
		DB_ARGS(DB_I(document_id), DB_I(dossier_id), DB_I(document_id), DB_I(dossier_id)),
		&v, &found);
	*holds = rc == DB_OK && found;
	return rc;
}

int repo_document_dossiers(struct db *db, struct arena *a, int64_t document_id, const char ***codes,
			   size_t *n)
{
	return repo_rows(
		db, a,
		"SELECT x.code FROM dossiers x WHERE x.id IN (SELECT dossier_id FROM documents "
		"WHERE id = ? UNION SELECT dossier_id FROM dossier_component_docs WHERE "
		"document_id = ?) ORDER BY x.id",
		DB_ARGS(DB_I(document_id), DB_I(document_id)), repo_row_text, NULL, codes, n);
}

#define CDOC_COLS                                                                                  \
	"c.dossier_id, c.ord, c.how, c.document_id, c.reused_from_dossier_id, o.code, "            \
	"c.exemption, c.reason, c.by_user, c.at, u.full_name FROM dossier_component_docs c "       \
	"LEFT JOIN dossiers o ON o.id = c.reused_from_dossier_id LEFT JOIN users u ON u.id = "     \
	"c.by_user "

static void read_cdoc(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct component_doc *c = elem;
	c->dossier_id = db_res_int(r, i, 0);
	c->ord = db_res_int(r, i, 1);
	c->how = repo_textn(a, r, i, 2);
	c->document_id = db_res_int(r, i, 3);
	c->reused_from_dossier_id = db_res_int(r, i, 4);
	c->reused_from_code = repo_textn(a, r, i, 5);
	c->exemption = repo_textn(a, r, i, 6);
	c->reason = repo_textn(a, r, i, 7);
	c->by_user = db_res_int(r, i, 8);
	c->at = db_res_int(r, i, 9);
	c->by_name = repo_textn(a, r, i, 10);
}

int repo_component_doc_get(struct db *db, struct arena *a, int64_t dossier_id, int64_t ord,
			   struct component_doc *out)
{
	return repo_row(db, a, "SELECT " CDOC_COLS "WHERE c.dossier_id = ? AND c.ord = ?",
			DB_ARGS(DB_I(dossier_id), DB_I(ord)), read_cdoc, NULL, out);
}

int repo_component_docs(struct db *db, struct arena *a, int64_t dossier_id,
			struct component_doc **out, size_t *n)
{
	return repo_rows(db, a, "SELECT " CDOC_COLS "WHERE c.dossier_id = ? ORDER BY c.ord",
			 DB_ARGS(DB_I(dossier_id)), read_cdoc, NULL, out, n);
}

int repo_component_doc_put(struct db *db, const struct component_doc *c)
{
	return db_exec(
		db,
		"INSERT INTO dossier_component_docs (dossier_id, ord, how, document_id, "
		"reused_from_dossier_id, exemption, reason, by_user, at) VALUES (?, ?, ?, ?, ?, ?, "
		"?, "
		"?, ?) ON CONFLICT (dossier_id, ord) DO UPDATE SET how = excluded.how, document_id "
		"= "
		"excluded.document_id, reused_from_dossier_id = excluded.reused_from_dossier_id, "
		"exemption = excluded.exemption, reason = excluded.reason, by_user = "
		"excluded.by_user, "
		"at = excluded.at",
		DB_ARGS(DB_I(c->dossier_id), DB_I(c->ord), DB_T(c->how), opt_i(c->document_id),
			opt_i(c->reused_from_dossier_id), DB_T(c->exemption),
			DB_T(c->reason ? c->reason : ""), opt_i(c->by_user), DB_I(c->at)),
		NULL);
}

/* Accepted: a result, or a component of a dossier received and not refused. */
#define IN_STORE "(d.kind = 'result' OR (x.received_at IS NOT NULL AND x.state <> 'refused'))"

int repo_store_list(struct db *db, struct arena *a, const char *owner_kind, const char *owner_ident,
		    const char *doc_type, int64_t valid_at, struct document **out, size_t *n)
{
	return read_docs(db, a,
			 "SELECT " DOC_COLS
			 " FROM documents d JOIN dossiers x ON x.id = d.dossier_id "
			 "WHERE d.owner_kind = ? AND d.owner_ident = ? AND " IN_STORE
			 " AND (CAST(? AS TEXT) IS NULL OR d.doc_type = ?) AND (CAST(? AS BIGINT) "
			 "= 0 OR d.valid_until IS NULL OR "
			 "d.valid_until > CAST(? AS BIGINT)) ORDER BY d.created_at DESC, d.id DESC",
			 DB_ARGS(DB_T(owner_kind), DB_T(owner_ident), DB_T(doc_type),
				 DB_T(doc_type), DB_I(valid_at), DB_I(valid_at)),
			 out, n);
}

int repo_store_has(struct db *db, int64_t document_id, bool *in)
{
	int64_t v;
	bool found;
	int rc = db_query_int(
		db,
		"SELECT 1 FROM documents d JOIN dossiers x ON x.id = d.dossier_id WHERE "
		"d.id = ? AND " IN_STORE,
		DB_ARGS(DB_I(document_id)), &v, &found);
	*in = rc == DB_OK && found;
	return rc;
}

int repo_result_draft_put(struct db *db, const struct result_draft *r)
{
	return db_exec(
		db,
		"INSERT INTO result_drafts (dossier_id, sha256, size, type, name, doc_type, title, "
		"valid_until, paper, by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON "
		"CONFLICT "
		"(dossier_id) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, type = "
		"excluded.type, name = excluded.name, doc_type = excluded.doc_type, title = "
		"excluded.title, valid_until = excluded.valid_until, paper = excluded.paper, "
		"by_user "
		"= excluded.by_user, at = excluded.at",
		DB_ARGS(DB_I(r->dossier_id), DB_T(r->sha256), DB_I(r->size), DB_T(r->type),
			DB_T(r->name ? r->name : ""), DB_T(r->doc_type ? r->doc_type : ""),
			DB_T(r->title ? r->title : ""), opt_i(r->valid_until),
			DB_I(r->paper ? 1 : 0), opt_i(r->by_user), DB_I(r->at)),
		NULL);
}

static void read_draft(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct result_draft *d = elem;
	d->dossier_id = *(const int64_t *)ctx;
	d->sha256 = repo_textn(a, r, i, 0);
	d->size = db_res_int(r, i, 1);
	d->type = repo_textn(a, r, i, 2);
	d->name = repo_textn(a, r, i, 3);
	d->doc_type = repo_textn(a, r, i, 4);
	d->title = repo_textn(a, r, i, 5);
	d->valid_until = db_res_int(r, i, 6);
	d->paper = db_res_int(r, i, 7) != 0;
	d->by_user = db_res_int(r, i, 8);
	d->at = db_res_int(r, i, 9);
}

int repo_result_draft_get(struct db *db, struct arena *a, int64_t dossier_id,
			  struct result_draft *out)
{
	return repo_row(db, a,
			"SELECT sha256, size, type, name, doc_type, title, valid_until, paper, "
			"by_user, at FROM result_drafts WHERE dossier_id = ?",
			DB_ARGS(DB_I(dossier_id)), read_draft, &dossier_id, out);
}

int repo_result_insert(struct db *db, const struct result_row *r, int64_t *id)
{
	return repo_insert(db,
			   "INSERT INTO results (dossier_id, verify_code, document_id, format, "
			   "signature_sha256, "
			   "draft_sha256, signer, key_kind, signed_by, signed_at) VALUES (?, ?, "
			   "?, ?, ?, ?, ?, ?, "
			   "?, ?) RETURNING id",
			   DB_ARGS(DB_I(r->dossier_id), DB_T(r->verify_code), DB_I(r->document_id),
				   DB_T(r->format), DB_T(r->signature_sha256),
				   DB_T(r->draft_sha256), DB_T(r->signer), DB_T(r->key_kind),
				   opt_i(r->signed_by), DB_I(r->signed_at)),
			   id);
}

#define RESULT_COLS                                                                                \
	"r.id, r.dossier_id, r.document_id, r.verify_code, r.format, r.signature_sha256, "         \
	"r.draft_sha256, r.signer, r.key_kind, r.signed_by, r.signed_at, x.code, u.full_name "     \
	"FROM results r JOIN dossiers x ON x.id = r.dossier_id LEFT JOIN users u ON u.id = "       \
	"r.signed_by "

static void read_result(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct result_row *o = elem;
	o->id = db_res_int(r, i, 0);
	o->dossier_id = db_res_int(r, i, 1);
	o->document_id = db_res_int(r, i, 2);
	o->verify_code = repo_textn(a, r, i, 3);
	o->format = repo_textn(a, r, i, 4);
	o->signature_sha256 = repo_textn(a, r, i, 5);
	o->draft_sha256 = repo_textn(a, r, i, 6);
	o->signer = repo_textn(a, r, i, 7);
	o->key_kind = repo_textn(a, r, i, 8);
	o->signed_by = db_res_int(r, i, 9);
	o->signed_at = db_res_int(r, i, 10);
	o->dossier_code = repo_textn(a, r, i, 11);
	o->signed_by_name = repo_textn(a, r, i, 12);
}

int repo_result_by_code(struct db *db, struct arena *a, const char *verify_code,
			struct result_row *out)
{
	return repo_row(db, a, "SELECT " RESULT_COLS "WHERE r.verify_code = ?",
			DB_ARGS(DB_T(verify_code)), read_result, NULL, out);
}

int repo_results_of(struct db *db, struct arena *a, int64_t dossier_id, struct result_row **out,
		    size_t *n)
{
	return repo_rows(db, a, "SELECT " RESULT_COLS "WHERE r.dossier_id = ? ORDER BY r.id DESC",
			 DB_ARGS(DB_I(dossier_id)), read_result, NULL, out, n);
}

int repo_retention_get(struct db *db, struct arena *a, const char *procedure_code, int64_t *years,
		       const char **basis)
{
	struct db_res *r;
	int rc = db_query(db, "SELECT years, basis FROM retention_rules WHERE procedure_code = ?",
			  DB_ARGS(DB_T(procedure_code)), &r);
	if (rc < 0)
		return rc;
	if (db_res_rows(r) == 0) {
		db_res_free(r);
		return DB_NOT_FOUND;
	}
	*years = db_res_int(r, 0, 0);
	*basis = repo_textn(a, r, 0, 1);
	db_res_free(r);
	return DB_OK;
}

int repo_retention_put(struct db *db, const char *procedure_code, int64_t years, const char *basis)
{
	return db_exec(
		db,
		"INSERT INTO retention_rules (procedure_code, years, basis) VALUES (?, ?, ?) "
		"ON CONFLICT (procedure_code) DO UPDATE SET years = excluded.years, basis = "
		"excluded.basis",
		DB_ARGS(DB_T(procedure_code), DB_I(years), DB_T(basis ? basis : "")), NULL);
}

int repo_blob_referenced(struct db *db, const char *hex, bool *yes)
{
	int64_t n = 0;
	bool found;
	int rc = db_query_int(
		db,
		"SELECT CASE WHEN EXISTS (SELECT 1 FROM document_files WHERE sha256 = ?) OR EXISTS "
		"(SELECT 1 FROM uploads WHERE sha256 = ?) OR EXISTS (SELECT 1 FROM result_drafts "
		"WHERE sha256 = ?) OR EXISTS (SELECT 1 FROM results WHERE signature_sha256 = ?) OR "
		"EXISTS (SELECT 1 FROM results WHERE draft_sha256 = ?) OR EXISTS (SELECT 1 FROM "
		"payment_receipts WHERE sha256 = ?) THEN 1 ELSE 0 END",
		DB_ARGS(DB_T(hex), DB_T(hex), DB_T(hex), DB_T(hex), DB_T(hex), DB_T(hex)), &n,
		&found);
	*yes = n > 0;
	return rc;
}

int repo_blob_hashes(struct db *db, struct arena *a, const char *after, int64_t limit,
		     const char ***out, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT h FROM (SELECT sha256 AS h FROM document_files UNION SELECT "
			 "sha256 FROM result_drafts UNION SELECT sha256 FROM uploads UNION SELECT "
			 "signature_sha256 FROM results "
			 "WHERE signature_sha256 IS NOT NULL) t WHERE h > ? ORDER BY h LIMIT ?",
			 DB_ARGS(DB_T(after), DB_I(limit)), repo_row_text, NULL, out, n);
}
