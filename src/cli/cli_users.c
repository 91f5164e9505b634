/* `motcua user disable|enable|set|password USERNAME`: officers who move or
 * leave (docs/operations.md). Each change ends every session of the user,
 * through svc_user_change(), and is logged. Layer: cli. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "core/roles.h"
#include "db/db.h"
#include "svc/svc.h"

/* Runs ch on username and reports as `motcua <name>`: "user X disabled;
 * 2 sessions ended". Exit 1 for an unknown user or unit (as `user add`),
 * 2 for other bad input. */
static int change(struct config *cfg, const char *name, const char *username,
		  struct svc_user_change *ch, const char *done)
{
	ch->by = "command line";
	int rc = EXIT_FAIL;
	struct db *db = cli_open_db(cfg, CLI_DB_MIGRATE, name);
	if (!db)
		return rc;
	struct arena a;
	arena_init(&a);
	int64_t ended = 0;
	struct svc_result r = svc_user_change(db, cfg, &a, username, ch, &ended);
	if (r.code == ERR_NONE) {
		printf("user %s %s; %lld session%s ended\n", username, done, (long long)ended,
		       ended == 1 ? "" : "s");
		rc = EXIT_OK;
	} else if (r.code == ERR_USER_NOT_FOUND) {
		fprintf(stderr, "motcua %s: no user named '%s'\n", name, username);
	} else if (r.code == ERR_UNIT_NOT_FOUND) {
		fprintf(stderr, "motcua %s: no unit with code '%s' (--unit)\n", name,
			ch->unit_code);
	} else {
		const struct err_info *e = err_lookup(r.code);
		fprintf(stderr, "motcua %s: %s%s%s\n", name, e->en, r.detail ? ": " : "",
			r.detail ? r.detail : "");
		rc = e->status < 500 ? EXIT_USAGE : EXIT_FAIL;
	}
	arena_release(&a);
	db_close(db);
	return rc;
}

static int set_active(int argc, char **argv, const char *name, int active)
{
	const struct cli_command *cmd = cli_find(name);
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	CLI_PARSE(NULL, 0, pos, 1, &npos);
	int rc = EXIT_USAGE;
	if (npos != 1)
		fprintf(stderr, "motcua %s: USERNAME is required (see --help)\n", name);
	else
		rc = change(&cfg, name, pos[0], &(struct svc_user_change){.active = active},
			    active ? "enabled" : "disabled");
	config_release(&cfg);
	return rc;
}

int cli_user_disable(int argc, char **argv)
{
	return set_active(argc, argv, "user disable", 0);
}

int cli_user_enable(int argc, char **argv)
{
	return set_active(argc, argv, "user enable", 1);
}

int cli_user_set(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("user set");
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	struct svc_user_change ch = {.active = -1};
	const char *roles_arg = NULL;
	struct cli_flag flags[] = {
		{"--unit", true, &ch.unit_code, NULL, "code of the user's new unit (e.g. VP)"},
		{"--role", true, &roles_arg, NULL,
		 "comma-separated roles replacing the old ones: admin, receiver, specialist, "
		 "head, leader, office"},
		{"--full-name", true, &ch.full_name, NULL, "the person's full name"},
	};
	CLI_PARSE(flags, 3, pos, 1, &npos);
	int rc = EXIT_USAGE;
	char *copy = NULL;
	if (npos != 1 || (!ch.unit_code && !roles_arg && !ch.full_name)) {
		fprintf(stderr, "motcua user set: USERNAME and at least one of --unit, --role, "
				"--full-name are required (see --help)\n");
		goto out;
	}
	if (roles_arg) {
		copy = xstrdup(roles_arg);
		char *save = NULL;
		for (char *r = strtok_r(copy, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
			unsigned bit = role_parse(r);
			if (!bit || bit == ROLE_CITIZEN) {
				fprintf(stderr, "motcua user set: unknown staff role '%s'\n", r);
				goto out;
			}
			ch.roles |= bit;
		}
		if (!ch.roles) {
			fprintf(stderr, "motcua user set: --role names no role\n");
			goto out;
		}
	}
	rc = change(&cfg, "user set", pos[0], &ch, "changed");
out:
	free(copy);
	config_release(&cfg);
	return rc;
}

/* One line of standard input without its line end, into buf; false at
 * end of input or a line too long. */
static bool read_line(char *buf, size_t n)
{
	if (!fgets(buf, (int)n, stdin))
		return false;
	size_t len = strlen(buf);
	if (len && buf[len - 1] != '\n' && !feof(stdin))
		return false;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = 0;
	return true;
}

int cli_user_password(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("user password");
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	const char *password = NULL;
	struct cli_flag flags[] = {
		{"--password", true, &password, NULL,
		 "the new password (else read from the first line of standard input)"},
	};
	CLI_PARSE(flags, 1, pos, 1, &npos);
	int rc = EXIT_USAGE;
	char line[1024];
	if (npos != 1) {
		fprintf(stderr, "motcua user password: USERNAME is required (see --help)\n");
		goto out;
	}
	if (!password) {
		if (!read_line(line, sizeof line) || !*line) {
			fprintf(stderr, "motcua user password: give the new password on the first "
					"line of standard input or with --password\n");
			goto out;
		}
		password = line;
	}
	rc = change(&cfg, "user password", pos[0],
		    &(struct svc_user_change){.active = -1, .password = password},
		    "has a new password");
out:
	sodium_memzero(line, sizeof line);
	config_release(&cfg);
	return rc;
}
