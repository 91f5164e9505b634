/* The HTTP layer: libmicrohttpd glue. One route table (method, pattern,
 * handler, roles, body limit) is matched here; bodies are collected with a
 * cap (large ones into a temporary file, mapped for the handler); what
 * anonymous clients can hold (connections, read time, bodies in flight,
 * event streams) is bounded by limits.c; the session is resolved through a
 * hook the api layer provides; roles
 * and the CSRF token are enforced before any handler runs; every reply gets
 * the security headers; static files come from memory with ETag and gzip;
 * each request is counted for /metrics and logged once.
 *
 * Layer: http. Only files in src/http/ include microhttpd.h.
 * Handlers run on MHD's worker threads; a request and its arena belong to
 * one thread.
 */
#ifndef MOTCUA_HTTP_HTTP_H
#define MOTCUA_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/config.h"
#include "base/errors_gen.h"
#include "base/json.h"

struct db;
struct http_request;

typedef void (*http_handler_cb)(struct http_request *req);

#define HTTP_MAX_PARAMS 6

/* Route flags. */
enum {
	ROUTE_PUBLIC = 1u << 0,	 /* no log-in needed (roles ignored) */
	ROUTE_NO_CSRF = 1u << 1, /* mutating but exempt (log-in, register) */
	ROUTE_NO_DB = 1u << 2,	 /* handler needs no database connection */
	/* creates something: run through http_server_options.idempotent (the
	 * Idempotency-Key header, api_idempotency.c) */
	ROUTE_IDEMPOTENT = 1u << 3,
	/* a report an officer waits for (the tracking book of a year): its time
	 * budget is http.report_budget_ms, not http.request_budget_ms */
	ROUTE_REPORT = 1u << 4,
	/* The handler only reads, and may read from a streaming replica
	 * (db.replica) when one is configured and fresh enough: the log-in,
	 * role and CSRF checks still read the primary first. */
	ROUTE_REPLICA = 1u << 5,
	/* The same reply for everyone and rarely changing (the catalogue, the
	 * calendar): a 200 gets an ETag and "Cache-Control: no-cache", and a
	 * request whose If-None-Match names it is answered 304 without the
	 * body. Other API replies are "no-store". */
	ROUTE_CACHEABLE = 1u << 6,
	/* Open to an account that must change its password first (set by an
	 * administrator): log-out and the change itself. Every other route
	 * that needs a log-in answers PASSWORD_CHANGE_REQUIRED. */
	ROUTE_PASSWORD_CHANGE = 1u << 7,
};

struct route {
	const char *method;  /* "GET", "POST", ... */
	const char *pattern; /* "/api/v1/procedures/{code}" */
	http_handler_cb fn;
	unsigned roles;	 /* allowed roles (core/roles.h bits); ignored if ROUTE_PUBLIC */
	size_t max_body; /* 0 = the configured default */
	unsigned flags;
};

/* The logged-in user, filled by the authenticate hook. */
struct http_user {
	int64_t id;
	const char *username;
	const char *full_name;
	int64_t unit_id; /* 0 = none */
	unsigned roles;
	const char *kind;	   /* staff, person, organisation */
	bool must_change_password; /* only ROUTE_PASSWORD_CHANGE routes */
	const char *csrf_token;
	const char *token_hash; /* of the session, for logout */
};

/* The longest X-Request-Id kept from a client; a longer one is replaced. */
#define HTTP_REQUEST_ID_MAX 64

struct http_request {
	struct arena arena;
	const char *method;
	const char *path;
	const char *params[HTTP_MAX_PARAMS]; /* captured {names}, URL-decoded */
	size_t nparams;
	const char *body;
	size_t body_len;
	const char *ip;
	char request_id[HTTP_REQUEST_ID_MAX + 1]; /* theirs (X-Request-Id) or ours */
	const char *lang;			  /* "vi" or "en" */
	const struct route *route;
	const struct config *cfg;
	struct db *db;
	struct http_user *user; /* NULL when not logged in */
	void *conn;		/* the MHD connection */
	/* the reply */
	int status;
	struct buf out;
	const char *content_type;
	struct buf extra_headers; /* "Name: value\n" lines */
	bool replied;
	bool out_is_static; /* out points at cached static data (not owned) */
	const char *static_data;
	size_t static_len;
	void *stream; /* set by http_reply_stream(): the reply is an event stream (sse.c) */
};

/* The hook that turns the request's cookie into a user. Returns 0 (user may
 * stay NULL), or -1 if the database failed: the request gets 503, the
 * hook's own reply if it gave one (with the database's message). */
typedef int (*http_auth_cb)(struct http_request *req);

struct http_server;

/* Runs the handler fn of a ROUTE_IDEMPOTENT route for req (it may answer
 * without calling fn: a repeated request gets the first reply). */
typedef void (*http_wrap_cb)(struct http_request *req, http_handler_cb fn);

/* The request's database connection, from the layers above (http knows
 * no database): acquire(ctx) before the session hook and the handler of a
 * route without ROUTE_NO_DB, release(ctx, db) when the request ends. */
typedef struct db *(*http_db_acquire_cb)(void *ctx);
typedef void (*http_db_release_cb)(void *ctx, struct db *db);
/* Appends the figures of the layers below (the database's, and the
 * business gauges read through db, which may be NULL) to the text of
 * /metrics. Thread-safe. */
typedef void (*http_metrics_cb)(struct db *db, struct buf *out);

