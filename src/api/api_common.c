/* What every handler shares: the session hook and use-case errors.
 * Layer: api. */
#include <stdbool.h>
#include <string.h>

#include "api/api.h"
#include "cal/cal.h"

int api_authenticate(struct http_request *req)
{
	const char *token = http_cookie(req, "motcua_session");
	struct session_row *s = arena_zalloc(&req->arena, sizeof *s);
	const char *hash = NULL;
	struct svc_result r = svc_session(req->db, &req->arena, token, s, &hash);
	if (r.code == ERR_DB_ERROR) {
		api_reply_svc(req, r); /* logs the database's message */
		return -1;
	}
	if (r.code != ERR_NONE)
		return 0; /* an expired or unknown cookie is simply not logged in */
	struct http_user *u = arena_zalloc(&req->arena, sizeof *u);
	u->id = s->user.id;
	u->username = s->user.username;
	u->full_name = s->user.full_name;
	u->unit_id = s->user.unit_id;
	u->roles = s->user.roles;
	u->kind = s->user.kind;
	u->must_change_password = s->user.must_change_password;
	u->csrf_token = s->csrf_token;
	u->token_hash = hash;
	req->user = u;
	return 0;
}

void api_reply_svc(struct http_request *req, struct svc_result r)
{
	/* The write lock stayed with another process until the transaction's
	 * deadline (db.busy_timeout_ms): nothing was written, and a retry in a
	 * moment will do (http_reply_error adds Retry-After to every 503).
	 * Said apart from a database that is down. */
	r = svc_busy(req->db, r);
	http_reply_error(req, r.code, r.field, r.detail);
}

void api_reply_svc_retry(struct http_request *req, struct svc_result r, int64_t retry_after)
{
	/* A 503 (AUTH_BUSY) gets its Retry-After from http_reply_error. */
	if (retry_after > 0) {
		char secs[24];
		snprintf(secs, sizeof secs, "%lld", (long long)retry_after);
		http_add_header(req, "Retry-After", secs);
	}
	api_reply_svc(req, r);
}

void api_reply_jw(struct http_request *req, int status, const struct buf *b)
{
	http_reply_text(req, status, "application/json; charset=utf-8", b->p, b->len);
}

int api_parse_time(const char *s, int64_t *ms)
{
	size_t n = s ? strlen(s) : 0;
	bool secs = n >= 19 && s[16] == ':';
	size_t body = secs ? 19 : 16;
	if (n < 16 || (n != body && !(n == body + 6 && !strcmp(s + body, "+07:00"))))
		return -1;
	int v[6] = {0}, w[6] = {4, 2, 2, 2, 2, 2};
	const char seps[] = {'-', '-', 'T', ':', ':', 0};
	const char *p = s;
	int fields = secs ? 6 : 5;
	for (int i = 0; i < fields; i++) {
		for (int k = 0; k < w[i]; k++, p++) {
			if (*p < '0' || *p > '9')
				return -1;
			v[i] = v[i] * 10 + (*p - '0');
		}
		if (i + 1 < fields && *p++ != seps[i])
			return -1;
	}
	if (v[5] > 59)
		return -1;
	struct cal_date d = {v[0], v[1], v[2]};
	if (cal_ms_from_local(d, v[3], v[4], ms) < 0)
		return -1;
	*ms += v[5] * 1000LL;
	return 0;
}

struct svc_actor api_actor(const struct http_request *req)
{
	const struct http_user *u = req->user;
	return (struct svc_actor){u->id, u->username, u->full_name, u->roles, u->unit_id};
}
