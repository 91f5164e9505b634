/* The stored working calendar: an entry of one date in one scope and a
 * change in its history.
 *
 * Layer: model, below svc and repo (docs/architecture.md): plain structs
 * that both pass, with no functions and no includes beyond libc. Strings
 * are borrowed or from the arena of whoever filled the struct.
 */
#ifndef MOTCUA_MODEL_CALENDAR_H
#define MOTCUA_MODEL_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cal_entry_row {
	int64_t id;
	int64_t unit_id; /* 0 = agency-wide */
	const char *day; /* YYYY-MM-DD */
	int year;
	const char *kind; /* holiday | compensatory | workday | holiday-optional */
	const char *name;
	bool enabled; /* false: kept in the list but not in effect */
	int64_t updated_at, updated_by;
};

struct cal_change_row {
	int64_t id, at, user_id, unit_id; /* user_id 0 = a command, unit_id 0 = agency */
	const char *username, *unit_code; /* filled by repo_cal_changes */
	int year;
	const char *day;		   /* NULL for a whole-year action */
	const char *action;		   /* add | change | remove | load | recompute */
	const char *old_value, *new_value; /* compact JSON or NULL */
	const char *note;
	int64_t version; /* calendar version after the change */
};

#endif
