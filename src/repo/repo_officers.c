/* The officers of a unit: the active staff accounts someone may hand a
 * dossier to, with their roles, for the pickers of the dossier page. One
 * statement (users left-joined to their roles, a user's rows adjacent by
 * the ORDER BY) grouped here. Layer: repo. */
#include <string.h>

#include "core/roles.h"
#include "repo/repo.h"

#define OFFICER_SQL                                                                                \
	"SELECT u.id, u.username, u.full_name, r.role FROM users u "                               \
	"LEFT JOIN user_roles r ON r.user_id = u.id "                                              \
	"WHERE u.unit_id = ? AND u.active = 1 AND u.kind = 'staff' "
#define OFFICER_ORDER " ORDER BY u.username, r.role"

int repo_officers_of_unit(struct db *db, struct arena *a, int64_t unit_id, const char *role,
			  struct unit_officer **out, size_t *n)
{
	struct db_res *r;
	int rc = role ? db_query(db,
				 OFFICER_SQL "AND EXISTS (SELECT 1 FROM user_roles x WHERE "
					     "x.user_id = u.id AND x.role = ?)" OFFICER_ORDER,
				 DB_ARGS(DB_I(unit_id), DB_T(role)), &r)
		      : db_query(db, OFFICER_SQL OFFICER_ORDER, DB_ARGS(DB_I(unit_id)), &r);
	if (rc < 0)
		return rc;
	size_t rows = db_res_rows(r);
	*out = arena_zalloc(a, (rows + 1) * sizeof **out);
	*n = 0;
	for (size_t i = 0; i < rows; i++) {
		int64_t id = db_res_int(r, i, 0);
		if (*n == 0 || (*out)[*n - 1].id != id) {
			struct unit_officer *o = &(*out)[(*n)++];
			o->id = id;
			o->username = repo_text(a, r, i, 1);
			o->full_name = repo_text(a, r, i, 2);
		}
		if (!db_res_null(r, i, 3))
			(*out)[*n - 1].roles |= role_parse(db_res_text(r, i, 3));
	}
	db_res_free(r);
	return DB_OK;
}
