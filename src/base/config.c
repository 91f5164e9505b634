/* The option table and its INI/command-line loading: see config.h.
 * Layer: base. To add an option, add a row here: nothing else declares it. */
#include "base/config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/text.h"

#define MB (1024 * 1024)

const struct config_option config_options[] = {
	{"db", CONFIG_URL, "sqlite:var/motcua.db", 0, 0,
	 "database URL: sqlite:PATH or postgresql://user@host/db"},
	{"listen", CONFIG_STR, "127.0.0.1:8080", 0, 0,
	 "address and port to serve on (port 0 = any)"},
	{"threads", CONFIG_INT, "16", 1, 256,
	 "HTTP worker threads (and database connections); requests wait on the database, so "
	 "several per core"},
	{"web_root", CONFIG_STR, "web", 0, 0, "folder of the web pages"},
	{"data_dir", CONFIG_STR, "var", 0, 0, "folder for files motcua stores"},
	{"public_url", CONFIG_URL, "http://127.0.0.1:8080", 0, 0,
	 "address citizens use, printed in QR codes"},
	{"log_level", CONFIG_STR, "info", 0, 0, "debug, info, warn, error or off"},
	{"http.max_body", CONFIG_INT, "1048576", 1024, 512LL * MB,
	 "largest request body in bytes for JSON routes"},
	{"http.max_header", CONFIG_INT, "32768", 4096, 1 * MB,
	 "memory per connection for headers, in bytes"},
	{"http.max_json_depth", CONFIG_INT, "16", 2, 64, "deepest JSON nesting accepted"},
	{"http.max_conn_per_ip", CONFIG_INT, "64", 1, 100000,
	 "concurrent connections from one address"},
	{"http.max_connections", CONFIG_INT, "1024", 8, 100000,
	 "concurrent connections in all; above it idle ones are closed, then requests get 503"},
	{"http.timeout", CONFIG_INT, "30", 1, 3600, "seconds before an idle connection is closed"},
	{"http.request_budget_ms", CONFIG_INT, "10000", 100, 600000,
	 "milliseconds of work one request may take before it is stopped and answered 503"},
	{"http.report_budget_ms", CONFIG_INT, "120000", 100, 3600000,
	 "milliseconds of work a report (the tracking book) may take before it is stopped and "
	 "answered 503"},
	{"http.header_timeout", CONFIG_INT, "10", 1, 3600,
	 "seconds a new connection has to send its request's headers, however slowly it trickles"},
	{"http.body_min_rate", CONFIG_INT, "4096", 1, 1LL << 30,
	 "bytes per second a request body must arrive, and a reply be read, on average (after "
	 "http.header_timeout seconds)"},
	{"http.body_spill_kb", CONFIG_INT, "1024", 16, 1024 * 1024,
	 "request bodies larger than this (KB) are kept in a temporary file, not in memory"},
	{"http.body_memory_mb", CONFIG_INT, "96", 4, 1024 * 1024,
	 "memory (MB) for request bodies in flight, in all; beyond it 503 with Retry-After"},
	{"http.body_disk_mb", CONFIG_INT, "2048", 16, 1024 * 1024,
	 "disk space (MB) for request bodies being received, in all; beyond it 503"},
	{"http.max_streams", CONFIG_INT, "256", 1, 100000,
	 "event streams (display boards) open at once, in all"},
	{"http.max_streams_per_ip", CONFIG_INT, "8", 1, 100000,
	 "event streams open at once from one client address"},
	{"http.stream_timeout", CONFIG_INT, "60", 5, 3600,
	 "seconds an event stream's client may leave data unacknowledged before it is dropped"},
	{"http.trusted_proxies", CONFIG_STR, "", 0, 0,
	 "reverse proxies (addresses or ADDRESS/BITS, comma-separated) whose X-Forwarded-For "
	 "names the client; from any other peer the header is ignored"},
	{"http.metrics_token", CONFIG_SECRET, "", 0, 0,
	 "bearer token that GET /metrics requires (Authorization: Bearer ...)"},
	{"http.metrics_listen", CONFIG_STR, "", 0, 0,
	 "separate HOST:PORT serving only /metrics (then the main address answers 404); with "
	 "neither this nor http.metrics_token, /metrics is off"},
	{"http.track_cache_ms", CONFIG_INT, "1000", 0, 3600000,
	 "milliseconds a public tracking reply is reused; changes by other processes show "
	 "within this; 0 = no cache"},
	{"session.hours", CONFIG_INT, "12", 1, 24 * 90, "hours a log-in lasts"},
	{"session.secure_cookie", CONFIG_BOOL, "false", 0, 0,
	 "mark the session cookie Secure (set true behind HTTPS)"},
	{"login.free_attempts", CONFIG_INT, "5", 1, 1000,
	 "log-ins of one account from one address before each further one waits"},
	{"login.backoff_seconds", CONFIG_INT, "1", 1, 3600,
	 "first wait after them; it doubles with each further attempt"},
	{"login.max_backoff_minutes", CONFIG_INT, "15", 1, 24 * 60,
	 "longest wait between log-ins of one account from one address"},
	{"login.ip_free_failures", CONFIG_INT, "1000", 1, 10000000,
	 "failed log-ins from one address, any account, before each further one waits"},
	{"login.ip_max_backoff_seconds", CONFIG_INT, "60", 1, 3600,
	 "longest such wait of one address"},
	{"login.forget_hours", CONFIG_INT, "24", 1, 24 * 30,
	 "hours without a log-in after which an account's or address's failures are forgotten"},
	{"password.min_length", CONFIG_INT, "8", 6, 128, "shortest password accepted"},
	/* Identity binding through an OpenID Connect provider (issue 10). */
	{"oidc.issuer", CONFIG_URL, "", 0, 0,
	 "OpenID Connect identity provider (its issuer URL, https; http only on loopback); "
	 "empty = off"},
	{"oidc.client_id", CONFIG_STR, "", 0, 0, "client id of motcua at the identity provider"},
	{"oidc.client_secret", CONFIG_SECRET, "", 0, 0,
	 "client secret of motcua at the identity provider"},
	{"oidc.auth_method", CONFIG_STR, "client_secret_basic", 0, 0,
	 "how the token request authenticates: client_secret_basic or client_secret_post"},
	{"oidc.redirect_uri", CONFIG_URL, "", 0, 0,
	 "redirect URI registered at the provider; empty = public_url + "
	 "/api/v1/auth/oidc/callback"},
	{"oidc.scope", CONFIG_STR, "openid profile", 0, 0, "scopes asked for (openid included)"},
	{"oidc.id_claim", CONFIG_STR, "id_number", 0, 0,
	 "ID token claim that carries the personal ID number"},
	{"oidc.create_accounts", CONFIG_BOOL, "true", 0, 0,
	 "create a verified account at the first log-in of a number that has none"},
	{"oidc.timeout", CONFIG_INT, "10", 1, 120,
	 "seconds before a request to the identity provider is given up"},
	{"password.common_file", CONFIG_STR, "data/common-passwords.txt", 0, 0,
	 "list of common passwords refused at registration (one a line); empty = none"},
	{"password.max_parallel", CONFIG_INT, "2", 1, 256,
	 "passwords hashed at once (Argon2id takes 64 MB each); the others wait"},
	{"password.max_wait_ms", CONFIG_INT, "3000", 0, 60000,
	 "how long a log-in or registration waits for a hashing slot before 503"},
	{"register.per_ip_per_hour", CONFIG_INT, "20", 1, 1000000,
	 "registrations from one address within an hour"},
	{"submit.per_account_per_hour", CONFIG_INT, "30", 1, 1000000,
	 "online submissions one citizen account may make within an hour"},
	{"queue.tickets_per_ip_per_hour", CONFIG_INT, "200", 1, 1000000,
	 "kiosk tickets from one address within an hour"},
	{"testing.clock_api", CONFIG_BOOL, "false", 0, 0,
	 "tests only: allow PUT /api/v1/testing/clock to set the server's clock"},
	{"pkcs11.module", CONFIG_STR, "", 0, 0, "PKCS#11 library of the signing token"},
	{"pkcs11.pin", CONFIG_SECRET, "", 0, 0, "PIN of the signing token"},
	{"pkcs11.label", CONFIG_STR, "motcua-agency", 0, 0,
	 "label of the signing key and its certificate on the token"},
	{"files.max_file_mb", CONFIG_INT, "20", 1, 1024, "largest file accepted, in MB"},
	{"files.max_dossier_mb", CONFIG_INT, "200", 1, 100000, "most files of one dossier, in MB"},
	{"smtp.password", CONFIG_SECRET, "", 0, 0, "password of the outgoing mail server"},
	{"agency.place", CONFIG_STR, "Ninh Bình", 0, 0,
	 "place printed before the date on the forms (\"Ninh Bình, ngày ...\")"},
	{"agency.superior", CONFIG_STR, "", 0, 0,
	 "superior body printed above the root unit's name on the forms, e.g. UBND tỉnh Ninh Bình"},
	{"worker.interval_seconds", CONFIG_INT, "60", 0, 86400,
	 "seconds between rounds of the background worker in serve (due soon, overdue, e-mail); 0 "
	 "= off"},
	{"smtp.url", CONFIG_URL, "", 0, 0,
	 "outgoing mail relay, e.g. smtp://127.0.0.1:25 or smtps://mail.example.vn; empty = no "
	 "e-mail"},
	{"smtp.from", CONFIG_STR, "motcua <motcua@localhost>", 0, 0, "sender of the notices"},
	{"smtp.user", CONFIG_STR, "", 0, 0,
	 "user name at the relay (with smtp.password; TLS required)"},
	{"smtp.timeout", CONFIG_INT, "30", 1, 600, "seconds before giving up on one mail"},
	{"db.busy_timeout_ms", CONFIG_INT, "5000", 10, 600000,
	 "milliseconds a transaction waits, in all, for a write lock another process holds before "
	 "the request is answered 503 DB_BUSY with nothing saved (SQLite); keep it below the "
	 "clients' timeout"},
	{"health.min_free_mb", CONFIG_INT, "100", 0, INT64_C(1) << 40,
	 "free disk space, in MB, below which /healthz answers 503 degraded (for the database "
	 "folder and the file store)"},
};
const size_t config_noptions = sizeof config_options / sizeof config_options[0];

