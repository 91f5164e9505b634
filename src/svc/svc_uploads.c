/* Files attached before an online submission (issue 15, item 5), as on the
 * national portal: the citizen uploads each component's files first; each
 * is checked like every upload (size, type from the content, PDFs parsed),
 * stored in the blob store and staged for their account (table uploads).
 * The submission names them per component, or names a document of the
 * owner's data store; svc_dossiers.c checks that through svcup_prepare()
 * before its write transaction and, inside it, svcup_bind() turns the
 * staged files into the new dossier's documents and takes them out of the
 * staging area, so a dossier reaches the desk with its files or not at all,
 * and a staged file is submitted once. See svc_documents.h.
 *
 * Layer: svc.
 */
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "core/doctype.h"
#include "core/roles.h"
#include "repo/repo_documents.h"
#include "svc/svc_documents.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_identity.h"

#define MB     (1024 * 1024)
#define DAY_MS (24 * 3600 * 1000LL)

/* ---- staging ---- */

struct stage_ctx {
	const struct svc_actor *who;
	struct upload *u;
	int64_t max_bytes;
};

static int stage_txn(struct db *db, void *arg)
{
	struct stage_ctx *c = arg;
	/* What nobody submitted within a day is dropped (its blob stays
	 * until the file store is cleaned, as a refused upload's does). */
	int rc = repo_uploads_expire(db, c->u->created_at - DAY_MS);
	int64_t count = 0, bytes = 0;
	if (rc == DB_OK)
		rc = repo_upload_usage(db, c->who->id, &count, &bytes);
	if (rc < 0)
		return rc;
	if (count >= SVC_MAX_UPLOADS)
		return db_abort(db, ERR_UPLOADS_TOO_MANY, "file", NULL);
	if (bytes + c->u->size > c->max_bytes)
		return db_abort(db, ERR_DOSSIER_FILES_TOO_LARGE, "file", NULL);
	return repo_upload_insert(db, c->u, &c->u->id);
}

struct svc_result svc_upload_stage(struct db *db, struct arena *a, const struct config *cfg,
				   const struct svc_actor *who, const struct svc_upload *up,
				   struct upload *out)
{
	if (!(who->roles & ROLE_CITIZEN) || (who->roles & ROLES_STAFF))
		return svc_fail(ERR_FORBIDDEN, NULL, NULL);
	enum blob_type type;
	char hex[BLOB_HEX + 1];
	struct svc_result r = svc_upload_store(cfg, up, &type, hex);
	if (r.code != ERR_NONE)
		return r;
	*out = (struct upload){.user_id = who->id,
			       .sha256 = arena_strdup(a, hex),
			       .type = blob_type_name(type),
			       .name = up->name ? up->name : "",
			       .issuer = up->issuer,
			       .issued_at = up->issued_at,
			       .valid_until = up->valid_until,
			       .size = (int64_t)up->len,
			       .created_at = clock_now_ms()};
	struct stage_ctx c = {.who = who, .u = out, .max_bytes = cfg->v.files_max_dossier_mb * MB};
	return svc_txn_result(db, db_run_txn(db, stage_txn, &c, DB_TXN_ATTEMPTS));
}

static int drop_txn(struct db *db, void *arg)
{
	const int64_t *ids = arg; /* {upload, user} */
	int64_t changes = 0;
	int rc = repo_upload_delete(db, ids[0], ids[1], &changes);
	if (rc < 0)
		return rc;
	return changes ? DB_OK : db_abort(db, ERR_UPLOAD_NOT_FOUND, "id", NULL);
}

struct svc_result svc_upload_drop(struct db *db, const struct svc_actor *who, int64_t id)
{
	int64_t ids[2] = {id, who->id};
	return svc_txn_result(db, db_run_txn(db, drop_txn, ids, DB_TXN_ATTEMPTS));
}

/* ---- the submission's files ---- */

