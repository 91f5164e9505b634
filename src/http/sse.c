/* Server-Sent Events: a hub that keeps long-lived responses open and
 * broadcasts events by channel (e.g. one channel per unit's display
 * board). A handler hands its connection over with http_reply_stream();
 * server.c turns that into a libmicrohttpd callback response whose reader
 * drains the client's queue and, when it is empty, suspends the connection
 * so that no worker thread spins or blocks; http_sse_publish() appends to
 * the queues of a channel's clients and resumes them. A heartbeat comment
 * every 15 s keeps proxies from closing idle streams and makes a departed
 * client's connection fail, after which MHD frees it and the free callback
 * removes it from the hub. A client that falls too far behind is dropped.
 *
 * Streams are public (display boards), so they are bounded: at most
 * http.max_streams in all and http.max_streams_per_ip from one client
 * address (past either, 503 with Retry-After), and a client that leaves
 * data unacknowledged for http.stream_timeout seconds (a board that lost
 * its network without closing) is dropped by the kernel (TCP_USER_TIMEOUT)
 * instead of holding its slot for the quarter hour of TCP retransmissions.
 * Every second the hub looks for idle streams whose client has closed, and
 * ends them (a suspended connection is not watched by libmicrohttpd).
 *
 * Layer: http. One hub per process; every function is thread-safe.
 * Locking: the hub mutex is held while a connection is suspended (inside
 * MHD's reader callback) so that a publisher never resumes a connection
 * that is not yet suspended; connections are resumed after the mutex is
 * released, which is safe because MHD never frees a suspended connection.
 */
#include <microhttpd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "http/http.h"
#include "http/limits_impl.h"
#include "http/sse_impl.h"

#define SSE_MAX_PENDING (64 * 1024) /* bytes queued for one client before it is dropped */
#define SSE_HEARTBEAT_S 15

struct sse_client {
	struct sse_client *prev, *next;
	struct MHD_Connection *conn; /* NULL until the response is queued */
	char channel[64];
	char ip[HTTP_CLIENT_KEY_LEN]; /* http_client_key() of the client */
	unsigned timeout_ms;	      /* http.stream_timeout */
	int fd;			      /* the connection's socket, -1 until known */
	struct buf out;
	size_t off;
	bool suspended, closing;
};

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct sse_client *head;
	size_t n;
	bool hb_started, stopping;
	pthread_t hb;
	uint64_t next_id;
} hub = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0, false, false, 0, 1};

/* Appends one event in the text/event-stream format; each line of data
 * becomes its own "data:" line. */
static void format_event(struct buf *b, const char *event, uint64_t id, const char *data)
{
	if (event)
		buf_addf(b, "event: %s\n", event);
	if (id)
		buf_addf(b, "id: %llu\n", (unsigned long long)id);
	const char *p = data ? data : "";
	do {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		buf_adds(b, "data: ");
		buf_add(b, p, len);
		buf_addc(b, '\n');
		p = nl ? nl + 1 : NULL;
	} while (p && *p);
	buf_addc(b, '\n');
}

/* Under hub.mu. */
static void link_client(struct sse_client *c)
{
	c->next = hub.head;
	if (hub.head)
		hub.head->prev = c;
	hub.head = c;
	hub.n++;
}

static void unlink_client(struct sse_client *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		hub.head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	hub.n--;
}

