/* The libmicrohttpd server: request life cycle from the first header to the
 * access-log line. See http.h for the contract. Layer: http.
 *
 * Bodies: a body up to http.body_spill_kb is collected in memory; a larger
 * one (or any, once the memory budget is spent) goes to an unnamed
 * temporary file under data_dir/tmp as it arrives, and the handler reads it
 * through a read-only mapping, so that slow or large uploads hold disk, not
 * memory. Memory for bodies (held or mapped) and disk for spilled ones are
 * budgets shared by all requests (limits.c); past them the request gets 503
 * with Retry-After. */
#include <ctype.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "base/budget.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/path.h"
#include "base/text.h"
#include "http/http.h"
#include "http/limits_impl.h"
#include "http/sse_impl.h"
#include "http/static_impl.h"

/* Seconds a client is told to wait after a 503 for overload. */
#define RETRY_AFTER "5"
/* Memory for in-memory bodies is taken from the budget in steps of this. */
#define MEM_STEP (64 * 1024)

struct http_server {
	struct MHD_Daemon *d;
	struct MHD_Daemon *metrics_d; /* http.metrics_listen, or NULL */
	struct http_server_options opt;
	struct http_static *statics;
	char csp[512];
	size_t default_max_body;
	int max_json_depth;
	int64_t budget_ms;	  /* http.request_budget_ms */
	int64_t report_budget_ms; /* http.report_budget_ms, for ROUTE_REPORT */
	size_t spill_bytes;
	char tmp_dir[4096];
	char rid_prefix[9];
	_Atomic uint64_t rid_counter;
};

/* Per-request state, created on MHD's first call for a request. */
struct ctx {
	struct http_request req;
	struct http_server *srv;
	struct http_admission adm;
	bool admitted; /* adm holds a connection slot's request (limits.c) */
	/* The body: in memory (body), or in a temporary file (fd, file_len),
	 * mapped for the handler (map). Budget taken: mem_charged for body,
	 * map_charged for map, disk_charged for the file. */
	struct buf body;
	size_t mem_charged;
	int fd;
	size_t file_len, disk_charged;
	void *map;
	size_t map_charged;
	size_t max_body;
	bool too_large;
	const char *busy; /* why the request gets 503 once its body is in */
	bool early_reply; /* 404/405/413/503 decided from headers alone */
	int64_t start_ns;
	char scratch[1024];
	const char *route_name;
};

/* The Content-Security-Policy; its script-src also names the hash of the
 * shell's import map (static.c), the one inline script there is. */
#define CSP_FMT                                                                                    \
	"default-src 'self'; script-src 'self'%s%s%s; style-src 'self'; img-src 'self' data:; "    \
	"connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; "               \
	"form-action 'self'; frame-ancestors 'none'"

