/* The disk checks of /healthz (svc_health.h): free space against
 * health.min_free_mb and a small write probe in each folder motcua writes
 * to. A probe catches what free space alone misses: a read-only remount, a
 * full inode table, quotas. Layer: svc. */
#include "svc/svc_health.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/path.h"
#include "db/db.h"
#include "repo/repo.h"
#include "svc/svc.h"

#define MB (1024 * 1024)

/* what: "database" or "file store"; kind: "low_space" or "write_failed". */
static void reason(struct svc_health *h, const char *what, const char *kind, const char *dir,
		   const char *detail)
{
	static const char *const codes[2][2] = {
		{"database_low_space", "database_write_failed"},
		{"files_low_space", "files_write_failed"},
	};
	if (h->nreasons >= SVC_HEALTH_MAX_REASONS)
		return;
	h->codes[h->nreasons] =
		codes[strcmp(what, "database") != 0][strcmp(kind, "low_space") != 0];
	snprintf(h->reasons[h->nreasons++], sizeof h->reasons[0], "%s folder %s: %s", what, dir,
		 detail);
}

/* Writes, fsyncs and removes a probe file of 4 KB in dir; 0 or an errno. */
static int probe(const char *dir)
{
	char path[4096];
	if (path_fmt(path, sizeof path, "%s/.motcua-health-XXXXXX", dir) < 0)
		return errno;
	int fd = mkstemp(path);
	if (fd < 0)
		return errno;
	char block[4096];
	memset(block, 'h', sizeof block);
	int err = 0;
	ssize_t w = write(fd, block, sizeof block);
	if (w != (ssize_t)sizeof block)
		err = w < 0 ? errno : ENOSPC;
	else if (fsync(fd) != 0)
		err = errno;
	close(fd);
	unlink(path);
	return err;
}

static void check_dir(struct svc_health *h, const char *what, const char *dir, int64_t min_mb)
{
	struct statvfs vfs;
	if (statvfs(dir, &vfs) != 0) {
		reason(h, what, "write_failed", dir, strerror(errno));
		return;
	}
	int64_t free_mb = (int64_t)((unsigned long long)vfs.f_bavail * vfs.f_frsize / MB);
	if (free_mb < min_mb) {
		char detail[128];
		snprintf(detail, sizeof detail, "%lld MB free, below health.min_free_mb = %lld MB",
			 (long long)free_mb, (long long)min_mb);
		reason(h, what, "low_space", dir, detail);
	}
	int err = probe(dir);
	if (err) {
		char detail[128];
		snprintf(detail, sizeof detail, "a test write failed: %s", strerror(err));
		reason(h, what, "write_failed", dir, detail);
	}
}

static void check_disk(const struct config *cfg, struct svc_health *out)
{
	out->nreasons = 0;
	int64_t min_mb = cfg->v.health_min_free_mb;
	const char *url = cfg->v.db;
	char dbdir[4096] = "";
	if (!strncmp(url, "sqlite:", 7)) {
		const char *path = url + 7;
		const char *slash = strrchr(path, '/');
		int rc = 0;
		if (slash)
			rc = path_fmt(dbdir, sizeof dbdir, "%.*s", (int)(slash - path), path);
		if (rc == 0 && !*dbdir)
			rc = path_fmt(dbdir, sizeof dbdir, "%s", slash ? "/" : ".");
		if (rc < 0)
			reason(out, "database", "write_failed", path, strerror(errno));
		else
			check_dir(out, "database", dbdir, min_mb);
	}
	/* The file store writes under data_dir/blobs, created at the first
	 * upload: until then, the nearest folder that exists is where it will. */
	char files[4096];
	struct stat st;
	if (path_fmt(files, sizeof files, "%s/blobs", cfg->v.data_dir) < 0) {
		reason(out, "file store", "write_failed", cfg->v.data_dir, strerror(errno));
		return;
	}
	while (stat(files, &st) != 0 && errno == ENOENT) {
		char *slash = strrchr(files, '/');
		if (!slash) {
			snprintf(files, sizeof files, ".");
			break;
		}
		if (slash == files)
			slash[1] = 0;
		else
			*slash = 0;
	}
	if (strcmp(files, dbdir) != 0)
		check_dir(out, "file store", files, min_mb);
}

int svc_health_db(struct db *db, const char **backend, int *current, int *latest)
{
	*backend = db_backend_name(db);
	if (db_schema_version(db, current, latest) < 0) {
		log_warn("healthz degraded: the database does not answer: %s", db_errmsg(db));
		return -1;
	}
	return 0;
}

struct svc_result svc_busy(struct db *db, struct svc_result r)
{
	if (r.code == ERR_DB_ERROR && db && db_busy_timed_out(db))
		r.code = ERR_DB_BUSY;
	return r;
}

/* The business gauges of /metrics: open dossiers of the whole agency,
 * those overdue and those waiting for the applicant, as the officers'
 * inbox counts them (one definition), and the tickets waiting today. Read
 * at most once per GAUGE_TTL_MS, whoever scrapes: a scrape costs one index
 * range, not one per scraper. */
#define GAUGE_TTL_MS 5000

static pthread_mutex_t gauge_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t gauge_at;
static bool gauge_read; /* once at least */
static struct inbox_counts gauge_counts;
static int64_t gauge_queue;
static bool gauge_ok;

