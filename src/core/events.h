/* Dossier history events and their canonical form (DOMAIN.md section 6,
 * DESIGN.md section 3 "History").
 *
 * Every action on a dossier is an event, appended and never changed. Each
 * event stores prev_hash, the SHA-256 of the previous event of the same
 * dossier (64 zeros for the first), and hash, the SHA-256 of its canonical
 * form, which covers every stored field including prev_hash. The chain is
 * per dossier (motcua): a global chain would make every write in the agency,
 * even a `viewed` record, wait for one row; per-dossier chains keep
 * independent dossiers independent. The dossier row keeps the hash of its
 * last event and the number of events, so cutting the tail of a chain is
 * caught too, and codes are dense per unit and day, so a dossier deleted
 * whole leaves a gap that `motcua audit verify` reports.
 *
 * Layer: core (pure). Hashing itself is done by the caller (svc, libsodium).
 */
#ifndef MOTCUA_CORE_EVENTS_H
#define MOTCUA_CORE_EVENTS_H

#include <stdint.h>

#include "base/buf.h"

#define EVENT_HASH_HEX 64
/* prev_hash of the first event of a dossier. */
extern const char event_genesis_hash[EVENT_HASH_HEX + 1];

enum event_timeliness { EVENT_TL_NONE = 0, EVENT_TL_EARLY, EVENT_TL_ON_TIME, EVENT_TL_LATE };

struct event {
	int64_t id;			   /* database id (not hashed: assigned by the database) */
	const char *dossier;		   /* dossier code */
	int64_t seq;			   /* 1, 2, ... within the dossier */
	int64_t at;			   /* UTC ms */
	int64_t actor_id;		   /* 0 = none (the system) */
	const char *actor;		   /* user name, "" for the system */
	const char *action;		   /* wf_action_name() or "viewed" */
	const char *from_state, *to_state; /* wf_state_name(); equal when unchanged */
	int64_t step_from, step_to;	   /* steps of the internal process, 0 = none */
	int64_t step_due_at;		   /* due time of the step that ended, 0 = none */
	const char *timeliness;		   /* early, on_time, late, or "" */
	const char *note;		   /* reason, comment; "" if none */
	const char *data;		   /* compact JSON object with the action's details */
	const char *prev_hash;		   /* 64 lower-case hex digits */
	const char *hash;		   /* filled after hashing */
};

/* Appends the canonical form of e to out: a version line, then one line per
 * field in a fixed order, each `name=<byte length>:<bytes>`, so no value can
 * be confused with a field boundary whatever it contains. NULL strings are
 * written as empty. The id and hash are not part of it. */
void event_canonical(const struct event *e, struct buf *out);

/* "early", "on_time", "late" or "" for EVENT_TL_NONE. */
const char *event_timeliness_name(enum event_timeliness t);

/* The timeliness of a step finished at done_ms against its due time: late
 * after the due instant; early on a local date before the due date; on time
 * otherwise (motcua: steps count in hours, so a step finished an hour late on
 * its due date is late, not on time as the date-granular return rule would
 * have it). EVENT_TL_NONE when due_ms is 0. */
enum event_timeliness event_step_timeliness(int64_t done_ms, int64_t due_ms);

/* True if s is 64 lower-case hex digits. */
int event_hash_valid(const char *s);

#endif
