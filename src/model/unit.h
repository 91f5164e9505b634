/* Units of the organisation tree (DOMAIN.md 2) and the officers of a
 * unit, as the services and the repository pass them.
 *
 * Layer: model, below svc and repo (docs/architecture.md): plain structs
 * that both pass, with no functions and no includes beyond libc. Strings
 * are borrowed or from the arena of whoever filled the struct.
 */
#ifndef MOTCUA_MODEL_UNIT_H
#define MOTCUA_MODEL_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct unit {
	int64_t id;
	const char *code, *ident, *name_vi, *name_en, *office_hours;
	int64_t parent_id; /* 0 = root */
	const char *phone; /* printed as the contact on Forms 02 and 03; "" if none */
};

struct unit_officer {
	int64_t id;
	const char *username, *full_name;
	unsigned roles;
};

#endif
