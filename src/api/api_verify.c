/* Public verification of a signed result by its code (the QR code on the
 * result leads here): the file's hash, whether the signature is valid, who
 * signed and when; with a file in the request body, whether that file is
 * the signed result. No personal data: the owner is not named.
 * Layer: api. */
#include <string.h>

#include "api/api.h"
#include "api/api_documents.h"
#include "svc/svc_documents.h"

static bool code_ok(const char *s)
{
	size_t n = 0;
	for (; s && s[n]; n++)
		if (!((s[n] >= '2' && s[n] <= '9') || (s[n] >= 'A' && s[n] <= 'Z')))
			return false;
	return n == 12;
}

static json_t *check_json(const struct pki_verify *v)
{
	return json_pack("{s:b,s:b,s:b,s:s,s:s,s:s,s:o,s:s}", "signed", v->signed_, "valid",
			 v->valid, "whole", v->whole, "signer", v->signer, "issuer", v->issuer,
			 "serial", v->serial, "signed_at", json_time(v->signed_at), "problem",
			 v->problem);
}

static void reply(struct http_request *req, const void *data, size_t len)
{
	const char *code = http_param(req, 0);
	if (!code_ok(code)) {
		http_reply_error(req, ERR_RESULT_NOT_FOUND, "code", NULL);
		return;
	}
	struct svc_verification v;
	struct svc_result r = svc_verify(req->db, &req->arena, req->cfg, code, data, len, &v);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:I,s:o}", "verify_code",
			      v.r.verify_code, "dossier", v.r.dossier_code, "procedure",
			      v.procedure_name_vi ? v.procedure_name_vi : "", "procedure_en",
			      v.procedure_name_en ? v.procedure_name_en : "", "title",
			      v.doc.title ? v.doc.title : "", "format", v.r.format, "signature",
			      check_json(&v.v), "sha256", v.file_sha256, "issued_at",
			      json_time(v.r.signed_at), "size", (json_int_t)v.doc.size, "signed_by",
			      v.r.signed_by_name ? json_string(v.r.signed_by_name) : json_null());
	json_object_set_new(o, "valid", json_boolean(v.v.valid && v.v.whole));
	if (v.presented) {
		json_t *p = json_pack("{s:b}", "matches", v.matches);
		if (v.pv.signed_)
			json_object_set_new(p, "signature", check_json(&v.pv));
		json_object_set_new(o, "presented", p);
	}
	http_add_header(req, "Cache-Control", "no-store");
	http_reply_json(req, 200, o);
}

void api_verify_get(struct http_request *req)
{
	reply(req, NULL, 0);
}

void api_verify_post(struct http_request *req)
{
	if (req->body_len == 0) {
		http_reply_error(req, ERR_FILE_EMPTY, "file", NULL);
		return;
	}
	reply(req, req->body, req->body_len);
}
