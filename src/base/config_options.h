/* The configuration options, each declared once here: the field of
 * struct config_values that code reads, its name in files and on the
 * command line, its type, default, bounds (CONFIG_INT only) and help.
 * OPT(field, "name", type, "default", min, max, "help")
 *
 * Layer: base. This list has no include guard: config.h expands it into
 * struct config_values and config.c into the table config_options[], so
 * an option read in code is a field the compiler checks, never a string.
 * To add an option, add a row here: nothing else declares it. */
OPT(db, "db", CONFIG_URL, "sqlite:var/motcua.db", 0, 0,
    "database URL: sqlite:PATH or postgresql://user@host/db")
OPT(listen, "listen", CONFIG_STR, "127.0.0.1:8080", 0, 0,
    "address and port to serve on (port 0 = any)")
OPT(threads, "threads", CONFIG_INT, "16", 1, 256,
    "HTTP worker threads (and database connections); requests wait on the database, so several per "
    "core")
OPT(web_root, "web_root", CONFIG_STR, "web", 0, 0, "folder of the web pages")
OPT(data_dir, "data_dir", CONFIG_STR, "var", 0, 0, "folder for files motcua stores")
OPT(public_url, "public_url", CONFIG_URL, "http://127.0.0.1:8080", 0, 0,
    "address citizens use, printed in QR codes")
OPT(log_level, "log_level", CONFIG_STR, "info", 0, 0, "debug, info, warn, error or off")
OPT(log_format, "log_format", CONFIG_STR, "text", 0, 0,
    "text, or json for one JSON object per line (ts, level, src, rid, msg)")
OPT(http_max_body, "http.max_body", CONFIG_INT, "1048576", 1024, 512LL * MB,
    "largest request body in bytes for JSON routes")
OPT(http_max_header, "http.max_header", CONFIG_INT, "32768", 4096, 1 * MB,
    "memory per connection for headers, in bytes")
OPT(http_max_json_depth, "http.max_json_depth", CONFIG_INT, "16", 2, 64,
    "deepest JSON nesting accepted")
OPT(http_max_conn_per_ip, "http.max_conn_per_ip", CONFIG_INT, "64", 1, 100000,
    "concurrent connections from one address")
OPT(http_max_connections, "http.max_connections", CONFIG_INT, "1024", 8, 100000,
    "concurrent connections in all; above it idle ones are closed, then requests get 503")
OPT(http_timeout, "http.timeout", CONFIG_INT, "30", 1, 3600,
    "seconds before an idle connection is closed")
OPT(http_request_budget_ms, "http.request_budget_ms", CONFIG_INT, "10000", 100, 600000,
    "milliseconds of work one request may take before it is stopped and answered 503")
OPT(http_report_budget_ms, "http.report_budget_ms", CONFIG_INT, "120000", 100, 3600000,
    "milliseconds of work a report (the tracking book) may take before it is stopped and answered "
    "503")
OPT(http_header_timeout, "http.header_timeout", CONFIG_INT, "10", 1, 3600,
    "seconds a new connection has to send its request's headers, however slowly it trickles")
OPT(http_body_min_rate, "http.body_min_rate", CONFIG_INT, "4096", 1, 1LL << 30,
    "bytes per second a request body must arrive, and a reply be read, on average (after "
    "http.header_timeout seconds)")
OPT(http_body_spill_kb, "http.body_spill_kb", CONFIG_INT, "1024", 16, 1024 * 1024,
    "request bodies larger than this (KB) are kept in a temporary file, not in memory")
OPT(http_body_memory_mb, "http.body_memory_mb", CONFIG_INT, "96", 4, 1024 * 1024,
    "memory (MB) for request bodies in flight, in all; beyond it 503 with Retry-After")
OPT(http_body_disk_mb, "http.body_disk_mb", CONFIG_INT, "2048", 16, 1024 * 1024,
    "disk space (MB) for request bodies being received, in all; beyond it 503")
OPT(http_max_streams, "http.max_streams", CONFIG_INT, "256", 1, 100000,
    "event streams (display boards) open at once, in all")
OPT(http_max_streams_per_ip, "http.max_streams_per_ip", CONFIG_INT, "8", 1, 100000,
    "event streams open at once from one client address")
OPT(http_stream_timeout, "http.stream_timeout", CONFIG_INT, "60", 5, 3600,
    "seconds an event stream's client may leave data unacknowledged before it is dropped")
