/* The working calendar of each unit, stored in the database: building the
 * immutable struct cal_calendar of a unit from its stored entries (cached
 * per process, rebuilt when the stored version moves), due times for the
 * other services, the year view, and the administrator's edits, each of
 * which is recorded in calendar_changes in the same transaction.
 *
 * How a unit's days off are made (DOMAIN.md section 5): for every year with
 * stored agency-wide entries, those entries; for any other year, the
 * computed default of src/cal/. A unit's own entries then replace the entry
 * of the same date for that unit only (a disabled unit entry removes the
 * agency day for the unit). A disabled entry, and a holiday-optional one
 * (24 November) until switched on, is listed but not in effect.
 *
 * Editing a year that has no agency entries first stores its computed
 * default (recorded as a "load"), so that the administrator edits what the
 * page showed. Changes never touch due times already computed and stored
 * by others: they apply to due times computed afterwards.
 *
 * Layer: svc. Calls cal and repo.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/log.h"
#include "base/path.h"
#include "base/text.h"
#include "repo/repo.h"
#include "svc/svc.h"

#define DEFAULT_HOURS "07:30-11:30,13:00-17:00"
#define MAX_NAME      200

/* ------------------------------------------------------------ validation */

static const char *const kinds[] = {"holiday", "compensatory", "workday", "holiday-optional"};

bool svc_calendar_kind_valid(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(kind, kinds[i]))
			return true;
	return false;
}

int svc_calendar_parse_date(const char *s, struct cal_date *d)
{
	if (!s || strlen(s) != 10)
		return -1;
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return -1;
	}
	d->year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	d->month = (s[5] - '0') * 10 + (s[6] - '0');
	d->day = (s[8] - '0') * 10 + (s[9] - '0');
	if (!cal_date_valid(*d) || d->year < CAL_MIN_YEAR || d->year > CAL_MAX_YEAR)
		return -1;
	return 0;
}

/* A name goes into a schedule line: no '#', no control characters, no
 * blanks at either end, at most 200 bytes. NULL when fine, else why. */
static const char *name_problem(const char *name)
{
	size_t n = strlen(name);
	if (n == 0)
		return "the name is empty";
	if (n > MAX_NAME)
		return "longer than 200 bytes";
	if (!text_utf8_valid(name, n))
		return "not valid UTF-8";
	if (name[0] == ' ' || name[n - 1] == ' ')
		return "no spaces at either end";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c < 0x20 || c == 0x7f)
			return "no control characters";
		if (c == '#')
			return "no '#' character";
	}
	return NULL;
}

/* The rules of one entry (a workday on a weekend, a compensatory day on a
 * weekday) are those of the schedule parser: ask it about one line. */
static const char *rule_problem(struct arena *a, const char *day, const char *kind,
				const char *name)
{
	char *line = arena_printf(a, "%s %s %s\n", day, kind, name);
	struct cal_schedule *s;
	struct cal_parse_error err;
	if (cal_schedule_parse(line, strlen(line), &s, &err) < 0)
		return arena_strdup(a, err.message);
	cal_schedule_free(s);
	return NULL;
}

/* ------------------------------------------------ the computed default */

static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static struct cal_calendar *default_cal;

static void build_default(void)
{
	if (cal_calendar_new(NULL, 0, 0, &default_cal) < 0)
		default_cal = NULL;
}

static const struct cal_calendar *computed_default(void)
{
	pthread_once(&default_once, build_default);
	return default_cal;
}

/* One line of a schedule in the making. */
struct line {
	char day[11];
	const char *kind;
	const char *name;
	bool enabled;
};

struct lines {
	struct line *v;
	size_t n, cap;
};