void http_reply_stream(struct http_request *req, const char *channel, const char *event,
		       const char *first)
{
	if (NEVER(req->replied))
		return;
	size_t max_all = (size_t)req->cfg->v.http_max_streams;
	size_t max_ip = (size_t)req->cfg->v.http_max_streams_per_ip;
	struct sse_client *c = xcalloc(1, sizeof *c);
	snprintf(c->channel, sizeof c->channel, "%s", channel);
	http_client_key(req->ip, c->ip);
	c->timeout_ms = (unsigned)req->cfg->v.http_stream_timeout * 1000u;
	c->fd = -1;
	buf_init(&c->out);
	/* Reconnect after 3 s if the stream breaks. */
	buf_adds(&c->out, "retry: 3000\n\n");
	if (first)
		format_event(&c->out, event, 0, first);
	const char *full = NULL;
	/* The client joins the hub now (without a connection until its
	 * response is queued), so that parallel requests count each other. */
	pthread_mutex_lock(&hub.mu);
	size_t same = 0;
	for (struct sse_client *o = hub.head; o; o = o->next)
		same += !strcmp(o->ip, c->ip);
	if (hub.n >= max_all)
		full = "too many event streams are open";
	else if (same >= max_ip)
		full = "too many event streams from this address";
	else
		link_client(c);
	pthread_mutex_unlock(&hub.mu);
	if (full) {
		buf_release(&c->out);
		free(c);
		http_limits_count_busy();
		http_reply_busy(req, full);
		return;
	}
	req->stream = c;
	req->replied = true;
	req->status = 200;
	req->content_type = "text/event-stream; charset=utf-8";
	http_add_header(req, "X-Accel-Buffering", "no");
}

static void resume_all(struct MHD_Connection **list, size_t n);

/* Ends the streams whose client has closed its side. libmicrohttpd does
 * not watch a suspended connection, so without this a departed board would
 * keep its place until the next heartbeat fails. Under hub.mu, which keeps
 * every suspended connection (and so its socket) alive. Returns the
 * connections to resume (count in *n; caller frees). */
static struct MHD_Connection **find_departed(size_t *n)
{
	struct pollfd *pf = xcalloc(hub.n + 1, sizeof *pf);
	struct sse_client **who = xcalloc(hub.n + 1, sizeof *who);
	struct MHD_Connection **wake = xcalloc(hub.n + 1, sizeof *wake);
	size_t np = 0;
	*n = 0;
	for (struct sse_client *c = hub.head; c; c = c->next) {
		if (!c->suspended || c->fd < 0)
			continue;
		pf[np] = (struct pollfd){.fd = c->fd, .events = POLLRDHUP};
		who[np++] = c;
	}
	if (np && poll(pf, np, 0) > 0) {
		for (size_t i = 0; i < np; i++) {
			if (!(pf[i].revents & (POLLRDHUP | POLLHUP | POLLERR)))
				continue;
			who[i]->closing = true;
			who[i]->suspended = false;
			wake[(*n)++] = who[i]->conn;
		}
	}
	free(pf);
	free(who);
	return wake;
}

static void *heartbeat(void *arg)
{
	(void)arg;
	int ticks = 0;
	pthread_mutex_lock(&hub.mu);
	while (!hub.stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		int rc = pthread_cond_timedwait(&hub.cv, &hub.mu, &ts);
		if (hub.stopping)
			break;
		if (rc == 0)
			continue;
		size_t n;
		struct MHD_Connection **wake = find_departed(&n);
		pthread_mutex_unlock(&hub.mu);
		resume_all(wake, n);
		if (++ticks >= SSE_HEARTBEAT_S) {
			ticks = 0;
			http_sse_publish(NULL, NULL, NULL);
		}
		pthread_mutex_lock(&hub.mu);
	}
	pthread_mutex_unlock(&hub.mu);
	return NULL;
}

static ssize_t reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sse_client *c = cls;
	(void)pos;
	pthread_mutex_lock(&hub.mu);
	if (c->off < c->out.len) {
		size_t n = c->out.len - c->off;
		if (n > max)
			n = max;
		memcpy(buf, c->out.p + c->off, n);
		c->off += n;
		if (c->off == c->out.len) {
			buf_reset(&c->out);
			c->off = 0;
		}
		pthread_mutex_unlock(&hub.mu);
		return (ssize_t)n;
	}
	if (c->closing) {
		pthread_mutex_unlock(&hub.mu);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	c->suspended = true;
	MHD_suspend_connection(c->conn);
	pthread_mutex_unlock(&hub.mu);
	return 0;
}