static const char *const security_headers[][2] = {
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	{"Referrer-Policy", "same-origin"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
};

const char *http_query(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct query_each {
	http_query_cb fn;
	void *ctx;
};

static enum MHD_Result query_each_one(void *cls, enum MHD_ValueKind kind, const char *key,
				      const char *value)
{
	struct query_each *e = cls;
	(void)kind;
	return e->fn(e->ctx, key, value ? value : "") ? MHD_YES : MHD_NO;
}

void http_query_each(struct http_request *req, http_query_cb fn, void *ctx)
{
	struct query_each e = {fn, ctx};
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, query_each_one, &e);
}

const char *http_header(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *http_param(struct http_request *req, size_t i)
{
	return i < req->nparams ? req->params[i] : "";
}

void http_add_header(struct http_request *req, const char *name, const char *value)
{
	/* Header injection guard: values come from us, but never let a newline through. */
	if (strpbrk(name, "\r\n:") || strpbrk(value, "\r\n"))
		return;
	buf_addf(&req->extra_headers, "%s\n%s\n", name, value);
}

void http_reply_text(struct http_request *req, int status, const char *content_type,
		     const char *text, size_t len)
{
	if (NEVER(req->replied))
		return;
	req->replied = true;
	req->status = status;
	req->content_type = content_type;
	buf_reset(&req->out);
	buf_add(&req->out, text, len);
}

void http_reply_json(struct http_request *req, int status, json_t *body)
{
	char *s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (!s) {
		http_reply_error(req, ERR_INTERNAL, NULL, NULL);
		return;
	}
	http_reply_text(req, status, "application/json; charset=utf-8", s, strlen(s));
	free(s);
}

void http_reply_empty(struct http_request *req, int status)
{
	http_reply_text(req, status, NULL, "", 0);
}

/* Whether a reply header was added already (extra_headers holds a name
 * line then a value line per header). */
static bool has_extra_header(const struct http_request *req, const char *name)
{
	size_t n = strlen(name);
	const char *p = req->extra_headers.p, *e = p ? p + req->extra_headers.len : NULL;
	for (bool is_name = true; p && p < e; is_name = !is_name) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(e - p);
		if (is_name && len == n && !strncasecmp(p, name, n))
			return true;
		p = nl ? nl + 1 : e;
	}
	return false;
}

void http_reply_error(struct http_request *req, enum err_code code, const char *field,
		      const char *detail)
{
	const struct err_info *e = err_lookup(code);
	const char *msg = !strcmp(req->lang, "en") ? e->en : e->vi;
	json_t *err = json_object();
	json_object_set_new(err, "code", json_string(e->name));
	/* The database's and our own failures are explained in the log, not to
	 * the client: their details name tables, columns and values. */
	const char *logged = detail;
	if (code == ERR_DB_ERROR || code == ERR_INTERNAL)
		detail = NULL;
	/* Details are written in English by the code that finds them: an
	 * English reply carries them in its message; a Vietnamese one keeps its
	 * message Vietnamese and gives them apart, in "detail". */
	if (detail && *detail && !strcmp(req->lang, "en"))
		json_object_set_new(err, "message", json_sprintf("%s: %s", msg, detail));
	else
		json_object_set_new(err, "message", json_string(msg));
	if (detail && *detail)
		json_object_set_new(err, "detail", json_string(detail));
	if (field && *field)
		json_object_set_new(err, "field", json_string(field));
	if (e->status >= 500)
		log_error("%s: %s", e->name, logged && *logged ? logged : "(no detail)");
	else
		log_warn("%s field=%s %s", e->name, field ? field : "-", detail ? detail : "");
	json_t *body = json_object();
	json_object_set_new(body, "error", err);
	/* Every 503 is "not now": tell the client when to come back, unless
	 * the code that refused said when already. */
	if (e->status == 503 && !has_extra_header(req, "Retry-After"))
		http_add_header(req, "Retry-After", "5");
	http_reply_json(req, e->status, body);
}

void http_reply_jerr(struct http_request *req, const struct jerr *err)
{
	static const enum err_code map[] = {
		[JERR_NONE] = ERR_INTERNAL,
		[JERR_SYNTAX] = ERR_BAD_JSON,
		[JERR_UTF8] = ERR_BAD_UTF8,
		[JERR_DEPTH] = ERR_JSON_TOO_DEEP,
		[JERR_NOT_OBJECT] = ERR_NOT_AN_OBJECT,
		[JERR_MISSING] = ERR_FIELD_MISSING,
		[JERR_TYPE] = ERR_FIELD_TYPE,
		[JERR_UNKNOWN] = ERR_FIELD_UNKNOWN,
		[JERR_TOO_LONG] = ERR_FIELD_TOO_LONG,
		[JERR_TOO_SHORT] = ERR_FIELD_TOO_SHORT,
		[JERR_RANGE] = ERR_FIELD_RANGE,
		[JERR_INVALID] = ERR_FIELD_INVALID,
	};
	http_reply_error(req, map[err->kind], err->field, err->detail);
}

void http_reply_busy(struct http_request *req, const char *why)
{
	http_limits_leaving(&((struct ctx *)req)->adm);
	http_add_header(req, "Retry-After", RETRY_AFTER);
	http_add_header(req, "Connection", "close");
	http_reply_error(req, ERR_SERVER_BUSY, NULL, why);
}

json_t *http_json_body(struct http_request *req)
{
	struct ctx *c = (struct ctx *)req;
	const char *ct = http_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
		http_reply_error(req, ERR_UNSUPPORTED_MEDIA_TYPE, "Content-Type",
				 "application/json is expected");
		return NULL;
	}
	struct jerr err = {0};
	json_t *j;
	if (json_parse_body(req->body ? req->body : "", req->body_len, c->srv->max_json_depth, &j,
			    &err) < 0) {
		http_reply_jerr(req, &err);
		return NULL;
	}
	return j;
}

static const char *pick_lang(struct http_request *req)
{
	const char *q = http_query(req, "lang");
	if (q && !strcmp(q, "en"))
		return "en";
	if (q && !strcmp(q, "vi"))
		return "vi";
	const char *al = http_header(req, "Accept-Language");
	if (al && !strncasecmp(al, "en", 2))
		return "en";
	return "vi";
}

