/* Admission control: bounds what anonymous clients can hold of the server.
 *
 * libmicrohttpd runs a pool of worker threads, each polling its own share
 * of the connections (poll(2): server.c says why not epoll), so a client that sends nothing costs a
 * connection slot and its header memory, never a thread. What runs out is
 * slots, so slots are guarded here:
 *
 * - Every connection is recorded (MHD_OPTION_NOTIFY_CONNECTION) with the
 *   phase it is in. Until its request's headers are complete (or, on a
 *   kept-alive connection, until the next request's are) it is "idle", and
 *   must finish them within http.header_timeout (http.timeout between
 *   requests): a thread here shuts down connections past their deadline,
 *   however slowly they trickle bytes (libmicrohttpd's own timeout is
 *   reset by every byte). A body must arrive, and a reply be read, at
 *   http.body_min_rate.
 * - Above http.max_connections, the oldest idle connection is closed to
 *   make room for the new one (one that never completed a request first); when none is idle (every
 * connection is inside a request), the new request is answered 503 with Retry-After. Beyond a
 * margin above the cap, connections are refused at accept (closed at once, never left waiting in
 * the listen queue: libmicrohttpd stops accepting at its own limit, so its limit is set above
 * ours).
 * - Connections per client address are capped (http.max_conn_per_ip) at
 *   accept; an IPv6 client counts by its /64 (one subscriber's network). From a peer listed in
 * http.trusted_proxies, the client is the last address of X-Forwarded-For that is not itself a
 * trusted proxy, and the cap counts that client's requests instead; from any other peer,
 * X-Forwarded-For is ignored.
 * - Two budgets bound request bodies in flight: memory (bodies held in
 *   memory, and file bodies mapped while their handler reads them) and
 *   disk (bodies spilled to temporary files); server.c takes from them.
 *
 * Layer: http. One set of limits per process; every function is
 * thread-safe (one mutex; the budgets are atomics).
 */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/buf.h"
#include "http/limits_impl.h"

#define IP_BUCKETS  4096
#define MAX_PROXIES 32
#define TICK_MS	    200
#define NS	    INT64_C(1000000000)

enum phase {
	PHASE_IDLE, /* waiting for a request's headers */
	PHASE_BODY, /* reading a body */
	PHASE_BUSY, /* handling, answering or streaming: no read deadline */
};

struct lconn {
	struct lconn *prev, *next;
	int fd;
	bool trusted_peer;
	bool shut;    /* shut down by us; libmicrohttpd will close it */
	bool leaving; /* shut down, or answered 503 with Connection: close */
	bool served;  /* has completed a request (a kept-alive client) */
	enum phase phase;
	int64_t since_ns;    /* start of the phase: the oldest idle goes first */
	int64_t deadline_ns; /* 0 = none */
	char peer[INET6_ADDRSTRLEN];
};

struct ip_count {
	struct ip_count *next;
	unsigned n;
	char ip[HTTP_CLIENT_KEY_LEN];
};

struct net {
	int family;
	unsigned char addr[16];
	unsigned prefix;
};

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct lconn *head;
	size_t nconn, nleaving; /* leaving: on their way out, not yet closed by libmicrohttpd */
	struct ip_count *ips[IP_BUCKETS];
	struct net proxies[MAX_PROXIES];
	size_t nproxies;
	size_t soft, hard, per_ip;
	size_t sockets; /* connections in all, counting those shut down and not yet closed */
	int64_t header_ns, idle_ns, min_rate;
	int64_t mem_cap, disk_cap;
	_Atomic int64_t mem_used, disk_used;
	_Atomic uint64_t refused, busy, evicted, timed_out;
	pthread_t thread;
	bool running, stopping;
} L = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

/* ---- addresses ---- */

static unsigned hash_ip(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % IP_BUCKETS;
}

void http_client_key(const char *ip, char out[HTTP_CLIENT_KEY_LEN])
{
	unsigned char a[16];
	if (inet_pton(AF_INET6, ip, a) == 1) {
		char p[INET6_ADDRSTRLEN];
		memset(a + 8, 0, 8);
		inet_ntop(AF_INET6, a, p, sizeof p);
		snprintf(out, HTTP_CLIENT_KEY_LEN, "%s/64", p);
	} else {
		snprintf(out, HTTP_CLIENT_KEY_LEN, "%s", ip);
	}
}

