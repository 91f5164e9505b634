/* libFuzzer target: the router (http/route.c) and the parsers of query
 * values (base/text.c).
 *
 * Input: line 1 is the method, line 2 the request target (path and query
 * string, as MHD hands them over after URL decoding), further lines
 * "METHOD PATTERN" form a second route table of the input's own. The path
 * is matched against the real table (generated from src/api/routes.c)
 * and against the input's table. Properties: a match has the request's
 * method (or GET for HEAD); the captured parameters are non-empty, hold
 * no '/', are valid UTF-8, and put back into the pattern give the path
 * exactly; a path that matches some pattern with another method lists
 * methods in Allow.
 * Each "name=value" of the query string goes through the number and
 * UTF-8 parsers the handlers use. Layer: fuzz (not part of the program).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "http/http.h"

extern const struct route fuzz_routes[];
extern const size_t fuzz_nroutes;

#define MAX_ROUTES 32

static void need(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_route: property broken: %s\n", what);
		abort();
	}
}

static void check_match(const struct route *routes, size_t n, const char *method, const char *path)
{
	const char *params[HTTP_MAX_PARAMS];
	size_t np = 99;
	bool path_matched = true;
	char scratch[1024]; /* as server.c */
	struct buf allow = BUF_INIT;
	int i = http_route_match(routes, n, method, path, params, &np, scratch, sizeof scratch,
				 &path_matched, &allow);
	need(i >= -1 && i < (int)n, "index in range");
	if (i < 0) {
		need(path_matched || allow.len == 0, "Allow listed only when the path matched");
		buf_release(&allow);
		/* Without Allow the first match wins: the same answer. */
		bool pm2;
		int i2 = http_route_match(routes, n, method, path, params, &np, scratch,
					  sizeof scratch, &pm2, NULL);
		need(i2 == -1 && pm2 == path_matched, "same answer without Allow");
		return;
	}
	need(path_matched, "a match is a path match");
	const struct route *r = &routes[i];
	need(!strcmp(r->method, method) || (!strcmp(method, "HEAD") && !strcmp(r->method, "GET")),
	     "matched route has the method");
	need(np <= HTTP_MAX_PARAMS, "few parameters");
	/* Put the parameters back into the pattern: the path again. */
	struct buf re = BUF_INIT;
	size_t k = 0;
	for (const char *p = r->pattern; *p;) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			need(pe && k < np, "a parameter per brace");
			const char *v = params[k++];
			need(v >= scratch && v < scratch + sizeof scratch, "parameter in scratch");
			need(*v && !strchr(v, '/'), "parameter is one non-empty segment");
			need(text_utf8_valid(v, strlen(v)), "parameter is valid UTF-8");
			buf_adds(&re, v);
			p = pe + 1;
		} else
			buf_addc(&re, *p++);
	}
	need(k == np, "every parameter used");
	need(!strcmp(buf_str(&re), path), "parameters rebuild the path");
	buf_release(&re);
	buf_release(&allow);
	/* Without Allow the first match wins: the same answer. */
	bool pm2;
	size_t np2;
	int i2 = http_route_match(routes, n, method, path, params, &np2, scratch, sizeof scratch,
				  &pm2, NULL);
	need(i2 == i && np2 == np, "same answer without Allow");
}

static void check_query(const char *q)
{
	/* name=value&name=value, as the handlers read them. */
	while (*q) {
		size_t n = strcspn(q, "&");
		char *pair = xstrndup(q, n);
		char *eq = strchr(pair, '=');
		const char *v = eq ? eq + 1 : "";
		int64_t x = 0;
		if (text_parse_i64(v, 1, 1000, &x) == 0)
			need(x >= 1 && x <= 1000, "parsed number within bounds");
		if (text_parse_i64(v, INT64_MIN, INT64_MAX, &x) == 0) {
			char back[32];
			snprintf(back, sizeof back, "%lld", (long long)x);
			need(strtoll(back, NULL, 10) == x, "number round trip");
		}
		if (text_utf8_valid(v, strlen(v))) {
			need(text_utf8_len(v) <= strlen(v), "code points at most bytes");
			struct buf f = BUF_INIT;
			text_fold(v, &f);
			need(text_utf8_valid(f.p, f.len), "folding keeps UTF-8 valid");
			buf_release(&f);
		}
		free(pair);
		q += n;
		if (*q == '&')
			q++;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* MHD hands over C strings: nothing after a NUL is seen. */
	char *in = xstrndup((const char *)data, size);
	char *lines[2 + MAX_ROUTES];
	size_t nl = 0;
	for (char *p = in; p && nl < sizeof lines / sizeof lines[0];) {
		lines[nl++] = p;
		p = strchr(p, '\n');
		if (p)
			*p++ = 0;
	}
	if (nl < 2)
		goto out;
	const char *method = lines[0];
	char *path = lines[1];
	char *query = strchr(path, '?');
	if (query)
		*query++ = 0;
	check_match(fuzz_routes, fuzz_nroutes, method, path);
	struct route own[MAX_ROUTES];
	size_t nown = 0;
	for (size_t i = 2; i < nl; i++) {
		char *sp = strchr(lines[i], ' ');
		if (!sp)
			continue;
		*sp = 0;
		own[nown++] = (struct route){.method = lines[i], .pattern = sp + 1};
	}
	if (nown)
		check_match(own, nown, method, path);
	if (query)
		check_query(query);
out:
	free(in);
	return 0;
}