static bool is_mutating(const char *m)
{
	return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

static bool etag_matches(const char *inm, const char *etag)
{
	if (!inm)
		return false;
	if (!strcmp(inm, "*"))
		return true;
	size_t el = strlen(etag);
	for (const char *p = inm; (p = strstr(p, etag)); p += el)
		return true;
	return false;
}

static void serve_static(struct ctx *c)
{
	struct http_request *req = &c->req;
	const struct static_file *f = http_static_find(c->srv->statics, req->path);
	c->route_name = "static";
	if (!f) {
		http_reply_error(req, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) {
		http_add_header(req, "Allow", "GET, HEAD");
		http_reply_error(req, ERR_METHOD_NOT_ALLOWED, NULL, NULL);
		return;
	}
	http_add_header(req, "ETag", f->etag);
	/* Asked for by its content's version (the shell names every file so):
	 * the same address will never answer anything else. */
	const char *v = http_query(req, "v");
	http_add_header(req, "Cache-Control",
			v && !strcmp(v, f->version) ? "public, max-age=31536000, immutable"
						    : "no-cache");
	http_add_header(req, "Vary", "Accept-Encoding");
	if (etag_matches(http_header(req, "If-None-Match"), f->etag)) {
		req->replied = true;
		req->status = 304;
		return;
	}
	const char *ae = http_header(req, "Accept-Encoding");
	req->replied = true;
	req->status = 200;
	req->content_type = f->type;
	req->out_is_static = true;
	if (f->gz && ae && strstr(ae, "gzip")) {
		http_add_header(req, "Content-Encoding", "gzip");
		req->static_data = (const char *)f->gz;
		req->static_len = f->gzlen;
	} else {
		req->static_data = (const char *)f->data;
		req->static_len = f->len;
	}
}

/* The route's handler within its time budget; it must reply. */
static void run_handler(struct http_server *s, struct http_request *req)
{
	const struct route *r = req->route;
	budget_start(r->flags & ROUTE_REPORT ? s->report_budget_ms : s->budget_ms);
	if ((r->flags & ROUTE_IDEMPOTENT) && s->opt.idempotent)
		s->opt.idempotent(req, r->fn);
	else
		r->fn(req);
	budget_clear();
	if (!req->replied) {
		log_error("handler for %s %s did not reply", r->method, r->pattern);
		http_reply_error(req, ERR_INTERNAL, NULL, NULL);
	}
}

/* Forgets the reply built so far, and the headers added after the first
 * headers bytes, so that the handler can run again. */
static void reply_drop(struct http_request *req, size_t headers)
{
	req->replied = false;
	req->status = 0;
	req->content_type = NULL;
	buf_reset(&req->out);
	req->out_is_static = false;
	req->static_data = NULL;
	req->static_len = 0;
	if (req->extra_headers.len > headers) {
		req->extra_headers.len = headers;
		req->extra_headers.p[headers] = 0;
	}
}

/* Runs auth, role and CSRF checks, then the handler. */
static void dispatch(struct ctx *c)
{
	struct http_request *req = &c->req;
	struct http_server *s = c->srv;
	const struct route *r = req->route;
	bool need_db = !(r->flags & ROUTE_NO_DB);
	if (need_db && s->opt.db_acquire)
		req->db = s->opt.db_acquire(s->opt.db_ctx);
	if (need_db && http_cookie(req, "motcua_session") && s->opt.authenticate) {
		if (s->opt.authenticate(req) < 0) {
			if (!req->replied) /* the hook may have said why */
				http_reply_error(req, ERR_DB_ERROR, NULL, NULL);
			goto out;
		}
	}
	if (!(r->flags & ROUTE_PUBLIC)) {
		if (!req->user) {
			http_reply_error(req, ERR_UNAUTHENTICATED, NULL, NULL);
			goto out;
		}
		if (!(req->user->roles & r->roles)) {
			http_reply_error(req, ERR_FORBIDDEN, NULL, NULL);
			goto out;
		}
		if (req->user->must_change_password && !(r->flags & ROUTE_PASSWORD_CHANGE)) {
			http_reply_error(req, ERR_PASSWORD_CHANGE_REQUIRED, NULL, NULL);
			goto out;
		}
	}
	if (is_mutating(req->method) && req->user && !(r->flags & ROUTE_NO_CSRF)) {
		const char *t = http_header(req, "X-CSRF-Token");
		const char *want = req->user->csrf_token;
		if (!t || !want || strlen(t) != strlen(want) ||
		    sodium_memcmp(t, want, strlen(want)) != 0) {
			http_reply_error(req, ERR_CSRF_MISSING, "X-CSRF-Token", NULL);
			goto out;
		}
	}
	struct db *replica = NULL;
	if ((r->flags & ROUTE_REPLICA) && req->db && s->opt.replica_acquire &&
	    (replica = s->opt.replica_acquire(s->opt.replica_ctx))) {
		s->opt.db_release(s->opt.db_ctx, req->db);
		req->db = replica;
	}
	size_t headers = req->extra_headers.len;
	run_handler(s, req);
	if (replica) {
		req->db = NULL;
		if (s->opt.replica_release(s->opt.replica_ctx, replica)) {
			/* The replica failed or did not answer in time: what it
			 * gave is dropped and the primary answers instead. */
			log_warn("replica read failed: %s %s read again from the primary",
				 r->method, r->pattern);
			reply_drop(req, headers);
			req->db = s->opt.db_acquire(s->opt.db_ctx);
			run_handler(s, req);
		}
	}
out:
	if (req->db) {
		s->opt.db_release(s->opt.db_ctx, req->db);
		req->db = NULL;
	}
}

/* Replies at least this long are gzipped for a client that accepts it. */
#define GZIP_MIN_BYTES 1024

/* Whether Accept-Encoding takes gzip: a "gzip" (or "*") coding whose q is
 * not 0. */
static bool accepts_gzip(struct http_request *req)
{
	const char *p = http_header(req, "Accept-Encoding");
	while (p && *p) {
		p += strspn(p, " \t,");
		size_t n = strcspn(p, ";, \t");
		bool gz = (n == 4 && !strncasecmp(p, "gzip", 4)) || (n == 1 && *p == '*');
		const char *end = p + strcspn(p, ",");
		const char *q = memchr(p, ';', (size_t)(end - p));
		bool zero = false;
		if (q) {
			q = strstr(q, "q=");
			if (q && q < end)
				zero = strtod(q + 2, NULL) <= 0;
		}
		if (gz)
			return !zero;
		p = end;
	}
	return false;
}

/* The ETag of a ROUTE_CACHEABLE reply (FNV-1a over its body: weak, since
 * the bytes sent may be gzipped), and 304 when the client has it. */
static void reply_etag(struct http_request *req)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < req->out.len; i++) {
		h ^= (unsigned char)req->out.p[i];
		h *= 1099511628211ULL;
	}
	char etag[32];
	snprintf(etag, sizeof etag, "W/\"%016llx\"", (unsigned long long)h);
	http_add_header(req, "ETag", etag);
	if (etag_matches(http_header(req, "If-None-Match"), etag)) {
		req->status = 304;
		buf_reset(&req->out);
	}
}

