/* The sandbox payment gateway's pages and API (issue 13; svc/svc_sandbox.h):
 *   GET  /sandbox/pay/vpcpay.html?vnp_...   the payment page (VNPAY's path)
 *   POST /sandbox/pay/pay                   the payer's choice (a form)
 *   GET  /sandbox/pay/orders/{txn_ref}      the gateway's books, as JSON
 *   POST /sandbox/pay/api/transaction       querydr and refund (JSON)
 * All public (they play a gateway, which has no motcua session), all 404
 * SANDBOX_OFF unless payment.gateway = sandbox.
 *
 * Layer: api.
 */
#include <string.h>

#include "api/api.h"
#include "base/log.h"
#include "core/vnpay.h"
#include "svc/svc_sandbox.h"

struct collect {
	struct vnpay_params *p;
	int rc;
	const char *bad;
};

static bool collect_one(void *ctx, const char *name, const char *value)
{
	struct collect *c = ctx;
	if (strncmp(name, "vnp_", 4) != 0)
		return true;
	c->rc = vnpay_params_add(c->p, name, value);
	if (c->rc < 0)
		c->bad = name;
	return c->rc == 0;
}

int api_vnp_params(struct http_request *req, struct vnpay_params *p, const char **bad)
{
	struct collect c = {p, 0, NULL};
	vnpay_params_init(p);
	http_query_each(req, collect_one, &c);
	*bad = c.bad ? arena_strdup(&req->arena, c.bad) : NULL;
	if (c.rc < 0)
		vnpay_params_release(p);
	return c.rc;
}

static void html_escape(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			buf_adds(out, "&lt;");
			break;
		case '>':
			buf_adds(out, "&gt;");
			break;
		case '&':
			buf_adds(out, "&amp;");
			break;
		case '"':
			buf_adds(out, "&quot;");
			break;
		case '\'':
			buf_adds(out, "&#39;");
			break;
		default:
			buf_addc(out, *s);
		}
	}
}

/* The amount in đồng the Vietnamese way: 600.000 */
static void money(struct buf *out, int64_t v)
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)v);
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf_addc(out, '.');
		buf_addc(out, digits[i]);
	}
}

static void page(struct http_request *req, int status, const char *body)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
		     "<meta name=\"viewport\" content=\"width=device-width\">"
		     "<title>Cổng thanh toán thử nghiệm</title>"
		     "<link rel=\"icon\" href=\"/img/logo.svg\" type=\"image/svg+xml\">"
		     "<link rel=\"stylesheet\" href=\"/css/app.css\"></head><body>"
		     "<main class=\"container site-main\"><div class=\"card section\">"
		     "<h1>Cổng thanh toán thử nghiệm (sandbox)</h1>"
		     "<p class=\"muted\">Không chuyển tiền thật. Sandbox gateway: no real money "
		     "moves.</p>");
	buf_adds(&b, body);
	buf_adds(&b, "</div></main></body></html>");
	http_add_header(req, "Cache-Control", "no-store");
	http_reply_text(req, status, "text/html; charset=utf-8", b.p, b.len);
	buf_release(&b);
}

static void refuse(struct http_request *req, struct svc_result r)
{
	if (r.code == ERR_SANDBOX_OFF || r.code == ERR_DB_ERROR) {
		api_reply_svc(req, r);
		return;
	}
	struct buf b = BUF_INIT;
	buf_adds(&b, "<p role=\"alert\" id=\"sandbox-error\">Giao dịch không hợp lệ: ");
	html_escape(&b, err_lookup(r.code)->vi);
	if (r.field) {
		buf_adds(&b, " (");
		html_escape(&b, r.field);
		buf_adds(&b, ")");
	}
	buf_adds(&b, "</p>");
	page(req, err_lookup(r.code)->status, b.p);
	buf_release(&b);
}

