/* The view of a rating (a visit's or a dossier's): the level, the answers
 * and scores given, whether it is the current one. One writer, jansson.
 * Layer: api. */
#include "api/views.h"
#include "core/queue.h"

json_t *view_rating(const struct rating_row *r)
{
	json_t *answers = json_loads(r->answers ? r->answers : "{}", 0, NULL);
	json_t *scores = json_object();
	if (r->contacts_score >= 0)
		json_object_set_new(scores, "contacts", json_integer(r->contacts_score));
	if (r->agencies_score >= 0)
		json_object_set_new(scores, "agencies", json_integer(r->agencies_score));
	if (r->attitude_score >= 0)
		json_object_set_new(scores, "attitude", json_integer(r->attitude_score));
	return json_pack("{s:I,s:s,s:s,s:b,s:s,s:o,s:o,s:b,s:o}", "id", (json_int_t)r->id, "kind",
			 r->kind, "satisfaction", satisfaction_name(r->level), "satisfied",
			 satisfaction_is_satisfied(r->level), "comment",
			 r->comment ? r->comment : "", "answers", answers ? answers : json_object(),
			 "scores", scores, "current", r->is_current, "created_at",
			 json_time(r->created_at));
}