struct http_server_options {
	const struct route *routes;
	size_t nroutes;
	http_auth_cb authenticate;
	const struct config *cfg;
	http_db_acquire_cb db_acquire; /* NULL: requests get no connection */
	http_db_release_cb db_release;
	void *db_ctx;
	http_wrap_cb idempotent; /* NULL: ROUTE_IDEMPOTENT routes run fn directly */
	/* A replica connection for ROUTE_REPLICA handlers, or NULL (none
	 * configured, or too far behind: the primary's connection is kept).
	 * replica_release() returns true if a statement failed on it (the
	 * replica timed out, or failed): the reply is dropped and the handler
	 * runs again on a connection to the primary. */
	http_db_acquire_cb replica_acquire;
	bool (*replica_release)(void *ctx, struct db *db);
	void *replica_ctx;
	http_metrics_cb metrics; /* NULL: none */
	/* Called once bound, before "listening on" is written, with the host
	 * as written there ("127.0.0.1", "0.0.0.0", "[::1]") and the port
	 * actually bound (the real one when listen asked for port 0); NULL:
	 * none. */
	void (*bound)(void *ctx, const char *host, unsigned port);
	void *bound_ctx;
};

/* Starts serving on cfg's listen address with a thread pool. Writes
 * "listening on http://HOST:PORT" to stderr once bound. */
int http_server_start(const struct http_server_options *opt, struct http_server **out, char *err,
		      size_t errlen) __attribute__((warn_unused_result));
void http_server_stop(struct http_server *s);

/* Request accessors (all borrowed for the request's life). */
const char *http_query(struct http_request *req, const char *name);
const char *http_header(struct http_request *req, const char *name);
const char *http_cookie(struct http_request *req, const char *name);
const char *http_param(struct http_request *req, size_t i);
/* Calls fn(ctx, name, value) for each query parameter, in order (value ""
 * for a name without '='), until fn returns false. The parameters passed
 * the server's checks already: at most 64, each name once, no control
 * characters. */
typedef bool (*http_query_cb)(void *ctx, const char *name, const char *value);
void http_query_each(struct http_request *req, http_query_cb fn, void *ctx);

/* Replies. Each may be called once per request. */
void http_reply_json(struct http_request *req, int status, json_t *body); /* steals body */
void http_reply_text(struct http_request *req, int status, const char *content_type,
		     const char *text, size_t len);
void http_reply_empty(struct http_request *req, int status);
void http_reply_error(struct http_request *req, enum err_code code, const char *field,
		      const char *detail);
/* 503 SERVER_BUSY with Retry-After, closing the connection: the server or
 * this client is at a limit (why: an English sentence, or NULL). */
void http_reply_busy(struct http_request *req, const char *why);
/* Maps a JSON spec error to its registry code and replies. */
void http_reply_jerr(struct http_request *req, const struct jerr *err);
void http_add_header(struct http_request *req, const char *name, const char *value);

/* Parses the body as a JSON object under the configured depth cap; on
 * failure replies 400/415 and returns NULL. Caller decrefs. */
json_t *http_json_body(struct http_request *req);

/* Route matching (pure; exposed for unit tests). Returns the index of the
 * route whose method and pattern match, or -1. If the path matches some
 * pattern but not the method, *path_matched is set, and allow (if not NULL)
 * gets the allowed methods "GET, POST". Captured segments go to params. */
int http_route_match(const struct route *routes, size_t n, const char *method, const char *path,
		     const char **params, size_t *nparams, char *scratch, size_t scratch_len,
		     bool *path_matched, struct buf *allow);

/* Static files: loads every file under root into memory. */
struct http_static;
int http_static_load(const char *root, struct http_static **out, char *err, size_t errlen);
void http_static_free(struct http_static *s);

/* Compresses len bytes of in as a gzip member at zlib level 1..9 into a
 * malloc'd *out; -1 on failure. */
int http_gzip(const void *in, size_t len, int level, unsigned char **out, size_t *outlen);

/* Metrics. */
void http_metrics_observe(const char *route, int status, int64_t duration_ns);
/* The server's and the process's figures, then the hook's, given db (a
 * connection, or NULL when none can be had). */
void http_metrics_render(struct db *db, struct buf *out);
/* Notes the process's start time (process_start_time_seconds). */
void http_metrics_mark_start(void);
/* The hook http_metrics_render() ends with (http_server_start sets it). */
void http_metrics_set_hook(http_metrics_cb cb);
/* Whether GET /metrics may be answered on the main address: only with
 * http.metrics_token presented as "Authorization: Bearer TOKEN" (else 401),
 * and never when http.metrics_listen is set or no token is configured
 * (404). Replies itself when it returns false. */
bool http_metrics_allowed(struct http_request *req);
/* Compares an Authorization header with "Bearer token" in constant time. */
bool http_metrics_token_ok(const char *authorization, const char *token);

/* ---- Server-Sent Events (sse.c) ----
 * A handler replies with http_reply_stream(): the connection stays open as
 * a text/event-stream subscribed to channel, starting with the event
 * `event` carrying `first` (both may be NULL). http_sse_publish() sends an
 * event to every client of a channel (channel NULL: a heartbeat comment to
 * all). A process has one hub; all three are thread-safe and never block
 * on a slow client (one that falls 64 KB behind is dropped). Streams are
 * capped in all and per client address (past either, 503 busy). Events are
 * delivered only to clients of this process: with several servers behind
 * one database, each display must reach the server that made the call, or
 * poll. */
void http_reply_stream(struct http_request *req, const char *channel, const char *event,
		       const char *first);
void http_sse_publish(const char *channel, const char *event, const char *data);
/* Connected clients of channel (NULL = all). */
size_t http_sse_clients(const char *channel);

#endif
