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

#include <stdbool.h>
#include <stddef.h>
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

/* ---- the field table ----
 *
 * One row per field of struct event, in the canonical order: it drives the
 * hash (event_canonical()), the history in the API's replies (api), and the
 * events of an e-archive manifest, written and read back (svc_archive.c).
 * The canonical form is fixed forever: a row's name, type, place and
 * `hashed` column must never change; a new field is added unhashed, or with
 * a new version line. */
enum event_ftype {
	EVENT_FT_TEXT, /* const char *; NULL reads as "" */
	EVENT_FT_INT,  /* int64_t */
	EVENT_FT_TIME, /* int64_t UTC ms, 0 = none; a time string in replies */
	EVENT_FT_JSON, /* const char * holding a compact JSON object; "{}" if NULL */
};

struct event_field {
	const char *name; /* in the canonical form */
	enum event_ftype type;
	size_t off;	     /* offsetof(struct event, ...) */
	bool hashed;	     /* part of the canonical form */
	const char *json;    /* key in the API's history replies; NULL: not there */
	bool null_if_empty;  /* the reply gives null for "" (else "") */
	const char *archive; /* key in an archive manifest's events; NULL: not there */
};

extern const struct event_field event_fields[];
extern const size_t event_nfields;

/* The value of field f of e: text ("" for NULL; "{}" for a NULL JSON
 * field) or integer. */
const char *event_get_text(const struct event *e, const struct event_field *f);
int64_t event_get_int(const struct event *e, const struct event_field *f);
/* Sets field f of e (v is borrowed). */
void event_set_text(struct event *e, const struct event_field *f, const char *v);
void event_set_int(struct event *e, const struct event_field *f, int64_t v);

/* ---- events beside the workflow's actions ----
 *
 * The actions of core/workflow.c's table name their data keys in their
 * rows; the other events a dossier's history records have one row each
 * here, with the keys of their data in the order written. The builders of
 * svc/svc_event_data.h take the names from these rows, so a builder and
 * its row cannot disagree. */
enum event_kind {
	EVENT_VIEWED,		   /* an officer read personal data: what (optional) */
	EVENT_FILE_DOWNLOADED,	   /* an officer downloaded a file */
	EVENT_COMPONENT_UPLOADED,  /* the applicant uploaded a page of a component */
	EVENT_COMPONENT_DIGITIZED, /* the desk scanned a page of a paper component */
	EVENT_COMPONENT_EXEMPTED,
	EVENT_COMPONENT_REUSED, /* a document of the applicant's store reused */
	EVENT_RESULT_DRAFTED,
	EVENT_RESULT_SIGNED,
	EVENT_DUE_RECOMPUTED, /* the calendar changed: [old, new] due times */
	EVENT_DUE_SOON,	      /* the worker's reminders */
	EVENT_OVERDUE,
	/* Payments (issue 13): with the method and the gateway's number. */
	EVENT_PAYMENT_DEMANDED,
	EVENT_PAYMENT_PAID,
	EVENT_PAYMENT_FAILED,
	EVENT_PAYMENT_REFUNDED,
	EVENT_PAYMENT_CANCELLED, /* an open demand of a dossier refused, stopped, withdrawn */
	EVENT_FEE_EXEMPTED,	 /* a fee of a demand not charged: its legal basis */
	EVENT_NKINDS
};

#define EVENT_MAX_KEYS 9 /* with the NULL that ends a row */

struct event_kind_def {
	enum event_kind kind;
	const char *action;		  /* the event's action */
	bool read;			  /* records a read: makes nobody a handler */
	const char *keys[EVENT_MAX_KEYS]; /* its data's keys in order, NULL-ended */
};

/* The row of kind k, NULL if out of range. */
const struct event_kind_def *event_kind_def(enum event_kind k);
/* The row whose action is `action`, NULL if none (a workflow action). */
const struct event_kind_def *event_kind_find(const char *action);

/* Appends the canonical form of e to out: a version line, then one line per
 * hashed field of event_fields[], in its order, each `name=<byte
 * length>:<bytes>`, so no value can be confused with a field boundary
 * whatever it contains. NULL strings are written as empty (a NULL data
 * too). The id and hash are not part of it. */
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
