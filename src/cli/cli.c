/* The command table and the shared argument parser. Layer: cli. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/log.h"
#include "base/path.h"
#include "db/db.h"

const struct cli_command cli_commands[] = {
	{"serve", cli_serve, "serve the web pages and the JSON API", "[options]"},
	{"migrate", cli_migrate, "create or upgrade the database schema", "[options]"},
	{"demo", cli_demo, "load demo units, users and the seed catalogue",
	 "[--password P] [--data DIR]"},
	{"user add", cli_user_add, "create a staff user",
	 "USERNAME --full-name NAME --role ROLE[,ROLE] [--unit CODE] [--password P]"},
	{"user disable", cli_user_disable,
	 "disable a user: log-in refused, every session ended (an officer who leaves)", "USERNAME"},
	{"user enable", cli_user_enable, "enable a disabled user again (sessions ended)",
	 "USERNAME"},
	{"user set", cli_user_set,
	 "change a staff user's unit, roles (they replace the old ones) or full name; ends the "
	 "user's sessions",
	 "USERNAME [--unit CODE] [--role ROLE[,ROLE]] [--full-name NAME]"},
	{"user password", cli_user_password,
	 "set a user's password (from standard input or --password); ends the user's sessions",
	 "USERNAME [--password P]"},
	{"import procedures", cli_import_procedures,
	 "import procedures from JSON files (all or nothing)", "FILE..."},
	{"export procedures", cli_export_procedures, "write the current catalogue as JSON",
	 "[--out FILE]"},
	{"unit add", cli_unit_add, "create a unit of the organisation tree",
	 "CODE --ident ID --name NAME [--name-en NAME] [--parent CODE] [--hours PERIODS]"},
	{"unit list", cli_unit_list, "list the units: code, identifier, parent, hours, name",
	 "[options]"},
	{"config show", cli_config_show, "print the effective configuration (secrets masked)",
	 "[options]"},
	{"cal", cli_cal_cmd, "Vietnamese calendar: lunar dates, days off, due times",
	 "lunar|solar|holidays|due ... (motcua cal --help)"},
	{"calendar load", cli_calendar_load,
	 "store official schedules of days off (data/calendar format) in the database",
	 "FILE... [--unit CODE] [--keep]"},
	{"audit verify", cli_audit_verify,
	 "check the hash chains of every dossier's history, the code counters and every stored "
	 "file's SHA-256",
	 "--db URL [--data_dir DIR]"},
	{"blobs prune", cli_blobs_prune,
	 "remove stored files no row names and nobody wrote or found for "
	 "blob.prune_grace_hours (the worker does it hourly); prints each one",
	 "[--dry-run] [--db URL] [--data_dir DIR] [--blob.prune_grace_hours H]"},
	{"worker", cli_worker,
	 "the background worker on its own: due soon, overdue, e-mail (several may run at once)",
	 "[--once] [--worker.interval_seconds N] [--smtp.url URL]"},
	{"gen dossiers", cli_gen_dossiers,
	 "write N realistic dossiers with their histories, visits and ratings (benchmarks, "
	 "demonstrations)",
	 "N [--unit CODE] [--seed S] [--batch B] [--open-percent P] [--no-visits]"},
	{"kpi recompute", cli_kpi_recompute,
	 "rebuild the monitoring indicators of a period from the history and print them (JSON); "
	 "fails when the aggregates the dashboard reads say otherwise",
	 "--from YYYY-MM-DD --to YYYY-MM-DD [--unit CODE] [--procedure CODE] [--officer USER] "
	 "[--field NAME] [--rebuild]"},
	{"kpi close", cli_kpi_close,
	 "close a period of a unit's report: its figures frozen, hash-chained and signed",
	 "--unit CODE --period YYYY-MM|YYYY-Qn|YYYY-Hn|YYYY"},
	{"kpi rules", cli_kpi_rules,
	 "list the rule sets of the indicators, or add a new version with other points and "
	 "thresholds (published sets are never edited)",
	 "list | set NEW-NAME KEY:points=N|KEY:threshold=N|KEY:threshold=none... --from "
	 "YYYY-MM-DD"},
	{"pki init", cli_pki_init,
	 "create a demo CA and the agency's signing certificate in data_dir/pki",
	 "[--agency NAME] [--force]"},
	{"pki sign", cli_pki_sign, "sign a file with the configured key (PDF: PAdES; else .p7s)",
	 "FILE --out FILE"},
	{"pki verify", cli_pki_verify, "check a signed PDF, or a file and its .p7s",
	 "FILE [--sig SIG]"},
	{"archive export", cli_archive_export,
	 "write a dossier's e-archive package (manifest, files, signatures)", "CODE --out FILE"},
	{"archive verify", cli_archive_verify, "check an e-archive package offline",
	 "FILE [--ca PEM]"},
	{"archive retention", cli_archive_retention, "set how long a procedure's dossiers are kept",
	 "PROCEDURE YEARS [--basis TEXT]"},
	{"routes", cli_routes, "print the route table and the transition table as JSON", ""},
	{"backup", cli_backup,
	 "copy the database, the file store and the keys into DIR with a manifest (while serving)",
	 "DIR [--force]"},
	{"restore", cli_restore, "check and restore a backup; no dossier code is handed out twice",
	 "DIR [--force]"},
	{NULL, NULL, NULL, NULL},
};

const struct cli_command *cli_find(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

void cli_help(FILE *out, const struct cli_command *cmd, const struct cli_flag *flags, size_t nflags)
{
	fprintf(out, "usage: motcua %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
	if (nflags) {
		fputs("\ncommand options:\n", out);
		for (size_t i = 0; i < nflags; i++)
			fprintf(out, "  %-22s %s\n", flags[i].name, flags[i].help);
	}
	fputs("\ncommon options:\n"
	      "  --config FILE          read options from an INI file\n"
	      "  --db URL               sqlite:PATH or postgresql://user@host/db\n"
	      "  --help                 show this help\n"
	      "  --NAME VALUE           any configuration option (motcua config show lists them)\n",
	      out);
}

/* "--http.max-body" → "http.max_body" */
static void option_name(const char *arg, char *out, size_t n)
{
	snprintf(out, n, "%s", arg + 2);
	for (char *p = out; *p; p++)
		if (*p == '-')
			*p = '_';
}