static void lines_put(struct lines *l, const char *day, const char *kind, const char *name,
		      bool enabled)
{
	for (size_t i = 0; i < l->n; i++) {
		if (!strcmp(l->v[i].day, day)) {
			l->v[i].kind = kind;
			l->v[i].name = name;
			l->v[i].enabled = enabled;
			return;
		}
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	struct line *x = &l->v[l->n++];
	snprintf(x->day, sizeof x->day, "%s", day);
	x->kind = kind;
	x->name = name;
	x->enabled = enabled;
}

/* The calendar gives up (db_abort) with INTERNAL: what is stored does
 * not build a calendar, or memory ran out. */
static int cal_broken(struct db *db, const char *what)
{
	return db_abort(db, ERR_INTERNAL, NULL, what);
}

/* Appends the computed default entries of a year as lines. */
static int computed_lines(struct db *db, int year, struct lines *l)
{
	static const char broken[] = "the computed default calendar";
	const struct cal_calendar *def = computed_default();
	if (!def)
		return cal_broken(db, broken);
	size_t n = 0, got;
	if (cal_year_entries(def, year, NULL, 0, &n) < 0)
		return cal_broken(db, broken);
	struct cal_entry *ent = xcalloc(n + 1, sizeof *ent);
	if (cal_year_entries(def, year, ent, n, &got) < 0 || got != n) {
		free(ent);
		return cal_broken(db, broken);
	}
	for (size_t i = 0; i < n; i++) {
		char day[11];
		snprintf(day, sizeof day, "%04d-%02d-%02d", ent[i].date.year, ent[i].date.month,
			 ent[i].date.day);
		lines_put(l, day, cal_kind_name(ent[i].kind), ent[i].name, true);
	}
	free(ent);
	return 0;
}

/* The year of a checked "YYYY-MM-DD". */
static int year_of(const char *day)
{
	return (day[0] - '0') * 1000 + (day[1] - '0') * 100 + (day[2] - '0') * 10 + (day[3] - '0');
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The schedule text of a scope: see the comment at the top of the file. */
static int scope_text(struct db *db, struct arena *a, int64_t unit_id, struct buf *out)
{
	struct cal_entry_row *agency, *own = NULL;
	size_t na, nu = 0;
	int rc = repo_cal_entries(db, a, 0, 0, &agency, &na);
	if (rc == DB_OK && unit_id > 0)
		rc = repo_cal_entries(db, a, unit_id, 0, &own, &nu);
	if (rc < 0)
		return rc;
	int *years = arena_alloc(a, (na + nu + 1) * sizeof *years);
	size_t ny = 0;
	for (size_t i = 0; i < na; i++)
		years[ny++] = agency[i].year;
	for (size_t i = 0; i < nu; i++)
		years[ny++] = own[i].year;
	qsort(years, ny, sizeof *years, cmp_int);
	struct lines l = {0};
	for (size_t k = 0; k < ny; k++) {
		if (k > 0 && years[k] == years[k - 1])
			continue;
		int y = years[k];
		l.n = 0;
		bool stored = false;
		for (size_t i = 0; i < na; i++) {
			if (agency[i].year == y) {
				lines_put(&l, agency[i].day, agency[i].kind, agency[i].name,
					  agency[i].enabled);
				stored = true;
			}
		}
		if (!stored && (rc = computed_lines(db, y, &l)) < 0)
			break;
		for (size_t i = 0; i < nu; i++)
			if (own[i].year == y)
				lines_put(&l, own[i].day, own[i].kind, own[i].name, own[i].enabled);
		for (size_t i = 0; i < l.n; i++) {
			/* A line the calendar must not apply stays in as
			 * holiday-optional: ignored, yet the year stays covered. */
			const char *kind = !l.v[i].enabled ? "holiday-optional"
					   : !strcmp(l.v[i].kind, "holiday-optional") ? "holiday"
										      : l.v[i].kind;
			buf_addf(out, "%s %s %s\n", l.v[i].day, kind, l.v[i].name);
		}
	}
	free(l.v);
	return rc < 0 ? rc : 0;
}

/* -------------------------------------------------------------- the cache */

struct cache_entry {
	int64_t scope;	 /* unit id, 0 = agency-wide */
	int64_t version; /* calendar version it was built from */
	struct cal_calendar *cal;
	int refs; /* handles out, plus one while in the list */
	struct cache_entry *next;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cache_entry *cache_head;

static void entry_unref_locked(struct cache_entry *e)
{
	if (--e->refs == 0) {
		cal_calendar_free(e->cal);
		free(e);
	}
}

void svc_calendar_cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	while (cache_head) {
		struct cache_entry *e = cache_head;
		cache_head = e->next;
		entry_unref_locked(e);
	}
	pthread_mutex_unlock(&cache_lock);
}

static struct cache_entry *cache_find(int64_t scope, int64_t version)
{
	struct cache_entry *found = NULL;
	pthread_mutex_lock(&cache_lock);
	for (struct cache_entry *e = cache_head; e; e = e->next) {
		if (e->scope == scope && e->version == version) {
			e->refs++;
			found = e;
			break;
		}
	}
	pthread_mutex_unlock(&cache_lock);
	return found;
}

/* Puts a freshly built entry in the list, dropping older versions of its
 * scope; if another thread got there first with the same or a newer
 * version, that one is used and ours freed. Returns the entry to use, with
 * a reference for the caller. */
static struct cache_entry *cache_insert(struct cache_entry *mine)
{
	pthread_mutex_lock(&cache_lock);
	struct cache_entry **pp = &cache_head;
	struct cache_entry *use = mine;
	while (*pp) {
		struct cache_entry *e = *pp;
		if (e->scope == mine->scope && e->version >= mine->version) {
			use = e;
			break;
		}
		if (e->scope == mine->scope) {
			*pp = e->next;
			entry_unref_locked(e);
			continue;
		}
		pp = &e->next;
	}
	if (use == mine) {
		mine->refs = 2; /* the list's and the caller's */
		mine->next = cache_head;
		cache_head = mine;
	} else {
		use->refs++;
	}
	pthread_mutex_unlock(&cache_lock);
	if (use != mine) {
		cal_calendar_free(mine->cal);
		free(mine);
	}
	return use;
}

static int build_entry(struct db *db, int64_t scope, int64_t version, struct cache_entry **out)
{
	struct arena a;
	arena_init(&a);
	struct buf text = BUF_INIT;
	struct cal_schedule *s = NULL;
	struct cal_calendar *cal = NULL;
	int rc = scope_text(db, &a, scope, &text);
	if (rc < 0)
		goto out;
	struct cal_parse_error perr;
	if (cal_schedule_parse(text.p ? text.p : "", text.len, &s, &perr) < 0) {
		log_error("stored calendar of scope %lld does not parse: line %d: %s",
			  (long long)scope, perr.line, perr.message);
		rc = cal_broken(db, "the stored calendar does not parse");
		goto out;
	}
	const struct cal_schedule *list[1] = {s};
	if (cal_calendar_new(list, 1, 0, &cal) < 0) {
		rc = cal_broken(db, "the stored calendar does not build");
		goto out;
	}
	struct cache_entry *e = xcalloc(1, sizeof *e);
	e->scope = scope;
	e->version = version;
	e->cal = cal;
	*out = cache_insert(e);
	rc = 0;
out:
	cal_schedule_free(s);
	buf_release(&text);
	arena_release(&a);
	return rc;
}

int svc_calendar_get(struct db *db, int64_t unit_id, struct svc_calendar *out)
{
	memset(out, 0, sizeof *out);
	struct arena a;
	arena_init(&a);
	const char *hours = DEFAULT_HOURS;
	int64_t version;
	bool own = false;
	/* The version is read before any entry, so that a cache entry is
	 * never labelled newer than what it was built from. */
	int rc = unit_id > 0 ? repo_cal_unit_state(db, &a, unit_id, &hours, &version, &own)
			     : repo_cal_version(db, &version);
	if (rc == DB_NOT_FOUND) /* the callers' ids come from stored rows */
		rc = cal_broken(db, unit_id > 0 ? "no unit with this id" : "no calendar version");
	if (rc < 0)
		goto out;
	int64_t scope = own ? unit_id : 0;
	struct cache_entry *e = cache_find(scope, version);
	if (!e && (rc = build_entry(db, scope, version, &e)) < 0)
		goto out;
	out->entry_ = e;
	out->cal = e->cal;
	out->version = version;
	out->unit_id = unit_id;
	if (!strcmp(hours, DEFAULT_HOURS)) {
		out->hours = cal_hours_default();
	} else if (cal_hours_parse(hours, &out->hours_) < 0) {
		log_error("office hours of unit %lld do not parse: '%s'", (long long)unit_id,
			  hours);
		svc_calendar_put(out);
		rc = cal_broken(db, "the unit's office hours do not parse");
		goto out;
	} else {
		out->hours = out->hours_;
	}
	rc = 0;
out:
	arena_release(&a);
	return rc;
}

void svc_calendar_put(struct svc_calendar *c)
{
	if (c->entry_) {
		pthread_mutex_lock(&cache_lock);
		entry_unref_locked(c->entry_);
		pthread_mutex_unlock(&cache_lock);
	}
	cal_hours_free(c->hours_);
	memset(c, 0, sizeof *c);
}

int svc_calendar_due(struct db *db, int64_t unit_id, int64_t start_ms, struct cal_limit limit,
		     const struct cal_pause *pauses, size_t npauses, int64_t *due_ms)
{
	struct svc_calendar c;
	int rc = svc_calendar_get(db, unit_id, &c);
	if (rc < 0)
		return rc;
	rc = cal_due(c.cal, c.hours, start_ms, limit, pauses, npauses, due_ms);
	svc_calendar_put(&c);
	if (rc == CAL_ERANGE)
		return db_abort(db, ERR_FIELD_RANGE, "from", "the due time is outside 1900–2199");
	if (rc == CAL_ENOMEM)
		return cal_broken(db, "out of memory");
	if (rc < 0)
		return cal_broken(db, "a negative amount, an unknown unit or pauses out of order");
	return DB_OK;
}

int svc_calendar_version(struct db *db, int64_t *version)
{
	return repo_cal_version(db, version);
}

/* ------------------------------------------------------------ year view */

static int resolve_unit(struct db *db, struct arena *a, const char *code, struct unit *u)
{
	memset(u, 0, sizeof *u);
	if (!code)
		return DB_OK;
	return repo_unit_by_code(db, a, code, u);
}

struct svc_result svc_calendar_year(struct db *db, struct arena *a, const char *unit_code, int year,
				    struct svc_cal_year *out)
{
	memset(out, 0, sizeof *out);
	if (year < CAL_MIN_YEAR || year > CAL_MAX_YEAR)
		return svc_fail(ERR_CALENDAR_YEAR_RANGE, "year", NULL);
	int rc = resolve_unit(db, a, unit_code, &out->unit);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_UNIT_NOT_FOUND, "unit", NULL);
	if (rc < 0)
		return svc_txn_result(db, rc);
	struct svc_calendar c;
	rc = svc_calendar_get(db, out->unit.id, &c);
	if (rc < 0)
		return svc_txn_result(db, rc);
	out->year = year;
	out->version = c.version;
	out->office_hours = out->unit.id ? out->unit.office_hours : DEFAULT_HOURS;
	/* As many days as the year lists: a fixed 128 once made a year with
	 * more entries (an administrator may add any number) answer 500. */
	size_t n = 0, got = 0;
	struct cal_entry *ent = NULL;
	if (cal_year_entries(c.cal, year, NULL, 0, &n) == 0) {
		ent = arena_alloc(a, (n + 1) * sizeof *ent);
		if (cal_year_entries(c.cal, year, ent, n, &got) < 0)
			got = n + 1;
	}
	if (!ent || got != n) {
		svc_calendar_put(&c);
		return svc_fail(ERR_INTERNAL, NULL, NULL);
	}
	out->days = arena_zalloc(a, (n + 1) * sizeof *out->days);
	for (size_t i = 0; i < n; i++) {
		out->days[i].date = arena_printf(a, "%04d-%02d-%02d", ent[i].date.year,
						 ent[i].date.month, ent[i].date.day);
		out->days[i].kind = cal_kind_name(ent[i].kind);
		out->days[i].name = arena_strdup(a, ent[i].name ? ent[i].name : "");
		out->days[i].weekday = cal_weekday(cal_days_from_civil(ent[i].date));
	}
	out->ndays = n;
	svc_calendar_put(&c);

	struct cal_entry_row *ag, *own = NULL;
	size_t nag, nown = 0;
	rc = repo_cal_entries(db, a, 0, year, &ag, &nag);
	if (rc == DB_OK && out->unit.id)
		rc = repo_cal_entries(db, a, out->unit.id, year, &own, &nown);
	if (rc < 0)
		return svc_txn_result(db, rc);
	out->entries = arena_zalloc(a, (nag + nown + 1) * sizeof *out->entries);
	memcpy(out->entries, ag, nag * sizeof *ag);
	if (nown)
		memcpy(out->entries + nag, own, nown * sizeof *own);
	out->nentries = nag + nown;
	out->official = nag > 0;
	out->unit_entries = nown > 0;
	return svc_ok();
}

/* ---------------------------------------------------------------- edits */

static char *entry_json(const char *kind, const char *name, bool enabled)
{
	json_t *o = json_pack("{s:s,s:s,s:b}", "kind", kind, "name", name, "enabled", enabled);
	char *s = json_dump_compact(o);
	json_decref(o);
	return s;
}

static int record(struct db *db, int64_t version, int64_t user_id, int64_t unit_id, int year,
		  const char *day, const char *action, char *old_value, char *new_value,
		  const char *note)
{
	struct cal_change_row c = {.at = clock_now_ms(),
				   .user_id = user_id,
				   .unit_id = unit_id,
				   .year = year,
				   .day = day,
				   .action = action,
				   .old_value = old_value,
				   .new_value = new_value,
				   .note = note,
				   .version = version};
	int rc = repo_cal_change_insert(db, &c);
	free(old_value);
	free(new_value);
	return rc;
}

enum edit_op { EDIT_ADD, EDIT_CHANGE, EDIT_REMOVE };

struct edit_ctx {
	enum edit_op op;
	const struct svc_cal_edit *e;
	int64_t user_id;
	struct arena *a;
	/* results, reset on every attempt */
	int64_t unit_id;
	int64_t version;
	struct cal_entry_row row;
};

static int bump(struct db *db, struct edit_ctx *c)
{
	if (c->version)
		return DB_OK;
	return repo_cal_bump(db, &c->version);
}

/* Stores the computed default of a year as agency entries (with 24
 * November, holiday-optional and off), so that it can be edited. */
static int materialize(struct db *db, struct edit_ctx *c, int year)
{
	struct lines l = {0};
	int rc = computed_lines(db, year, &l);
	if (rc < 0)
		goto out;
	char nov24[11];
	snprintf(nov24, sizeof nov24, "%04d-11-24", year);
	bool has = false;
	for (size_t i = 0; i < l.n; i++)
		has |= !strcmp(l.v[i].day, nov24);
	if (!has)
		lines_put(&l, nov24, "holiday-optional", "Ngày Văn hóa Việt Nam", false);
	if ((rc = bump(db, c)) < 0)
		goto out;
	int64_t now = clock_now_ms();
	for (size_t i = 0; i < l.n; i++) {
		struct cal_entry_row r = {.day = l.v[i].day,
					  .year = year,
					  .kind = l.v[i].kind,
					  .name = l.v[i].name,
					  .enabled = l.v[i].enabled};
		if ((rc = repo_cal_entry_insert(db, &r, now, c->user_id, NULL)) < 0)
			goto out;
	}
	char *after = xasprintf("{\"entries\":%zu}", l.n);
	rc = record(db, c->version, c->user_id, 0, year, NULL, "load", NULL, after,
		    "computed default stored before the first edit");
out:
	free(l.v);
	return rc;
}

static int edit_txn(struct db *db, void *arg)
{
	struct edit_ctx *c = arg;
	const struct svc_cal_edit *e = c->e;
	c->version = 0;
	c->unit_id = 0;
	struct unit u;
	int rc = resolve_unit(db, c->a, e->unit_code, &u);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_UNIT_NOT_FOUND, "unit", NULL);
	if (rc < 0)
		return rc;
	c->unit_id = u.id;
	int64_t count;
	if (!c->unit_id) {
		if ((rc = repo_cal_year_count(db, 0, e->year, &count)) < 0)
			return rc;
		if (count == 0 && (rc = materialize(db, c, e->year)) < 0)
			return rc;
	}
	struct cal_entry_row old;
	rc = repo_cal_entry_get(db, c->a, c->unit_id, e->date, &old);
	if (rc < 0 && rc != DB_NOT_FOUND)
		return rc;
	bool exists = rc == DB_OK;
	if (c->op == EDIT_ADD && exists)
		return db_abort(db, ERR_CALENDAR_ENTRY_EXISTS, "date",
				arena_printf(c->a, "%s is already '%s' (%s); change it instead",
					     e->date, old.kind, old.name));
	if (c->op != EDIT_ADD && !exists)
		return db_abort(db, ERR_CALENDAR_ENTRY_NOT_FOUND, "date", NULL);
	struct cal_entry_row row = exists ? old : (struct cal_entry_row){0};
	if (c->op != EDIT_REMOVE) {
		row.unit_id = c->unit_id;
		row.day = e->date;
		row.year = e->year;
		if (e->kind)
			row.kind = e->kind;
		if (e->name)
			row.name = e->name;
		if (e->enabled >= 0)
			row.enabled = e->enabled;
		else if (c->op == EDIT_ADD)
			row.enabled = strcmp(row.kind, "holiday-optional") != 0;
		const char *why = rule_problem(c->a, row.day, row.kind, row.name);
		if (why)
			return db_abort(db, ERR_CALENDAR_RULE, e->kind ? "kind" : "date", why);
		if (exists && !strcmp(row.kind, old.kind) && !strcmp(row.name, old.name) &&
		    row.enabled == old.enabled) {
			c->row = row; /* nothing to change: no version, no record */
			return DB_OK;
		}
	}
	if ((rc = bump(db, c)) < 0)
		return rc;
	int64_t now = clock_now_ms();
	char *before = exists ? entry_json(old.kind, old.name, old.enabled) : NULL;
	char *after = c->op != EDIT_REMOVE ? entry_json(row.kind, row.name, row.enabled) : NULL;
	if (c->op == EDIT_ADD)
		rc = repo_cal_entry_insert(db, &row, now, c->user_id, &row.id);
	else if (c->op == EDIT_CHANGE)
		rc = repo_cal_entry_update(db, &row, now, c->user_id);
	else
		rc = repo_cal_entry_delete(db, old.id);
	if (rc < 0) {
		free(before);
		free(after);
		return rc == DB_CONSTRAINT ? DB_SOFT : rc; /* a concurrent add: look again */
	}
	static const char *const action[] = {"add", "change", "remove"};
	rc = record(db, c->version, c->user_id, c->unit_id, e->year, e->date, action[c->op], before,
		    after, e->note);
	row.updated_at = now;
	row.updated_by = c->user_id;
	c->row = row;
	return rc;
}

