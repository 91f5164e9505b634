/* `motcua blobs prune [--dry-run]`: removes from the file store the files
 * no row names that nobody wrote or found for blob.prune_grace_hours
 * (svc_blobs_prune(); the worker does the same once an hour), printing
 * each one and a count; --dry-run only lists them. Layer: cli. */
#include <stdio.h>

#include "cli/cli.h"
#include "db/db.h"
#include "svc/svc_documents.h"

static void print_one(void *arg, const char *hex, int64_t size)
{
	printf("%s %s (%lld bytes)\n", (const char *)arg, hex, (long long)size);
}

int cli_blobs_prune(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("blobs prune");
	struct config cfg;
	config_init(&cfg);
	bool dry = false;
	struct cli_flag flags[] = {
		{"--dry-run", false, NULL, &dry, "list what would be removed; remove nothing"},
	};
	const char *pos[1];
	size_t npos;
	CLI_PARSE(flags, 1, pos, 0, &npos);
	struct db *db = cli_open_db(&cfg, CLI_DB_CURRENT, "blobs prune");
	if (!db) {
		config_release(&cfg);
		return EXIT_FAIL;
	}
	struct svc_blobs_pruned p;
	int rc = svc_blobs_prune(db, &cfg, dry, print_one, dry ? "would remove" : "removed", &p);
	printf("%lld files older than %lld hours: %lld %s (%lld bytes), %lld named by a row, "
	       "%lld found by a writer since\n",
	       (long long)p.old, (long long)cfg.v.blob_prune_grace_hours, (long long)p.removed,
	       dry ? "would be removed" : "removed", (long long)p.bytes, (long long)p.referenced,
	       (long long)p.freshened);
	if (rc < 0)
		fprintf(stderr, "motcua blobs prune: the database or the file store failed (see "
				"the log); the rest is left for the next run\n");
	db_close(db);
	config_release(&cfg);
	return rc < 0 ? EXIT_FAIL : EXIT_OK;
}
