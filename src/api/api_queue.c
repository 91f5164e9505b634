/* The desk queue over HTTP: the kiosk (public: the desk's services and a
 * ticket), following one's place (public, by the ticket's token, with its
 * QR code), the display board (public: a snapshot and a live event
 * stream, and the spoken call as WAV), the counter (receiving officers:
 * open, call next, recall, skip, start, finish, transfer, priority) and the
 * administrator's set-up of services and counters. Every change at a
 * counter is published on the unit's event stream. Layer: api. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/views.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/path.h"
#include "base/text.h"
#include "core/roles.h"
#include "doc/qr_svg.h"

/* ---- addresses in the queue's objects ---- */

static const char *follow_url(struct http_request *req, const char *token)
{
	return arena_printf(&req->arena, "%s/#/ticket/%s", req->cfg->v.public_url, token);
}

/* A ticket; with_token adds what only its holder may see (the follow token). */
static json_t *ticket_json(struct http_request *req, const struct svc_queue_ticket *st,
			   bool with_token)
{
	const char *follow = with_token ? follow_url(req, st->t.follow_token) : NULL;
	const char *rating = st->rating_token
				     ? arena_printf(&req->arena, "%s/#/rate/visit/%lld?t=%s",
						    req->cfg->v.public_url, (long long)st->t.id,
						    st->rating_token)
				     : NULL;
	return view_queue_ticket(st, follow, rating);
}

/* ---- small input helpers ---- */

static bool path_id(struct http_request *req, size_t i, const char *field, int64_t *id)
{
	if (text_parse_i64(http_param(req, i), 1, INT64_MAX, id) < 0) {
		http_reply_error(req, ERR_NOT_FOUND, field, NULL);
		return false;
	}
	return true;
}

/* Parses the body against specs; NULL after replying on error. */
static json_t *body_with(struct http_request *req, const struct jspec *spec, size_t n,
			 bool optional)
{
	if (optional && req->body_len == 0)
		return json_object();
	json_t *body = http_json_body(req);
	if (!body)
		return NULL;
	struct jerr err = {0};
	if (jspec_check(body, spec, n, "", &err) < 0) {
		http_reply_jerr(req, &err);
		json_decref(body);
		return NULL;
	}
	return body;
}

static const char *channel_of(struct http_request *req, int64_t unit_id)
{
	return arena_printf(&req->arena, "queue:%lld", (long long)unit_id);
}

/* To this server's boards of the channel, and to the other servers'. */
static void broadcast(struct http_request *req, const char *channel, const char *event,
		      const char *data)
{
	http_sse_publish(channel, event, data);
	svc_display_send(req->db, channel, event, data);
}

/* Tells the unit's display boards what happened at a counter: a "call"
 * (with the phrase and the sound to play) or an "update". */
static void publish(struct http_request *req, const char *what, const struct svc_queue_ticket *st)
{
	const struct queue_ticket *t = &st->t;
	json_t *o = json_pack("{s:s,s:I,s:s,s:s,s:o}", "action", what, "ticket", (json_int_t)t->id,
			      "number", t->number, "state", t->state, "counter",
			      t->counter_number ? json_integer(t->counter_number) : json_null());
	json_object_set_new(o, "at", json_time(clock_now_ms()));
	bool call = !strcmp(what, "call") || !strcmp(what, "recall");
	if (call)
		view_queue_call_voice(o, t);
	char *s = xjson_dumps(o, JSON_COMPACT);
	json_decref(o);
	broadcast(req, channel_of(req, t->unit_id), call ? "call" : "update", s);
	free(s);
}

/* ---- the kiosk and following one's place ---- */

void api_queue_kiosk(struct http_request *req)
{
	struct svc_queue_desk d;
	struct svc_result r = svc_queue_desk(req->db, &req->arena, http_param(req, 0), &d);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	int64_t now = clock_now_ms();
	json_t *svcs = json_array();
	for (size_t i = 0; i < d.nservices; i++) {
		json_t *s = view_queue_service(&d.services[i]);
		const struct queue_live_row *l = &d.live[i];
		json_object_set_new(s, "waiting", json_integer(d.services[i].waiting));
		json_object_set_new(s, "called_today", json_integer(l->called_today));
		json_object_set_new(
			s, "avg_wait_ms",
			json_integer(l->called_today ? l->wait_sum_ms / l->called_today : 0));
		json_object_set_new(s, "max_wait_ms", json_integer(l->wait_max_ms));
		json_object_set_new(
			s, "longest_waiting_ms",
			json_integer(l->oldest_waiting_at ? now - l->oldest_waiting_at : 0));
		json_array_append_new(svcs, s);
	}
	json_t *counters = json_array();
	for (size_t i = 0; i < d.ncounters; i++)
		if (d.counters[i].active)
			json_array_append_new(counters, view_queue_counter(&d.counters[i]));
	http_reply_json(req, 200,
			json_pack("{s:{s:s,s:s,s:s},s:b,s:b,s:s,s:o,s:o}", "unit", "code",
				  d.unit.code, "name", d.unit.name_vi, "name_en", d.unit.name_en,
				  "open", d.open, "always_open", d.always_open, "day", d.day,
				  "services", svcs, "counters", counters));
}

