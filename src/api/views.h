/* The views: one function per resource writes it, and every reply that
 * shows the resource (a list's rows and a single item alike) calls it, so
 * the same thing is never written two ways. Times are written in the API's
 * one format (base/clock.h: "2026-03-12T15:00:00+07:00"), dates alone as
 * "YYYY-MM-DD". Each resource has one writer: the streaming writer
 * (base/json.h) where a reply is large or hot (dossiers), jansson where it
 * is built once and small.
 *
 * Layer: api (the CLI's export uses the procedure view too). Pure: no I/O,
 * arguments borrowed, thread-safe.
 */
#ifndef MOTCUA_API_VIEWS_H
#define MOTCUA_API_VIEWS_H

#include "base/json.h"
#include "svc/svc.h"

/* ---- dossiers (view_dossier.c), streaming ---- */

/* One dossier with everything the pages and forms show. */
void view_dossier(struct jw *w, const struct svc_dossier *s);
/* A dossier as a row of a list: the inbox, a citizen's own dossiers. */
void view_dossier_item(struct jw *w, const struct dossier *d);
/* The public tracking view: no personal data, the owner's name masked. */
void view_dossier_track(struct jw *w, const struct svc_track *t);

/* ---- procedures (view_procedure.c), jansson ---- */

enum view_proc_shape {
	VIEW_PROC_SUMMARY, /* a row of the catalogue list */
	VIEW_PROC_DETAIL,  /* one procedure, as its page shows it */
	VIEW_PROC_FILE,	   /* the catalogue file (export; import reads it back) */
};
/* p in the given shape; a new reference, never NULL. */
json_t *view_procedure(const struct procedure *p, enum view_proc_shape shape);

/* A problem line of a procedure draft ("prefix: path: message", English)
 * as {"field", "en", "vi"} (view_problems.c); a new reference. */
json_t *view_problem(struct arena *a, const char *line);

/* ---- the desk queue (view_queue.c), jansson ---- */

json_t *view_queue_service(const struct queue_service *s);
json_t *view_queue_counter(const struct queue_counter *c);
/* A ticket. follow_url (NULL: left out) adds what only its holder sees,
 * the follow token; rating_url, the rating link of a finished visit. */
json_t *view_queue_ticket(const struct svc_queue_ticket *st, const char *follow_url,
			  const char *rating_url);
/* Adds to a call of t (board snapshot, or the event of a call) the phrase
 * the board shows and the address of the sound it plays, if t is at a
 * counter. */
void view_queue_call_voice(json_t *o, const struct queue_ticket *t);

/* ---- the working calendar (view_calendar.c), jansson ---- */

/* A day of the year that is not an ordinary one (off, or a swapped workday). */
json_t *view_calendar_day(const struct svc_cal_day *d);
/* A stored entry; unit_code names the unit of a unit's own entry. */
json_t *view_calendar_entry(const struct cal_entry_row *e, const char *unit_code);

/* ---- ratings (view_rating.c), jansson ---- */

json_t *view_rating(const struct rating_row *r);

#endif
