/* The report of a year's review (svc_review.h svc_review_report()): the
 * adopted proposals of the plan's compiled forms, each with its form's
 * cost a year before and its own after and saving, as a signed PDF in
 * the official layout (doc/review_report.h) or an XLSX (doc/sheet.h) of
 * two sheets: the proposals, and the compliance cost of each reviewed
 * procedure activity by activity.
 *
 * The total: the cost before is counted once per procedure with an
 * adopted proposal; the saving is the sum of the proposals' savings, each
 * computed alone against the cost before (the Circular's forms list them
 * so); after = before − saving; the percent is of the cost before.
 *
 * Layer: svc. */
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/path.h"
#include "core/roles.h"
#include "doc/review_report.h"
#include "doc/sheet.h"
#include "repo/repo.h"
#include "svc/svc_documents.h"
#include "svc/svc_forms.h"
#include "svc/svc_review.h"

struct adopted {
	const struct svc_review_form *f;
	const struct svc_review_prop *x;
};

struct totals {
	int64_t before, saving, after, percent_bp;
	bool has_percent;
};

/* The adopted proposals of v, in the order of the plan, and their totals. */
static size_t adopted_of(struct arena *a, const struct svc_review_plan_view *v,
			 struct adopted **out, struct totals *t)
{
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < v->n; i++)
		cap += v->forms[i].nprops;
	*out = arena_zalloc(a, (cap + 1) * sizeof **out);
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < v->n; i++) {
		const struct svc_review_form *f = &v->forms[i];
		bool counted = false;
		for (size_t j = 0; j < f->nprops; j++) {
			if (strcmp(f->props[j].p.state, "adopted"))
				continue;
			(*out)[n++] = (struct adopted){f, &f->props[j]};
			if (!counted)
				t->before += f->before.r.cost_year;
			counted = true;
			t->saving += f->props[j].saving;
		}
	}
	t->after = t->before - t->saving;
	int64_t s;
	ccost_saving(t->before, t->after, &s, &t->percent_bp, &t->has_percent);
	return n;
}

static const struct doc_column sheet_cols[] = {
	{"Mã TTHC", DOC_COL_TEXT, 0},
	{"Tên thủ tục hành chính", DOC_COL_TEXT, 40},
	{"Đơn vị rà soát", DOC_COL_TEXT, 24},
	{"Loại phương án", DOC_COL_TEXT, 24},
	{"Nội dung phương án", DOC_COL_TEXT, 50},
	{"Số hồ sơ/năm", DOC_COL_INT, 10},
	{"Thu nhập bình quân (đồng/giờ)", DOC_COL_INT, 12},
	{"Thời gian tuân thủ trước (giây/lần)", DOC_COL_INT, 12},
	{"Thời gian tuân thủ sau (giây/lần)", DOC_COL_INT, 12},
	{"Chi phí 1 lần trước (đồng)", DOC_COL_INT, 14},
	{"Chi phí 1 lần sau (đồng)", DOC_COL_INT, 14},
	{"Chi phí/năm trước (đồng)", DOC_COL_INT, 16},
	{"Chi phí/năm sau (đồng)", DOC_COL_INT, 16},
	{"Tiết kiệm/năm (đồng)", DOC_COL_INT, 16},
	{"Tỷ lệ cắt giảm (%)", DOC_COL_NUMBER, 10},
};
#define SHEET_NCOLS (sizeof sheet_cols / sizeof sheet_cols[0])

/* The second sheet: the compliance cost of each reviewed procedure (a form
 * submitted or compiled), activity by activity, then its totals. */
