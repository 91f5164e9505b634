/* Documents over HTTP: the component checklist with offers from the
 * applicant's data store, attaching files (the raw request body is the
 * file; its Content-Type is the declared type, checked against the
 * content), exemptions, reuse, downloads, the citizen's store, the result
 * draft and issuing a signed result. Layer: api. */
#include <string.h>

#include "api/api.h"
#include "api/api_documents.h"
#include "base/clock.h"
#include "base/text.h"
#include "cal/cal.h"
#include "core/doctype.h"
#include "svc/svc_documents.h"

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *api_document_json(const struct document *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(d->id));
	/* A fee receipt is stored as an issued document of the agency
	 * (documents.kind result, doc_type fee_receipt) but is no result of
	 * the procedure: its own kind for the store and the pages. */
	bool receipt = d->doc_type && !strcmp(d->doc_type, "fee_receipt");
	json_object_set_new(o, "kind", json_string(receipt ? "receipt" : d->kind));
	json_object_set_new(o, "doc_type", json_string(d->doc_type ? d->doc_type : ""));
	json_object_set_new(o, "title", json_string(d->title ? d->title : ""));
	json_object_set_new(o, "issuer", str_or_null(d->issuer));
	json_object_set_new(o, "issued_at", json_time(d->issued_at));
	enum doc_valid_from from;
	int64_t until = doctype_valid_until(d->doc_type, d->issued_at, d->created_at,
					    d->valid_until, &from);
	json_object_set_new(o, "valid_until", json_time(until));
	json_object_set_new(o, "valid_from", str_or_null(doc_valid_from_name(from)));
	json_object_set_new(o, "dossier", str_or_null(d->dossier_code));
	json_object_set_new(o, "hash", json_string(d->hash));
	json_object_set_new(o, "size", json_integer(d->size));
	json_object_set_new(o, "created_at", json_time(d->created_at));
	if (d->files) {
		json_t *fs = json_array();
		for (size_t i = 0; i < d->nfiles; i++) {
			const struct document_file *f = &d->files[i];
			json_array_append_new(
				fs, json_pack("{s:I,s:s,s:s,s:I,s:s,s:o}", "n", (json_int_t)f->ord,
					      "sha256", f->sha256, "type", f->type, "size",
					      (json_int_t)f->size, "name", f->name ? f->name : "",
					      "href",
					      json_sprintf("/api/v1/documents/%lld/files/%lld",
							   (long long)d->id, (long long)f->ord)));
		}
		json_object_set_new(o, "files", fs);
	}
	return o;
}

/* "YYYY-MM-DD" (local) → ms at 00:00 local; 0 when absent. -1 if bad. */
static int date_param(struct http_request *req, const char *name, int64_t *ms)
{
	const char *s = http_query(req, name);
	*ms = 0;
	if (!s || !*s)
		return 0;
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return -1;
	struct cal_date cd = {y, m, d};
	if (cal_ms_from_local(cd, 0, 0, ms) < 0)
		return -1;
	return 0;
}

static bool ord_param(struct http_request *req, size_t i, int64_t *ord)
{
	if (text_parse_i64(http_param(req, i), 1, 1000, ord) != 0) {
		http_reply_error(req, ERR_COMPONENT_NOT_FOUND, "component", NULL);
		return false;
	}
	return true;
}

static bool upload_from(struct http_request *req, struct svc_upload *up)
{
	memset(up, 0, sizeof *up);
	up->data = req->body;
	up->len = req->body_len;
	up->declared = http_header(req, "Content-Type");
	up->name = http_query(req, "name");
	up->issuer = http_query(req, "issuer");
	if (up->name && (strlen(up->name) > 255 || !text_utf8_valid(up->name, strlen(up->name)))) {
		http_reply_error(req, ERR_FIELD_INVALID, "name", NULL);
		return false;
	}
	if (up->issuer &&
	    (strlen(up->issuer) > 255 || !text_utf8_valid(up->issuer, strlen(up->issuer)))) {
		http_reply_error(req, ERR_FIELD_INVALID, "issuer", NULL);
		return false;
	}
	if (date_param(req, "issued", &up->issued_at) < 0) {
		http_reply_error(req, ERR_FIELD_INVALID, "issued", "YYYY-MM-DD");
		return false;
	}
	if (date_param(req, "valid_until", &up->valid_until) < 0) {
		http_reply_error(req, ERR_FIELD_INVALID, "valid_until", "YYYY-MM-DD");
		return false;
	}
	return true;
}

static json_t *component_doc_json(const struct component_doc *c)
{
	json_t *o = json_pack("{s:s,s:o,s:o}", "how", c->how, "at", json_time(c->at), "by",
			      str_or_null(c->by_name));
	if (c->reused_from_code)
		json_object_set_new(o, "reused_from", json_string(c->reused_from_code));
	if (c->exemption) {
		json_object_set_new(o, "exemption", json_string(c->exemption));
		json_object_set_new(o, "reason", json_string(c->reason ? c->reason : ""));
	}
	return o;
}

