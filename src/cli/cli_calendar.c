/* `motcua calendar load FILE... [--unit CODE] [--keep]`: stores official
 * schedules (data/calendar format) in the database, all files in one go,
 * each year a file covers replacing that year's stored entries (or left
 * alone with --keep) and recorded in the calendar's history. Layer: cli. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"
#include "svc/svc.h"

#define MAX_FILES      64
#define MAX_FILE_BYTES (1024 * 1024)

static int read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_add(out, chunk, got);
		if (out->len > MAX_FILE_BYTES) {
			fclose(f);
			return -1;
		}
	}
	int rc = ferror(f) ? -1 : 0;
	fclose(f);
	return rc;
}

int cli_calendar_load(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("calendar load");
	struct config cfg;
	config_init(&cfg);
	const char *pos[MAX_FILES];
	size_t npos;
	const char *unit = NULL;
	bool keep = false;
	struct cli_flag flags[] = {
		{"--unit", true, &unit, NULL,
		 "store as this unit's own entries (default: agency-wide)"},
		{"--keep", false, NULL, &keep, "skip the years that already have stored entries"},
	};
	int prc = cli_parse(argc, argv, 1, cmd, flags, 2, &cfg, pos, MAX_FILES, &npos);
	if (prc != 0) {
		config_release(&cfg);
		return prc > 0 ? EXIT_OK : EXIT_USAGE;
	}
	if (npos == 0) {
		fprintf(stderr, "motcua calendar load: give at least one FILE (see --help)\n");
		config_release(&cfg);
		return EXIT_USAGE;
	}
	/* Read and check every file before touching the database. */
	struct buf text = BUF_INIT;
	int rc = EXIT_FAIL;
	struct db *db = NULL;
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < npos; i++) {
		struct buf one = BUF_INIT;
		if (read_file(pos[i], &one) < 0) {
			fprintf(stderr,
				"motcua calendar load: cannot read %s (or larger than 1 MB)\n",
				pos[i]);
			buf_release(&one);
			goto out;
		}
		struct cal_schedule *s;
		struct cal_parse_error perr;
		if (cal_schedule_parse(buf_str(&one), one.len, &s, &perr) < 0) {
			fprintf(stderr, "motcua calendar load: %s: line %d: %s\n", pos[i],
				perr.line, perr.message);
			buf_release(&one);
			goto out;
		}
		cal_schedule_free(s);
		buf_add(&text, buf_str(&one), one.len);
		buf_addc(&text, '\n');
		buf_release(&one);
	}
	db = cli_open_db(&cfg, CLI_DB_MIGRATE, "calendar load");
	if (!db)
		goto out;
	struct svc_cal_load_report rep;
	const char *source =
		npos == 1 ? pos[0] : arena_printf(&a, "%s and %zu more", pos[0], npos - 1);
	/* Files given together that repeat a date are refused by the parser:
	 * one entry per date, as in one file. */
	struct svc_result r =
		svc_calendar_load(db, &a, unit, buf_str(&text), text.len, source, 0, keep, &rep);
	if (r.code != ERR_NONE) {
		fprintf(stderr, "motcua calendar load: %s%s%s\n", err_lookup(r.code)->en,
			r.detail ? ": " : "", r.detail ? r.detail : "");
		rc = r.code == ERR_UNIT_NOT_FOUND || r.code == ERR_CALENDAR_FILE_INVALID
			     ? EXIT_USAGE
			     : EXIT_FAIL;
		goto out;
	}
	for (size_t i = 0; i < rep.nloaded; i++)
		printf("%d loaded\n", rep.years_loaded[i]);
	for (size_t i = 0; i < rep.nkept; i++)
		printf("%d kept (already stored)\n", rep.years_kept[i]);
	printf("%zu entr%s stored%s%s\n", rep.entries, rep.entries == 1 ? "y" : "ies",
	       unit ? " for unit " : "", unit ? unit : "");
	rc = EXIT_OK;
out:
	db_close(db);
	buf_release(&text);
	arena_release(&a);
	config_release(&cfg);
	return rc;
}