int cli_parse(int argc, char **argv, int start, const struct cli_command *cmd,
	      const struct cli_flag *flags, size_t nflags, struct config *cfg, const char **pos,
	      size_t maxpos, size_t *npos)
{
	*npos = 0;
	/* --config first, so that the command line wins over the file. */
	for (int i = start; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			cli_help(stdout, cmd, flags, nflags);
			return 1;
		}
		if (!strcmp(argv[i], "--config")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "motcua %s: --config needs a file\n", cmd->name);
				return -1;
			}
			struct buf err = BUF_INIT;
			if (config_load_file(cfg, argv[i + 1], &err) < 0) {
				fprintf(stderr, "motcua %s: %s\n", cmd->name, buf_str(&err));
				buf_release(&err);
				return -1;
			}
			buf_release(&err);
		}
	}
	for (int i = start; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--config")) {
			i++;
			continue;
		}
		if (strncmp(a, "--", 2) != 0 || !strcmp(a, "--")) {
			if (!strcmp(a, "--") && i + 1 < argc)
				a = argv[++i];
			if (*npos >= maxpos) {
				fprintf(stderr,
					"motcua %s: unexpected argument '%s' (see --help)\n",
					cmd->name, a);
				return -1;
			}
			pos[(*npos)++] = a;
			continue;
		}
		size_t k;
		for (k = 0; k < nflags; k++)
			if (!strcmp(flags[k].name, a))
				break;
		if (k < nflags) {
			if (flags[k].given)
				*flags[k].given = true;
			if (flags[k].takes_value) {
				if (i + 1 >= argc) {
					fprintf(stderr, "motcua %s: %s needs a value\n", cmd->name,
						a);
					return -1;
				}
				*flags[k].value = argv[++i];
			}
			continue;
		}
		char name[128];
		option_name(a, name, sizeof name);
		if (config_find(name) < 0) {
			fprintf(stderr, "motcua %s: unknown option '%s' (see --help)\n", cmd->name,
				a);
			return -1;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "motcua %s: %s needs a value\n", cmd->name, a);
			return -1;
		}
		struct buf err = BUF_INIT;
		if (config_set(cfg, name, argv[++i], "command line", &err) < 0) {
			fprintf(stderr, "motcua %s: %s\n", cmd->name, buf_str(&err));
			buf_release(&err);
			return -1;
		}
		buf_release(&err);
	}
	int lvl = log_level_parse(cfg->v.log_level);
	if (lvl < 0) {
		fprintf(stderr, "motcua %s: log_level must be debug, info, warn, error or off\n",
			cmd->name);
		return -1;
	}
	log_set_level((enum log_level)lvl);
	int fmt = log_format_parse(cfg->v.log_format);
	if (fmt < 0) {
		fprintf(stderr, "motcua %s: log_format must be text or json\n", cmd->name);
		return -1;
	}
	log_set_format((enum log_format)fmt);
	return 0;
}

struct db *cli_open_db(const struct config *cfg, enum cli_db_mode mode, const char *who)
{
	const char *url = cfg->v.db;
	if (!strncmp(url, "sqlite:", 7)) {
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
	struct db *db;
	char err[600];
	if (db_open(url, &db, err, sizeof err) < 0) {
		cli_error_who(who, "%s", err);
		return NULL;
	}
	int applied = 0, current = 0, latest = 0;
	switch (mode) {
	case CLI_DB_MIGRATE:
	case CLI_DB_MIGRATE_VERBOSE:
		if (db_migrate(db, &applied, err, sizeof err) < 0) {
			cli_error_who(who, "%s", err);
			db_close(db);
			return NULL;
		}
		if (mode == CLI_DB_MIGRATE_VERBOSE &&
		    db_schema_version(db, &current, &latest) == DB_OK)
			printf("schema at version %d (%d migration%s applied)\n", current, applied,
			       applied == 1 ? "" : "s");
		break;
	case CLI_DB_CURRENT:
		if (db_schema_version(db, &current, &latest) < 0 || current != latest) {
			cli_error_who(who,
				      "the database schema is at %d, not %d: run motcua migrate",
				      current, latest);
			db_close(db);
			return NULL;
		}
		break;
	case CLI_DB_AS_IS:
		break;
	}
	return db;
}
