/* The periodic report (svc_report.h): the dossiers of a unit's tree judged
 * for the period by svc_monitor_each() (core/kpi.h decides; nothing here
 * judges), counted into one row per group and a total, and written as a
 * spreadsheet through doc/sheet.h.
 * Layer: svc. */
#include "svc/svc_report.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/path.h"
#include "base/text.h"
#include "doc/report.h"
#include "doc/sheet.h"
#include "svc/svc_documents.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_forms.h"
#include "svc/svc_monitor.h"

#define DAY_MS		      INT64_C(86400000)
#define SVC_REPORT_MAX_DAYS   366
#define SVC_REPORT_MAX_GROUPS 100000

const char *const svc_report_keys[SVC_REPORT_NCOLS] = {
	"carried_over",	 "new_online",	 "new_direct",	 "new_post",  "ended_early",
	"ended_on_time", "ended_late",	 "refused",	 "withdrawn", "stopped",
	"open_not_due",	 "open_overdue", "open_waiting",
};

/* ---- counting ---- */

/* Adds one judged dossier to a row: exactly one of the received columns
 * and exactly one of ended / in progress, so that the row adds up. */
static void count(int64_t *n, const char *channel, const struct kpi_judgement *j)
{
	if (j->carried_over)
		n[SVC_RC_CARRIED_OVER]++;
	else if (!strcmp(channel, "online"))
		n[SVC_RC_NEW_ONLINE]++;
	else if (!strcmp(channel, "post"))
		n[SVC_RC_NEW_POST]++;
	else
		n[SVC_RC_NEW_DIRECT]++;
	if (j->status == KPI_ENDED) {
		n[j->outcome == KPI_EARLY     ? SVC_RC_ENDED_EARLY
		  : j->outcome == KPI_ON_TIME ? SVC_RC_ENDED_ON_TIME
					      : SVC_RC_ENDED_LATE]++;
		if (j->end == KPI_END_REFUSED)
			n[SVC_RC_REFUSED]++;
		else if (j->end == KPI_END_WITHDRAWN)
			n[SVC_RC_WITHDRAWN]++;
		else if (j->end == KPI_END_STOPPED)
			n[SVC_RC_STOPPED]++;
		return;
	}
	n[j->outcome == KPI_OVERDUE ? SVC_RC_OPEN_OVERDUE : SVC_RC_OPEN_NOT_DUE]++;
	if (j->waiting)
		n[SVC_RC_OPEN_WAITING]++;
}

/* The groups met so far: rows in an arena, found by key through an open
 * addressing table of indices (a power of two, at most half full). */
struct groups {
	struct db *db; /* for svc_monitor_too_many() */
	struct arena *a;
	enum svc_report_by by;
	const struct unit *units; /* by id, for by unit */
	size_t nunits;
	struct svc_report_row *rows;
	size_t n, cap;
	size_t *slots; /* index + 1; 0 = empty */
	size_t nslots;
	struct svc_report_row total;
};

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void rehash(struct groups *g)
{
	free(g->slots);
	g->nslots = g->nslots ? 2 * g->nslots : 64;
	g->slots = xcalloc(g->nslots, sizeof *g->slots);
	for (size_t i = 0; i < g->n; i++) {
		size_t s = hash(g->rows[i].key) & (g->nslots - 1);
		while (g->slots[s])
			s = (s + 1) & (g->nslots - 1);
		g->slots[s] = i + 1;
	}
}

/* The row of key, made with its names when new; NULL above the cap. */
static struct svc_report_row *group_of(struct groups *g, const char *key, const char *vi,
				       const char *en)
{
	if (2 * (g->n + 1) > g->nslots)
		rehash(g);
	size_t s = hash(key) & (g->nslots - 1);
	for (; g->slots[s]; s = (s + 1) & (g->nslots - 1))
		if (!strcmp(g->rows[g->slots[s] - 1].key, key))
			return &g->rows[g->slots[s] - 1];
	if (g->n == SVC_REPORT_MAX_GROUPS)
		return NULL;
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		g->rows = xrealloc(g->rows, g->cap * sizeof *g->rows);
	}
	struct svc_report_row *r = &g->rows[g->n];
	*r = (struct svc_report_row){
		arena_strdup(g->a, key), arena_strdup(g->a, vi), arena_strdup(g->a, en), {0}};
	g->slots[s] = ++g->n;
	return r;
}

