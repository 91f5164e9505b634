/* GET /api/v1/units/{code}/officers: the active officers of a unit,
 * optionally those holding one role, so that the dossier page can offer a
 * list to assign or transfer to instead of a typed user name. Staff only;
 * the server still checks the chosen officer against the step. Layer: api. */
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
	struct unit_officer *o = NULL;
	size_t n = 0;
	struct svc_result r = svc_unit_officers(req->db, &req->arena, code, role, &o, &n);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
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