static struct svc_result edit(struct db *db, struct arena *a, enum edit_op op,
			      const struct svc_cal_edit *e, int64_t user_id,
			      struct cal_entry_row *out, int64_t *version)
{
	struct cal_date d;
	if (e->year < CAL_MIN_YEAR || e->year > CAL_MAX_YEAR)
		return svc_fail(ERR_CALENDAR_YEAR_RANGE, "year", NULL);
	if (svc_calendar_parse_date(e->date, &d) < 0)
		return svc_fail(ERR_CALENDAR_DATE_INVALID, "date", NULL);
	if (d.year != e->year)
		return svc_fail(ERR_CALENDAR_DATE_OUTSIDE_YEAR, "date",
				arena_printf(a, "%s is not in %d", e->date, e->year));
	if (op == EDIT_ADD && !e->kind)
		return svc_fail(ERR_FIELD_MISSING, "kind", NULL);
	if (op == EDIT_ADD && !e->name)
		return svc_fail(ERR_FIELD_MISSING, "name", NULL);
	if (e->kind && !svc_calendar_kind_valid(e->kind))
		return svc_fail(ERR_CALENDAR_KIND_UNKNOWN, "kind", NULL);
	const char *why;
	if (e->name && (why = name_problem(e->name)))
		return svc_fail(ERR_FIELD_INVALID, "name", why);
	if (e->note && strlen(e->note) > 1000)
		return svc_fail(ERR_FIELD_TOO_LONG, "note", NULL);
	struct edit_ctx c = {.op = op, .e = e, .user_id = user_id, .a = a};
	int rc = db_run_txn(db, edit_txn, &c, DB_TXN_ATTEMPTS);
	if (rc < 0)
		return svc_txn_result(db, rc);
	if (out)
		*out = c.row;
	if (version) {
		*version = c.version;
		if (!c.version && repo_cal_version(db, version) < 0)
			*version = 0;
	}
	if (c.version)
		log_info("calendar %s %s%s%s by user %lld (version %lld)",
			 op == EDIT_ADD	     ? "add"
			 : op == EDIT_CHANGE ? "change"
					     : "remove",
			 e->date, e->unit_code ? " unit " : "", e->unit_code ? e->unit_code : "",
			 (long long)user_id, (long long)c.version);
	return svc_ok();
}

