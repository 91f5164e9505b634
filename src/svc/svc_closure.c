/* Closed periods of the periodic report (svc_closure.h): closing a unit's
 * month, quarter, half-year or year freezes its report by procedure, field
 * and unit as JSON into the closures' hash chain, signed with the agency
 * key; a report of exactly that period is then answered from the frozen
 * figures, with the differences the history shows now as adjustments; and
 * `audit verify` walks the chain. Layer: svc.
 *
 * The canonical form of a closure (what its hash covers and the agency
 * signs) is fixed forever: a version line, then one line per field in this
 * order, `name=<byte length>:<bytes>` (core/events.h's way, so no value can
 * pass for a field boundary): seq, unit, period, from, to, closed_at,
 * actor, figures_sha256, prev_hash. The figures themselves are covered
 * through their SHA-256. */
#include "svc/svc_closure.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/path.h"
#include "base/text.h"
#include "core/events.h"
#include "core/roles.h"
#include "pki/pki.h"
#include "repo/repo_closures.h"
#include "svc/svc_documents.h"

#define DAY_MS (24 * 3600 * 1000LL)

static const struct svc_result OK = {ERR_NONE, NULL, NULL};

/* ---------------------------------------------------------------- periods */

static int last_day(int year, int month)
{
	for (int d = 31; d > 28; d--)
		if (cal_date_valid((struct cal_date){year, month, d}))
			return d;
	return 28;
}

int svc_kpi_period_parse(const char *period, char from[11], char to[11])
{
	if (!period || strlen(period) > 7)
		return -1;
	int year = 0, n = 0, m1, m2;
	char kind = 0, end = 0;
	size_t len = strlen(period);
	for (size_t i = 0; i < 4; i++)
		if (period[i] < '0' || period[i] > '9')
			return -1;
	if (sscanf(period, "%4d", &year) != 1 || year < 2000 || year > 2999)
		return -1;
	if (len == 4) {
		m1 = 1, m2 = 12;
	} else if (len == 7 && period[4] == '-' && period[5] >= '0' && period[5] <= '9' &&
		   sscanf(period + 5, "%2d%c", &n, &end) == 1 && n >= 1 && n <= 12 &&
		   period[6] >= '0' && period[6] <= '9') {
		m1 = m2 = n;
	} else if (len == 7 && period[4] == '-' &&
		   sscanf(period + 5, "%c%1d%c", &kind, &n, &end) == 2 &&
		   ((kind == 'Q' && n >= 1 && n <= 4) || (kind == 'H' && n >= 1 && n <= 2))) {
		int span = kind == 'Q' ? 3 : 6;
		m1 = (n - 1) * span + 1, m2 = n * span;
	} else {
		return -1;
	}
	snprintf(from, 11, "%04d-%02d-01", year, m1);
	snprintf(to, 11, "%04d-%02d-%02d", year, m2, last_day(year, m2));
	return 0;
}

/* ---------------------------------------------------------------- hashes */

static void sha256_hex(const void *p, size_t n, char out[EVENT_HASH_HEX + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, p, n);
	text_hex(h, sizeof h, out);
}

static void canon_field(struct buf *b, const char *name, const char *v)
{
	buf_addf(b, "%s=%zu:", name, strlen(v));
	buf_adds(b, v);
	buf_addc(b, '\n');
}

/* The canonical form of c (see the file's head) into b. */
static void closure_canonical(const struct monitor_closure *c, struct buf *b)
{
	char seq[24], at[24];
	snprintf(seq, sizeof seq, "%lld", (long long)c->seq);
	snprintf(at, sizeof at, "%lld", (long long)c->closed_at);
	buf_adds(b, "motcua-kpi-closure-v1\n");
	canon_field(b, "seq", seq);
	canon_field(b, "unit", c->unit_code);
	canon_field(b, "period", c->period);
	canon_field(b, "from", c->from);
	canon_field(b, "to", c->to);
	canon_field(b, "closed_at", at);
	canon_field(b, "actor", c->actor ? c->actor : "");
	canon_field(b, "figures_sha256", c->figures_hash);
	canon_field(b, "prev_hash", c->prev_hash);
}

/* ---------------------------------------------------------------- figures */