static void business_gauges(struct db *db, struct buf *out)
{
	int64_t now = clock_now_ms();
	pthread_mutex_lock(&gauge_lock);
	if (db && (!gauge_read || now - gauge_at >= GAUGE_TTL_MS || now < gauge_at)) {
		struct inbox_query q = {
			.whole_agency = true, .box = INBOX_ALL, .now = now, .soon = now};
		char day[16];
		clock_format_date_local(now, day, sizeof day);
		gauge_ok = repo_inbox_counts(db, &q, &gauge_counts) >= 0 &&
			   repo_queue_waiting_count(db, day, &gauge_queue) >= 0;
		if (!gauge_ok)
			log_warn("metrics: business gauges not read: %s", db_errmsg(db));
		gauge_at = now;
		gauge_read = true;
	}
	/* Said, not left out: a scraper cannot tell a gauge missing from one
	 * never exported. */
	buf_addf(out,
		 "# HELP motcua_business_gauges_up 1 if the business gauges below were read "
		 "from the database (at most 5 s ago), 0 if it did not answer.\n"
		 "# TYPE motcua_business_gauges_up gauge\nmotcua_business_gauges_up %d\n",
		 gauge_read && gauge_ok);
	if (gauge_ok)
		buf_addf(out,
			 "# HELP motcua_dossiers_open Dossiers received and not yet ended, of "
			 "the whole agency.\n"
			 "# TYPE motcua_dossiers_open gauge\nmotcua_dossiers_open %lld\n"
			 "# HELP motcua_dossiers_overdue Open dossiers past their due time (as "
			 "the inbox's overdue box).\n"
			 "# TYPE motcua_dossiers_overdue gauge\nmotcua_dossiers_overdue %lld\n"
			 "# HELP motcua_dossiers_waiting Open dossiers waiting for the "
			 "applicant (supplement, payment).\n"
			 "# TYPE motcua_dossiers_waiting gauge\nmotcua_dossiers_waiting %lld\n"
			 "# HELP motcua_queue_waiting Tickets of today waiting to be called.\n"
			 "# TYPE motcua_queue_waiting gauge\nmotcua_queue_waiting %lld\n",
			 (long long)gauge_counts.all, (long long)gauge_counts.overdue,
			 (long long)gauge_counts.waiting, (long long)gauge_queue);
	pthread_mutex_unlock(&gauge_lock);
}

void svc_health_metrics(struct db *db, struct buf *out)
{
	business_gauges(db, out);
	int64_t retries, errors;
	db_stats(&retries, &errors);
	struct db_group_stats gs;
	db_group_stats(&gs);
	buf_addf(out,
		 "# HELP motcua_db_errors_total Database operations that failed.\n"
		 "# TYPE motcua_db_errors_total counter\nmotcua_db_errors_total %lld\n"
		 "# HELP motcua_db_retries_total Transactions retried after a busy or "
		 "serialization failure.\n"
		 "# TYPE motcua_db_retries_total counter\nmotcua_db_retries_total %lld\n"
		 "# HELP motcua_db_round_trips_total Round trips to PostgreSQL (statements, or "
		 "pipelines of several, sent and waited for).\n"
		 "# TYPE motcua_db_round_trips_total counter\nmotcua_db_round_trips_total %lld\n",
		 (long long)errors, (long long)retries, (long long)db_round_trips());
	buf_addf(
		out,
		"# HELP motcua_db_group_commits_total Group commits: write transactions of "
		"several requests committed at once.\n"
		"# TYPE motcua_db_group_commits_total counter\nmotcua_db_group_commits_total %lld\n"
		"# HELP motcua_db_group_members_total Requests' transactions committed in "
		"groups.\n"
		"# TYPE motcua_db_group_members_total counter\nmotcua_db_group_members_total %lld\n"
		"# HELP motcua_db_group_member_seconds_total Time the group's writer spent "
		"running the members' transactions.\n"
		"# TYPE motcua_db_group_member_seconds_total counter\n"
		"motcua_db_group_member_seconds_total %.6f\n"
		"# HELP motcua_db_group_commit_seconds_total Time the group's writer spent "
		"committing.\n"
		"# TYPE motcua_db_group_commit_seconds_total counter\n"
		"motcua_db_group_commit_seconds_total %.6f\n",
		(long long)gs.groups, (long long)gs.members, (double)gs.member_ns / 1e9,
		(double)gs.commit_ns / 1e9);
}

/* /healthz is public: without a bound, every request would write and
 * fsync two probe files, so a stranger polling it could keep the disk
 * flushing. One check serves every request for health.disk_check_ms;
 * a request that finds the last one stale checks again, one at a time. */
void svc_health_disk(const struct config *cfg, struct svc_health *out)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static struct svc_health last;
	static int64_t last_ns;
	static bool have;
	int64_t every_ns = cfg->v.health_disk_check_ms * 1000000;
	pthread_mutex_lock(&lock);
	int64_t now = clock_mono_ns();
	if (!have || every_ns == 0 || now - last_ns >= every_ns) {
		check_disk(cfg, &last);
		last_ns = clock_mono_ns();
		have = true;
	}
	*out = last;
	pthread_mutex_unlock(&lock);
}