struct svc_result svc_calendar_add(struct db *db, struct arena *a, const struct svc_cal_edit *e,
				   int64_t user_id, struct cal_entry_row *out, int64_t *version)
{
	return edit(db, a, EDIT_ADD, e, user_id, out, version);
}

struct svc_result svc_calendar_change(struct db *db, struct arena *a, const struct svc_cal_edit *e,
				      int64_t user_id, struct cal_entry_row *out, int64_t *version)
{
	return edit(db, a, EDIT_CHANGE, e, user_id, out, version);
}

struct svc_result svc_calendar_remove(struct db *db, struct arena *a, const struct svc_cal_edit *e,
				      int64_t user_id, int64_t *version)
{
	return edit(db, a, EDIT_REMOVE, e, user_id, NULL, version);
}

struct svc_result svc_calendar_changes(struct db *db, struct arena *a, const char *unit_code,
				       int year, int64_t limit, struct cal_change_row **out,
				       size_t *n)
{
	if (year && (year < CAL_MIN_YEAR || year > CAL_MAX_YEAR))
		return svc_fail(ERR_CALENDAR_YEAR_RANGE, "year", NULL);
	struct unit u;
	int rc = resolve_unit(db, a, unit_code, &u);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_UNIT_NOT_FOUND, "unit", NULL);
	if (rc == DB_OK)
		rc = repo_cal_changes(db, a, unit_code ? u.id : -1, year, limit, out, n);
	return svc_txn_result(db, rc);
}