/* The count of a client (by http_client_key); with delta, adds it first.
 * Under L.mu. */
static unsigned ip_count(const char *client, int delta)
{
	char ip[HTTP_CLIENT_KEY_LEN];
	http_client_key(client, ip);
	struct ip_count **pp = &L.ips[hash_ip(ip)], *e;
	for (e = *pp; e; pp = &e->next, e = e->next)
		if (!strcmp(e->ip, ip))
			break;
	if (!delta)
		return e ? e->n : 0;
	if (!e) {
		if (delta < 0)
			return 0;
		e = xcalloc(1, sizeof *e);
		snprintf(e->ip, sizeof e->ip, "%s", ip);
		e->next = L.ips[hash_ip(ip)];
		L.ips[hash_ip(ip)] = e;
		pp = &L.ips[hash_ip(ip)];
	}
	e->n = delta < 0 && e->n == 0 ? 0 : e->n + (unsigned)delta;
	unsigned n = e->n;
	if (n == 0) {
		*pp = e->next;
		free(e);
	}
	return n;
}

/* Parses "1.2.3.4", "::1" (brackets allowed) into family and 16 bytes. */
static bool parse_ip(const char *s, size_t len, int *family, unsigned char addr[16])
{
	char tmp[INET6_ADDRSTRLEN + 2];
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof tmp)
		return false;
	memcpy(tmp, s, len);
	tmp[len] = 0;
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, tmp, addr) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, tmp, addr) == 1) {
		*family = AF_INET6;
		return true;
	}
	return false;
}

static bool in_net(const struct net *n, int family, const unsigned char *addr)
{
	if (n->family != family)
		return false;
	unsigned full = n->prefix / 8, rest = n->prefix % 8;
	if (memcmp(n->addr, addr, full))
		return false;
	if (!rest)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (n->addr[full] & mask) == (addr[full] & mask);
}

static bool is_trusted(int family, const unsigned char *addr)
{
	for (size_t i = 0; i < L.nproxies; i++)
		if (in_net(&L.proxies[i], family, addr))
			return true;
	return false;
}

/* An IPv4 client reaching an IPv6 socket arrives as ::ffff:a.b.c.d; it is
 * the IPv4 address for every limit and log. */
static void sockaddr_ip(const struct sockaddr *sa, int *family, unsigned char addr[16])
{
	memset(addr, 0, 16);
	*family = sa->sa_family;
	if (sa->sa_family == AF_INET) {
		memcpy(addr, &((const struct sockaddr_in *)sa)->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6) {
		const unsigned char *a = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
		static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0,    0,
							   0, 0, 0, 0, 0xff, 0xff};
		if (!memcmp(a, v4mapped, 12)) {
			*family = AF_INET;
			memcpy(addr, a + 12, 4);
		} else {
			memcpy(addr, a, 16);
		}
	}
}

static void ip_str(int family, const unsigned char *addr, char out[INET6_ADDRSTRLEN])
{
	if (!inet_ntop(family, addr, out, INET6_ADDRSTRLEN))
		snprintf(out, INET6_ADDRSTRLEN, "?");
}

static int parse_proxies(const char *list, char *err, size_t errlen)
{
	L.nproxies = 0;
	const char *p = list;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		const char *e = p;
		while (*e && *e != ',' && *e != ' ')
			e++;
		const char *slash = memchr(p, '/', (size_t)(e - p));
		struct net n = {0};
		size_t alen = slash ? (size_t)(slash - p) : (size_t)(e - p);
		bool ok = parse_ip(p, alen, &n.family, n.addr);
		unsigned max = n.family == AF_INET ? 32 : 128;
		n.prefix = max;
		if (ok && slash) {
			char *end;
			long v = strtol(slash + 1, &end, 10);
			ok = end == e && end > slash + 1 && v >= 0 && v <= (long)max;
			n.prefix = (unsigned)v;
		}
		if (!ok || L.nproxies == MAX_PROXIES) {
			snprintf(err, errlen,
				 "http.trusted_proxies: '%.*s' is not an address or ADDRESS/BITS "
				 "(at most "
				 "%d entries)",
				 (int)(e - p), p, MAX_PROXIES);
			return -1;
		}
		L.proxies[L.nproxies++] = n;
		p = e;
	}
	return 0;
}

/* The client behind a trusted proxy: X-Forwarded-For lists the addresses
 * each proxy saw, the nearest last; the client is the last one that is not
 * a trusted proxy (a client may write anything in front). Falls back to
 * the peer when the header is absent or malformed. */
