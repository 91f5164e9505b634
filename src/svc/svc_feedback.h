/* Feedback on regulations and on service (phản ánh, kiến nghị; issue 14,
 * DOMAIN.md section 13): the use cases around core/feedback.c's table.
 *
 * An item is created from the portal by anyone (svc_feedback_create, with
 * or without an account; rate-limited per address) or by the desk
 * (channel phone, letter, in_person, email). It gets a code and a random
 * tracking key, returned once and stored only as its SHA-256: the code and
 * the key open the tracking page and let the sender reply, rate and raise
 * it again. Staff act through svc_feedback_act(). Every step is an event of
 * the item's hash-chained history (core/events.h), checked by `motcua audit
 * verify`. Deadlines are working time of the agency-wide calendar: refusal
 * within 2 working days of receipt, the first request for information
 * within 5, the answer within 15 (the time waiting for the sender not
 * counted), publication within 2 of the answer; each judged action's
 * event says on_time or late, and one late step makes the item late.
 *
 * Layer: svc. */
#ifndef MOTCUA_SVC_SVC_FEEDBACK_H
#define MOTCUA_SVC_SVC_FEEDBACK_H

#include "core/events.h"
#include "core/feedback.h"
#include "model/feedback.h"
#include "model/unit.h"
#include "svc/svc.h"

#define SVC_FEEDBACK_KEY_HEX 32

struct svc_feedback_in {
	const char *channel; /* NULL or "online" from the portal; else the desk's channel */
	const char *sender_name, *sender_email, *sender_phone, *sender_address;
	bool private_, personal_data;
	const char *subject, *content;
	const char *dossier_code;   /* NULL = none */
	const char *procedure_code; /* NULL = none */
	const char *ip;		    /* the client's address, for the rate limit; NULL = none */
	int64_t retry_after;	    /* out: RATE_LIMITED's seconds */
};

struct svc_feedback_view;

/* Creates an item. who is NULL (or id 0) for an anonymous sender. A staff
 * actor (receiver or office) records an item of another channel; online
 * items are rate-limited per address (feedback.per_ip_per_hour). *out gets
 * the item as its sender's tracking page shows it (its first event, the
 * sender's actions, the deadlines running now), key its tracking key
 * (from a). Errors: FIELD_INVALID (channel,
 * sender_email), DOSSIER_NOT_FOUND (dossier_code), PROCEDURE_NOT_FOUND
 * (procedure_code), FORBIDDEN (a channel other than online by a
 * non-officer), RATE_LIMITED, DB_ERROR. */
struct svc_result svc_feedback_create(struct db *db, const struct config *cfg, struct arena *a,
				      const struct svc_actor *who, struct svc_feedback_in *in,
				      struct svc_feedback_view *out, const char **key);

/* What an action carries besides the item's code. */
struct svc_feedback_act_in {
	const char *note;
	const char *category;  /* classify, assign */
	const char *unit_code; /* assign */
	const char *answer;    /* draft */
	const char *rating;    /* rate: satisfied | dissatisfied */
	int personal_data;     /* classify, mark_personal_data: -1 unchanged, 0 no, 1 the item holds
				  personal data */
	const char *published_content; /* publish: the text published instead of the
					  sender's (personal data taken out); NULL = as sent */
};

/* A deadline that runs in the item's state. */
struct svc_fb_deadline {
	enum fb_deadline kind;
	int64_t due_at;
	bool must; /* missing it is a fault (the information's is optional) */
	bool due_soon, overdue;
};

/* An item with its history and the actions the asker may take now. */
struct svc_feedback_view {
	struct feedback f;
	struct event *events;
	size_t nevents;
	unsigned allowed; /* bits 1u << enum fb_action */
	int64_t due_at;	  /* the deadline the inbox warns of, 0 if none */
	enum fb_deadline due_kind;
	bool due_soon, overdue;
	struct svc_fb_deadline running[3]; /* every deadline that runs now, by kind */
	size_t nrunning;
	bool raise_limited; /* the sender could raise it again but did so feedback.max_raises times
			     */
	/* Staff who may assign it now: the units with an officer who may draft
	 * (id, code, names); NULL otherwise. */
	struct unit *units;
	size_t nunits;
};

