/* Payments (issue 13): a dossier's demands and payments, paying at the
 * desk or online, the e-receipt's PDF, and the office's list of a day's
 * payments (JSON or XLSX). Layer: api.
 *
 * The replies follow issue 13's contract exactly (docs/openapi.yaml):
 * amounts are integer đồng. */
#include <inttypes.h>
#include <string.h>

#include "api/api.h"
#include "base/buf.h"
#include "base/json.h"
#include "svc/svc_payments.h"

static bool code_ok(struct http_request *req, const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n == 0 || n > 64) {
		http_reply_error(req, ERR_DOSSIER_NOT_FOUND, "code", NULL);
		return false;
	}
	return true;
}

static void w_receipt(struct http_request *req, struct jw *w, const struct payment *p)
{
	jw_key(w, "receipt");
	if (!p->has_receipt) {
		jw_null(w);
		return;
	}
	jw_obj(w);
	jw_kstr(w, "series", p->receipt.series);
	jw_kint(w, "number", p->receipt.number);
	jw_kstr(w, "href",
		arena_printf(&req->arena, "/api/v1/payments/%" PRId64 "/receipt.pdf", p->id));
	jw_end_obj(w);
}

/* The fields of payment p, inside an object the caller opened. */
static void w_payment_fields(struct http_request *req, struct jw *w, const struct payment *p,
			     bool with_dossier)
{
	jw_kint(w, "id", p->id);
	if (with_dossier) {
		jw_kstr(w, "dossier", p->dossier_code);
		jw_key(w, "flag");
		p->flag ? jw_str(w, p->flag) : jw_null(w);
	}
	jw_kint(w, "demand", p->demand_id);
	jw_kstr(w, "method", p->method);
	jw_kint(w, "amount", p->amount);
	jw_kstr(w, "status", p->status);
	jw_key(w, "txn_ref");
	p->txn_ref ? jw_str(w, p->txn_ref) : jw_null(w);
	jw_key(w, "gateway_txn");
	p->gateway_txn ? jw_str(w, p->gateway_txn) : jw_null(w);
	bool paid = !strcmp(p->status, "paid") || !strcmp(p->status, "refunded");
	jw_ktime(w, "paid_at", paid ? p->settled_at : 0);
	w_receipt(req, w, p);
}

static void w_payment(struct http_request *req, struct jw *w, const struct payment *p,
		      bool with_dossier)
{
	jw_obj(w);
	w_payment_fields(req, w, p, with_dossier);
	/* The dossier's page offers to resume a pending online payment until
	 * its gateway order expires, and to pay again after. */
	if (!with_dossier && !strcmp(p->status, "pending") && p->txn_ref)
		jw_ktime(w, "expires_at",
			 p->created_at + req->cfg->v.payment_expire_minutes * 60 * INT64_C(1000));
	jw_end_obj(w);
}