static const struct doc_column cost_cols[] = {
	{"Mã TTHC", DOC_COL_TEXT, 0},
	{"Tên thủ tục hành chính", DOC_COL_TEXT, 40},
	{"Hoạt động", DOC_COL_TEXT, 30},
	{"Thời gian mỗi lần (giờ)", DOC_COL_NUMBER, 12},
	{"Thời gian: đo hay kê khai", DOC_COL_TEXT, 12},
	{"Số lần/hồ sơ", DOC_COL_NUMBER, 10},
	{"Số lần: đo hay kê khai", DOC_COL_TEXT, 12},
	{"Số giờ/hồ sơ", DOC_COL_NUMBER, 10},
	{"Thu nhập bình quân (đồng/giờ)", DOC_COL_INT, 12},
	{"Thành tiền (đồng)", DOC_COL_INT, 14},
	{"Phí, lệ phí (đồng)", DOC_COL_INT, 12},
	{"Chi phí khác (đồng)", DOC_COL_INT, 12},
	{"Chi phí/hồ sơ (đồng)", DOC_COL_INT, 14},
	{"Số hồ sơ/năm", DOC_COL_INT, 10},
	{"Số hồ sơ: đo hay kê khai", DOC_COL_TEXT, 12},
	{"Chi phí/năm (đồng)", DOC_COL_INT, 16},
};
#define COST_NCOLS (sizeof cost_cols / sizeof cost_cols[0])
#define COST_ROWS  (CCOST_NACT + 1) /* the activities, then the totals */

static const char *source(bool measured)
{
	return measured ? "đo được" : "kê khai";
}

/* Form f's rows of the cost sheet, from c (COST_ROWS × COST_NCOLS). The
 * money of an activity is its hours × the income, half up to the đồng;
 * the totals are the form's own (labour rounded once, ccost.h). */
static void cost_rows(const struct svc_review_form *f, struct doc_cell *c)
{
	const struct svc_review_cost *b = &f->before;
	for (size_t k = 0; k < COST_ROWS * COST_NCOLS; k++)
		c[k].empty = true;
	for (int k = 0; k <= CCOST_NACT; k++) {
		struct doc_cell *r = &c[(size_t)k * COST_NCOLS];
		r[0] = (struct doc_cell){.s = f->item.procedure_code};
		r[1] = (struct doc_cell){.s = f->item.procedure_name_vi};
		r[8] = (struct doc_cell){.i = b->in.income_per_hour};
		if (k == CCOST_NACT)
			break;
		const struct ccost_item *it = &b->in.act[k];
		int64_t sm = it->seconds * it->times_milli; /* bounded: ccost.h */
		r[2] = (struct doc_cell){.s = ccost_activities[k].name_vi};
		r[3] = (struct doc_cell){.d = (double)it->seconds / 3600.0};
		r[4] = (struct doc_cell){.s = source(it->seconds_measured)};
		r[5] = (struct doc_cell){.d = (double)it->times_milli / 1000.0};
		r[6] = (struct doc_cell){.s = source(it->times_measured)};
		r[7] = (struct doc_cell){.d = (double)sm / 3600000.0};
		r[9] = (struct doc_cell){.i = (sm * b->in.income_per_hour + 1800000) / 3600000};
	}
	struct doc_cell *r = &c[(size_t)CCOST_NACT * COST_NCOLS];
	r[2] = (struct doc_cell){.s = "Cộng"};
	r[7] = (struct doc_cell){.d = (double)b->r.seconds_once / 3600.0};
	r[9] = (struct doc_cell){.i = b->r.labour_once};
	r[10] = (struct doc_cell){.i = b->in.fees};
	r[11] = (struct doc_cell){.i = b->in.other};
	r[12] = (struct doc_cell){.i = b->r.cost_once};
	r[13] = (struct doc_cell){.i = b->in.dossiers_per_year};
	r[14] = (struct doc_cell){.s = source(b->in.dossiers_measured)};
	r[15] = (struct doc_cell){.i = b->r.cost_year};
}

/* The cost sheet of the reviewed forms of v. */
static void cost_sheet(struct arena *a, const struct svc_review_plan_view *v, struct doc_sheet *s)
{
	struct doc_cell *cells =
		arena_zalloc(a, (v->n * COST_ROWS + 1) * COST_NCOLS * sizeof *cells);
	size_t n = 0;
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->forms[i].item.state, "draft"))
			cost_rows(&v->forms[i], &cells[n++ * COST_ROWS * COST_NCOLS]);
	*s = (struct doc_sheet){"Chi phí tuân thủ", cost_cols, COST_NCOLS, cells,
				n * COST_ROWS,	    false,     0};
}