json_t *svc_report_row_json(const struct svc_report_row *r)
{
	json_t *o = json_pack("{s:s,s:s,s:s}", "key", r->key, "name", r->name_vi, "name_en",
			      r->name_en);
	for (size_t i = 0; i < SVC_REPORT_NCOLS; i++)
		json_object_set_new(o, svc_report_keys[i], json_integer((json_int_t)r->n[i]));
	return o;
}

static json_t *report_json(const struct svc_report *rep)
{
	json_t *rows = json_array();
	for (size_t i = 0; i < rep->nrows; i++)
		json_array_append_new(rows, svc_report_row_json(&rep->rows[i]));
	return json_pack("{s:o,s:o}", "rows", rows, "total", svc_report_row_json(&rep->total));
}

/* The report of unit over [from, to] by procedure, field and unit, as the
 * compact JSON text that is frozen, into *out (from a). */
static struct svc_result freeze_figures(struct db *db, struct arena *a, const struct svc_actor *who,
					const char *unit, const char *from, const char *to,
					struct unit *u, const char **out)
{
	static const char *const bys[] = {"procedure", "field", "unit"};
	json_t *reports = json_object();
	struct svc_result r = OK;
	for (size_t i = 0; i < 3 && r.code == ERR_NONE; i++) {
		struct svc_report rep;
		r = svc_report_build(db, a, who, unit, from, to, bys[i], &rep);
		if (r.code == ERR_NONE) {
			json_object_set_new(reports, bys[i], report_json(&rep));
			*u = rep.unit;
		}
	}
	if (r.code != ERR_NONE) {
		json_decref(reports);
		return r;
	}
	json_t *o = json_pack("{s:{s:s,s:s,s:s},s:s,s:s,s:o}", "unit", "code", u->code, "name",
			      u->name_vi, "name_en", u->name_en, "from", from, "to", to, "reports",
			      reports);
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (!s)
		return svc_fail(ERR_INTERNAL, NULL, "the figures could not be written");
	*out = arena_strdup(a, s);
	free(s);
	return OK;
}

/* ---------------------------------------------------------------- closing */

struct close_txn {
	struct arena *a;
	struct pki_signer *signer;
	struct monitor_closure *c;
	char err[256];
	int sign_rc;
};

/* Chains c to the head, signs its canonical form, appends it. */
static int close_txn(struct db *db, void *ctx)
{
	struct close_txn *t = ctx;
	struct monitor_closure *c = t->c, old;
	int rc = repo_closure_of_period(db, t->a, c->unit_id, c->period, &old);
	if (rc == DB_OK)
		return db_abort(db, ERR_KPI_PERIOD_CLOSED, "period",
				arena_printf(t->a, "closure #%lld by %s", (long long)old.seq,
					     *old.actor ? old.actor : "the command line"));
	if (rc != DB_NOT_FOUND)
		return rc;
	int64_t n;
	const char *last;
	if ((rc = repo_closure_head(db, t->a, &n, &last)) < 0)
		return rc;
	c->seq = n + 1;
	c->prev_hash = n ? last : event_genesis_hash;
	struct buf canon = BUF_INIT, sig = BUF_INIT;
	buf_init(&canon);
	buf_init(&sig);
	closure_canonical(c, &canon);
	char h[EVENT_HASH_HEX + 1];
	sha256_hex(canon.p, canon.len, h);
	c->hash = arena_strdup(t->a, h);
	t->sign_rc = pki_sign_detached(t->signer, canon.p, canon.len, c->closed_at, &sig, t->err,
				       sizeof t->err);
	if (t->sign_rc == PKI_OK) {
		size_t blen = sodium_base64_ENCODED_LEN(sig.len, sodium_base64_VARIANT_ORIGINAL);
		char *b64 = arena_alloc(t->a, blen);
		sodium_bin2base64(b64, blen, (const unsigned char *)sig.p, sig.len,
				  sodium_base64_VARIANT_ORIGINAL);
		c->signature = b64;
		c->signer = arena_strdup(t->a, pki_signer_name(t->signer));
	}
	buf_release(&canon);
	buf_release(&sig);
	if (t->sign_rc != PKI_OK)
		return DB_ABORT;
	rc = repo_closure_append(db, c);
	if (rc == DB_CONSTRAINT)
		return db_abort(db, ERR_KPI_PERIOD_CLOSED, "period", NULL);
	return rc;
}

