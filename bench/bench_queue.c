/* Benchmark of the desk queue's calling under contention: N counters (one
 * thread and one database connection each) call the next ticket, start and
 * finish it, until a pre-issued stock of tickets is used up. Prints calls
 * per second with 1 counter and with N, their ratio (how much of one
 * counter's rate N racing counters keep), the transaction retries that the
 * races cost, and the kiosk's issue rate. Measured, never asserted
 * (STYLE.md).
 *
 *   bench_queue DB_URL [TICKETS=2000] [COUNTERS=8]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/log.h"
#include "core/roles.h"
#include "db/db.h"
#include "repo/repo.h"
#include "svc/svc.h"

static const char *url;

struct racer {
	int64_t counter, officer;
	long calls, errors;
};

static struct db *open_db(void)
{
	struct db *db;
	char err[512];
	if (db_open(url, &db, err, sizeof err) < 0) {
		fprintf(stderr, "bench_queue: %s\n", err);
		exit(1);
	}
	return db;
}

static void *race(void *arg)
{
	struct racer *r = arg;
	struct db *db = open_db();
	struct arena a;
	arena_init(&a);
	for (;;) {
		struct svc_queue_ticket t;
		bool found;
		if (svc_queue_call_next(db, &a, r->counter, r->officer, &found, &t).code !=
		    ERR_NONE) {
			r->errors++;
			if (r->errors > 1000)
				break;
			continue;
		}
		if (!found)
			break;
		r->calls++;
		/* A use case that gave up after its retries is tried again, as an
		 * officer would click again. */
		for (int k = 0; k < 5; k++) {
			enum err_code e =
				svc_queue_act(db, &a, t.t.id, r->officer, TICKET_START, 0, NULL, &t)
					.code;
			if (e == ERR_NONE || e == ERR_QUEUE_TICKET_STATE)
				break;
			r->errors++;
		}
		for (int k = 0; k < 5; k++) {
			if (svc_queue_act(db, &a, t.t.id, r->officer, TICKET_FINISH, 0, NULL, &t)
				    .code == ERR_NONE)
				break;
			r->errors++;
		}
		if (a.total > 4 * 1024 * 1024) {
			arena_release(&a);
			arena_init(&a);
		}
	}
	arena_release(&a);
	db_close(db);
	return NULL;
}

static void die(const char *what, struct svc_result r)
{
	fprintf(stderr, "bench_queue: %s: %s %s\n", what, err_lookup(r.code)->name,
		r.detail ? r.detail : "");
	exit(1);
}

/* Issues n tickets to the desk; returns tickets per second. */
static double issue(struct db *db, const char *unit, const int64_t *services, int n)
{
	struct arena a;
	arena_init(&a);
	int64_t t0 = clock_mono_ns();
	for (int i = 0; i < n; i++) {
		struct svc_queue_ticket t;
		struct svc_result r = svc_queue_issue(db, &a, unit, services[i % 2],
						      i % 20 ? NULL : "elderly", &t);
		if (r.code != ERR_NONE)
			die("issue", r);
		if (a.total > 4 * 1024 * 1024) {
			arena_release(&a);
			arena_init(&a);
		}
	}
	double s = (double)(clock_mono_ns() - t0) / 1e9;
	arena_release(&a);
	return n / s;
}

