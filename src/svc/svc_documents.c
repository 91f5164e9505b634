/* Documents as use cases (see svc_documents.h): files attached to the
 * components of a dossier (digitized at the desk or uploaded online), the
 * four exemptions, reuse from the applicant's data store, downloads with
 * their authorization, the result draft, signing at issue, and public
 * verification. Every action on a dossier appends an event to its chain
 * through the lifecycle's svcd_append_event(), in the same transaction as
 * the rows it adds.
 *
 * Who may see what (issue 5): the owner (the citizen account whose ID
 * number or tax code owns the dossier's documents) sees and downloads their
 * own; an officer only while handling a dossier that holds the document,
 * as core/access.c decides (reading: ACCESS_READ; adding papers and the
 * owner's store: ACCESS_WORK); administrators see none. An officer's read
 * of the checklist or the store is recorded as a `viewed` event.
 *
 * Layer: svc.
 */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/log.h"
#include "base/text.h"
#include "core/doctype.h"
#include "core/roles.h"
#include "repo/repo_documents.h"
#include "svc/svc_documents.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_identity.h"

#define MB (1024 * 1024)

/* ---- the file store ---- */

static pthread_mutex_t blobs_mu = PTHREAD_MUTEX_INITIALIZER;
static struct blob_store *blobs;

int svc_blobs_get(const struct config *cfg, struct blob_store **out)
{
	pthread_mutex_lock(&blobs_mu);
	int rc = 0;
	if (!blobs) {
		char err[512];
		rc = blob_fs_open(cfg->v.data_dir, &blobs, err, sizeof err);
		if (rc != 0)
			log_error("file store: %s", err);
	}
	*out = blobs;
	pthread_mutex_unlock(&blobs_mu);
	return rc;
}

void svc_blobs_reset(void)
{
	pthread_mutex_lock(&blobs_mu);
	blob_close(blobs);
	blobs = NULL;
	pthread_mutex_unlock(&blobs_mu);
}

struct svc_result svc_blob_fail(int blob_status)
{
	return svc_fail(blob_status == BLOB_CORRUPT ? ERR_FILE_CORRUPT : ERR_STORAGE_ERROR, NULL,
			NULL);
}

struct svc_result svc_upload_check(const struct config *cfg, const struct svc_upload *up,
				   enum blob_type *type)
{
	if (up->len == 0)
		return svc_fail(ERR_FILE_EMPTY, "file", NULL);
	int64_t max = cfg->v.files_max_file_mb * MB;
	if ((int64_t)up->len > max)
		return svc_fail(ERR_FILE_TOO_LARGE, "file", NULL);
	enum blob_sniff_why why;
	*type = blob_sniff(up->data, up->len, &why);
	if (*type == BLOB_T_UNKNOWN)
		return svc_fail(why == SNIFF_PDF_BROKEN ? ERR_FILE_PDF_INVALID
							: ERR_FILE_TYPE_NOT_ALLOWED,
				"file", NULL);
	if (up->declared && *up->declared &&
	    strncmp(up->declared, "application/octet-stream", 24)) {
		enum blob_type d = blob_type_parse(up->declared);
		if (d != *type)
			return svc_fail(ERR_FILE_TYPE_MISMATCH, "file", blob_type_name(*type));
	}
	return svc_ok();
}

struct svc_result svc_upload_store(const struct config *cfg, const struct svc_upload *up,
				   enum blob_type *type, char hex[BLOB_HEX + 1])
{
	struct svc_result r = svc_upload_check(cfg, up, type);
	if (r.code != ERR_NONE)
		return r;
	struct blob_store *bs;
	if (svc_blobs_get(cfg, &bs) != 0 || blob_put(bs, up->data, up->len, hex) != BLOB_OK)
		return svc_fail(ERR_STORAGE_ERROR, NULL, NULL);
	return svc_ok();
}

/* ---- who is who ---- */

static void owner_of(const struct dossier *d, const char **kind, const char **ident,
		     const char **name)
{
	const struct dossier_party *p = d->owner.kind ? &d->owner : &d->submitter;
	*kind = p->kind;
	*ident = !strcmp(p->kind, "organisation") ? p->tax_code : p->id_number;
	if (!*ident)
		*ident = "";
	if (name)
		*name = p->name;
}

static bool is_staff(const struct svc_actor *who)
{
	return who->roles &
	       (ROLE_RECEIVER | ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE);
}