void api_queue_issue(struct http_request *req)
{
	int64_t service = 0;
	const char *priority = NULL;
	struct jspec spec[] = {JSPEC_INT("service", true, 1, INT64_MAX, &service),
			       JSPEC_STR("priority", false, 16, &priority)};
	spec[1].nullable = true;
	json_t *body = body_with(req, spec, 2, false);
	if (!body)
		return;
	struct svc_queue_ticket t;
	int64_t retry = 0;
	/* Anyone may take a ticket: an address that takes too many is told to wait. */
	struct svc_result r = svc_rate_limit(req->db, req->cfg, SVC_LIMIT_TICKET, req->ip, &retry);
	if (r.code == ERR_NONE)
		r = svc_queue_issue(req->db, &req->arena, http_param(req, 0), service, priority,
				    &t);
	if (r.code != ERR_NONE)
		api_reply_svc_retry(req, r, retry);
	else {
		http_reply_json(req, 201, ticket_json(req, &t, true));
		publish(req, "issue", &t);
	}
	json_decref(body);
}

void api_queue_follow(struct http_request *req)
{
	struct svc_queue_ticket t;
	struct svc_result r = svc_queue_follow(req->db, &req->arena, http_param(req, 0), &t);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200, ticket_json(req, &t, true));
}

void api_queue_follow_qr(struct http_request *req)
{
	struct svc_queue_ticket t;
	struct svc_result r = svc_queue_follow(req->db, &req->arena, http_param(req, 0), &t);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	struct buf svg = BUF_INIT;
	if (doc_qr_svg(follow_url(req, t.t.follow_token), &svg) < 0)
		http_reply_error(req, ERR_INTERNAL, NULL, "the address does not fit a QR code");
	else
		http_reply_text(req, 200, "image/svg+xml", svg.p, svg.len);
	buf_release(&svg);
}

/* ---- the display board ---- */

static json_t *display_json(struct http_request *req, const struct svc_queue_display *d)
{
	json_t *counters = json_array();
	for (size_t i = 0; i < d->ncounters; i++) {
		const struct queue_counter *c = &d->counters[i];
		if (!c->active)
			continue;
		const struct queue_ticket *t = &d->at_counter[i];
		json_array_append_new(
			counters, json_pack("{s:i,s:s,s:b,s:o,s:o}", "number", c->number, "name",
					    c->name ? c->name : "", "open", c->is_open, "ticket",
					    t->id ? json_string(t->number) : json_null(), "state",
					    t->id ? json_string(t->state) : json_null()));
	}
	json_t *calls = json_array();
	for (size_t i = 0; i < d->ncalls; i++) {
		const struct queue_ticket *t = &d->calls[i];
		json_t *c = json_pack("{s:s,s:i,s:o,s:s}", "number", t->number, "counter",
				      t->counter_number, "at", json_time(t->last_called_at),
				      "state", t->state);
		view_queue_call_voice(c, t);
		json_array_append_new(calls, c);
	}
	return json_pack("{s:{s:s,s:s,s:s},s:o,s:o}", "unit", "code", d->unit.code, "name",
			 d->unit.name_vi, "name_en", d->unit.name_en, "counters", counters, "calls",
			 calls);
}

void api_queue_display(struct http_request *req)
{
	struct svc_queue_display d;
	struct svc_result r = svc_queue_display(req->db, &req->arena, http_param(req, 0), &d);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200, display_json(req, &d));
}

void api_queue_events(struct http_request *req)
{
	struct svc_queue_display d;
	struct svc_result r = svc_queue_display(req->db, &req->arena, http_param(req, 0), &d);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *snap = display_json(req, &d);
	char *first = xjson_dumps(snap, JSON_COMPACT);
	json_decref(snap);
	http_reply_stream(req, channel_of(req, d.unit.id), "snapshot", first);
	free(first);
}

