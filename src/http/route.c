/* Route matching against the one route table: literal segments must match,
 * `{name}` segments capture one non-empty segment of valid UTF-8 (the path
 * arrives URL-decoded: %AC would otherwise reach handlers, their replies
 * and the log as a stray byte). Pure. Layer: http. */
#include <string.h>

#include "base/text.h"
#include "http/http.h"

/* Matches one pattern; captured segments are copied into scratch. */
static bool match(const char *pattern, const char *path, const char **params, size_t *nparams,
		  char *scratch, size_t scratch_len)
{
	size_t used = 0, np = 0;
	const char *p = pattern, *u = path;
	while (*p && *u) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			const char *ue = strchr(u, '/');
			size_t len = ue ? (size_t)(ue - u) : strlen(u);
			if (!pe || len == 0 || np >= HTTP_MAX_PARAMS ||
			    used + len + 1 > scratch_len || !text_utf8_valid(u, len))
				return false;
			memcpy(scratch + used, u, len);
			scratch[used + len] = 0;
			params[np++] = scratch + used;
			used += len + 1;
			p = pe + 1;
			u += len;
		} else {
			if (*p != *u)
				return false;
			p++;
			u++;
		}
	}
	if (*p || *u)
		return false;
	*nparams = np;
	return true;
}

int http_route_match(const struct route *routes, size_t n, const char *method, const char *path,
		     const char **params, size_t *nparams, char *scratch, size_t scratch_len,
		     bool *path_matched, struct buf *allow)
{
	int found = -1;
	*path_matched = false;
	*nparams = 0;
	for (size_t i = 0; i < n; i++) {
		const char *tmp[HTTP_MAX_PARAMS];
		size_t ntmp = 0;
		if (!match(routes[i].pattern, path, tmp, &ntmp, scratch, scratch_len))
			continue;
		*path_matched = true;
		bool same = !strcmp(routes[i].method, method) ||
			    (!strcmp(method, "HEAD") && !strcmp(routes[i].method, "GET"));
		if (allow) {
			if (allow->len)
				buf_adds(allow, ", ");
			buf_adds(allow, routes[i].method);
		}
		if (same && found < 0) {
			found = (int)i;
			memcpy(params, tmp, sizeof tmp);
			*nparams = ntmp;
			if (!allow)
				break;
		}
	}
	/* scratch was overwritten by later candidates: match again to be exact. */
	if (found >= 0)
		match(routes[found].pattern, path, params, nparams, scratch, scratch_len);
	return found;
}
