/* Role names and bits: see roles.h. Layer: core. */
#include "core/roles.h"

#include <string.h>

static const struct {
	unsigned bit;
	const char *name;
} roles[] = {
	{ROLE_ADMIN, "admin"},	   {ROLE_RECEIVER, "receiver"}, {ROLE_SPECIALIST, "specialist"},
	{ROLE_HEAD, "head"},	   {ROLE_LEADER, "leader"},	{ROLE_OFFICE, "office"},
	{ROLE_CITIZEN, "citizen"},
};

const unsigned role_all[] = {ROLE_ADMIN,  ROLE_RECEIVER, ROLE_SPECIALIST, ROLE_HEAD,
			     ROLE_LEADER, ROLE_OFFICE,	 ROLE_CITIZEN,	  0};

unsigned role_parse(const char *name)
{
	for (unsigned i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (!strcmp(roles[i].name, name))
			return roles[i].bit;
	return 0;
}

const char *role_name(unsigned role)
{
	for (unsigned i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].bit == role)
			return roles[i].name;
	return 0;
}