static const struct unit *unit_by_id(const struct groups *g, int64_t id)
{
	size_t lo = 0, hi = g->nunits;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (g->units[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->nunits && g->units[lo].id == id ? &g->units[lo] : NULL;
}

/* The row of a dossier or a group of them: by its procedure, its field or
 * its processing unit. */
static struct svc_report_row *row_of(struct groups *g, int64_t unit_id,
				     const struct monitor_version *v)
{
	if (g->by == SVC_REPORT_BY_PROCEDURE)
		return group_of(g, v->procedure_code, v->procedure_vi, v->procedure_en);
	if (g->by == SVC_REPORT_BY_FIELD)
		return group_of(g, v->field_vi, v->field_vi, v->field_en);
	const struct unit *u = unit_by_id(g, unit_id);
	return u ? group_of(g, u->code, u->name_vi, u->name_en)
		 : group_of(g, "?", "(không rõ)", "(unknown)");
}

static int add_dossier(void *arg, const struct monitor_dossier *d, const struct kpi_judgement *j)
{
	struct groups *g = arg;
	struct svc_report_row *r = row_of(g, d->processing_unit_id, d->version);
	if (!r)
		return svc_monitor_too_many(g->db);
	count(r->n, d->channel, j);
	count(g->total.n, d->channel, j);
	return 0;
}

/* A group's columns from the aggregates (svc_monitor_groups()). */
static int add_group(void *arg, int64_t unit_id, const struct monitor_version *v, const int64_t *n)
{
	struct groups *g = arg;
	struct svc_report_row *r = row_of(g, unit_id, v);
	if (!r)
		return svc_monitor_too_many(g->db);
	for (size_t k = 0; k < SVC_REPORT_NCOLS; k++) {
		r->n[k] += n[k];
		g->total.n[k] += n[k];
	}
	return 0;
}

static int row_cmp(const void *x, const void *y)
{
	return strcmp(((const struct svc_report_row *)x)->key,
		      ((const struct svc_report_row *)y)->key);
}

static int unit_cmp(const void *x, const void *y)
{
	int64_t a = ((const struct unit *)x)->id, b = ((const struct unit *)y)->id;
	return a < b ? -1 : a > b;
}

/* ---- the report ---- */

/* The query, checked before anything is read. */
static struct svc_result parse_query(const char *unit_ref, const char *from, const char *to,
				     const char *by, struct kpi_period *p, enum svc_report_by *mode)
{
	struct cal_date f, t;
	if (!unit_ref || !*unit_ref)
		return svc_fail(ERR_BAD_QUERY, "unit", "a unit code");
	if (svc_calendar_parse_date(from, &f) < 0)
		return svc_fail(ERR_BAD_QUERY, "from", SVC_DATE_DETAIL);
	if (svc_calendar_parse_date(to, &t) < 0)
		return svc_fail(ERR_BAD_QUERY, "to", SVC_DATE_DETAIL);
	if (kpi_period_of(f, t, clock_now_ms(), p) < 0)
		return svc_fail(ERR_BAD_QUERY, "to", SVC_PERIOD_DETAIL);
	if ((p->to_ms - p->from_ms) / DAY_MS > SVC_REPORT_MAX_DAYS)
		return svc_fail(ERR_BAD_QUERY, "to", "a period of at most 366 days");
	if (!by || !strcmp(by, "procedure"))
		*mode = SVC_REPORT_BY_PROCEDURE;
	else if (!strcmp(by, "field"))
		*mode = SVC_REPORT_BY_FIELD;
	else if (!strcmp(by, "unit"))
		*mode = SVC_REPORT_BY_UNIT;
	else
		return svc_fail(ERR_BAD_QUERY, "by", "procedure, field or unit");
	return svc_ok();
}

struct svc_result svc_report_may_see(struct db *db, struct arena *a, const struct svc_actor *who,
				     const struct unit *u)
{
	if (!who)
		return svc_ok(); /* the command line */
	struct access_actor act = {
		.user_id = who->id, .roles = who->roles, .unit_id = who->unit_id};
	int64_t unit_root;
	int rc;
	if ((rc = svcd_root(db, a, who->unit_id, &act.root_id)) < 0 ||
	    (rc = svcd_root(db, a, u->id, &unit_root)) < 0)
		return svc_txn_result(db, rc);
	if (access_unit_stats(&act, u->id, unit_root) != ACCESS_OK)
		return svc_fail(ERR_FORBIDDEN, "unit", "the statistics of another unit");
	return svc_ok();
}

struct svc_result svc_report_build(struct db *db, struct arena *a, const struct svc_actor *who,
				   const char *unit_ref, const char *from, const char *to,
				   const char *by, struct svc_report *out)
{
	memset(out, 0, sizeof *out);
	struct kpi_period p;
	struct groups g = {.db = db, .a = a};
	struct svc_result res = parse_query(unit_ref, from, to, by, &p, &g.by);
	if (res.code == ERR_NONE)
		res = svc_unit_by_code(db, a, unit_ref, &out->unit);
	if (res.code == ERR_NONE)
		res = svc_report_may_see(db, a, who, &out->unit);
	if (res.code != ERR_NONE)
		return res;
	if (g.by == SVC_REPORT_BY_UNIT) {
		struct unit *us;
		int rc = repo_unit_list(db, a, &us, &g.nunits);
		if (rc < 0)
			return svc_txn_result(db, rc);
		qsort(us, g.nunits, sizeof *us, unit_cmp);
		g.units = us;
	}
	int rc = svc_monitor_groups(db, a, out->unit.id, &p, add_group, &g);
	if (rc == DB_TOO_MANY) /* too much to count first: the walk */
		rc = svc_monitor_each(db, a, out->unit.id, &p, SVC_REPORT_MAX_DOSSIERS, add_dossier,
				      &g);
	if (rc < 0) {
		res = svc_txn_result(db, rc);
		goto out;
	}
	static const char *const by_names[] = {"procedure", "field", "unit"};
	out->from = arena_strdup(a, from);
	out->to = arena_strdup(a, to);
	out->by = by_names[g.by];
	out->mode = g.by;
	out->nrows = g.n;
	out->rows = arena_zalloc(a, (g.n + 1) * sizeof *out->rows);
	if (g.n)
		memcpy(out->rows, g.rows, g.n * sizeof *g.rows);
	qsort(out->rows, out->nrows, sizeof *out->rows, row_cmp);
	out->total = g.total;
	out->total.key = "total";
	out->total.name_vi = "Tổng cộng";
	out->total.name_en = "Total";
out:
	free(g.rows);
	free(g.slots);
	return res;
}

/* ---- files ---- */

int svc_report_format_parse(const char *s, enum svc_report_format *out)
{
	if (!s || !strcmp(s, "json"))
		*out = SVC_REPORT_JSON;
	else if (!strcmp(s, "xlsx"))
		*out = SVC_REPORT_XLSX;
	else if (!strcmp(s, "csv"))
		*out = SVC_REPORT_CSV;
	else if (!strcmp(s, "pdf"))
		*out = SVC_REPORT_PDF;
	else
		return -1;
	return 0;
}

/* The columns of the file, as the Government Office's form heads them:
 * each total before its parts. */
static const struct doc_column file_cols[] = {
	{"Mã", DOC_COL_TEXT, 0},
	{"Tên", DOC_COL_TEXT, 40},
	{"Tổng số hồ sơ tiếp nhận", DOC_COL_INT, 12},
	{"Kỳ trước chuyển qua", DOC_COL_INT, 12},
	{"Mới tiếp nhận trực tuyến", DOC_COL_INT, 12},
	{"Mới tiếp nhận trực tiếp", DOC_COL_INT, 12},
	{"Mới tiếp nhận qua bưu chính", DOC_COL_INT, 12},
	{"Tổng số đã giải quyết", DOC_COL_INT, 12},
	{"Giải quyết trước hạn", DOC_COL_INT, 12},
	{"Giải quyết đúng hạn", DOC_COL_INT, 12},
	{"Giải quyết quá hạn", DOC_COL_INT, 12},
	{"Trong đó: từ chối", DOC_COL_INT, 12},
	{"Trong đó: rút hồ sơ", DOC_COL_INT, 12},
	{"Trong đó: dừng giải quyết", DOC_COL_INT, 12},
	{"Tổng số đang giải quyết", DOC_COL_INT, 12},
	{"Đang giải quyết: chưa đến hạn", DOC_COL_INT, 12},
	{"Đang giải quyết: quá hạn", DOC_COL_INT, 12},
	{"Trong đó: chờ bổ sung, nghĩa vụ tài chính", DOC_COL_INT, 14},
};
#define FILE_NCOLS (sizeof file_cols / sizeof file_cols[0])
_Static_assert(FILE_NCOLS == 2 + DOC_REPORT_NCOLS, "a code, a name and the figures");

/* The sixteen figures of a row as the files print them: each total
 * before its parts (doc/report.h DOC_REPORT_NCOLS). */
static void figures(const struct svc_report_row *r, int64_t v[DOC_REPORT_NCOLS])
{
	const int64_t *n = r->n;
	const int64_t all[DOC_REPORT_NCOLS] = {n[SVC_RC_CARRIED_OVER] + n[SVC_RC_NEW_ONLINE] +
						       n[SVC_RC_NEW_DIRECT] + n[SVC_RC_NEW_POST],
					       n[SVC_RC_CARRIED_OVER],
					       n[SVC_RC_NEW_ONLINE],
					       n[SVC_RC_NEW_DIRECT],
					       n[SVC_RC_NEW_POST],
					       n[SVC_RC_ENDED_EARLY] + n[SVC_RC_ENDED_ON_TIME] +
						       n[SVC_RC_ENDED_LATE],
					       n[SVC_RC_ENDED_EARLY],
					       n[SVC_RC_ENDED_ON_TIME],
					       n[SVC_RC_ENDED_LATE],
					       n[SVC_RC_REFUSED],
					       n[SVC_RC_WITHDRAWN],
					       n[SVC_RC_STOPPED],
					       n[SVC_RC_OPEN_NOT_DUE] + n[SVC_RC_OPEN_OVERDUE],
					       n[SVC_RC_OPEN_NOT_DUE],
					       n[SVC_RC_OPEN_OVERDUE],
					       n[SVC_RC_OPEN_WAITING]};
	memcpy(v, all, sizeof all);
}

static void file_row(const struct svc_report_row *r, struct doc_cell *c)
{
	int64_t v[DOC_REPORT_NCOLS];
	figures(r, v);
	c[0] = (struct doc_cell){.s = r->key};
	c[1] = (struct doc_cell){.s = r->name_vi};
	for (size_t i = 0; i < DOC_REPORT_NCOLS; i++)
		c[i + 2] = (struct doc_cell){.i = v[i]};
}

static struct svc_result doc_fail(const char *what, int rc)
{
	if (rc == DOC_EBUDGET)
		return svc_fail(ERR_REQUEST_BUDGET_SPENT, "to",
				"the file took too long: choose a shorter period");
	log_error("%s as a file: %s", what, doc_strerror(rc));
	return svc_fail(ERR_INTERNAL, NULL, doc_strerror(rc));
}

/* t as XLSX (f) or CSV into out; a doc status. */
static int write_sheet(const struct config *cfg, const struct doc_sheet *t,
		       enum svc_report_format f, struct buf *out)
{
	if (f != SVC_REPORT_XLSX)
		return doc_sheet_csv(t, out);
	char tmp[4200];
	const char *dir = NULL;
	/* The server's folder for temporary files, as for large bodies; else
	 * $TMPDIR. */
	if (path_fmt(tmp, sizeof tmp, "%s/tmp", cfg->v.data_dir) == 0 && access(tmp, W_OK) == 0)
		dir = tmp;
	return doc_sheet_xlsx(t, dir, out);
}

static void file_names(struct arena *a, const char *base, enum svc_report_format f,
		       const char **content_type, const char **filename)
{
	if (f == SVC_REPORT_XLSX) {
		*content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		*filename = arena_printf(a, "%s.xlsx", base);
	} else {
		*content_type = "text/csv; charset=utf-8";
		*filename = arena_printf(a, "%s.csv", base);
	}
}

/* The XLSX or CSV of the report. */
static struct svc_result report_sheet(struct arena *a, const struct config *cfg,
				      const struct svc_report *rep, enum svc_report_format f,
				      struct buf *out)
{
	size_t nrows = rep->nrows + 1 + rep->ncarried;
	struct doc_cell *cells = arena_zalloc(a, nrows * FILE_NCOLS * sizeof *cells);
	for (size_t i = 0; i < rep->nrows; i++)
		file_row(&rep->rows[i], &cells[i * FILE_NCOLS]);
	file_row(&rep->total, &cells[rep->nrows * FILE_NCOLS]);
	cells[rep->nrows * FILE_NCOLS].empty = true; /* the total has no code */
	/* The corrections of the closed period before, after the total. */
	for (size_t i = 0; i < rep->ncarried; i++)
		file_row(&rep->carried[i], &cells[(rep->nrows + 1 + i) * FILE_NCOLS]);
	struct doc_sheet t = {"Báo cáo", file_cols, FILE_NCOLS, cells, nrows, true, rep->ncarried};
	int rc = write_sheet(cfg, &t, f, out);
	return rc < 0 ? doc_fail(rep->unit.code, rc) : svc_ok();
}

/* The PDF of the report in the official layout, unsigned, into pdf. */
static struct svc_result report_layout(struct db *db, struct arena *a, const struct config *cfg,
				       const struct svc_report *rep, int64_t now, const char *head,
				       struct buf *pdf)
{
	static const char *const labels[] = {"Thủ tục hành chính", "Lĩnh vực", "Đơn vị"};
	struct doc_report r = {.date = now, .group_label = labels[rep->mode]};
	int rc = svc_form_agency(db, a, cfg, &rep->unit, 0, &r.agency);
	if (rc < 0)
		return svc_txn_result(db, rc);
	if (clock_parse_date(rep->from, &r.from) < 0 || clock_parse_date(rep->to, &r.to) < 0)
		return svc_fail(ERR_INTERNAL, NULL, "the report's period");
	r.scope = arena_printf(a, "%s (và các đơn vị trực thuộc)", rep->unit.name_vi);
	struct doc_report_row *rows = arena_zalloc(a, (rep->nrows + 1) * sizeof *rows);
	for (size_t i = 0; i < rep->nrows; i++) {
		const struct svc_report_row *x = &rep->rows[i];
		rows[i].name = rep->mode == SVC_REPORT_BY_FIELD
				       ? x->name_vi
				       : arena_printf(a, "%s (%s)", x->name_vi, x->key);
		figures(x, rows[i].v);
	}
	r.rows = rows;
	r.n_rows = rep->nrows;
	r.total.name = rep->total.name_vi;
	figures(&rep->total, r.total.v);
	/* The corrections of the closed period before, after the total as in
	 * the XLSX and CSV: the key names the period and the row, then the
	 * reason. */
	struct doc_report_row *after = arena_zalloc(a, (rep->ncarried + 1) * sizeof *after);
	for (size_t i = 0; i < rep->ncarried; i++) {
		const struct svc_report_row *x = &rep->carried[i];
		after[i].name = arena_printf(a, "%s: %s", x->key, x->name_vi);
		figures(x, after[i].v);
	}
	r.after = after;
	r.n_after = rep->ncarried;
	r.signer.title = "THỦ TRƯỞNG ĐƠN VỊ";
	r.signer.name = head;
	rc = doc_render_report(&r, pdf);
	return rc < 0 ? doc_fail(rep->unit.code, rc) : svc_ok();
}

/* The report as PDF signed with the agency's key (PAdES, the stamp at the
 * bottom right of page 1, A4 landscape) in the name of the unit's head
 * (svc_form_head(), as the forms), whoever asked for it; only of a period
 * that has ended (its last day before today, local time): a signed report
 * is final, and the figures of a period in progress are not. */
static struct svc_result report_pdf(struct db *db, struct arena *a, const struct config *cfg,
				    const struct svc_report *rep, struct buf *out)
{
	int64_t now = clock_now_ms(), to;
	if (clock_parse_date(rep->to, &to) < 0)
		return svc_fail(ERR_INTERNAL, NULL, "the report's period");
	if (to + DAY_MS > now)
		return svc_fail(ERR_STATS_PERIOD_NOT_ENDED, "to", "a day before today");
	const char *head;
	int rc = svc_form_head(db, a, &rep->unit, &head);
	if (rc < 0)
		return svc_txn_result(db, rc);
	struct buf pdf = BUF_INIT;
	struct svc_result res = report_layout(db, a, cfg, rep, now, head, &pdf);
	if (res.code == ERR_NONE)
		res = svc_sign_report(a, cfg, &pdf, now, head,
				      "Báo cáo tình hình, kết quả giải quyết TTHC", out);
	buf_release(&pdf);
	return res;
}

struct svc_result svc_report_file(struct db *db, struct arena *a, const struct config *cfg,
				  const struct svc_report *rep, enum svc_report_format f,
				  struct buf *out, const char **content_type, const char **filename)
{
	const char *base = arena_printf(a, "bao-cao-%s-%s-%s", rep->unit.code, rep->from, rep->to);
	if (f == SVC_REPORT_PDF) {
		*content_type = "application/pdf";
		*filename = arena_printf(a, "%s.pdf", base);
		return report_pdf(db, a, cfg, rep, out);
	}
	file_names(a, base, f, content_type, filename);
	return report_sheet(a, cfg, rep, f, out);
}

static const struct doc_column item_cols[] = {
	{"Mã", DOC_COL_TEXT, 0},
	{"Trong mẫu số", DOC_COL_INT, 10},
	{"Trong tử số", DOC_COL_INT, 10},
	{"Giá trị", DOC_COL_NUMBER, 10},
	{"Lý do", DOC_COL_TEXT, 60},
	{"Reason", DOC_COL_TEXT, 60},
	{"Tiếp nhận", DOC_COL_DATETIME, 16},
	{"Hạn xử lý", DOC_COL_DATETIME, 16},
	{"Kết thúc", DOC_COL_DATETIME, 16},
};
#define ITEM_NCOLS (sizeof item_cols / sizeof item_cols[0])

struct svc_result svc_report_items_file(struct arena *a, const struct config *cfg,
					const struct svc_kpi_query *q,
					const struct svc_kpi_items *items, enum svc_report_format f,
					struct buf *out, const char **content_type,
					const char **filename)
{
	struct doc_cell *cells = arena_zalloc(a, (items->n + 1) * ITEM_NCOLS * sizeof *cells);
	for (size_t i = 0; i < items->n; i++) {
		const struct svc_kpi_item *it = &items->items[i];
		struct doc_cell *c = &cells[i * ITEM_NCOLS];
		c[0] = (struct doc_cell){.s = it->ref};
		c[1] = (struct doc_cell){.i = it->in_denominator};
		c[2] = (struct doc_cell){.i = it->in_numerator};
		c[3] = (struct doc_cell){.d = it->value, .empty = !it->has_value};
		c[4] = (struct doc_cell){.s = it->reason_vi};
		c[5] = (struct doc_cell){.s = it->reason_en};
		c[6] = (struct doc_cell){.i = it->received_at, .empty = !it->received_at};
		c[7] = (struct doc_cell){.i = it->due_at, .empty = !it->due_at};
		c[8] = (struct doc_cell){.i = it->ended_at, .empty = !it->ended_at};
	}
	struct doc_sheet t = {"Chi tiết", item_cols, ITEM_NCOLS, cells, items->n};
	const char *base =
		arena_printf(a, "chi-tiet-%s-%s-%s-%s", items->key,
			     q->unit && *q->unit ? q->unit : "toan-co-quan", q->from, q->to);
	file_names(a, base, f, content_type, filename);
	int rc = write_sheet(cfg, &t, f, out);
	return rc < 0 ? doc_fail(items->key, rc) : svc_ok();
}