static void forwarded_client(const char *xff, char out[INET6_ADDRSTRLEN])
{
	size_t len = strlen(xff);
	const char *end = xff + len;
	char found[INET6_ADDRSTRLEN] = "";
	while (end > xff) {
		const char *start = end;
		while (start > xff && start[-1] != ',')
			start--;
		const char *a = start, *b = end;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		int family;
		unsigned char addr[16];
		if (!parse_ip(a, (size_t)(b - a), &family, addr))
			break;
		ip_str(family, addr, found);
		if (!is_trusted(family, addr))
			break;
		end = start > xff ? start - 1 : xff;
	}
	if (*found)
		snprintf(out, INET6_ADDRSTRLEN, "%s", found);
}

/* ---- connections ---- */

static void unlink_conn(struct lconn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		L.head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
}

/* Counts c out of the connections holding a slot. Under L.mu. */
static void retire(struct lconn *c)
{
	if (c->leaving)
		return;
	c->leaving = true;
	L.nleaving++;
}

static void doom(struct lconn *c)
{
	/* libmicrohttpd sees the end of the stream and closes the connection
	 * on its own thread; the fd stays valid until it tells us (under
	 * L.mu, which we hold). */
	shutdown(c->fd, SHUT_RDWR);
	c->shut = true;
	retire(c);
}

/* Connections that hold a slot: those shut down or refused are on their
 * way out. */
static size_t live(void)
{
	return L.nconn - L.nleaving;
}

/* Closes the oldest idle connection other than except, preferring one
 * that has never completed a request (a slowloris) to a kept-alive
 * client's. Under L.mu. */
static bool evict_idle(const struct lconn *except)
{
	struct lconn *old = NULL;
	for (struct lconn *c = L.head; c; c = c->next) {
		if (c == except || c->phase != PHASE_IDLE || c->leaving)
			continue;
		if (!old || (old->served && !c->served) ||
		    (old->served == c->served && c->since_ns < old->since_ns))
			old = c;
	}
	if (!old)
		return false;
	doom(old);
	atomic_fetch_add(&L.evicted, 1);
	return true;
}

enum MHD_Result http_limits_accept(void *cls, const struct sockaddr *sa, socklen_t len)
{
	(void)cls;
	(void)len;
	int family;
	unsigned char addr[16];
	char ip[INET6_ADDRSTRLEN];
	sockaddr_ip(sa, &family, addr);
	ip_str(family, addr, ip);
	bool ok;
	pthread_mutex_lock(&L.mu);
	ok = live() < L.hard && L.nconn < L.sockets &&
	     (is_trusted(family, addr) || ip_count(ip, 0) < L.per_ip);
	pthread_mutex_unlock(&L.mu);
	if (!ok)
		atomic_fetch_add(&L.refused, 1);
	return ok ? MHD_YES : MHD_NO;
}

void http_limits_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
			enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		struct lconn *c = xcalloc(1, sizeof *c);
		const union MHD_ConnectionInfo *fi =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ai =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		int family = AF_INET;
		unsigned char addr[16] = {0};
		if (ai && ai->client_addr)
			sockaddr_ip(ai->client_addr, &family, addr);
		ip_str(family, addr, c->peer);
		c->fd = fi ? fi->connect_fd : -1;
		c->phase = PHASE_IDLE;
		c->since_ns = clock_mono_ns();
		c->deadline_ns = c->since_ns + L.header_ns;
		pthread_mutex_lock(&L.mu);
		c->trusted_peer = is_trusted(family, addr);
		c->next = L.head;
		if (L.head)
			L.head->prev = c;
		L.head = c;
		L.nconn++;
		if (!c->trusted_peer)
			ip_count(c->peer, +1);
		if (live() > L.soft)
			evict_idle(c);
		pthread_mutex_unlock(&L.mu);
		*socket_context = c;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		struct lconn *c = *socket_context;
		if (!c)
			return;
		pthread_mutex_lock(&L.mu);
		unlink_conn(c);
		L.nconn--;
		if (c->leaving)
			L.nleaving--;
		if (!c->trusted_peer)
			ip_count(c->peer, -1);
		pthread_mutex_unlock(&L.mu);
		free(c);
		*socket_context = NULL;
	}
}

