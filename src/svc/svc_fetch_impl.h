/* Outgoing HTTP for the use cases that call other servers (the identity
 * provider, the payment gateway): one libcurl client with the same rules
 * for all. Private to svc (api never calls out).
 *
 * Layer: svc. Thread-safe.
 */
#ifndef MOTCUA_SVC_SVC_FETCH_IMPL_H
#define MOTCUA_SVC_SVC_FETCH_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/* True for https://..., or http:// to the loopback interface (127.0.0.1,
 * localhost, [::1]): nothing else is ever called. */
bool svc_fetch_url_allowed(const char *u);

struct svc_fetch {
	const char *url;
	const char *body;	     /* NULL: GET; else POST of it */
	const char *content_type;    /* of body; NULL: form-urlencoded */
	const char *user, *password; /* HTTP basic authentication, or NULL */
	long timeout_s;
	size_t max_reply; /* bytes; a longer answer fails the call */
	const char *what; /* for the log: "oidc", "payment" */
};

/* Calls f->url (allowed only, no redirects followed); *reply gets the
 * answer, *status its HTTP status (0 if none). Returns 0, or -1 (not
 * allowed, network, too large; logged). */
int svc_fetch(const struct svc_fetch *f, struct buf *reply, long *status)
	__attribute__((warn_unused_result));

#endif