void api_components_get(struct http_request *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_components c;
	struct svc_result r = svc_components_get(req->db, &req->arena, &who, http_param(req, 0),
						 clock_now_ms(), &c);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < c.n; i++) {
		const struct svc_component_view *v = &c.items[i];
		json_t *o = json_pack("{s:I,s:s,s:s,s:o,s:o,s:I,s:b,s:o}", "n", (json_int_t)v->ord,
				      "name", v->name_vi ? v->name_vi : "", "name_en",
				      v->name_en ? v->name_en : "", "doc_type",
				      str_or_null(v->doc_type), "copy_type",
				      str_or_null(v->copy_type), "copies", (json_int_t)v->copies,
				      "mandatory", v->mandatory, "status", str_or_null(v->status));
		json_object_set_new(o, "satisfied",
				    v->has ? component_doc_json(&v->doc) : json_null());
		json_object_set_new(o, "document",
				    v->has && v->doc.document_id ? api_document_json(&v->document)
								 : json_null());
		json_t *offers = json_array();
		for (size_t k = 0; k < v->noffers; k++)
			json_array_append_new(offers, api_document_json(&v->offers[k]));
		json_object_set_new(o, "offers", offers);
		json_array_append_new(items, o);
	}
	json_t *results = json_array();
	for (size_t i = 0; i < c.nresults; i++)
		json_array_append_new(results, api_result_json(&c.results[i]));
	json_t *body = json_pack(
		"{s:s,s:s,s:o,s:b,s:b,s:I,s:o,s:o}", "code", c.d.code, "state", c.d.state, "owner",
		json_pack("{s:s,s:s,s:s}", "kind", c.owner_kind, "ident", c.owner_ident, "name",
			  c.owner_name ? c.owner_name : ""),
		"can_attach", c.can_attach, "store_open", c.store_open, "total_size",
		(json_int_t)c.total_size, "components", items, "results", results);
	http_reply_json(req, 200, body);
}

void api_component_attach(struct http_request *req)
{
	int64_t ord;
	if (!ord_param(req, 1, &ord))
		return;
	struct svc_upload up;
	if (!upload_from(req, &up))
		return;
	struct svc_actor who = api_actor(req);
	struct document d;
	struct svc_result r = svc_component_attach(req->db, &req->arena, req->cfg, &who,
						   http_param(req, 0), ord, &up, &d);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 201, api_document_json(&d));
}

/* POST /api/v1/uploads: a file for a component of an online submission
 * not made yet (issue 15); the raw body is the file, as for attach. */
void api_upload_stage(struct http_request *req)
{
	struct svc_upload up;
	if (!upload_from(req, &up))
		return;
	struct svc_actor who = api_actor(req);
	struct upload u;
	struct svc_result r = svc_upload_stage(req->db, &req->arena, req->cfg, &who, &up, &u);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *o = json_pack("{s:I,s:s,s:s,s:I,s:s,s:o}", "id", (json_int_t)u.id, "sha256",
			      u.sha256, "type", u.type, "size", (json_int_t)u.size, "name",
			      u.name ? u.name : "", "created_at", json_time(u.created_at));
	json_object_set_new(o, "issuer", str_or_null(u.issuer));
	json_object_set_new(o, "issued_at", json_time(u.issued_at));
	json_object_set_new(o, "valid_until", json_time(u.valid_until));
	http_reply_json(req, 201, o);
}

void api_upload_drop(struct http_request *req)
{
	int64_t id;
	if (text_parse_i64(http_param(req, 0), 1, INT64_MAX, &id) != 0) {
		http_reply_error(req, ERR_UPLOAD_NOT_FOUND, "id", NULL);
		return;
	}
	struct svc_actor who = api_actor(req);
	struct svc_result r = svc_upload_drop(req->db, &who, id);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_empty(req, 204);
}

void api_component_reuse(struct http_request *req)
{
	int64_t ord;
	if (!ord_param(req, 1, &ord))
		return;
	json_t *body = http_json_body(req);
	if (!body)
		return;
	json_t *id = json_object_get(body, "document_id");
	if (!json_is_integer(id)) {
		http_reply_error(req, ERR_FIELD_MISSING, "document_id", NULL);
		json_decref(body);
		return;
	}
	struct svc_actor who = api_actor(req);
	struct svc_result r = svc_component_reuse(req->db, &req->arena, &who, http_param(req, 0),
						  ord, json_integer_value(id));
	json_decref(body);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200, json_pack("{s:b}", "reused", 1));
}

void api_component_exempt(struct http_request *req)
{
	int64_t ord;
	if (!ord_param(req, 1, &ord))
		return;
	json_t *body = http_json_body(req);
	if (!body)
		return;
	struct svc_actor who = api_actor(req);
	struct svc_result r =
		svc_component_exempt(req->db, &req->arena, &who, http_param(req, 0), ord,
				     json_string_value(json_object_get(body, "exemption")),
				     json_string_value(json_object_get(body, "reason")));
	json_decref(body);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200, json_pack("{s:b}", "exempted", 1));
}

