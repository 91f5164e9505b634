/* The tracking book's query (repo_book.h): one statement over dossiers,
 * with the receiving officer and the first transfer read from the history.
 * The index dossiers_received (migration 0006) serves the unit and period.
 * Layer: repo. */
#include "repo/repo_book.h"

static void read_book_rows(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct book_row *b = elem;
	size_t c = 0;
	b->code = repo_text(a, r, i, c++);
	b->procedure = repo_text(a, r, i, c++);
	b->sets = db_res_int(r, i, c++);
	b->owner = repo_text(a, r, i, c++);
	b->address = repo_text(a, r, i, c++);
	b->phone = repo_text(a, r, i, c++);
	b->officer = repo_text(a, r, i, c++);
	b->received_at = db_res_int(r, i, c++);
	b->due_at = db_res_int(r, i, c++);
	b->extended_due_at = db_res_int(r, i, c++);
	b->line = db_res_int(r, i, c++);
	b->transferred_at = db_res_int(r, i, c++);
	b->returned_at = db_res_int(r, i, c++);
	b->state = repo_text(a, r, i, c++);
	b->counts_late = db_res_int(r, i, c++) != 0;
}

int repo_book_rows(struct db *db, struct arena *a, int64_t unit_id, int64_t from_ms, int64_t to_ms,
		   int64_t limit, struct book_row **out, size_t *n)
{
	return repo_rows(
		db, a,
		"SELECT d.code, v.name_vi, d.sets, COALESCE(d.owner_name, d.submitter_name), "
		"COALESCE(d.owner_address, d.submitter_address), d.submitter_phone, "
		"COALESCE((SELECT u.full_name FROM dossier_events e JOIN users u ON u.id = "
		"e.actor_id "
		"  WHERE e.dossier_id = d.id AND e.to_state = 'received' AND e.from_state <> "
		"'received' "
		"  ORDER BY e.seq LIMIT 1), ''), "
		"d.received_at, COALESCE(d.due_at, 0), COALESCE(d.extended_due_at, 0), "
		"COALESCE((SELECT MIN(n.seq) FROM form_numbers n WHERE n.dossier_id = d.id "
		"  AND n.form = 1), 0), "
		"COALESCE((SELECT MIN(e.at) FROM dossier_events e WHERE e.dossier_id = d.id "
		"  AND e.action = 'transfer'), 0), "
		"COALESCE(d.returned_at, 0), d.state, d.counts_late "
		"FROM dossiers d JOIN procedure_versions v ON v.id = d.procedure_version_id "
		"WHERE d.receiving_unit_id = ? AND d.received_at >= ? AND d.received_at < ? "
		"ORDER BY d.received_at, d.id LIMIT ?",
		DB_ARGS(DB_I(unit_id), DB_I(from_ms), DB_I(to_ms), DB_I(limit)), read_book_rows,
		NULL, out, n);
}