void api_queue_voice(struct http_request *req)
{
	int64_t counter;
	if (text_parse_i64(http_param(req, 1), 1, 99, &counter) < 0) {
		http_reply_error(req, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	char path[1200];
	struct svc_result r = svc_queue_voice(req->db, req->cfg->v.data_dir, http_param(req, 0),
					      (int)counter, path, sizeof path);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	struct buf b = BUF_INIT;
	if (path_read(path, 8 * 1024 * 1024, &b) != 0) {
		/* No file, or one past 8 MB: never a cut-off sound. */
		if (errno != ENOENT)
			log_error("voice %s: %s", path, strerror(errno));
		buf_release(&b);
		http_reply_error(req, ERR_VOICE_UNAVAILABLE, NULL, NULL);
		return;
	}
	http_reply_text(req, 200, "audio/wav", b.p, b.len);
	buf_release(&b);
}

/* ---- the counter ---- */

void api_queue_counter_get(struct http_request *req)
{
	int64_t id;
	if (!path_id(req, 0, "id", &id))
		return;
	struct queue_counter c;
	bool has;
	struct svc_queue_ticket t;
	struct svc_result r = svc_queue_counter(req->db, &req->arena, id, &c, &has, &t);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *o = view_queue_counter(&c);
	json_object_set_new(o, "ticket", has ? ticket_json(req, &t, false) : json_null());
	json_object_set_new(o, "mine", json_boolean(c.is_open && c.officer_id == req->user->id));
	http_reply_json(req, 200, o);
}

static void counter_open(struct http_request *req, bool open)
{
	int64_t id;
	if (!path_id(req, 0, "id", &id))
		return;
	struct queue_counter c;
	struct svc_result r =
		svc_queue_counter_open(req->db, &req->arena, id, req->user->id, open, &c);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	http_reply_json(req, 200, view_queue_counter(&c));
	json_t *o = json_pack("{s:s,s:i,s:b}", "action", open ? "open" : "close", "counter",
			      c.number, "open", c.is_open);
	char *s = xjson_dumps(o, JSON_COMPACT);
	json_decref(o);
	broadcast(req, channel_of(req, c.unit_id), "update", s);
	free(s);
}

void api_queue_counter_open(struct http_request *req)
{
	counter_open(req, true);
}

void api_queue_counter_close(struct http_request *req)
{
	counter_open(req, false);
}

void api_queue_call(struct http_request *req)
{
	int64_t id;
	if (!path_id(req, 0, "id", &id))
		return;
	struct svc_queue_ticket t;
	bool found;
	struct svc_result r =
		svc_queue_call_next(req->db, &req->arena, id, req->user->id, &found, &t);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	if (!found) {
		http_reply_json(req, 200, json_pack("{s:n}", "ticket"));
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o}", "ticket", ticket_json(req, &t, false)));
	publish(req, "call", &t);
}

static void ticket_action(struct http_request *req, enum ticket_action action)
{
	int64_t id;
	if (!path_id(req, 0, "id", &id))
		return;
	int64_t service = 0;
	const char *reason = NULL;
	json_t *body = NULL;
	if (action == TICKET_TRANSFER) {
		struct jspec spec[] = {JSPEC_INT("service", true, 1, INT64_MAX, &service)};
		body = body_with(req, spec, 1, false);
	} else if (action == TICKET_PRIORITY) {
		struct jspec spec[] = {JSPEC_STRN("reason", true, 1, 16, &reason)};
		body = body_with(req, spec, 1, false);
	} else {
		body = body_with(req, NULL, 0, true);
	}
	if (!body)
		return;
	struct svc_queue_ticket t;
	struct svc_result r =
		svc_queue_act(req->db, &req->arena, id, req->user->id, action, service, reason, &t);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else {
		http_reply_json(req, 200,
				json_pack("{s:o}", "ticket", ticket_json(req, &t, false)));
		publish(req, ticket_action_name(action), &t);
	}
	json_decref(body);
}

void api_queue_recall(struct http_request *req)
{
	ticket_action(req, TICKET_RECALL);
}
void api_queue_skip(struct http_request *req)
{
	ticket_action(req, TICKET_SKIP);
}
void api_queue_start(struct http_request *req)
{
	ticket_action(req, TICKET_START);
}
void api_queue_finish(struct http_request *req)
{
	ticket_action(req, TICKET_FINISH);
}
void api_queue_transfer(struct http_request *req)
{
	ticket_action(req, TICKET_TRANSFER);
}
void api_queue_priority(struct http_request *req)
{
	ticket_action(req, TICKET_PRIORITY);
}

/* ---- set-up (administrators) ---- */

void api_queue_setup(struct http_request *req)
{
	struct svc_queue_desk d;
	struct svc_result r = svc_queue_setup(req->db, &req->arena, http_param(req, 0), &d);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *svcs = json_array();
	for (size_t i = 0; i < d.nservices; i++)
		json_array_append_new(svcs, view_queue_service(&d.services[i]));
	json_t *counters = json_array();
	for (size_t i = 0; i < d.ncounters; i++)
		json_array_append_new(counters, view_queue_counter(&d.counters[i]));
	http_reply_json(req, 200,
			json_pack("{s:{s:s,s:s,s:s},s:b,s:b,s:o,s:o}", "unit", "code", d.unit.code,
				  "name", d.unit.name_vi, "name_en", d.unit.name_en, "open", d.open,
				  "always_open", d.always_open, "services", svcs, "counters",
				  counters));
}

void api_queue_my_counters(struct http_request *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_queue_place *p;
	size_t n;
	struct svc_result r = svc_queue_my_counters(req->db, &req->arena, &who, &p, &n);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *c = view_queue_counter(&p[i].counter);
		json_object_set_new(c, "unit",
				    json_pack("{s:s,s:s,s:s}", "code", p[i].unit.code, "name",
					      p[i].unit.name_vi, "name_en", p[i].unit.name_en));
		json_array_append_new(items, c);
	}
	http_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

void api_queue_desk_put(struct http_request *req)
{
	bool always = false;
	struct jspec spec[] = {JSPEC_BOOL("always_open", true, &always)};
	json_t *body = body_with(req, spec, 1, false);
	if (!body)
		return;
	struct svc_result r = svc_queue_desk_set(req->db, http_param(req, 0), always);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200, json_pack("{s:b}", "always_open", always));
	json_decref(body);
}

void api_queue_service_create(struct http_request *req)
{
	struct queue_service in = {0}, out;
	struct jspec spec[] = {JSPEC_STRN("prefix", true, 1, 1, &in.prefix),
			       JSPEC_STRN("name", true, 1, 200, &in.name_vi),
			       JSPEC_STR("name_en", false, 200, &in.name_en)};
	json_t *body = body_with(req, spec, 3, false);
	if (!body)
		return;
	struct svc_result r =
		svc_queue_service_create(req->db, &req->arena, http_param(req, 0), &in, &out);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 201, view_queue_service(&out));
	json_decref(body);
}