/* The owner of a new dossier as its documents name it: kind and ident. */
static void owner_ident(const struct svc_receipt *in, const char **kind, const char **ident)
{
	const struct dossier_party *p = in->owner.kind ? &in->owner : &in->submitter;
	*kind = p->kind && !strcmp(p->kind, "organisation") ? "organisation" : "person";
	*ident = !strcmp(*kind, "organisation") ? p->tax_code : p->id_number;
	if (!*ident)
		*ident = "";
}

/* Is who verified for the owner (kind, ident)? */
static int verified_for(struct db *db, struct arena *a, const struct svc_actor *who,
			const char *kind, const char *ident, bool *yes)
{
	struct svc_identity me;
	int rc = svc_identity_of(db, a, who->id, &me);
	*yes = rc == DB_OK && svc_identity_verified_for(a, &me, kind, ident);
	return rc < 0 && rc != DB_NOT_FOUND ? rc : DB_OK;
}

/* Component i's staged files into *c; their bytes added to *total. */
static int prepare_files(struct db *db, struct arena *a, const struct svc_actor *who,
			 const struct svc_receipt *in, size_t i, struct svcup_component *c,
			 int64_t *total)
{
	const struct svc_component_in *ci = &in->components[i];
	c->files = arena_zalloc(a, (ci->nfiles + 1) * sizeof *c->files);
	c->nfiles = ci->nfiles;
	for (size_t k = 0; k < ci->nfiles; k++) {
		const char *field = arena_printf(a, "components[%zu].files[%zu]", i, k);
		int rc = repo_upload_get(db, a, ci->files[k], &c->files[k]);
		if (rc < 0 && rc != DB_NOT_FOUND)
			return rc;
		if (rc == DB_NOT_FOUND || c->files[k].user_id != who->id)
			return db_abort(db, ERR_UPLOAD_NOT_FOUND, field, NULL);
		/* Given twice (here or in an earlier component): one document each. */
		for (size_t j = 0; j <= i; j++)
			for (size_t m = 0; m < in->components[j].nfiles && (j < i || m < k); m++)
				if (in->components[j].files[m] == ci->files[k])
					return db_abort(db, ERR_FIELD_INVALID, field,
							"a file given twice");
		*total += c->files[k].size;
	}
	return DB_OK;
}

/* Component i's document of the data store into *c (svc_component_reuse()'s
 * rules, before the dossier exists). */
static int prepare_reuse(struct db *db, struct arena *a, const struct svc_actor *who,
			 const struct svc_receipt *in, const struct proc_component *pc, size_t i,
			 struct svcup_component *c)
{
	const char *field = arena_printf(a, "components[%zu].document_id", i);
	const char *kind, *ident;
	owner_ident(in, &kind, &ident);
	bool mine;
	int rc = verified_for(db, a, who, kind, ident, &mine);
	if (rc < 0)
		return rc;
	if (!mine)
		return db_abort(db, ERR_IDENTITY_NOT_VERIFIED, field, NULL);
	rc = repo_document_get(db, a, in->components[i].document_id, &c->reuse);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_DOCUMENT_NOT_FOUND, field, NULL);
	if (rc < 0)
		return rc;
	const struct document *doc = &c->reuse;
	if (!*doc->owner_ident || strcmp(doc->owner_kind, kind) || strcmp(doc->owner_ident, ident))
		return db_abort(db, ERR_REUSE_NOT_OWNER, field, NULL);
	bool in_store;
	if ((rc = repo_store_has(db, doc->id, &in_store)) < 0)
		return rc;
	if (!in_store)
		return db_abort(db, ERR_REUSE_NOT_IN_STORE, field, NULL);
	int64_t until = svc_document_valid_until(doc);
	if (until && until <= clock_now_ms())
		return db_abort(db, ERR_REUSE_EXPIRED, field, NULL);
	if (!pc->doc_type || strcmp(pc->doc_type, doc->doc_type))
		return db_abort(db, ERR_REUSE_TYPE_MISMATCH, field, doc->doc_type);
	return DB_OK;
}