static struct svc_result close_check(const struct svc_actor *who, const char *unit,
				     const char *period, char from[11], char to[11])
{
	if (who && !(who->roles & (ROLE_LEADER | ROLE_OFFICE)))
		return svc_fail(ERR_FORBIDDEN, NULL, "a leader or the office closes a period");
	if (!unit || !*unit)
		return svc_fail(ERR_FIELD_MISSING, "unit", NULL);
	if (!period || !*period)
		return svc_fail(ERR_FIELD_MISSING, "period", NULL);
	if (svc_kpi_period_parse(period, from, to) < 0)
		return svc_fail(ERR_FIELD_INVALID, "period",
				"YYYY-MM (a month), YYYY-Q1..Q4, YYYY-H1 or H2, or YYYY");
	int64_t last;
	if (clock_parse_date(to, &last) < 0)
		return svc_fail(ERR_FIELD_INVALID, "period", "years 2000 to 2999");
	if (last + DAY_MS > clock_now_ms())
		return svc_fail(ERR_KPI_PERIOD_NOT_ENDED, "period",
				"its last day is today or later");
	return OK;
}

struct svc_result svc_kpi_close(struct db *db, struct arena *a, const struct config *cfg,
				const struct svc_actor *who, const char *unit, const char *period,
				struct monitor_closure *out)
{
	memset(out, 0, sizeof *out);
	char from[11], to[11];
	struct svc_result r = close_check(who, unit, period, from, to);
	if (r.code != ERR_NONE)
		return r;
	struct unit u;
	r = freeze_figures(db, a, who, unit, from, to, &u, &out->figures);
	if (r.code != ERR_NONE)
		return r;
	char fh[EVENT_HASH_HEX + 1];
	sha256_hex(out->figures, strlen(out->figures), fh);
	out->figures_hash = arena_strdup(a, fh);
	out->unit_id = u.id;
	out->unit_code = u.code;
	out->period = arena_strdup(a, period);
	out->from = arena_strdup(a, from);
	out->to = arena_strdup(a, to);
	out->closed_at = clock_now_ms();
	out->actor_id = who ? who->id : 0;
	out->actor = who && who->username ? who->username : "";
	out->signature = out->signer = "";
	struct close_txn t = {.a = a, .c = out};
	int rc = svc_signer_get(cfg, &t.signer, t.err, sizeof t.err);
	if (rc != PKI_OK)
		return svc_sign_fail(a, rc, t.err);
	rc = db_run_txn(db, close_txn, &t, DB_TXN_ATTEMPTS);
	if (rc == DB_ABORT && t.sign_rc != PKI_OK)
		return svc_sign_fail(a, t.sign_rc, t.err);
	return svc_txn_result(db, rc);
}

struct svc_result svc_kpi_closures(struct db *db, struct arena *a, const struct svc_actor *who,
				   const char *unit, struct monitor_closure **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct unit u = {0};
	struct svc_result r = OK;
	if (unit) {
		r = svc_unit_by_code(db, a, unit, &u);
		if (r.code == ERR_NONE && who)
			r = svc_report_may_see(db, a, who, &u);
	} else if (who && !(who->roles & (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICE))) {
		r = svc_fail(ERR_FORBIDDEN, "unit", "the closures of the whole agency");
	}
	if (r.code != ERR_NONE)
		return r;
	return svc_txn_result(db, repo_closures(db, a, u.id, 0, SVC_CLOSURES_MAX, false, out, n));
}

/* ---------------------------------------------------------------- reading */

/* The frozen rows of one grouping (a JSON object {rows, total}) into rep. */
static int frozen_rows(struct arena *a, const json_t *g, struct svc_report *rep)
{
	const json_t *rows = json_object_get(g, "rows"), *total = json_object_get(g, "total");
	if (!json_is_array(rows) || !json_is_object(total))
		return -1;
	size_t n = json_array_size(rows);
	struct svc_report_row *out = arena_zalloc(a, (n + 1) * sizeof *out);
	for (size_t i = 0; i <= n; i++) {
		const json_t *o = i < n ? json_array_get(rows, i) : total;
		struct svc_report_row *r = i < n ? &out[i] : &rep->total;
		const char *key = json_string_value(json_object_get(o, "key"));
		const char *vi = json_string_value(json_object_get(o, "name"));
		const char *en = json_string_value(json_object_get(o, "name_en"));
		if (!key || !vi || !en)
			return -1;
		r->key = arena_strdup(a, key);
		r->name_vi = arena_strdup(a, vi);
		r->name_en = arena_strdup(a, en);
		for (size_t k = 0; k < SVC_REPORT_NCOLS; k++) {
			const json_t *v = json_object_get(o, svc_report_keys[k]);
			if (!json_is_integer(v))
				return -1;
			r->n[k] = json_integer_value(v);
		}
	}
	rep->rows = out;
	rep->nrows = n;
	return 0;
}

