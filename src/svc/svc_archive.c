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
#include <stdarg.h>
#include <stdint.h>
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

/* What a package is made of, read from the database. */
struct exp_src {
	struct svc_dossier s;
	struct blob_store *bs;
	struct document *docs;
	size_t nd;
	struct component_doc *cds;
	size_t ncd;
	struct result_row *res;
	size_t nres;
	int64_t years; /* retention, 0 = permanent */
	const char *basis;
};

static int exp_load(struct db *db, const struct config *cfg, struct arena *a, const char *code,
		    struct exp_src *x, char *err, size_t errlen)
{
	struct svc_result r = svc_dossier_get(db, a, NULL, code, false, &x->s);
	if (r.code != ERR_NONE) {
		snprintf(err, errlen, "%s",
			 r.code == ERR_DOSSIER_NOT_FOUND ? "no dossier with this code"
							 : "the database failed");
		return -1;
	}
	if (svc_blobs_get(cfg, &x->bs) != 0) {
		snprintf(err, errlen, "the file store cannot be opened");
		return -1;
	}
	x->years = SVC_RETENTION_DEFAULT_YEARS;
	x->basis = "default: no rule for this procedure";
	int64_t id = x->s.d.id;
	int rrc = repo_retention_get(db, a, x->s.d.procedure_code, &x->years, &x->basis);
	if ((rrc < 0 && rrc != DB_NOT_FOUND) ||
	    repo_documents_of_dossier(db, a, id, &x->docs, &x->nd) < 0 ||
	    repo_component_docs(db, a, id, &x->cds, &x->ncd) < 0 ||
	    repo_results_of(db, a, id, &x->res, &x->nres) < 0)
		goto db_failed;
	for (size_t i = 0; i < x->nd; i++)
		if (repo_document_files(db, a, x->docs[i].id, &x->docs[i].files,
					&x->docs[i].nfiles) < 0)
			goto db_failed;
	return 0;
db_failed:
	snprintf(err, errlen, "the database failed: %s", db_errmsg(db));
	return -1;
}

/* The dossier as the manifest describes it. */
static json_t *dossier_json(const struct svc_dossier *s)
{
	const struct dossier *d = &s->d;
	json_t *dj = json_pack(
		"{s:s,s:{s:s,s:I,s:s,s:o},s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
		"code", d->code, "procedure", "code", d->procedure_code, "version",
		(json_int_t)d->procedure_version, "name", s->proc.name.vi ? s->proc.name.vi : "",
		"legal_basis", json_array(), "channel", d->channel, "state", d->state, "submitter",
		party_json(&d->submitter), "owner", party_json(&d->owner), "request",
		sn(d->request_text), "submitted_at", time_or_null(d->submitted_at), "received_at",
		time_or_null(d->received_at), "due_at", time_or_null(d->due_at), "result_code",
		sn(d->result_code), "result_at", time_or_null(d->result_at), "returned_at",
		time_or_null(d->returned_at), "receiving_unit", sn(s->receiving_unit.code),
		"processing_unit", sn(s->processing_unit.code));
	json_t *legal = json_object_get(json_object_get(dj, "procedure"), "legal_basis");
	for (size_t i = 0; i < s->proc.nlegal; i++)
		json_array_append_new(legal, json_string(s->proc.legal[i]));
	return dj;
}

/* Retention: counted from the end of the dossier (or now if still open). */
static json_t *retention_json(const struct exp_src *x, int64_t now)
{
	const struct dossier *d = &x->s.d;
	int64_t from = d->returned_at ? d->returned_at : d->ended_at ? d->ended_at : now;
	json_t *ret = json_pack("{s:I,s:s,s:b}", "years", (json_int_t)x->years, "basis", x->basis,
				"permanent", x->years == 0);
	if (x->years > 0) {
		int y;
		unsigned mo, day;
		clock_civil_from_days((from + 7 * 3600000) / 86400000, &y, &mo, &day);
		json_object_set_new(ret, "until",
				    json_sprintf("%04d-%02u-%02u", y + (int)x->years, mo, day));
	}
	return ret;
}