/* One round: n counters serve `tickets` tickets; returns calls per second. */
static double round_of(struct db *db, const char *unit, const int64_t *services, struct racer *r,
		       int counters, int tickets, double *issue_rate, long *errors)
{
	*issue_rate = issue(db, unit, services, tickets);
	pthread_t th[64];
	for (int i = 0; i < counters; i++) {
		r[i].calls = r[i].errors = 0;
		pthread_create(&th[i], NULL, race, &r[i]);
	}
	int64_t t0 = clock_mono_ns();
	for (int i = 0; i < counters; i++)
		pthread_join(th[i], NULL);
	double s = (double)(clock_mono_ns() - t0) / 1e9;
	long calls = 0;
	*errors = 0;
	for (int i = 0; i < counters; i++) {
		calls += r[i].calls;
		*errors += r[i].errors;
	}
	if (calls != tickets)
		fprintf(stderr, "bench_queue: %ld calls for %d tickets\n", calls, tickets);
	return calls / s;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_queue DB_URL [TICKETS=2000] [COUNTERS=8]\n");
		return 2;
	}
	url = argv[1];
	int tickets = argc > 2 ? atoi(argv[2]) : 2000;
	int counters = argc > 3 ? atoi(argv[3]) : 8;
	if (tickets < 1 || counters < 1 || counters > 64 || sodium_init() < 0)
		return 2;
	log_set_level(LOG_ERROR);
	struct db *db = open_db();
	char err[600];
	int applied;
	if (db_migrate(db, &applied, err, sizeof err) < 0) {
		fprintf(stderr, "bench_queue: %s\n", err);
		return 1;
	}
	/* A unit of its own, so that the bench can run against any database. */
	char unit[16], ident[32];
	unsigned tag = randombytes_uniform(1000000);
	snprintf(unit, sizeof unit, "QB%06u", tag);
	snprintf(ident, sizeof ident, "000.98.%06u", tag);
	struct unit u = {0, unit, ident, "Đơn vị đo hiệu năng", "Benchmark unit", NULL, 0};
	int64_t unit_id;
	if (repo_unit_insert(db, &u, clock_now_ms(), &unit_id) < 0) {
		fprintf(stderr, "bench_queue: cannot create the unit: %s\n", db_errmsg(db));
		return 1;
	}
	struct arena a;
	arena_init(&a);
	struct svc_result r = svc_queue_desk_set(db, unit, true);
	if (r.code != ERR_NONE)
		die("desk", r);
	int64_t services[2];
	const char *prefixes[] = {"A", "B"};
	for (int i = 0; i < 2; i++) {
		struct queue_service in = {.prefix = prefixes[i], .name_vi = "Dịch vụ"}, out;
		if ((r = svc_queue_service_create(db, &a, unit, &in, &out)).code != ERR_NONE)
			die("service", r);
		services[i] = out.id;
	}
	struct racer racers[64];
	memset(racers, 0, sizeof racers);
	for (int i = 0; i < counters; i++) {
		char name[32];
		snprintf(name, sizeof name, "qb%06u-%d", tag, i);
		if ((r = svc_user_create(db, name, "Cán bộ đo", unit, ROLE_RECEIVER,
					 "bench-password", &racers[i].officer))
			    .code != ERR_NONE)
			die("officer", r);
		struct svc_queue_counter_in c = {
			.number = i + 1, .active = true, .services = services, .nservices = 2};
		struct queue_counter q;
		if ((r = svc_queue_counter_save(db, &a, unit, &c, &q)).code != ERR_NONE)
			die("counter", r);
		racers[i].counter = q.id;
		if ((r = svc_queue_counter_open(db, &a, q.id, racers[i].officer, true, &q)).code !=
		    ERR_NONE)
			die("open", r);
	}
	int64_t retries0, errors0, retries1, errors1, retries2, errors2;
	double issue1, issue2;
	long err1, err2;
	db_stats(&retries0, &errors0);
	double one = round_of(db, unit, services, racers, 1, tickets / 4 > 0 ? tickets / 4 : 1,
			      &issue1, &err1);
	db_stats(&retries1, &errors1);
	double many = round_of(db, unit, services, racers, counters, tickets, &issue2, &err2);
	db_stats(&retries2, &errors2);
	printf("queue on %s: %d tickets, call + start + finish per ticket\n", db_backend_name(db),
	       tickets);
	printf("  kiosk issue rate (one thread)      %10.0f tickets/s\n", issue2);
	printf("  1 counter                          %10.0f calls/s   (retries %lld, errors %ld)\n",
	       one, (long long)(retries1 - retries0), err1);
	printf("  %d counters racing                  %10.0f calls/s   (retries %lld, errors "
	       "%ld)\n",
	       counters, many, (long long)(retries2 - retries1), err2);
	printf("  ratio %d counters / 1 counter       %10.2f\n", counters, many / one);
	(void)issue1;
	arena_release(&a);
	db_close(db);
	return 0;
}