static void w_demand(struct jw *w, const struct payment_demand *d)
{
	jw_obj(w);
	jw_kint(w, "id", d->id);
	jw_key(w, "lines");
	jw_arr(w);
	for (size_t i = 0; i < d->nlines; i++) {
		jw_obj(w);
		const struct payment_line *l = &d->lines[i];
		jw_kstr(w, "name", l->name_vi);
		jw_kstr(w, "name_en", l->name_en);
		jw_kint(w, "amount", l->amount);
		if (l->exemption_basis) {
			jw_key(w, "exemption");
			jw_obj(w);
			jw_kstr(w, "basis", l->exemption_basis);
			jw_kstr(w, "reason", l->exemption_reason ? l->exemption_reason : "");
			jw_end_obj(w);
		}
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_kint(w, "total", d->total);
	jw_ktime(w, "due_at", d->due_at);
	jw_kstr(w, "status", d->status);
	jw_end_obj(w);
}

void api_payments_of(struct http_request *req)
{
	const char *code = http_param(req, 0);
	if (!code_ok(req, code))
		return;
	struct svc_actor who = api_actor(req);
	struct svc_payments_view v;
	struct svc_result r = svc_payments_of(req->db, &req->arena, &who, code, &v);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	struct buf b = BUF_INIT;
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_key(&w, "demands");
	jw_arr(&w);
	for (size_t i = 0; i < v.ndemands; i++)
		w_demand(&w, &v.demands[i]);
	jw_end_arr(&w);
	jw_key(&w, "payments");
	jw_arr(&w);
	for (size_t i = 0; i < v.npayments; i++)
		w_payment(req, &w, &v.payments[i], false);
	jw_end_arr(&w);
	jw_end_obj(&w);
	http_add_header(req, "Cache-Control", "no-store");
	api_reply_jw(req, 200, &b);
	buf_release(&b);
}

void api_payments_create(struct http_request *req)
{
	const char *code = http_param(req, 0);
	if (!code_ok(req, code))
		return;
	json_t *body = http_json_body(req);
	if (!body)
		return;
	struct svc_payment_in in = {.client_ip = req->ip};
	struct jspec spec[] = {
		JSPEC_STR("method", true, 16, &in.method),
		JSPEC_STR("reference", false, 100, &in.reference),
	};
	struct jerr err = {0};
	if (jspec_check(body, spec, sizeof spec / sizeof spec[0], "", &err) < 0) {
		http_reply_jerr(req, &err);
		goto out;
	}
	struct svc_actor who = api_actor(req);
	struct payment p;
	const char *url;
	bool resumed;
	struct svc_result r = svc_payment_create(req->db, &req->arena, req->cfg, &who, code, &in,
						 &p, &url, &resumed);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		goto out;
	}
	struct buf b = BUF_INIT;
	struct jw w;
	jw_init(&w, &b);
	if (url) {
		jw_obj(&w);
		jw_kint(&w, "id", p.id);
		jw_kint(&w, "amount", p.amount);
		jw_kstr(&w, "status", p.status);
		jw_kstr(&w, "payment_url", url);
		jw_kstr(&w, "txn_ref", p.txn_ref);
		jw_end_obj(&w);
	} else {
		w_payment(req, &w, &p, false);
	}
	/* 200: the pending payment of before, resumed (svc_payment_create). */
	api_reply_jw(req, resumed ? 200 : 201, &b);
	buf_release(&b);
out:
	json_decref(body);
}

static bool id_ok(struct http_request *req, int64_t *id)
{
	const char *s = http_param(req, 0);
	*id = 0;
	for (size_t i = 0; s && s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 15) {
			*id = 0;
			break;
		}
		*id = *id * 10 + (s[i] - '0');
	}
	if (*id <= 0) {
		http_reply_error(req, ERR_PAYMENT_NOT_FOUND, "id", NULL);
		return false;
	}
	return true;
}

void api_payment_receipt(struct http_request *req)
{
	int64_t id;
	if (!id_ok(req, &id))
		return;
	struct svc_actor who = api_actor(req);
	struct buf pdf = BUF_INIT;
	struct payment p;
	struct svc_result r = svc_receipt_pdf(req->db, &req->arena, req->cfg, &who, id, &pdf, &p);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
	} else {
		http_add_header(req, "Content-Disposition",
				arena_printf(&req->arena,
					     "inline; filename=\"bien-lai-%s-%07" PRId64 ".pdf\"",
					     p.receipt.series, p.receipt.number));
		http_add_header(req, "Cache-Control", "private, no-store");
		http_reply_text(req, 200, "application/pdf", pdf.p, pdf.len);
	}
	buf_release(&pdf);
}

