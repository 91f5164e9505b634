/* The commands that run motcua and manage its data: serve, migrate, demo,
 * user add, import/export procedures, config show. Layer: cli. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "api/api.h"
#include "api/views.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/path.h"
#include "cli/cli.h"
#include "cli/cli_cal.h"
#include "core/roles.h"
#include "db/db.h"
#include "svc/svc.h"
#include "svc/svc_health.h"
#include "svc/svc_payments.h"
#include "svc/svc_users.h"
#include "svc/svc_worker.h"

/* The http layer's connection hooks: a request's connection from the pool. */
static struct db *pool_take(void *pool)
{
	return db_pool_get(pool);
}

static void pool_give(void *pool, struct db *db)
{
	db_pool_put(pool, db);
}

static struct db *replica_take(void *replica)
{
	return db_replica_get(replica);
}

static bool replica_give(void *replica, struct db *db)
{
	return db_replica_put(replica, db);
}

/* public_url when it was not set (its source is still "default"): the
 * address serve actually bound, so that the links it hands out (payment
 * return and IPN, tracking, verification) reach this server whatever
 * --listen said. A wildcard host (0.0.0.0, [::]) names no machine:
 * 127.0.0.1 is used and said so. Called before the server starts with the
 * port as written (not when it is 0) and again once bound; the value only
 * changes when it differs, so a fixed port is set before any request. */
static void derive_public_url(struct config *cfg, const char *host, unsigned port, bool log)
{
	int i = config_find("public_url");
	if (i < 0 || strcmp(cfg->sources[i], "default") != 0 || port == 0)
		return;
	bool wild =
		!strcmp(host, "0.0.0.0") || !strcmp(host, "[::]") || !strcmp(host, "::") || !*host;
	char url[128];
	snprintf(url, sizeof url, "http://%s:%u", wild ? "127.0.0.1" : host, port);
	if (strcmp(cfg->v.public_url, url) != 0) {
		struct buf e = BUF_INIT;
		if (config_set(cfg, "public_url", url, "default", &e) < 0)
			log_warn("public_url: %s", buf_str(&e));
		buf_release(&e);
	}
	if (!log)
		return;
	if (wild)
		log_warn("public_url is not set and listen is on every address (%s): links use %s; "
			 "set public_url to the address users reach",
			 host, cfg->v.public_url);
	else
		log_info("public_url is not set: links use the listen address %s",
			 cfg->v.public_url);
}

static void serve_bound(void *cfg, const char *host, unsigned port)
{
	derive_public_url(cfg, host, port, true);
}

/* The same from the listen option's text (HOST:PORT), before binding. */
static void derive_public_url_early(struct config *cfg)
{
	const char *colon = strrchr(cfg->v.listen, ':');
	char host[64];
	if (!colon || (size_t)(colon - cfg->v.listen) >= sizeof host)
		return;
	memcpy(host, cfg->v.listen, (size_t)(colon - cfg->v.listen));
	host[colon - cfg->v.listen] = 0;
	char *end;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (*end || port > 65535)
		return;
	derive_public_url(cfg, host, (unsigned)port, false);
}

