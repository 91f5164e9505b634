/* `motcua routes`: the route table (api/routes.c) and the lifecycle's
 * transition table (core/workflow.c) as JSON, for the authorization matrix
 * test (tests/api/authz-matrix.test.mjs), which fails when a route or an
 * action has no declared expectation, and for reviewers. Layer: cli. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "api/api.h"
#include "cli/cli.h"
#include "core/roles.h"
#include "core/workflow.h"

static json_t *role_names(unsigned bits)
{
	json_t *arr = json_array();
	for (const unsigned *r = role_all; *r; r++)
		if (bits & *r)
			json_array_append_new(arr, json_string(role_name(*r)));
	return arr;
}

int cli_routes(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("routes");
	struct config cfg;
	config_init(&cfg);
	const char *pos[1];
	size_t npos;
	CLI_PARSE(NULL, 0, pos, 1, &npos);
	config_release(&cfg);
	json_t *routes = json_array();
	for (size_t i = 0; i < api_nroutes; i++) {
		const struct route *r = &api_routes[i];
		json_array_append_new(routes, json_pack("{s:s,s:s,s:o,s:b,s:b,s:b}", "method",
							r->method, "pattern", r->pattern, "roles",
							role_names(r->roles), "public",
							(r->flags & ROUTE_PUBLIC) != 0, "csrf",
							!(r->flags & ROUTE_NO_CSRF), "idempotent",
							(r->flags & ROUTE_IDEMPOTENT) != 0));
	}
	json_t *actions = json_array();
	for (int a = 0; a < WF_NACTIONS; a++)
		for (int s = 0; s < DOSSIER_NSTATES; s++) {
			unsigned roles = wf_action_roles((enum wf_action)a, (enum dossier_state)s);
			if (roles)
				json_array_append_new(
					actions,
					json_pack("{s:s,s:s,s:o}", "action",
						  wf_action_name((enum wf_action)a), "from",
						  wf_state_name((enum dossier_state)s), "roles",
						  role_names(roles)));
		}
	json_t *out = json_pack("{s:o,s:o}", "routes", routes, "transitions", actions);
	int rc = json_dumpf(out, stdout, JSON_INDENT(1)) == 0 && putchar('\n') != EOF ? EXIT_OK
										      : EXIT_FAIL;
	json_decref(out);
	return rc;
}
