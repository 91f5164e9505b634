/* `motcua backup DIR` and `motcua restore DIR` (svc_backup.h): the
 * database, the file store and the keys, with a manifest of hashes, and
 * the way back. Exit 0 done, 1 failed (what failed is said), 2 usage.
 * Layer: cli. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/path.h"
#include "cli/cli.h"
#include "svc/svc_backup.h"

static int run(int argc, char **argv, const char *name, bool restore)
{
	const struct cli_command *cmd = cli_find(name);
	struct config cfg;
	config_init(&cfg);
	const char *pos[2];
	size_t npos;
	bool force = false;
	struct cli_flag flags[] = {
		{"--force", false, NULL, &force,
		 restore ? "replace a database that holds data, and key files that differ"
			 : "write into a folder that is not empty (a backup there is brought up "
			   "to date)"},
	};
	CLI_PARSE(flags, 1, pos, 1, &npos);
	if (npos != 1 || !*pos[0]) {
		fprintf(stderr, "motcua %s: DIR is required (see --help)\n", name);
		config_release(&cfg);
		return EXIT_USAGE;
	}
	const char *url = cfg.v.db;
	if (restore && !strncmp(url, "sqlite:", 7)) {
		/* The folder of a new database file, as every command makes it. */
		char dir[1024];
		/* A path cut short could name another folder: then make none
		 * (opening the database says what is wrong). */
		char *slash =
			path_fmt(dir, sizeof dir, "%s", url + 7) == 0 ? strrchr(dir, '/') : NULL;
		if (slash && slash != dir) {
			*slash = 0;
			mkdir(dir, 0750);
		}
	}
	char err[1024] = "";
	int rc = restore ? svc_restore(&cfg, pos[0], force, stdout, err, sizeof err)
			 : svc_backup(&cfg, pos[0], force, stdout, err, sizeof err);
	fflush(stdout);
	if (rc < 0)
		fprintf(stderr, "motcua %s: %s\n", name, err);
	config_release(&cfg);
	return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

int cli_backup(int argc, char **argv)
{
	return run(argc, argv, "backup", false);
}

int cli_restore(int argc, char **argv)
{
	return run(argc, argv, "restore", true);
}