void api_sandbox_page(struct http_request *req)
{
	struct vnpay_params p;
	struct sandbox_txn t;
	const char *bad;
	if (api_vnp_params(req, &p, &bad) < 0) {
		refuse(req, svc_fail(ERR_GATEWAY_REQUEST_INVALID, bad, NULL));
		return;
	}
	const char *back = NULL;
	struct svc_result r = svc_sandbox_open(req->db, &req->arena, req->cfg, &p, &t);
	vnpay_params_release(&p);
	if (r.code == ERR_NONE)
		r = svc_sandbox_return(&req->arena, req->cfg, &t, &back);
	if (r.code != ERR_NONE) {
		refuse(req, r);
		return;
	}
	struct buf b = BUF_INIT;
	buf_adds(&b, "<dl><dt>Mã giao dịch (vnp_TxnRef)</dt><dd id=\"sandbox-ref\">");
	html_escape(&b, t.txn_ref);
	buf_adds(&b, "</dd><dt>Nội dung</dt><dd>");
	html_escape(&b, t.order_info);
	buf_adds(&b, "</dd><dt>Số tiền</dt><dd id=\"sandbox-amount\">");
	money(&b, t.amount);
	buf_adds(&b, " đồng</dd></dl>");
	if (strcmp(t.status, "open") != 0) {
		/* Back here with the browser's Back button after paying: the way on
		 * is the merchant's page, with the outcome as it was given. */
		buf_adds(&b, "<p id=\"sandbox-closed\">Giao dịch đã được xử lý. <span "
			     "lang=\"en\">This payment has already been processed.</span></p>");
		if (back) {
			buf_adds(&b, "<p><a class=\"btn btn-primary\" id=\"sandbox-back\" href=\"");
			html_escape(&b, back);
			buf_adds(&b, "\">Quay lại trang hồ sơ <span lang=\"en\">(back to the "
				     "dossier)</span></a></p>");
		}
	} else {
		buf_adds(&b, "<form method=\"post\" action=\"/sandbox/pay/pay\">"
			     "<input type=\"hidden\" name=\"vnp_TxnRef\" value=\"");
		html_escape(&b, t.txn_ref);
		buf_adds(
			&b,
			"\"><fieldset><legend>Kết quả</legend>"
			"<label><input type=\"radio\" name=\"vnp_Outcome\" value=\"paid\" checked> "
			"Thanh toán thành công</label>"
			"<label><input type=\"radio\" name=\"vnp_Outcome\" value=\"failed\"> "
			"Hủy / thất bại</label>"
			"<label><input type=\"radio\" name=\"vnp_Outcome\" value=\"silent\"> "
			"Đã trừ tiền nhưng cổng không phản hồi</label></fieldset>"
			"<fieldset><legend>Thông báo IPN cho đơn vị</legend>"
			"<label><input type=\"radio\" name=\"vnp_Ipn\" value=\"once\" checked> "
			"Một lần</label>"
			"<label><input type=\"radio\" name=\"vnp_Ipn\" value=\"twice\"> "
			"Hai lần</label>"
			"<label><input type=\"radio\" name=\"vnp_Ipn\" value=\"late\"> "
			"Gửi muộn</label>"
			"<label><input type=\"radio\" name=\"vnp_Ipn\" value=\"none\"> "
			"Không gửi</label></fieldset>"
			"<button type=\"submit\" class=\"btn btn-primary\" id=\"sandbox-pay\">Xác "
			"nhận</button></form>");
	}
	page(req, 200, b.p);
	buf_release(&b);
}

static int pick(const char *v, const char *const *names, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		if (strcmp(v, names[i]) == 0)
			return (int)i;
	return -1;
}

void api_sandbox_pay(struct http_request *req)
{
	static const char *const outcomes[] = {"paid", "failed", "silent"};
	static const char *const ipns[] = {"once", "twice", "late", "none"};
	struct vnpay_params p;
	char *form = arena_strndup(&req->arena, req->body ? req->body : "", req->body_len);
	if (strlen(form) != req->body_len || vnpay_parse_query(form, &p) < 0) {
		http_reply_error(req, ERR_GATEWAY_REQUEST_INVALID, "body", "not a form");
		return;
	}
	const char *ref = vnpay_params_get(&p, "vnp_TxnRef");
	int outcome = pick(vnpay_params_get(&p, "vnp_Outcome"), outcomes, 3);
	int ipn = pick(vnpay_params_get(&p, "vnp_Ipn"), ipns, 4);
	const char *bad = !ref		? "vnp_TxnRef"
			  : outcome < 0 ? "vnp_Outcome"
			  : ipn < 0	? "vnp_Ipn"
					: NULL;
	if (bad) {
		vnpay_params_release(&p);
		http_reply_error(req, ERR_GATEWAY_REQUEST_INVALID, bad, NULL);
		return;
	}
	const char *back = NULL;
	struct svc_result r =
		svc_sandbox_pay(req->db, &req->arena, req->cfg, ref,
				(enum svc_sandbox_choice)outcome, (enum svc_sandbox_ipn)ipn, &back);
	vnpay_params_release(&p);
	if (r.code != ERR_NONE) {
		refuse(req, r);
		return;
	}
	if (!back) {
		page(req, 200,
		     "<p id=\"sandbox-silent\">Cổng thanh toán không phản hồi. Đơn vị sẽ tự tra "
		     "cứu "
		     "kết quả (querydr).</p>");
		return;
	}
	http_add_header(req, "Location", back);
	http_add_header(req, "Cache-Control", "no-store");
	http_reply_empty(req, 303);
}

void api_sandbox_order(struct http_request *req)
{
	struct sandbox_txn t;
	struct svc_result r =
		svc_sandbox_get(req->db, &req->arena, req->cfg, http_param(req, 0), &t);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:s, s:I, s:s, s:s}", "txn_ref", t.txn_ref,
			      "amount", (json_int_t)t.amount, "status", t.status, "response_code",
			      t.response_code, "pay_date", t.pay_date, "transaction_no",
			      (json_int_t)t.id, "order_info", t.order_info, "ipn_log", t.ipn_log);
	http_reply_json(req, 200, o);
}

void api_sandbox_api(struct http_request *req)
{
	json_t *body = http_json_body(req);
	struct vnpay_params in, ans;
	const char *key;
	json_t *v;
	if (!body)
		return;
	vnpay_params_init(&in);
	json_object_foreach(body, key, v)
	{
		char num[32];
		const char *s = json_string_value(v);
		if (json_is_integer(v)) {
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
			s = num;
		}
		if (!s || vnpay_params_add(&in, key, s) < 0) {
			vnpay_params_release(&in);
			json_decref(body);
			http_reply_error(req, ERR_GATEWAY_REQUEST_INVALID, key, NULL);
			return;
		}
	}
	json_decref(body);
	struct svc_result r = svc_sandbox_api(req->db, &req->arena, req->cfg, &in, &ans);
	vnpay_params_release(&in);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	json_t *o = json_object();
	for (size_t i = 0; i < ans.n; i++)
		json_object_set_new(o, ans.v[i].key, json_string(ans.v[i].value));
	vnpay_params_release(&ans);
	http_reply_json(req, 200, o);
}