static const struct svc_report_row *row_of(const struct svc_report_row *rows, size_t n,
					   const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].key, key))
			return &rows[i];
	return NULL;
}

/* Where a (frozen) and b (recomputed) differ, per row key (a's rows, then
 * b's rows a lacks, then the total) and column, appended to out. */
static void adjustments(struct arena *a, const struct svc_report *fz, const struct svc_report *now,
			struct svc_report_frozen *out)
{
	size_t cap = (fz->nrows + now->nrows + 1) * SVC_REPORT_NCOLS;
	out->adj = arena_zalloc(a, (cap + 1) * sizeof *out->adj);
	for (size_t i = 0; i < fz->nrows + now->nrows + 1; i++) {
		const struct svc_report_row *f, *r;
		if (i < fz->nrows) {
			f = &fz->rows[i];
			r = row_of(now->rows, now->nrows, f->key);
		} else if (i < fz->nrows + now->nrows) {
			r = &now->rows[i - fz->nrows];
			if (row_of(fz->rows, fz->nrows, r->key))
				continue;
			f = NULL;
		} else {
			f = &fz->total, r = &now->total;
		}
		for (size_t k = 0; k < SVC_REPORT_NCOLS; k++) {
			int64_t x = f ? f->n[k] : 0, y = r ? r->n[k] : 0;
			if (x != y)
				out->adj[out->nadj++] = (struct svc_kpi_adjustment){
					f ? f->key : r->key, svc_report_keys[k], x, y};
		}
	}
}

/* The frozen rows of c's report by by into fz (whose other fields the
 * caller set), after checking the figures against their hash. */
static struct svc_result load_frozen(struct arena *a, const struct monitor_closure *c,
				     const char *by, struct svc_report *fz)
{
	char fh[EVENT_HASH_HEX + 1];
	sha256_hex(c->figures, strlen(c->figures), fh);
	if (strcmp(fh, c->figures_hash))
		return svc_fail(ERR_INTERNAL, NULL,
				arena_printf(a,
					     "closure #%lld: the figures do not match their hash",
					     (long long)c->seq));
	json_t *o = json_loads(c->figures, 0, NULL);
	int bad = frozen_rows(a, json_object_get(json_object_get(o, "reports"), by), fz);
	json_decref(o);
	if (bad)
		return svc_fail(ERR_INTERNAL, NULL,
				arena_printf(a, "closure #%lld: the figures do not parse",
					     (long long)c->seq));
	return OK;
}

struct svc_result svc_report_frozen(struct db *db, struct arena *a, struct svc_report *rep,
				    struct svc_report_frozen *out)
{
	memset(out, 0, sizeof *out);
	int rc = repo_closure_find(db, a, rep->unit.id, rep->from, rep->to, &out->closure);
	if (rc == DB_NOT_FOUND)
		return OK;
	if (rc < 0)
		return svc_txn_result(db, rc);
	struct svc_report fz = *rep;
	struct svc_result r = load_frozen(a, &out->closure, rep->by, &fz);
	if (r.code != ERR_NONE)
		return r;
	out->closed = true;
	adjustments(a, &fz, rep, out);
	*rep = fz;
	return OK;
}

/* ---------------------------------------------------------------- carried */

/* The columns as the reasons name them (Vietnamese, English). */
static const char *const col_names[SVC_REPORT_NCOLS][2] = {
	{"kỳ trước chuyển sang", "carried over"},
	{"mới trực tuyến", "new online"},
	{"mới trực tiếp", "new direct"},
	{"mới qua bưu chính", "new by post"},
	{"giải quyết trước hạn", "ended early"},
	{"giải quyết đúng hạn", "ended on time"},
	{"giải quyết quá hạn", "ended late"},
	{"từ chối", "refused"},
	{"rút hồ sơ", "withdrawn"},
	{"dừng giải quyết", "stopped"},
	{"đang giải quyết chưa đến hạn", "open, not due"},
	{"đang giải quyết quá hạn", "open, overdue"},
	{"chờ bổ sung, nghĩa vụ tài chính", "waiting (supplement, payment)"},
};