int cli_serve(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("serve");
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	const char *listen = NULL;
	struct cli_flag flags[] = {
		{"--listen", true, &listen, NULL,
		 "HOST:PORT to serve on (port 0 picks a free one)"},
	};
	CLI_PARSE(flags, 1, pos, 0, &npos);
	if (cli_locate_shipped(&cfg, "serve") < 0) {
		config_release(&cfg);
		return EXIT_FAIL;
	}
	/* SIGINT and SIGTERM are blocked before any thread starts, so every
	 * thread inherits the mask and the signal waits for sigwait() below.
	 * A handler and pause() lost it: the kernel may deliver a process's
	 * signal to any thread that does not block it (an HTTP worker), and
	 * the main thread then paused on. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	struct buf e = BUF_INIT;
	if (listen && config_set(&cfg, "listen", listen, "command line", &e) < 0) {
		cli_error("motcua serve", "%s", buf_str(&e));
		buf_release(&e);
		config_release(&cfg);
		return EXIT_USAGE;
	}
	buf_release(&e);
	derive_public_url_early(&cfg);
	int rc = EXIT_FAIL;
	db_set_busy_timeout_ms(cfg.v.db_busy_timeout_ms);
	db_set_group_writers((int)cfg.v.db_pg_writers);
	char gwerr[256];
	if (svc_payment_gateway_check(&cfg, gwerr, sizeof gwerr) < 0) {
		cli_error("motcua serve", "%s", gwerr);
		config_release(&cfg);
		return EXIT_USAGE;
	}
	struct db *db = cli_open_db(&cfg, CLI_DB_MIGRATE, "serve");
	struct db_pool *pool = NULL;
	struct db_replica *replica = NULL;
	struct http_server *srv = NULL;
	struct svc_worker *worker = NULL;
	struct svc_display_relay *relay = NULL;
	char err[512];
	if (!db)
		goto out;
	db_close(db);
	db = NULL;
	/* The common passwords, read once; a list that cannot be read stops
	 * the server rather than let weak passwords through. */
	if (svc_passwords_load(&cfg, err, sizeof err) < 0) {
		cli_error("motcua", "%s", err);
		goto out;
	}
	if (db_pool_new(cfg.v.db, (int)cfg.v.threads, &pool, err, sizeof err) < 0) {
		cli_error("motcua", "%s", err);
		goto out;
	}
	struct db_replica_options ro = {.url = cfg.v.db_replica,
					.primary = cfg.v.db,
					.size = (int)cfg.v.threads,
					.max_lag_ms = cfg.v.db_replica_max_lag_ms,
					.timeout_ms = cfg.v.db_replica_timeout_ms};
	if (*cfg.v.db_replica && db_replica_new(&ro, &replica, err, sizeof err) < 0) {
		cli_error("motcua", "db.replica: %s", err);
		goto out;
	}
	struct http_server_options opt = {.routes = api_routes,
					  .nroutes = api_nroutes,
					  .authenticate = api_authenticate,
					  .cfg = &cfg,
					  .db_acquire = pool_take,
					  .db_release = pool_give,
					  .db_ctx = pool,
					  .idempotent = api_idempotent,
					  .metrics = svc_health_metrics,
					  .replica_acquire = replica ? replica_take : NULL,
					  .replica_release = replica_give,
					  .replica_ctx = replica,
					  .bound = serve_bound,
					  .bound_ctx = &cfg};
	if (http_server_start(&opt, &srv, err, sizeof err) < 0) {
		cli_error("motcua", "%s", err);
		goto out;
	}
	/* The background worker (due soon, overdue, e-mail), unless
	 * worker.interval_seconds is 0. */
	if (svc_worker_start(&cfg, &worker) < 0) {
		cli_error("motcua", "cannot start the background worker");
		goto out;
	}
	/* Display boards fed by the other servers of a PostgreSQL database. */
	if (svc_display_relay_start(cfg.v.db, http_sse_publish, &relay) < 0) {
		cli_error("motcua", "cannot relay display events");
		goto out;
	}
	signal(SIGPIPE, SIG_IGN);
	int sig;
	if (sigwait(&stop, &sig) != 0)
		goto out;
	log_info("stopping (%s)", sig == SIGINT ? "SIGINT" : "SIGTERM");
	rc = EXIT_OK;
out:
	svc_display_relay_stop(relay);
	svc_worker_stop(worker);
	http_server_stop(srv);
	db_pool_free(pool);
	db_replica_free(replica);
	db_close(db);
	config_release(&cfg);
	return rc;
}

int cli_migrate(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("migrate");
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	CLI_PARSE(NULL, 0, pos, 0, &npos);
	struct db *db = cli_open_db(&cfg, CLI_DB_MIGRATE_VERBOSE, "migrate");
	int rc = db ? EXIT_OK : EXIT_FAIL;
	db_close(db);
	config_release(&cfg);
	return rc;
}

/* The demo's data folder (given, or found as cli_share_path says) with
 * its catalogue and calendars, or false after saying what is missing. */
static bool demo_data_found(const char *given, char *dir, size_t len)
{
	static const char *const need[] = {"catalogue", "calendar"};
	if (given ? path_fmt(dir, len, "%s", given) < 0
		  : cli_share_path("data", "catalogue", dir, len) < 0) {
		fprintf(stderr,
			"motcua demo: cannot find the folder data (catalogue/, calendar/) in the "
			"working folder or beside the binary; give --data; nothing was written\n");
		return false;
	}
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
		char p[4200];
		struct stat st;
		if (path_fmt(p, sizeof p, "%s/%s", dir, need[i]) < 0 || stat(p, &st) != 0 ||
		    !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "motcua demo: no folder %s/%s; nothing was written\n", dir,
				need[i]);
			return false;
		}
	}
	return true;
}

