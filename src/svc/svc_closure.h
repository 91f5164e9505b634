/* Closed periods of the periodic report (issue 12, DOMAIN.md 11): the
 * office or a leader closes a month, quarter, half-year or year of a unit;
 * its report (by procedure, by field and by unit) is frozen as JSON with
 * its SHA-256 into one hash chain of closures (each link's hash covers its
 * canonical form, which holds the figures' hash and the previous link's
 * hash, as a dossier's events do: core/events.h), signed with the agency
 * key (a detached CMS over the canonical form). A later read of exactly
 * that unit and period answers the frozen figures, and what the history
 * says now, where it differs, as adjustments (frozen, recomputed,
 * difference) instead of changing the closed report in silence.
 * `motcua audit verify` walks the chain (svc_audit_verify_closures).
 *
 * Layer: svc.
 */
#ifndef MOTCUA_SVC_SVC_CLOSURE_H
#define MOTCUA_SVC_SVC_CLOSURE_H

#include "base/json.h"
#include "model/monitor.h"
#include "svc/svc_report.h"

/* "2026-03" (a month), "2026-Q1".."Q4", "2026-H1"/"H2", "2026": its first
 * and last days into from and to (YYYY-MM-DD). 0, or -1 for anything else
 * (years 2000 to 2999). */
int svc_kpi_period_parse(const char *period, char from[11], char to[11]);

/* A row of the report as JSON: key, name, name_en and the columns by
 * svc_report_keys (a new reference; the API's rows and the frozen ones). */
json_t *svc_report_row_json(const struct svc_report_row *r);

/* Closes period of unit (code) for who (NULL: the command line; else a
 * leader or the office: FORBIDDEN) and signs it with cfg's agency key.
 * Errors: FIELD_MISSING / FIELD_INVALID (unit, period),
 * KPI_PERIOD_NOT_ENDED (period: its last day is today or later),
 * KPI_PERIOD_CLOSED (period), UNIT_NOT_FOUND, FORBIDDEN, those of
 * svc_report_build(), SIGNER_UNAVAILABLE / SIGNER_PIN_REFUSED /
 * SIGN_FAILED, DB_ERROR. *out from a. */
struct svc_result svc_kpi_close(struct db *db, struct arena *a, const struct config *cfg,
				const struct svc_actor *who, const char *unit, const char *period,
				struct monitor_closure *out);

#define SVC_CLOSURES_MAX 1000

/* The closures of unit (code; NULL: every unit, for those who see the
 * whole agency), by seq, without their figures, at most SVC_CLOSURES_MAX.
 * Errors: UNIT_NOT_FOUND (unit), FORBIDDEN, DB_ERROR. */
struct svc_result svc_kpi_closures(struct db *db, struct arena *a, const struct svc_actor *who,
				   const char *unit, struct monitor_closure **out, size_t *n);

/* One difference between a closed report and the history now. */
struct svc_kpi_adjustment {
	const char *key;    /* the row's key, "total" */
	const char *column; /* svc_report_keys[] */
	int64_t frozen, recomputed;
};

struct svc_report_frozen {
	bool closed;
	struct monitor_closure closure; /* when closed */
	struct svc_kpi_adjustment *adj;
	size_t nadj;
};

/* If rep (as svc_report_build() made it, from the history) is of exactly a
 * closed unit and period, puts the frozen rows of rep->by in its place and
 * lists where the recomputed figures differ; else out->closed is false and
 * rep is unchanged. Errors: INTERNAL (the stored figures do not match
 * their hash, or do not parse), DB_ERROR. */
struct svc_result svc_report_frozen(struct db *db, struct arena *a, struct svc_report *rep,
				    struct svc_report_frozen *out);

/* If from..to is exactly a month, quarter, half-year or year (as
 * svc_kpi_period_parse() reads them), the one of the same kind just
 * before it into prev ("2026-03" before April, "2025-Q4" before the
 * first quarter): 0; else -1. */
int svc_kpi_period_before(const char *from, const char *to, char prev[8]);

/* One row of corrections carried into the next period's report: where
 * the history now gives other figures for a closed period than were
 * frozen, per row key (procedure, field, unit). d[] is recomputed minus
 * frozen, so the row adds up as the report's rows do (carried over + new
 * = ended + in progress), and frozen + d is what the history says. */
struct svc_report_carried_row {
	const char *key, *name_vi, *name_en;
	int64_t d[SVC_REPORT_NCOLS];
	const char *reason_vi, *reason_en; /* the closed period, each change */
};

struct svc_report_carried {
	bool any;			/* the period before is closed */
	struct monitor_closure closure; /* it, when any */
	struct svc_report_carried_row *rows;
	size_t nrows;
};

/* The adjustments rep (a month, quarter, half-year or year) carries of
 * the closed period of the same kind just before it, of the same unit:
 * the frozen rows of rep->by against that period recomputed now, one row
 * per key that differs. The closed period's own report keeps its frozen
 * figures; these rows are how a later correction is reported. out->any
 * false when the period before is not closed (or rep is not a period).
 * Errors: those of svc_report_build(), INTERNAL (the stored figures do
 * not match their hash or do not parse), DB_ERROR. */
struct svc_result svc_report_carried(struct db *db, struct arena *a, const struct svc_report *rep,
				     struct svc_report_carried *out);

/* The rows of cr as rep->carried (from a), for the files: key "ĐC
 * <period> <row key>", name the reason, the differences as figures. */
void svc_report_carry(struct arena *a, const struct svc_report_carried *cr, struct svc_report *rep);

/* One closure checked as `audit verify` checks it: its figures against
 * their hash, its canonical form against its hash, its link to the one
 * before, and the agency's signature against data_dir/pki/chain.pem when
 * that file exists; and, when valid, its frozen report by procedure with
 * the adjustments the history now gives. */
struct svc_closure_check {
	struct monitor_closure closure; /* with its figures */
	bool valid;			/* every check passed */
	bool signature_verified;	/* the signature was checked and verifies */
	char problem[512];		/* the first broken check; "" when valid */
	struct svc_report frozen;	/* when valid: rows and total as frozen */
	struct svc_report_frozen since; /* when valid: the adjustments */
};

/* Closure seq for who (NULL: the command line; else one who may see its
 * unit's statistics), checked into *out (strings from a). A broken
 * closure is not an error: out->valid false names it. Errors:
 * KPI_CLOSURE_NOT_FOUND (seq), FORBIDDEN, UNIT_NOT_FOUND, those of
 * svc_report_build(), DB_ERROR. */
struct svc_result svc_kpi_closure_check(struct db *db, struct arena *a, const struct config *cfg,
					const struct svc_actor *who, int64_t seq,
					struct svc_closure_check *out);

/* The closures' half of `audit verify`: every closure's figures against
 * their hash, its canonical form against its hash, the links, the
 * sequence and the head; the signatures against data_dir/pki/chain.pem
 * when that file exists. Returns 0 (closures and signatures set), 1 with
 * problem naming the first broken closure, -1 if the database fails. */
int svc_audit_verify_closures(struct db *db, const struct config *cfg, struct svc_audit *out);

#endif
