/* `motcua audit verify --db URL`: walks every dossier's hash chain and the
 * code counters (svc_audit_verify) and the chain of closed periods
 * (svc_audit_verify_closures) and says whether the history is intact,
 * then hashes every file the database refers to (svc_audit_verify_files,
 * under --data_dir).
 * Prints the number of events checked and exits 0, or names the first
 * broken event and the first broken file (the files are checked even when
 * the history is not whole) and exits 1. It only reads. Layer: cli. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "svc/svc.h"
#include "svc/svc_closure.h"

int cli_audit_verify(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("audit verify");
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	int prc = cli_parse(argc, argv, 1, cmd, NULL, 0, &cfg, pos, 0, &npos);
	if (prc != 0) {
		config_release(&cfg);
		return prc > 0 ? EXIT_OK : EXIT_USAGE;
	}
	struct db *db;
	char err[512];
	if (db_open(cfg.v.db, &db, err, sizeof err) < 0) {
		fprintf(stderr, "motcua audit verify: %s\n", err);
		config_release(&cfg);
		return EXIT_FAIL;
	}
	struct svc_audit rep;
	int rc = svc_audit_verify(db, &rep);
	if (rc == 0) {
		printf("%lld events checked in %lld dossiers: the history verifies\n",
		       (long long)rep.checked, (long long)rep.dossiers);
		if (rep.feedback)
			printf("%lld feedback items' histories verify too\n",
			       (long long)rep.feedback);
		if (rep.voided)
			printf("%lld dossier codes were skipped by restores and count as given "
			       "(dossier_code_voids says which and why)\n",
			       (long long)rep.voided);
	} else if (rc > 0) {
		printf("broken: %s\n", rep.problem);
		printf("%lld events checked before it\n", (long long)rep.checked);
	} else {
		fprintf(stderr, "motcua audit verify: %s\n", rep.problem);
	}
	/* The closed periods' chain (svc_closure.h), whatever the dossiers
	 * said: one problem must not hide another. */
	if (rc >= 0) {
		int crc = svc_audit_verify_closures(db, &cfg, &rep);
		if (crc == 0)
			printf("%lld closed periods checked (%lld signatures): the closures "
			       "verify\n",
			       (long long)rep.closures, (long long)rep.signatures);
		else if (crc > 0)
			printf("broken: %s\n", rep.problem);
		else
			fprintf(stderr, "motcua audit verify: %s\n", rep.problem);
		if (rc == 0)
			rc = crc;
	}
	/* The files are checked whatever the history said: one problem must
	 * not hide another. */
	if (rc >= 0) {
		int frc = svc_audit_verify_files(db, &cfg, &rep);
		if (frc == 0)
			printf("%lld files checked: the file store verifies\n",
			       (long long)rep.files);
		else if (frc > 0)
			printf("broken: %s\n", rep.problem);
		else
			fprintf(stderr, "motcua audit verify: %s\n", rep.problem);
		if (rc == 0)
			rc = frc;
	}
	db_close(db);
	config_release(&cfg);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}
