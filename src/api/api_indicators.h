/* Monitoring (issue 12): the indicators of a scope and period and the list
 * of what each counted, as JSON (api_indicators.c). The CLI's `motcua kpi
 * recompute` prints the very same document as the API. Layer: api. */
#ifndef MOTCUA_API_API_INDICATORS_H
#define MOTCUA_API_API_INDICATORS_H

#include "api/api.h"

/* GET /api/v1/stats/indicators and .../indicators/{key}/items. */
void api_stats_indicators(struct http_request *req);
void api_stats_items(struct http_request *req);
/* GET /api/v1/stats/indicators/{key}/trend: month by month, and a year before. */
void api_stats_trend(struct http_request *req);
/* GET /api/v1/stats/evaluation and .../evaluation/items (Circular 01/2018). */
void api_stats_evaluation(struct http_request *req);
void api_stats_evaluation_items(struct http_request *req);

/* GET /api/v1/stats/me and .../me/{key}/items: an officer's own figures. */
void api_stats_me(struct http_request *req);
void api_stats_me_items(struct http_request *req);

/* GET /api/v1/public/quality?unit=&month=: a month's four public figures
 * of a unit (no log-in; this month by default). */
void api_public_quality(struct http_request *req);

/* The reply of GET /api/v1/stats/indicators (a new reference). */
json_t *api_stats_report_json(const struct svc_kpi_report *rep);

/* Compact JSON text with the rates and points as written (0.9111, not
 * 0.91110000000000002); caller frees. NULL on allocation failure. */
char *api_stats_dumps(const json_t *o);

#endif