static struct svc_result doc_fail(int rc)
{
	log_error("review report: %s", doc_strerror(rc));
	return svc_fail(ERR_INTERNAL, NULL, doc_strerror(rc));
}

static struct svc_result review_xlsx(struct arena *a, const struct config *cfg,
				     const struct svc_review_plan_view *v, const struct adopted *x,
				     size_t n, const struct totals *t, struct buf *out)
{
	struct doc_cell *cells = arena_zalloc(a, (n + 1) * SHEET_NCOLS * sizeof *cells);
	for (size_t i = 0; i < n; i++) {
		const struct review_item *it = &x[i].f->item;
		const struct svc_review_cost *b = &x[i].f->before, *af = &x[i].x->after;
		struct doc_cell *c = &cells[i * SHEET_NCOLS];
		c[0] = (struct doc_cell){.s = it->procedure_code};
		c[1] = (struct doc_cell){.s = it->procedure_name_vi};
		c[2] = (struct doc_cell){.s = it->unit_name_vi};
		c[3] = (struct doc_cell){.s = svc_review_kind_vi(x[i].x->p.kind)};
		c[4] = (struct doc_cell){.s = x[i].x->p.text};
		c[5] = (struct doc_cell){.i = b->in.dossiers_per_year};
		c[6] = (struct doc_cell){.i = b->in.income_per_hour};
		c[7] = (struct doc_cell){.i = b->r.seconds_once};
		c[8] = (struct doc_cell){.i = af->r.seconds_once};
		c[9] = (struct doc_cell){.i = b->r.cost_once};
		c[10] = (struct doc_cell){.i = af->r.cost_once};
		c[11] = (struct doc_cell){.i = b->r.cost_year};
		c[12] = (struct doc_cell){.i = af->r.cost_year};
		c[13] = (struct doc_cell){.i = x[i].x->saving};
		c[14] = (struct doc_cell){.d = (double)x[i].x->percent_bp / 100.0,
					  .empty = !x[i].x->has_percent};
	}
	struct doc_cell *c = &cells[n * SHEET_NCOLS];
	for (size_t k = 0; k < SHEET_NCOLS; k++)
		c[k].empty = true;
	c[1] = (struct doc_cell){.s = "Tổng cộng"};
	c[11] = (struct doc_cell){.i = t->before};
	c[12] = (struct doc_cell){.i = t->after};
	c[13] = (struct doc_cell){.i = t->saving};
	c[14] = (struct doc_cell){.d = (double)t->percent_bp / 100.0, .empty = !t->has_percent};
	struct doc_sheet s[2] = {
		{"Phương án đơn giản hóa", sheet_cols, SHEET_NCOLS, cells, n + 1, true, 0}};
	cost_sheet(a, v, &s[1]);
	char tmp[4200];
	const char *dir = NULL;
	if (path_fmt(tmp, sizeof tmp, "%s/tmp", cfg->v.data_dir) == 0 && access(tmp, W_OK) == 0)
		dir = tmp;
	int rc = doc_sheets_xlsx(s, 2, dir, out);
	return rc < 0 ? doc_fail(rc) : svc_ok();
}