/* When a transfer of bytes at http.body_min_rate begun now must be over:
 * the header time plus a second per min_rate bytes. A Content-Length near
 * 2^64 (refused later by the route's limit, 413) must not overflow it
 * (fuzz_http): the deadline saturates at "never". */
static int64_t transfer_deadline(int64_t now, uint64_t bytes)
{
	uint64_t secs = bytes / (uint64_t)L.min_rate;
	int64_t room = INT64_MAX - now - L.header_ns;
	if (secs > (uint64_t)(room / NS))
		return INT64_MAX;
	return now + L.header_ns + (int64_t)secs * NS;
}

int http_limits_begin(struct MHD_Connection *conn, const char *xff, uint64_t body_len,
		      struct http_admission *a, const char **why)
{
	const union MHD_ConnectionInfo *si =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct lconn *c = si ? si->socket_context : NULL;
	memset(a, 0, sizeof *a);
	*why = NULL;
	if (NEVER(!c)) {
		snprintf(a->ip, sizeof a->ip, "?");
		return 0;
	}
	a->conn = c;
	int64_t now = clock_mono_ns();
	int rc = 0;
	pthread_mutex_lock(&L.mu);
	snprintf(a->ip, sizeof a->ip, "%s", c->peer);
	if (c->trusted_peer && xff)
		forwarded_client(xff, a->ip);
	c->since_ns = now;
	if (body_len) {
		/* Chunked bodies are bounded by the route's limit, checked as
		 * they come: give them the rate of a large one. */
		uint64_t n = body_len == UINT64_MAX ? 64u << 20 : body_len;
		c->phase = PHASE_BODY;
		c->deadline_ns = transfer_deadline(now, n);
	} else {
		c->phase = PHASE_BUSY;
		c->deadline_ns = 0;
	}
	if (live() > L.soft && !evict_idle(c)) {
		*why = "the server is at its connection limit";
		rc = -1;
	} else if (c->trusted_peer && strcmp(a->ip, c->peer)) {
		if (ip_count(a->ip, 0) >= L.per_ip) {
			*why = "too many connections from this address";
			rc = -1;
		} else {
			ip_count(a->ip, +1);
			a->counted = true;
		}
	}
	pthread_mutex_unlock(&L.mu);
	if (rc < 0)
		atomic_fetch_add(&L.busy, 1);
	return rc;
}

void http_limits_body_done(struct http_admission *a)
{
	struct lconn *c = a->conn;
	if (!c)
		return;
	pthread_mutex_lock(&L.mu);
	c->phase = PHASE_BUSY;
	c->deadline_ns = 0;
	pthread_mutex_unlock(&L.mu);
}

void http_limits_reply(struct http_admission *a, uint64_t len)
{
	struct lconn *c = a->conn;
	if (!c)
		return;
	pthread_mutex_lock(&L.mu);
	c->phase = PHASE_BUSY;
	c->deadline_ns = transfer_deadline(clock_mono_ns(), len);
	pthread_mutex_unlock(&L.mu);
}

void http_limits_leaving(struct http_admission *a)
{
	struct lconn *c = a->conn;
	if (!c)
		return;
	pthread_mutex_lock(&L.mu);
	retire(c);
	pthread_mutex_unlock(&L.mu);
}

void http_limits_end(struct http_admission *a)
{
	struct lconn *c = a->conn;
	if (!c)
		return;
	pthread_mutex_lock(&L.mu);
	if (a->counted)
		ip_count(a->ip, -1);
	a->counted = false;
	c->served = true;
	c->phase = PHASE_IDLE;
	c->since_ns = clock_mono_ns();
	c->deadline_ns = c->since_ns + L.idle_ns;
	pthread_mutex_unlock(&L.mu);
	a->conn = NULL;
}

/* The deadline thread: every TICK_MS, shuts down the connections past
 * their read deadline. */
static void *deadlines(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&L.mu);
	while (!L.stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += TICK_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&L.cv, &L.mu, &ts);
		int64_t now = clock_mono_ns();
		for (struct lconn *c = L.head; c; c = c->next) {
			if (c->shut || !c->deadline_ns || now < c->deadline_ns)
				continue;
			doom(c);
			atomic_fetch_add(&L.timed_out, 1);
		}
	}
	pthread_mutex_unlock(&L.mu);
	return NULL;
}

/* ---- budgets ---- */

