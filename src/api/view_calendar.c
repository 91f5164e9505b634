/* The views of the working calendar: a day as it applies (a day off, a
 * swapped workday) and a stored entry as the administrator edits it.
 * One writer, jansson. Layer: api. */
#include "api/views.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *view_calendar_day(const struct svc_cal_day *d)
{
	return json_pack("{s:s,s:s,s:s,s:i}", "date", d->date, "kind", d->kind, "name", d->name,
			 "weekday", d->weekday);
}

json_t *view_calendar_entry(const struct cal_entry_row *e, const char *unit_code)
{
	return json_pack("{s:s,s:s,s:s,s:b,s:o,s:o}", "date", e->day, "kind", e->kind, "name",
			 e->name, "enabled", e->enabled, "unit",
			 str_or_null(e->unit_id ? unit_code : NULL), "updated_at",
			 json_time(e->updated_at));
}
