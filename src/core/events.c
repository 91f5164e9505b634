/* The canonical form of a history event: see events.h. Layer: core. */
#include "core/events.h"

#include <stdio.h>
#include <string.h>

const char event_genesis_hash[EVENT_HASH_HEX + 1] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void field_s(struct buf *out, const char *name, const char *v)
{
	if (!v)
		v = "";
	buf_addf(out, "%s=%zu:", name, strlen(v));
	buf_adds(out, v);
	buf_addc(out, '\n');
}

static void field_i(struct buf *out, const char *name, int64_t v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
	buf_addf(out, "%s=%d:%s\n", name, n, tmp);
}

void event_canonical(const struct event *e, struct buf *out)
{
	buf_adds(out, "motcua-event-v1\n");
	field_s(out, "dossier", e->dossier);
	field_i(out, "seq", e->seq);
	field_i(out, "at", e->at);
	field_i(out, "actor_id", e->actor_id);
	field_s(out, "actor", e->actor);
	field_s(out, "action", e->action);
	field_s(out, "from_state", e->from_state);
	field_s(out, "to_state", e->to_state);
	field_i(out, "step_from", e->step_from);
	field_i(out, "step_to", e->step_to);
	field_i(out, "step_due_at", e->step_due_at);
	field_s(out, "timeliness", e->timeliness);
	field_s(out, "note", e->note);
	field_s(out, "data", e->data);
	field_s(out, "prev_hash", e->prev_hash);
}

const char *event_timeliness_name(enum event_timeliness t)
{
	switch (t) {
	case EVENT_TL_EARLY:
		return "early";
	case EVENT_TL_ON_TIME:
		return "on_time";
	case EVENT_TL_LATE:
		return "late";
	case EVENT_TL_NONE:
		break;
	}
	return "";
}

static int64_t local_day(int64_t ms)
{
	int64_t x = ms + 7 * 3600000LL;
	int64_t q = x / 86400000LL;
	return (x % 86400000LL != 0 && x < 0) ? q - 1 : q;
}

enum event_timeliness event_step_timeliness(int64_t done_ms, int64_t due_ms)
{
	if (!due_ms)
		return EVENT_TL_NONE;
	if (done_ms > due_ms)
		return EVENT_TL_LATE;
	if (local_day(done_ms) < local_day(due_ms))
		return EVENT_TL_EARLY;
	return EVENT_TL_ON_TIME;
}

int event_hash_valid(const char *s)
{
	if (!s || strlen(s) != EVENT_HASH_HEX)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}