static bool take(_Atomic int64_t *used, int64_t cap, size_t n)
{
	int64_t cur = atomic_load(used);
	do {
		if (cur + (int64_t)n > cap)
			return false;
	} while (!atomic_compare_exchange_weak(used, &cur, cur + (int64_t)n));
	return true;
}

bool http_budget_mem_take(size_t n)
{
	return take(&L.mem_used, L.mem_cap, n);
}

void http_budget_mem_give(size_t n)
{
	atomic_fetch_sub(&L.mem_used, (int64_t)n);
}

bool http_budget_disk_take(size_t n)
{
	return take(&L.disk_used, L.disk_cap, n);
}

void http_budget_disk_give(size_t n)
{
	atomic_fetch_sub(&L.disk_used, (int64_t)n);
}

void http_limits_count_busy(void)
{
	atomic_fetch_add(&L.busy, 1);
}

void http_limits_stats(struct http_limits_stats *st)
{
	pthread_mutex_lock(&L.mu);
	st->connections = live();
	st->connection_limit = L.soft;
	pthread_mutex_unlock(&L.mu);
	st->body_mem = atomic_load(&L.mem_used);
	st->body_mem_limit = L.mem_cap;
	st->body_disk = atomic_load(&L.disk_used);
	st->body_disk_limit = L.disk_cap;
	st->refused = atomic_load(&L.refused);
	st->busy = atomic_load(&L.busy);
	st->evicted = atomic_load(&L.evicted);
	st->timed_out = atomic_load(&L.timed_out);
}

/* ---- start and stop ---- */

int http_limits_start(const struct config *cfg, unsigned *mhd_limit, char *err, size_t errlen)
{
	if (parse_proxies(cfg->v.http_trusted_proxies, err, errlen) < 0)
		return -1;
	size_t threads = (size_t)cfg->v.threads;
	L.soft = (size_t)cfg->v.http_max_connections;
	L.per_ip = (size_t)cfg->v.http_max_conn_per_ip;
	L.header_ns = cfg->v.http_header_timeout * NS;
	L.idle_ns = cfg->v.http_timeout * NS;
	L.min_rate = cfg->v.http_body_min_rate;
	L.mem_cap = cfg->v.http_body_memory_mb << 20;
	L.disk_cap = cfg->v.http_body_disk_mb << 20;
	/* Between the cap and the hard limit, connections are accepted and
	 * answered 503 (or make room by closing idle ones). */
	L.hard = L.soft + L.soft / 4 + 16;
	/* Each connection may hold a socket and a spilled body's file (and
	 * connections on their way out their socket); keep room for the
	 * database, the static files and the logs. */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		if (rl.rlim_cur < rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
			getrlimit(RLIMIT_NOFILE, &rl);
		}
		/* Sockets: 2 × hard at most (libmicrohttpd's limit, below); files:
		 * one per body being received, hard at most; and the rest. */
		size_t reserve = 192 + 8 * threads;
		size_t fds = rl.rlim_cur == RLIM_INFINITY ? SIZE_MAX / 4 : (size_t)rl.rlim_cur;
		if (fds < reserve + 3 * L.hard) {
			size_t hard = fds > reserve + 96 ? (fds - reserve) / 3 : 32;
			size_t soft = hard * 4 / 5;
			log_warn(
				"only %zu open files: http.max_connections lowered from %zu to %zu "
				"(raise LimitNOFILE)",
				fds, L.soft, soft);
			L.soft = soft;
			L.hard = hard;
		}
	}
	if (L.per_ip > L.hard)
		L.per_ip = L.hard;
	/* Connections shut down and not yet closed still hold a socket: we
	 * refuse past L.sockets, and libmicrohttpd's own limit (past which it
	 * would stop accepting, leaving clients unanswered) is above that by
	 * a margin for its threads' uneven shares. */
	L.sockets = L.hard + L.hard / 2;
	*mhd_limit = (unsigned)(L.sockets + L.hard / 2 + 4 * threads + 16);
	L.stopping = false;
	if (pthread_create(&L.thread, NULL, deadlines, NULL) != 0) {
		snprintf(err, errlen, "cannot start the connection deadline thread");
		return -1;
	}
	L.running = true;
	return 0;
}

void http_limits_stop(void)
{
	if (!L.running)
		return;
	pthread_mutex_lock(&L.mu);
	L.stopping = true;
	pthread_cond_broadcast(&L.cv);
	pthread_mutex_unlock(&L.mu);
	pthread_join(L.thread, NULL);
	L.running = false;
}
