/* The views of the desk queue: a service (ticket category), a counter, a
 * ticket, and what a call adds for the display board (the phrase to show
 * and the sound to play). One writer, jansson. Layer: api. */
#include <stdio.h>

#include "api/views.h"
#include "core/queue.h"

json_t *view_queue_service(const struct queue_service *s)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:b}", "id", (json_int_t)s->id, "prefix", s->prefix,
			 "name", s->name_vi, "name_en", s->name_en ? s->name_en : "", "active",
			 s->active);
}

json_t *view_queue_counter(const struct queue_counter *c)
{
	json_t *svcs = json_array();
	for (size_t i = 0; i < c->nservices; i++)
		json_array_append_new(svcs, json_integer(c->services[i]));
	json_t *offs = json_array();
	for (size_t i = 0; i < c->nofficers; i++)
		json_array_append_new(offs, json_integer(c->officers[i]));
	return json_pack("{s:I,s:i,s:s,s:b,s:b,s:o,s:o,s:o}", "id", (json_int_t)c->id, "number",
			 c->number, "name", c->name ? c->name : "", "active", c->active, "open",
			 c->is_open, "officer",
			 c->officer_id ? json_pack("{s:I,s:s}", "id", (json_int_t)c->officer_id,
						   "name", c->officer_name ? c->officer_name : "")
				       : json_null(),
			 "services", svcs, "officers", offs);
}

json_t *view_queue_ticket(const struct svc_queue_ticket *st, const char *follow_url,
			  const char *rating_url)
{
	const struct queue_ticket *t = &st->t;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "number", json_string(t->number));
	json_object_set_new(o, "day", json_string(t->day));
	json_object_set_new(o, "state", json_string(t->state));
	json_object_set_new(o, "service",
			    json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)t->service_id,
				      "prefix", t->service_prefix, "name", t->service_name_vi,
				      "name_en", t->service_name_en ? t->service_name_en : ""));
	json_object_set_new(o, "priority", json_boolean(t->priority));
	json_object_set_new(o, "priority_reason",
			    t->priority_reason && *t->priority_reason
				    ? json_string(t->priority_reason)
				    : json_null());
	json_object_set_new(o, "ahead", json_integer(st->ahead));
	json_object_set_new(o, "counter",
			    t->counter_number ? json_integer(t->counter_number) : json_null());
	json_object_set_new(o, "officer",
			    t->officer_name && *t->officer_name ? json_string(t->officer_name)
								: json_null());
	json_object_set_new(o, "issued_at", json_time(t->issued_at));
	json_object_set_new(o, "called_at", json_time(t->called_at));
	json_object_set_new(o, "started_at", json_time(t->started_at));
	json_object_set_new(o, "finished_at", json_time(t->finished_at));
	json_object_set_new(o, "waiting_ms",
			    t->called_at ? json_integer(t->called_at - t->issued_at) : json_null());
	json_object_set_new(o, "handling_ms", json_integer(t->handling_ms));
	json_object_set_new(o, "calls", json_integer(t->calls));
	json_object_set_new(o, "skips", json_integer(t->skips));
	json_t *ds = json_array();
	for (size_t i = 0; i < st->ndossiers; i++)
		json_array_append_new(ds, json_pack("{s:I,s:s}", "id", (json_int_t)st->dossiers[i],
						    "code", st->dossier_codes[i]));
	json_object_set_new(o, "dossiers", ds);
	if (follow_url) {
		json_object_set_new(o, "follow_token", json_string(t->follow_token));
		json_object_set_new(o, "follow_url", json_string(follow_url));
	}
	if (st->rating_token && rating_url) {
		json_object_set_new(o, "rating_token", json_string(st->rating_token));
		json_object_set_new(o, "rating_url", json_string(rating_url));
	}
	return o;
}

void view_queue_call_voice(json_t *o, const struct queue_ticket *t)
{
	char phrase[160], voice[96];
	if (!t->counter_number ||
	    queue_call_phrase(t->number, t->counter_number, phrase, sizeof phrase) <= 0)
		return;
	snprintf(voice, sizeof voice, "/api/v1/queue/voice/%s/%d", t->number, t->counter_number);
	json_object_set_new(o, "phrase", json_string(phrase));
	json_object_set_new(o, "voice", json_string(voice));
}