OPT(http_trusted_proxies, "http.trusted_proxies", CONFIG_STR, "", 0, 0,
    "reverse proxies (addresses or ADDRESS/BITS, comma-separated) whose X-Forwarded-For names the "
    "client; from any other peer the header is ignored")
OPT(http_metrics_token, "http.metrics_token", CONFIG_SECRET, "", 0, 0,
    "bearer token that GET /metrics requires (Authorization: Bearer ...)")
OPT(http_metrics_listen, "http.metrics_listen", CONFIG_STR, "", 0, 0,
    "separate HOST:PORT serving only /metrics (then the main address answers 404); with neither "
    "this nor http.metrics_token, /metrics is off")
OPT(http_track_cache_ms, "http.track_cache_ms", CONFIG_INT, "1000", 0, 3600000,
    "milliseconds a public tracking reply is reused; changes by other processes show within this; "
    "0 = no cache")
OPT(session_hours, "session.hours", CONFIG_INT, "12", 1, 24 * 90, "hours a log-in lasts")
OPT(session_secure_cookie, "session.secure_cookie", CONFIG_BOOL, "false", 0, 0,
    "mark the session cookie Secure (set true behind HTTPS)")
OPT(login_free_attempts, "login.free_attempts", CONFIG_INT, "5", 1, 1000,
    "log-ins of one account from one address before each further one waits")
OPT(login_backoff_seconds, "login.backoff_seconds", CONFIG_INT, "1", 1, 3600,
    "first wait after them; it doubles with each further attempt")
OPT(login_max_backoff_minutes, "login.max_backoff_minutes", CONFIG_INT, "15", 1, 24 * 60,
    "longest wait between log-ins of one account from one address")
OPT(login_ip_free_failures, "login.ip_free_failures", CONFIG_INT, "1000", 1, 10000000,
    "failed log-ins from one address, any account, before each further one waits")
OPT(login_ip_max_backoff_seconds, "login.ip_max_backoff_seconds", CONFIG_INT, "60", 1, 3600,
    "longest such wait of one address")
OPT(login_forget_hours, "login.forget_hours", CONFIG_INT, "24", 1, 24 * 30,
    "hours without a log-in after which an account's or address's failures are forgotten")
OPT(password_min_length, "password.min_length", CONFIG_INT, "8", 6, 128,
    "shortest password accepted")
/* Identity binding through an OpenID Connect provider (issue 10). */
OPT(oidc_issuer, "oidc.issuer", CONFIG_URL, "", 0, 0,
    "OpenID Connect identity provider (its issuer URL, https; http only on loopback); empty = off")
OPT(oidc_client_id, "oidc.client_id", CONFIG_STR, "", 0, 0,
    "client id of motcua at the identity provider")
OPT(oidc_client_secret, "oidc.client_secret", CONFIG_SECRET, "", 0, 0,
    "client secret of motcua at the identity provider")
OPT(oidc_auth_method, "oidc.auth_method", CONFIG_STR, "client_secret_basic", 0, 0,
    "how the token request authenticates: client_secret_basic or client_secret_post")
OPT(oidc_redirect_uri, "oidc.redirect_uri", CONFIG_URL, "", 0, 0,
    "redirect URI registered at the provider; empty = public_url + /api/v1/auth/oidc/callback")
OPT(oidc_scope, "oidc.scope", CONFIG_STR, "openid profile", 0, 0,
    "scopes asked for (openid included)")
OPT(oidc_id_claim, "oidc.id_claim", CONFIG_STR, "id_number", 0, 0,
    "ID token claim that carries the personal ID number")
OPT(oidc_create_accounts, "oidc.create_accounts", CONFIG_BOOL, "true", 0, 0,
    "create a verified account at the first log-in of a number that has none")
OPT(oidc_timeout, "oidc.timeout", CONFIG_INT, "10", 1, 120,
    "seconds before a request to the identity provider is given up")
OPT(password_common_file, "password.common_file", CONFIG_STR, "data/common-passwords.txt", 0, 0,
    "list of common passwords refused at registration (one a line); empty = none")
OPT(password_max_parallel, "password.max_parallel", CONFIG_INT, "2", 1, 256,
    "passwords hashed at once (Argon2id takes 64 MB each); the others wait")
OPT(password_max_wait_ms, "password.max_wait_ms", CONFIG_INT, "3000", 0, 60000,
    "how long a log-in or registration waits for a hashing slot before 503")
OPT(register_per_ip_per_hour, "register.per_ip_per_hour", CONFIG_INT, "20", 1, 1000000,
    "registrations from one address within an hour")