/* The k-th kind of period (0 month, 1 quarter, 2 half, 3 year) numbered n
 * of year y into p: "2026-03", "2026-Q1", "2026-H1", "2026". */
static void period_name(char p[8], size_t k, int y, int n)
{
	if (k == 0)
		snprintf(p, 8, "%04d-%02d", y, n);
	else if (k < 3)
		snprintf(p, 8, "%04d-%c%d", y, k == 1 ? 'Q' : 'H', n);
	else
		snprintf(p, 8, "%04d", y);
}

int svc_kpi_period_before(const char *from, const char *to, char prev[8])
{
	int y, m;
	if (!from || !to || strlen(from) != 10 || sscanf(from, "%4d-%2d", &y, &m) != 2 || m < 1 ||
	    m > 12)
		return -1;
	/* The month, quarter, half and year that start with from's month. */
	const int nth[] = {m, (m + 2) / 3, (m + 5) / 6, 1}, last[] = {12, 4, 2, 1};
	for (size_t k = 0; k < 4; k++) {
		char p[8], f[11], t[11];
		period_name(p, k, y, nth[k]);
		if (svc_kpi_period_parse(p, f, t) < 0 || strcmp(f, from) || strcmp(t, to))
			continue;
		if (nth[k] == 1)
			period_name(prev, k, y - 1, last[k]);
		else
			period_name(prev, k, y, nth[k] - 1);
		return 0;
	}
	return -1;
}

/* "giải quyết quá hạn 1 → 0, …" of the columns where f and r differ, in
 * language l (0 Vietnamese, 1 English). */
static const char *changes(struct arena *a, const struct svc_report_row *f,
			   const struct svc_report_row *r, int l)
{
	struct buf b = BUF_INIT;
	buf_init(&b);
	for (size_t k = 0; k < SVC_REPORT_NCOLS; k++) {
		int64_t x = f ? f->n[k] : 0, y = r ? r->n[k] : 0;
		if (x != y)
			buf_addf(&b, "%s%s %lld → %lld", b.len ? ", " : "", col_names[k][l],
				 (long long)x, (long long)y);
	}
	const char *s = arena_strdup(a, b.len ? b.p : "");
	buf_release(&b);
	return s;
}

/* The carried row of one key from the frozen row f and the recomputed r
 * (either NULL when the key is missing there); false when they agree. */
static bool carried_row(struct arena *a, const struct monitor_closure *c,
			const struct svc_report_row *f, const struct svc_report_row *r,
			struct svc_report_carried_row *out)
{
	const struct svc_report_row *named = f ? f : r;
	bool differs = false;
	for (size_t k = 0; k < SVC_REPORT_NCOLS; k++) {
		out->d[k] = (r ? r->n[k] : 0) - (f ? f->n[k] : 0);
		differs |= out->d[k] != 0;
	}
	if (!differs)
		return false;
	char day[11], vi[11];
	clock_format_date_local(c->closed_at, day, sizeof day);
	snprintf(vi, sizeof vi, "%.2s/%.2s/%.4s", day + 8, day + 5, day);
	out->key = named->key;
	out->name_vi = named->name_vi;
	out->name_en = named->name_en;
	out->reason_vi = arena_printf(a,
				      "Điều chỉnh kỳ %s (đã khóa sổ ngày %s, mắt xích số %lld): "
				      "lịch sử hồ sơ nay cho %s",
				      c->period, vi, (long long)c->seq, changes(a, f, r, 0));
	out->reason_en = arena_printf(a,
				      "Correction of period %s (closed on %s, link %lld): the "
				      "dossiers' history now gives %s",
				      c->period, day, (long long)c->seq, changes(a, f, r, 1));
	return true;
}

