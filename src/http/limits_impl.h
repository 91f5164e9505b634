/* Admission control (limits.c): what server.c and sse.c need to bound
 * everything an anonymous client can hold. Layer: http (internal; includes
 * microhttpd.h). Every function is thread-safe.
 */
#ifndef MOTCUA_HTTP_LIMITS_IMPL_H
#define MOTCUA_HTTP_LIMITS_IMPL_H

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/config.h"

/* Reads the limits from cfg, raises the open-file limit as far as it may,
 * checks http.trusted_proxies and starts the deadline thread. Sets
 * *mhd_limit to the connection limit to give libmicrohttpd (above ours, so
 * that it never stops accepting: we refuse instead). Returns 0, or -1 with
 * err filled. */
int http_limits_start(const struct config *cfg, unsigned *mhd_limit, char *err, size_t errlen)
	__attribute__((warn_unused_result));
void http_limits_stop(void);

/* libmicrohttpd callbacks: MHD_OPTION_ACCEPT_POLICY_CALLBACK and
 * MHD_OPTION_NOTIFY_CONNECTION. */
enum MHD_Result http_limits_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
void http_limits_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
			enum MHD_ConnectionNotificationCode code);

/* One request's admission, embedded in the request's state. */
struct http_admission {
	void *conn;		   /* the connection's record (limits.c) */
	char ip[INET6_ADDRSTRLEN]; /* the client: the peer, or X-Forwarded-For from a trusted proxy
				    */
	bool counted;		   /* ip counted against the per-address limit */
};

/* Called once the request's headers are in. xff is the X-Forwarded-For
 * header (may be NULL); body_len the announced body (0 = none, UINT64_MAX
 * = chunked). Fills a->ip. Returns 0 if admitted, or -1 with *why set (a
 * static English sentence) if the server or this client is at its limit. */
int http_limits_begin(struct MHD_Connection *conn, const char *xff, uint64_t body_len,
		      struct http_admission *a, const char **why);
/* The body is in: the request's read deadline ends. */
void http_limits_body_done(struct http_admission *a);
/* A reply of len bytes is queued: the client must read it at
 * http.body_min_rate (after http.header_timeout seconds), so that a client
 * reading a byte now and then cannot hold its slot for good. Not for event
 * streams. */
void http_limits_reply(struct http_admission *a, uint64_t len);
/* The request is answered 503 with Connection: close: its connection no
 * longer counts against http.max_connections. */
void http_limits_leaving(struct http_admission *a);
/* The request is over (the connection may wait for the next one). */
void http_limits_end(struct http_admission *a);

/* What the per-address limits count a client by: an IPv4 address as it
 * is, an IPv6 one by its /64 ("2001:db8:1:2::/64"), which a subscriber
 * gets whole and can fill with addresses at will. */
#define HTTP_CLIENT_KEY_LEN (INET6_ADDRSTRLEN + 4)
void http_client_key(const char *ip, char out[HTTP_CLIENT_KEY_LEN]);

/* Budgets for request bodies in flight, in bytes: memory (bodies held in
 * memory and file bodies mapped while a handler reads them) and disk
 * (bodies spilled to temporary files). take() returns false, taking
 * nothing, if n does not fit. */
bool http_budget_mem_take(size_t n);
void http_budget_mem_give(size_t n);
bool http_budget_disk_take(size_t n);
void http_budget_disk_give(size_t n);

struct http_limits_stats {
	size_t connections, connection_limit;
	int64_t body_mem, body_mem_limit, body_disk, body_disk_limit;
	uint64_t refused, busy, evicted, timed_out;
};
void http_limits_stats(struct http_limits_stats *st);
/* Counts a 503 answered because a budget or a stream limit was reached. */
void http_limits_count_busy(void);

#endif
