/* `motcua kpi recompute`, `motcua kpi close` and `motcua kpi rules` (issue 12): the monitoring
 * indicators rebuilt from the history alone, printed as the JSON document
 * GET /api/v1/stats/indicators answers; and the versioned rule sets (the
 * points and thresholds per indicator) an administrator may add; closing a
 * period of a unit's report (frozen, hash-chained, signed: svc_closure.h).
 * Layer: cli. */
#include <stdlib.h>
#include <string.h>

#include "api/api_indicators.h"
#include "base/arena.h"
#include "cli/cli.h"
#include "db/db.h"
#include "svc/svc_closure.h"

static void print_error(const char *who, struct svc_result r)
{
	fprintf(stderr, "motcua %s: %s", who, err_lookup(r.code)->en);
	if (r.field)
		fprintf(stderr, " (%s)", r.field);
	if (r.detail)
		fprintf(stderr, ": %s", r.detail);
	fputc('\n', stderr);
}

/* Prints the walk's figures; the aggregates' must be the same document. */
static int print_compared(const struct svc_kpi_report *walk, const struct svc_kpi_report *agg)
{
	json_t *o = api_stats_report_json(walk), *p = api_stats_report_json(agg);
	char *s = api_stats_dumps(o), *t = api_stats_dumps(p);
	json_decref(o);
	json_decref(p);
	int rc = EXIT_FAIL;
	if (s && t) {
		printf("%s\n", s);
		rc = EXIT_OK;
		if (strcmp(s, t)) {
			fprintf(stderr,
				"motcua kpi recompute: the aggregates differ from the history; "
				"they say:\n%s\n",
				t);
			rc = EXIT_FAIL;
		}
	}
	free(s);
	free(t);
	return rc;
}

int cli_kpi_recompute(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("kpi recompute");
	struct config cfg;
	config_init(&cfg);
	struct svc_kpi_query q = {0};
	bool rebuild = false;
	size_t npos;
	struct cli_flag flags[] = {
		{"--from", true, &q.from, NULL, "first day of the period, YYYY-MM-DD (UTC+7)"},
		{"--to", true, &q.to, NULL, "last day of the period, YYYY-MM-DD (included)"},
		{"--unit", true, &q.unit, NULL,
		 "unit code, with its sub-units (default: the agency)"},
		{"--procedure", true, &q.procedure, NULL, "procedure code"},
		{"--officer", true, &q.officer, NULL, "officer user name"},
		{"--field", true, &q.field, NULL,
		 "field of procedures (Vietnamese or English name)"},
		{"--rebuild", false, NULL, &rebuild,
		 "first count every dossier, ticket and rating again from the history"},
	};
	CLI_PARSE(flags, sizeof flags / sizeof flags[0], NULL, 0, &npos);
	int rc = EXIT_FAIL;
	struct arena a;
	arena_init(&a);
	struct db *db = cli_open_db(&cfg, CLI_DB_CURRENT, "kpi recompute");
	if (!db)
		goto out;
	struct svc_result r = svc_ok();
	if (rebuild) {
		int64_t n = 0;
		r = svc_kpi_rebuild(db, &n);
		if (r.code == ERR_NONE)
			fprintf(stderr, "motcua kpi recompute: %lld subjects counted again\n",
				(long long)n);
	}
	q.walk = true;
	struct svc_kpi_report rep, agg;
	if (r.code == ERR_NONE)
		r = svc_kpi_indicators(db, &a, NULL, &q, &rep);
	struct svc_kpi_query qa = q;
	qa.walk = false;
	if (r.code == ERR_NONE)
		r = svc_kpi_indicators(db, &a, NULL, &qa, &agg);
	if (r.code != ERR_NONE) {
		print_error("kpi recompute", r);
		rc = r.code == ERR_BAD_QUERY ? EXIT_USAGE : EXIT_FAIL;
		goto out;
	}
	rc = print_compared(&rep, &agg);
out:
	db_close(db);
	arena_release(&a);
	config_release(&cfg);
	return rc;
}

static void print_sets(const struct kpi_rule_set *sets, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct cal_local l = cal_local_from_ms(sets[i].effective_from);
		printf("%s\tin force from %04d-%02d-%02d\n", sets[i].name, l.date.year,
		       l.date.month, l.date.day);
		for (size_t k = 0; k < sets[i].nrules; k++) {
			const struct kpi_rule *r = &sets[i].rules[k];
			if (r->has_threshold)
				printf("  %-26s threshold %-8g points %g\n", r->key, r->threshold,
				       r->max_points);
			else
				printf("  %-26s threshold %-8s points %g\n", r->key, "-",
				       r->max_points);
		}
	}
}