/* The PDF, unsigned, into pdf; *head the signer's name. */
static struct svc_result review_layout(struct db *db, struct arena *a, const struct config *cfg,
				       const struct svc_review_plan_view *v,
				       const struct unit *unit, const struct adopted *x, size_t n,
				       const struct totals *t, int64_t now, const char *head,
				       struct buf *pdf)
{
	struct doc_review_report r = {.date = now, .year = v->plan.year};
	int rc = svc_form_agency(db, a, cfg, unit, 0, &r.agency);
	if (rc < 0)
		return svc_txn_result(db, rc);
	r.period = arena_printf(a, "từ %s đến %s", v->plan.measure_from, v->plan.measure_to);
	r.addressee = cfg->v.review_recipient;
	struct doc_review_row *rows = arena_zalloc(a, (n + 1) * sizeof *rows);
	for (size_t i = 0; i < n; i++) {
		const struct review_item *it = &x[i].f->item;
		rows[i] = (struct doc_review_row){
			.procedure = arena_printf(a, "%s (%s)", it->procedure_name_vi,
						  it->procedure_code),
			.proposal = arena_printf(a, "%s: %s", svc_review_kind_vi(x[i].x->p.kind),
						 x[i].x->p.text),
			.before = x[i].f->before.r.cost_year,
			.after = x[i].x->after.r.cost_year,
			.saving = x[i].x->saving,
			.percent_bp = x[i].x->percent_bp,
			.has_percent = x[i].x->has_percent};
	}
	r.rows = rows;
	r.n_rows = n;
	r.total_before = t->before;
	r.total_after = t->after;
	r.total_saving = t->saving;
	r.total_percent_bp = t->percent_bp;
	r.total_has_percent = t->has_percent;
	r.signer.title = "THỦ TRƯỞNG ĐƠN VỊ";
	r.signer.name = head;
	rc = doc_render_review(&r, pdf);
	return rc < 0 ? doc_fail(rc) : svc_ok();
}

static struct svc_result review_pdf(struct db *db, struct arena *a, const struct config *cfg,
				    const struct svc_actor *who,
				    const struct svc_review_plan_view *v, const struct adopted *x,
				    size_t n, const struct totals *t, struct buf *out)
{
	struct unit unit;
	int rc = repo_unit_by_id(db, a, who->unit_id, &unit);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_FORBIDDEN, NULL, "an account of a unit signs the report");
	if (rc < 0)
		return svc_txn_result(db, rc);
	const char *head;
	if ((rc = svc_form_head(db, a, &unit, &head)) < 0)
		return svc_txn_result(db, rc);
	int64_t now = clock_now_ms();
	struct buf pdf = BUF_INIT;
	struct svc_result res = review_layout(db, a, cfg, v, &unit, x, n, t, now, head, &pdf);
	if (res.code == ERR_NONE)
		res = svc_sign_report(a, cfg, &pdf, now, head,
				      "Báo cáo kết quả rà soát, đơn giản hóa TTHC", out);
	buf_release(&pdf);
	return res;
}

struct svc_result svc_review_report(struct db *db, struct arena *a, const struct config *cfg,
				    const struct svc_actor *who, int64_t year,
				    enum svc_review_format f, struct buf *out,
				    const char **content_type, const char **filename)
{
	if (!(who->roles & (ROLE_OFFICE | ROLE_LEADER)))
		return svc_fail(ERR_FORBIDDEN, NULL, "the office and the leaders report");
	struct svc_review_plan_view v;
	struct svc_result r = svc_review_plan_get(db, a, who, year, &v);
	if (r.code != ERR_NONE)
		return r;
	struct adopted *x;
	struct totals t;
	size_t n = adopted_of(a, &v, &x, &t);
	if (f == SVC_REVIEW_XLSX) {
		*content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		*filename = arena_printf(a, "ra-soat-tthc-%lld.xlsx", (long long)year);
		return review_xlsx(a, cfg, &v, x, n, &t, out);
	}
	/* The PDF is the leaders' report of what they adopted, signed in the
	 * head's name: none before a leader adopted a proposal. */
	if (!n)
		return svc_fail(ERR_REVIEW_NOTHING_ADOPTED, NULL,
				"the report is signed once a leader has adopted a proposal");
	*content_type = "application/pdf";
	*filename = arena_printf(a, "ra-soat-tthc-%lld.pdf", (long long)year);
	return review_pdf(db, a, cfg, who, &v, x, n, &t, out);
}
