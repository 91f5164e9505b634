/* The working calendar over HTTP: the public year view (days off, swapped
 * workdays, office hours) and due-time preview, and the administrator's
 * edits of entries with their change history. Every route takes an
 * optional ?unit=CODE: without it, the agency-wide calendar. Layer: api. */
#include <string.h>

#include "api/api.h"
#include "api/views.h"
#include "base/clock.h"
#include "base/text.h"

#define MAX_CHANGES 500

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* {year} of the address; replies and returns -1 if it is not 1900..2199. */
static int path_year(struct http_request *req, int *year)
{
	int64_t y;
	if (text_parse_i64(http_param(req, 0), CAL_MIN_YEAR, CAL_MAX_YEAR, &y) < 0) {
		http_reply_error(req, ERR_CALENDAR_YEAR_RANGE, "year", NULL);
		return -1;
	}
	*year = (int)y;
	return 0;
}

/* ?unit=CODE, or NULL. Replies and returns -1 on a malformed value. */
static int query_unit(struct http_request *req, const char **unit)
{
	const char *v = http_query(req, "unit");
	*unit = NULL;
	if (!v || !*v)
		return 0;
	if (strlen(v) > 32 || !text_utf8_valid(v, strlen(v))) {
		http_reply_error(req, ERR_BAD_QUERY, "unit", "a unit code");
		return -1;
	}
	*unit = v;
	return 0;
}

void api_calendar_year(struct http_request *req)
{
	int year;
	const char *unit;
	if (path_year(req, &year) < 0 || query_unit(req, &unit) < 0)
		return;
	struct svc_cal_year y;
	struct svc_result r = svc_calendar_year(req->db, &req->arena, unit, year, &y);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *days = json_array();
	for (size_t i = 0; i < y.ndays; i++)
		json_array_append_new(days, view_calendar_day(&y.days[i]));
	json_t *entries = json_array();
	for (size_t i = 0; i < y.nentries; i++)
		json_array_append_new(entries, view_calendar_entry(&y.entries[i], y.unit.code));
	json_t *u = y.unit.id ? json_pack("{s:s,s:s,s:s}", "code", y.unit.code, "name",
					  y.unit.name_vi, "name_en", y.unit.name_en)
			      : json_null();
	http_reply_json(req, 200,
			json_pack("{s:i,s:o,s:s,s:b,s:I,s:s,s:o,s:o}", "year", year, "unit", u,
				  "source", y.official ? "official" : "computed", "unit_entries",
				  y.unit_entries, "version", (json_int_t)y.version, "office_hours",
				  y.office_hours, "days", days, "entries", entries));
}

/* Reads the body of an edit. Replies and returns NULL on a bad body. */
static json_t *edit_body(struct http_request *req, bool add, struct svc_cal_edit *e)
{
	bool enabled = false, has_enabled = false;
	struct jspec spec[] = {
		JSPEC_STR("date", add, 32, &e->date),
		JSPEC_STR("kind", add, 32, &e->kind),
		JSPEC_STRN("name", add, 1, 200, &e->name),
		{.name = "enabled",
		 .type = JSPEC_BOOL,
		 .out_bool = &enabled,
		 .present = &has_enabled},
		JSPEC_STR("note", false, 1000, &e->note),
	};
	/* PUT names the date in the address; POST in the body. */
	const struct jspec *specs = add ? spec : spec + 1;
	size_t n = add ? 5 : 4;
	json_t *body = http_json_body(req);
	if (!body)
		return NULL;
	struct jerr err = {0};
	if (jspec_check(body, specs, n, "", &err) < 0) {
		http_reply_jerr(req, &err);
		json_decref(body);
		return NULL;
	}
	e->enabled = has_enabled ? enabled : -1;
	if (!add && !e->kind && !e->name && !has_enabled) {
		http_reply_error(req, ERR_FIELD_MISSING, "kind", "give kind, name or enabled");
		json_decref(body);
		return NULL;
	}
	return body;
}

static void reply_entry(struct http_request *req, int status, const struct cal_entry_row *row,
			const char *unit, int64_t version)
{
	json_t *o = view_calendar_entry(row, unit);
	json_object_set_new(o, "version", json_integer(version));
	http_reply_json(req, status, o);
}

void api_calendar_add(struct http_request *req)
{
	struct svc_cal_edit e = {0};
	if (path_year(req, &e.year) < 0 || query_unit(req, &e.unit_code) < 0)
		return;
	json_t *body = edit_body(req, true, &e);
	if (!body)
		return;
	struct cal_entry_row row;
	int64_t version;
	struct svc_result r =
		svc_calendar_add(req->db, &req->arena, &e, req->user->id, &row, &version);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		reply_entry(req, 201, &row, e.unit_code, version);
	json_decref(body);
}

void api_calendar_put(struct http_request *req)
{
	struct svc_cal_edit e = {0};
	if (path_year(req, &e.year) < 0 || query_unit(req, &e.unit_code) < 0)
		return;
	e.date = http_param(req, 1);
	json_t *body = edit_body(req, false, &e);
	if (!body)
		return;
	struct cal_entry_row row;
	int64_t version;
	struct svc_result r =
		svc_calendar_change(req->db, &req->arena, &e, req->user->id, &row, &version);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		reply_entry(req, 200, &row, e.unit_code, version);
	json_decref(body);
}

