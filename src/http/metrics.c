/* Prometheus metrics: requests by route and status, a latency histogram per
 * route, connections and request bodies against their limits, and database
 * retries and errors. Served only to a configured bearer token or on a
 * separate address (the route names and counts help an attacker). Layer:
 * http. */
#include <dirent.h>
#include <stdio.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <unistd.h>

#include <sodium.h>

#include "http/http.h"
#include "base/clock.h"
#include "http/limits_impl.h"

#define NBUCKETS 12

static const double bucket_le[NBUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
					   0.05,   0.1,	  0.25,	  0.5,	 1.0,  2.5};

struct counter {
	const char *route;
	int status;
	int64_t count;
};

struct histo {
	const char *route;
	int64_t buckets[NBUCKETS];
	int64_t count;
	double sum;
};

/* Series grow as routes and statuses appear: both come from the route
 * table and the server's own replies, never from the client, so they are
 * bounded. (A fixed 256 once stopped counting new route-status pairs in
 * silence.) */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct counter *counters;
static size_t ncounters, capcounters;
static struct histo *histos;
static size_t nhistos, caphistos;

static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 64;
	return xrealloc(v, *cap * size);
}

void http_metrics_observe(const char *route, int status, int64_t duration_ns)
{
	double secs = (double)duration_ns / 1e9;
	pthread_mutex_lock(&lock);
	size_t i;
	for (i = 0; i < ncounters; i++)
		if (counters[i].status == status && !strcmp(counters[i].route, route))
			break;
	if (i == ncounters) {
		counters = grow(counters, &capcounters, ncounters, sizeof *counters);
		counters[ncounters++] = (struct counter){route, status, 0};
	}
	counters[i].count++;
	for (i = 0; i < nhistos; i++)
		if (!strcmp(histos[i].route, route))
			break;
	if (i == nhistos) {
		histos = grow(histos, &caphistos, nhistos, sizeof *histos);
		memset(&histos[nhistos], 0, sizeof histos[0]);
		histos[nhistos++].route = route;
	}
	struct histo *h = &histos[i];
	for (int b = 0; b < NBUCKETS; b++)
		if (secs <= bucket_le[b])
			h->buckets[b]++;
	h->count++;
	h->sum += secs;
	pthread_mutex_unlock(&lock);
}

static _Atomic(http_metrics_cb) hook;

void http_metrics_set_hook(http_metrics_cb cb)
{
	atomic_store(&hook, cb);
}

/* The process's own figures under the names every Prometheus client
 * library uses (process_*), read from getrusage, getrlimit and /proc. */
static _Atomic int64_t started_ms; /* http_metrics_mark_start() */

static void render_process(struct buf *out)
{
	struct rusage ru;
	double cpu = 0;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
		      ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
	long long vsz = 0, rss = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f) {
		if (fscanf(f, "%lld %lld", &vsz, &rss) != 2)
			vsz = rss = 0;
		fclose(f);
	}
	long page = sysconf(_SC_PAGESIZE);
	long long fds = 0;
	DIR *d = opendir("/proc/self/fd");
	if (d) {
		for (struct dirent *e; (e = readdir(d));)
			fds += e->d_name[0] != '.';
		closedir(d);
		fds--; /* the directory's own descriptor */
	}
	struct rlimit rl = {0};
	getrlimit(RLIMIT_NOFILE, &rl);
	buf_addf(out,
		 "# HELP process_cpu_seconds_total User and system CPU time spent, in seconds.\n"
		 "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total %.3f\n"
		 "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
		 "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes %lld\n"
		 "# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n"
		 "# TYPE process_virtual_memory_bytes gauge\nprocess_virtual_memory_bytes %lld\n"
		 "# HELP process_open_fds Open file descriptors.\n"
		 "# TYPE process_open_fds gauge\nprocess_open_fds %lld\n"
		 "# HELP process_max_fds Most file descriptors the process may open.\n"
		 "# TYPE process_max_fds gauge\nprocess_max_fds %llu\n"
		 "# HELP process_start_time_seconds When the server started, in seconds since "
		 "1970.\n"
		 "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds %.3f\n"
		 "# HELP motcua_build_info The running build; always 1.\n"
		 "# TYPE motcua_build_info gauge\nmotcua_build_info{version=\"%s\"} 1\n",
		 cpu, rss * page, vsz * page, fds, (unsigned long long)rl.rlim_cur,
		 (double)atomic_load(&started_ms) / 1e3, MOTCUA_VERSION);
}