void api_queue_service_put(struct http_request *req)
{
	struct queue_service in = {0}, out;
	if (!path_id(req, 0, "id", &in.id))
		return;
	bool present_active = false;
	struct jspec spec[] = {JSPEC_STRN("name", true, 1, 200, &in.name_vi),
			       JSPEC_STR("name_en", false, 200, &in.name_en),
			       JSPEC_BOOL("active", false, &in.active)};
	spec[2].present = &present_active;
	in.active = true;
	json_t *body = body_with(req, spec, 3, false);
	if (!body)
		return;
	struct svc_result r = svc_queue_service_update(req->db, &req->arena, &in, &out);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, 200, view_queue_service(&out));
	json_decref(body);
}

static void counter_save(struct http_request *req, const char *unit_code, int64_t id)
{
	int64_t number = 0;
	const char *name = NULL;
	bool active = true;
	json_t *services = NULL, *officers = NULL;
	struct jspec spec[] = {
		JSPEC_INT("number", true, 1, 99, &number), JSPEC_STR("name", false, 100, &name),
		JSPEC_BOOL("active", false, &active), JSPEC_ARR("services", true, 26, &services),
		JSPEC_ARR("officers", false, 50, &officers)};
	json_t *body = body_with(req, spec, 5, false);
	if (!body)
		return;
	struct svc_queue_counter_in in = {
		.id = id, .number = (int)number, .name = name, .active = active};
	int64_t *svc_ids =
		arena_zalloc(&req->arena, (json_array_size(services) + 1) * sizeof *svc_ids);
	const char **names =
		arena_zalloc(&req->arena, (json_array_size(officers) + 1) * sizeof *names);
	size_t i;
	json_t *v;
	json_array_foreach(services, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			http_reply_error(req, ERR_FIELD_TYPE,
					 arena_printf(&req->arena, "services[%zu]", i),
					 "a service id");
			goto out;
		}
		svc_ids[in.nservices++] = json_integer_value(v);
	}
	if (officers)
		json_array_foreach(officers, i, v)
		{
			if (!json_is_string(v)) {
				http_reply_error(req, ERR_FIELD_TYPE,
						 arena_printf(&req->arena, "officers[%zu]", i),
						 "a user name");
				goto out;
			}
			names[in.nofficers++] = json_string_value(v);
		}
	in.services = svc_ids;
	in.officers = names;
	if (!unit_code) {
		/* PUT /counters/{id}: the counter's own unit. */
		struct svc_result r = svc_queue_counter_unit(req->db, &req->arena, id, &unit_code);
		if (r.code != ERR_NONE) {
			api_reply_svc(req, r);
			goto out;
		}
	}
	struct queue_counter c;
	struct svc_result r = svc_queue_counter_save(req->db, &req->arena, unit_code, &in, &c);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		http_reply_json(req, id ? 200 : 201, view_queue_counter(&c));
out:
	json_decref(body);
}

void api_queue_counter_create(struct http_request *req)
{
	counter_save(req, http_param(req, 0), 0);
}

void api_queue_counter_put(struct http_request *req)
{
	int64_t id;
	if (path_id(req, 0, "id", &id))
		counter_save(req, NULL, id);
}
