/* The desk queue's rules (issue 6): the states of a ticket and what each
 * counter action does to it, the order in which waiting tickets are called,
 * the ticket number ("A-012"), the Vietnamese phrase the display speaks
 * ("Mời số A không một hai đến quầy số ba"), the satisfaction levels and the
 * per-dossier indices of DOMAIN.md section 7 that the applicant answers, and
 * the figures of the reports (average, 90th percentile, maximum).
 *
 * Layer: core (pure). No I/O, no allocation, thread-safe. repo_queue.c
 * writes the same order in SQL (ORDER BY priority DESC, queued_at, id) so
 * that one UPDATE picks the next ticket atomically; the table tests here
 * fix what that order is.
 */
#ifndef MOTCUA_CORE_QUEUE_H
#define MOTCUA_CORE_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ticket_state {
	TICKET_WAITING,	 /* in the queue of its service */
	TICKET_CALLED,	 /* called to a counter, not yet there */
	TICKET_SERVING,	 /* being served at the counter */
	TICKET_FINISHED, /* served */
	TICKET_NO_SHOW,	 /* skipped twice: out of the queue */
	TICKET_NSTATES
};

enum ticket_action {
	TICKET_CALL,	 /* waiting → called (the next ticket of a counter) */
	TICKET_RECALL,	 /* called → called: announce again */
	TICKET_SKIP,	 /* called → waiting (first time, at the end of the queue) or no_show */
	TICKET_START,	 /* called → serving */
	TICKET_FINISH,	 /* serving → finished */
	TICKET_TRANSFER, /* called or serving → waiting in another service */
	TICKET_PRIORITY, /* waiting or called: flag as priority (elderly, disabled, pregnant) */
	TICKET_NACTIONS
};

enum queue_error {
	QUEUE_OK = 0,
	QUEUE_E_STATE = -1,	   /* not allowed in the ticket's state */
	QUEUE_E_SAME_SERVICE = -2, /* transfer to the service the ticket is in */
};

/* What the rules look at. */
struct ticket_facts {
	enum ticket_state state;
	int skips;	    /* times skipped so far */
	int64_t service_id; /* current service */
};

/* What an allowed action does. */
struct ticket_outcome {
	enum ticket_state to;
	bool requeue;	       /* queued_at = now: back at the end of the queue */
	bool drops_priority;   /* with requeue: behind everyone, priority tickets too */
	bool keep_place;       /* transfer: queued_at = issued_at, its place by issue time */
	bool counts_no_show;   /* the visitor did not come (second skip) */
	bool ends_handling;    /* the time being served so far is added to handling */
	bool releases_counter; /* the counter is free afterwards */
};

/* Decides action a on t. to_service is the target of a transfer (ignored
 * otherwise). Returns QUEUE_OK and fills *out, or a negative queue_error. */
int queue_apply(const struct ticket_facts *t, enum ticket_action a, int64_t to_service,
		struct ticket_outcome *out);

/* "waiting", "called", "serving", "finished", "no_show"; NULL if unknown. */
const char *ticket_state_name(enum ticket_state s);
int ticket_state_parse(const char *s); /* enum ticket_state or -1 */
const char *ticket_action_name(enum ticket_action a);

/* ---- order of the queue ---- */

struct queue_entry {
	int64_t id;
	int64_t service_id;
	bool priority;
	int64_t queued_at; /* issue time, or the time it went back to the queue */
};

/* Call order: priority tickets first, then first in, first out; the id
 * breaks ties. Negative when a comes before b. */
int queue_compare(const struct queue_entry *a, const struct queue_entry *b);

/* The index of the ticket a counter serving services[0..nservices) calls
 * next among entries[0..n) (all waiting), or -1 if none is eligible. */
long queue_pick(const struct queue_entry *entries, size_t n, const int64_t *services,
		size_t nservices);

/* People ahead of entry `self` for the counters that serve its service:
 * waiting tickets of the same service that come before it. */
size_t queue_ahead(const struct queue_entry *entries, size_t n, const struct queue_entry *self);

/* ---- numbers and the spoken phrase ---- */

/* A service prefix is one capital letter A–Z. */
bool queue_prefix_valid(const char *prefix);

/* "A-012" (three digits at least) into out; returns the length, or -1 if
 * the prefix is not valid, seq < 1 or out is too small (n >= 12 is enough). */
int queue_format_number(const char *prefix, int64_t seq, char *out, size_t n);

/* Parses "A-012" into prefix letter and sequence; -1 if malformed. */
int queue_parse_number(const char *number, char *prefix, int64_t *seq);

/* Vietnamese words of 0..999 as read aloud ("mười lăm", "hai mươi mốt",
 * "một trăm linh năm"). Returns the length, or -1 if out of range or out
 * is too small (64 bytes are enough). */
int queue_number_words(int n, char *out, size_t size);

/* The call phrase: "Mời số A không một hai đến quầy số ba" — the ticket's
 * digits read one by one, the counter's number as a number. Returns the
 * length or -1 (bad number, counter outside 1..999, out too small; 160
 * bytes are enough). */
int queue_call_phrase(const char *number, int counter, char *out, size_t size);

/* ---- ratings (DOMAIN.md section 7) ---- */

enum satisfaction {
	SAT_VERY_SATISFIED = 5,	   /* rất hài lòng */
	SAT_SATISFIED = 4,	   /* hài lòng */
	SAT_NEUTRAL = 3,	   /* bình thường */
	SAT_DISSATISFIED = 2,	   /* không hài lòng */
	SAT_VERY_DISSATISFIED = 1, /* rất không hài lòng */
};

/* "very_satisfied", "satisfied", "neutral", "dissatisfied",
 * "very_dissatisfied"; -1 / NULL if unknown. */
int satisfaction_parse(const char *s);
const char *satisfaction_name(int level);
const char *satisfaction_label_vi(int level);
/* Satisfied = the first two levels. */
bool satisfaction_is_satisfied(int level);

/* The indices of DOMAIN.md section 7 that the applicant answers about a
 * dossier, with the answers each accepts and their scores (2 / 1 / 0):
 *   3 contacts  — times the applicant had to contact the desk to complete
 *                 the dossier: "none" 2, "one" 1, "more" 0;
 *   4 agencies  — agencies the applicant had to contact: "none" 2,
 *                 "desk_only" 1, "more" 0;
 *   7 attitude  — the officers' attitude: "no_complaint" (scored 2 or 1 by
 *                 the dossier's timeliness, later, from its history),
 *                 "complaint" 0. Here no_complaint scores -1: not yet known.
 * Indices 1, 2 are computed from the dossier's history, never asked. */
struct rating_index {
	int number;	 /* 3, 4, 7 */
	const char *key; /* "contacts", "agencies", "attitude" */
	const char *answers[3];
	int scores[3];
};
extern const struct rating_index rating_indices[];
extern const size_t rating_nindices;
/* The score of an answer to index key, or -2 if the key or answer is
 * unknown (-1 = valid but not scored yet, see above). */
int rating_index_score(const char *key, const char *answer);

/* ---- figures for the reports ---- */

struct queue_stats {
	size_t n;
	int64_t avg, p90, max; /* 0 when n == 0 */
};

/* Average (rounded to nearest), 90th percentile (nearest rank: the
 * smallest value with at least 90 % of values at or below it) and maximum
 * of v[0..n). Sorts v in place. */
void queue_stats_compute(int64_t *v, size_t n, struct queue_stats *out);

#endif