void http_metrics_mark_start(void)
{
	int64_t zero = 0;
	atomic_compare_exchange_strong(&started_ms, &zero, clock_now_ms());
}

void http_metrics_render(struct db *db, struct buf *out)
{
	pthread_mutex_lock(&lock);
	buf_adds(out, "# HELP motcua_http_requests_total HTTP requests by route and status.\n"
		      "# TYPE motcua_http_requests_total counter\n");
	for (size_t i = 0; i < ncounters; i++)
		buf_addf(out, "motcua_http_requests_total{route=\"%s\",status=\"%d\"} %lld\n",
			 counters[i].route, counters[i].status, (long long)counters[i].count);
	buf_adds(out, "# HELP motcua_http_request_duration_seconds Time to answer a request.\n"
		      "# TYPE motcua_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i < nhistos; i++) {
		const struct histo *h = &histos[i];
		for (int b = 0; b < NBUCKETS; b++)
			buf_addf(out,
				 "motcua_http_request_duration_seconds_bucket{route=\"%s\",le=\"%"
				 "g\"} %lld\n",
				 h->route, bucket_le[b], (long long)h->buckets[b]);
		buf_addf(out,
			 "motcua_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} "
			 "%lld\n",
			 h->route, (long long)h->count);
		buf_addf(out, "motcua_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n",
			 h->route, h->sum);
		buf_addf(out, "motcua_http_request_duration_seconds_count{route=\"%s\"} %lld\n",
			 h->route, (long long)h->count);
	}
	pthread_mutex_unlock(&lock);
	struct http_limits_stats st;
	http_limits_stats(&st);
	buf_addf(out,
		 "# HELP motcua_http_connections Open connections, and the configured cap.\n"
		 "# TYPE motcua_http_connections gauge\nmotcua_http_connections %zu\n"
		 "motcua_http_connections_limit %zu\n"
		 "# HELP motcua_http_body_bytes Request bodies in flight (memory held or mapped; "
		 "disk), and their budgets.\n"
		 "# TYPE motcua_http_body_bytes gauge\n"
		 "motcua_http_body_bytes{store=\"memory\"} %lld\n"
		 "motcua_http_body_bytes{store=\"disk\"} %lld\n"
		 "motcua_http_body_bytes_limit{store=\"memory\"} %lld\n"
		 "motcua_http_body_bytes_limit{store=\"disk\"} %lld\n"
		 "# HELP motcua_http_overload_total Connections refused at accept, requests "
		 "answered 503 busy, idle connections closed to make room, and connections "
		 "closed past their read deadline.\n"
		 "# TYPE motcua_http_overload_total counter\n"
		 "motcua_http_overload_total{what=\"refused\"} %llu\n"
		 "motcua_http_overload_total{what=\"busy\"} %llu\n"
		 "motcua_http_overload_total{what=\"evicted\"} %llu\n"
		 "motcua_http_overload_total{what=\"timed_out\"} %llu\n"
		 "# HELP motcua_http_streams Open event streams.\n"
		 "# TYPE motcua_http_streams gauge\nmotcua_http_streams %zu\n",
		 st.connections, st.connection_limit, (long long)st.body_mem,
		 (long long)st.body_disk, (long long)st.body_mem_limit,
		 (long long)st.body_disk_limit, (unsigned long long)st.refused,
		 (unsigned long long)st.busy, (unsigned long long)st.evicted,
		 (unsigned long long)st.timed_out, http_sse_clients(NULL));
	render_process(out);
	http_metrics_cb cb = atomic_load(&hook);
	if (cb)
		cb(db, out);
}

bool http_metrics_token_ok(const char *authorization, const char *token)
{
	size_t tl = strlen(token);
	if (!authorization || !*token || strncasecmp(authorization, "Bearer ", 7) != 0)
		return false;
	const char *t = authorization + 7;
	while (*t == ' ')
		t++;
	return strlen(t) == tl && sodium_memcmp(t, token, tl) == 0;
}

bool http_metrics_allowed(struct http_request *req)
{
	const char *token = req->cfg->v.http_metrics_token;
	if (*req->cfg->v.http_metrics_listen || !*token) {
		http_reply_error(req, ERR_NOT_FOUND, NULL, NULL);
		return false;
	}
	if (!http_metrics_token_ok(http_header(req, "Authorization"), token)) {
		http_add_header(req, "WWW-Authenticate", "Bearer");
		http_reply_error(req, ERR_UNAUTHENTICATED, "Authorization",
				 "a bearer token is required");
		return false;
	}
	return true;
}
