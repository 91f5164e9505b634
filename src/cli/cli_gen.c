/* `motcua gen dossiers N [--unit CODE] [--seed S] [--batch B]
 * [--open-percent P] [--no-visits]`: realistic dossiers in bulk (svc/svc_gen.h), for
 * benchmarks. Layer: cli. */
#include <string.h>

#include "base/clock.h"
#include "base/text.h"
#include "cli/cli.h"
#include "db/db.h"
#include "svc/svc_gen.h"

int cli_gen_dossiers(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("gen dossiers");
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	const char *unit = NULL, *seed_s = NULL, *batch_s = NULL, *open_s = NULL;
	bool no_visits = false;
	struct cli_flag flags[] = {
		{"--unit", true, &unit, NULL,
		 "code of the receiving unit (default: each procedure's desk)"},
		{"--seed", true, &seed_s, NULL,
		 "a number: the same seed on the same data, the same dossiers"},
		{"--batch", true, &batch_s, NULL,
		 "dossiers per transaction (default 10: SQLite's cost per statement grows with "
		 "the transaction's pages, and the commits do not wait for the disk)"},
		{"--open-percent", true, &open_s, NULL,
		 "share still open (in the inbox), 0-50 (default 3, an agency's usual; 25 the "
		 "harsh share of the first versions); the open ones are the recent receipts"},
		{"--no-visits", false, NULL, &no_visits,
		 "no queue tickets and no ratings (by default each direct dossier comes with "
		 "its visit to the desk's queue, some visits and returned dossiers rated)"},
	};
	int prc = cli_parse(argc, argv, 1, cmd, flags, sizeof flags / sizeof flags[0], &cfg, pos, 1,
			    &npos);
	if (prc != 0) {
		config_release(&cfg);
		return prc > 0 ? EXIT_OK : EXIT_USAGE;
	}
	int64_t n, seed = 0, batch = 10, open_percent = 3;
	if (npos != 1 || text_parse_i64(pos[0], 1, 100000000, &n) < 0 ||
	    (seed_s && text_parse_i64(seed_s, 0, INT64_MAX, &seed) < 0) ||
	    (batch_s && text_parse_i64(batch_s, 1, 100000, &batch) < 0) ||
	    (open_s && text_parse_i64(open_s, 0, 50, &open_percent) < 0)) {
		fprintf(stderr, "usage: motcua %s %s\n", cmd->name, cmd->usage);
		config_release(&cfg);
		return EXIT_USAGE;
	}
	char err[512];
	int rc = EXIT_FAIL;
	struct db *db = cli_open_db(&cfg, CLI_DB_CURRENT, "gen");
	if (!db)
		goto out;
	int64_t t0 = clock_mono_ns();
	if (svc_gen_dossiers(db, n, unit, (uint64_t)seed, batch, open_percent, !no_visits, stdout,
			     err, sizeof err) < 0) {
		fprintf(stderr, "motcua gen: %s\n", err);
		goto out;
	}
	double s = (double)(clock_mono_ns() - t0) / 1e9;
	printf("generated %lld dossiers in %.1f s (%.0f/s)\n", (long long)n, s,
	       s > 0 ? (double)n / s : 0.0);
	rc = EXIT_OK;
out:
	db_close(db);
	config_release(&cfg);
	return rc;
}