/* What a built reply gets before it is sent: its ETag on a cacheable route,
 * and gzip when it is long, textual and the client takes it. */
static void reply_encode(struct http_request *req)
{
	bool cacheable = req->route && (req->route->flags & ROUTE_CACHEABLE) &&
			 req->status == 200 && !strcmp(req->method, "GET");
	if (cacheable)
		reply_etag(req);
	const char *t = req->content_type ? req->content_type : "";
	bool text = !strncmp(t, "application/json", 16) || !strncmp(t, "text/", 5);
	if (req->out.len < GZIP_MIN_BYTES || !text || has_extra_header(req, "Content-Encoding"))
		return;
	http_add_header(req, "Vary", "Accept-Encoding");
	unsigned char *z;
	size_t zlen;
	if (!accepts_gzip(req) || http_gzip(req->out.p, req->out.len, 1, &z, &zlen) < 0)
		return;
	buf_reset(&req->out);
	buf_add(&req->out, z, zlen);
	free(z);
	http_add_header(req, "Content-Encoding", "gzip");
}

static enum MHD_Result queue(struct ctx *c, struct MHD_Connection *conn)
{
	struct http_request *req = &c->req;
	struct MHD_Response *resp;
	if (!req->stream && !req->out_is_static)
		reply_encode(req);
	if (req->stream) {
		resp = http_sse_response(req->stream, conn);
		req->stream = NULL; /* owned by the response (or freed) now */
	} else if (req->out_is_static) {
		resp = MHD_create_response_from_buffer(req->static_len, (void *)req->static_data,
						       MHD_RESPMEM_PERSISTENT);
		http_limits_reply(&c->adm, req->static_len);
	} else {
		resp = MHD_create_response_from_buffer(req->out.len, req->out.p,
						       MHD_RESPMEM_MUST_COPY);
		http_limits_reply(&c->adm, req->out.len);
	}
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Security-Policy", c->srv->csp);
	for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
		MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]);
	MHD_add_response_header(resp, "X-Request-Id", req->request_id);
	if (req->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, req->content_type);
	if (req->route && (req->route->flags & ROUTE_CACHEABLE) && req->status < 400)
		MHD_add_response_header(resp, "Cache-Control", "no-cache");
	else if (strncmp(req->path, "/api/", 5) == 0 || !strcmp(req->path, "/healthz"))
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (strncmp(req->path, "/api/", 5) == 0) {
		/* The server's instant (ms): the pages judge "overdue" by the
		 * clock the server's boxes use, not the browser's (issue 15). */
		char now[24];
		snprintf(now, sizeof now, "%lld", (long long)clock_now_ms());
		MHD_add_response_header(resp, "X-Server-Time", now);
	}
	/* extra headers: pairs of lines */
	char *p = req->extra_headers.p;
	while (p && *p) {
		char *nl1 = strchr(p, '\n');
		if (!nl1)
			break;
		*nl1 = 0;
		char *v = nl1 + 1;
		char *nl2 = strchr(v, '\n');
		if (!nl2)
			break;
		*nl2 = 0;
		MHD_add_response_header(resp, p, v);
		p = nl2 + 1;
	}
	enum MHD_Result rc = MHD_queue_response(conn, (unsigned)req->status, resp);
	MHD_destroy_response(resp);
	return rc;
}

static void finish_log(struct ctx *c)
{
	struct http_request *req = &c->req;
	int64_t dur = clock_mono_ns() - c->start_ns;
	const char *route = c->route_name ? c->route_name : "unmatched";
	http_metrics_observe(route, req->status, dur);
	log_access("ip=%s method=%s path=%s route=%s status=%d dur_ms=%.2f user=%s", req->ip,
		   req->method, req->path, route, req->status, (double)dur / 1e6,
		   req->user ? req->user->username : "-");
}

/* Opens the body's temporary file: unnamed (O_TMPFILE) where the file
 * system allows, else created and unlinked at once. */
