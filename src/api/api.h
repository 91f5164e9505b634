/* HTTP handlers: JSON in, JSON out, no SQL and no rules. Each handler checks
 * its input against field specs, calls one use case, and renders the
 * result. The route table in routes.c is the single list of what the
 * server answers; docs/openapi.yaml must describe every entry (a test
 * checks). Layer: api. */
#ifndef MOTCUA_API_API_H
#define MOTCUA_API_API_H

#include "http/http.h"
#include "svc/svc.h"

extern const struct route api_routes[];
extern const size_t api_nroutes;

/* The session hook for the HTTP layer. */
int api_authenticate(struct http_request *req);

/* Replies with the error of a use case (DB_ERROR becomes DB_BUSY when the
 * transaction gave up waiting for the write lock). */
void api_reply_svc(struct http_request *req, struct svc_result r);
/* The same with a Retry-After header of retry_after seconds (a 429 that
 * says when to come back; 0 = none). */
void api_reply_svc_retry(struct http_request *req, struct svc_result r, int64_t retry_after);
/* Runs fn, the handler of a ROUTE_IDEMPOTENT route (the server's
 * http_server_options.idempotent), under the request's Idempotency-Key
 * header if it has one (api_idempotency.c): a
 * repeated request gets the first reply (with Idempotent-Replayed: true),
 * the same key with another request 422, one still running 409. */
void api_idempotent(struct http_request *req, http_handler_cb fn);
/* Replies with the JSON a view wrote into b with the streaming writer
 * (api/views.h), as http_reply_json() replies with a json_t. */
void api_reply_jw(struct http_request *req, int status, const struct buf *b);
/* A local time given to the API: "YYYY-MM-DDTHH:MM", with seconds
 * (":SS") or not, with the offset "+07:00" or not (the one format of
 * replies, base/clock.h, is accepted back). 0 and *ms, or -1 when s is
 * malformed or outside the calendar's years. */
int api_parse_time(const char *s, int64_t *ms);
/* The logged-in user of a request, as the use cases take them. */
struct svc_actor api_actor(const struct http_request *req);

void api_healthz(struct http_request *req);
void api_metrics(struct http_request *req);
void api_testing_clock(struct http_request *req);

void api_auth_login(struct http_request *req);
void api_auth_logout(struct http_request *req);
void api_auth_me(struct http_request *req);
void api_auth_register(struct http_request *req);
/* Citizen accounts at the desk, and the identity part of /auth/me
 * (api_accounts.c, issue 10): *out a JSON object to merge into the user,
 * or NULL for staff; -1, with the error replied, if the database failed. */
void api_account_get(struct http_request *req);
void api_account_verify(struct http_request *req);
int api_me_identity(struct http_request *req, json_t **out);
/* The OpenID Connect flow (api_oidc.c). */
void api_oidc_info(struct http_request *req);
void api_oidc_start(struct http_request *req);
void api_oidc_callback(struct http_request *req);

void api_procedures_list(struct http_request *req);
void api_procedures_get(struct http_request *req);
void api_procedure_template(struct http_request *req);
void api_procedures_versions(struct http_request *req);
void api_procedures_create(struct http_request *req);
void api_procedures_put_draft(struct http_request *req);
void api_procedures_publish(struct http_request *req);
void api_procedures_admin_list(struct http_request *req);
void api_fields_list(struct http_request *req);
void api_units_list(struct http_request *req);
void api_unit_create(struct http_request *req);
void api_unit_update(struct http_request *req);
/* The officers of a unit, for the assign and transfer pickers (api_officers.c). */
void api_unit_officers(struct http_request *req);
/* Staff accounts by administrators (api_users.c, issue 15). */
void api_users_list(struct http_request *req);
void api_user_create(struct http_request *req);
void api_user_get(struct http_request *req);
void api_user_update(struct http_request *req);
void api_user_password(struct http_request *req);
void api_auth_password(struct http_request *req);

void api_calendar_due(struct http_request *req);
void api_calendar_year(struct http_request *req);
void api_calendar_changes(struct http_request *req);
void api_calendar_add(struct http_request *req);
void api_calendar_put(struct http_request *req);
void api_calendar_delete(struct http_request *req);
void api_calendar_recompute(struct http_request *req);

/* Dossiers (api_dossiers.c, issue 4). */
/* Payments (api_payments.c, issue 13). */
void api_payments_of(struct http_request *req);
void api_payments_create(struct http_request *req);
void api_payment_receipt(struct http_request *req);
void api_payments_day(struct http_request *req);
void api_payments_reconciliation(struct http_request *req);
void api_payment_settle(struct http_request *req);
void api_payment_refund(struct http_request *req);

