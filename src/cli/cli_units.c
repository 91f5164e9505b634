/* `motcua unit add` and `motcua unit list`: the organisation tree from the
 * command line (DOMAIN.md section 2), through the same use case as
 * POST /api/v1/units. Identifiers are configured, never guessed. Layer: cli. */
#include <string.h>

#include "cli/cli.h"
#include "core/roles.h"
#include "db/db.h"
#include "svc/svc.h"

/* The command line acts as an administrator (whoever may run it may write
 * the database anyway); the checks are the use case's, as for the API. */
static const char *flag_of(const char *field)
{
	static const struct {
		const char *field, *flag;
	} map[] = {{"ident", "--ident"},   {"name", "--name"},		{"name_en", "--name-en"},
		   {"parent", "--parent"}, {"office_hours", "--hours"}, {"code", "CODE"}};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (field && !strcmp(map[i].field, field))
			return map[i].flag;
	return field ? field : "";
}

int cli_unit_add(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("unit add");
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	struct svc_unit_in in = {0};
	struct cli_flag flags[] = {
		{"--ident", true, &in.ident, NULL,
		 "electronic identifier, used in dossier codes (e.g. 000.17.22.H56)"},
		{"--name", true, &in.name_vi, NULL, "Vietnamese name"},
		{"--name-en", true, &in.name_en, NULL, "English name"},
		{"--parent", true, &in.parent, NULL, "code of the parent unit"},
		{"--hours", true, &in.office_hours, NULL,
		 "office hours, e.g. 07:30-11:30,13:00-17:00 (the default)"},
	};
	CLI_PARSE(flags, 5, pos, 1, &npos);
	if (npos != 1 || !in.ident || !in.name_vi || !*in.name_vi) {
		fprintf(stderr,
			"motcua unit add: CODE, --ident and --name are required (see --help)\n");
		config_release(&cfg);
		return EXIT_USAGE;
	}
	in.code = pos[0];
	int rc = EXIT_FAIL;
	struct db *db = cli_open_db(&cfg, CLI_DB_MIGRATE, "unit add");
	if (db) {
		struct arena a;
		arena_init(&a);
		const struct svc_actor admin = {0, "command line", "", ROLE_ADMIN, 0};
		struct unit u;
		struct svc_result r = svc_unit_create(db, &a, &admin, &in, &u);
		if (r.code == ERR_NONE) {
			printf("unit %s created (id %lld)\n", u.code, (long long)u.id);
			rc = EXIT_OK;
		} else if (r.code == ERR_UNIT_NOT_FOUND) {
			fprintf(stderr, "motcua unit add: no unit with code '%s' (--parent)\n",
				in.parent);
		} else if (r.code == ERR_UNIT_TAKEN) {
			fprintf(stderr,
				"motcua unit add: a unit with code '%s' or identifier '%s' "
				"exists\n",
				in.code, in.ident);
		} else if (r.code == ERR_FIELD_INVALID || r.code == ERR_FIELD_MISSING) {
			fprintf(stderr, "motcua unit add: %s '%s': %s\n", flag_of(r.field),
				r.field && !strcmp(r.field, "office_hours") ? in.office_hours : "",
				r.detail ? r.detail : "invalid");
			rc = EXIT_USAGE;
		} else {
			fprintf(stderr, "motcua: %s\n", r.detail ? r.detail : db_errmsg(db));
		}
		arena_release(&a);
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
	if (db && svc_unit_list(db, &a, &u, &n).code != ERR_NONE) {
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
