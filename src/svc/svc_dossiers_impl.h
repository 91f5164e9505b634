/* Internal helpers shared by svc_dossiers.c, svc_dossier_views.c and
 * svc_audit.c. Layer: svc (not for other layers). */
#ifndef MOTCUA_SVC_DOSSIERS_IMPL_H
#define MOTCUA_SVC_DOSSIERS_IMPL_H

#include "core/access.h"
#include "repo/repo.h"
#include "svc/svc.h"
#include "svc/svc_event_data.h"
#include "svc/svc_track_cache.h"

/* SHA-256 of e's canonical form as 64 hex digits into out. */
void svcd_event_hash(const struct event *e, char out[EVENT_HASH_HEX + 1]);

/* Loads everything of a dossier already read into s->d (procedure version,
 * units, components, pauses, events) and derives state, due and step. */
int svcd_load_rest(struct db *db, struct arena *a, struct svc_dossier *s);

/* The facts of s for core/workflow.c. */
void svcd_wf_facts(const struct svc_dossier *s, struct wf_dossier *out);

/* "Handles this dossier" (core/access.c) for who on s, loaded by
 * svcd_load_rest(): fills *verdict with ACCESS_OK or an enum access_error.
 * Returns DB_OK, or a DB_* error (the actor's unit could not be read). */
int svcd_access(struct db *db, struct arena *a, const struct svc_actor *who,
		const struct svc_dossier *s, enum access_need need, enum wf_action action,
		int *verdict);

/* The desks that receive for unit_id (core/access.h access_receive()):
 * unit_id, then its parent and so on up to the root (at most 16), into
 * *out (from a). Returns DB_OK or a negative DB status. */
int svcd_desks(struct db *db, struct arena *a, int64_t unit_id, int64_t **out, size_t *n);

/* The root of unit_id's tree (its agency; core/access.h root_id) into
 * *root, 0 if unit_id is 0. Returns DB_OK or a negative DB status. */
int svcd_root(struct db *db, struct arena *a, int64_t unit_id, int64_t *root);

/* The registry error for a refusal of svcd_access(). */
struct svc_result svcd_access_fail(struct arena *a, int verdict, const struct dossier *d);

/* Events that record a read, not an action: they make nobody a handler. */
bool svcd_read_event(const char *action);

/* Into *bits, the bits of the actions who (NULL: nobody) may take now
 * (without parameters), at the right place (core/access.c) as well as by
 * the transition table. Returns DB_OK or a negative DB status. */
int svcd_allowed(struct db *db, struct arena *a, const struct svc_dossier *s,
		 const struct svc_actor *who, unsigned *bits);

/* Appends an event to s->d's chain (seq, prev_hash, hash filled) and
 * advances d's head. Does not write the dossier row. */
/* Links e into d's history: its sequence number, the previous hash, its own
 * hash; d's count and head follow. Writes nothing. */
void svcd_chain_event(struct arena *a, struct dossier *d, struct event *e);
int svcd_append_event(struct db *db, struct arena *a, struct dossier *d, struct event *e);

/* Takes `action` on dossier code inside the caller's transaction for a
 * settled payment (record_payment): no access check, the roles the
 * table's row asks for; the event's actor is who (NULL: the system).
 * Returns DB_OK or a DB_* status (DB_ABORT with the registry error). */
int svcd_act_in_txn(struct db *db, struct arena *a, const struct svc_actor *who, const char *code,
		    enum wf_action action, int64_t now) __attribute__((warn_unused_result));

/* Step `step`'s share of procedure version p's time limit (days for a
 * calendar-day limit, else office hours); the legal limit itself is
 * limit_to_cal() of core/procedure.h. */
struct cal_limit svcd_step_limit(const struct procedure *p, int64_t step);

/* The dossier's timeliness at the end of processing (DOMAIN.md 5 and 8):
 * late if it counts as late, else by date against the due time; NULL if
 * the clock never started. */
const char *svcd_timeliness(const struct dossier *d, int64_t now);

/* The values of an event's data keys (core/workflow.h enum wf_key); a key
 * is written when it is asked for and its bit is in `have`. */
struct svcd_event_data {
	unsigned have; /* WF_KEY() bits */
	const char *channel, *clock, *procedure, *result_code, *stage, *to_user, *unit;
	const char *fee_handling, *legal_basis; /* Form 05, as chosen when stopping */
	bool counts_late;
	int64_t due_at, original_due_at, proposed_due_at, version;
	/* missing: the 1-based positions of the components marked missing */
	const struct dossier_component *components;
	size_t ncomponents;
};

/* The event's data: the keys of `keys` that have a value, as compact JSON
 * with sorted keys (the table's order), in the arena (svc_event_data.c,
 * beside the builders of the other events). */
const char *svcd_event_data(struct arena *a, unsigned keys, const struct svcd_event_data *v);

#endif
