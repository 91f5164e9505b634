/* Feedback items: see repo_feedback.h. Layer: repo. */
#include "repo/repo_feedback.h"

#include "core/kpi_index.h"
#include "repo/repo_kpi.h"

#include <stdlib.h>
#include <string.h>

#include "base/text.h"

static struct db_arg opt_i(int64_t v)
{
	return v ? DB_I(v) : DB_NULL;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

int repo_feedback_next_seq(struct db *db, int64_t day, int64_t *seq)
{
	bool found;
	int rc = db_query_int(db,
			      "INSERT INTO feedback_counters (day, last) VALUES (?, 1) "
			      "ON CONFLICT (day) DO UPDATE SET last = feedback_counters.last + 1 "
			      "RETURNING last",
			      DB_ARGS(DB_I(day)), seq, &found);
	return rc == DB_OK && !found ? DB_HARD : rc;
}

int repo_feedback_insert(struct db *db, const struct feedback *f, int64_t *id)
{
	return repo_insert(
		db,
		"INSERT INTO feedback (code, code_day, code_seq, key_hash, channel, state, "
		"category, sender_name, sender_email, sender_phone, sender_address, "
		"sender_user_id, private, personal_data, subject, content, dossier_id, "
		"procedure_code, field, received_at, refuse_due_at, info_due_at, answer_due_at, "
		"created_by, nevents, last_hash, updated_at, dossier_confirmed) VALUES (?, ?, ?, "
		"?, "
		"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "
		"id",
		DB_ARGS(DB_T(f->code), DB_I(f->code_day), DB_I(f->code_seq), DB_T(f->key_hash),
			DB_T(f->channel), DB_T(f->state), DB_T(nz(f->category)),
			DB_T(f->sender_name), DB_T(nz(f->sender_email)), DB_T(nz(f->sender_phone)),
			DB_T(nz(f->sender_address)), opt_i(f->sender_user_id), DB_I(f->private_),
			DB_I(f->personal_data), DB_T(f->subject), DB_T(f->content),
			opt_i(f->dossier_id), DB_T(nz(f->procedure_code)), DB_T(nz(f->field)),
			DB_I(f->received_at), DB_I(f->refuse_due_at), DB_I(f->info_due_at),
			DB_I(f->answer_due_at), opt_i(f->created_by), DB_I(f->nevents),
			DB_T(f->last_hash), DB_I(f->updated_at), DB_I(f->dossier_confirmed)),
		id);
}

int repo_feedback_update(struct db *db, const struct feedback *f, int64_t old_nevents)
{
	int64_t changes = 0;
	int rc = db_exec(
		db,
		"UPDATE feedback SET state = ?, category = ?, personal_data = ?, procedure_code = "
		"?, "
		"field = ?, unit_id = ?, answer = ?, received_at = ?, refuse_due_at = ?, "
		"info_due_at = ?, answer_due_at = ?, paused_at = ?, info_requested = ?, "
		"answered_at = ?, publish_due_at = ?, published_at = ?, rating = ?, reraised = ?, "
		"late = ?, published_content = ?, raised_at = ?, nevents = ?, last_hash = ?, "
		"updated_at = ?, dossier_confirmed = ? WHERE id = ? AND nevents = ?",
		DB_ARGS(DB_T(f->state), DB_T(nz(f->category)), DB_I(f->personal_data),
			DB_T(nz(f->procedure_code)), DB_T(nz(f->field)), opt_i(f->unit_id),
			DB_T(nz(f->answer)), DB_I(f->received_at), DB_I(f->refuse_due_at),
			DB_I(f->info_due_at), DB_I(f->answer_due_at), opt_i(f->paused_at),
			DB_I(f->info_requested), opt_i(f->answered_at), opt_i(f->publish_due_at),
			opt_i(f->published_at), DB_T(nz(f->rating)), DB_I(f->reraised),
			DB_I(f->late), DB_T(nz(f->published_content)), opt_i(f->raised_at),
			DB_I(f->nevents), DB_T(f->last_hash), DB_I(f->updated_at),
			DB_I(f->dossier_confirmed), DB_I(f->id), DB_I(old_nevents)),
		&changes);
	return rc == DB_OK && changes != 1 ? DB_SOFT : rc;
}

#define COLS                                                                                       \
	"f.id, f.code, f.code_day, f.code_seq, f.key_hash, f.channel, f.state, f.category, "       \
	"f.sender_name, f.sender_email, f.sender_phone, f.sender_address, "                        \
	"COALESCE(f.sender_user_id, 0), f.private, f.personal_data, f.subject, f.content, "        \
	"COALESCE(f.dossier_id, 0), COALESCE(d.code, ''), f.procedure_code, f.field, "             \
	"COALESCE(f.unit_id, 0), COALESCE(u.code, ''), f.answer, f.received_at, "                  \
	"f.refuse_due_at, f.info_due_at, f.answer_due_at, COALESCE(f.paused_at, 0), "              \
	"f.info_requested, COALESCE(f.answered_at, 0), COALESCE(f.publish_due_at, 0), "            \
	"COALESCE(f.published_at, 0), f.rating, f.reraised, f.late, COALESCE(f.created_by, 0), "   \
	"f.nevents, f.last_hash, f.updated_at, f.published_content, COALESCE(f.raised_at, 0), "    \
	"f.dossier_confirmed FROM feedback f "                                                     \
	"LEFT JOIN dossiers d ON d.id = f.dossier_id LEFT JOIN units u ON u.id = f.unit_id "

static void read_item(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct feedback *f = elem;
	size_t c = 0;
	f->id = db_res_int(r, i, c++);
	f->code = repo_text(a, r, i, c++);
	f->code_day = db_res_int(r, i, c++);
	f->code_seq = db_res_int(r, i, c++);
	f->key_hash = repo_text(a, r, i, c++);
	f->channel = repo_text(a, r, i, c++);
	f->state = repo_text(a, r, i, c++);
	f->category = repo_text(a, r, i, c++);
	f->sender_name = repo_text(a, r, i, c++);
	f->sender_email = repo_text(a, r, i, c++);
	f->sender_phone = repo_text(a, r, i, c++);
	f->sender_address = repo_text(a, r, i, c++);
	f->sender_user_id = db_res_int(r, i, c++);
	f->private_ = db_res_int(r, i, c++) != 0;
	f->personal_data = db_res_int(r, i, c++) != 0;
	f->subject = repo_text(a, r, i, c++);
	f->content = repo_text(a, r, i, c++);
	f->dossier_id = db_res_int(r, i, c++);
	f->dossier_code = repo_text(a, r, i, c++);
	f->procedure_code = repo_text(a, r, i, c++);
	f->field = repo_text(a, r, i, c++);
	f->unit_id = db_res_int(r, i, c++);
	f->unit_code = repo_text(a, r, i, c++);
	f->answer = repo_text(a, r, i, c++);
	f->received_at = db_res_int(r, i, c++);
	f->refuse_due_at = db_res_int(r, i, c++);
	f->info_due_at = db_res_int(r, i, c++);
	f->answer_due_at = db_res_int(r, i, c++);
	f->paused_at = db_res_int(r, i, c++);
	f->info_requested = db_res_int(r, i, c++) != 0;
	f->answered_at = db_res_int(r, i, c++);
	f->publish_due_at = db_res_int(r, i, c++);
	f->published_at = db_res_int(r, i, c++);
	f->rating = repo_text(a, r, i, c++);
	f->reraised = db_res_int(r, i, c++);
	f->late = db_res_int(r, i, c++) != 0;
	f->created_by = db_res_int(r, i, c++);
	f->nevents = db_res_int(r, i, c++);
	f->last_hash = repo_text(a, r, i, c++);
	f->updated_at = db_res_int(r, i, c++);
	f->published_content = repo_text(a, r, i, c++);
	f->raised_at = db_res_int(r, i, c++);
	f->dossier_confirmed = db_res_int(r, i, c++) != 0;
}

int repo_feedback_by_code(struct db *db, struct arena *a, const char *code, struct feedback *out)
{
	return repo_row(db, a, "SELECT " COLS "WHERE f.code = ?", DB_ARGS(DB_T(code)), read_item,
			NULL, out);
}

/* Every filter is always bound; a NULL one matches everything. like is a
 * local of the caller: the text is matched in C instead (text_fold(), the
 * rule of every search: SQLite's LOWER() folds ASCII only), so NULL. */
#define WHERE                                                                                      \
	"WHERE (CAST(? AS TEXT) IS NULL OR f.state = ?) AND (CAST(? AS BIGINT) = 0 AND "           \
	"CAST(? AS BIGINT) = 0 OR f.unit_id = ? OR f.created_by = ?) AND (CAST(? AS BIGINT) = 0 "  \
	"OR f.published_at IS NOT NULL) AND (CAST(? AS TEXT) IS NULL OR f.procedure_code = ?) "    \
	"AND (CAST(? AS BIGINT) = 0 OR f.sender_user_id = ?) "
#define FARGS                                                                                      \
	DB_T(flt->state), DB_T(flt->state), DB_I(flt->unit_id), DB_I(flt->created_by),             \
		DB_I(flt->unit_id), DB_I(flt->created_by), DB_I(flt->published_only),              \
		DB_T(flt->procedure_code), DB_T(flt->procedure_code), DB_I(flt->sender_user_id),   \
		DB_I(flt->sender_user_id)
/* The staff's order: by the deadline that must not be missed in the
 * state (svc_feedback.c's running_of(): the refusal's while received and
 * not classified in scope, the publication's once answered, else the
 * answer's), so an item past its refusal's deadline is not on a later page. */
#define STAFF_DUE                                                                                  \
	"CASE WHEN f.state = 'received' AND f.category NOT IN ('regulation', 'conduct') THEN "     \
	"f.refuse_due_at WHEN f.state = 'answered' AND f.publish_due_at IS NOT NULL THEN "         \
	"f.publish_due_at ELSE f.answer_due_at END"
/* The sender's own items ("my feedback"): newest first. */
#define ORDER(flt)                                                                                 \
	((flt)->published_only	 ? "ORDER BY f.published_at DESC, f.id DESC "                      \
	 : (flt)->sender_user_id ? "ORDER BY f.id DESC "                                           \
				 : "ORDER BY " STAFF_DUE ", f.id ")
static int cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

/* Keeps, in order, the ids of ids[0..*n) that are also in keep[0..nk)
 * (which this sorts). */
static void keep_common(int64_t *ids, size_t *n, int64_t *keep, size_t nk)
{
	if (!nk) { /* keep is NULL then: qsort and bsearch may not be given it */
		*n = 0;
		return;
	}
	qsort(keep, nk, sizeof *keep, cmp_id);
	size_t w = 0;
	for (size_t i = 0; i < *n; i++)
		if (bsearch(&ids[i], keep, nk, sizeof *keep, cmp_id))
			ids[w++] = ids[i];
	*n = w;
}

/* The public page searches the text it shows: the Office's, when it took
 * personal data out of the sender's. */
#define CONTENT(flt)                                                                               \
	((flt)->published_only ? "CASE WHEN f.published_content <> '' THEN f.published_content "   \
				 "ELSE f.content END"                                              \
			       : "f.content")
/* The ids, in the list's order, of the items flt selects whose subject,
 * content or answer hold every word of flt->q once folded, and whose field
 * holds flt->field once folded ("viec lam", "việc" find "Việc làm"), as
 * the catalogue is searched. *ids is heap. */
static int search_ids(struct db *db, struct arena *a, const struct feedback_filter *flt,
		      int64_t **ids, size_t *n)
{
	bool q = flt->q && *flt->q, field = flt->field && *flt->field;
	int rc = DB_OK;
	*ids = NULL;
	*n = 0;
	if (q)
		rc = repo_fold_scan(
			db,
			arena_printf(a,
				     "SELECT f.id, f.subject, %s, COALESCE(f.answer, '') "
				     "FROM feedback f %s%sLIMIT ? OFFSET ?",
				     CONTENT(flt), WHERE, ORDER(flt)),
			DB_ARGS(FARGS), 3, true, flt->q, ids, n);
	if (rc < 0 || !field)
		return rc;
	/* The field: one run inside it, folded. */
	int64_t *fids;
	size_t nf;
	rc = repo_fold_scan(
		db,
		arena_printf(a, "SELECT f.id, f.field FROM feedback f %s%sLIMIT ? OFFSET ?", WHERE,
			     ORDER(flt)),
		DB_ARGS(FARGS), 1, false, flt->field, &fids, &nf);
	if (rc == DB_OK && q) {
		keep_common(*ids, n, fids, nf);
		free(fids);
	} else if (rc == DB_OK) {
		*ids = fids;
		*n = nf;
	} else
		free(fids);
	return rc;
}

/* The page [offset, offset + limit) of the items whose text holds q and
 * whose field holds field. */
static int list_by_text(struct db *db, struct arena *a, const struct feedback_filter *flt,
			struct feedback **out, size_t *n, int64_t *total)
{
	int64_t *ids;
	size_t nids;
	int rc = search_ids(db, a, flt, &ids, &nids);
	*total = (int64_t)nids;
	*n = 0;
	*out = NULL;
	size_t from = (size_t)flt->offset < nids ? (size_t)flt->offset : nids;
	size_t k = nids - from < (size_t)flt->limit ? nids - from : (size_t)flt->limit;
	if (rc == DB_OK && k)
		*out = arena_alloc(a, k * sizeof **out);
	for (size_t i = 0; i < k && rc == DB_OK; i++)
		if ((rc = repo_row(db, a, "SELECT " COLS "WHERE f.id = ?",
				   DB_ARGS(DB_I(ids[from + i])), read_item, NULL, &(*out)[i])) ==
		    DB_OK)
			*n = i + 1;
	free(ids);
	return rc;
}

int repo_feedback_list(struct db *db, struct arena *a, const struct feedback_filter *flt,
		       struct feedback **out, size_t *n, int64_t *total)
{
	if ((flt->q && *flt->q) || (flt->field && *flt->field))
		return list_by_text(db, a, flt, out, n, total);
	bool found;
	int rc = db_query_int(db, "SELECT COUNT(*) FROM feedback f " WHERE, DB_ARGS(FARGS), total,
			      &found);
	if (rc < 0)
		return rc;
	const char *sql = arena_printf(a, "SELECT " COLS "%s%sLIMIT ? OFFSET ?", WHERE, ORDER(flt));
	return repo_rows(db, a, sql, DB_ARGS(FARGS, DB_I(flt->limit), DB_I(flt->offset)), read_item,
			 NULL, out, n);
}
#undef WHERE
#undef FARGS
#undef ORDER
#undef STAFF_DUE
#undef CONTENT

int repo_feedback_event_insert(struct db *db, int64_t feedback_id, const struct event *e)
{
	return db_exec(
		db,
		"INSERT INTO feedback_events (feedback_id, seq, at, actor_id, actor, action, "
		"from_state, to_state, step_from, step_to, step_due_at, timeliness, note, data, "
		"prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		DB_ARGS(DB_I(feedback_id), DB_I(e->seq), DB_I(e->at), opt_i(e->actor_id),
			DB_T(nz(e->actor)), DB_T(e->action), DB_T(nz(e->from_state)),
			DB_T(nz(e->to_state)), DB_I(e->step_from), DB_I(e->step_to),
			DB_I(e->step_due_at), DB_T(nz(e->timeliness)), DB_T(nz(e->note)),
			DB_T(e->data ? e->data : "{}"), DB_T(e->prev_hash), DB_T(e->hash)),
		NULL);
}