/* Is the citizen who verified for the owner (kind, ident)? A number only
 * claimed opens nobody's papers (svc_identity.h). */
static bool owns(struct db *db, struct arena *a, const struct svc_actor *who, const char *kind,
		 const char *ident, int *dbrc)
{
	struct svc_identity me;
	*dbrc = svc_identity_of(db, a, who->id, &me);
	return *dbrc == DB_OK && svc_identity_verified_for(a, &me, kind, ident);
}

/* ---- events ---- */

int svcdoc_append(struct db *db, struct arena *a, struct dossier *d, const struct svc_actor *who,
		  enum event_kind k, const char *note, const char *data, int64_t now)
{
	int64_t old = d->nevents;
	struct event e;
	memset(&e, 0, sizeof e);
	e.at = now;
	e.actor_id = who ? who->id : 0;
	e.actor = who ? who->username : "";
	e.action = event_kind_def(k)->action;
	e.from_state = e.to_state = d->state;
	e.step_from = e.step_to = d->step;
	e.timeliness = "";
	e.note = note ? note : "";
	e.data = data;
	int rc = svcd_append_event(db, a, d, &e);
	if (rc < 0)
		return rc;
	d->updated_at = now;
	return repo_dossier_update(db, d, old);
}

/* ---- loading a dossier for a documents action ---- */

struct txn {
	struct arena *a;
	const struct svc_actor *who;
	const struct config *cfg;
	const char *code;
	int64_t ord, now;
};

static int load(struct db *db, struct txn *t, struct svc_dossier *s)
{
	memset(s, 0, sizeof *s);
	int rc = repo_dossier_by_code(db, t->a, t->code, &s->d);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_DOSSIER_NOT_FOUND, "code", NULL);
	if (rc < 0)
		return rc;
	rc = svcd_load_rest(db, t->a, s);
	if (rc < 0)
		return rc;
	if (!is_staff(t->who) && !(t->who->roles & ROLE_CITIZEN))
		return db_abort(db, ERR_NO_PERSONAL_DATA, NULL, NULL);
	return DB_OK;
}

/* An officer or a citizen: may they `need` s (core/access.c)? DB_ABORT
 * with the registry's reason if not. */
static int officer_may(struct db *db, struct txn *t, const struct svc_dossier *s,
		       enum access_need need)
{
	int verdict;
	int rc = svcd_access(db, t->a, t->who, s, need, WF_NACTIONS, &verdict);
	if (rc < 0)
		return rc;
	if (verdict != ACCESS_OK) {
		return svc_abort(db, svcd_access_fail(t->a, verdict, &s->d));
	}
	return DB_OK;
}

/* An officer's read of personal data, recorded in the history. */
static int record_view(struct db *db, struct txn *t, struct dossier *d, const char *what)
{
	return svcdoc_append(db, t->a, d, t->who, EVENT_VIEWED, NULL, evd_viewed(t->a, what),
			     t->now);
}

/* May who add, reuse or exempt components now? DB_ABORT with the reason
 * if not. Citizens: their own online dossier while submitted or waiting
 * for a supplement; officers: handling it while it is open. */
static int may_attach(struct db *db, struct txn *t, const struct svc_dossier *s)
{
	const struct svc_actor *who = t->who;
	bool citizen = !is_staff(who);
	int rc = officer_may(db, t, s, ACCESS_WORK); /* a citizen: the one who submitted it */
	if (rc != DB_OK)
		return rc;
	if (citizen ? !(s->state == DOSSIER_SUBMITTED || s->state == DOSSIER_AWAITING_SUPPLEMENT)
		    : wf_state_is_end(s->state) || s->state == DOSSIER_RESULT_READY)
		return db_abort(db, ERR_COMPONENT_LOCKED, NULL, s->d.state);
	if (t->ord < 1 || t->ord > (int64_t)s->proc.ncomponents)
		return db_abort(db, ERR_COMPONENT_NOT_FOUND, "component", NULL);
	return DB_OK;
}

/* The openings the transactions share: the dossier loaded, then one that
 * may have components attached (load_to_attach), or one for an officer
 * only (load_for_staff). */
static int load_to_attach(struct db *db, struct txn *t, struct svc_dossier *s)
{
	int rc = load(db, t, s);
	return rc != DB_OK ? rc : may_attach(db, t, s);
}

