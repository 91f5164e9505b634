/* libFuzzer target: the request and body reader (src/http/server.c with
 * libmicrohttpd), as a stranger reaches it.
 *
 * The input is written as raw bytes to a real `motcua serve` HTTP server
 * (the http layer, started once on a loopback port) and the answer read:
 * request line, headers, query string, Content-Length or chunked bodies,
 * the body cap per route, 404/405/413 decided from headers alone. Behind
 * the router sit handlers that read the body the ways the API does: a JSON
 * object through the field specs (http_json_body, jspec_check), an upload
 * whose raw body is the file (query parameters, declared Content-Type,
 * blob_sniff), and a plain reply. Properties: whatever arrives, an answer
 * starts with a status line and is never 500 (a handler that did not
 * reply, or a reply that could not be written), and the server keeps
 * serving (every 512th run, a plain request must be answered in 10 s).
 * No database: the routes need none (db_pool_* are stubs that fail the run
 * if called). Layer: fuzz (not part of the program).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/log.h"
#include "base/text.h"
#include "blob/blob.h"
#include "db/db.h"
#include "http/http.h"

static void need(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_http: property broken: %s\n", what);
		abort();
	}
}

/* ---- the database is not part of this target ---- */

struct db *db_pool_get(struct db_pool *p)
{
	(void)p;
	need(false, "no route of this target uses the database");
	return NULL;
}

void db_pool_put(struct db_pool *p, struct db *db)
{
	(void)p;
	(void)db;
}

void db_stats(int64_t *retries, int64_t *errors)
{
	*retries = 0;
	*errors = 0;
}

/* ---- handlers that read bodies the ways the API does ---- */

static void h_json(struct http_request *req)
{
	json_t *body = http_json_body(req);
	if (!body)
		return;
	const char *name = NULL;
	int64_t n = 0;
	json_t *items = NULL;
	struct jspec spec[] = {
		JSPEC_STRN("name", true, 1, 200, &name),
		JSPEC_INT("n", false, 0, 1000, &n),
		JSPEC_ARR("items", false, 8, &items),
	};
	struct jerr err = {0};
	if (jspec_check(body, spec, sizeof spec / sizeof spec[0], "", &err) < 0) {
		http_reply_jerr(req, &err);
		json_decref(body);
		return;
	}
	http_reply_json(req, 200,
			json_pack("{s:s,s:I,s:s}", "name", name, "n", (json_int_t)n, "id",
				  http_param(req, 0)));
	json_decref(body);
}

static bool query_ok(struct http_request *req, const char *name)
{
	const char *v = http_query(req, name);
	if (v && (strlen(v) > 255 || !text_utf8_valid(v, strlen(v)))) {
		http_reply_error(req, ERR_FIELD_INVALID, name, NULL);
		return false;
	}
	return true;
}

static void h_upload(struct http_request *req)
{
	if (!query_ok(req, "name") || !query_ok(req, "issuer"))
		return;
	int64_t n;
	if (text_parse_i64(http_param(req, 1), 1, 1000, &n) != 0) {
		http_reply_error(req, ERR_FIELD_INVALID, "component", NULL);
		return;
	}
	enum blob_sniff_why why;
	enum blob_type t = blob_sniff(req->body, req->body_len, &why);
	enum blob_type d = blob_type_parse(http_header(req, "Content-Type"));
	if (t == BLOB_T_UNKNOWN || t != d) {
		http_reply_error(req, ERR_FIELD_INVALID, "file", blob_type_name(t));
		return;
	}
	http_reply_json(req, 201,
			json_pack("{s:s,s:I}", "type", blob_type_mime(t), "size",
				  (json_int_t)req->body_len));
}

static void h_text(struct http_request *req)
{
	const char *q = http_query(req, "q");
	http_add_header(req, "X-Echo", q ? q : "-");
	/* Not the body itself: a body could forge a second status line. */
	char t[48];
	int n = snprintf(t, sizeof t, "%zu bytes\n", req->body_len);
	http_reply_text(req, 200, "text/plain; charset=utf-8", t, (size_t)n);
}

#define PUB (ROUTE_PUBLIC | ROUTE_NO_CSRF | ROUTE_NO_DB)
static const struct route routes[] = {
	{"POST", "/api/v1/j/{id}", h_json, 0, 4096, PUB},
	{"PUT", "/api/v1/u/{code}/files/{n}", h_upload, 0, 65536, PUB},
	{"GET", "/api/v1/t", h_text, 0, 0, PUB},
	{"POST", "/api/v1/t", h_text, 0, 0, PUB},
	{"DELETE", "/api/v1/t/{a}/{b}", h_text, 0, 16, PUB},
};

/* ---- the server, once ---- */