/* "KEY:points=N", "KEY:threshold=N" or "KEY:threshold=none". */
static int parse_change(const char *s, struct svc_kpi_change *c, struct arena *a)
{
	const char *colon = strrchr(s, ':'), *eq = strchr(s, '=');
	if (!colon || !eq || eq < colon)
		return -1;
	memset(c, 0, sizeof *c);
	c->key = arena_strndup(a, s, (size_t)(colon - s));
	const char *what = colon + 1, *v = eq + 1;
	size_t wl = (size_t)(eq - what);
	char *end = NULL;
	double d = strtod(v, &end);
	bool number = *v && end && !*end;
	if (wl == 6 && !strncmp(what, "points", 6) && number) {
		c->set_points = true;
		c->points = d;
	} else if (wl == 9 && !strncmp(what, "threshold", 9) && !strcmp(v, "none")) {
		c->clear_threshold = true;
	} else if (wl == 9 && !strncmp(what, "threshold", 9) && number) {
		c->set_threshold = true;
		c->threshold = d;
	} else {
		return -1;
	}
	return 0;
}

#define MAX_CHANGES 64

static int rules_set(struct db *db, struct arena *a, const char **pos, size_t npos,
		     const char *from)
{
	int64_t effective = 0;
	if (from) {
		struct cal_date d;
		if (svc_calendar_parse_date(from, &d) < 0 ||
		    cal_ms_from_local(d, 0, 0, &effective) < 0) {
			fprintf(stderr, "motcua kpi rules: --from must be a date YYYY-MM-DD\n");
			return EXIT_USAGE;
		}
	}
	struct svc_kpi_change changes[MAX_CHANGES];
	size_t n = 0;
	for (size_t i = 2; i < npos; i++) {
		if (parse_change(pos[i], &changes[n], a) < 0) {
			fprintf(stderr,
				"motcua kpi rules: '%s' is not KEY:points=N, KEY:threshold=N or "
				"KEY:threshold=none\n",
				pos[i]);
			return EXIT_USAGE;
		}
		n++;
	}
	struct svc_result r = svc_kpi_rules_set(db, a, pos[1], effective, changes, n);
	if (r.code != ERR_NONE) {
		print_error("kpi rules", r);
		return EXIT_FAIL;
	}
	printf("rule set %s saved\n", pos[1]);
	return EXIT_OK;
}

int cli_kpi_rules(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("kpi rules");
	struct config cfg;
	config_init(&cfg);
	const char *pos[MAX_CHANGES + 2], *from = NULL;
	size_t npos = 0;
	struct cli_flag flags[] = {
		{"--from", true, &from, NULL,
		 "set: the date a NEW rule set (a new NAME) takes effect, YYYY-MM-DD; it starts as "
		 "a copy of the one in force then. Rule sets are append-only: a published set is "
		 "never edited (KPI_RULE_SET_PUBLISHED), so the periods computed or closed under "
		 "it "
		 "do not change"},
	};
	CLI_PARSE(flags, sizeof flags / sizeof flags[0], pos, MAX_CHANGES + 2, &npos);
	bool list = npos == 1 && !strcmp(pos[0], "list");
	bool set = npos >= 2 && !strcmp(pos[0], "set");
	if (!list && !set) {
		fprintf(stderr, "usage: motcua %s %s\n", cmd->name, cmd->usage);
		config_release(&cfg);
		return EXIT_USAGE;
	}
	int rc = EXIT_FAIL;
	struct arena a;
	arena_init(&a);
	struct db *db = cli_open_db(&cfg, CLI_DB_CURRENT, "kpi rules");
	if (!db)
		goto out;
	if (set) {
		rc = rules_set(db, &a, pos, npos, from);
	} else {
		struct kpi_rule_set *sets;
		size_t n;
		struct svc_result r = svc_kpi_rule_sets(db, &a, &sets, &n);
		if (r.code != ERR_NONE) {
			print_error("kpi rules", r);
			goto out;
		}
		print_sets(sets, n);
		rc = EXIT_OK;
	}
out:
	db_close(db);
	arena_release(&a);
	config_release(&cfg);
	return rc;
}

int cli_kpi_close(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("kpi close");
	struct config cfg;
	config_init(&cfg);
	const char *unit = NULL, *period = NULL;
	size_t npos;
	struct cli_flag flags[] = {
		{"--unit", true, &unit, NULL, "unit code (its report covers its sub-units)"},
		{"--period", true, &period, NULL,
		 "YYYY-MM (a month), YYYY-Q1..Q4, YYYY-H1 or H2, or YYYY; it must have ended"},
	};
	CLI_PARSE(flags, sizeof flags / sizeof flags[0], NULL, 0, &npos);
	int rc = EXIT_FAIL;
	struct arena a;
	arena_init(&a);
	struct db *db = cli_open_db(&cfg, CLI_DB_CURRENT, "kpi close");
	if (!db)
		goto out;
	struct monitor_closure c;
	struct svc_result r = svc_kpi_close(db, &a, &cfg, NULL, unit, period, &c);
	if (r.code != ERR_NONE) {
		print_error("kpi close", r);
		rc = r.code == ERR_FIELD_MISSING || r.code == ERR_FIELD_INVALID ? EXIT_USAGE
										: EXIT_FAIL;
		goto out;
	}
	printf("closed %s %s (%s to %s): closure #%lld, hash %s, signed by %s\n", c.unit_code,
	       c.period, c.from, c.to, (long long)c.seq, c.hash, c.signer);
	rc = EXIT_OK;
out:
	db_close(db);
	arena_release(&a);
	config_release(&cfg);
	return rc;
}