static int load_for_staff(struct db *db, struct txn *t, struct svc_dossier *s)
{
	int rc = load(db, t, s);
	if (rc != DB_OK)
		return rc;
	return is_staff(t->who) ? DB_OK : db_abort(db, ERR_FORBIDDEN, NULL, NULL);
}

/* ---- the checklist ---- */

struct comp_ctx {
	struct txn t;
	struct svc_components *out;
};

/* Keeps the offers still valid at now (the SQL knows only stated dates). */
static void drop_expired(struct document *d, size_t *n, int64_t now)
{
	size_t k = 0;
	for (size_t i = 0; i < *n; i++) {
		int64_t until = svc_document_valid_until(&d[i]);
		if (!until || until > now)
			d[k++] = d[i];
	}
	*n = k;
}

static int components_txn(struct db *db, void *arg)
{
	struct comp_ctx *c = arg;
	struct txn *t = &c->t;
	struct svc_components *out = c->out;
	struct svc_dossier s;
	int rc = load(db, t, &s);
	if (rc != DB_OK)
		return rc;
	memset(out, 0, sizeof *out);
	out->d = s.d;
	owner_of(&s.d, &out->owner_kind, &out->owner_ident, &out->owner_name);
	bool citizen = !is_staff(t->who);
	int dbrc = DB_OK;
	out->store_open =
		!citizen || owns(db, t->a, t->who, out->owner_kind, out->owner_ident, &dbrc);
	if (dbrc < 0)
		return dbrc;
	/* A citizen: its applicant, or the account verified for its owner. */
	if ((rc = officer_may(db, t, &s, ACCESS_READ)) != DB_OK ||
	    (!citizen && (rc = record_view(db, t, &s.d, "components")) != DB_OK))
		return rc;
	out->d = s.d;
	int works = ACCESS_OK;
	if ((rc = svcd_access(db, t->a, t->who, &s, ACCESS_WORK, WF_NACTIONS, &works)) < 0)
		return rc;
	out->can_attach =
		works == ACCESS_OK &&
		(citizen ? s.state == DOSSIER_SUBMITTED || s.state == DOSSIER_AWAITING_SUPPLEMENT
			 : !(wf_state_is_end(s.state) || s.state == DOSSIER_RESULT_READY));
	struct component_doc *cd;
	size_t ncd;
	if ((rc = repo_component_docs(db, t->a, s.d.id, &cd, &ncd)) < 0)
		return rc;
	out->n = s.proc.ncomponents;
	out->items = arena_zalloc(t->a, (out->n + 1) * sizeof *out->items);
	for (size_t i = 0; i < out->n; i++) {
		struct svc_component_view *v = &out->items[i];
		const struct proc_component *pc = &s.proc.components[i];
		v->ord = (int64_t)i + 1;
		v->name_vi = pc->name.vi;
		v->name_en = pc->name.en;
		v->doc_type = pc->doc_type;
		v->copy_type = pc->copy_type;
		v->copies = pc->copies;
		v->mandatory = pc->mandatory;
		v->status = i < s.ncomponents ? s.components[i].status : NULL;
		for (size_t k = 0; k < ncd; k++)
			if (cd[k].ord == v->ord) {
				v->has = true;
				v->doc = cd[k];
			}
		if (v->has && v->doc.document_id &&
		    (rc = repo_document_get(db, t->a, v->doc.document_id, &v->document)) < 0)
			return rc;
		if (pc->doc_type && *pc->doc_type && out->can_attach && out->store_open &&
		    (rc = repo_store_list(db, t->a, out->owner_kind, out->owner_ident, pc->doc_type,
					  t->now, &v->offers, &v->noffers)) < 0)
			return rc;
		drop_expired(v->offers, &v->noffers, t->now);
	}
	struct document *docs;
	size_t nd;
	if ((rc = repo_documents_of_dossier(db, t->a, s.d.id, &docs, &nd)) < 0)
		return rc;
	for (size_t i = 0; i < nd; i++)
		if (docs[i].dossier_id == s.d.id)
			out->total_size += docs[i].size;
	return repo_results_of(db, t->a, s.d.id, &out->results, &out->nresults);
}

struct svc_result svc_components_get(struct db *db, struct arena *a, const struct svc_actor *who,
				     const char *code, int64_t now, struct svc_components *out)
{
	struct comp_ctx c = {.t = {.a = a, .who = who, .code = code, .now = now}, .out = out};
	return svc_txn_result(db, db_run_txn(db, components_txn, &c, DB_TXN_ATTEMPTS));
}

