/* The loop every list query of repo/ shares: run the query, size the array
 * by its rows (checked), let a row reader fill each element (see repo.h).
 * Layer: repo. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/text.h"
#include "repo/repo.h"

int repo_rows_read(struct db *db, struct arena *a, const char *sql, const struct db_arg *args,
		   size_t nargs, repo_row_cb fn, void *ctx, size_t size, void *out, size_t *n)
{
	struct db_res *r;
	int rc = db_query(db, sql, args, nargs, &r);
	if (rc < 0)
		return rc;
	size_t rows = db_res_rows(r);
	if (size == 0 || rows >= SIZE_MAX / size - 1) {
		db_res_free(r);
		return DB_HARD;
	}
	unsigned char *arr = arena_zalloc(a, (rows + 1) * size);
	for (size_t i = 0; i < rows; i++)
		fn(a, r, i, arr + i * size, ctx);
	db_res_free(r);
	/* out is the caller's `T **`: copied, not written through a void **. */
	memcpy(out, &arr, sizeof arr);
	*n = rows;
	return DB_OK;
}

int repo_row_get(struct db *db, struct arena *a, const char *sql, const struct db_arg *args,
		 size_t nargs, repo_row_cb fn, void *ctx, size_t size, void *out)
{
	struct db_res *r;
	int rc = db_query(db, sql, args, nargs, &r);
	if (rc < 0)
		return rc;
	if (db_res_rows(r) == 0) {
		rc = DB_NOT_FOUND;
	} else {
		memset(out, 0, size);
		fn(a, r, 0, out, ctx);
	}
	db_res_free(r);
	return rc;
}

int repo_insert_id(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		   int64_t *id)
{
	int64_t v = 0;
	bool found;
	int rc = db_query_int(db, sql, args, nargs, &v, &found);
	if (rc == DB_OK && !found)
		return DB_HARD;
	if (rc == DB_OK && id)
		*id = v;
	return rc;
}

void repo_row_id(struct arena *a, const struct db_res *r, size_t row, void *elem, void *ctx)
{
	(void)a;
	(void)ctx;
	*(int64_t *)elem = db_res_int(r, row, 0);
}

void repo_row_text(struct arena *a, const struct db_res *r, size_t row, void *elem, void *ctx)
{
	(void)ctx;
	*(const char **)elem = repo_textn(a, r, row, 0);
}

/* "%word%" with LIKE's wildcards escaped, lower-case ASCII. */
const char *repo_like(struct arena *a, const char *q)
{
	size_t n = strlen(q);
	char *p = arena_alloc(a, 2 * n + 3), *w = p;
	*w++ = '%';
	for (const char *s = q; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*w++ = '\\';
		*w++ = (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s;
	}
	*w++ = '%';
	*w = '\0';
	return p;
}

/* Does row i hold q (folded), as repo_fold_scan() says? */
static bool fold_match(struct db_res *r, size_t i, size_t ncols, bool all_words, const char *q,
		       struct buf *tmp)
{
	buf_reset(tmp);
	for (size_t c = 1; c <= ncols; c++) {
		if (!all_words)
			buf_reset(tmp);
		text_fold(db_res_text(r, i, c), tmp);
		if (!all_words && strstr(buf_str(tmp), q))
			return true;
		buf_adds(tmp, " ");
	}
	return all_words && text_fold_has_words(buf_str(tmp), q);
}

int repo_fold_scan(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		   size_t ncols, bool all_words, const char *q, int64_t **ids, size_t *n)
{
	struct buf fq = BUF_INIT, tmp = BUF_INIT;
	text_fold(q, &fq);
	struct db_arg *all = xcalloc(nargs + 2, sizeof *all);
	memcpy(all, args, nargs * sizeof *all);
	size_t cap = 0;
	*ids = NULL;
	*n = 0;
	int rc = DB_OK;
	for (int64_t off = 0;; off += REPO_SCAN_BATCH) {
		struct db_res *r;
		all[nargs] = DB_I(REPO_SCAN_BATCH);
		all[nargs + 1] = DB_I(off);
		if ((rc = db_query(db, sql, all, nargs + 2, &r)) < 0)
			break;
		size_t rows = db_res_rows(r);
		for (size_t i = 0; i < rows; i++) {
			if (!fold_match(r, i, ncols, all_words, buf_str(&fq), &tmp))
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 64;
				*ids = xrealloc(*ids, cap * sizeof **ids);
			}
			(*ids)[(*n)++] = db_res_int(r, i, 0);
		}
		db_res_free(r);
		if (rows < REPO_SCAN_BATCH)
			break;
	}
	free(all);
	buf_release(&fq);
	buf_release(&tmp);
	return rc;
}
