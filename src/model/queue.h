/* The desk queue: services, counters, tickets, live figures and a report's
 * tickets (the call order and ticket rules are core/queue.h).
 *
 * Layer: model, below svc and repo (docs/architecture.md): plain structs
 * that both pass, with no functions and no includes beyond libc. Strings
 * are borrowed or from the arena of whoever filled the struct.
 */
#ifndef MOTCUA_MODEL_QUEUE_H
#define MOTCUA_MODEL_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct queue_service {
	int64_t id, unit_id;
	const char *prefix, *name_vi, *name_en;
	bool active;
	int64_t waiting; /* filled by repo_queue_services */
};

struct queue_counter {
	int64_t id, unit_id;
	int number;
	const char *name;
	bool active, is_open;
	int64_t officer_id; /* the officer at the counter now; 0 = nobody */
	const char *officer_name;
	int64_t *services; /* service ids, arena */
	size_t nservices;
	int64_t *officers; /* user ids allowed at the counter, arena */
	size_t nofficers;
};

struct queue_ticket {
	int64_t id, unit_id, service_id, origin_service_id;
	const char *day, *number, *state, *priority_reason, *follow_token;
	bool priority;
	int64_t issued_at, queued_at, called_at, last_called_at, started_at, finished_at;
	int64_t handling_ms;
	int64_t counter_id, officer_id; /* 0 = none */
	int64_t calls, skips, transfers;
	int64_t seq; /* insert only: the day's number */
	/* joined, read-only */
	const char *service_prefix, *service_name_vi, *service_name_en;
	int counter_number;
	const char *officer_name;
};

/* Live figures per service of a unit on day. */
struct queue_live_row {
	int64_t service_id;
	int64_t waiting, called_today, wait_sum_ms, wait_max_ms, oldest_waiting_at;
};

/* One ticket of a report with its current visit rating (level 0 = none). */
struct queue_report_ticket {
	int64_t id, service_id, counter_id, officer_id;
	const char *day, *state, *service_name, *officer_name;
	int counter_number;
	int64_t issued_at, called_at, handling_ms; /* called_at 0 = never called */
	bool finished, no_show;
	int rating; /* the current rating of the visit or of a dossier received in it */
};

#endif
