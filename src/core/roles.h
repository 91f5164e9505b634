/* The roles of DOMAIN.md section 2, as bits so that a route can name the set
 * of roles allowed to call it. Layer: core (pure). */
#ifndef MOTCUA_CORE_ROLES_H
#define MOTCUA_CORE_ROLES_H

#include <stdbool.h>

enum role {
	ROLE_ADMIN = 1u << 0,
	ROLE_RECEIVER = 1u << 1,
	ROLE_SPECIALIST = 1u << 2,
	ROLE_HEAD = 1u << 3,
	ROLE_LEADER = 1u << 4,
	ROLE_OFFICE = 1u << 5,
	ROLE_CITIZEN = 1u << 6,
};

#define ROLES_STAFF                                                                                \
	(ROLE_ADMIN | ROLE_RECEIVER | ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE)
#define ROLES_ANY (ROLES_STAFF | ROLE_CITIZEN)

/* "receiver" → ROLE_RECEIVER; 0 if unknown. */
unsigned role_parse(const char *name);
/* ROLE_RECEIVER → "receiver"; NULL if not exactly one known bit. */
const char *role_name(unsigned role);
/* Every role, in order, for iteration; terminated by 0. */
extern const unsigned role_all[];

#endif
