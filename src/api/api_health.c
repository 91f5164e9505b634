/* Health and metrics for operators. Layer: api. */
#include "api/api.h"
#include "db/db.h"

void api_healthz(struct http_request *req)
{
	int current = 0, latest = 0;
	if (db_schema_version(req->db, &current, &latest) < 0) {
		http_reply_error(req, ERR_DB_ERROR, NULL, NULL);
		return;
	}
	json_t *o = json_pack("{s:s,s:s,s:i,s:i,s:s}", "status", current == latest ? "ok" : "migrating",
			      "database", db_backend_name(req->db), "schema", current, "schema_latest",
			      latest, "version", MOTCUA_VERSION);
	http_reply_json(req, current == latest ? 200 : 503, o);
}

void api_metrics(struct http_request *req)
{
	struct buf b = BUF_INIT;
	http_metrics_render(&b);
	http_reply_text(req, 200, "text/plain; version=0.0.4; charset=utf-8", b.p, b.len);
	buf_release(&b);
}