static struct sockaddr_in addr;
static struct http_server *server;
static struct config cfg;
static char webroot[64];

static int free_port(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t l = sizeof a;
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0 ||
	    getsockname(s, (struct sockaddr *)&a, &l) < 0)
		abort();
	close(s);
	return ntohs(a.sin_port);
}

static void stop(void)
{
	char path[128];
	http_server_stop(server);
	config_release(&cfg);
	snprintf(path, sizeof path, "%s/index.html", webroot);
	unlink(path);
	rmdir(webroot);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *lvl = getenv("FUZZ_HTTP_LOG");
	log_set_level(lvl ? (enum log_level)log_level_parse(lvl) : LOG_OFF);
	snprintf(webroot, sizeof webroot, "%s/motcua-fuzz-http.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(webroot))
		abort();
	char path[128];
	snprintf(path, sizeof path, "%s/index.html", webroot);
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	fputs("<!doctype html><title>motcua</title><p>Một cửa</p>\n", f);
	fclose(f);
	for (int attempt = 0; attempt < 5; attempt++) {
		int port = free_port();
		char listen[64], err[256];
		snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
		config_init(&cfg);
		if (config_set(&cfg, "listen", listen, "fuzz", NULL) != 0 ||
		    config_set(&cfg, "web_root", webroot, "fuzz", NULL) != 0 ||
		    config_set(&cfg, "threads", "1", "fuzz", NULL) != 0 ||
		    config_set(&cfg, "http.timeout", "1", "fuzz", NULL) != 0)
			abort();
		struct http_server_options opt = {
			.routes = routes, .nroutes = sizeof routes / sizeof routes[0], .cfg = &cfg};
		if (http_server_start(&opt, &server, err, sizeof err) == 0) {
			addr = (struct sockaddr_in){.sin_family = AF_INET,
						    .sin_port = htons((uint16_t)port),
						    .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
			atexit(stop);
			return 0;
		}
		config_release(&cfg);
	}
	fprintf(stderr, "fuzz_http: cannot start the server\n");
	abort();
}

/* Sends data on a new connection and reads what comes back into resp.
 * libmicrohttpd ignores a client's half-close and waits for more of an
 * incomplete request until its idle timeout, so: wait up to first_ms for
 * the first bytes (none: the server waits for the rest of the request),
 * then read until the server closes or is quiet for 5 ms. The connection
 * is then reset, which frees it on the server at once. */
static size_t exchange(const void *data, size_t size, char *resp, size_t cap, int first_ms)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	need(s >= 0, "a socket");
	struct linger lg = {1, 0}; /* reset on close: no TIME_WAIT, thousands of runs a second */
	setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	need(connect(s, (struct sockaddr *)&addr, sizeof addr) == 0, "the server accepts");
	size_t off = 0;
	while (off < size) {
		ssize_t w = send(s, (const char *)data + off, size - off, MSG_NOSIGNAL);
		if (w <= 0)
			break; /* the server may answer and close before reading it all */
		off += (size_t)w;
	}
	size_t got = 0;
	for (;;) {
		struct pollfd p = {.fd = s, .events = POLLIN};
		if (poll(&p, 1, got ? 5 : first_ms) <= 0)
			break;
		char tmp[4096];
		ssize_t r = recv(s, tmp, sizeof tmp, 0);
		if (r <= 0)
			break;
		size_t k = (size_t)r < cap - got ? (size_t)r : cap - got;
		memcpy(resp + got, tmp, k);
		got += k;
	}
	close(s);
	return got;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned runs;
	char resp[4096];
	/* Now and then: is the server still serving? */
	if (++runs % 512 == 0) {
		static const char ping[] = "GET /api/v1/t?q=ping HTTP/1.1\r\nHost: x\r\n\r\n";
		size_t n = exchange(ping, sizeof ping - 1, resp, sizeof resp, 10000);
		need(n >= 12 && memcmp(resp, "HTTP/1.1 200", 12) == 0, "the server keeps serving");
	}
	size_t got = exchange(data, size, resp, sizeof resp, 10);
	if (got == 0)
		return 0; /* incomplete, or closed without an answer */
	need(got >= 12 && memcmp(resp, "HTTP/1.", 7) == 0, "an answer starts with a status line");
	/* Every status line of the answer (pipelined requests get several). */
	for (size_t i = 0; i + 12 <= got; i++) {
		if (memcmp(resp + i, "HTTP/1.", 7) != 0 || (i && resp[i - 1] != '\n'))
			continue;
		int code = (int)strtol(resp + i + 9, NULL, 10);
		if (code == 500)
			fprintf(stderr, "fuzz_http: %.*s\n", (int)(got - i), resp + i);
		need(code != 500, "never 500");
	}
	return 0;
}