void api_payments_day(struct http_request *req)
{
	const char *format = http_query(req, "format");
	bool xlsx = format && !strcmp(format, "xlsx");
	if (format && !xlsx && strcmp(format, "json")) {
		http_reply_error(req, ERR_BAD_QUERY, "format", "json or xlsx");
		return;
	}
	const char *date = http_query(req, "date");
	struct svc_actor who = api_actor(req);
	struct svc_payments_day day;
	struct svc_result r = svc_payments_day(req->db, &req->arena, &who, date, &day);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	if (xlsx) {
		struct buf file = BUF_INIT;
		r = svc_payments_day_xlsx(req->cfg, &req->arena, date, &day, &file);
		if (r.code != ERR_NONE) {
			api_reply_svc(req, r);
		} else {
			http_add_header(req, "Content-Disposition",
					arena_printf(&req->arena,
						     "attachment; filename=\"thanh-toan-%s.xlsx\"",
						     date));
			http_reply_text(req, 200,
					"application/"
					"vnd.openxmlformats-officedocument.spreadsheetml.sheet",
					file.p, file.len);
		}
		buf_release(&file);
		return;
	}
	struct buf b = BUF_INIT;
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "date", date);
	jw_key(&w, "payments");
	jw_arr(&w);
	for (size_t i = 0; i < day.npayments; i++)
		w_payment(req, &w, &day.payments[i], true);
	jw_end_arr(&w);
	jw_key(&w, "totals");
	jw_arr(&w);
	for (size_t i = 0; i < day.ntotals; i++) {
		jw_obj(&w);
		jw_kstr(&w, "method", day.totals[i].method);
		jw_kint(&w, "count", day.totals[i].count);
		jw_kint(&w, "amount", day.totals[i].amount);
		jw_end_obj(&w);
	}
	jw_end_arr(&w);
	jw_kint(&w, "total", day.total);
	jw_end_obj(&w);
	http_add_header(req, "Cache-Control", "no-store");
	api_reply_jw(req, 200, &b);
	buf_release(&b);
}

static void w_recon_row(struct http_request *req, struct jw *w, const struct svc_recon_row *r)
{
	jw_obj(w);
	w_payment_fields(req, w, &r->p, true);
	jw_key(w, "gateway");
	jw_obj(w);
	jw_kstr(w, "state", r->gw_state);
	jw_key(w, "amount");
	r->gw_amount || !strcmp(r->gw_state, "paid") ? jw_int(w, r->gw_amount) : jw_null(w);
	jw_key(w, "transaction_no");
	r->gw_txn ? jw_str(w, r->gw_txn) : jw_null(w);
	jw_key(w, "code");
	r->gw_code ? jw_str(w, r->gw_code) : jw_null(w);
	jw_end_obj(w);
	jw_key(w, "mismatch");
	r->mismatch ? jw_str(w, r->mismatch) : jw_null(w);
	jw_end_obj(w);
}

void api_payments_reconciliation(struct http_request *req)
{
	const char *date = http_query(req, "date");
	struct svc_actor who = api_actor(req);
	struct svc_recon rec;
	struct svc_result r =
		svc_payments_reconciliation(req->db, &req->arena, req->cfg, &who, date, &rec);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	struct buf b = BUF_INIT;
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "date", date);
	jw_key(&w, "payments");
	jw_arr(&w);
	for (size_t i = 0; i < rec.nrows; i++)
		w_recon_row(req, &w, &rec.rows[i]);
	jw_end_arr(&w);
	jw_kint(&w, "mismatches", rec.mismatches);
	jw_end_obj(&w);
	http_add_header(req, "Cache-Control", "no-store");
	api_reply_jw(req, 200, &b);
	buf_release(&b);
}

/* The office's action `act` on payment {id}; the payment after. */
static void office_action(struct http_request *req,
			  struct svc_result (*act)(struct db *, struct arena *,
						   const struct config *, const struct svc_actor *,
						   int64_t, struct payment *))
{
	int64_t id;
	if (!id_ok(req, &id))
		return;
	struct svc_actor who = api_actor(req);
	struct payment p;
	struct svc_result r = act(req->db, &req->arena, req->cfg, &who, id, &p);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	struct buf b = BUF_INIT;
	struct jw w;
	jw_init(&w, &b);
	w_payment(req, &w, &p, true);
	api_reply_jw(req, 200, &b);
	buf_release(&b);
}

void api_payment_settle(struct http_request *req)
{
	office_action(req, svc_payment_settle_now);
}

void api_payment_refund(struct http_request *req)
{
	office_action(req, svc_payment_refund_now);
}
