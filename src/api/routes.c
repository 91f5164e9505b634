/* The one route table: method, pattern, handler, roles allowed, body limit
 * and flags. Layer: api. */
#include "api/api.h"
#include "core/roles.h"

#define KB 1024

const struct route api_routes[] = {
	{"GET", "/healthz", api_healthz, 0, 0, ROUTE_PUBLIC},
	{"GET", "/metrics", api_metrics, 0, 0, ROUTE_PUBLIC | ROUTE_NO_DB},

	{"POST", "/api/v1/auth/login", api_auth_login, 0, 4 * KB, ROUTE_PUBLIC | ROUTE_NO_CSRF},
	{"POST", "/api/v1/auth/logout", api_auth_logout, ROLES_ANY, 1 * KB, 0},
	{"GET", "/api/v1/auth/me", api_auth_me, ROLES_ANY, 0, 0},
	{"POST", "/api/v1/auth/register", api_auth_register, 0, 8 * KB, ROUTE_PUBLIC | ROUTE_NO_CSRF},

	{"GET", "/api/v1/procedures", api_procedures_list, 0, 0, ROUTE_PUBLIC},
	{"POST", "/api/v1/procedures", api_procedures_create, ROLE_ADMIN, 256 * KB, 0},
	{"GET", "/api/v1/procedures/{code}", api_procedures_get, 0, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/procedures/{code}/versions", api_procedures_versions, 0, 0, ROUTE_PUBLIC},
	{"PUT", "/api/v1/procedures/{code}/draft", api_procedures_put_draft, ROLE_ADMIN, 256 * KB, 0},
	{"POST", "/api/v1/procedures/{code}/publish", api_procedures_publish, ROLE_ADMIN, 4 * KB, 0},
	{"GET", "/api/v1/fields", api_fields_list, 0, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/units", api_units_list, 0, 0, ROUTE_PUBLIC},

	/* Working calendar; "due" before "{year}", which would match it too. */
	{"GET", "/api/v1/calendar/due", api_calendar_due, 0, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/calendar/{year}", api_calendar_year, 0, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/calendar/{year}/changes", api_calendar_changes, ROLE_ADMIN, 0, 0},
	{"POST", "/api/v1/calendar/{year}/entries", api_calendar_add, ROLE_ADMIN, 4 * KB, 0},
	{"PUT", "/api/v1/calendar/{year}/entries/{date}", api_calendar_put, ROLE_ADMIN, 4 * KB, 0},
	{"DELETE", "/api/v1/calendar/{year}/entries/{date}", api_calendar_delete, ROLE_ADMIN, 4 * KB, 0},

	/* Dossiers (issue 4): receipt at the desk or online, actions (the
	 * transition table decides who may take which), views, inbox, public tracking. */
	{"POST", "/api/v1/dossiers", api_dossiers_create, ROLE_RECEIVER | ROLE_CITIZEN, 64 * KB, 0},
	{"GET", "/api/v1/dossiers/{code}", api_dossiers_get, ROLES_STAFF | ROLE_CITIZEN, 0, 0},
	{"POST", "/api/v1/dossiers/{code}/actions/{action}", api_dossiers_act, ROLES_ANY, 64 * KB, 0},
	{"GET", "/api/v1/inbox", api_inbox,
	 ROLE_RECEIVER | ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE, 0, 0},
	{"GET", "/api/v1/track/{code}", api_track, 0, 0, ROUTE_PUBLIC},
};
const size_t api_nroutes = sizeof api_routes / sizeof api_routes[0];
