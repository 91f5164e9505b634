/* Health and metrics for operators. Layer: api. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "base/clock.h"
#include "base/log.h"
#include "svc/svc_health.h"

void api_healthz(struct http_request *req)
{
	int current = 0, latest = 0;
	const char *backend;
	/* A full or read-only disk fails every log-in and upload, a database
	 * that does not answer everything: say so, so that a load balancer
	 * stops sending work here. */
	struct svc_health disk;
	svc_health_disk(req->cfg, &disk);
	bool db_up = svc_health_db(req->db, &backend, &current, &latest) == 0;
	if (!db_up && disk.nreasons < SVC_HEALTH_MAX_REASONS) {
		disk.codes[disk.nreasons] = "database_unreachable";
		snprintf(disk.reasons[disk.nreasons++], sizeof disk.reasons[0],
			 "the database does not answer (its message above)");
	}
	const char *status = db_up && current != latest ? "migrating"
			     : disk.nreasons		? "degraded"
							: "ok";
	json_t *o = json_pack("{s:s,s:s,s:s}", "status", status, "database", backend, "version",
			      MOTCUA_VERSION);
	if (db_up) {
		json_object_set_new(o, "schema", json_integer(current));
		json_object_set_new(o, "schema_latest", json_integer(latest));
	}
	if (disk.nreasons) {
		json_t *reasons = json_array();
		/* /healthz is public: the codes only; folders and figures go
		 * to the operator's log. */
		for (size_t i = 0; i < disk.nreasons; i++) {
			json_array_append_new(reasons, json_string(disk.codes[i]));
			log_warn("healthz degraded: %s", disk.reasons[i]);
		}
		json_object_set_new(o, "reasons", reasons);
	}
	http_reply_json(req, strcmp(status, "ok") ? 503 : 200, o);
}

void api_metrics(struct http_request *req)
{
	if (!http_metrics_allowed(req))
		return;
	struct buf b = BUF_INIT;
	http_metrics_render(req->db, &b);
	http_reply_text(req, 200, "text/plain; version=0.0.4; charset=utf-8", b.p, b.len);
	buf_release(&b);
}

/* Tests only (config testing.clock_api): fixes or shifts the server's clock
 * so that deadlines and waiting times can be tested over HTTP. Absent
 * (404) unless enabled. */
void api_testing_clock(struct http_request *req)
{
	if (!req->cfg->v.testing_clock_api) {
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
