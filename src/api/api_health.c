/* Health and metrics for operators. Layer: api. */
#include "api/api.h"
#include "base/clock.h"
#include "db/db.h"

void api_healthz(struct http_request *req)
{
	int current = 0, latest = 0;
	if (db_schema_version(req->db, &current, &latest) < 0) {
		http_reply_error(req, ERR_DB_ERROR, NULL, NULL);
		return;
	}
	json_t *o =
		json_pack("{s:s,s:s,s:i,s:i,s:s}", "status", current == latest ? "ok" : "migrating",
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

/* Tests only (config testing.clock_api): fixes or shifts the server's clock
 * so that deadlines and waiting times can be tested over HTTP. Absent
 * (404) unless enabled. */
void api_testing_clock(struct http_request *req)
{
	if (!config_bool(req->cfg, "testing.clock_api")) {
		http_reply_error(req, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	int64_t now_ms = 0, offset_ms = 0;
	bool has_now = false, has_offset = false;
	struct jspec spec[] = {
		{.name = "now_ms",
		 .type = JSPEC_INT,
		 .min = 0,
		 .max = INT64_C(7258118400000),
		 .out_int = &now_ms,
		 .present = &has_now},
		{.name = "offset_ms",
		 .type = JSPEC_INT,
		 .min = -INT64_C(3153600000000),
		 .max = INT64_C(3153600000000),
		 .out_int = &offset_ms,
		 .present = &has_offset},
	};
	struct jerr err = {0};
	json_t *body = http_json_body(req);
	if (!body)
		return;
	if (jspec_check(body, spec, 2, "", &err) < 0) {
		http_reply_jerr(req, &err);
		json_decref(body);
		return;
	}
	json_decref(body);
	/* now_ms 0 returns to the real clock. */
	clock_set_fixed(has_now ? now_ms : 0);
	clock_set_offset(has_offset ? offset_ms : 0);
	http_reply_json(req, 200, json_pack("{s:I}", "now_ms", (json_int_t)clock_now_ms()));
}