/* A staff action (refuse, request_info, classify, assign, reassign,
 * hand_back, draft, send_back, approve, publish) on the item of code.
 * assign and reassign name a unit with an officer who may draft
 * (FEEDBACK_UNIT_NO_DRAFTER); hand_back returns it to the Office, the
 * deadlines unchanged. Errors: FEEDBACK_NOT_FOUND,
 * FEEDBACK_ACTION_NOT_ALLOWED (state, role or unit, with the reason),
 * FEEDBACK_INFO_TWICE, FEEDBACK_PRIVATE, FIELD_MISSING / FIELD_INVALID
 * (note, category, unit, answer), UNIT_NOT_FOUND (unit), DB_ERROR. */
struct svc_result svc_feedback_act(struct db *db, const struct config *cfg, struct arena *a,
				   const struct svc_actor *who, const char *code,
				   enum fb_action action, const struct svc_feedback_act_in *in,
				   struct svc_feedback_view *out);
/* The sender's action (reply, rate, reraise) with the tracking key.
 * Errors: FEEDBACK_NOT_FOUND (also for a wrong key), as above,
 * FEEDBACK_RATED, and FEEDBACK_RAISE_LIMIT (raised again
 * feedback.max_raises times already). */
struct svc_result svc_feedback_sender(struct db *db, const struct config *cfg, struct arena *a,
				      const char *code, const char *key, int64_t owner_id,
				      enum fb_action action, const struct svc_feedback_act_in *in,
				      struct svc_feedback_view *out);
/* The same by the sender's account instead of the key (owner_id: the
 * logged-in citizen who sent it; key is then ignored), and the tracking
 * view and list of the items a citizen sent logged in ("my feedback",
 * newest first). Errors: FEEDBACK_NOT_FOUND for another's item. */
struct svc_result svc_feedback_track_mine(struct db *db, const struct config *cfg, struct arena *a,
					  const struct svc_actor *who, const char *code,
					  struct svc_feedback_view *out);
struct svc_result svc_feedback_mine(struct db *db, const struct config *cfg, struct arena *a,
				    const struct svc_actor *who, struct feedback_filter *flt,
				    struct svc_feedback_view **out, size_t *n, int64_t *total);
/* One item for staff (office and leaders: all; a unit's officers: their
 * unit's). Errors: FEEDBACK_NOT_FOUND, DB_ERROR. */
struct svc_result svc_feedback_get(struct db *db, struct arena *a, const struct svc_actor *who,
				   const char *code, struct svc_feedback_view *out);
/* The tracking page: code and key (reraise is not allowed past
 * feedback.max_raises: raise_limited says so). Errors: FEEDBACK_NOT_FOUND,
 * DB_ERROR. */
struct svc_result svc_feedback_track(struct db *db, const struct config *cfg, struct arena *a,
				     const char *code, const char *key,
				     struct svc_feedback_view *out);
/* The staff's inbox (flt->unit_id is forced to a unit officer's unit) or,
 * with flt->published_only, the public page. Errors: DB_ERROR. */
struct svc_result svc_feedback_list(struct db *db, struct arena *a, const struct svc_actor *who,
				    struct feedback_filter *flt, struct svc_feedback_view **out,
				    size_t *n, int64_t *total);

/* For `audit verify`: whether the row's answer, rating and category are
 * those its events (ev[0..n), verified) record last; a value an older
 * event did not record is not compared. false with why filled if not. */
bool svc_feedback_history_matches(const struct feedback *f, const struct event *ev, size_t n,
				  char *why, size_t whylen);

#endif