int svcup_prepare(struct db *db, struct arena *a, const struct svc_actor *who,
		  const struct procedure *p, const struct svc_receipt *in,
		  struct svcup_component **out)
{
	bool citizen = !(who->roles & ROLE_RECEIVER);
	struct svcup_component *comps = arena_zalloc(a, (p->ncomponents + 1) * sizeof *comps);
	int64_t total = 0;
	for (size_t i = 0; i < p->ncomponents && i < in->ncomponents; i++) {
		const struct svc_component_in *ci = &in->components[i];
		const struct proc_component *pc = &p->components[i];
		bool given = ci->nfiles || ci->document_id;
		if (given && !citizen)
			return db_abort(db, ERR_FIELD_INVALID,
					arena_printf(a, "components[%zu].files", i),
					"files come with an online submission; the desk scans "
					"papers after receipt");
		if (!citizen)
			continue;
		bool uploaded = !strcmp(ci->status, "uploaded");
		if (ci->nfiles && ci->document_id)
			return db_abort(db, ERR_FIELD_INVALID,
					arena_printf(a, "components[%zu]", i),
					"files or document_id, not both");
		if (given && !uploaded)
			return db_abort(db, ERR_FIELD_INVALID,
					arena_printf(a, "components[%zu].status", i),
					"uploaded, for a component with files");
		/* No dossier without its files reaches the desk. */
		if (uploaded && !given)
			return db_abort(db, ERR_COMPONENT_FILE_MISSING,
					arena_printf(a, "components[%zu]", i), pc->name.vi);
		int rc = ci->nfiles	   ? prepare_files(db, a, who, in, i, &comps[i], &total)
			 : ci->document_id ? prepare_reuse(db, a, who, in, pc, i, &comps[i])
					   : DB_OK;
		if (rc != DB_OK)
			return rc;
		if (total > in->max_bytes)
			return db_abort(db, ERR_DOSSIER_FILES_TOO_LARGE,
					arena_printf(a, "components[%zu]", i), NULL);
	}
	*out = citizen ? comps : NULL;
	return DB_OK;
}

/* ---- inside the submission's transaction ---- */

struct bind {
	struct db *db;
	struct arena *a;
	const struct svc_actor *who;
	struct dossier *d;
	int64_t now;
	struct event *evs;
	size_t nev;
};

/* Appends an event of kind k with data to the new dossier's chain. */
static int bind_event(struct bind *b, enum event_kind k, const char *data)
{
	struct event e;
	memset(&e, 0, sizeof e);
	e.at = b->now;
	e.actor_id = b->who->id;
	e.actor = b->who->username;
	e.action = event_kind_def(k)->action;
	e.from_state = e.to_state = b->d->state;
	e.step_from = e.step_to = b->d->step;
	e.timeliness = "";
	e.note = "";
	e.data = data;
	int rc = svcd_append_event(b->db, b->a, b->d, &e);
	if (rc == DB_OK)
		b->evs[b->nev++] = e;
	return rc;
}

/* The document's hash: its single file's, else SHA-256 of the files'
 * hashes in page order (as svc_documents.c makes it for a scan). */
static const char *pages_hash(struct arena *a, const struct upload *f, size_t n)
{
	if (n == 1)
		return f[0].sha256;
	char hex[BLOB_HEX + 1];
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_adds(&b, f[i].sha256);
	blob_hash(b.p, b.len, hex);
	buf_release(&b);
	return arena_strdup(a, hex);
}

