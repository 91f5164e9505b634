/* Statistics over HTTP (issue 12): the periodic report of a unit as JSON,
 * or as an XLSX, CSV or signed PDF file (attachment, with a file name);
 * an indicator's drill-down list as XLSX or CSV (the JSON of both the
 * indicators and their lists is api_indicators.c). Layer: api. */
#include "api/api.h"
#include "svc/svc_report.h"

static json_t *row_json(const struct svc_report_row *r)
{
	json_t *o = json_pack("{s:s,s:s,s:s}", "key", r->key, "name", r->name_vi, "name_en",
			      r->name_en);
	for (size_t i = 0; i < SVC_REPORT_NCOLS; i++)
		json_object_set_new(o, svc_report_keys[i], json_integer((json_int_t)r->n[i]));
	return o;
}

/* The file of a use case that succeeded as an attachment, else its error;
 * file is released either way. */
static void reply_file(struct http_request *req, struct svc_result r, const char *type,
		       const char *name, struct buf *file)
{
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
	} else {
		http_add_header(req, "Content-Disposition",
				arena_printf(&req->arena, "attachment; filename=\"%s\"", name));
		http_reply_text(req, 200, type, file->p, file->len);
	}
	buf_release(file);
}

void api_stats_report(struct http_request *req)
{
	enum svc_report_format f;
	if (svc_report_format_parse(http_query(req, "format"), &f) < 0) {
		http_reply_error(req, ERR_BAD_QUERY, "format", "json, xlsx, csv or pdf");
		return;
	}
	struct svc_actor who = api_actor(req);
	struct svc_report rep;
	struct svc_result r = svc_report_build(req->db, &req->arena, &who, http_query(req, "unit"),
					       http_query(req, "from"), http_query(req, "to"),
					       http_query(req, "by"), &rep);
	if (r.code != ERR_NONE) {
		api_reply_svc(req, r);
		return;
	}
	if (f == SVC_REPORT_JSON) {
		json_t *rows = json_array();
		for (size_t i = 0; i < rep.nrows; i++)
			json_array_append_new(rows, row_json(&rep.rows[i]));
		http_reply_json(req, 200,
				json_pack("{s:{s:s,s:s,s:s},s:s,s:s,s:s,s:o,s:o}", "unit", "code",
					  rep.unit.code, "name", rep.unit.name_vi, "name_en",
					  rep.unit.name_en, "from", rep.from, "to", rep.to, "by",
					  rep.by, "rows", rows, "total", row_json(&rep.total)));
		return;
	}
	struct buf file = BUF_INIT;
	buf_init(&file);
	const char *type = NULL, *name = NULL;
	r = svc_report_file(req->db, &req->arena, req->cfg, &rep, f, &file, &type, &name);
	reply_file(req, r, type, name, &file);
}

void api_stats_items_file(struct http_request *req, int f)
{
	struct svc_kpi_query q = {http_query(req, "unit"),    http_query(req, "procedure"),
				  http_query(req, "officer"), http_query(req, "field"),
				  http_query(req, "from"),    http_query(req, "to")};
	struct svc_kpi_page all = {.all = true};
	struct svc_actor who = api_actor(req);
	struct svc_kpi_items items;
	struct svc_result r =
		svc_kpi_items(req->db, &req->arena, &who, &q, http_param(req, 0), &all, &items);
	struct buf file = BUF_INIT;
	buf_init(&file);
	const char *type = NULL, *name = NULL;
	if (r.code == ERR_NONE)
		r = svc_report_items_file(&req->arena, req->cfg, &q, &items,
					  (enum svc_report_format)f, &file, &type, &name);
	reply_file(req, r, type, name, &file);
}
