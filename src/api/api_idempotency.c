/* The Idempotency-Key header, for every route of routes.c flagged
 * ROUTE_IDEMPOTENT (the server calls api_idempotent for them): the
 * request is recorded before its handler runs and its reply after, so that
 * a client that retries (it timed out, the answer was lost) gets the first
 * reply instead of a second dossier. The rules are in svc_idempotency.h.
 * Layer: api. */
#include <string.h>

#include "api/api.h"
#include "svc/svc_idempotency.h"

/* The extra headers of a reply ("Name\nvalue\n" pairs) without Set-Cookie:
 * a session token is never stored in clear. */
static const char *headers_to_keep(struct http_request *req)
{
	struct buf b = BUF_INIT;
	const char *p = buf_str(&req->extra_headers);
	while (*p) {
		const char *nl1 = strchr(p, '\n');
		const char *nl2 = nl1 ? strchr(nl1 + 1, '\n') : NULL;
		if (!nl2)
			break;
		if (strncasecmp(p, "Set-Cookie\n", 11))
			buf_add(&b, p, (size_t)(nl2 + 1 - p));
		p = nl2 + 1;
	}
	const char *s = arena_strdup(&req->arena, buf_str(&b));
	buf_release(&b);
	return s;
}

static void replay(struct http_request *req, const struct idem_row *prev)
{
	const char *p = prev->headers;
	while (*p) {
		const char *nl1 = strchr(p, '\n');
		const char *nl2 = nl1 ? strchr(nl1 + 1, '\n') : NULL;
		if (!nl2)
			break;
		http_add_header(req, arena_strndup(&req->arena, p, (size_t)(nl1 - p)),
				arena_strndup(&req->arena, nl1 + 1, (size_t)(nl2 - nl1 - 1)));
		p = nl2 + 1;
	}
	http_add_header(req, "Idempotent-Replayed", "true");
	http_reply_text(req, prev->status, *prev->content_type ? prev->content_type : NULL,
			prev->body, strlen(prev->body));
}

void api_idempotent(struct http_request *req, http_handler_cb fn)
{
	const char *key = http_header(req, "Idempotency-Key");
	if (!key) {
		fn(req);
		return;
	}
	if (!svc_idem_key_valid(key)) {
		http_reply_error(req, ERR_IDEMPOTENCY_KEY_INVALID, "Idempotency-Key", NULL);
		return;
	}
	struct svc_idem_request q = {
		.who = req->user ? arena_printf(&req->arena, "u:%lld", (long long)req->user->id)
				 : arena_printf(&req->arena, "ip:%s", req->ip ? req->ip : ""),
		.key = key,
		.route =
			arena_printf(&req->arena, "%s %s", req->route->method, req->route->pattern),
		.method = req->method,
		.path = req->path,
		.content_type = http_header(req, "Content-Type"),
		.body = req->body ? req->body : "",
		.body_len = req->body ? req->body_len : 0,
	};
	bool again = false;
	struct idem_row prev;
	struct svc_result r = svc_idem_begin(req->db, &req->arena, &q, &again, &prev);
	if (r.code != ERR_NONE) {
		if (r.code == ERR_IDEMPOTENCY_IN_PROGRESS)
			http_add_header(req, "Retry-After", "1");
		api_reply_svc(req, r);
		return;
	}
	if (again) {
		replay(req, &prev);
		return;
	}
	fn(req);
	/* Kept: a JSON reply (what these routes answer). Anything else (none,
	 * a stream, bytes) is forgotten, and a retry runs again. */
	const char *body = NULL;
	if (req->replied && !req->stream && !req->out_is_static &&
	    (!req->content_type || !strncmp(req->content_type, "application/json", 16)) &&
	    !memchr(req->out.p, 0, req->out.len))
		body = buf_str(&req->out);
	svc_idem_finish(req->db, &q, req->replied ? req->status : 0, req->content_type,
			headers_to_keep(req), body);
}
