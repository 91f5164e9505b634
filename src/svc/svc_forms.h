/* The forms of a dossier (01–06) and a unit's tracking book (07) as PDF:
 * reads the dossier, its history and its units, maps them to the plain
 * structs of doc/forms.h and renders. Each form is drawn from the event
 * that produced it (svc_dossier_form_event()), so a form printed again later
 * says what it said when it was issued.
 *
 * Layer: svc. Calls repo and doc; no HTTP.
 *
 * The agency block: the issuing unit in bold, its parent unit as the
 * superior body (the configuration's agency.superior for the root unit);
 * the place of the date line is agency.place. Form 01's QR code and look-up
 * address are public_url + "/#/track/" + code, the public tracking page.
 *
 * Who may print: the applicant (a citizen's own online dossier; others get
 * DOSSIER_NOT_FOUND, as for reading it), a leader or the office (the whole
 * agency), and other officers of a unit the dossier passes through (the
 * receiving and processing units, the co-ordinating units, the unit of any
 * step of its process) or who acted on it; anyone else on the staff gets
 * FORBIDDEN. An officer's print is recorded as a `viewed` event, as any
 * other read of personal data.
 *
 * Thread-safe: any number of request threads, each with its own db.
 */
#ifndef MOTCUA_SVC_SVC_FORMS_H
#define MOTCUA_SVC_SVC_FORMS_H

#include "base/buf.h"
#include "svc/svc.h"

struct doc_agency;

/* Renders form (1..6) of dossier code for who, appending the PDF to out.
 * Form 06 exists once the dossier was received; forms 01–05 once an event
 * produced them. Errors (field): DOSSIER_NOT_FOUND (code), NOT_FOUND (form:
 * not 1..6, or the dossier has no such form), FORBIDDEN, INTERNAL (the
 * renderer refused the data; logged), DB_ERROR. */
struct svc_result svc_form_dossier(struct db *db, struct arena *a, const struct config *cfg,
				   const struct svc_actor *who, const char *code, int form,
				   struct buf *out);

/* The most rows one tracking book prints; a longer period is refused. */
#define SVC_BOOK_MAX_ROWS 20000
/* The longest period of one tracking book, in days. */
#define SVC_BOOK_MAX_DAYS 366

/* Renders the tracking book (Form 07) of the receiving unit unit_ref (its
 * code, or its id in decimal) for the local dates from..to (YYYY-MM-DD,
 * inclusive), appending the PDF to out. Officers of that unit, leaders and
 * the office may print it. Errors (field): UNIT_NOT_FOUND (unit),
 * BAD_QUERY (from, to: not a date, to before from, more than
 * SVC_BOOK_MAX_DAYS days, or more than SVC_BOOK_MAX_ROWS dossiers),
 * FORBIDDEN, INTERNAL, DB_ERROR. */
struct svc_result svc_form_tracking_book(struct db *db, struct arena *a, const struct config *cfg,
					 const struct svc_actor *who, const char *unit_ref,
					 const char *from, const char *to, struct buf *out);

/* The agency block of documents issued by unit u at instant at (0: now):
 * u's name, under its parent's (else agency.superior), at agency.place,
 * each as it was named then (a unit's former names, with the superior
 * body recorded with them: a form of 2024 reprinted shows the 2024 name).
 * Strings from a. Returns DB_OK or a negative DB status. For the use cases
 * that print. */
int svc_form_agency(struct db *db, struct arena *a, const struct config *cfg, const struct unit *u,
		    int64_t at, struct doc_agency *out) __attribute__((warn_unused_result));

/* The agency unit u belongs to: the root of its tree (the board, of which
 * the departments are parts), into out (strings from a). The collecting
 * agency of a fee receipt, the agency Forms 04 and 05 speak for. Returns
 * DB_OK or a negative DB status. */
int svc_form_agency_unit(struct db *db, struct arena *a, const struct unit *u, struct unit *out)
	__attribute__((warn_unused_result));

/* Gives the form (1..7) that event e of dossier d produces its number and
 * symbol from the register of the issuing unit, form and year (local),
 * inside the caller's transaction: gapless, and safe under concurrent
 * issuers (the counter row is locked by its upsert). Forms that do not
 * leave the agency (06, 07) get none. Returns DB_OK or a negative DB
 * status. */
int svc_form_register(struct db *db, struct arena *a, const struct dossier *d,
		      const struct event *e, int form) __attribute__((warn_unused_result));

/* The head who signs what unit u issues in its own name (DOMAIN.md 6: the
 * head of the agency, never the officer who drafted it nor whoever prints
 * it): the first active staff account of u holding head, else leader, by
 * user name; a unit with neither is signed for by the head of its parent,
 * up at most SVC_FORM_HEAD_MAX_UP units. Forms 04 and 05 and the periodic
 * report (svc_report.h) are signed so. *name (from a) is that account's
 * full name, NULL if there is none. Returns DB_OK or a negative DB status. */
#define SVC_FORM_HEAD_MAX_UP 16
int svc_form_head(struct db *db, struct arena *a, const struct unit *u, const char **name)
	__attribute__((warn_unused_result));

#endif