static json_t *components_json(const struct exp_src *x)
{
	const struct procedure *p = &x->s.proc;
	json_t *comps = json_array();
	for (size_t i = 0; i < p->ncomponents; i++) {
		json_t *c = json_pack("{s:I,s:s,s:o,s:b}", "n", (json_int_t)i + 1, "name",
				      p->components[i].name.vi, "doc_type",
				      sn(p->components[i].doc_type), "mandatory",
				      p->components[i].mandatory);
		for (size_t k = 0; k < x->ncd; k++) {
			const struct component_doc *cd = &x->cds[k];
			if (cd->ord != (int64_t)i + 1)
				continue;
			json_object_set_new(c, "how", json_string(cd->how));
			if (cd->document_id)
				json_object_set_new(c, "document_id",
						    json_integer(cd->document_id));
			if (cd->reused_from_code)
				json_object_set_new(c, "reused_from",
						    json_string(cd->reused_from_code));
			if (cd->exemption) {
				json_object_set_new(c, "exemption", json_string(cd->exemption));
				json_object_set_new(c, "reason", sn(cd->reason));
			}
		}
		json_array_append_new(comps, c);
	}
	return comps;
}

/* The documents into the manifest, their files into the package. */
static int documents_json(struct exp_files *f, const struct exp_src *x, json_t *m, char *err,
			  size_t errlen)
{
	json_t *dl = json_array();
	json_object_set_new(m, "documents", dl);
	for (size_t i = 0; i < x->nd; i++) {
		const struct document *d = &x->docs[i];
		json_t *files = json_array();
		for (size_t k = 0; k < d->nfiles; k++) {
			json_array_append_new(files, json_string(d->files[k].sha256));
			if (add_blob(f, x->bs, d->files[k].sha256, d->files[k].type, d->kind, d->id,
				     d->component_ord, err, errlen) != 0) {
				json_decref(files);
				return -1;
			}
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
	return 0;
}

/* The signed results into the manifest, their signatures into the package. */
static int results_json(struct exp_files *f, const struct exp_src *x, json_t *m, char *err,
			size_t errlen)
{
	json_t *rl = json_array();
	json_object_set_new(m, "results", rl);
	for (size_t i = 0; i < x->nres; i++) {
		const struct result_row *q = &x->res[i];
		if (q->signature_sha256 &&
		    add_blob(f, x->bs, q->signature_sha256, "p7s", "signature", q->document_id, 0,
			     err, errlen) != 0)
			return -1;
		const char *file = NULL;
		for (size_t k = 0; k < x->nd; k++)
			if (x->docs[k].id == q->document_id && x->docs[k].nfiles)
				file = x->docs[k].files[0].sha256;
		json_array_append_new(
			rl, json_pack("{s:s,s:s,s:o,s:o,s:s,s:s,s:o,s:I}", "verify_code",
				      q->verify_code, "format", q->format, "file", sn(file),
				      "signature", sn(q->signature_sha256), "signer", q->signer,
				      "key", q->key_kind, "signed_at", time_or_null(q->signed_at),
				      "document_id", (json_int_t)q->document_id));
	}
	return 0;
}

/* An event as the manifest carries it: the fields of core/events.h's
 * table that have an archive key, times as integer milliseconds (what the
 * hash covers), the data as the stored string. */
static json_t *event_json(const struct event *e)
{
	json_t *o = json_object();
	for (size_t i = 0; i < event_nfields; i++) {
		const struct event_field *f = &event_fields[i];
		if (!f->archive)
			continue;
		json_object_set_new(o, f->archive,
				    f->type == EVENT_FT_INT || f->type == EVENT_FT_TIME
					    ? json_integer(event_get_int(e, f))
					    : json_string(event_get_text(e, f)));
	}
	return o;
}

/* The history with its chain. */
static void events_json(const struct svc_dossier *s, json_t *m)
{
	json_t *ev = json_array();
	for (size_t i = 0; i < s->nevents; i++)
		json_array_append_new(ev, event_json(&s->events[i]));
	json_object_set_new(m, "events", ev);
	json_object_set_new(m, "chain",
			    json_pack("{s:I,s:s}", "nevents", (json_int_t)s->d.nevents, "last_hash",
				      s->d.last_hash ? s->d.last_hash : ""));
}

/* The manifest, its signature, the trust anchor, then the files, written
 * to out_path through a temporary file and a rename. */
static int exp_write(const struct config *cfg, const json_t *m, const struct exp_files *x,
		     const char *out_path, char *err, size_t errlen)
{
	char capath[2048], tmp[4096];
	int rc = -1;
	struct buf sig = BUF_INIT, ca = BUF_INIT, pkg = BUF_INIT;
	char *text = NULL;
	if (path_fmt(capath, sizeof capath, "%s/pki/chain.pem", cfg->v.data_dir) < 0) {
		snprintf(err, errlen, "path too long: %s", capath);
		goto out;
	}
	if (path_fmt(tmp, sizeof tmp, "%s.tmp", out_path) < 0) {
		snprintf(err, errlen, "path too long: %s", out_path);
		goto out;
	}
	text = json_dumps(m, JSON_INDENT(1) | JSON_SORT_KEYS);
	if (!text) {
		snprintf(err, errlen, "the manifest cannot be written (out of memory)");
		goto out;
	}
	struct pki_signer *signer;
	char serr[512];
	if (svc_signer_get(cfg, &signer, serr, sizeof serr) != PKI_OK ||
	    pki_sign_detached(signer, text, strlen(text), x->now, &sig, serr, sizeof serr) !=
		    PKI_OK) {
		snprintf(err, errlen, "the manifest cannot be signed: %s", serr);
		goto out;
	}
	if (path_read(capath, SIZE_MAX, &ca) != 0) {
		snprintf(err, errlen, "cannot read %s", capath);
		goto out;
	}
	tar_add(&pkg, "manifest.json", text, strlen(text), x->now);
	tar_add(&pkg, "manifest.json.p7s", sig.p, sig.len, x->now);
	tar_add(&pkg, "pki/ca.pem", ca.p, ca.len, x->now);
	buf_add(&pkg, x->tar.p, x->tar.len);
	static const char zeros[1024];
	buf_add(&pkg, zeros, sizeof zeros);
	FILE *f = fopen(tmp, "wb");
	if (!f || fwrite(pkg.p, 1, pkg.len, f) != pkg.len || fflush(f) != 0 || fclose(f) != 0 ||
	    rename(tmp, out_path) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", out_path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(text);
	buf_release(&sig);
	buf_release(&ca);
	buf_release(&pkg);
	return rc;
}

int svc_archive_export(struct db *db, const struct config *cfg, const char *code,
		       const char *out_path, char *err, size_t errlen)
{
	struct arena a;
	arena_init(&a);
	struct exp_files x = {.tar = BUF_INIT, .list = json_array(), .now = clock_now_ms()};
	json_t *m = NULL;
	int rc = -1;
	struct exp_src src;
	memset(&src, 0, sizeof src);
	if (exp_load(db, cfg, &a, code, &src, err, errlen) != 0)
		goto out;
	m = json_object();
	json_object_set_new(m, "format", json_string(ARCHIVE_FORMAT));
	json_object_set_new(m, "created_at", time_or_null(x.now));
	json_object_set_new(m, "dossier", dossier_json(&src.s));
	json_object_set_new(m, "retention", retention_json(&src, x.now));
	json_object_set_new(m, "components", components_json(&src));
	if (documents_json(&x, &src, m, err, errlen) != 0 ||
	    results_json(&x, &src, m, err, errlen) != 0)
		goto out;
	json_object_set_new(m, "files", x.list);
	x.list = NULL;
	events_json(&src.s, m);
	rc = exp_write(cfg, m, &x, out_path, err, errlen);
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

/* One verification: the package, its manifest, and the report. */
struct ver {
	struct buf pkg;
	struct tar_entry *ents;
	size_t n;
	json_t *m;
	const char *ca_path; /* the trust anchor used */
	char tmpca[sizeof "/tmp/motcua-ca-XXXXXX"];
	bool tmp_made;
	FILE *report;
	int bad; /* checks that failed */
};

/* One line of the report: "ok  " or "FAIL", then what was checked. */
__attribute__((format(printf, 3, 4))) static void check(struct ver *v, bool ok, const char *fmt,
							...)
{
	fprintf(v->report, "%s ", ok ? "ok  " : "FAIL");
	va_list ap;
	va_start(ap, fmt);
	vfprintf(v->report, fmt, ap);
	va_end(ap);
	fputc('\n', v->report);
	if (!ok)
		v->bad++;
}

/* Reads the package and its manifest; the trust anchor is ca_path, or the
 * package's own written to a temporary file. */
static int ver_open(struct ver *v, const char *path, const char *ca_path, char *err, size_t errlen)
{
	if (path_read(path, SIZE_MAX, &v->pkg) != 0) {
		snprintf(err, errlen, "cannot read %s", path);
		return -1;
	}
	if (tar_read(&v->pkg, &v->ents, &v->n) != 0) {
		snprintf(err, errlen, "%s is not a tar package (or it is damaged)", path);
		return -1;
	}
	const struct tar_entry *man = find(v->ents, v->n, "manifest.json"),
			       *msig = find(v->ents, v->n, "manifest.json.p7s"),
			       *ca = find(v->ents, v->n, "pki/ca.pem");
	if (!man || !msig || (!ca && !ca_path)) {
		snprintf(err, errlen,
			 "the package lacks manifest.json, its signature or pki/ca.pem");
		return -1;
	}
	json_error_t je;
	v->m = json_loadb(man->data, man->len, 0, &je);
	if (!v->m || strcmp(jstr(v->m, "format"), ARCHIVE_FORMAT)) {
		snprintf(err, errlen, "manifest.json is not a %s manifest", ARCHIVE_FORMAT);
		return -1;
	}
	v->ca_path = ca_path;
	if (ca_path)
		return 0;
	int fd = mkstemp(v->tmpca);
	if (fd < 0) {
		snprintf(err, errlen, "cannot write a temporary file");
		return -1;
	}
	v->tmp_made = true;
	FILE *f = fdopen(fd, "wb");
	if (!f || fwrite(ca->data, 1, ca->len, f) != ca->len || fclose(f) != 0) {
		snprintf(err, errlen, "cannot write a temporary file");
		return -1;
	}
	v->ca_path = v->tmpca;
	return 0;
}

static void check_signature(struct ver *v)
{
	const struct tar_entry *man = find(v->ents, v->n, "manifest.json"),
			       *msig = find(v->ents, v->n, "manifest.json.p7s");
	struct pki_verify pv;
	pki_verify_detached(man->data, man->len, msig->data, msig->len, v->ca_path, &pv);
	check(v, pv.valid, "manifest signed by %s%s%s", pv.signer[0] ? pv.signer : "(unknown)",
	      pv.valid ? "" : ": ", pv.valid ? "" : pv.problem);
}

/* Every listed file present with its SHA-256, and none unlisted. */
static void check_files(struct ver *v)
{
	json_t *files = json_object_get(v->m, "files"), *f;
	size_t i, nfiles_ok = 0;
	json_array_foreach(files, i, f)
	{
		const char *name = jstr(f, "path"), *sha = jstr(f, "sha256");
		const struct tar_entry *e = find(v->ents, v->n, name);
		char h[BLOB_HEX + 1] = "";
		if (e)
			blob_hash(e->data, e->len, h);
		if (e && !strcmp(h, sha) && strstr(name, sha))
			nfiles_ok++;
		else
			check(v, false, "file %s %s", name,
			      e ? "does not match its SHA-256" : "is missing");
	}
	check(v, nfiles_ok == json_array_size(files), "%zu of %zu files match their SHA-256",
	      nfiles_ok, json_array_size(files));
	for (size_t k = 0; k < v->n; k++) {
		if (strncmp(v->ents[k].name, "files/", 6))
			continue;
		bool listed = false;
		json_array_foreach(files, i, f) listed |= !strcmp(jstr(f, "path"), v->ents[k].name);
		if (!listed)
			check(v, false, "%s is not in the manifest", v->ents[k].name);
	}
}

/* An event read back from the manifest by core/events.h's table (what
 * event_json() wrote); strings borrow from o. */
static void event_from_json(json_t *o, const char *dossier, struct event *e)
{
	memset(e, 0, sizeof *e);
	e->dossier = dossier;
	for (size_t i = 0; i < event_nfields; i++) {
		const struct event_field *f = &event_fields[i];
		if (!f->archive)
			continue;
		if (f->type == EVENT_FT_INT || f->type == EVENT_FT_TIME)
			event_set_int(e, f, json_integer_value(json_object_get(o, f->archive)));
		else
			event_set_text(e, f, jstr(o, f->archive));
	}
}

/* Each event's hash recomputed, each link, and the head. */
static void check_chain(struct ver *v)
{
	json_t *events = json_object_get(v->m, "events"), *o;
	const char *code = jstr(json_object_get(v->m, "dossier"), "code");
	const char *prev = event_genesis_hash;
	size_t i, broken = 0;
	json_array_foreach(events, i, o)
	{
		struct event ev;
		event_from_json(o, code, &ev);
		char h[EVENT_HASH_HEX + 1];
		svcd_event_hash(&ev, h);
		bool ok = ev.seq == (int64_t)i + 1 && !strcmp(ev.prev_hash, prev) &&
			  !strcmp(h, ev.hash);
		if (!ok && broken++ == 0)
			check(v, false, "event %lld (%s) does not match its hash or its link",
			      (long long)ev.seq, ev.action);
		prev = ev.hash;
	}
	json_t *chain = json_object_get(v->m, "chain");
	bool head = (size_t)json_integer_value(json_object_get(chain, "nevents")) ==
			    json_array_size(events) &&
		    !strcmp(jstr(chain, "last_hash"), json_array_size(events) ? prev : "");
	check(v, broken == 0 && head, "history: %zu events chained to the head %.16s…",
	      json_array_size(events), jstr(chain, "last_hash"));
}

/* Each result's signature, over the file the manifest names. */
static void check_results(struct ver *v)
{
	json_t *files = json_object_get(v->m, "files");
	json_t *results = json_object_get(v->m, "results"), *r;
	size_t i;
	json_array_foreach(results, i, r)
	{
		char fp[128], sp[128];
		const struct tar_entry *fe = NULL, *se = NULL;
		json_t *ff;
		size_t k;
		json_array_foreach(files, k, ff)
		{
			if (!strcmp(jstr(ff, "sha256"), jstr(r, "file")))
				fe = find(v->ents, v->n, jstr(ff, "path"));
			if (!strcmp(jstr(ff, "sha256"), jstr(r, "signature")))
				se = find(v->ents, v->n, jstr(ff, "path"));
		}
		snprintf(fp, sizeof fp, "%s", jstr(r, "verify_code"));
		snprintf(sp, sizeof sp, "%s", jstr(r, "format"));
		struct pki_verify rv;
		memset(&rv, 0, sizeof rv);
		if (fe && !strcmp(sp, "pades"))
			pki_verify_pdf(fe->data, fe->len, v->ca_path, &rv);
		else if (fe && se)
			pki_verify_detached(fe->data, fe->len, se->data, se->len, v->ca_path, &rv);
		else
			snprintf(rv.problem, sizeof rv.problem, "its file is missing");
		bool ok = rv.valid && (rv.whole || strcmp(sp, "pades"));
		check(v, ok, "result %s (%s) signed by %s%s%s", fp, sp,
		      rv.signer[0] ? rv.signer : "?", ok ? "" : ": ", ok ? "" : rv.problem);
	}
}

int svc_archive_verify(const char *path, const char *ca_path, FILE *report, char *err,
		       size_t errlen)
{
	struct ver v = {.pkg = BUF_INIT, .tmpca = "/tmp/motcua-ca-XXXXXX", .report = report};
	int rc = -1;
	if (ver_open(&v, path, ca_path, err, errlen) != 0)
		goto out;
	check_signature(&v);
	check_files(&v);
	check_chain(&v);
	check_results(&v);
	json_t *ret = json_object_get(v.m, "retention");
	const char *until = json_string_value(json_object_get(ret, "until"));
	fprintf(report, "info retention: %s\n",
		json_is_true(json_object_get(ret, "permanent")) ? "permanent"
		: until						? until
								: "?");
	rc = v.bad ? 1 : 0;
out:
	if (v.tmp_made)
		unlink(v.tmpca);
	json_decref(v.m);
	free(v.ents);
	buf_release(&v.pkg);
	return rc;
}

struct svc_result svc_retention_set(struct db *db, const char *procedure_code, int64_t years,
				    const char *basis)
{
	if (!procedure_code || !*procedure_code)
		return (struct svc_result){ERR_FIELD_MISSING, "procedure", NULL};
	if (years < 0 || years > 200)
		return (struct svc_result){ERR_FIELD_INVALID, "years", NULL};
	return svc_txn_result(db, repo_retention_put(db, procedure_code, years, basis));
}