void api_document_download(struct http_request *req)
{
	int64_t id, n;
	if (text_parse_i64(http_param(req, 0), 1, INT64_MAX, &id) != 0 ||
	    text_parse_i64(http_param(req, 1), 1, 1000, &n) != 0) {
		http_reply_error(req, ERR_DOCUMENT_NOT_FOUND, NULL, NULL);
		return;
	}
	struct svc_actor who = api_actor(req);
	struct buf b = BUF_INIT;
	struct document_file f;
	struct svc_result r =
		svc_document_download(req->db, &req->arena, req->cfg, &who, id, n, &b, &f);
	if (r.code != ERR_NONE) {
		buf_release(&b);
		api_reply_svc(req, r);
		return;
	}
	const char *mime = blob_type_mime(blob_type_parse(f.type));
	char disp[512];
	/* The name is ours (sanitised to ASCII letters) or the hash. */
	char safe[200];
	size_t k = 0;
	for (const char *p = f.name && *f.name ? f.name : f.sha256; *p && k + 1 < sizeof safe; p++)
		safe[k++] = ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			     (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_')
				    ? *p
				    : '_';
	safe[k] = 0;
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", safe);
	http_add_header(req, "Content-Disposition", disp);
	http_add_header(req, "Cache-Control", "private, no-store");
	http_reply_text(req, 200, mime, b.p, b.len);
	buf_release(&b);
}

static void reply_docs(struct http_request *req, struct document *d, size_t n)
{
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, api_document_json(&d[i]));
	http_reply_json(req, 200, json_pack("{s:o}", "documents", items));
}

void api_store_own(struct http_request *req)
{
	struct svc_actor who = api_actor(req);
	struct document *d;
	size_t n;
	struct svc_result r = svc_store_own(req->db, &req->arena, &who, &d, &n);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		reply_docs(req, d, n);
}

void api_store_of_dossier(struct http_request *req)
{
	struct svc_actor who = api_actor(req);
	struct document *d;
	size_t n;
	struct svc_result r =
		svc_store_of_dossier(req->db, &req->arena, &who, http_param(req, 0), &d, &n);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		reply_docs(req, d, n);
}

void api_result_draft(struct http_request *req)
{
	struct svc_upload up;
	if (!upload_from(req, &up))
		return;
	struct svc_result_in in = {.doc_type = http_query(req, "doc_type"),
				   .title = http_query(req, "title"),
				   .valid_until = up.valid_until,
				   .paper = http_query(req, "paper") &&
					    !strcmp(http_query(req, "paper"), "1")};
	if ((in.doc_type && strlen(in.doc_type) > 100) || (in.title && strlen(in.title) > 500)) {
		http_reply_error(req, ERR_FIELD_INVALID,
				 in.title && strlen(in.title) > 500 ? "title" : "doc_type", NULL);
		return;
	}
	struct svc_actor who = api_actor(req);
	struct svc_result r = svc_result_draft(req->db, &req->arena, req->cfg, &who,
					       http_param(req, 0), &up, &in);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 201, json_pack("{s:b}", "drafted", 1));
}

void api_result_draft_get(struct http_request *req)
{
	struct svc_actor who = api_actor(req);
	struct buf b = BUF_INIT;
	const char *type = NULL, *name = NULL;
	struct svc_result r = svc_result_draft_file(req->db, &req->arena, req->cfg, &who,
						    http_param(req, 0), &b, &type, &name);
	if (r.code != ERR_NONE) {
		buf_release(&b);
		api_reply_svc(req, r);
		return;
	}
	http_add_header(req, "Content-Disposition", "inline; filename=\"du-thao-ket-qua\"");
	http_add_header(req, "Cache-Control", "private, no-store");
	http_reply_text(req, 200, blob_type_mime(blob_type_parse(type)), b.p, b.len);
	buf_release(&b);
}

json_t *api_result_json(const struct result_row *r)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:o,s:I}", "verify_code", r->verify_code,
			 "dossier", r->dossier_code ? r->dossier_code : "", "format", r->format,
			 "signer", r->signer, "signed_by", str_or_null(r->signed_by_name),
			 "signed_at", json_time(r->signed_at), "key", r->key_kind,
			 "signature_sha256", str_or_null(r->signature_sha256), "document_id",
			 (json_int_t)r->document_id);
}

void api_result_issue(struct http_request *req)
{
	json_t *body = req->body_len ? http_json_body(req) : json_object();
	if (!body)
		return;
	const char *rc = json_string_value(json_object_get(body, "result_code"));
	struct svc_actor who = api_actor(req);
	struct result_row row;
	struct svc_result r = svc_result_issue(req->db, &req->arena, req->cfg, &who,
					       http_param(req, 0), rc, &row);
	json_decref(body);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 201, api_result_json(&row));
}