static int spill_open(struct ctx *c)
{
	const char *dir = c->srv->tmp_dir;
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {
		char path[4200];
		if (path_fmt(path, sizeof path, "%s/body-XXXXXX", dir) == 0)
			fd = mkostemp(path, O_CLOEXEC);
		if (fd >= 0)
			unlink(path);
	}
	if (fd < 0) {
		log_error("cannot create a temporary file in %s: %s", dir, strerror(errno));
		return -1;
	}
	c->fd = fd;
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Adds a piece of the body: in memory while it is small and the memory
 * budget allows, else to the temporary file. Sets c->too_large or c->busy
 * (and keeps nothing more) when a limit is reached. */
static void body_add(struct ctx *c, const char *data, size_t n)
{
	if (c->too_large || c->busy)
		return;
	size_t have = c->fd >= 0 ? c->file_len : c->body.len;
	size_t total = have + n;
	if (total > c->max_body) {
		c->too_large = true;
		return;
	}
	/* A body announced as large goes to its file from the start. */
	if (c->fd < 0 && !c->disk_charged && total <= c->srv->spill_bytes) {
		if (total <= c->mem_charged) {
			buf_add(&c->body, data, n);
			return;
		}
		size_t want = (total + MEM_STEP - 1) / MEM_STEP * MEM_STEP;
		if (want > c->srv->spill_bytes)
			want = total;
		if (http_budget_mem_take(want - c->mem_charged)) {
			c->mem_charged = want;
			buf_add(&c->body, data, n);
			return;
		}
	}
	if (total > c->disk_charged) {
		if (!http_budget_disk_take(total - c->disk_charged)) {
			c->busy = "too many request bodies are being received";
			return;
		}
		c->disk_charged = total;
	}
	if (c->fd < 0) {
		if (spill_open(c) < 0 || write_all(c->fd, c->body.p, c->body.len) < 0) {
			c->busy = "the request body cannot be stored now";
			return;
		}
		c->file_len = c->body.len;
		wipe(c->body.p, c->body.len);
		buf_release(&c->body);
		http_budget_mem_give(c->mem_charged);
		c->mem_charged = 0;
	}
	if (write_all(c->fd, data, n) < 0) {
		log_error("cannot write a request body to %s: %s", c->srv->tmp_dir,
			  strerror(errno));
		c->busy = "the request body cannot be stored now";
		return;
	}
	c->file_len += n;
}

/* Points req->body at the body: the memory buffer, or a read-only mapping
 * of the temporary file (which takes its size from the memory budget).
 * Returns false (the request is answered) if it cannot. */
static bool body_ready(struct ctx *c)
{
	struct http_request *req = &c->req;
	if (c->fd < 0 || c->file_len == 0) {
		req->body = c->body.p;
		req->body_len = c->body.len;
		return true;
	}
	if (!http_budget_mem_take(c->file_len)) {
		http_limits_count_busy();
		http_reply_busy(req, "too many large request bodies are being handled");
		return false;
	}
	c->map_charged = c->file_len;
	void *m = mmap(NULL, c->file_len, PROT_READ, MAP_PRIVATE, c->fd, 0);
	if (m == MAP_FAILED) {
		log_error("cannot map a request body of %zu bytes: %s", c->file_len,
			  strerror(errno));
		http_reply_busy(req, "the request body cannot be read now");
		return false;
	}
	c->map = m;
	req->body = m;
	req->body_len = c->file_len;
	return true;
}

static void body_release(struct ctx *c)
{
	if (c->map)
		munmap(c->map, c->file_len);
	if (c->fd >= 0)
		close(c->fd);
	http_budget_mem_give(c->mem_charged + c->map_charged);
	http_budget_disk_give(c->disk_charged);
	wipe(c->body.p, c->body.len); /* bodies may carry passwords */
	buf_release(&c->body);
}

/* The announced body: 0 for none, UINT64_MAX for a chunked one. */
static uint64_t announced_body(struct MHD_Connection *conn)
{
	const char *cl =
		MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl)
		return strtoull(cl, NULL, 10);
	const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_TRANSFER_ENCODING);
	return te ? UINT64_MAX : 0;
}

/* Query parameters an API request may carry; past it the request is refused. */
#define MAX_QUERY_PARAMS 64

/* The checks every API query string passes before its handler sees it:
 * http_query() hands out C strings, so a value with a NUL in it (%00) would
 * reach the handler cut short, and a repeated name would give only the first
 * value. Both are refused here, once, for every route, naming the parameter. */
struct query_check {
	const char *keys[MAX_QUERY_PARAMS];
	size_t nkeys;
	char field[64]; /* the offending parameter's name, printable */
	const char *why;
};

static bool has_control(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return true;
	return false;
}

static enum MHD_Result query_check_one(void *cls, enum MHD_ValueKind kind, const char *key,
				       size_t key_size, const char *value, size_t value_size)
{
	struct query_check *q = cls;
	(void)kind;
	/* The name as the reply gives it: printable ASCII only, cut short. */
	size_t n = 0;
	for (size_t i = 0; i < key_size && n + 1 < sizeof q->field; i++)
		q->field[n++] =
			(unsigned char)key[i] < 0x20 || (unsigned char)key[i] > 0x7e ? '?' : key[i];
	q->field[n] = '\0';
	if (has_control(key, key_size) || !text_utf8_valid(key, key_size))
		q->why = "a parameter name must be printable text";
	else if (value && (has_control(value, value_size) || !text_utf8_valid(value, value_size)))
		q->why = "a value must be printable text, without control characters (such as %00)";
	else if (q->nkeys == MAX_QUERY_PARAMS)
		q->why = "at most 64 query parameters";
	if (q->why)
		return MHD_NO;
	for (size_t i = 0; i < q->nkeys; i++)
		if (!strcmp(q->keys[i], key)) {
			q->why = "given more than once; give it once";
			return MHD_NO;
		}
	q->keys[q->nkeys++] = key;
	return MHD_YES;
}

/* True if the query string is acceptable; otherwise replies 400 BAD_QUERY. */
static bool query_ok(struct http_request *req)
{
	struct query_check q = {0};
	MHD_get_connection_values_n(req->conn, MHD_GET_ARGUMENT_KIND, query_check_one, &q);
	if (!q.why)
		return true;
	http_reply_error(req, ERR_BAD_QUERY, q.field, q.why);
	return false;
}

