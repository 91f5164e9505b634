/* The e-archive of a dossier (svc_documents.h): export to one tar package
 * and offline verification of a package. The package needs nothing from
 * the database to be checked: the manifest carries the history events with
 * the fields their hashes cover, files carry their SHA-256 in their names
 * and in the manifest, the manifest is signed by the agency, and the CA
 * certificate travels with it.
 *
 * Layer: svc.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/log.h"
#include "base/path.h"
#include "core/events.h"
#include "repo/repo_documents.h"
#include "svc/svc_documents.h"
#include "svc/svc_dossiers_impl.h"

#define MB	       (1024 * 1024)
#define ARCHIVE_FORMAT "motcua-archive/1"
#define MAX_ENTRY      ((size_t)512 * MB)

/* ---- tar (POSIX ustar) ---- */

static void tar_add(struct buf *t, const char *name, const void *data, size_t len, int64_t mtime)
{
	unsigned char h[512];
	memset(h, 0, sizeof h);
	snprintf((char *)h, 100, "%s", name);
	snprintf((char *)h + 100, 8, "%07o", 0444);
	snprintf((char *)h + 108, 8, "%07o", 0);
	snprintf((char *)h + 116, 8, "%07o", 0);
	snprintf((char *)h + 124, 12, "%011llo", (unsigned long long)len);
	snprintf((char *)h + 136, 12, "%011llo", (unsigned long long)(mtime / 1000));
	memset(h + 148, ' ', 8);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	snprintf((char *)h + 265, 32, "motcua");
	snprintf((char *)h + 297, 32, "motcua");
	unsigned sum = 0;
	for (size_t i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	h[155] = ' ';
	buf_add(t, h, 512);
	buf_add(t, data, len);
	static const char zeros[512];
	if (len % 512)
		buf_add(t, zeros, 512 - len % 512);
}

struct tar_entry {
	char name[101];
	const char *data;
	size_t len;
};

/* Parses a whole tar in memory; entries point into t. -1 if malformed. */
static int tar_read(const struct buf *t, struct tar_entry **out, size_t *n)
{
	size_t at = 0, cap = 0;
	*out = NULL;
	*n = 0;
	while (at + 512 <= t->len) {
		const unsigned char *h = (const unsigned char *)t->p + at;
		bool zero = true;
		for (size_t i = 0; i < 512 && zero; i++)
			zero = h[i] == 0;
		if (zero)
			return 0;
		unsigned sum = 0, want = 0;
		for (size_t i = 0; i < 512; i++)
			sum += (i >= 148 && i < 156) ? ' ' : h[i];
		char tmp[13];
		memcpy(tmp, h + 148, 8);
		tmp[8] = 0;
		want = (unsigned)strtoul(tmp, NULL, 8);
		memcpy(tmp, h + 124, 12);
		tmp[12] = 0;
		unsigned long long size = strtoull(tmp, NULL, 8);
		if (sum != want || size > MAX_ENTRY || at + 512 + size > t->len)
			return -1;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct tar_entry *e = &(*out)[(*n)++];
		memcpy(e->name, h, 100);
		e->name[100] = 0;
		e->data = t->p + at + 512;
		e->len = (size_t)size;
		at += 512 + ((size + 511) / 512) * 512;
	}
	return 0;
}

/* ---- export ---- */

static json_t *time_or_null(int64_t ms)
{
	if (!ms)
		return json_null();
	char s[40];
	clock_format_utc(ms, s, sizeof s);
	return json_string(s);
}

static json_t *sn(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *party_json(const struct dossier_party *p)
{
	if (!p->kind)
		return json_null();
	return json_pack("{s:s,s:o,s:o,s:o,s:o}", "kind", p->kind, "name", sn(p->name), "id_number",
			 sn(p->id_number), "tax_code", sn(p->tax_code), "address", sn(p->address));
}

static json_t *event_json(const struct event *e)
{
	return json_pack("{s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:s}", "seq",
			 (json_int_t)e->seq, "at", (json_int_t)e->at, "actor_id",
			 (json_int_t)e->actor_id, "actor", e->actor ? e->actor : "", "action",
			 e->action, "from_state", e->from_state ? e->from_state : "", "to_state",
			 e->to_state ? e->to_state : "", "step_from", (json_int_t)e->step_from,
			 "step_to", (json_int_t)e->step_to, "step_due_at",
			 (json_int_t)e->step_due_at, "timeliness",
			 e->timeliness ? e->timeliness : "", "note", e->note ? e->note : "", "data",
			 e->data ? e->data : "{}", "prev_hash", e->prev_hash, "hash", e->hash);
}

struct exp_files {
	struct buf tar;
	json_t *list;
	const char **seen;
	size_t nseen;
	int64_t now;
};

/* Adds the blob sha once to the package and the manifest's file list. */
static int add_blob(struct exp_files *x, struct blob_store *bs, const char *sha, const char *type,
		    const char *role, int64_t document_id, int64_t component, char *err,
		    size_t errlen)
{
	for (size_t i = 0; i < x->nseen; i++)
		if (!strcmp(x->seen[i], sha))
			return 0;
	x->seen = xrealloc(x->seen, (x->nseen + 1) * sizeof *x->seen);
	x->seen[x->nseen++] = sha;
	struct buf b = BUF_INIT;
	int rc = blob_get(bs, sha, MAX_ENTRY, &b);
	if (rc != BLOB_OK) {
		snprintf(err, errlen, "file %s cannot be read from the store (%d)", sha, rc);
		buf_release(&b);
		return -1;
	}
	char name[128];
	snprintf(name, sizeof name, "files/%s.%s", sha, blob_type_ext(blob_type_parse(type)));
	tar_add(&x->tar, name, b.p, b.len, x->now);
	json_t *f = json_pack("{s:s,s:s,s:I,s:s,s:s}", "path", name, "sha256", sha, "size",
			      (json_int_t)b.len, "type", type, "role", role);
	if (document_id)
		json_object_set_new(f, "document_id", json_integer(document_id));
	if (component)
		json_object_set_new(f, "component", json_integer(component));
	json_array_append_new(x->list, f);
	buf_release(&b);
	return 0;
}

static int read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(out, tmp, n);
	int bad = ferror(f);
	fclose(f);
	return bad ? -1 : 0;
}

int svc_archive_export(struct db *db, const struct config *cfg, const char *code,
		       const char *out_path, char *err, size_t errlen)
{
	struct arena a;
	arena_init(&a);
	struct exp_files x = {.tar = BUF_INIT, .list = json_array(), .now = clock_now_ms()};
	json_t *m = NULL;
	int rc = -1;
	struct svc_dossier s;
	struct svc_result r = svc_dossier_get(db, &a, NULL, code, false, &s);
	if (r.code != ERR_NONE) {
		snprintf(err, errlen, "%s",
			 r.code == ERR_DOSSIER_NOT_FOUND ? "no dossier with this code"
							 : "the database failed");
		goto out;
	}
	struct blob_store *bs;
	if (svc_blobs_get(cfg, &bs) != 0) {
		snprintf(err, errlen, "the file store cannot be opened");
		goto out;
	}
	struct document *docs;
	size_t nd;
	struct component_doc *cds;
	size_t ncd;
	struct result_row *res;
	size_t nres;
	int64_t years = SVC_RETENTION_DEFAULT_YEARS;
	const char *basis = "default: no rule for this procedure";
	int rrc = repo_retention_get(db, &a, s.d.procedure_code, &years, &basis);
	if ((rrc < 0 && rrc != REPO_NOT_FOUND) ||
	    repo_documents_of_dossier(db, &a, s.d.id, &docs, &nd) < 0 ||
	    repo_component_docs(db, &a, s.d.id, &cds, &ncd) < 0 ||
	    repo_results_of(db, &a, s.d.id, &res, &nres) < 0) {
		snprintf(err, errlen, "the database failed: %s", db_errmsg(db));
		goto out;
	}
	for (size_t i = 0; i < nd; i++)
		if (repo_document_files(db, &a, docs[i].id, &docs[i].files, &docs[i].nfiles) < 0) {
			snprintf(err, errlen, "the database failed: %s", db_errmsg(db));
			goto out;
		}

	/* The dossier. */
	m = json_object();
	json_object_set_new(m, "format", json_string(ARCHIVE_FORMAT));
	json_object_set_new(m, "created_at", time_or_null(x.now));
	json_t *dj = json_pack(
		"{s:s,s:{s:s,s:I,s:s,s:o},s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
		"code", s.d.code, "procedure", "code", s.d.procedure_code, "version",
		(json_int_t)s.d.procedure_version, "name", s.proc.name.vi ? s.proc.name.vi : "",
		"legal_basis", json_array(), "channel", s.d.channel, "state", s.d.state,
		"submitter", party_json(&s.d.submitter), "owner", party_json(&s.d.owner), "request",
		sn(s.d.request_text), "submitted_at", time_or_null(s.d.submitted_at), "received_at",
		time_or_null(s.d.received_at), "due_at", time_or_null(s.d.due_at), "result_code",
		sn(s.d.result_code), "result_at", time_or_null(s.d.result_at), "returned_at",
		time_or_null(s.d.returned_at), "receiving_unit", sn(s.receiving_unit.code),
		"processing_unit", sn(s.processing_unit.code));
	json_t *legal = json_object_get(json_object_get(dj, "procedure"), "legal_basis");
	for (size_t i = 0; i < s.proc.nlegal; i++)
		json_array_append_new(legal, json_string(s.proc.legal[i]));
	json_object_set_new(m, "dossier", dj);
	/* Retention: counted from the end of the dossier (or now if still open). */
	int64_t from = s.d.returned_at ? s.d.returned_at : s.d.ended_at ? s.d.ended_at : x.now;
	json_t *ret = json_pack("{s:I,s:s,s:b}", "years", (json_int_t)years, "basis", basis,
				"permanent", years == 0);
	if (years > 0) {
		int y;
		unsigned mo, d;
		clock_civil_from_days((from + 7 * 3600000) / 86400000, &y, &mo, &d);
		json_object_set_new(ret, "until",
				    json_sprintf("%04d-%02u-%02u", y + (int)years, mo, d));
	}
	json_object_set_new(m, "retention", ret);

	/* Components, documents, files. */
	json_t *comps = json_array();
	for (size_t i = 0; i < s.proc.ncomponents; i++) {
		json_t *c = json_pack("{s:I,s:s,s:o,s:b}", "n", (json_int_t)i + 1, "name",
				      s.proc.components[i].name.vi, "doc_type",
				      sn(s.proc.components[i].doc_type), "mandatory",
				      s.proc.components[i].mandatory);
		for (size_t k = 0; k < ncd; k++) {
			if (cds[k].ord != (int64_t)i + 1)
				continue;
			json_object_set_new(c, "how", json_string(cds[k].how));
			if (cds[k].document_id)
				json_object_set_new(c, "document_id",
						    json_integer(cds[k].document_id));
			if (cds[k].reused_from_code)
				json_object_set_new(c, "reused_from",
						    json_string(cds[k].reused_from_code));
			if (cds[k].exemption) {
				json_object_set_new(c, "exemption", json_string(cds[k].exemption));
				json_object_set_new(c, "reason", sn(cds[k].reason));
			}
		}
		json_array_append_new(comps, c);
	}
	json_object_set_new(m, "components", comps);
	json_t *dl = json_array();
	for (size_t i = 0; i < nd; i++) {
		const struct document *d = &docs[i];
		json_t *files = json_array();
		for (size_t k = 0; k < d->nfiles; k++) {
			json_array_append_new(files, json_string(d->files[k].sha256));
			if (add_blob(&x, bs, d->files[k].sha256, d->files[k].type, d->kind, d->id,
				     d->component_ord, err, errlen) != 0)
				goto out;
		}
		json_array_append_new(
			dl, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:I,s:o}", "id",
				      (json_int_t)d->id, "kind", d->kind, "doc_type", d->doc_type,
				      "title", d->title, "owner_kind", d->owner_kind, "owner_ident",
				      d->owner_ident, "issued_at", time_or_null(d->issued_at),
				      "valid_until", time_or_null(d->valid_until), "dossier",
				      d->dossier_code ? d->dossier_code : "", "hash", d->hash,
				      "size", (json_int_t)d->size, "files", files));
	}
	json_object_set_new(m, "documents", dl);
	json_t *rl = json_array();
	for (size_t i = 0; i < nres; i++) {
		const struct result_row *q = &res[i];
		if (q->signature_sha256 && add_blob(&x, bs, q->signature_sha256, "p7s", "signature",
						    q->document_id, 0, err, errlen) != 0)
			goto out;
		const char *file = NULL;
		for (size_t k = 0; k < nd; k++)
			if (docs[k].id == q->document_id && docs[k].nfiles)
				file = docs[k].files[0].sha256;
		json_array_append_new(
			rl, json_pack("{s:s,s:s,s:o,s:o,s:s,s:s,s:o,s:I}", "verify_code",
				      q->verify_code, "format", q->format, "file", sn(file),
				      "signature", sn(q->signature_sha256), "signer", q->signer,
				      "key", q->key_kind, "signed_at", time_or_null(q->signed_at),
				      "document_id", (json_int_t)q->document_id));
	}
	json_object_set_new(m, "results", rl);
	json_object_set_new(m, "files", x.list);
	x.list = NULL;

	/* The history with its chain. */
	json_t *ev = json_array();
	for (size_t i = 0; i < s.nevents; i++)
		json_array_append_new(ev, event_json(&s.events[i]));
	json_object_set_new(m, "events", ev);
	json_object_set_new(m, "chain",
			    json_pack("{s:I,s:s}", "nevents", (json_int_t)s.d.nevents, "last_hash",
				      s.d.last_hash ? s.d.last_hash : ""));

	/* Manifest, its signature and the trust anchor. */
	char capath[2048], tmp[4096];
	if (path_fmt(capath, sizeof capath, "%s/pki/chain.pem", config_str(cfg, "data_dir")) < 0) {
		snprintf(err, errlen, "path too long: %s", capath);
		goto out;
	}
	if (path_fmt(tmp, sizeof tmp, "%s.tmp", out_path) < 0) {
		snprintf(err, errlen, "path too long: %s", out_path);
		goto out;
	}
	char *text = json_dumps(m, JSON_INDENT(1) | JSON_SORT_KEYS);
	if (!text) {
		snprintf(err, errlen, "the manifest cannot be written (out of memory)");
		goto out;
	}
	struct pki_signer *signer;
	struct buf sig = BUF_INIT, ca = BUF_INIT;
	char serr[512];
	if (svc_signer_get(cfg, &signer, serr, sizeof serr) != PKI_OK ||
	    pki_sign_detached(signer, text, strlen(text), x.now, &sig, serr, sizeof serr) !=
		    PKI_OK) {
		snprintf(err, errlen, "the manifest cannot be signed: %s", serr);
		free(text);
		buf_release(&sig);
		goto out;
	}
	if (read_file(capath, &ca) != 0) {
		snprintf(err, errlen, "cannot read %s", capath);
		free(text);
		buf_release(&sig);
		buf_release(&ca);
		goto out;
	}
	struct buf pkg = BUF_INIT;
	tar_add(&pkg, "manifest.json", text, strlen(text), x.now);
	tar_add(&pkg, "manifest.json.p7s", sig.p, sig.len, x.now);
	tar_add(&pkg, "pki/ca.pem", ca.p, ca.len, x.now);
	buf_add(&pkg, x.tar.p, x.tar.len);
	static const char zeros[1024];
	buf_add(&pkg, zeros, sizeof zeros);
	free(text);
	buf_release(&sig);
	buf_release(&ca);
	FILE *f = fopen(tmp, "wb");
	if (!f || fwrite(pkg.p, 1, pkg.len, f) != pkg.len || fflush(f) != 0 || fclose(f) != 0 ||
	    rename(tmp, out_path) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", out_path, strerror(errno));
		buf_release(&pkg);
		goto out;
	}
	buf_release(&pkg);
	rc = 0;