int repo_feedback_events_of(struct db *db, struct arena *a, int64_t feedback_id, struct event **out,
			    size_t *n)
{
	return repo_rows(db, a,
			 "SELECT e.id, f.code, e.seq, e.at, COALESCE(e.actor_id, 0), e.actor, "
			 "e.action, e.from_state, e.to_state, e.step_from, e.step_to, "
			 "e.step_due_at, e.timeliness, e.note, e.data, e.prev_hash, e.hash FROM "
			 "feedback_events e JOIN feedback f ON f.id = e.feedback_id WHERE "
			 "e.feedback_id = ? ORDER BY e.seq",
			 DB_ARGS(DB_I(feedback_id)), repo_row_event, NULL, out, n);
}

static void read_head(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct dossier_head *h = elem;
	h->id = db_res_int(r, i, 0);
	h->code = repo_textn(a, r, i, 1);
	h->nevents = db_res_int(r, i, 2);
	h->last_hash = repo_textn(a, r, i, 3);
}

int repo_feedback_heads(struct db *db, struct arena *a, int64_t after_id, int64_t limit,
			struct dossier_head **out, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT id, code, nevents, last_hash FROM feedback WHERE id > ? ORDER BY "
			 "id LIMIT ?",
			 DB_ARGS(DB_I(after_id), DB_I(limit)), read_head, NULL, out, n);
}

