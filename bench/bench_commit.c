/* The machine's own limit for durable writes: single-row SQLite commits per
 * second through motcua's driver (WAL, synchronous=FULL: the same settings
 * as the server), one transaction per row, for a few seconds. The
 * receipts benchmark of scripts/bench.sh is reported against it.
 *
 * usage: bench_commit DIR [SECONDS]   (DIR: a folder on the disk under test) */
#include <stdio.h>
#include <stdlib.h>

#include "base/clock.h"
#include "db/db.h"

static int insert_txn(struct db *db, void *arg)
{
	int64_t *i = arg;
	return db_exec(db, "INSERT INTO bench_rows (v, at) VALUES (?, ?)",
		       DB_ARGS(DB_I(*i), DB_I(clock_now_ms())), NULL);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_commit DIR [SECONDS]\n");
		return 2;
	}
	double seconds = argc > 2 ? atof(argv[2]) : 5.0;
	char url[1024], err[256];
	snprintf(url, sizeof url, "sqlite:%s/bench_commit.db", argv[1]);
	struct db *db;
	if (db_open(url, &db, err, sizeof err) < 0) {
		fprintf(stderr, "bench_commit: %s\n", err);
		return 1;
	}
	if (db_exec_script(
		    db, "DROP TABLE IF EXISTS bench_rows; CREATE TABLE bench_rows "
			"(id INTEGER PRIMARY KEY, v INTEGER NOT NULL, at INTEGER NOT NULL);") < 0) {
		fprintf(stderr, "bench_commit: %s\n", db_errmsg(db));
		return 1;
	}
	int64_t n = 0, t0 = clock_mono_ns(), end = t0 + (int64_t)(seconds * 1e9);
	while (clock_mono_ns() < end) {
		if (db_run_txn(db, insert_txn, &n, DB_TXN_ATTEMPTS) < 0) {
			fprintf(stderr, "bench_commit: %s\n", db_errmsg(db));
			return 1;
		}
		n++;
	}
	double s = (double)(clock_mono_ns() - t0) / 1e9;
	printf("%.0f\n", (double)n / s);
	fprintf(stderr,
		"raw durable SQLite commits: %lld in %.1f s = %.0f/s (one row each, WAL, "
		"synchronous=FULL)\n",
		(long long)n, s, (double)n / s);
	db_close(db);
	return 0;
}