/* Component ord's staged files as one document of the dossier. */
static int bind_files(struct bind *b, const struct proc_component *pc, int64_t ord,
		      const struct svcup_component *c, const char *kind, const char *ident)
{
	struct document doc = {.owner_kind = kind,
			       .owner_ident = ident,
			       .kind = "component",
			       .doc_type = pc->doc_type ? pc->doc_type : "",
			       .title = pc->name.vi,
			       .issuer = c->files[0].issuer,
			       .issued_at = c->files[0].issued_at,
			       .valid_until =
				       doctype_valid_until(pc->doc_type, c->files[0].issued_at,
							   b->now, c->files[0].valid_until, NULL),
			       .dossier_id = b->d->id,
			       .component_ord = ord,
			       .hash = pages_hash(b->a, c->files, c->nfiles),
			       .created_by = b->who->id,
			       .created_at = b->now};
	for (size_t k = 0; k < c->nfiles; k++)
		doc.size += c->files[k].size;
	int rc = repo_document_insert(b->db, &doc, &doc.id);
	for (size_t k = 0; k < c->nfiles && rc == DB_OK; k++) {
		const struct upload *u = &c->files[k];
		struct document_file f = {.document_id = doc.id,
					  .ord = (int64_t)k + 1,
					  .sha256 = u->sha256,
					  .type = u->type,
					  .name = u->name,
					  .size = u->size};
		int64_t gone = 0;
		if ((rc = repo_document_file_add(b->db, &f)) < 0 ||
		    (rc = repo_upload_delete(b->db, u->id, b->who->id, &gone)) < 0)
			return rc;
		if (!gone) /* submitted meanwhile by another request */
			return db_abort(b->db, ERR_UPLOAD_NOT_FOUND,
					arena_printf(b->a, "components[%lld].files[%zu]",
						     (long long)ord - 1, k),
					NULL);
		struct evd_page pg = {.component = ord,
				      .document_id = doc.id,
				      .page = f.ord,
				      .sha256 = u->sha256,
				      .type = u->type,
				      .size = u->size};
		rc = bind_event(b, EVENT_COMPONENT_UPLOADED, evd_component_page(b->a, true, &pg));
	}
	if (rc < 0)
		return rc;
	struct component_doc n = {.dossier_id = b->d->id,
				  .ord = ord,
				  .how = "uploaded",
				  .document_id = doc.id,
				  .by_user = b->who->id,
				  .at = b->now};
	return repo_component_doc_put(b->db, &n);
}

static int bind_reuse(struct bind *b, int64_t ord, const struct document *doc)
{
	struct component_doc n = {.dossier_id = b->d->id,
				  .ord = ord,
				  .how = "reused",
				  .document_id = doc->id,
				  .reused_from_dossier_id = doc->dossier_id,
				  .by_user = b->who->id,
				  .at = b->now};
	int rc = repo_component_doc_put(b->db, &n);
	if (rc < 0)
		return rc;
	struct evd_reuse v = {.component = ord,
			      .document_id = doc->id,
			      .from_dossier = doc->dossier_code,
			      .hash = doc->hash};
	return bind_event(b, EVENT_COMPONENT_REUSED, evd_component_reused(b->a, &v));
}

int svcup_bind(struct db *db, struct arena *a, const struct svc_actor *who, struct dossier *d,
	       const struct procedure *p, const struct svcup_component *comps, int64_t now,
	       struct event **evs, size_t *nev)
{
	size_t most = 0;
	for (size_t i = 0; i < p->ncomponents; i++)
		most += comps[i].nfiles + 1;
	struct bind b = {.db = db,
			 .a = a,
			 .who = who,
			 .d = d,
			 .now = now,
			 .evs = arena_zalloc(a, (most + 1) * sizeof *b.evs)};
	/* An upload enters the owner's store (once accepted) only if who is
	 * verified for the owner; else it belongs to this dossier alone. */
	const struct dossier_party *o = d->owner.kind ? &d->owner : &d->submitter;
	const char *kind = o->kind && !strcmp(o->kind, "organisation") ? "organisation" : "person";
	const char *ident = !strcmp(kind, "organisation") ? o->tax_code : o->id_number;
	bool mine = false;
	int rc = verified_for(db, a, who, kind, ident ? ident : "", &mine);
	for (size_t i = 0; i < p->ncomponents && rc == DB_OK; i++) {
		const struct svcup_component *c = &comps[i];
		if (c->nfiles)
			rc = bind_files(&b, &p->components[i], (int64_t)i + 1, c, kind,
					mine && ident ? ident : "");
		else if (c->reuse.id)
			rc = bind_reuse(&b, (int64_t)i + 1, &c->reuse);
	}
	*evs = b.evs;
	*nev = b.nev;
	return rc;
}