int repo_feedback_procedure_field(struct db *db, struct arena *a, const char *procedure_code,
				  const char **field)
{
	return repo_row(db, a,
			"SELECT v.field_vi FROM procedure_versions v JOIN procedures p ON p.id = "
			"v.procedure_id WHERE p.code = ? AND v.status = 'published' ORDER BY "
			"v.version DESC LIMIT 1",
			DB_ARGS(DB_T(procedure_code)), repo_row_text, NULL, field);
}

static void read_unit(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct unit *u = elem;
	memset(u, 0, sizeof *u);
	u->id = db_res_int(r, i, 0);
	u->code = repo_text(a, r, i, 1);
	u->name_vi = repo_text(a, r, i, 2);
	u->name_en = repo_text(a, r, i, 3);
}

int repo_feedback_drafting_units(struct db *db, struct arena *a, int64_t unit_id, struct unit **out,
				 size_t *n)
{
	return repo_rows(
		db, a,
		"SELECT u.id, u.code, u.name_vi, u.name_en FROM units u WHERE u.active = 1 "
		"AND (CAST(? AS BIGINT) = 0 OR u.id = ?) AND EXISTS (SELECT 1 FROM users x "
		"JOIN user_roles r ON r.user_id = x.id WHERE x.unit_id = u.id AND x.active "
		"= 1 AND r.role IN ('specialist', 'head')) ORDER BY u.code",
		DB_ARGS(DB_I(unit_id), DB_I(unit_id)), read_unit, NULL, out, n);
}

