/* `motcua worker`: the background worker as a process of its own, for
 * deployments with several servers on one PostgreSQL (any number may run
 * at once; see svc/svc_worker.h). Layer: cli. */
#include <signal.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "cli/cli.h"
#include "db/db.h"
#include "svc/svc_worker.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

int cli_worker(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("worker");
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	bool once = false;
	const char *now = NULL;
	struct cli_flag flags[] = {
		{"--once", false, NULL, &once, "run one round, print what it did, and exit"},
		{"--now", true, &now, NULL,
		 "tests only (with --testing.clock_api true): the clock reads MS (Unix "
		 "milliseconds)"},
	};
	int prc = cli_parse(argc, argv, 1, cmd, flags, 2, &cfg, pos, 0, &npos);
	if (prc != 0) {
		config_release(&cfg);
		return prc > 0 ? EXIT_OK : EXIT_USAGE;
	}
	if (now) {
		int64_t ms;
		if (!cfg.v.testing_clock_api) {
			fprintf(stderr, "motcua worker: --now needs --testing.clock_api true "
					"(tests only)\n");
			config_release(&cfg);
			return EXIT_USAGE;
		}
		if (text_parse_i64(now, 1, INT64_C(7258118400000), &ms) < 0) {
			fprintf(stderr, "motcua worker: --now takes Unix milliseconds\n");
			config_release(&cfg);
			return EXIT_USAGE;
		}
		clock_set_fixed(ms);
	}
	int64_t interval = cfg.v.worker_interval_seconds;
	if (!once && interval <= 0) {
		fprintf(stderr, "motcua worker: worker.interval_seconds is 0: give --once or an "
				"interval\n");
		config_release(&cfg);
		return EXIT_USAGE;
	}
	struct db *db = cli_open_db(&cfg, CLI_DB_CURRENT, "worker");
	if (!db) {
		config_release(&cfg);
		return EXIT_FAIL;
	}
	char name[128];
	svc_worker_name(name, sizeof name);
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	int rc = EXIT_OK;
	do {
		struct svc_worker_stats st;
		if (svc_worker_round(db, &cfg, name, &st) < 0) {
			rc = EXIT_FAIL;
			if (once)
				break;
		} else if (once) {
			printf("due soon %lld, overdue %lld, mails queued %lld, sent %lld, failed "
			       "%lld, payments settled %lld, refunded %lld, gateway errors %lld, "
			       "files pruned %lld\n",
			       (long long)st.due_soon, (long long)st.overdue, (long long)st.queued,
			       (long long)st.sent, (long long)st.failed, (long long)st.settled,
			       (long long)st.refunded, (long long)st.gateway_errors,
			       (long long)st.pruned);
		}
		if (once)
			break;
		/* Sleep in steps so that a signal ends the wait soon. */
		for (int64_t i = 0; i < interval * 10 && !stop_requested; i++)
			nanosleep(&(struct timespec){0, 100000000L}, NULL);
	} while (!stop_requested);
	db_close(db);
	config_release(&cfg);
	return rc;
}
