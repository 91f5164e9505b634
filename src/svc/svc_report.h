/* The periodic statistics report on the handling of dossiers (DOMAIN.md
 * section 11, issue 12): per procedure, field or processing unit of a
 * unit's tree, for any period of local dates, with a total row; as data
 * for the API, and as XLSX or CSV files.
 *
 * Columns (the keys of the contract, in this order): received = carried
 * over + new online + new direct + new by post; ended = early + on time +
 * late (against the original due time, core/kpi.h), of which refused,
 * withdrawn, stopped; in progress at the period's end = not yet due +
 * overdue, of which waiting for a supplement or a payment. Every row adds
 * up: carried over + new = ended + in progress.
 *
 * Layer: svc.
 */
#ifndef MOTCUA_SVC_SVC_REPORT_H
#define MOTCUA_SVC_SVC_REPORT_H

#include "base/buf.h"
#include "svc/svc.h"

enum svc_report_col {
	SVC_RC_CARRIED_OVER,
	SVC_RC_NEW_ONLINE,
	SVC_RC_NEW_DIRECT,
	SVC_RC_NEW_POST,
	SVC_RC_ENDED_EARLY,
	SVC_RC_ENDED_ON_TIME,
	SVC_RC_ENDED_LATE,
	SVC_RC_REFUSED,
	SVC_RC_WITHDRAWN,
	SVC_RC_STOPPED,
	SVC_RC_OPEN_NOT_DUE,
	SVC_RC_OPEN_OVERDUE,
	SVC_RC_OPEN_WAITING,
	SVC_REPORT_NCOLS
};

/* "carried_over", "new_online", …: the JSON keys, by enum svc_report_col. */
extern const char *const svc_report_keys[SVC_REPORT_NCOLS];

struct svc_report_row {
	const char *key;	       /* procedure code, field name, unit code; "total" */
	const char *name_vi, *name_en; /* what the key names */
	int64_t n[SVC_REPORT_NCOLS];
};

enum svc_report_by { SVC_REPORT_BY_PROCEDURE, SVC_REPORT_BY_FIELD, SVC_REPORT_BY_UNIT };

struct svc_report {
	struct unit unit;	     /* the unit reported on (with the units below it) */
	const char *from, *to;	     /* local dates, both included */
	const char *by;		     /* procedure | field | unit */
	enum svc_report_by mode;     /* the same */
	struct svc_report_row *rows; /* by key */
	size_t nrows;
	struct svc_report_row total;
	/* Corrections of the closed period before, carried into this one
	 * (svc_closure.h svc_report_carried()): each a row of differences,
	 * its key "ĐC <period> <row key>" and its name the reason; the XLSX,
	 * CSV and PDF print them after the total. None unless the caller sets them. */
	const struct svc_report_row *carried;
	size_t ncarried;
};

/* At most this many dossiers in one report: a longer period or a larger
 * scope is refused (BAD_QUERY, to) rather than read into memory. */
#define SVC_REPORT_MAX_DOSSIERS 500000

/* The report of unit_ref (code or id) from .. to (YYYY-MM-DD, at most 366
 * days) by by (NULL: procedure) for who (core/access.h
 * access_unit_stats(); NULL: the command line, no check). Strings and rows from a. Errors:
 * BAD_QUERY (unit missing, from, to, by), UNIT_NOT_FOUND (unit), FORBIDDEN, DB_ERROR,
 * REQUEST_BUDGET_SPENT, INTERNAL (a unit's calendar cannot be built). */
struct svc_result svc_report_build(struct db *db, struct arena *a, const struct svc_actor *who,
				   const char *unit_ref, const char *from, const char *to,
				   const char *by, struct svc_report *out);

/* May who see the statistics of u (core/access.h access_unit_stats())?
 * who NULL: the command line, yes. FORBIDDEN naming unit, DB_ERROR. */
struct svc_result svc_report_may_see(struct db *db, struct arena *a, const struct svc_actor *who,
				     const struct unit *u);

enum svc_report_format { SVC_REPORT_JSON, SVC_REPORT_XLSX, SVC_REPORT_CSV, SVC_REPORT_PDF };

/* "json" (or NULL), "xlsx", "csv", "pdf" into *out: 0, or -1 for anything else. */
int svc_report_format_parse(const char *s, enum svc_report_format *out);

/* The report as a file of format f (not JSON), appended to out, with
 * *content_type and *filename (from a: "bao-cao-<unit>-<from>-<to>.xlsx").
 * XLSX and CSV: the header row (Vietnamese, as the official form heads its
 * columns, each total before its parts: received, ended, in progress), one
 * row per group, the total row last. PDF: A4 landscape in the official
 * layout (doc/report.h), signed with the agency's key (PAdES) in the name
 * of the unit's head (svc_form_head()), not of whoever downloads it, and
 * only of a period that has ended. Errors: REQUEST_BUDGET_SPENT, INTERNAL,
 * DB_ERROR, and for PDF STATS_PERIOD_NOT_ENDED (to: today or later) and
 * the signer's (SIGNER_UNAVAILABLE, SIGNER_PIN_REFUSED, SIGN_FAILED). */
struct svc_result svc_report_file(struct db *db, struct arena *a, const struct config *cfg,
				  const struct svc_report *rep, enum svc_report_format f,
				  struct buf *out, const char **content_type,
				  const char **filename);

/* An indicator's drill-down list (svc_kpi_items() with every fact) as
 * XLSX or CSV: one row per fact — its reference, 1 or 0 for in the
 * denominator and in the numerator (so that a SUM gives the figures), the
 * value it adds to an average (blank for a count), the reason in
 * Vietnamese and English. *filename is "chi-tiet-<key>-<unit>-<from>-<to>"
 * (unit "toan-co-quan" for the whole agency). Errors:
 * REQUEST_BUDGET_SPENT, INTERNAL. */
struct svc_result svc_report_items_file(struct arena *a, const struct config *cfg,
					const struct svc_kpi_query *q,
					const struct svc_kpi_items *items, enum svc_report_format f,
					struct buf *out, const char **content_type,
					const char **filename);

#endif