/* ---- monitoring (766.5.x) ---- */

#define ENDED "CASE WHEN f.state = 'refused' THEN f.updated_at ELSE COALESCE(f.answered_at, 0) END"
/* The current round's receipt: the monitoring judges the round (received_at
 * keeps the first receipt since 0038). */
#define ROUND "COALESCE(f.raised_at, f.received_at)"

static void kpi_row(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct kpi_feedback *k = elem;
	k->ref = repo_text(a, r, i, 0);
	k->category = repo_text(a, r, i, 1);
	k->received_at = db_res_int(r, i, 2);
	k->ended_at = db_res_int(r, i, 3);
	k->answer_due_at = db_res_int(r, i, 4);
	k->late = db_res_int(r, i, 5) != 0;
	k->dissatisfied = db_res_int(r, i, 6) != 0;
	k->reraised = db_res_int(r, i, 7) != 0;
}

int repo_kpi_feedback(struct db *db, struct arena *a, const struct repo_kpi_scope *s,
		      struct kpi_feedback **out, size_t *n)
{
	int rc = repo_rows(
		db, a,
		"WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id = ? UNION ALL SELECT "
		"u.id "
		"FROM units u JOIN sub s ON u.parent_id = s.id) "
		"SELECT f.code, f.category, " ROUND ", " ENDED ", f.answer_due_at, f.late, "
		"EXISTS (SELECT 1 FROM feedback_events e WHERE e.feedback_id = f.id AND e.action = "
		"'rate' AND e.data LIKE '%\"rating\":\"dissatisfied\"%'), f.reraised > 0 "
		"FROM feedback f WHERE CAST(? AS BIGINT) = 0 AND " ROUND " < ? AND "
		"(" ROUND " >= ? OR " ENDED " >= ?) AND (CAST(? AS BIGINT) = 0 OR f.unit_id IN "
		"(SELECT id FROM sub) OR (f.unit_id IS NULL AND EXISTS (SELECT 1 FROM units p "
		"WHERE "
		"p.id = ? AND p.parent_id IS NULL))) AND (CAST(? AS TEXT) IS NULL OR "
		"f.procedure_code = ?) AND (CAST(? AS TEXT) IS NULL OR f.field = ?) ORDER BY f.id "
		"LIMIT ?",
		DB_ARGS(DB_I(s->unit_id), DB_I(s->officer_id), DB_I(s->to_ms), DB_I(s->from_ms),
			DB_I(s->from_ms), DB_I(s->unit_id), DB_I(s->unit_id), DB_T(s->procedure),
			DB_T(s->procedure), DB_T(s->field), DB_T(s->field), DB_I(s->cap + 1)),
		kpi_row, NULL, out, n);
	if (rc == DB_OK && (int64_t)*n > s->cap) {
		*n = 0;
		return DB_TOO_MANY;
	}
	return rc;
}