void config_init(struct config *c)
{
	c->values = xcalloc(config_noptions, sizeof *c->values);
	c->sources = xcalloc(config_noptions, sizeof *c->sources);
	for (size_t i = 0; i < config_noptions; i++) {
		c->values[i] = xstrdup(config_options[i].def);
		c->sources[i] = "default";
	}
}

void config_release(struct config *c)
{
	if (!c->values)
		return;
	for (size_t i = 0; i < config_noptions; i++) {
		if (config_options[i].type == CONFIG_SECRET)
			wipe(c->values[i], strlen(c->values[i]));
		free(c->values[i]);
	}
	free(c->values);
	free(c->sources);
	c->values = NULL;
	c->sources = NULL;
}

int config_find(const char *name)
{
	for (size_t i = 0; i < config_noptions; i++)
		if (!strcmp(config_options[i].name, name))
			return (int)i;
	return -1;
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "1"))
		*out = true;
	else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off") || !strcmp(v, "0"))
		*out = false;
	else
		return -1;
	return 0;
}

int config_set(struct config *c, const char *name, const char *value, const char *source,
	       struct buf *err)
{
	int i = config_find(name);
	if (i < 0) {
		buf_addf(err, "unknown option '%s'", name);
		return -1;
	}
	const struct config_option *o = &config_options[i];
	if (!text_utf8_valid(value, strlen(value))) {
		buf_addf(err, "option '%s': value is not valid UTF-8", name);
		return -1;
	}
	if (o->type == CONFIG_INT) {
		int64_t v;
		if (text_parse_i64(value, o->min, o->max, &v) < 0) {
			buf_addf(err, "option '%s': '%s' is not a whole number from %lld to %lld",
				 name, value, (long long)o->min, (long long)o->max);
			return -1;
		}
	} else if (o->type == CONFIG_BOOL) {
		bool b;
		if (parse_bool(value, &b) < 0) {
			buf_addf(err, "option '%s': '%s' is not true or false", name, value);
			return -1;
		}
	}
	if (o->type == CONFIG_SECRET)
		wipe(c->values[i], strlen(c->values[i]));
	free(c->values[i]);
	c->values[i] = xstrdup(value);
	c->sources[i] = source;
	return 0;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

int config_load_text(struct config *c, const char *text, const char *source, struct buf *err)
{
	char *copy = xstrdup(text), *save = copy;
	char section[64] = "";
	int lineno = 0, rc = 0;
	char *line = copy;
	while (line && *line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		lineno++;
		char *s = trim(line);
		if (*s && *s != '#' && *s != ';') {
			if (*s == '[') {
				char *e = strchr(s, ']');
				if (!e || e[1] || e - s - 1 >= (long)sizeof section) {
					buf_addf(err, "%s:%d: malformed section header", source,
						 lineno);
					rc = -1;
					break;
				}
				*e = 0;
				snprintf(section, sizeof section, "%s", trim(s + 1));
			} else {
				char *eq = strchr(s, '=');
				if (!eq) {
					buf_addf(err, "%s:%d: expected 'name = value'", source,
						 lineno);
					rc = -1;
					break;
				}
				*eq = 0;
				char *key = trim(s), *val = trim(eq + 1);
				size_t vl = strlen(val);
				if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
					val[vl - 1] = 0;
					val++;
				}
				char full[160];
				if (*section)
					snprintf(full, sizeof full, "%s.%s", section, key);
				else
					snprintf(full, sizeof full, "%s", key);
				struct buf e = BUF_INIT;
				if (config_set(c, full, val, source, &e) < 0) {
					buf_addf(err, "%s:%d: %s", source, lineno, buf_str(&e));
					buf_release(&e);
					rc = -1;
					break;
				}
				buf_release(&e);
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	wipe(save, strlen(text));
	free(save);
	return rc;
}

int config_load_file(struct config *c, const char *path, struct buf *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		buf_addf(err, "cannot read config file %s", path);
		return -1;
	}
	struct buf text = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&text, chunk, n);
	fclose(f);
	/* The source string must outlive the config: keep one copy per file. */
	static char *sources[16];
	static int nsources;
	const char *src = path;
	if (nsources < 16)
		src = sources[nsources++] = xstrdup(path);
	int rc = config_load_text(c, buf_str(&text), src, err);
	wipe(text.p, text.len);
	buf_release(&text);
	return rc;
}

/* The option a reader names. Code reads only declared options: a name
 * that is not in the table is our bug, and reading it as 0 or "" would
 * silently turn a limit off, so it stops the program, naming the option. */
static int declared(const char *name)
{
	int i = config_find(name);
	if (i < 0) {
		fprintf(stderr,
			"config: no option is declared as \"%s\" (a bug: add it to "
			"config_options)\n",
			name);
		abort();
	}
	return i;
}

const char *config_str(const struct config *c, const char *name)
{
	return c->values[declared(name)];
}

int64_t config_int(const struct config *c, const char *name)
{
	int64_t v = 0;
	text_parse_i64(c->values[declared(name)], INT64_MIN, INT64_MAX, &v);
	return v;
}

bool config_bool(const struct config *c, const char *name)
{
	bool b = false;
	parse_bool(c->values[declared(name)], &b);
	return b;
}

static bool secret_param(const char *name, size_t len)
{
	static const char *const words[] = {"pass", "pwd", "secret", "token"};
	for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
		size_t wl = strlen(words[w]);
		for (size_t i = 0; i + wl <= len; i++)
			if (!strncasecmp(name + i, words[w], wl))
				return true;
	}
	return false;
}

