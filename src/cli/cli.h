/* Shared command-line machinery: every command parses its arguments with
 * cli_parse(), which knows the global options (--db, --config, --help and
 * every option of the configuration table as --name) and the command's own
 * flags. Exit codes: 0 success, 1 failure, 2 usage. Layer: cli. */
#ifndef MOTCUA_CLI_CLI_H
#define MOTCUA_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "base/config.h"
#include "base/log.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Why a command failed, on stderr: "WHO: message" as text, a JSON line
 * with log_format = json (a server's start failures reach the log shipper
 * like its other lines). Written whatever log_level. */
#define cli_error(who, ...) log_plain(LOG_ERROR, __FILE__, __LINE__, who, __VA_ARGS__)
/* The same for the command named cmd ("motcua CMD: message"). */
#define cli_error_who(cmd, ...)                                                                    \
	do {                                                                                       \
		char who_[80];                                                                     \
		snprintf(who_, sizeof who_, "motcua %s", cmd);                                     \
		cli_error(who_, __VA_ARGS__);                                                      \
	} while (0)

struct cli_flag {
	const char *name; /* "--password" */
	bool takes_value;
	const char **value; /* set when given (takes_value) */
	bool *given;	    /* set when given (may be NULL) */
	const char *help;
};

struct cli_command {
	const char *name; /* "user add" */
	int (*run)(int argc, char **argv);
	const char *summary; /* one line */
	const char *usage;   /* arguments after the command name */
};

extern const struct cli_command cli_commands[];

/* Parses argv[start..]: --config FILE, --db URL, --<option> V for any
 * configuration option (dots or underscores as written in the table, dashes
 * accepted for underscores), the given flags, and positional arguments
 * (collected in pos, at most maxpos). Prints help for --help and returns 1
 * (the caller exits 0); returns -1 after printing a usage error (exit 2);
 * 0 to go on. */
int cli_parse(int argc, char **argv, int start, const struct cli_command *cmd,
	      const struct cli_flag *flags, size_t nflags, struct config *cfg, const char **pos,
	      size_t maxpos, size_t *npos);
void cli_help(FILE *out, const struct cli_command *cmd, const struct cli_flag *flags,
	      size_t nflags);
const struct cli_command *cli_find(const char *name);

/* What cli_open_db() does about the schema. */
enum cli_db_mode {
	CLI_DB_MIGRATE,		/* apply missing migrations quietly */
	CLI_DB_MIGRATE_VERBOSE, /* the same, and print the version (the migrate command) */
	CLI_DB_CURRENT,		/* refuse a schema that is not current (run migrate first) */
	CLI_DB_AS_IS,		/* open only */
};
/* Opens the configured database (making the folder of a SQLite file),
 * then handles the schema as mode says. Prints what failed, prefixed with
 * "motcua <who>:", and returns NULL on failure. */
struct db *cli_open_db(const struct config *cfg, enum cli_db_mode mode, const char *who);

/* The path of a file or folder motcua ships (rel: "web", "data"; probe:
 * a file inside it that must exist, or NULL), looked for in the working
 * folder, beside the binary's folder, in <prefix>/share/motcua beside the
 * binary and in the installed data folder (cli_share.c). Returns 0 with out
 * set, or -1 (nowhere) with out = rel. */
int cli_share_path(const char *rel, const char *probe, char *out, size_t len);
/* Points the options whose defaults name shipped files (web_root,
 * password.common_file) at where they are, unless the operator set them.
 * Returns 0, or -1 after printing what is missing. */
int cli_locate_shipped(struct config *cfg, const char *who);

/* Writes a demo CA and agency key in data_dir/pki, as `pki init` does,
 * unless that folder exists (then says so and keeps it): `motcua demo`
 * leaves a demo that signs. Returns 0, or -1 after printing the error. */
int cli_pki_demo_keys(const struct config *cfg, FILE *out);

/* Parses a command's arguments in a function with `argc`, `argv`, `cmd` and
 * `cfg` in scope, returning the exit code on --help or a usage error. */
#define CLI_PARSE(flags, nflags, pos, maxpos, npos)                                                \
	do {                                                                                       \
		int prc_ = cli_parse(argc, argv, 1, cmd, flags, nflags, &cfg, pos, maxpos, npos);  \
		if (prc_ != 0) {                                                                   \
			config_release(&cfg);                                                      \
			return prc_ > 0 ? EXIT_OK : EXIT_USAGE;                                    \
		}                                                                                  \
	} while (0)

int cli_serve(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_user_add(int argc, char **argv);
int cli_user_disable(int argc, char **argv);
int cli_user_enable(int argc, char **argv);
int cli_user_set(int argc, char **argv);
int cli_user_password(int argc, char **argv);
int cli_import_procedures(int argc, char **argv);
int cli_export_procedures(int argc, char **argv);
int cli_config_show(int argc, char **argv);
int cli_unit_add(int argc, char **argv);
int cli_unit_list(int argc, char **argv);
int cli_cal_cmd(int argc, char **argv);
int cli_calendar_load(int argc, char **argv);
int cli_audit_verify(int argc, char **argv);
int cli_worker(int argc, char **argv);
int cli_blobs_prune(int argc, char **argv);
int cli_gen_dossiers(int argc, char **argv);
int cli_pki_init(int argc, char **argv);
int cli_pki_sign(int argc, char **argv);
int cli_pki_verify(int argc, char **argv);
int cli_archive_export(int argc, char **argv);
int cli_archive_verify(int argc, char **argv);
int cli_archive_retention(int argc, char **argv);
int cli_routes(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_restore(int argc, char **argv);
int cli_kpi_recompute(int argc, char **argv);
int cli_kpi_rules(int argc, char **argv);
int cli_kpi_close(int argc, char **argv);

#endif