out:
	json_decref(m);
	json_decref(x.list);
	buf_release(&x.tar);
	free(x.seen);
	arena_release(&a);
	return rc;
}

/* ---- verify ---- */

static const struct tar_entry *find(const struct tar_entry *e, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(e[i].name, name))
			return &e[i];
	return NULL;
}

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

int svc_archive_verify(const char *path, const char *ca_path, FILE *report, char *err,
		       size_t errlen)
{
	struct buf pkg = BUF_INIT;
	struct tar_entry *ents = NULL;
	size_t n = 0;
	json_t *m = NULL;
	int rc = -1, bad = 0;
	char tmpca[] = "/tmp/motcua-ca-XXXXXX";
	bool tmp_made = false;
	if (read_file(path, &pkg) != 0) {
		snprintf(err, errlen, "cannot read %s", path);
		goto out;
	}
	if (tar_read(&pkg, &ents, &n) != 0) {
		snprintf(err, errlen, "%s is not a tar package (or it is damaged)", path);
		goto out;
	}
	const struct tar_entry *man = find(ents, n, "manifest.json"),
			       *msig = find(ents, n, "manifest.json.p7s"),
			       *ca = find(ents, n, "pki/ca.pem");
	if (!man || !msig || (!ca && !ca_path)) {
		snprintf(err, errlen,
			 "the package lacks manifest.json, its signature or pki/ca.pem");
		goto out;
	}
	json_error_t je;
	m = json_loadb(man->data, man->len, 0, &je);
	if (!m || strcmp(jstr(m, "format"), ARCHIVE_FORMAT)) {
		snprintf(err, errlen, "manifest.json is not a %s manifest", ARCHIVE_FORMAT);
		goto out;
	}
	if (!ca_path) {
		int fd = mkstemp(tmpca);
		if (fd < 0) {
			snprintf(err, errlen, "cannot write a temporary file");
			goto out;
		}
		tmp_made = true;
		FILE *f = fdopen(fd, "wb");
		if (!f || fwrite(ca->data, 1, ca->len, f) != ca->len || fclose(f) != 0) {
			snprintf(err, errlen, "cannot write a temporary file");
			goto out;
		}
		ca_path = tmpca;
	}
	rc = 0;
#define CHECK(ok, ...)                                                                             \
	do {                                                                                       \
		bool ok_ = (ok);                                                                   \
		fprintf(report, "%s ", ok_ ? "ok  " : "FAIL");                                     \
		fprintf(report, __VA_ARGS__);                                                      \
		fputc('\n', report);                                                               \
		if (!ok_)                                                                          \
			bad++;                                                                     \
	} while (0)

	struct pki_verify v;
	pki_verify_detached(man->data, man->len, msig->data, msig->len, ca_path, &v);
	CHECK(v.valid, "manifest signed by %s%s%s", v.signer[0] ? v.signer : "(unknown)",
	      v.valid ? "" : ": ", v.valid ? "" : v.problem);

	/* Files. */
	json_t *files = json_object_get(m, "files"), *f;
	size_t i;
	size_t nfiles_ok = 0;
	json_array_foreach(files, i, f)
	{
		const char *name = jstr(f, "path"), *sha = jstr(f, "sha256");
		const struct tar_entry *e = find(ents, n, name);
		char h[BLOB_HEX + 1] = "";
		if (e)
			blob_hash(e->data, e->len, h);
		bool ok = e && !strcmp(h, sha) && strstr(name, sha);
		if (ok)
			nfiles_ok++;
		else
			CHECK(false, "file %s %s", name,
			      e ? "does not match its SHA-256" : "is missing");
	}
	CHECK(nfiles_ok == json_array_size(files), "%zu of %zu files match their SHA-256",
	      nfiles_ok, json_array_size(files));
	/* No file in the package that the manifest does not list. */
	for (size_t k = 0; k < n; k++) {
		if (strncmp(ents[k].name, "files/", 6))
			continue;
		bool listed = false;
		json_array_foreach(files, i, f) listed |= !strcmp(jstr(f, "path"), ents[k].name);
		if (!listed)
			CHECK(false, "%s is not in the manifest", ents[k].name);
	}

	/* The event chain. */
	json_t *events = json_object_get(m, "events"), *e;
	const char *code = jstr(json_object_get(m, "dossier"), "code");
	const char *prev = event_genesis_hash;
	size_t broken = 0;
	json_array_foreach(events, i, e)
	{
		struct event ev = {
			.dossier = code,
			.seq = json_integer_value(json_object_get(e, "seq")),
			.at = json_integer_value(json_object_get(e, "at")),
			.actor_id = json_integer_value(json_object_get(e, "actor_id")),
			.actor = jstr(e, "actor"),
			.action = jstr(e, "action"),
			.from_state = jstr(e, "from_state"),
			.to_state = jstr(e, "to_state"),
			.step_from = json_integer_value(json_object_get(e, "step_from")),
			.step_to = json_integer_value(json_object_get(e, "step_to")),
			.step_due_at = json_integer_value(json_object_get(e, "step_due_at")),
			.timeliness = jstr(e, "timeliness"),
			.note = jstr(e, "note"),
			.data = jstr(e, "data"),
			.prev_hash = jstr(e, "prev_hash"),
		};
		char h[EVENT_HASH_HEX + 1];
		svcd_event_hash(&ev, h);
		bool ok = ev.seq == (int64_t)i + 1 && !strcmp(ev.prev_hash, prev) &&
			  !strcmp(h, jstr(e, "hash"));
		if (!ok && broken++ == 0)
			CHECK(false, "event %lld (%s) does not match its hash or its link",
			      (long long)ev.seq, ev.action);
		prev = jstr(e, "hash");
	}
	json_t *chain = json_object_get(m, "chain");
	bool head = (size_t)json_integer_value(json_object_get(chain, "nevents")) ==
			    json_array_size(events) &&
		    !strcmp(jstr(chain, "last_hash"), json_array_size(events) ? prev : "");
	CHECK(broken == 0 && head, "history: %zu events chained to the head %.16s…",
	      json_array_size(events), jstr(chain, "last_hash"));

	/* Results. */
	json_t *results = json_object_get(m, "results"), *r;
	json_array_foreach(results, i, r)
	{
		char fp[128], sp[128];
		const struct tar_entry *fe = NULL, *se = NULL;
		json_t *ff;
		size_t k;
		json_array_foreach(files, k, ff)
		{
			if (!strcmp(jstr(ff, "sha256"), jstr(r, "file")))
				fe = find(ents, n, jstr(ff, "path"));
			if (!strcmp(jstr(ff, "sha256"), jstr(r, "signature")))
				se = find(ents, n, jstr(ff, "path"));
		}
		snprintf(fp, sizeof fp, "%s", jstr(r, "verify_code"));
		snprintf(sp, sizeof sp, "%s", jstr(r, "format"));
		struct pki_verify rv;
		memset(&rv, 0, sizeof rv);
		if (fe && !strcmp(sp, "pades"))
			pki_verify_pdf(fe->data, fe->len, ca_path, &rv);
		else if (fe && se)
			pki_verify_detached(fe->data, fe->len, se->data, se->len, ca_path, &rv);
		else
			snprintf(rv.problem, sizeof rv.problem, "its file is missing");
		bool ok = rv.valid && (rv.whole || strcmp(sp, "pades"));
		CHECK(ok, "result %s (%s) signed by %s%s%s", fp, sp, rv.signer[0] ? rv.signer : "?",
		      ok ? "" : ": ", ok ? "" : rv.problem);
	}
	json_t *ret = json_object_get(m, "retention");
	fprintf(report, "info retention: %s\n",
		json_is_true(json_object_get(ret, "permanent")) ? "permanent"
		: json_string_value(json_object_get(ret, "until"))
			? json_string_value(json_object_get(ret, "until"))
			: "?");
	rc = bad ? 1 : 0;
#undef CHECK
out:
	if (tmp_made)
		unlink(tmpca);
	json_decref(m);
	free(ents);
	buf_release(&pkg);
	return rc;
}

struct svc_result svc_retention_set(struct db *db, const char *procedure_code, int64_t years,
				    const char *basis)
{
	if (!procedure_code || !*procedure_code)
		return (struct svc_result){ERR_FIELD_MISSING, "procedure", NULL};
	if (years < 0 || years > 200)
		return (struct svc_result){ERR_FIELD_INVALID, "years", NULL};
	if (repo_retention_put(db, procedure_code, years, basis) < 0)
		return (struct svc_result){ERR_DB_ERROR, NULL, NULL};
	return (struct svc_result){ERR_NONE, NULL, NULL};
}