void config_mask_url(const char *url, struct buf *out)
{
	const char *scheme = strstr(url, "://");
	const char *p = url;
	if (scheme) {
		/* scheme://user:password@host:port/path?query#fragment: the
		 * userinfo ends at the last '@' of the authority. */
		const char *auth = scheme + 3;
		size_t alen = strcspn(auth, "/?#");
		const char *at = NULL;
		for (size_t i = 0; i < alen; i++)
			if (auth[i] == '@')
				at = auth + i;
		const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		if (colon) {
			buf_add(out, url, (size_t)(colon - url));
			buf_adds(out, ":********");
			p = at;
		}
	}
	const char *q = strchr(p, '?');
	if (!q) {
		buf_adds(out, p);
		return;
	}
	buf_add(out, p, (size_t)(q - p + 1));
	p = q + 1;
	while (*p) {
		size_t plen = strcspn(p, "&#");
		const char *eq = memchr(p, '=', plen);
		if (eq && secret_param(p, (size_t)(eq - p))) {
			buf_add(out, p, (size_t)(eq - p + 1));
			buf_adds(out, "********");
		} else {
			buf_add(out, p, plen);
		}
		p += plen;
		if (*p == '#') {
			buf_adds(out, p);
			return;
		}
		if (*p == '&')
			buf_add(out, p++, 1);
	}
}

void config_dump(const struct config *c, struct buf *out)
{
	for (size_t i = 0; i < config_noptions; i++) {
		const struct config_option *o = &config_options[i];
		const char *v = c->values[i];
		buf_addf(out, "%s = ", o->name);
		if (o->type == CONFIG_SECRET)
			buf_adds(out, *v ? "********" : "(unset)");
		else if (o->type == CONFIG_URL)
			config_mask_url(v, out);
		else
			buf_adds(out, v);
		buf_addf(out, "    # %s\n", c->sources[i]);
	}
}