static void release(void *cls)
{
	struct sse_client *c = cls;
	pthread_mutex_lock(&hub.mu);
	unlink_client(c);
	pthread_mutex_unlock(&hub.mu);
	buf_release(&c->out);
	free(c);
}

struct MHD_Response *http_sse_response(void *stream, struct MHD_Connection *conn)
{
	struct sse_client *c = stream;
	struct MHD_Response *r =
		MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, reader, c, release);
	if (!r) {
		http_sse_discard(c);
		return NULL;
	}
	const union MHD_ConnectionInfo *fi =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (fi && setsockopt(fi->connect_fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &c->timeout_ms,
			     sizeof c->timeout_ms) != 0)
		log_warn("event stream: cannot set TCP_USER_TIMEOUT");
	pthread_mutex_lock(&hub.mu);
	c->conn = conn;
	c->fd = fi ? fi->connect_fd : -1;
	if (hub.stopping)
		c->closing = true;
	if (!hub.hb_started && !hub.stopping) {
		if (pthread_create(&hub.hb, NULL, heartbeat, NULL) == 0)
			hub.hb_started = true;
		else
			log_error("cannot start the event-stream heartbeat");
	}
	pthread_mutex_unlock(&hub.mu);
	return r;
}

void http_sse_discard(void *stream)
{
	struct sse_client *c = stream;
	if (!c)
		return;
	pthread_mutex_lock(&hub.mu);
	unlink_client(c);
	pthread_mutex_unlock(&hub.mu);
	buf_release(&c->out);
	free(c);
}

/* Resumes the connections in list (outside the hub mutex) and frees it. */
static void resume_all(struct MHD_Connection **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		MHD_resume_connection(list[i]);
	free(list);
}

void http_sse_publish(const char *channel, const char *event, const char *data)
{
	struct buf msg = BUF_INIT;
	pthread_mutex_lock(&hub.mu);
	if (channel)
		format_event(&msg, event, hub.next_id++, data);
	else
		buf_adds(&msg, ":\n\n"); /* heartbeat comment, to every client */
	struct MHD_Connection **wake = xcalloc(hub.n + 1, sizeof *wake);
	size_t nwake = 0;
	for (struct sse_client *c = hub.head; c; c = c->next) {
		if (channel && strcmp(c->channel, channel))
			continue;
		if (c->closing)
			continue;
		if (c->out.len - c->off + msg.len > SSE_MAX_PENDING) {
			log_warn("event stream %s: client too slow, dropped", c->channel);
			c->closing = true;
		} else {
			buf_add(&c->out, msg.p, msg.len);
		}
		if (c->suspended) {
			c->suspended = false;
			wake[nwake++] = c->conn;
		}
	}
	pthread_mutex_unlock(&hub.mu);
	buf_release(&msg);
	resume_all(wake, nwake);
}

size_t http_sse_clients(const char *channel)
{
	size_t n = 0;
	pthread_mutex_lock(&hub.mu);
	for (struct sse_client *c = hub.head; c; c = c->next)
		if (!channel || !strcmp(c->channel, channel))
			n++;
	pthread_mutex_unlock(&hub.mu);
	return n;
}

void http_sse_shutdown(void)
{
	pthread_mutex_lock(&hub.mu);
	hub.stopping = true;
	pthread_cond_broadcast(&hub.cv);
	struct MHD_Connection **wake = xcalloc(hub.n + 1, sizeof *wake);
	size_t nwake = 0;
	for (struct sse_client *c = hub.head; c; c = c->next) {
		c->closing = true;
		if (c->suspended) {
			c->suspended = false;
			wake[nwake++] = c->conn;
		}
	}
	bool join = hub.hb_started;
	hub.hb_started = false;
	pthread_mutex_unlock(&hub.mu);
	resume_all(wake, nwake);
	if (join)
		pthread_join(hub.hb, NULL);
	/* Give the worker threads a moment to end the resumed streams before
	 * MHD_stop_daemon (which must not find suspended connections). */
	for (int i = 0; i < 50 && http_sse_clients(NULL) > 0; i++)
		usleep(10000);
}
