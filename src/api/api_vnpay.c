/* VNPAY's two addresses at the merchant (issue 13):
 *   GET /api/v1/payments/vnpay/ipn?vnp_...     server to server: settles the
 *       payment once and answers {"RspCode", "Message"} with VNPAY's codes
 *       (always HTTP 200: VNPAY reads the code, not the status);
 *   GET /api/v1/payments/vnpay/return?vnp_...  the payer's browser: display
 *       only, never proof of payment; redirects to the dossier's page with
 *       the outcome the gateway showed.
 * Both public; the query is bounded by the server (64 parameters, each
 * once, no control characters) and by core/vnpay.h (names, lengths).
 *
 * Layer: api.
 */
#include <string.h>

#include "api/api.h"
#include "core/vnpay.h"
#include "svc/svc_vnpay.h"

static void rsp(struct http_request *req, const char *code, const char *message)
{
	http_add_header(req, "Cache-Control", "no-store");
	http_reply_json(req, 200, json_pack("{s:s, s:s}", "RspCode", code, "Message", message));
}

void api_vnpay_ipn(struct http_request *req)
{
	struct vnpay_params p;
	const char *bad, *code = "99", *message = "Invalid request";
	if (api_vnp_params(req, &p, &bad) < 0) {
		rsp(req, code, message);
		return;
	}
	svc_vnpay_ipn(req->db, &req->arena, req->cfg, &p, &code, &message);
	vnpay_params_release(&p);
	rsp(req, code, message);
}

void api_vnpay_return(struct http_request *req)
{
	struct vnpay_params p;
	const char *bad, *location = "/#/my-dossiers?payment=invalid";
	if (api_vnp_params(req, &p, &bad) == 0) {
		struct svc_result r =
			svc_vnpay_return(req->db, &req->arena, req->cfg, &p, &location);
		vnpay_params_release(&p);
		if (r.code != ERR_NONE) {
			api_reply_svc(req, r);
			return;
		}
	}
	http_add_header(req, "Location", location);
	http_add_header(req, "Cache-Control", "no-store");
	http_reply_empty(req, 303);
}