int svc_calendar_record_recompute(struct db *db, int64_t user_id, int64_t unit_id, int year,
				  const char *note)
{
	int64_t version;
	int rc = repo_cal_version(db, &version);
	if (rc < 0)
		return rc;
	return record(db, version, user_id, unit_id, year, NULL, "recompute", NULL, NULL, note);
}

/* ---------------------------------------------------------------- loading */

/* Splits a schedule text into lines of (date, kind, name), assuming it
 * already passed cal_schedule_parse (same grammar). */
static void split_schedule(struct arena *a, const char *text, size_t len, struct lines *l)
{
	size_t pos = 0;
	while (pos < len) {
		const char *p = text + pos;
		const char *nl = memchr(p, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - p) : len - pos;
		pos += n + 1;
		if (n && p[n - 1] == '\r')
			n--;
		const char *hash = memchr(p, '#', n);
		if (hash)
			n = (size_t)(hash - p);
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		size_t i = 0;
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i == n || n - i < 10)
			continue;
		char *day = arena_strndup(a, p + i, 10);
		i += 10;
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		size_t k0 = i;
		while (i < n && p[i] != ' ' && p[i] != '\t')
			i++;
		char *kind = arena_strndup(a, p + k0, i - k0);
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		char *name = arena_strndup(a, p + i, n - i);
		lines_put(l, day, kind, name, strcmp(kind, "holiday-optional") != 0);
	}
}

