/* The log writes one line per call whatever the values hold: a user name
 * with a newline could forge a line (issue 10). */
#include "test_helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "base/log.h"

/* Runs one log call with stderr sent to a temporary file; returns the text. */
static char *capture(const char *user)
{
	char path[] = "/tmp/motcua-test-log-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stderr);
	int saved = dup(2);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fd, 2), 2);
	log_warn("login failed user=%s ip=%s", user, "127.0.0.1");
	log_access("rid=1 path=/x user=%s", user);
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	FILE *f = fdopen(fd, "rb");
	assert_non_null(f);
	rewind(f);
	static char text[8192];
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = 0;
	fclose(f);
	unlink(path);
	return text;
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_control_characters_escaped(void **state)
{
	(void)state;
	log_set_level(LOG_INFO);
	const char *forged = "eve\n2026-11-27T22:31:05.123Z info api_auth.c:1 login ok user=admin\r"
			     "\x1b[2J\t\x7f";
	const char *text = capture(forged);
	assert_int_equal(count_lines(text), 2);
	assert_non_null(strstr(text, "user=eve\\n2026-11-27T22:31:05.123Z info api_auth.c:1 login "
				     "ok user=admin\\r\\x1b[2J\\t\\x7f ip=127.0.0.1\n"));
	assert_non_null(strstr(text, " access test_log.c:"));
	assert_non_null(strstr(text, " rid=1 path=/x user=eve\\n"));
	/* Unicode line breaks and C1 controls split lines in log viewers too
	 * (U+0085 NEL, U+2028, U+2029): escaped as well. */
	text = capture("eve\xc2\x85x\xe2\x80\xa8y\xe2\x80\xa9z\xc2\x9b");
	assert_non_null(strstr(text, "user=eve\\u0085x\\u2028y\\u2029z\\u009b ip=127.0.0.1\n"));
	/* Vietnamese text (UTF-8) is written as it is. */
	text = capture("Nguyễn Văn A");
	assert_int_equal(count_lines(text), 2);
	assert_non_null(strstr(text, "user=Nguyễn Văn A ip=127.0.0.1\n"));
}

/* Issue 16: every line a thread writes while it answers a request names the
 * request, whether the server or a layer below wrote it. */
static void test_request_id_on_every_line(void **state)
{
	(void)state;
	log_set_level(LOG_INFO);
	log_set_request("edge-42.a:b");
	const char *text = capture("eve");
	log_set_request(NULL);
	assert_non_null(strstr(text, " warn test_log.c:"));
	assert_non_null(strstr(text, " rid=edge-42.a:b login failed user=eve ip=127.0.0.1\n"));
	/* The access line names where it was written, as every line does
	 * (stranger's report 16, item 11). */
	assert_non_null(strstr(text, " access test_log.c:"));
	assert_non_null(strstr(text, " rid=edge-42.a:b rid=1 path=/x user=eve\n"));
	text = capture("eve");
	assert_null(strstr(text, "edge-42"));
}

/* log_format=json: one JSON object per line that a log shipper reads back
 * to the same message, whatever bytes the message held. */
static void test_json_lines(void **state)
{
	(void)state;
	log_set_level(LOG_INFO);
	log_set_format(LOG_JSON);
	log_set_request("r-1");
	const char *nasty = "e\"v\\e\n\x01\xc2\x85 Nguyễn \xff\xe2\x80";
	const char *text = capture(nasty);
	log_set_request(NULL);
	log_set_format(LOG_TEXT);
	assert_int_equal(count_lines(text), 2);
	char *copy = strdup(text);
	char *second = strchr(copy, '\n');
	*second++ = 0;
	json_error_t err;
	json_t *w = json_loads(copy, 0, &err);
	json_t *a = json_loads(second, JSON_DISABLE_EOF_CHECK, &err);
	assert_non_null(w);
	assert_non_null(a);
	assert_string_equal(json_string_value(json_object_get(w, "level")), "warn");
	assert_string_equal(json_string_value(json_object_get(w, "rid")), "r-1");
	assert_non_null(strstr(json_string_value(json_object_get(w, "src")), "test_log.c:"));
	assert_string_equal(
		json_string_value(json_object_get(w, "msg")),
		"login failed user=e\"v\\e\n\x01\xc2\x85 Nguyễn \xef\xbf\xbd\xef\xbf\xbd"
		"\xef\xbf\xbd ip=127.0.0.1");
	assert_string_equal(json_string_value(json_object_get(a, "level")), "access");
	assert_non_null(strstr(json_string_value(json_object_get(a, "src")), "test_log.c:"));
	assert_non_null(json_object_get(a, "ts"));
	json_decref(w);
	json_decref(a);
	free(copy);
	assert_int_equal(log_format_parse("json"), LOG_JSON);
	assert_int_equal(log_format_parse("text"), LOG_TEXT);
	assert_int_equal(log_format_parse("xml"), -1);
}

static void banner_and_failure(void)
{
	log_banner("listening on http://%s:%u", "127.0.0.1", 8080u);
	log_plain(LOG_ERROR, __FILE__, __LINE__, "motcua serve", "listen: cannot listen on %s: %s",
		  "127.0.0.1:8080", "Address already in use");
}

/* Runs fn with stderr sent to a temporary file; returns the text. */
static char *capture_fn(void (*fn)(void))
{
	char path[] = "/tmp/motcua-test-log-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stderr);
	int saved = dup(2);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fd, 2), 2);
	fn();
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	static char text[4096];
	ssize_t n = pread(fd, text, sizeof text - 1, 0);
	text[n > 0 ? n : 0] = 0;
	close(fd);
	unlink(path);
	return text;
}

/* Stranger's report 16, item 11: the address a server listens on and why
 * it could not start are written whatever log_level: as text as they always
 * were, as JSON lines with log_format = json. */
static void test_plain_lines(void **state)
{
	(void)state;
	log_set_level(LOG_OFF);
	const char *text = capture_fn(banner_and_failure);
	assert_string_equal(text, "motcua: listening on http://127.0.0.1:8080\n"
				  "motcua serve: listen: cannot listen on 127.0.0.1:8080: Address "
				  "already in use\n");
	log_set_format(LOG_JSON);
	text = capture_fn(banner_and_failure);
	log_set_format(LOG_TEXT);
	log_set_level(LOG_INFO);
	char *copy = strdup(text);
	char *second = strchr(copy, '\n');
	*second++ = 0;
	json_error_t err;
	json_t *b = json_loads(copy, 0, &err);
	json_t *f = json_loads(second, JSON_DISABLE_EOF_CHECK, &err);
	assert_non_null(b);
	assert_non_null(f);
	assert_string_equal(json_string_value(json_object_get(b, "level")), "info");
	assert_string_equal(json_string_value(json_object_get(b, "msg")),
			    "listening on http://127.0.0.1:8080");
	assert_non_null(strstr(json_string_value(json_object_get(b, "src")), "test_log.c:"));
	assert_string_equal(json_string_value(json_object_get(f, "level")), "error");
	assert_string_equal(json_string_value(json_object_get(f, "msg")),
			    "listen: cannot listen on 127.0.0.1:8080: Address already in use");
	json_decref(b);
	json_decref(f);
	free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_control_characters_escaped),
		cmocka_unit_test(test_request_id_on_every_line),
		cmocka_unit_test(test_json_lines),
		cmocka_unit_test(test_plain_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
