/* The request counters of /metrics: every route and status the server
 * answers gets its own series, however many pairs appear (a fixed table of
 * 256 once stopped counting new pairs without a word). */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "http/http.h"
#include "test_helpers.h"

static void every_series_is_counted(void **state)
{
	(void)state;
	/* 80 routes x 4 statuses = 320 pairs, each seen twice. */
	enum { NROUTES = 80 };
	static char routes[NROUTES][16];
	static const int statuses[] = {200, 400, 404, 500};
	for (int r = 0; r < NROUTES; r++)
		snprintf(routes[r], sizeof routes[r], "/test/route%02d", r);
	for (int round = 0; round < 2; round++)
		for (int r = 0; r < NROUTES; r++)
			for (size_t s = 0; s < N_ELEMENTS(statuses); s++)
				http_metrics_observe(routes[r], statuses[s], 1000000);
	struct buf out = BUF_INIT;
	http_metrics_render(NULL, &out);
	for (int r = 0; r < NROUTES; r++) {
		struct buf want = BUF_INIT;
		for (size_t s = 0; s < N_ELEMENTS(statuses); s++) {
			buf_reset(&want);
			buf_addf(&want,
				 "motcua_http_requests_total{route=\"%s\",status=\"%d\"} 2\n",
				 routes[r], statuses[s]);
			if (!strstr(buf_str(&out), buf_str(&want)))
				fail_msg("missing: %s", buf_str(&want));
		}
		buf_reset(&want);
		buf_addf(&want, "motcua_http_request_duration_seconds_count{route=\"%s\"} 8\n",
			 routes[r]);
		if (!strstr(buf_str(&out), buf_str(&want)))
			fail_msg("missing: %s", buf_str(&want));
		buf_release(&want);
	}
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_series_is_counted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
