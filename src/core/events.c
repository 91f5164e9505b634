/* The canonical form of a history event: see events.h. Layer: core. */
#include "core/events.h"

#include <stdio.h>
#include <string.h>

const char event_genesis_hash[EVENT_HASH_HEX + 1] =
	"0000000000000000000000000000000000000000000000000000000000000000";

#define F(m) offsetof(struct event, m)
/* clang-format off */
const struct event_field event_fields[] = {
	/* name, type, offset, hashed, reply key, null if empty, archive key */
	{"id",          EVENT_FT_INT,  F(id),          false, NULL,          false, NULL},
	{"dossier",     EVENT_FT_TEXT, F(dossier),     true,  NULL,          false, NULL},
	{"seq",         EVENT_FT_INT,  F(seq),         true,  "seq",         false, "seq"},
	{"at",          EVENT_FT_TIME, F(at),          true,  "at",          false, "at"},
	{"actor_id",    EVENT_FT_INT,  F(actor_id),    true,  NULL,          false, "actor_id"},
	{"actor",       EVENT_FT_TEXT, F(actor),       true,  "actor",       false, "actor"},
	{"action",      EVENT_FT_TEXT, F(action),      true,  "action",      false, "action"},
	{"from_state",  EVENT_FT_TEXT, F(from_state),  true,  "from_state",  false, "from_state"},
	{"to_state",    EVENT_FT_TEXT, F(to_state),    true,  "to_state",    false, "to_state"},
	{"step_from",   EVENT_FT_INT,  F(step_from),   true,  "step_from",   false, "step_from"},
	{"step_to",     EVENT_FT_INT,  F(step_to),     true,  "step_to",     false, "step_to"},
	{"step_due_at", EVENT_FT_TIME, F(step_due_at), true,  "step_due_at", false, "step_due_at"},
	{"timeliness",  EVENT_FT_TEXT, F(timeliness),  true,  "timeliness",  true,  "timeliness"},
	{"note",        EVENT_FT_TEXT, F(note),        true,  "note",        false, "note"},
	{"data",        EVENT_FT_JSON, F(data),        true,  "data",        false, "data"},
	{"prev_hash",   EVENT_FT_TEXT, F(prev_hash),   true,  NULL,          false, "prev_hash"},
	{"hash",        EVENT_FT_TEXT, F(hash),        false, "hash",        false, "hash"},
};
/* clang-format on */
#undef F
const size_t event_nfields = sizeof event_fields / sizeof event_fields[0];

static const char *text_at(const struct event *e, const struct event_field *f)
{
	return *(const char *const *)((const char *)e + f->off);
}

const char *event_get_text(const struct event *e, const struct event_field *f)
{
	const char *v = text_at(e, f);
	return v ? v : f->type == EVENT_FT_JSON ? "{}" : "";
}

int64_t event_get_int(const struct event *e, const struct event_field *f)
{
	return *(const int64_t *)((const char *)e + f->off);
}

void event_set_text(struct event *e, const struct event_field *f, const char *v)
{
	*(const char **)((char *)e + f->off) = v;
}

void event_set_int(struct event *e, const struct event_field *f, int64_t v)
{
	*(int64_t *)((char *)e + f->off) = v;
}

void event_canonical(const struct event *e, struct buf *out)
{
	buf_adds(out, "motcua-event-v1\n");
	for (size_t i = 0; i < event_nfields; i++) {
		const struct event_field *f = &event_fields[i];
		if (!f->hashed)
			continue;
		char tmp[24];
		const char *v = tmp;
		if (f->type == EVENT_FT_TEXT || f->type == EVENT_FT_JSON) {
			v = text_at(e, f); /* NULL data is hashed as "", as it always was */
			if (!v)
				v = "";
		} else {
			snprintf(tmp, sizeof tmp, "%lld", (long long)event_get_int(e, f));
		}
		buf_addf(out, "%s=%zu:", f->name, strlen(v));
		buf_adds(out, v);
		buf_addc(out, '\n');
	}
}

/* clang-format off */
static const struct event_kind_def kinds[EVENT_NKINDS] = {
	{EVENT_VIEWED, "viewed", true, {"what"}},
	{EVENT_FILE_DOWNLOADED, "file_downloaded", true, {"document_id", "file", "sha256"}},
	{EVENT_COMPONENT_UPLOADED, "component_uploaded", false,
	 {"component", "document_id", "page", "sha256", "type", "size"}},
	{EVENT_COMPONENT_DIGITIZED, "component_digitized", false,
	 {"component", "document_id", "page", "sha256", "type", "size"}},
	{EVENT_COMPONENT_EXEMPTED, "component_exempted", false, {"component", "exemption"}},
	{EVENT_COMPONENT_REUSED, "component_reused", false,
	 {"component", "document_id", "from_dossier", "hash"}},
	{EVENT_RESULT_DRAFTED, "result_drafted", false, {"sha256", "type", "size", "paper"}},
	{EVENT_RESULT_SIGNED, "result_signed", false,
	 {"verify_code", "sha256", "format", "signer", "document_id", "signature_sha256"}},
	{EVENT_DUE_RECOMPUTED, "due_recomputed", false,
	 {"calendar_version", "due_at", "step_due_at"}},
	{EVENT_DUE_SOON, "due_soon", false, {"due_at"}},
	{EVENT_OVERDUE, "overdue", false, {"due_at"}},
	{EVENT_PAYMENT_DEMANDED, "payment_demanded", false, {"demand", "due", "due_at", "total"}},
	{EVENT_PAYMENT_PAID, "payment_paid", false,
	 {"amount", "demand", "flag", "gateway_txn", "method", "payment", "receipt", "txn_ref"}},
	{EVENT_PAYMENT_FAILED, "payment_failed", false,
	 {"amount", "demand", "gateway_txn", "method", "payment", "txn_ref"}},
	{EVENT_PAYMENT_REFUNDED, "payment_refunded", false,
	 {"amount", "demand", "gateway_txn", "method", "payment", "txn_ref"}},
	{EVENT_PAYMENT_CANCELLED, "payment_cancelled", false, {"cause", "demand", "total"}},
	{EVENT_FEE_EXEMPTED, "fee_exempted", false, {"amount", "basis", "demand", "fee", "reason"}},
};
/* clang-format on */

const struct event_kind_def *event_kind_def(enum event_kind k)
{
	return (int)k >= 0 && k < EVENT_NKINDS ? &kinds[k] : NULL;
}

const struct event_kind_def *event_kind_find(const char *action)
{
	for (size_t i = 0; action && i < EVENT_NKINDS; i++)
		if (!strcmp(kinds[i].action, action))
			return &kinds[i];
	return NULL;
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