struct svc_result svc_report_carried(struct db *db, struct arena *a, const struct svc_report *rep,
				     struct svc_report_carried *out)
{
	memset(out, 0, sizeof *out);
	char prev[8];
	if (svc_kpi_period_before(rep->from, rep->to, prev) < 0)
		return OK;
	int rc = repo_closure_of_period(db, a, rep->unit.id, prev, &out->closure);
	if (rc == DB_NOT_FOUND)
		return OK;
	if (rc < 0)
		return svc_txn_result(db, rc);
	struct svc_report now, fz;
	struct svc_result r = svc_report_build(db, a, NULL, rep->unit.code, out->closure.from,
					       out->closure.to, rep->by, &now);
	fz = now;
	if (r.code == ERR_NONE)
		r = load_frozen(a, &out->closure, rep->by, &fz);
	if (r.code != ERR_NONE)
		return r;
	out->any = true;
	out->rows = arena_zalloc(a, (fz.nrows + now.nrows + 1) * sizeof *out->rows);
	for (size_t i = 0; i < fz.nrows; i++)
		out->nrows += carried_row(a, &out->closure, &fz.rows[i],
					  row_of(now.rows, now.nrows, fz.rows[i].key),
					  &out->rows[out->nrows]);
	for (size_t i = 0; i < now.nrows; i++)
		if (!row_of(fz.rows, fz.nrows, now.rows[i].key))
			out->nrows += carried_row(a, &out->closure, NULL, &now.rows[i],
						  &out->rows[out->nrows]);
	return OK;
}

void svc_report_carry(struct arena *a, const struct svc_report_carried *cr, struct svc_report *rep)
{
	struct svc_report_row *rows = arena_zalloc(a, (cr->nrows + 1) * sizeof *rows);
	for (size_t i = 0; i < cr->nrows; i++) {
		const struct svc_report_carried_row *d = &cr->rows[i];
		rows[i].key = arena_printf(a, "ĐC %s %s", cr->closure.period, d->key);
		rows[i].name_vi = d->reason_vi;
		rows[i].name_en = d->reason_en;
		memcpy(rows[i].n, d->d, sizeof rows[i].n);
	}
	rep->carried = rows;
	rep->ncarried = cr->any ? cr->nrows : 0;
}

/* ---------------------------------------------------------------- audit */

static int broken(struct svc_audit *out, const struct monitor_closure *c, const char *why)
{
	snprintf(out->problem, sizeof out->problem, "closure #%lld (unit %s, period %s): %s",
		 (long long)c->seq, c->unit_code, c->period, why);
	return 1;
}

