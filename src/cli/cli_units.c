/* `motcua unit add` and `motcua unit list`: the organisation tree from the
 * command line (DOMAIN.md section 2). Identifiers are configured, never
 * guessed. Layer: cli. */
#include <string.h>

#include "base/clock.h"
#include "cli/cli.h"
#include "db/db.h"
#include "repo/repo.h"

struct unit_ctx {
	struct unit u;
	const char *parent;
	enum { UNIT_OK, UNIT_NO_PARENT, UNIT_EXISTS } verdict;
	int64_t id;
};

static int add_txn(struct db *db, void *arg)
{
	struct unit_ctx *c = arg;
	struct arena a;
	arena_init(&a);
	struct unit have;
	int rc = DB_OK;
	c->verdict = UNIT_OK;
	c->u.parent_id = 0;
	if (c->parent) {
		rc = repo_unit_by_code(db, &a, c->parent, &have);
		if (rc == REPO_NOT_FOUND) {
			c->verdict = UNIT_NO_PARENT;
			rc = DB_OK;
			goto out;
		}
		if (rc < 0)
			goto out;
		c->u.parent_id = have.id;
	}
	rc = repo_unit_insert(db, &c->u, clock_now_ms(), &c->id);
	if (rc == DB_CONSTRAINT) {
		c->verdict = UNIT_EXISTS;
		rc = -100; /* nothing to commit */
	}
out:
	arena_release(&a);
	return rc;
}

static bool hours_valid(const char *s)
{
	/* HH:MM-HH:MM[,HH:MM-HH:MM...] with each period increasing. */
	int h1, m1, h2, m2, n;
	while (*s) {
		if (sscanf(s, "%2d:%2d-%2d:%2d%n", &h1, &m1, &h2, &m2, &n) != 4)
			return false;
		if (h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || h1 * 60 + m1 >= h2 * 60 + m2)
			return false;
		s += n;
		if (*s == ',')
			s++;
		else if (*s)
			return false;
	}
	return true;
}

int cli_unit_add(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("unit add");
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	struct unit_ctx c = {0};
	const char *ident = NULL, *name_vi = NULL, *name_en = "", *hours = NULL;
	struct cli_flag flags[] = {
		{"--ident", true, &ident, NULL,
		 "electronic identifier, used in dossier codes (e.g. 000.17.22.H56)"},
		{"--name", true, &name_vi, NULL, "Vietnamese name"},
		{"--name-en", true, &name_en, NULL, "English name"},
		{"--parent", true, &c.parent, NULL, "code of the parent unit"},
		{"--hours", true, &hours, NULL,
		 "office hours, e.g. 07:30-11:30,13:00-17:00 (the default)"},
	};
	CLI_PARSE(flags, 5, pos, 1, &npos);
	if (npos != 1 || !ident || !name_vi || !*name_vi) {
		fprintf(stderr,
			"motcua unit add: CODE, --ident and --name are required (see --help)\n");
		config_release(&cfg);
		return EXIT_USAGE;
	}
	if (hours && !hours_valid(hours)) {
		fprintf(stderr,
			"motcua unit add: --hours '%s' is not like 07:30-11:30,13:00-17:00\n",
			hours);
		config_release(&cfg);
		return EXIT_USAGE;
	}
	c.u.code = pos[0];
	c.u.ident = ident;
	c.u.name_vi = name_vi;
	c.u.name_en = name_en;
	c.u.office_hours = hours;
	int rc = EXIT_FAIL;
	struct db *db = cli_open_db(&cfg, CLI_DB_MIGRATE, "unit add");
	if (db) {
		int t = db_run_txn(db, add_txn, &c);
		if (c.verdict == UNIT_NO_PARENT)
			fprintf(stderr, "motcua unit add: no unit with code '%s' (--parent)\n",
				c.parent);
		else if (c.verdict == UNIT_EXISTS)
			fprintf(stderr,
				"motcua unit add: a unit with code '%s' or identifier '%s' "
				"exists\n",
				c.u.code, c.u.ident);
		else if (t < 0)
			fprintf(stderr, "motcua: %s\n", db_errmsg(db));
		else {
			printf("unit %s created (id %lld)\n", c.u.code, (long long)c.id);
			rc = EXIT_OK;
		}
	}
	db_close(db);
	config_release(&cfg);
	return rc;
}

int cli_unit_list(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("unit list");
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	CLI_PARSE(NULL, 0, pos, 0, &npos);
	int rc = EXIT_FAIL;
	struct db *db = cli_open_db(&cfg, CLI_DB_MIGRATE, "unit list");
	struct arena a;
	arena_init(&a);
	struct unit *u;
	size_t n;
	if (db && repo_unit_list(db, &a, &u, &n) < 0) {
		fprintf(stderr, "motcua: %s\n", db_errmsg(db));
	} else if (db) {
		for (size_t i = 0; i < n; i++) {
			const char *parent = "-";
			for (size_t k = 0; k < n; k++)
				if (u[k].id == u[i].parent_id)
					parent = u[k].code;
			printf("%s\t%s\t%s\t%s\t%s\n", u[i].code, u[i].ident, parent,
			       u[i].office_hours, u[i].name_vi);
		}
		rc = EXIT_OK;
	}
	arena_release(&a);
	db_close(db);
	config_release(&cfg);
	return rc;
}
