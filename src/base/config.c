/* The option table and its INI/command-line loading: see config.h.
 * Layer: base. To add an option, add a row to config_options.h: nothing
 * else declares it. */
#include "base/config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/text.h"

#define MB (1024 * 1024)

const struct config_option config_options[] = {
#define OPT(field, name, type, def, min, max, help)                                                \
	{name, type, def, min, max, help, offsetof(struct config_values, field)},
#include "base/config_options.h"
#undef OPT
};
const size_t config_noptions = sizeof config_options / sizeof config_options[0];

static int parse_bool(const char *v, bool *out);

/* Copies option i's text into its typed field (the text was checked). */
static void set_field(struct config *c, size_t i)
{
	const struct config_option *o = &config_options[i];
	char *at = (char *)&c->v + o->field;
	const char *text = c->values[i];
	if (o->type == CONFIG_INT) {
		int64_t n = 0;
		text_parse_i64(text, INT64_MIN, INT64_MAX, &n);
		memcpy(at, &n, sizeof n);
	} else if (o->type == CONFIG_BOOL) {
		bool b = false;
		parse_bool(text, &b);
		memcpy(at, &b, sizeof b);
	} else {
		memcpy(at, &text, sizeof text);
	}
}

void config_init(struct config *c)
{
	memset(&c->v, 0, sizeof c->v);
	c->values = xcalloc(config_noptions, sizeof *c->values);
	c->sources = xcalloc(config_noptions, sizeof *c->sources);
	for (size_t i = 0; i < config_noptions; i++) {
		c->values[i] = xstrdup(config_options[i].def);
		c->sources[i] = "default";
		set_field(c, i);
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
	memset(&c->v, 0, sizeof c->v);
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

int config_parse_addr(const char *s, struct sockaddr_storage *ss, socklen_t *len, char *err,
		      size_t errlen)
{
	char host[256];
	const char *colon = strrchr(s, ':');
	if (!colon) {
		snprintf(err, errlen, "'%s' must be HOST:PORT", s);
		return -1;
	}
	size_t hl = (size_t)(colon - s);
	if (hl >= sizeof host) {
		snprintf(err, errlen, "the host of '%s' is too long", s);
		return -1;
	}
	memcpy(host, s, hl);
	host[hl] = 0;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535 || colon[1] == 0) {
		snprintf(err, errlen, "the port in '%s' must be 0..65535", s);
		return -1;
	}
	memset(ss, 0, sizeof *ss);
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		host[hl - 1] = 0;
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1) {
			snprintf(err, errlen, "'%s' is not an IPv6 address", host + 1);
			return -1;
		}
		*len = sizeof *a;
		return 0;
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	if (!*host || !strcmp(host, "localhost"))
		snprintf(host, sizeof host, "%s", *host ? "127.0.0.1" : "0.0.0.0");
	if (inet_pton(AF_INET, host, &a->sin_addr) != 1) {
		snprintf(err, errlen, "'%s' is not an IPv4 address", host);
		return -1;
	}
	*len = sizeof *a;
	return 0;
}

static bool has_prefix(const char *s, const char *const *prefixes)
{
	for (; *prefixes; prefixes++)
		if (!strncmp(s, *prefixes, strlen(*prefixes)))
			return true;
	return false;
}

/* The values some options must have the form of, checked when set, so a
 * bad one stops the command at once naming the option (exit 2, as a bad
 * number), not later at use. */
static int check_form(const struct config_option *o, const char *v, struct buf *err)
{
	static const char *const db[] = {"sqlite:", "postgresql://", "postgres://", NULL};
	static const char *const pg[] = {"postgresql://", "postgres://", NULL};
	static const char *const smtp[] = {"smtp://", "smtps://", NULL};
	static const struct {
		const char *name;
		const char *const *prefixes; /* NULL: HOST:PORT */
		bool empty_ok;
		const char *expected;
	} rules[] = {
		{"db", db, false, "sqlite:PATH or postgresql://..."},
		{"db.replica", pg, true, "postgresql://... or empty"},
		{"smtp.url", smtp, true, "smtp://HOST[:PORT] or smtps://HOST[:PORT], or empty"},
		{"listen", NULL, false, NULL},
		{"http.metrics_listen", NULL, true, NULL},
	};
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		if (strcmp(rules[i].name, o->name) || (rules[i].empty_ok && !*v))
			continue;
		if (rules[i].prefixes) {
			if (has_prefix(v, rules[i].prefixes))
				return 0;
			struct buf shown = BUF_INIT;
			config_mask_url(v, &shown);
			buf_addf(err, "option '%s': unknown %s '%s' (expected %s)", o->name,
				 !strcmp(o->name, "smtp.url") ? "mail relay URL" : "database URL",
				 buf_str(&shown), rules[i].expected);
			buf_release(&shown);
			return -1;
		}
		struct sockaddr_storage ss;
		socklen_t len;
		char why[320];
		if (config_parse_addr(v, &ss, &len, why, sizeof why) < 0) {
			buf_addf(err, "option '%s': %s", o->name, why);
			return -1;
		}
	}
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
	if (check_form(o, value, err) < 0)
		return -1;
	if (o->type == CONFIG_SECRET)
		wipe(c->values[i], strlen(c->values[i]));
	free(c->values[i]);
	c->values[i] = xstrdup(value);
	c->sources[i] = source;
	set_field(c, (size_t)i);
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
		else if (o->type == CONFIG_URL || strstr(v, "://"))
			/* Every value that is a URL, typed so or not. */
			config_mask_url(v, out);
		else
			buf_adds(out, v);
		buf_addf(out, "    # %s\n", c->sources[i]);
	}
}