/* ---- attaching a file ---- */

struct attach_ctx {
	struct txn t;
	const struct svc_upload *up;
	const char *sha256, *type;
	struct document *out;
};

/* The document's hash: its single file's, else SHA-256 of the files'
 * hashes in page order, so the hash names the whole scan. */
static const char *doc_hash(struct arena *a, const struct document_file *f, size_t n,
			    const char *extra)
{
	if (n == 0)
		return extra;
	char hex[BLOB_HEX + 1];
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_adds(&b, f[i].sha256);
	if (extra)
		buf_adds(&b, extra);
	blob_hash(b.p, b.len, hex);
	buf_release(&b);
	return arena_strdup(a, hex);
}

static int attach_txn(struct db *db, void *arg)
{
	struct attach_ctx *c = arg;
	struct txn *t = &c->t;
	struct svc_dossier s;
	int rc = load_to_attach(db, t, &s);
	if (rc != DB_OK)
		return rc;
	/* The dossier's total. */
	struct document *docs;
	size_t nd;
	if ((rc = repo_documents_of_dossier(db, t->a, s.d.id, &docs, &nd)) < 0)
		return rc;
	int64_t total = (int64_t)c->up->len;
	for (size_t i = 0; i < nd; i++)
		if (docs[i].dossier_id == s.d.id)
			total += docs[i].size;
	if (total > t->cfg->v.files_max_dossier_mb * MB)
		return db_abort(db, ERR_DOSSIER_FILES_TOO_LARGE, "file", NULL);

	bool citizen = !is_staff(t->who);
	const char *how = citizen ? "uploaded" : "digitized";
	struct component_doc cd;
	rc = repo_component_doc_get(db, t->a, s.d.id, t->ord, &cd);
	if (rc < 0 && rc != DB_NOT_FOUND)
		return rc;
	struct document doc;
	memset(&doc, 0, sizeof doc);
	bool add_page = rc == DB_OK && !strcmp(cd.how, how) && cd.document_id;
	if (add_page) {
		if ((rc = repo_document_get(db, t->a, cd.document_id, &doc)) < 0)
			return rc;
		add_page = doc.dossier_id ==
			   s.d.id; /* never add pages to another dossier's document */
	}
	struct document_file f = {.ord = 1,
				  .sha256 = c->sha256,
				  .type = c->type,
				  .name = c->up->name,
				  .size = (int64_t)c->up->len};
	if (add_page) {
		f.ord = (int64_t)doc.nfiles + 1;
		f.document_id = doc.id;
		doc.hash = doc_hash(t->a, doc.files, doc.nfiles, c->sha256);
		doc.size += f.size;
		if ((rc = repo_document_file_add(db, &f)) < 0 ||
		    (rc = repo_document_set_hash(db, doc.id, doc.hash, doc.size)) < 0)
			return rc;
	} else {
		const struct proc_component *pc = &s.proc.components[t->ord - 1];
		owner_of(&s.d, &doc.owner_kind, &doc.owner_ident, NULL);
		/* A citizen's upload enters the owner's store only if they are
		 * verified for the owner; else it belongs to this dossier alone. */
		int dbrc;
		if (citizen && !owns(db, t->a, t->who, doc.owner_kind, doc.owner_ident, &dbrc)) {
			if (dbrc < 0)
				return dbrc;
			doc.owner_ident = "";
		}
		doc.kind = "component";
		doc.doc_type = pc->doc_type ? pc->doc_type : "";
		doc.title = pc->name.vi;
		doc.issuer = c->up->issuer;
		doc.issued_at = c->up->issued_at;
		doc.valid_until = doctype_valid_until(doc.doc_type, doc.issued_at, t->now,
						      c->up->valid_until, NULL);
		doc.dossier_id = s.d.id;
		doc.component_ord = t->ord;
		doc.hash = c->sha256;
		doc.size = f.size;
		doc.created_by = t->who->id;
		doc.created_at = t->now;
		if ((rc = repo_document_insert(db, &doc, &doc.id)) < 0)
			return rc;
		f.document_id = doc.id;
		if ((rc = repo_document_file_add(db, &f)) < 0)
			return rc;
		struct component_doc n = {.dossier_id = s.d.id,
					  .ord = t->ord,
					  .how = how,
					  .document_id = doc.id,
					  .by_user = t->who->id,
					  .at = t->now};
		if ((rc = repo_component_doc_put(db, &n)) < 0)
			return rc;
	}
	const char *data = evd_component_page(t->a, citizen,
					      &(struct evd_page){.component = t->ord,
								 .document_id = doc.id,
								 .page = f.ord,
								 .sha256 = c->sha256,
								 .type = c->type,
								 .size = f.size});
	rc = svcdoc_append(db, t->a, &s.d, t->who,
			   citizen ? EVENT_COMPONENT_UPLOADED : EVENT_COMPONENT_DIGITIZED, NULL,
			   data, t->now);
	if (rc < 0)
		return rc;
	if ((rc = repo_document_get(db, t->a, doc.id, c->out)) < 0)
		return rc;
	return DB_OK;
}