int cli_demo(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("demo");
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	const char *password = NULL, *data = NULL;
	struct cli_flag flags[] = {
		{"--password", true, &password, NULL,
		 "password for every demo user (else generated and printed)"},
		{"--data", true, &data, NULL,
		 "folder holding catalogue/ and calendar/ (default: data, found in the working "
		 "folder, beside the binary or in the installed share folder)"},
	};
	CLI_PARSE(flags, 2, pos, 0, &npos);
	int rc = EXIT_FAIL;
	struct db *db = NULL;
	char dir[4096];
	if (password && strlen(password) < 6) {
		fprintf(stderr, "motcua demo: --password must have at least 6 characters\n");
		rc = EXIT_USAGE;
		goto out;
	}
	/* Everything the demo reads is found before anything is written. */
	if (!demo_data_found(data, dir, sizeof dir))
		goto out;
	db = cli_open_db(&cfg, CLI_DB_MIGRATE, "demo");
	if (db && svc_demo_load(db, dir, password, stdout) == 0 &&
	    cli_pki_demo_keys(&cfg, stdout) == 0)
		rc = EXIT_OK;
out:
	db_close(db);
	config_release(&cfg);
	return rc;
}

int cli_user_add(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("user add");
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	const char *full_name = NULL, *unit = NULL, *roles_arg = NULL, *password = NULL;
	struct cli_flag flags[] = {
		{"--full-name", true, &full_name, NULL, "the person's full name"},
		{"--unit", true, &unit, NULL, "code of the user's unit (e.g. VP)"},
		{"--role", true, &roles_arg, NULL,
		 "comma-separated roles: admin, receiver, specialist, head, leader, office"},
		{"--password", true, &password, NULL,
		 "the password (else one is generated and printed)"},
	};
	CLI_PARSE(flags, 4, pos, 1, &npos);
	if (npos != 1 || !full_name || !roles_arg) {
		fprintf(stderr, "motcua user add: USERNAME, --full-name and --role are required "
				"(see --help)\n");
		config_release(&cfg);
		return EXIT_USAGE;
	}
	unsigned roles = 0;
	char *copy = xstrdup(roles_arg), *save = NULL;
	for (char *r = strtok_r(copy, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
		unsigned bit = role_parse(r);
		if (!bit || bit == ROLE_CITIZEN) {
			fprintf(stderr, "motcua user add: unknown staff role '%s'\n", r);
			free(copy);
			config_release(&cfg);
			return EXIT_USAGE;
		}
		roles |= bit;
	}
	free(copy);
	/* The same rules as an administrator's (svc_users.h): the password
	 * is checked, or one is generated and printed once. */
	char generated[SVC_PASSWORD_GEN] = "";
	int rc = EXIT_FAIL;
	struct db *db = cli_open_db(&cfg, CLI_DB_MIGRATE, "user add");
	if (db) {
		int64_t id;
		struct arena a;
		arena_init(&a);
		struct svc_user_new in = {.username = pos[0],
					  .full_name = full_name,
					  .unit_code = unit,
					  .roles = roles,
					  .password = password,
					  .by = "command line"};
		struct svc_result r = svc_user_add(db, &cfg, &a, NULL, &in, generated, &id);
		arena_release(&a);
		if (r.code == ERR_NONE) {
			printf("user %s created (id %lld)\n", pos[0], (long long)id);
			if (!password)
				printf("password: %s\n", generated);
			rc = EXIT_OK;
		} else {
			const struct err_info *e = err_lookup(r.code);
			fprintf(stderr, "motcua user add: %s%s%s\n", e->en, r.detail ? ": " : "",
				r.detail ? r.detail : "");
			rc = e->status < 500 && r.code != ERR_USERNAME_TAKEN &&
					     r.code != ERR_UNIT_NOT_FOUND
				     ? EXIT_USAGE
				     : EXIT_FAIL;
		}
	}
	sodium_memzero(generated, sizeof generated);
	db_close(db);
	config_release(&cfg);
	return rc;
}

int cli_import_procedures(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("import procedures");
	struct config cfg;
	config_init(&cfg);
	const char *pos[512];
	size_t npos;
	CLI_PARSE(NULL, 0, pos, 512, &npos);
	if (npos == 0) {
		fprintf(stderr, "motcua import procedures: give at least one FILE (see --help)\n");
		config_release(&cfg);
		return EXIT_USAGE;
	}
	struct arena a;
	arena_init(&a);
	struct problems pr;
	problems_init(&pr, &a);
	json_t **docs = xcalloc(npos, sizeof *docs);
	struct procedure *procs = arena_zalloc(&a, 512 * sizeof *procs);
	size_t np = 0;
	for (size_t i = 0; i < npos; i++) {
		json_error_t je;
		docs[i] = json_load_file(pos[i], JSON_REJECT_DUPLICATES, &je);
		if (!docs[i]) {
			problems_add(&pr, "%s: line %d: %s", pos[i], je.line, je.text);
			continue;
		}
		/* A file holds one procedure, or {"procedures": [...]} as export writes. */
		json_t *list = json_object_get(docs[i], "procedures");
		if (list && json_is_array(list)) {
			size_t k;
			json_t *item;
			json_array_foreach(list, k, item)
			{
				if (np >= 512)
					break;
				char *prefix = arena_printf(&a, "%s[%zu]", pos[i], k);
				svc_proc_from_json(item, prefix, &a, &procs[np++], &pr);
			}
		} else if (np < 512) {
			svc_proc_from_json(docs[i], pos[i], &a, &procs[np++], &pr);
		}
	}
	int rc = EXIT_FAIL;
	struct db *db = NULL;
	size_t imported = 0;
	{
		/* Even with problems already found, the database check adds the
		 * unknown units, so that one report names every problem. */
		db = cli_open_db(&cfg, CLI_DB_MIGRATE, "import procedures");
		if (db) {
			struct svc_result r =
				svc_catalogue_import(db, &a, procs, np, 0, &pr, &imported);
			if (r.code == ERR_NONE)
				rc = EXIT_OK;
			else if (r.code != ERR_CATALOGUE_INVALID)
				fprintf(stderr, "motcua: %s\n",
					r.detail ? r.detail : err_lookup(r.code)->en);
		}
	}
	if (pr.n) {
		fprintf(stderr, "motcua import procedures: %zu problem%s found; nothing imported\n",
			pr.n, pr.n == 1 ? "" : "s");
		for (size_t i = 0; i < pr.n; i++)
			fprintf(stderr, "  %s\n", pr.items[i]);
	} else if (rc == EXIT_OK) {
		printf("%zu procedure%s imported\n", imported, imported == 1 ? "" : "s");
	}
	for (size_t i = 0; i < npos; i++)
		json_decref(docs[i]);
	free(docs);
	db_close(db);
	arena_release(&a);
	config_release(&cfg);
	return rc;
}

int cli_export_procedures(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("export procedures");
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	const char *out_path = NULL;
	struct cli_flag flags[] = {
		{"--out", true, &out_path, NULL, "write to FILE instead of standard output"},
	};
	CLI_PARSE(flags, 1, pos, 0, &npos);
	int rc = EXIT_FAIL;
	struct arena a;
	arena_init(&a);
	struct db *db = cli_open_db(&cfg, CLI_DB_MIGRATE, "export procedures");
	struct procedure *procs;
	size_t n;
	if (!db)
		goto out;
	struct svc_result r = svc_proc_current_all(db, &a, &procs, &n);
	if (r.code != ERR_NONE) {
		fprintf(stderr, "motcua: %s\n", r.detail ? r.detail : "the database failed");
		goto out;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, view_procedure(&procs[i], VIEW_PROC_FILE));
	json_t *doc = json_pack("{s:o}", "procedures", list);
	int dump = out_path ? json_dump_file(doc, out_path, JSON_INDENT(2) | JSON_ENSURE_ASCII * 0)
			    : json_dumpf(doc, stdout, JSON_INDENT(2));
	if (!out_path)
		putchar('\n');
	json_decref(doc);
	if (dump < 0)
		fprintf(stderr, "motcua: cannot write %s\n", out_path ? out_path : "output");
	else
		rc = EXIT_OK;
out:
	db_close(db);
	arena_release(&a);
	config_release(&cfg);
	return rc;
}

int cli_config_show(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("config show");
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	CLI_PARSE(NULL, 0, pos, 0, &npos);
	struct buf b = BUF_INIT;
	config_dump(&cfg, &b);
	fputs(buf_str(&b), stdout);
	buf_release(&b);
	config_release(&cfg);
	return EXIT_OK;
}

int cli_cal_cmd(int argc, char **argv)
{
	return cli_cal(argc, argv);
}