/* A request id the client (or the proxy in front) sent, kept if it is one
 * a log line can carry as it is: 1 to 64 letters, digits and ._:- */
static bool request_id_ok(const char *id)
{
	size_t n = id ? strlen(id) : 0;
	if (n == 0 || n > HTTP_REQUEST_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)id[i]) && !strchr("._:-", id[i]))
			return false;
	return true;
}

static void request_id_set(struct http_server *s, struct http_request *req)
{
	const char *theirs = http_header(req, "X-Request-Id");
	if (request_id_ok(theirs))
		snprintf(req->request_id, sizeof req->request_id, "%s", theirs);
	else
		snprintf(req->request_id, sizeof req->request_id, "%s-%06llx", s->rid_prefix,
			 (unsigned long long)atomic_fetch_add(&s->rid_counter, 1));
	log_set_request(req->request_id);
}

static enum MHD_Result on_request_1(void *cls, struct MHD_Connection *conn, const char *url,
				    const char *method, const char *version,
				    const char *upload_data, size_t *upload_data_size,
				    void **con_cls)
{
	struct http_server *s = cls;
	struct ctx *c = *con_cls;
	(void)version;
	if (c)
		log_set_request(c->req.request_id);
	if (!c) {
		c = xcalloc(1, sizeof *c);
		*con_cls = c;
		c->srv = s;
		c->fd = -1;
		c->start_ns = clock_mono_ns();
		struct http_request *req = &c->req;
		arena_init(&req->arena);
		buf_init(&req->out);
		buf_init(&req->extra_headers);
		buf_init(&c->body);
		req->conn = conn;
		req->cfg = s->opt.cfg;
		req->method = arena_strdup(&req->arena, method);
		req->path = arena_strdup(&req->arena, url);
		uint64_t announced = announced_body(conn);
		const char *why = NULL;
		int admit = http_limits_begin(conn, http_header(req, "X-Forwarded-For"), announced,
					      &c->adm, &why);
		c->admitted = true;
		req->ip = arena_strdup(&req->arena, c->adm.ip);
		request_id_set(s, req);
		req->lang = pick_lang(req);
		if (admit < 0) {
			c->route_name = "busy";
			http_reply_busy(req, why);
			c->early_reply = true;
			return queue(c, conn);
		}
		bool path_matched = false;
		struct buf allow = BUF_INIT;
		int i = http_route_match(s->opt.routes, s->opt.nroutes, method, url, req->params,
					 &req->nparams, c->scratch, sizeof c->scratch,
					 &path_matched, &allow);
		if (i >= 0) {
			req->route = &s->opt.routes[i];
			c->route_name = req->route->pattern;
			c->max_body =
				req->route->max_body ? req->route->max_body : s->default_max_body;
			if (!query_ok(req)) {
				c->early_reply = true;
			} else if (announced != UINT64_MAX && announced > c->max_body) {
				http_reply_error(req, ERR_BODY_TOO_LARGE, NULL, NULL);
				c->early_reply = true;
			} else if (announced != UINT64_MAX && announced > s->spill_bytes) {
				/* Reserve the file's room now, so that a refusal
				 * comes before the client sends it. */
				if (http_budget_disk_take(announced)) {
					c->disk_charged = announced;
				} else {
					http_limits_count_busy();
					http_reply_busy(
						req, "too many request bodies are being received");
					c->early_reply = true;
				}
			}
		} else if (path_matched) {
			c->route_name = "unmatched";
			http_add_header(req, "Allow", buf_str(&allow));
			http_reply_error(req, ERR_METHOD_NOT_ALLOWED, NULL, NULL);
			c->early_reply = true;
		} else if (!strncmp(url, "/api/", 5)) {
			http_reply_error(req, ERR_NOT_FOUND, NULL, NULL);
			c->early_reply = true;
		} else {
			c->max_body = 0;
		}
		buf_release(&allow);
		if (c->early_reply) {
			/* Answer now; MHD closes the connection if a body was announced. */
			return queue(c, conn);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!c->early_reply)
			body_add(c, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (c->early_reply)
		return MHD_YES; /* already queued */
	http_limits_body_done(&c->adm);
	struct http_request *req = &c->req;
	if (c->too_large) {
		http_reply_error(req, ERR_BODY_TOO_LARGE, NULL, NULL);
	} else if (c->busy) {
		http_limits_count_busy();
		http_reply_busy(req, c->busy);
	} else if (!req->route) {
		serve_static(c);
	} else if (body_ready(c)) {
		dispatch(c);
	}
	return queue(c, conn);
}

/* Every line logged while a request is answered carries its id. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	enum MHD_Result r = on_request_1(cls, conn, url, method, version, upload_data,
					 upload_data_size, con_cls);
	log_set_request(NULL);
	return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct ctx *c = *con_cls;
	(void)cls;
	(void)conn;
	if (!c)
		return;
	if (!c->req.status)
		c->req.status = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? 200 : 499;
	log_set_request(c->req.request_id);
	finish_log(c);
	log_set_request(NULL);
	if (c->admitted)
		http_limits_end(&c->adm);
	http_sse_discard(c->req.stream); /* a stream that never became a response */
	body_release(c);
	buf_release(&c->req.out);
	buf_release(&c->req.extra_headers);
	arena_release(&c->req.arena);
	free(c);
	*con_cls = NULL;
}

/* An address option's value (checked when it was set, config_set()),
 * naming the option in err. */
static int parse_listen(const char *name, const char *v, struct sockaddr_storage *ss,
			socklen_t *len, char *err, size_t errlen)
{
	char why[192];
	if (config_parse_addr(v, ss, len, why, sizeof why) == 0)
		return 0;
	snprintf(err, errlen, "%s: %s", name, why);
	return -1;
}

/* libmicrohttpd's messages are mostly about clients ("closed by remote
 * side with incomplete request"), which an attack repeats by the
 * thousand: they go to the debug log, and failures to start are reported
 * by us. */
/* libmicrohttpd's messages, through our log (it is the first option of
 * every daemon, so none is written before it is set). The last one of the
 * thread is kept: it says why a daemon did not start ("Failed to bind to
 * port 8080: Address already in use"). */
static _Thread_local char mhd_last[512];

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	(void)cls;
	vsnprintf(msg, sizeof msg, fmt, ap);
	msg[strcspn(msg, "\n")] = 0;
	snprintf(mhd_last, sizeof mhd_last, "%s", msg);
	log_debug("libmicrohttpd: %s", msg);
}