OPT(submit_per_account_per_hour, "submit.per_account_per_hour", CONFIG_INT, "30", 1, 1000000,
    "online submissions one citizen account may make within an hour")
OPT(queue_tickets_per_ip_per_hour, "queue.tickets_per_ip_per_hour", CONFIG_INT, "200", 1, 1000000,
    "kiosk tickets from one address within an hour")
OPT(feedback_per_ip_per_hour, "feedback.per_ip_per_hour", CONFIG_INT, "20", 1, 1000000,
    "feedback items sent from the portal from one address within an hour")
OPT(feedback_max_raises, "feedback.max_raises", CONFIG_INT, "3", 1, 1000,
    "times the sender may raise one feedback item again")
OPT(testing_clock_api, "testing.clock_api", CONFIG_BOOL, "false", 0, 0,
    "tests only: allow PUT /api/v1/testing/clock to set the server's clock")
OPT(pkcs11_module, "pkcs11.module", CONFIG_STR, "", 0, 0, "PKCS#11 library of the signing token")
OPT(pkcs11_pin, "pkcs11.pin", CONFIG_SECRET, "", 0, 0, "PIN of the signing token")
OPT(pkcs11_label, "pkcs11.label", CONFIG_STR, "motcua-agency", 0, 0,
    "label of the signing key and its certificate on the token")
OPT(files_max_file_mb, "files.max_file_mb", CONFIG_INT, "20", 1, 1024,
    "largest file accepted, in MB")
OPT(files_max_dossier_mb, "files.max_dossier_mb", CONFIG_INT, "200", 1, 100000,
    "most files of one dossier, in MB")
OPT(smtp_password, "smtp.password", CONFIG_SECRET, "", 0, 0, "password of the outgoing mail server")
OPT(agency_place, "agency.place", CONFIG_STR, "Ninh Bình", 0, 0,
    "place printed before the date on the forms (\"Ninh Bình, ngày ...\")")
OPT(desk_require_digitization, "desk.require_digitization", CONFIG_BOOL, "true", 0, 0,
    "a paper dossier leaves the receiving desk only once each paper component is digitized or "
    "exempted with a reason (Circular 03/2025)")
OPT(forms_supplement_working_days, "forms.supplement_working_days", CONFIG_INT, "10", 1, 365,
    "working days the applicant is given to supplement, printed on Form 02 as the date to "
    "supplement by")
OPT(agency_superior, "agency.superior", CONFIG_STR, "UBND tỉnh Ninh Bình", 0, 0,
    "superior body printed above the root unit's name on the forms, e.g. UBND tỉnh Ninh Bình")
OPT(review_recipient, "review.recipient", CONFIG_STR, "Ủy ban nhân dân tỉnh Ninh Bình", 0, 0,
    "to whom the procedure review's report is addressed (\"Kính gửi: ...\"; Circular 02/2017)")
OPT(worker_interval_seconds, "worker.interval_seconds", CONFIG_INT, "60", 0, 86400,
    "seconds between rounds of the background worker in serve (due soon, overdue, e-mail); 0 = off")
OPT(blob_prune_grace_hours, "blob.prune_grace_hours", CONFIG_INT, "24", 1, 24 * 365,
    "hours a stored file no row names is kept after it was last written or found by a writer, "
    "before the worker or `motcua blobs prune` removes it")
OPT(smtp_url, "smtp.url", CONFIG_URL, "", 0, 0,
    "outgoing mail relay, e.g. smtp://127.0.0.1:25 or smtps://mail.example.vn; empty = no e-mail")
OPT(smtp_from, "smtp.from", CONFIG_STR, "motcua <motcua@localhost>", 0, 0, "sender of the notices")
OPT(smtp_user, "smtp.user", CONFIG_STR, "", 0, 0,
    "user name at the relay (with smtp.password; TLS required)")
OPT(smtp_timeout, "smtp.timeout", CONFIG_INT, "30", 1, 600, "seconds before giving up on one mail")
OPT(db_replica, "db.replica", CONFIG_URL, "", 0, 0,
    "a PostgreSQL streaming standby of db that answers public tracking, verification, the "
    "catalogue, public quality and the dashboards; empty = none")
OPT(db_replica_max_lag_ms, "db.replica_max_lag_ms", CONFIG_INT, "5000", 0, 3600000,
    "the replica answers only while it is at most this far behind the primary (measured every "
    "500 ms against the primary's WAL position); otherwise the primary does")
