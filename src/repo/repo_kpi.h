/* Monitoring (issue 12): what the indicators read, for a scope and a
 * period — dossiers with their history rebuilt from dossier_events (when
 * received, paused, extended, ended: never from the live columns), the
 * catalogue's procedures, queue tickets and ratings — and the rule sets.
 * Layer: repo (private to svc). Strings and arrays come from the arena.
 */
#ifndef MOTCUA_REPO_REPO_KPI_H
#define MOTCUA_REPO_REPO_KPI_H

#include "core/kpi_index.h"
#include "model/monitor.h"
#include "repo/repo.h"

/* A scope: unit_id 0 = the whole agency (else the dossiers the unit or one
 * of its sub-units processes, wherever received: DOMAIN.md 11's "unit that
 * handles"; tickets and ratings of the unit's tree; procedures it
 * announces); procedure / field NULL = any;
 * officer_id 0 = any (else the dossiers in whose history the officer
 * acted — reading one is not acting on it — the tickets they served, the ratings naming them). */
struct repo_kpi_scope {
	int64_t unit_id;
	const char *procedure, *field;
	int64_t officer_id;
	int64_t from_ms, to_ms;
	int64_t cap;	      /* at most this many rows of each kind; more: DB_TOO_MANY */
	int64_t claim;	      /* non-zero: only the dossiers kpi_dirty holds claimed with it */
	bool no_online_count; /* procedures: online_received left 0 (the aggregates count it) */
};

struct repo_kpi_dossier {
	int64_t id;
	struct kpi_history h; /* without cal, hours and limit (svc sets them) */
	struct kpi_dossier d; /* d.h is NULL: svc points it at h */
	int64_t processing_unit_id;
	int64_t version_id; /* the procedure version received under (repo_kpi_versions()) */
	const char *procedure, *limit_unit;
	int64_t limit_value;
	int64_t live_received_at; /* the dossiers table's received_at */
};

/* The dossiers of the scope received before the period's end and not ended
 * before its start (by the live columns; their history then from events).
 * Errors: DB_* (DB_TOO_MANY past s->cap). */
int repo_kpi_dossiers(struct db *db, struct arena *a, const struct repo_kpi_scope *s,
		      struct repo_kpi_dossier **out, size_t *n) __attribute__((warn_unused_result));

/* Every procedure version, by id (the catalogue is small beside the
 * dossiers): what the periodic report groups by. Errors: DB_*. */
int repo_kpi_versions(struct db *db, struct arena *a, struct monitor_version **out, size_t *n)
	__attribute__((warn_unused_result));

struct repo_kpi_procedure {
	struct kpi_procedure p; /* complete, missing_* and public_due_at set by svc */
	int64_t unit_id;
	const char *name_vi, *subjects, *limit_unit;
	int64_t nsteps, ncomponents, sets, limit_value;
};

/* The procedures of the scope in force at the period's end (the latest
 * published version that took effect before it), with the online dossiers
 * each received in the period. Errors: DB_* (DB_TOO_MANY past s->cap). */
int repo_kpi_procedures(struct db *db, struct arena *a, const struct repo_kpi_scope *s,
			struct repo_kpi_procedure **out, size_t *n)
	__attribute__((warn_unused_result));

/* Tickets called or finished in the period; current ratings given in it. */
int repo_kpi_tickets(struct db *db, struct arena *a, const struct repo_kpi_scope *s,
		     struct kpi_ticket **out, size_t *n) __attribute__((warn_unused_result));
int repo_kpi_ratings(struct db *db, struct arena *a, const struct repo_kpi_scope *s,
		     struct kpi_rating **out, size_t *n) __attribute__((warn_unused_result));

/* The rule set in force at `at` (the latest effective_from <= at), its rows
 * in kpi_defs order where known. DB_NOT_FOUND when none is. */
int repo_kpi_rule_set(struct db *db, struct arena *a, int64_t at, struct kpi_rule_set *out)
	__attribute__((warn_unused_result));
/* The rule set by name. DB_NOT_FOUND. */
int repo_kpi_rule_set_named(struct db *db, struct arena *a, const char *name,
			    struct kpi_rule_set *out) __attribute__((warn_unused_result));
/* Every rule set's name and effective_from, by effective_from. */
int repo_kpi_rule_sets(struct db *db, struct arena *a, struct kpi_rule_set **out, size_t *n)
	__attribute__((warn_unused_result));
/* Replaces the rows of rule set rs->name (creating it with rs->effective_from
 * when new). Call inside a transaction. Errors: DB_*; DB_CONSTRAINT when
 * another set has that effective_from. */
int repo_kpi_rule_set_save(struct db *db, const struct kpi_rule_set *rs, int64_t now)
	__attribute__((warn_unused_result));

/* Whether a procedure with this code exists. Errors: DB_*. */
int repo_kpi_procedure_exists(struct db *db, const char *code, bool *found)
	__attribute__((warn_unused_result));

/* Whether some version of some procedure is of this field (its Vietnamese
 * or English name). Errors: DB_*. */
int repo_kpi_field_exists(struct db *db, const char *field, bool *found)
	__attribute__((warn_unused_result));

#endif