struct load_ctx {
	const char *unit_code, *source;
	int64_t user_id;
	bool keep;
	struct lines *l;
	struct arena *a;
	struct svc_cal_load_report *rep;
};

static int load_txn(struct db *db, void *arg)
{
	struct load_ctx *c = arg;
	memset(c->rep, 0, sizeof *c->rep);
	struct unit u;
	int rc = resolve_unit(db, c->a, c->unit_code, &u);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_UNIT_NOT_FOUND, "unit", NULL);
	if (rc < 0)
		return rc;
	int years[CAL_MAX_YEAR - CAL_MIN_YEAR + 1];
	size_t ny = 0;
	for (size_t i = 0; i < c->l->n; i++) {
		int y = year_of(c->l->v[i].day);
		bool seen = false;
		for (size_t k = 0; k < ny; k++)
			seen |= years[k] == y;
		if (!seen)
			years[ny++] = y;
	}
	qsort(years, ny, sizeof years[0], cmp_int);
	int64_t version = 0, now = clock_now_ms();
	for (size_t k = 0; k < ny; k++) {
		int64_t have, deleted = 0;
		if ((rc = repo_cal_year_count(db, u.id, years[k], &have)) < 0)
			return rc;
		if (have && c->keep) {
			c->rep->years_kept[c->rep->nkept++] = years[k];
			continue;
		}
		if (!version && (rc = repo_cal_bump(db, &version)) < 0)
			return rc;
		if (have && (rc = repo_cal_year_delete(db, u.id, years[k], &deleted)) < 0)
			return rc;
		size_t added = 0;
		for (size_t i = 0; i < c->l->n; i++) {
			const struct line *x = &c->l->v[i];
			if (year_of(x->day) != years[k])
				continue;
			struct cal_entry_row r = {.unit_id = u.id,
						  .day = x->day,
						  .year = years[k],
						  .kind = x->kind,
						  .name = x->name,
						  .enabled = x->enabled};
			if ((rc = repo_cal_entry_insert(db, &r, now, c->user_id, NULL)) < 0)
				return rc;
			added++;
		}
		rc = record(db, version, c->user_id, u.id, years[k], NULL, "load",
			    have ? xasprintf("{\"entries\":%lld}", (long long)deleted) : NULL,
			    xasprintf("{\"entries\":%zu}", added), c->source);
		if (rc < 0)
			return rc;
		c->rep->years_loaded[c->rep->nloaded++] = years[k];
		c->rep->entries += added;
	}
	c->rep->version = version;
	return DB_OK;
}