struct svc_result svc_component_attach(struct db *db, struct arena *a, const struct config *cfg,
				       const struct svc_actor *who, const char *code, int64_t ord,
				       const struct svc_upload *up, struct document *out)
{
	enum blob_type type;
	char hex[BLOB_HEX + 1];
	struct svc_result r = svc_upload_store(cfg, up, &type, hex);
	if (r.code != ERR_NONE)
		return r;
	struct attach_ctx c = {.t = {.a = a,
				     .who = who,
				     .cfg = cfg,
				     .code = code,
				     .ord = ord,
				     .now = clock_now_ms()},
			       .up = up,
			       .sha256 = hex,
			       .type = blob_type_name(type),
			       .out = out};
	return svc_txn_result(db, db_run_txn(db, attach_txn, &c, DB_TXN_ATTEMPTS));
}

/* ---- exemptions ---- */

struct exempt_ctx {
	struct txn t;
	const char *exemption, *reason;
};

static int exempt_txn(struct db *db, void *arg)
{
	struct exempt_ctx *c = arg;
	struct txn *t = &c->t;
	struct svc_dossier s;
	int rc = load_for_staff(db, t, &s);
	if (rc != DB_OK)
		return rc;
	if ((rc = may_attach(db, t, &s)) != DB_OK)
		return rc;
	struct component_doc n = {.dossier_id = s.d.id,
				  .ord = t->ord,
				  .how = "exempt",
				  .exemption = c->exemption,
				  .reason = c->reason,
				  .by_user = t->who->id,
				  .at = t->now};
	if ((rc = repo_component_doc_put(db, &n)) < 0)
		return rc;
	const char *data = evd_component_exempted(t->a, t->ord, c->exemption);
	return svcdoc_append(db, t->a, &s.d, t->who, EVENT_COMPONENT_EXEMPTED, c->reason, data,
			     t->now);
}

struct svc_result svc_component_exempt(struct db *db, struct arena *a, const struct svc_actor *who,
				       const char *code, int64_t ord, const char *exemption,
				       const char *reason)
{
	static const char *const kinds[] = {"electronic", "shown_only", "appraisal",
					    "confidential"};
	bool known = false;
	for (size_t i = 0; exemption && i < 4; i++)
		known |= !strcmp(exemption, kinds[i]);
	if (!known)
		return svc_fail(ERR_EXEMPTION_INVALID, "exemption", NULL);
	if (!reason || !*reason || strlen(reason) > 2000 ||
	    !text_utf8_valid(reason, strlen(reason)))
		return svc_fail(ERR_EXEMPTION_INVALID, "reason", NULL);
	struct exempt_ctx c = {
		.t = {.a = a, .who = who, .code = code, .ord = ord, .now = clock_now_ms()},
		.exemption = exemption,
		.reason = reason};
	return svc_txn_result(db, db_run_txn(db, exempt_txn, &c, DB_TXN_ATTEMPTS));
}

/* ---- reuse ---- */

struct reuse_ctx {
	struct txn t;
	int64_t document_id;
};