OPT(db_replica_timeout_ms, "db.replica_timeout_ms", CONFIG_INT, "2000", 100, 600000,
    "milliseconds the server waits on the replica at most (connecting, each statement); past it "
    "the read goes to the primary and the replica is left until it answers the probe again")
OPT(db_pg_writers, "db.pg_writers", CONFIG_INT, "4", 1, 16,
    "writer connections of the group commit per PostgreSQL database and process: a receipt "
    "goes to the one of its receiving unit (unit id modulo this), so units number their "
    "dossiers side by side; one unit's receipts always share one")
OPT(db_busy_timeout_ms, "db.busy_timeout_ms", CONFIG_INT, "5000", 10, 600000,
    "milliseconds a transaction waits, in all, for a write lock another process holds before the "
    "request is answered 503 DB_BUSY with nothing saved (SQLite); keep it below the clients' "
    "timeout")
OPT(health_min_free_mb, "health.min_free_mb", CONFIG_INT, "100", 0, INT64_C(1) << 40,
    "free disk space, in MB, below which /healthz answers 503 degraded (for the database folder "
    "and the file store)")
OPT(health_disk_check_ms, "health.disk_check_ms", CONFIG_INT, "1000", 0, 3600000,
    "milliseconds one disk check of /healthz (free space, and 4 KB written and fsynced in the "
    "database folder and the file store) answers every request for; 0: every request checks")
/* Payments (issue 13). */
OPT(payment_gateway, "payment.gateway", CONFIG_STR, "sandbox", 0, 0,
    "online payment gateway: sandbox (motcua's own stand-in, for make run and tests), vnpay, or "
    "none (online payment off: pay at the desk)")
/* The online gateway (issue 13): VNPAY 2.1.0, or motcua's sandbox of it. */
OPT(payment_vnpay_url, "payment.vnpay.url", CONFIG_URL,
    "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html", 0, 0,
    "VNPAY's payment page, where the payer is sent (payment.gateway = vnpay)")
OPT(payment_vnpay_api_url, "payment.vnpay.api_url", CONFIG_URL,
    "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction", 0, 0,
    "VNPAY's API for querydr and refund (JSON over POST)")
OPT(payment_vnpay_tmn_code, "payment.vnpay.tmn_code", CONFIG_STR, "", 0, 0,
    "the merchant's terminal code (vnp_TmnCode) VNPAY gave the agency")
OPT(payment_vnpay_secret, "payment.vnpay.secret", CONFIG_SECRET, "", 0, 0,
    "the merchant's hash secret (vnp_HashSecret) that signs every message (the sandbox uses a "
    "built-in one when empty)")
OPT(payment_public_url, "payment.public_url", CONFIG_URL, "", 0, 0,
    "base of the return and IPN addresses the gateway calls (empty = public_url)")
OPT(payment_expire_minutes, "payment.expire_minutes", CONFIG_INT, "15", 5, 24 * 60,
    "minutes the payer has on the gateway's page (vnp_ExpireDate)")
OPT(payment_reconcile_minutes, "payment.reconcile_minutes", CONFIG_INT, "20", 1, 7 * 24 * 60,
    "minutes after which the worker asks the gateway (querydr) about a payment still pending")
OPT(payment_refund_backoff_minutes, "payment.refund_backoff_minutes", CONFIG_INT, "30", 1, 24 * 60,
    "minutes before a refund the gateway refused (or did not answer) is asked again; doubled "
    "after each refusal, at most a week")
OPT(payment_timeout, "payment.timeout", CONFIG_INT, "15", 1, 120,
    "seconds before giving up on one call to the gateway's API")
OPT(payment_sandbox_late_seconds, "payment.sandbox_late_seconds", CONFIG_INT, "5", 1, 600,
    "the sandbox gateway's \"late\" IPN comes this many seconds after the payer chose")
OPT(payment_demand_days, "payment.demand_days", CONFIG_INT, "15", 1, 365,
    "working days a payment demand may stay unpaid; after them the dossier is listed as unpaid and "
    "may be stopped (Form 05)")
OPT(payment_receipt_template, "payment.receipt_template", CONFIG_STR, "01BLP0-001", 0, 0,
    "template symbol (ký hiệu mẫu) printed on e-receipts (Decree 123/2020, Circular 78/2021)")
OPT(payment_receipt_series, "payment.receipt_series", CONFIG_STR, "AA-26E", 0, 0,
    "receipt series (ký hiệu biên lai); numbers run from 1 without gaps within each series")
OPT(agency_tax_code, "agency.tax_code", CONFIG_STR, "", 0, 0,
    "tax code of the collecting agency, printed on e-receipts")