void api_dossiers_create(struct http_request *req);
void api_dossiers_get(struct http_request *req);
void api_dossiers_act(struct http_request *req);
void api_inbox(struct http_request *req);
void api_track(struct http_request *req);
void api_workflow(struct http_request *req);
void api_my_dossiers(struct http_request *req);

/* Forms 01–06 of a dossier and a unit's tracking book (Form 07) as PDF
 * (api_forms.c, issue 4). */
void api_dossier_form(struct http_request *req);
void api_unit_tracking_book(struct http_request *req);

/* The desk queue and ratings (api_queue.c, api_ratings.c, issue 6). */
void api_queue_kiosk(struct http_request *req);
void api_queue_issue(struct http_request *req);
void api_queue_follow(struct http_request *req);
void api_queue_follow_qr(struct http_request *req);
void api_queue_display(struct http_request *req);
void api_queue_events(struct http_request *req);
void api_queue_voice(struct http_request *req);
void api_queue_counter_get(struct http_request *req);
void api_queue_counter_open(struct http_request *req);
void api_queue_counter_close(struct http_request *req);
void api_queue_call(struct http_request *req);
void api_queue_recall(struct http_request *req);
void api_queue_skip(struct http_request *req);
void api_queue_start(struct http_request *req);
void api_queue_finish(struct http_request *req);
void api_queue_transfer(struct http_request *req);
void api_queue_priority(struct http_request *req);
void api_queue_setup(struct http_request *req);
void api_queue_my_counters(struct http_request *req);
void api_queue_desk_put(struct http_request *req);
void api_queue_service_create(struct http_request *req);
void api_queue_service_put(struct http_request *req);
void api_queue_counter_create(struct http_request *req);
void api_queue_counter_put(struct http_request *req);
void api_queue_report(struct http_request *req);
/* Statistics (issue 12, api_stats.c). */
void api_stats_report(struct http_request *req);
/* Closed periods of the report (issue 12, svc_closure.h). */
void api_stats_close(struct http_request *req);
void api_stats_closures(struct http_request *req);
void api_stats_closure(struct http_request *req);
/* The dashboard's ranking of units and officers (svc_ranking.h). */
void api_stats_ranking(struct http_request *req);
/* An indicator's drill-down list as XLSX or CSV (f: enum svc_report_format). */
void api_stats_items_file(struct http_request *req, int f);
void api_ratings_link(struct http_request *req);
void api_ratings_link_own(struct http_request *req);
void api_ratings_get(struct http_request *req);
void api_ratings_post(struct http_request *req);

/* Online payment (issue 13): VNPAY's IPN and return addresses
 * (api_vnpay.c), and the sandbox gateway's pages and API (api_sandbox.c). */
struct vnpay_params;
/* The request's vnp_* query parameters into *p (initialised here; the
 * caller releases it); other parameters are ignored. Returns 0, or a
 * negative VNPAY_E* (p released) with *bad the parameter at fault. */
int api_vnp_params(struct http_request *req, struct vnpay_params *p, const char **bad);
void api_vnpay_ipn(struct http_request *req);
void api_vnpay_return(struct http_request *req);
void api_sandbox_page(struct http_request *req);
void api_sandbox_pay(struct http_request *req);
void api_sandbox_order(struct http_request *req);
void api_sandbox_api(struct http_request *req);
/* The procedure review and compliance cost (api_review.c, issue 14). */
void api_review_incomes(struct http_request *req);
void api_review_income_put(struct http_request *req);
void api_review_plans(struct http_request *req);
void api_review_plan_create(struct http_request *req);
void api_review_plan_get(struct http_request *req);
void api_review_item_add(struct http_request *req);
void api_review_compile(struct http_request *req);
void api_review_report(struct http_request *req);
void api_review_form(struct http_request *req);
void api_review_form_put(struct http_request *req);
void api_review_submit(struct http_request *req);
void api_review_return(struct http_request *req);
void api_review_propose(struct http_request *req);
void api_review_proposal_put(struct http_request *req);
void api_review_proposal_delete(struct http_request *req);
void api_review_decide(struct http_request *req);
void api_review_item_plan(struct http_request *req);
void api_review_item_delete(struct http_request *req);
void api_review_enactable(struct http_request *req);

#endif