struct svc_result svc_calendar_load(struct db *db, struct arena *a, const char *unit_code,
				    const char *text, size_t len, const char *source,
				    int64_t user_id, bool keep_existing,
				    struct svc_cal_load_report *rep)
{
	struct cal_schedule *s;
	struct cal_parse_error perr;
	memset(rep, 0, sizeof *rep);
	if (cal_schedule_parse(text, len, &s, &perr) < 0)
		return svc_fail(
			ERR_CALENDAR_FILE_INVALID, NULL,
			arena_printf(a, "%s: line %d: %s", source, perr.line, perr.message));
	cal_schedule_free(s);
	struct lines l = {0};
	split_schedule(a, text, len, &l);
	for (size_t i = 0; i < l.n; i++) {
		const char *why = name_problem(l.v[i].name);
		if (why) {
			free(l.v);
			return svc_fail(
				ERR_CALENDAR_FILE_INVALID, NULL,
				arena_printf(a, "%s: %s: name: %s", source, l.v[i].day, why));
		}
	}
	struct load_ctx c = {.unit_code = unit_code,
			     .source = source,
			     .user_id = user_id,
			     .keep = keep_existing,
			     .l = &l,
			     .a = a,
			     .rep = rep};
	int rc = db_run_txn(db, load_txn, &c, DB_TXN_ATTEMPTS);
	free(l.v);
	return svc_txn_result(db, rc);
}