/* The agency's signature of one closure, against the CA in ca (a path). */
static int check_signature(const struct monitor_closure *c, const struct buf *canon, const char *ca,
			   struct svc_audit *out)
{
	size_t cap = strlen(c->signature), len = 0;
	unsigned char *der = xmalloc(cap + 1);
	int rc = 0;
	struct pki_verify v;
	if (sodium_base642bin(der, cap, c->signature, cap, NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		rc = broken(out, c, "the signature is not base64");
	else if (pki_verify_detached(canon->p, canon->len, der, len, ca, &v) != 0 || !v.valid)
		rc = broken(out, c, "the agency's signature does not verify");
	else
		out->signatures++;
	free(der);
	return rc;
}

/* One closure, the next after prev in the chain. */
static int verify_one(const struct monitor_closure *c, int64_t seq, const char *prev,
		      const char *ca, struct svc_audit *out)
{
	char h[EVENT_HASH_HEX + 1];
	if (c->seq != seq)
		return broken(out, c,
			      c->seq > seq ? "an earlier closure is missing"
					   : "sequence out of order");
	if (strcmp(c->prev_hash, prev))
		return broken(out, c, "prev_hash does not match the previous closure");
	sha256_hex(c->figures, strlen(c->figures), h);
	if (strcmp(h, c->figures_hash))
		return broken(out, c, "the frozen figures do not match their hash");
	struct buf canon = BUF_INIT;
	buf_init(&canon);
	closure_canonical(c, &canon);
	sha256_hex(canon.p, canon.len, h);
	int rc = strcmp(h, c->hash) ? broken(out, c, "stored hash does not match its content") : 0;
	if (!rc && ca && *c->signature)
		rc = check_signature(c, &canon, ca, out);
	buf_release(&canon);
	return rc;
}

static int db_broken(struct db *db, struct svc_audit *out)
{
	snprintf(out->problem, sizeof out->problem, "database: %s", db_errmsg(db));
	return -1;
}

/* The agency's chain (data_dir/pki/chain.pem) into ca: true if readable. */
static bool agency_ca(const struct config *cfg, char ca[2048])
{
	return cfg && path_fmt(ca, 2048, "%s/pki/chain.pem", cfg->v.data_dir) == 0 &&
	       access(ca, R_OK) == 0;
}

int svc_audit_verify_closures(struct db *db, const struct config *cfg, struct svc_audit *out)
{
	out->closures = out->signatures = 0;
	char ca[2048];
	bool have_ca = agency_ca(cfg, ca);
	struct arena keep;
	arena_init(&keep);
	const char *prev = event_genesis_hash;
	int rc = 0;
	for (int64_t after = 0; rc == 0;) {
		struct arena a;
		arena_init(&a);
		struct monitor_closure *cs;
		size_t n;
		if (repo_closures(db, &a, 0, after, 200, true, &cs, &n) < 0)
			rc = db_broken(db, out);
		for (size_t i = 0; rc == 0 && i < n; i++) {
			rc = verify_one(&cs[i], out->closures + 1, prev, have_ca ? ca : NULL, out);
			prev = arena_strdup(&keep, cs[i].hash);
			after = cs[i].seq;
			out->closures += rc == 0;
		}
		arena_release(&a);
		if (rc || n < 200)
			break;
	}
	int64_t hn;
	const char *last;
	if (rc == 0 && repo_closure_head(db, &keep, &hn, &last) < 0)
		rc = db_broken(db, out);
	else if (rc == 0 && hn != out->closures)
		rc = (snprintf(out->problem, sizeof out->problem,
			       "the closures' head counts %lld closures but %lld exist",
			       (long long)hn, (long long)out->closures),
		      1);
	else if (rc == 0 && hn && strcmp(last, prev))
		rc = (snprintf(out->problem, sizeof out->problem,
			       "the closures' head does not hold the last closure's hash"),
		      1);
	arena_release(&keep);
	return rc;
}

/* ---------------------------------------------------------------- one */

/* Closure seq and the one before it (for its link) from the chain. */
static struct svc_result closure_and_prev(struct db *db, struct arena *a, int64_t seq,
					  struct monitor_closure *c, const char **prev)
{
	struct monitor_closure *cs;
	size_t n;
	int rc = repo_closures(db, a, 0, seq > 1 ? seq - 2 : 0, 2, true, &cs, &n);
	if (rc < 0)
		return svc_txn_result(db, rc);
	*prev = seq == 1 ? event_genesis_hash : "";
	for (size_t i = 0; i < n; i++) {
		if (cs[i].seq == seq - 1)
			*prev = cs[i].hash;
		if (cs[i].seq == seq) {
			*c = cs[i];
			return OK;
		}
	}
	return svc_fail(ERR_KPI_CLOSURE_NOT_FOUND, "seq", NULL);
}

struct svc_result svc_kpi_closure_check(struct db *db, struct arena *a, const struct config *cfg,
					const struct svc_actor *who, int64_t seq,
					struct svc_closure_check *out)
{
	memset(out, 0, sizeof *out);
	const char *prev = "";
	struct svc_result r = closure_and_prev(db, a, seq, &out->closure, &prev);
	struct unit u;
	if (r.code == ERR_NONE)
		r = svc_unit_by_code(db, a, out->closure.unit_code, &u);
	if (r.code == ERR_NONE && who)
		r = svc_report_may_see(db, a, who, &u);
	if (r.code != ERR_NONE)
		return r;
	char ca[2048];
	struct svc_audit au = {0};
	out->valid = verify_one(&out->closure, seq, prev, agency_ca(cfg, ca) ? ca : NULL, &au) == 0;
	out->signature_verified = out->valid && au.signatures > 0;
	snprintf(out->problem, sizeof out->problem, "%s", out->valid ? "" : au.problem);
	if (!out->valid)
		return OK; /* figures that are not what was closed are not shown */
	/* The frozen report by procedure, and where the history now differs. */
	r = svc_report_build(db, a, NULL, out->closure.unit_code, out->closure.from,
			     out->closure.to, "procedure", &out->frozen);
	if (r.code == ERR_NONE)
		r = svc_report_frozen(db, a, &out->frozen, &out->since);
	return r;
}
