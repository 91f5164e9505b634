/* GET /api/v1/units/{code}/officers: the active officers of a unit,
 * optionally those holding one role, so that the dossier page can offer a
 * list to assign or transfer to instead of a typed user name. Staff only;
 * the server still checks the chosen officer against the step. Layer: api. */
#include <string.h>

#include "api/api.h"
#include "core/roles.h"

void api_unit_officers(struct http_request *req)
{
	const char *code = http_param(req, 0);
	const char *role = http_query(req, "role");
	if (role && !role_parse(role)) {
		http_reply_error(req, ERR_BAD_QUERY, "role", "a role name, e.g. specialist");
		return;
	}
	struct unit u;
	int rc = strlen(code) > 32 ? REPO_NOT_FOUND
				   : repo_unit_by_code(req->db, &req->arena, code, &u);
	if (rc == REPO_NOT_FOUND) {
		http_reply_error(req, ERR_UNIT_NOT_FOUND, "unit", NULL);
		return;
	}
	struct unit_officer *o = NULL;
	size_t n = 0;
	if (rc < 0 || repo_officers_of_unit(req->db, &req->arena, u.id, role, &o, &n) < 0) {
		http_reply_error(req, ERR_DB_ERROR, NULL, NULL);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *roles = json_array();
		for (const unsigned *x = role_all; *x; x++)
			if (o[i].roles & *x)
				json_array_append_new(roles, json_string(role_name(*x)));
		json_array_append_new(items,
				      json_pack("{s:I,s:s,s:s,s:o}", "id", (json_int_t)o[i].id,
						"username", o[i].username, "full_name",
						o[i].full_name, "roles", roles));
	}
	http_reply_json(req, 200, json_pack("{s:o}", "items", items));
}