int svc_calendar_load_dir(struct db *db, const char *data_dir, FILE *out)
{
	char dir[1024];
	if (path_fmt(dir, sizeof dir, "%s/calendar", data_dir) < 0) {
		fprintf(stderr, "motcua: path too long: %s/calendar\n", data_dir);
		return -1;
	}
	/* Every file: a fixed list once kept the first 64 that readdir()
	 * happened to give, and left the other years out in silence. */
	char **names;
	size_t n;
	if (path_list(dir, ".txt", &names, &n) < 0) {
		fprintf(stderr, "motcua: cannot open %s\n", dir);
		return -1;
	}
	int rc = 0;
	size_t loaded = 0, kept = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct arena a;
		arena_init(&a);
		char *path = arena_printf(&a, "%s/%s", dir, names[i]);
		struct buf text = BUF_INIT;
		FILE *f = fopen(path, "rb");
		if (!f) {
			fprintf(stderr, "motcua: cannot read %s\n", path);
			rc = -1;
		} else {
			char chunk[4096];
			size_t got;
			while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
				buf_add(&text, chunk, got);
			fclose(f);
			struct svc_cal_load_report rep;
			struct svc_result r = svc_calendar_load(db, &a, NULL, buf_str(&text),
								text.len, names[i], 0, true, &rep);
			if (r.code != ERR_NONE) {
				fprintf(stderr, "motcua: %s: %s\n", path,
					r.detail ? r.detail : err_lookup(r.code)->en);
				rc = -1;
			}
			loaded += rep.nloaded;
			kept += rep.nkept;
		}
		buf_release(&text);
		arena_release(&a);
	}
	path_list_free(names, n);
	if (rc == 0)
		fprintf(out, "calendar: %zu year%s loaded, %zu already present\n", loaded,
			loaded == 1 ? "" : "s", kept);
	return rc;
}

struct svc_result svc_calendar_due_at(struct db *db, struct arena *a, const char *unit_code,
				      int64_t start_ms, struct cal_limit limit, int64_t *due_ms,
				      int64_t *version)
{
	struct unit u = {0};
	if (unit_code) {
		struct svc_result r = svc_unit_by_code(db, a, unit_code, &u);
		if (r.code != ERR_NONE)
			return r;
	}
	*version = 0;
	int rc = svc_calendar_due(db, u.id, start_ms, limit, NULL, 0, due_ms);
	if (rc == DB_OK)
		rc = svc_calendar_version(db, version);
	return svc_txn_result(db, rc);
}