static int reuse_txn(struct db *db, void *arg)
{
	struct reuse_ctx *c = arg;
	struct txn *t = &c->t;
	struct svc_dossier s;
	int rc = load_to_attach(db, t, &s);
	if (rc != DB_OK)
		return rc;
	const char *kind, *ident;
	owner_of(&s.d, &kind, &ident, NULL);
	int dbrc;
	if (!is_staff(t->who) && !owns(db, t->a, t->who, kind, ident, &dbrc))
		return dbrc < 0 ? dbrc
				: db_abort(db, ERR_IDENTITY_NOT_VERIFIED, "document_id", NULL);
	struct document doc;
	rc = repo_document_get(db, t->a, c->document_id, &doc);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_DOCUMENT_NOT_FOUND, "document_id", NULL);
	if (rc < 0)
		return rc;
	if (!*doc.owner_ident || strcmp(doc.owner_kind, kind) || strcmp(doc.owner_ident, ident))
		return db_abort(db, ERR_REUSE_NOT_OWNER, "document_id", NULL);
	bool in;
	if ((rc = repo_store_has(db, doc.id, &in)) < 0)
		return rc;
	if (!in || doc.dossier_id == s.d.id)
		return db_abort(db, ERR_REUSE_NOT_IN_STORE, "document_id", NULL);
	int64_t until = svc_document_valid_until(&doc);
	if (until && until <= t->now)
		return db_abort(db, ERR_REUSE_EXPIRED, "document_id", NULL);
	const struct proc_component *pc = &s.proc.components[t->ord - 1];
	if (!pc->doc_type || strcmp(pc->doc_type, doc.doc_type))
		return db_abort(db, ERR_REUSE_TYPE_MISMATCH, "document_id", doc.doc_type);
	struct component_doc n = {.dossier_id = s.d.id,
				  .ord = t->ord,
				  .how = "reused",
				  .document_id = doc.id,
				  .reused_from_dossier_id = doc.dossier_id,
				  .by_user = t->who->id,
				  .at = t->now};
	if ((rc = repo_component_doc_put(db, &n)) < 0)
		return rc;
	const char *data =
		evd_component_reused(t->a, &(struct evd_reuse){.component = t->ord,
							       .document_id = doc.id,
							       .from_dossier = doc.dossier_code,
							       .hash = doc.hash});
	return svcdoc_append(db, t->a, &s.d, t->who, EVENT_COMPONENT_REUSED, NULL, data, t->now);
}

struct svc_result svc_component_reuse(struct db *db, struct arena *a, const struct svc_actor *who,
				      const char *code, int64_t ord, int64_t document_id)
{
	struct reuse_ctx c = {
		.t = {.a = a, .who = who, .code = code, .ord = ord, .now = clock_now_ms()},
		.document_id = document_id};
	return svc_txn_result(db, db_run_txn(db, reuse_txn, &c, DB_TXN_ATTEMPTS));
}

/* ---- downloads ---- */

struct dl_ctx {
	struct txn t;
	int64_t document_id, file;
	struct document doc;
};

static int download_txn(struct db *db, void *arg)
{
	struct dl_ctx *c = arg;
	struct txn *t = &c->t;
	int rc = repo_document_get(db, t->a, c->document_id, &c->doc);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_DOCUMENT_NOT_FOUND, "document", NULL);
	if (rc < 0)
		return rc;
	if (c->file < 1 || c->file > (int64_t)c->doc.nfiles)
		return db_abort(db, ERR_DOCUMENT_NOT_FOUND, "file", NULL);
	if (!is_staff(t->who) && !(t->who->roles & ROLE_CITIZEN))
		return db_abort(db, ERR_NO_PERSONAL_DATA, NULL, NULL);
	if (!is_staff(t->who)) {
		/* The owner (verified for it), or whoever works on the papers of
		 * the dossier the document was made for as its applicant
		 * (core/access.c: the account that submitted it, or the one
		 * its number follows). */
		int dbrc;
		if (owns(db, t->a, t->who, c->doc.owner_kind, c->doc.owner_ident, &dbrc))
			return DB_OK;
		if (dbrc < 0)
			return dbrc;
		struct svc_dossier s;
		memset(&s, 0, sizeof s);
		rc = repo_dossier_by_code(db, t->a, c->doc.dossier_code, &s.d);
		if (rc < 0 && rc != DB_NOT_FOUND)
			return rc;
		int works = ACCESS_E_NOT_APPLICANT;
		if (rc == DB_OK && (rc = svcd_load_rest(db, t->a, &s)) == DB_OK)
			rc = svcd_access(db, t->a, t->who, &s, ACCESS_WORK, WF_NACTIONS, &works);
		if (rc < 0 && rc != DB_NOT_FOUND)
			return rc;
		if (works == ACCESS_OK)
			return DB_OK;
		return db_abort(db, ERR_DOWNLOAD_FORBIDDEN, NULL, NULL);
	}
	/* An officer: the first dossier holding it that they handle gets the event. */
	const char **codes;
	size_t n;
	if ((rc = repo_document_dossiers(db, t->a, c->document_id, &codes, &n)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct svc_dossier s;
		memset(&s, 0, sizeof s);
		if ((rc = repo_dossier_by_code(db, t->a, codes[i], &s.d)) < 0 ||
		    (rc = svcd_load_rest(db, t->a, &s)) < 0)
			return rc;
		int verdict;
		if ((rc = svcd_access(db, t->a, t->who, &s, ACCESS_READ, WF_NACTIONS, &verdict)) <
		    0)
			return rc;
		if (verdict != ACCESS_OK)
			continue;
		struct dossier d = s.d;
		const char *data = evd_file_downloaded(
			t->a, &(struct evd_download){.document_id = c->document_id,
						     .file = c->file,
						     .sha256 = c->doc.files[c->file - 1].sha256});
		return svcdoc_append(db, t->a, &d, t->who, EVENT_FILE_DOWNLOADED, NULL, data,
				     t->now);
	}
	return db_abort(db, ERR_DOWNLOAD_FORBIDDEN, NULL, NULL);
}