void api_calendar_delete(struct http_request *req)
{
	struct svc_cal_edit e = {0};
	if (path_year(req, &e.year) < 0 || query_unit(req, &e.unit_code) < 0)
		return;
	e.date = http_param(req, 1);
	e.enabled = -1;
	json_t *body = NULL;
	if (req->body_len) {
		struct jspec spec[] = {JSPEC_STR("note", false, 1000, &e.note)};
		struct jerr err = {0};
		if (!(body = http_json_body(req)))
			return;
		if (jspec_check(body, spec, 1, "", &err) < 0) {
			http_reply_jerr(req, &err);
			json_decref(body);
			return;
		}
	}
	int64_t version;
	struct svc_result r =
		svc_calendar_remove(req->db, &req->arena, &e, req->user->id, &version);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200,
				json_pack("{s:s,s:b,s:I}", "date", e.date, "removed", 1, "version",
					  (json_int_t)version));
	json_decref(body);
}

static json_t *stored_json(const char *s)
{
	json_t *j = s ? json_loads(s, 0, NULL) : NULL;
	return j ? j : json_null();
}

void api_calendar_changes(struct http_request *req)
{
	int year;
	const char *unit;
	if (path_year(req, &year) < 0 || query_unit(req, &unit) < 0)
		return;
	struct cal_change_row *rows;
	size_t n;
	struct svc_result r =
		svc_calendar_changes(req->db, &req->arena, unit, year, MAX_CHANGES, &rows, &n);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct cal_change_row *c = &rows[i];
		json_t *who = c->user_id ? json_pack("{s:I,s:s}", "id", (json_int_t)c->user_id,
						     "username", c->username)
					 : json_null();
		json_array_append_new(
			items,
			json_pack("{s:o,s:o,s:o,s:i,s:o,s:s,s:o,s:o,s:s,s:I}", "at",
				  json_time(c->at), "user", who, "unit",
				  str_or_null(c->unit_id ? c->unit_code : NULL), "year", c->year,
				  "date", str_or_null(c->day), "action", c->action, "before",
				  stored_json(c->old_value), "after", stored_json(c->new_value),
				  "note", c->note, "version", (json_int_t)c->version));
	}
	http_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

/* "Nwd", "Nd" or "Nh" as `motcua cal due` takes it. */
static int parse_limit(const char *s, struct cal_limit *limit)
{
	if (!s)
		return -1;
	size_t n = strspn(s, "0123456789");
	if (n == 0 || n > 5)
		return -1;
	char num[8];
	memcpy(num, s, n);
	num[n] = 0;
	int64_t v;
	if (text_parse_i64(num, 0, 10000, &v) < 0)
		return -1;
	const char *u = s + n;
	if (!strcmp(u, "wd"))
		limit->unit = CAL_WORKING_DAYS;
	else if (!strcmp(u, "d"))
		limit->unit = CAL_CALENDAR_DAYS;
	else if (!strcmp(u, "h"))
		limit->unit = CAL_WORKING_HOURS;
	else
		return -1;
	limit->amount = (int32_t)v;
	return 0;
}

void api_calendar_due(struct http_request *req)
{
	const char *unit_code;
	if (query_unit(req, &unit_code) < 0)
		return;
	int64_t start;
	if (api_parse_time(http_query(req, "from"), &start) < 0) {
		http_reply_error(req, ERR_BAD_QUERY, "from",
				 "a local time YYYY-MM-DDTHH:MM[:SS][+07:00]");
		return;
	}
	struct cal_limit limit;
	if (parse_limit(http_query(req, "limit"), &limit) < 0) {
		http_reply_error(req, ERR_CALENDAR_LIMIT_INVALID, "limit", NULL);
		return;
	}
	int64_t due, version;
	struct svc_result r =
		svc_calendar_due_at(req->db, &req->arena, unit_code, start, limit, &due, &version);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	http_reply_json(req, 200,
			json_pack("{s:o,s:o,s:s,s:o,s:I,s:I}", "unit", str_or_null(unit_code),
				  "from", json_time(start), "limit", http_query(req, "limit"),
				  "due", json_time(due), "due_ms", (json_int_t)due, "version",
				  (json_int_t)version));
}

/* POST /api/v1/calendar/{year}/recompute?unit=CODE {"note", "dry_run"}:
 * the explicit recomputation of stored due times after a change. */
void api_calendar_recompute(struct http_request *req)
{
	int year;
	const char *unit, *note = NULL;
	bool dry_run = false;
	if (path_year(req, &year) < 0 || query_unit(req, &unit) < 0)
		return;
	json_t *body = http_json_body(req);
	if (!body)
		return;
	struct jspec spec[] = {
		JSPEC_STR("note", false, 1000, &note),
		JSPEC_BOOL("dry_run", false, &dry_run),
	};
	struct jerr err = {0};
	if (jspec_check(body, spec, 2, "", &err) < 0) {
		http_reply_jerr(req, &err);
		json_decref(body);
		return;
	}
	struct svc_actor who = api_actor(req);
	struct svc_recompute rec;
	struct svc_result r = svc_dossiers_recompute_due(req->db, &req->arena, &who, unit, year,
							 note, dry_run, &rec);
	json_decref(body);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < rec.n; i++) {
		const struct svc_recomputed *x = &rec.items[i];
		json_array_append_new(items,
				      json_pack("{s:s,s:{s:o,s:o},s:{s:o,s:o}}", "code", x->code,
						"due_at", "before", json_time(x->due_before),
						"after", json_time(x->due_after), "step_due_at",
						"before", json_time(x->step_due_before), "after",
						json_time(x->step_due_after)));
	}
	http_reply_json(req, 200,
			json_pack("{s:b,s:I,s:I,s:I,s:o}", "dry_run", dry_run, "checked",
				  (json_int_t)rec.checked, "changed", (json_int_t)rec.n,
				  "calendar_version", (json_int_t)rec.version, "items", items));
}
