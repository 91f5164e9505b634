/* The forms as PDF over HTTP: forms 01–06 of a dossier and a unit's
 * tracking book (Form 07) for a period. Replies application/pdf, shown
 * inline with a file name (never cached: the HTTP layer marks every reply
 * to a logged-in user no-store).
 * Layer: api. */
#include <string.h>

#include "api/api.h"
#include "core/dossier_code.h"
#include "svc/svc_forms.h"

static void reply_pdf(struct http_request *req, const char *filename, const struct buf *pdf)
{
	http_add_header(req, "Content-Disposition",
			arena_printf(&req->arena, "inline; filename=\"%s\"", filename));
	http_reply_text(req, 200, "application/pdf", pdf->p, pdf->len);
}

void api_dossier_form(struct http_request *req)
{
	const char *code = http_param(req, 0);
	const char *form = http_param(req, 1);
	struct dossier_code_parts parts;
	if (dossier_code_parse(code, &parts) < 0) {
		http_reply_error(req, ERR_DOSSIER_NOT_FOUND, "code", NULL);
		return;
	}
	/* "01".."06" (a single digit is accepted too). */
	int n = 0;
	size_t len = strlen(form);
	if (len >= 1 && len <= 2 && form[len - 1] >= '0' && form[len - 1] <= '9' &&
	    (len == 1 || form[0] == '0'))
		n = form[len - 1] - '0';
	if (n < 1 || n > 6) {
		http_reply_error(req, ERR_NOT_FOUND, "form", "01 to 06");
		return;
	}
	struct svc_actor who = api_actor(req);
	struct buf pdf = BUF_INIT;
	struct svc_result r = svc_form_dossier(req->db, &req->arena, req->cfg, &who, code, n, &pdf);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		reply_pdf(req, arena_printf(&req->arena, "%s-mau-%02d.pdf", code, n), &pdf);
	buf_release(&pdf);
}

void api_unit_tracking_book(struct http_request *req)
{
	const char *unit = http_param(req, 0);
	const char *from = http_query(req, "from"), *to = http_query(req, "to");
	if (!from) {
		http_reply_error(req, ERR_BAD_QUERY, "from", "a date YYYY-MM-DD");
		return;
	}
	if (!to) {
		http_reply_error(req, ERR_BAD_QUERY, "to", "a date YYYY-MM-DD");
		return;
	}
	if (strlen(unit) > 32) {
		http_reply_error(req, ERR_UNIT_NOT_FOUND, "unit", NULL);
		return;
	}
	struct svc_actor who = api_actor(req);
	struct buf pdf = BUF_INIT;
	struct svc_result r =
		svc_form_tracking_book(req->db, &req->arena, req->cfg, &who, unit, from, to, &pdf);
	if (r.code != ERR_NONE)
		api_reply_svc(req, r);
	else
		reply_pdf(req,
			  arena_printf(&req->arena, "so-theo-doi-%s-%s-%s.pdf", unit, from, to),
			  &pdf);
	buf_release(&pdf);
}