/* Why a daemon did not start: libmicrohttpd's last message, else errno. */
static const char *mhd_failure(int e)
{
	const char *why = strrchr(mhd_last, ':'); /* "...: Address already in use" */
	return why && why[1] == ' ' && why[2] ? why + 2 : *mhd_last ? mhd_last : strerror(e);
}

/* The separate metrics address (http.metrics_listen): GET /metrics only,
 * with the bearer token if one is configured. */
static enum MHD_Result on_metrics(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct http_server *s = cls;
	(void)version;
	(void)upload_data;
	if (!*con_cls) {
		*con_cls = s; /* headers first; answer once any body is gone */
		return MHD_YES;
	}
	if (*upload_data_size) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	struct buf b = BUF_INIT;
	unsigned status = 200;
	const char *token = s->opt.cfg->v.http_metrics_token;
	const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	if (strcmp(url, "/metrics") || strcmp(method, "GET")) {
		status = 404;
		buf_adds(&b, "not found\n");
	} else if (*token && !http_metrics_token_ok(auth, token)) {
		status = 401;
		buf_adds(&b, "a bearer token is required\n");
	} else {
		struct db *db = s->opt.db_acquire ? s->opt.db_acquire(s->opt.db_ctx) : NULL;
		http_metrics_render(db, &b);
		if (db)
			s->opt.db_release(s->opt.db_ctx, db);
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(b.len, b.p, MHD_RESPMEM_MUST_COPY);
	buf_release(&b);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				status == 200 ? "text/plain; version=0.0.4; charset=utf-8"
					      : "text/plain; charset=utf-8");
	if (status == 401)
		MHD_add_response_header(r, "WWW-Authenticate", "Bearer");
	enum MHD_Result rc = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return rc;
}

/* The same address and port (port 0, "any", is never the same). */
static bool same_endpoint(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;
		return x->sin_port && x->sin_port == y->sin_port &&
		       (x->sin_addr.s_addr == y->sin_addr.s_addr || !x->sin_addr.s_addr ||
			!y->sin_addr.s_addr);
	}
	const struct sockaddr_in6 *x = (const void *)a, *y = (const void *)b;
	return x->sin6_port && x->sin6_port == y->sin6_port &&
	       (!memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr) ||
		IN6_IS_ADDR_UNSPECIFIED(&x->sin6_addr) || IN6_IS_ADDR_UNSPECIFIED(&y->sin6_addr));
}

static int start_metrics(struct http_server *s, char *err, size_t errlen)
{
	const char *listen = s->opt.cfg->v.http_metrics_listen;
	struct sockaddr_storage ss;
	socklen_t sl;
	if (!*listen)
		return 0;
	if (parse_listen("http.metrics_listen", listen, &ss, &sl, err, errlen) < 0)
		return -1;
	/* Not the public address: the kernel would split its connections
	 * between the two, and serve the metrics there without the token. */
	struct sockaddr_storage pub;
	socklen_t pl;
	char perr[256];
	if (parse_listen("listen", s->opt.cfg->v.listen, &pub, &pl, perr, sizeof perr) == 0 &&
	    same_endpoint(&ss, &pub)) {
		snprintf(err, errlen, "http.metrics_listen %s is the public address (listen)",
			 listen);
		return -1;
	}
	bool loopback = ss.ss_family == AF_INET
				? (ntohl(((struct sockaddr_in *)&ss)->sin_addr.s_addr) >> 24) == 127
				: IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)&ss)->sin6_addr);
	if (!loopback && !*s->opt.cfg->v.http_metrics_token)
		log_warn("metrics on %s without http.metrics_token: whoever reaches that address "
			 "reads them",
			 listen);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	*mhd_last = 0;
	s->metrics_d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_metrics, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned)64, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_END);
	if (!s->metrics_d) {
		snprintf(err, errlen, "http.metrics_listen: cannot listen on %s for metrics: %s",
			 listen, mhd_failure(errno));
		return -1;
	}
	const union MHD_DaemonInfo *di =
		MHD_get_daemon_info(s->metrics_d, MHD_DAEMON_INFO_BIND_PORT);
	log_banner("metrics on port %u", di ? di->port : 0);
	return 0;
}