struct svc_result svc_document_download(struct db *db, struct arena *a, const struct config *cfg,
					const struct svc_actor *who, int64_t document_id,
					int64_t file, struct buf *out, struct document_file *meta)
{
	struct dl_ctx c = {.t = {.a = a, .who = who, .now = clock_now_ms()},
			   .document_id = document_id,
			   .file = file};
	struct svc_result r = svc_txn_result(db, db_run_txn(db, download_txn, &c, DB_TXN_ATTEMPTS));
	if (r.code != ERR_NONE)
		return r;
	*meta = c.doc.files[file - 1];
	struct blob_store *bs;
	if (svc_blobs_get(cfg, &bs) != 0)
		return svc_fail(ERR_STORAGE_ERROR, NULL, NULL);
	int brc = blob_get(bs, meta->sha256, (size_t)cfg->v.files_max_file_mb * 2 * MB, out);
	if (brc != BLOB_OK)
		return svc_blob_fail(brc);
	return svc_ok();
}

/* ---- the store ---- */

static int with_files(struct db *db, struct arena *a, struct document *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = repo_document_files(db, a, d[i].id, &d[i].files, &d[i].nfiles);
		if (rc < 0)
			return rc;
	}
	return DB_OK;
}

int64_t svc_document_valid_until(const struct document *d)
{
	return doctype_valid_until(d->doc_type, d->issued_at, d->created_at, d->valid_until, NULL);
}

struct svc_result svc_store_own(struct db *db, struct arena *a, const struct svc_actor *who,
				struct document **out, size_t *n)
{
	struct svc_identity me;
	int rc = svc_identity_of(db, a, who->id, &me);
	if (rc < 0)
		return svc_txn_result(db, rc);
	if (!me.verified)
		return svc_fail(ERR_IDENTITY_NOT_VERIFIED, NULL, NULL);
	rc = repo_store_list(db, a, me.kind, me.ident, NULL, 0, out, n);
	if (rc == DB_OK)
		rc = with_files(db, a, *out, *n);
	return svc_txn_result(db, rc);
}

struct store_ctx {
	struct txn t;
	struct document **out;
	size_t *n;
};

static int store_txn(struct db *db, void *arg)
{
	struct store_ctx *c = arg;
	struct txn *t = &c->t;
	struct svc_dossier s;
	int rc = load_for_staff(db, t, &s);
	if (rc != DB_OK)
		return rc;
	if ((rc = officer_may(db, t, &s, ACCESS_WORK)) != DB_OK)
		return rc;
	if (wf_state_is_end(s.state))
		return db_abort(db, ERR_NOT_HANDLING, NULL, s.d.state);
	const char *kind, *ident;
	owner_of(&s.d, &kind, &ident, NULL);
	if ((rc = repo_store_list(db, t->a, kind, ident, NULL, 0, c->out, c->n)) < 0 ||
	    (rc = with_files(db, t->a, *c->out, *c->n)) < 0)
		return rc;
	return record_view(db, t, &s.d, "store");
}

struct svc_result svc_store_of_dossier(struct db *db, struct arena *a, const struct svc_actor *who,
				       const char *code, struct document **out, size_t *n)
{
	struct store_ctx c = {
		.t = {.a = a, .who = who, .code = code, .now = clock_now_ms()}, .out = out, .n = n};
	return svc_txn_result(db, db_run_txn(db, store_txn, &c, DB_TXN_ATTEMPTS));
}
