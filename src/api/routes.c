/* The one route table: method, pattern, handler, roles allowed, body limit
 * and flags. Layer: api. */
#include "api/api.h"
#include "api/api_documents.h"
#include "api/api_feedback.h"
#include "api/api_indicators.h"
#include "core/roles.h"

#define KB 1024
#define MB (1024 * 1024)

/* A route that creates something (a dossier, an account, a ticket, a
 * file, a rating, an event of a dossier) is ROUTE_IDEMPOTENT: it accepts an
 * Idempotency-Key, and a retry gets the first reply instead of a second one
 * (api_idempotency.c). tests/api/idempotency.test.mjs fails for a POST
 * route that is neither flagged nor declared there as creating nothing. */
#define ONCE ROUTE_IDEMPOTENT

/* Who reads the procedure review (issue 14). */
#define REVIEW_ROLES (ROLE_SPECIALIST | ROLE_HEAD | ROLE_OFFICE | ROLE_LEADER)

const struct route api_routes[] = {
	{"GET", "/healthz", api_healthz, 0, 0, ROUTE_PUBLIC},
	{"GET", "/metrics", api_metrics, 0, 0, ROUTE_PUBLIC},
	{"PUT", "/api/v1/testing/clock", api_testing_clock, 0, 1 * KB,
	 ROUTE_PUBLIC | ROUTE_NO_CSRF | ROUTE_NO_DB},

	{"POST", "/api/v1/auth/login", api_auth_login, 0, 4 * KB, ROUTE_PUBLIC | ROUTE_NO_CSRF},
	{"POST", "/api/v1/auth/logout", api_auth_logout, ROLES_ANY, 1 * KB, ROUTE_PASSWORD_CHANGE},
	/* One's own password; first of all when an administrator chose it. */
	{"PUT", "/api/v1/auth/password", api_auth_password, ROLES_ANY, 4 * KB,
	 ROUTE_PASSWORD_CHANGE},
	{"GET", "/api/v1/auth/me", api_auth_me, 0, 0, ROUTE_PUBLIC},
	{"POST", "/api/v1/auth/register", api_auth_register, 0, 8 * KB,
	 ROUTE_PUBLIC | ROUTE_NO_CSRF | ONCE},
	/* Identity binding (issue 10): the desk verifies citizens' accounts. */
	{"GET", "/api/v1/accounts/{username}", api_account_get, ROLE_RECEIVER, 0, 0},
	{"POST", "/api/v1/accounts/{username}/verification", api_account_verify, ROLE_RECEIVER,
	 4 * KB, 0},
	/* Staff accounts by administrators, within their units (issue 15). */
	{"GET", "/api/v1/users", api_users_list, ROLE_ADMIN, 0, 0},
	{"POST", "/api/v1/users", api_user_create, ROLE_ADMIN, 8 * KB, ONCE},
	{"GET", "/api/v1/users/{username}", api_user_get, ROLE_ADMIN, 0, 0},
	{"PUT", "/api/v1/users/{username}", api_user_update, ROLE_ADMIN, 8 * KB, 0},
	{"POST", "/api/v1/users/{username}/password", api_user_password, ROLE_ADMIN, 4 * KB, ONCE},
	/* ... and the identity provider (OpenID Connect) verifies them, or logs them in. */
	{"GET", "/api/v1/auth/oidc", api_oidc_info, 0, 0, ROUTE_PUBLIC | ROUTE_NO_DB},
	{"GET", "/api/v1/auth/oidc/start", api_oidc_start, 0, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/auth/oidc/callback", api_oidc_callback, 0, 0, ROUTE_PUBLIC},

	{"GET", "/api/v1/procedures", api_procedures_list, 0, 0,
	 ROUTE_PUBLIC | ROUTE_CACHEABLE | ROUTE_REPLICA},
	{"POST", "/api/v1/procedures", api_procedures_create, ROLE_ADMIN, 256 * KB, ONCE},
	{"GET", "/api/v1/procedures/{code}", api_procedures_get, 0, 0,
	 ROUTE_PUBLIC | ROUTE_CACHEABLE | ROUTE_REPLICA},
	{"GET", "/api/v1/procedures/{code}/components/{n}/template.pdf", api_procedure_template, 0,
	 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/procedures/{code}/versions", api_procedures_versions, 0, 0,
	 ROUTE_PUBLIC | ROUTE_CACHEABLE | ROUTE_REPLICA},
	{"PUT", "/api/v1/procedures/{code}/draft", api_procedures_put_draft, ROLE_ADMIN, 256 * KB,
	 0},
	{"POST", "/api/v1/procedures/{code}/publish", api_procedures_publish, ROLE_ADMIN, 4 * KB,
	 0},
	/* The administrators' list: published versions and drafts (issue 15). */
	{"GET", "/api/v1/procedure-drafts", api_procedures_admin_list, ROLE_ADMIN, 0, 0},
	{"GET", "/api/v1/fields", api_fields_list, 0, 0,
	 ROUTE_PUBLIC | ROUTE_CACHEABLE | ROUTE_REPLICA},
	{"GET", "/api/v1/units", api_units_list, 0, 0,
	 ROUTE_PUBLIC | ROUTE_CACHEABLE | ROUTE_REPLICA},
	{"POST", "/api/v1/units", api_unit_create, ROLE_ADMIN, 4 * KB, ONCE},
	{"PUT", "/api/v1/units/{code}", api_unit_update, ROLE_ADMIN, 4 * KB, 0},
	{"GET", "/api/v1/units/{code}/officers", api_unit_officers, ROLES_STAFF, 0, 0},

	/* Working calendar; "due" before "{year}", which would match it too. */
	{"GET", "/api/v1/calendar/due", api_calendar_due, 0, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/calendar/{year}", api_calendar_year, 0, 0, ROUTE_PUBLIC | ROUTE_CACHEABLE},
	{"GET", "/api/v1/calendar/{year}/changes", api_calendar_changes, ROLE_ADMIN, 0, 0},
	{"POST", "/api/v1/calendar/{year}/entries", api_calendar_add, ROLE_ADMIN, 4 * KB, ONCE},
	{"PUT", "/api/v1/calendar/{year}/entries/{date}", api_calendar_put, ROLE_ADMIN, 4 * KB, 0},
	{"DELETE", "/api/v1/calendar/{year}/entries/{date}", api_calendar_delete, ROLE_ADMIN,
	 4 * KB, 0},
	{"POST", "/api/v1/calendar/{year}/recompute", api_calendar_recompute, ROLE_ADMIN, 4 * KB,
	 0},

	/* Dossiers (issue 4): receipt at the desk or online, actions (the
	 * transition table decides who may take which), views, inbox, public tracking. */
	{"POST", "/api/v1/dossiers", api_dossiers_create, ROLE_RECEIVER | ROLE_CITIZEN, 64 * KB,
	 ONCE},
	{"GET", "/api/v1/dossiers/{code}", api_dossiers_get, ROLES_STAFF | ROLE_CITIZEN, 0, 0},
	{"POST", "/api/v1/dossiers/{code}/actions/{action}", api_dossiers_act, ROLES_ANY, 64 * KB,
	 ONCE},
	{"GET", "/api/v1/inbox", api_inbox,
	 ROLE_RECEIVER | ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE, 0, 0},
	{"GET", "/api/v1/track/{code}", api_track, 0, 0, ROUTE_PUBLIC | ROUTE_REPLICA},
	{"GET", "/api/v1/workflow", api_workflow, 0, 0, ROUTE_PUBLIC | ROUTE_CACHEABLE},
	/* Forms as PDF: 01–06 of a dossier (its applicant and the officers
	 * handling it), a receiving unit's tracking book (Form 07). */
	{"GET", "/api/v1/dossiers/{code}/forms/{form}", api_dossier_form,
	 ROLE_RECEIVER | ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE | ROLE_CITIZEN, 0,
	 0},
	{"GET", "/api/v1/units/{unit}/tracking-book.pdf", api_unit_tracking_book,
	 ROLE_RECEIVER | ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE, 0, ROUTE_REPORT},
	{"GET", "/api/v1/me/dossiers", api_my_dossiers, ROLE_CITIZEN, 0, 0},
	/* The desk queue (issue 6): the kiosk, following one's place and the
	 * display board are public (the ticket POST without CSRF: no session);
	 * receiving officers work the counters; administrators set up. */
	{"GET", "/api/v1/queue/units/{unit}/kiosk", api_queue_kiosk, 0, 0, ROUTE_PUBLIC},
	{"POST", "/api/v1/queue/units/{unit}/tickets", api_queue_issue, 0, 1 * KB,
	 ROUTE_PUBLIC | ROUTE_NO_CSRF | ONCE},
	{"GET", "/api/v1/queue/tickets/follow/{token}", api_queue_follow, 0, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/queue/tickets/follow/{token}/qr", api_queue_follow_qr, 0, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/queue/units/{unit}/display", api_queue_display, 0, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/queue/units/{unit}/events", api_queue_events, 0, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/queue/voice/{number}/{counter}", api_queue_voice, 0, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/queue/counters/{id}", api_queue_counter_get, ROLE_RECEIVER | ROLE_ADMIN, 0,
	 0},
	{"POST", "/api/v1/queue/counters/{id}/open", api_queue_counter_open, ROLE_RECEIVER, 1 * KB,
	 0},
	{"POST", "/api/v1/queue/counters/{id}/close", api_queue_counter_close, ROLE_RECEIVER,
	 1 * KB, 0},
	{"POST", "/api/v1/queue/counters/{id}/call", api_queue_call, ROLE_RECEIVER, 1 * KB, ONCE},
	{"POST", "/api/v1/queue/tickets/{id}/recall", api_queue_recall, ROLE_RECEIVER, 1 * KB, 0},
	{"POST", "/api/v1/queue/tickets/{id}/skip", api_queue_skip, ROLE_RECEIVER, 1 * KB, 0},
	{"POST", "/api/v1/queue/tickets/{id}/start", api_queue_start, ROLE_RECEIVER, 1 * KB, 0},
	{"POST", "/api/v1/queue/tickets/{id}/finish", api_queue_finish, ROLE_RECEIVER, 1 * KB, 0},
	{"POST", "/api/v1/queue/tickets/{id}/transfer", api_queue_transfer, ROLE_RECEIVER, 1 * KB,
	 0},
	{"POST", "/api/v1/queue/tickets/{id}/priority", api_queue_priority, ROLE_RECEIVER, 1 * KB,
	 0},
	/* The counters a receiving officer may sit at, any unit (issue 15). */
	{"GET", "/api/v1/queue/my-counters", api_queue_my_counters, ROLE_RECEIVER, 0, 0},
	{"GET", "/api/v1/queue/units/{unit}/setup", api_queue_setup, ROLE_ADMIN | ROLE_RECEIVER, 0,
	 0},
	{"PUT", "/api/v1/queue/units/{unit}/desk", api_queue_desk_put, ROLE_ADMIN, 1 * KB, 0},
	{"POST", "/api/v1/queue/units/{unit}/services", api_queue_service_create, ROLE_ADMIN,
	 4 * KB, ONCE},
	{"PUT", "/api/v1/queue/services/{id}", api_queue_service_put, ROLE_ADMIN, 4 * KB, 0},
	{"POST", "/api/v1/queue/units/{unit}/counters", api_queue_counter_create, ROLE_ADMIN,
	 8 * KB, ONCE},
	{"PUT", "/api/v1/queue/counters/{id}", api_queue_counter_put, ROLE_ADMIN, 8 * KB, 0},
	{"GET", "/api/v1/queue/units/{unit}/report", api_queue_report,
	 ROLE_RECEIVER | ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE | ROLE_ADMIN, 0, 0},
	/* Statistics (issue 12): the periodic report, as JSON or a file. */
	{"GET", "/api/v1/stats/report", api_stats_report,
	 ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE | ROLE_ADMIN, 0, ROUTE_REPORT | ROUTE_REPLICA},
	/* Closed periods: frozen, hash-chained, signed (svc_closure.c). */
	{"POST", "/api/v1/stats/closures", api_stats_close, ROLE_LEADER | ROLE_OFFICE, 1 * KB,
	 ONCE},
	{"GET", "/api/v1/stats/closures", api_stats_closures,
	 ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE | ROLE_ADMIN, 0, 0},
	{"GET", "/api/v1/stats/closures/{seq}", api_stats_closure,
	 ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE | ROLE_ADMIN, 0, 0},
	/* The dashboard's ranking of units and officers in one call. */
	{"GET", "/api/v1/stats/ranking", api_stats_ranking,
	 ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE | ROLE_ADMIN, 0, ROUTE_REPORT | ROUTE_REPLICA},
	/* Monitoring (issue 12): a head sees their own unit only (svc_kpi.c). */
	{"GET", "/api/v1/stats/indicators", api_stats_indicators,
	 ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE | ROLE_ADMIN, 0, ROUTE_REPLICA},
	{"GET", "/api/v1/stats/indicators/{key}/items", api_stats_items,
	 ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE | ROLE_ADMIN, 0, 0},
	/* The public service quality of a unit: four aggregates, cached. */
	{"GET", "/api/v1/public/quality", api_public_quality, 0, 0, ROUTE_PUBLIC | ROUTE_REPLICA},
	/* An officer's own scorecard: the scope is the caller (svc_scorecard.c). */
	{"GET", "/api/v1/stats/me", api_stats_me, ROLES_STAFF, 0, 0},
	{"GET", "/api/v1/stats/me/{key}/items", api_stats_me_items, ROLES_STAFF, 0, 0},
	{"GET", "/api/v1/stats/indicators/{key}/trend", api_stats_trend,
	 ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE | ROLE_ADMIN, 0, ROUTE_REPORT | ROUTE_REPLICA},
	{"GET", "/api/v1/stats/evaluation", api_stats_evaluation,
	 ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE | ROLE_ADMIN, 0, ROUTE_REPLICA},
	{"GET", "/api/v1/stats/evaluation/items", api_stats_evaluation_items,
	 ROLE_HEAD | ROLE_LEADER | ROLE_OFFICE | ROLE_ADMIN, 0, 0},
	/* Procedure review and compliance cost (issue 14): the unit's staff
	 * fill their forms, the office plans and compiles, a leader adopts
	 * (svc_review.c checks which unit and role). */
	{"GET", "/api/v1/review/incomes", api_review_incomes, REVIEW_ROLES, 0, 0},
	{"PUT", "/api/v1/review/incomes/{year}", api_review_income_put, ROLE_OFFICE, 1 * KB, 0},
	{"GET", "/api/v1/review/plans", api_review_plans, REVIEW_ROLES, 0, 0},
	{"POST", "/api/v1/review/plans", api_review_plan_create, ROLE_OFFICE, 1 * KB, ONCE},
	{"GET", "/api/v1/review/plans/{year}", api_review_plan_get, REVIEW_ROLES, 0, 0},
	{"POST", "/api/v1/review/plans/{year}/items", api_review_item_add, ROLE_OFFICE, 4 * KB,
	 ONCE},
	{"POST", "/api/v1/review/plans/{year}/compile", api_review_compile, ROLE_OFFICE, 1 * KB, 0},
	{"GET", "/api/v1/review/plans/{year}/report", api_review_report, ROLE_OFFICE | ROLE_LEADER,
	 0, ROUTE_REPORT},
	{"GET", "/api/v1/review/items/{id}", api_review_form, REVIEW_ROLES, 0, 0},
	{"PUT", "/api/v1/review/items/{id}", api_review_form_put, ROLE_SPECIALIST | ROLE_HEAD,
	 32 * KB, 0},
	{"POST", "/api/v1/review/items/{id}/submit", api_review_submit, ROLE_SPECIALIST | ROLE_HEAD,
	 1 * KB, 0},
	{"POST", "/api/v1/review/items/{id}/return", api_review_return, ROLE_OFFICE, 8 * KB, 0},
	{"PUT", "/api/v1/review/items/{id}/plan", api_review_item_plan, ROLE_OFFICE, 1 * KB, 0},
	{"DELETE", "/api/v1/review/items/{id}", api_review_item_delete, ROLE_OFFICE, 0, 0},
	/* What the publish dialog offers to link to the version (issue 14). */
	{"GET", "/api/v1/procedures/{code}/enactable", api_review_enactable, ROLE_ADMIN, 0, 0},
	{"POST", "/api/v1/review/items/{id}/proposals", api_review_propose,
	 ROLE_SPECIALIST | ROLE_HEAD, 16 * KB, ONCE},
	{"POST", "/api/v1/review/proposals/{id}/decision", api_review_decide, ROLE_LEADER, 8 * KB,
	 0},
	{"PUT", "/api/v1/review/proposals/{id}", api_review_proposal_put,
	 ROLE_SPECIALIST | ROLE_HEAD, 16 * KB, 0},
	{"DELETE", "/api/v1/review/proposals/{id}", api_review_proposal_delete,
	 ROLE_SPECIALIST | ROLE_HEAD, 0, 0},
	/* Ratings: the signed link is the credential. */
	{"POST", "/api/v1/ratings/links", api_ratings_link, ROLES_STAFF, 1 * KB, ONCE},
	/* The applicant's own link, from their dossier's page (issue 15). */
	{"POST", "/api/v1/dossiers/{code}/rating-link", api_ratings_link_own, ROLE_CITIZEN, 1 * KB,
	 ONCE},
	{"GET", "/api/v1/ratings/{kind}/{id}", api_ratings_get, 0, 0, ROUTE_PUBLIC},
	{"POST", "/api/v1/ratings/{kind}/{id}", api_ratings_post, 0, 8 * KB,
	 ROUTE_PUBLIC | ROUTE_NO_CSRF | ONCE},
	/* Documents (issue 5): files are the raw request body (25 MB cap here;
	 * files.max_file_mb decides below it); verification is public. */
	{"GET", "/api/v1/dossiers/{code}/components", api_components_get, ROLES_ANY, 0, 0},
	{"POST", "/api/v1/dossiers/{code}/components/{n}/files", api_component_attach, ROLES_ANY,
	 25 * MB, ONCE},
	{"POST", "/api/v1/dossiers/{code}/components/{n}/reuse", api_component_reuse, ROLES_ANY,
	 4 * KB, ONCE},
	{"POST", "/api/v1/dossiers/{code}/components/{n}/exempt", api_component_exempt, ROLES_STAFF,
	 8 * KB, ONCE},
	{"GET", "/api/v1/dossiers/{code}/store", api_store_of_dossier, ROLES_STAFF, 0, 0},
	/* Files attached before an online submission (issue 15). */
	{"POST", "/api/v1/uploads", api_upload_stage, ROLE_CITIZEN, 25 * MB, ONCE},
	{"DELETE", "/api/v1/uploads/{id}", api_upload_drop, ROLE_CITIZEN, 0, 0},
	{"POST", "/api/v1/dossiers/{code}/result", api_result_draft,
	 ROLE_SPECIALIST | ROLE_HEAD | ROLE_LEADER, 25 * MB, ONCE},
	/* The draft result, for the officers who approve and sign it (issue 15). */
	{"GET", "/api/v1/dossiers/{code}/result/draft", api_result_draft_get, ROLES_STAFF, 0, 0},
	{"POST", "/api/v1/dossiers/{code}/issue", api_result_issue, ROLE_HEAD | ROLE_LEADER, 4 * KB,
	 ONCE},
	{"GET", "/api/v1/documents/{id}/files/{n}", api_document_download, ROLES_ANY, 0, 0},
	{"GET", "/api/v1/store", api_store_own, ROLE_CITIZEN, 0, 0},
	{"GET", "/api/v1/verify/{code}", api_verify_get, 0, 0, ROUTE_PUBLIC | ROUTE_REPLICA},
	/* Payments (issue 13): the owner pays online, the desk records cash,
	 * card or transfer; receipts for the payer and the officers. */
	{"GET", "/api/v1/dossiers/{code}/payments", api_payments_of, ROLES_ANY, 0, 0},
	{"POST", "/api/v1/dossiers/{code}/payments", api_payments_create,
	 ROLE_CITIZEN | ROLE_RECEIVER, 4 * KB, ONCE},
	{"GET", "/api/v1/payments/{id}/receipt.pdf", api_payment_receipt, ROLES_ANY, 0, 0},
	{"GET", "/api/v1/payments", api_payments_day,
	 ROLE_OFFICE | ROLE_LEADER | ROLE_ADMIN | ROLE_RECEIVER, 0, 0},
	/* The office's reconciliation with the gateway (issue 13). */
	{"GET", "/api/v1/payments/reconciliation", api_payments_reconciliation,
	 ROLE_OFFICE | ROLE_ADMIN, 0, 0},
	{"POST", "/api/v1/payments/{id}/settle", api_payment_settle, ROLE_OFFICE | ROLE_ADMIN,
	 1 * KB, ONCE},
	{"POST", "/api/v1/payments/{id}/refund", api_payment_refund, ROLE_OFFICE | ROLE_ADMIN,
	 1 * KB, ONCE},
	{"POST", "/api/v1/verify/{code}", api_verify_post, 0, 25 * MB,
	 ROUTE_PUBLIC | ROUTE_NO_CSRF},
	/* Online payment (issue 13): the gateway calls the IPN server to
	 * server, the payer's browser comes back to the return address; the
	 * sandbox gateway (payment.gateway = sandbox) plays VNPAY. */
	{"GET", "/api/v1/payments/vnpay/ipn", api_vnpay_ipn, 0, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/payments/vnpay/return", api_vnpay_return, 0, 0, ROUTE_PUBLIC},
	{"GET", "/sandbox/pay/vpcpay.html", api_sandbox_page, 0, 0, ROUTE_PUBLIC},
	{"POST", "/sandbox/pay/pay", api_sandbox_pay, 0, 4 * KB, ROUTE_PUBLIC | ROUTE_NO_CSRF},
	{"GET", "/sandbox/pay/orders/{txn_ref}", api_sandbox_order, 0, 0, ROUTE_PUBLIC},
	{"POST", "/sandbox/pay/api/transaction", api_sandbox_api, 0, 8 * KB,
	 ROUTE_PUBLIC | ROUTE_NO_CSRF},
	/* Feedback on regulations and service (issue 14): anyone sends (a
	 * logged-in sender with the CSRF token), the desk records; the Office,
	 * the unit and the leader act; the sender follows with code and key;
	 * answered items are public. "answers" before "{code}". */
	{"POST", "/api/v1/feedback", api_feedback_create, 0, 32 * KB, ROUTE_PUBLIC | ONCE},
	{"GET", "/api/v1/feedback", api_feedback_list,
	 ROLE_OFFICE | ROLE_LEADER | ROLE_SPECIALIST | ROLE_HEAD | ROLE_RECEIVER, 0, 0},
	{"GET", "/api/v1/feedback/answers", api_feedback_answers, 0, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/feedback/{code}", api_feedback_get,
	 ROLE_OFFICE | ROLE_LEADER | ROLE_SPECIALIST | ROLE_HEAD | ROLE_RECEIVER, 0, 0},
	{"POST", "/api/v1/feedback/{code}/actions/{action}", api_feedback_act,
	 ROLE_OFFICE | ROLE_LEADER | ROLE_SPECIALIST | ROLE_HEAD, 32 * KB, ONCE},
	{"GET", "/api/v1/feedback/{code}/track", api_feedback_track, 0, 0, ROUTE_PUBLIC},
	{"POST", "/api/v1/feedback/{code}/sender/{action}", api_feedback_sender, 0, 16 * KB,
	 ROUTE_PUBLIC | ONCE},
	/* My feedback: what a citizen sent logged in, opened without the key. */
	{"GET", "/api/v1/me/feedback", api_feedback_mine, ROLE_CITIZEN, 0, 0},
	{"GET", "/api/v1/me/feedback/{code}", api_feedback_mine_get, ROLE_CITIZEN, 0, 0},
	{"POST", "/api/v1/me/feedback/{code}/{action}", api_feedback_mine_act, ROLE_CITIZEN,
	 16 * KB, ONCE},
};
const size_t api_nroutes = sizeof api_routes / sizeof api_routes[0];