/* data_dir/tmp, for request bodies too large to keep in memory. */
static int make_tmp_dir(struct http_server *s, char *err, size_t errlen)
{
	const char *data = s->opt.cfg->v.data_dir;
	if (path_fmt(s->tmp_dir, sizeof s->tmp_dir, "%s/tmp", data) < 0) {
		snprintf(err, errlen, "data_dir is too long: %s", data);
		return -1;
	}
	mkdir(data, 0700);
	if (mkdir(s->tmp_dir, 0700) < 0 && errno != EEXIST) {
		const char *t = getenv("TMPDIR");
		log_warn("cannot create %s (%s): large request bodies go to %s", s->tmp_dir,
			 strerror(errno), t && *t ? t : "/tmp");
		if (path_fmt(s->tmp_dir, sizeof s->tmp_dir, "%s", t && *t ? t : "/tmp") < 0) {
			snprintf(err, errlen, "TMPDIR is too long: %s", t);
			return -1;
		}
	}
	return 0;
}

int http_server_start(const struct http_server_options *opt, struct http_server **out, char *err,
		      size_t errlen)
{
	const struct config *cfg = opt->cfg;
	struct sockaddr_storage ss;
	socklen_t sl;
	*out = NULL;
	if (parse_listen("listen", cfg->v.listen, &ss, &sl, err, errlen) < 0)
		return -1;
	struct http_server *s = xcalloc(1, sizeof *s);
	s->opt = *opt;
	http_metrics_set_hook(opt->metrics);
	http_metrics_mark_start();
	s->default_max_body = (size_t)cfg->v.http_max_body;
	s->max_json_depth = (int)cfg->v.http_max_json_depth;
	s->budget_ms = cfg->v.http_request_budget_ms;
	s->report_budget_ms = cfg->v.http_report_budget_ms;
	s->spill_bytes = (size_t)cfg->v.http_body_spill_kb * 1024;
	if (make_tmp_dir(s, err, errlen) < 0) {
		free(s);
		return -1;
	}
	unsigned mhd_limit;
	if (http_limits_start(cfg, &mhd_limit, err, errlen) < 0) {
		free(s);
		return -1;
	}
	unsigned char rnd[4];
	randombytes_buf(rnd, sizeof rnd);
	snprintf(s->rid_prefix, sizeof s->rid_prefix, "%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2],
		 rnd[3]);
	if (http_static_load(cfg->v.web_root, &s->statics, err, errlen) < 0) {
		http_limits_stop();
		free(s);
		return -1;
	}
	const char *map = s->statics->importmap_sha256;
	snprintf(s->csp, sizeof s->csp, CSP_FMT, *map ? " 'sha256-" : "", map, *map ? "'" : "");
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG |
			 MHD_ALLOW_SUSPEND_RESUME; /* event streams (sse.c) */
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	/* A pool of threads, each polling its connections: a client that
	 * sends nothing holds a slot, never a thread. Connection and
	 * per-address limits are ours (limits.c): libmicrohttpd's, once
	 * reached, leave new connections waiting unanswered in the listen
	 * queue.
	 *
	 * poll(2), not epoll: libmicrohttpd 0.9.75 drains epoll in batches
	 * of 128 events and, when a batch is exactly 128, waits again with
	 * the blocking timeout before handling any of them, so a worker with
	 * 128 kept-alive clients waiting at once slept until the next
	 * connection timeout (30 s) or a new connection: the benchmark rounds
	 * that fell to a few per cent (docs/benchmarks.md, "The collapsed
	 * rounds"; tests/api/keepalive-burst.test.mjs). */
	*mhd_last = 0;
	s->d = MHD_start_daemon(flags, 0, http_limits_accept, NULL, on_request, s,
				MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_SOCK_ADDR,
				(struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
				(unsigned)cfg->v.threads, MHD_OPTION_CONNECTION_LIMIT, mhd_limit,
				MHD_OPTION_NOTIFY_CONNECTION, http_limits_notify, NULL,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->v.http_max_header,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->v.http_timeout,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
	if (!s->d) {
		snprintf(err, errlen, "listen: cannot listen on %s: %s", cfg->v.listen,
			 mhd_failure(errno));
		http_limits_stop();
		http_static_free(s->statics);
		free(s);
		return -1;
	}
	if (start_metrics(s, err, errlen) < 0) {
		MHD_stop_daemon(s->d);
		http_limits_stop();
		http_static_free(s->statics);
		free(s);
		return -1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = di ? di->port : 0;
	char host[INET6_ADDRSTRLEN + 3] = "";
	if (ss.ss_family == AF_INET6) {
		char h6[INET6_ADDRSTRLEN];
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, h6, sizeof h6);
		snprintf(host, sizeof host, "[%s]", h6);
	} else {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
	}
	if (opt->bound)
		opt->bound(opt->bound_ctx, host, port);
	log_banner("listening on http://%s:%u", host, port);
	*out = s;
	return 0;
}

void http_server_stop(struct http_server *s)
{
	if (!s)
		return;
	http_sse_shutdown();
	if (s->metrics_d)
		MHD_stop_daemon(s->metrics_d);
	MHD_stop_daemon(s->d);
	http_limits_stop();
	http_static_free(s->statics);
	free(s);
}
