/* `motcua archive ...`: export a dossier's e-archive package, verify one
 * offline, and set a procedure's retention period. Layer: cli. */
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "cli/cli.h"
#include "db/db.h"
#include "svc/svc_documents.h"

int cli_archive_export(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("archive export");
	struct config cfg;
	config_init(&cfg);
	const char *out = NULL, *pos[1];
	size_t npos = 0;
	struct cli_flag flags[] = {{"--out", true, &out, NULL, "the package to write (tar)"}};
	CLI_PARSE(flags, 1, pos, 1, &npos);
	if (npos != 1 || !out) {
		fprintf(stderr, "usage: motcua archive export CODE --out FILE\n");
		config_release(&cfg);
		return EXIT_USAGE;
	}
	int rc = EXIT_FAIL;
	struct db *db = cli_open_db(&cfg, CLI_DB_MIGRATE, "archive");
	char err[600];
	if (db && svc_archive_export(db, &cfg, pos[0], out, err, sizeof err) == 0) {
		printf("archive of %s written to %s\n", pos[0], out);
		rc = EXIT_OK;
	} else if (db) {
		fprintf(stderr, "motcua: %s\n", err);
	}
	if (db)
		db_close(db);
	config_release(&cfg);
	return rc;
}

int cli_archive_verify(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("archive verify");
	struct config cfg;
	config_init(&cfg);
	const char *ca = NULL, *pos[1];
	size_t npos = 0;
	struct cli_flag flags[] = {{"--ca", true, &ca, NULL,
				    "trust these CA certificates instead of the package's own"}};
	CLI_PARSE(flags, 1, pos, 1, &npos);
	if (npos != 1) {
		fprintf(stderr, "usage: motcua archive verify FILE [--ca PEM]\n");
		config_release(&cfg);
		return EXIT_USAGE;
	}
	char err[600];
	int rc = svc_archive_verify(pos[0], ca, stdout, err, sizeof err);
	if (rc < 0)
		fprintf(stderr, "motcua: %s\n", err);
	else
		printf("%s: %s\n", pos[0], rc == 0 ? "verified" : "NOT verified");
	config_release(&cfg);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

int cli_archive_retention(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("archive retention");
	struct config cfg;
	config_init(&cfg);
	const char *basis = "", *pos[2];
	size_t npos = 0;
	struct cli_flag flags[] = {
		{"--basis", true, &basis, NULL, "the legal basis of the period"}};
	CLI_PARSE(flags, 1, pos, 2, &npos);
	int64_t years;
	if (npos != 2 || text_parse_i64(pos[1], 0, 200, &years) != 0) {
		fprintf(stderr,
			"usage: motcua archive retention PROCEDURE YEARS (0 = permanent)\n");
		config_release(&cfg);
		return EXIT_USAGE;
	}
	int rc = EXIT_FAIL;
	struct db *db = cli_open_db(&cfg, CLI_DB_MIGRATE, "archive");
	if (db) {
		struct svc_result r = svc_retention_set(db, pos[0], years, basis);
		if (r.code == ERR_NONE) {
			printf("dossiers of %s are kept %s\n", pos[0],
			       years ? pos[1] : "permanently");
			if (years)
				printf("(years after the dossier ends)\n");
			rc = EXIT_OK;
		} else {
			fprintf(stderr, "motcua: cannot set the retention (%s)\n",
				r.field ? r.field : "database");
		}
		db_close(db);
	}
	config_release(&cfg);
	return rc;
}
