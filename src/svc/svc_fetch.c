/* Outgoing HTTP over libcurl (see svc_fetch_impl.h). Layer: svc. */
#include "svc/svc_fetch_impl.h"

#include <curl/curl.h>
#include <pthread.h>
#include <string.h>

#include "base/log.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

bool svc_fetch_url_allowed(const char *u)
{
	static const char *const local[] = {"http://127.0.0.1:", "http://127.0.0.1/",
					    "http://localhost:", "http://localhost/",
					    "http://[::1]:",	 "http://[::1]/"};
	if (!u)
		return false;
	if (!strncmp(u, "https://", 8))
		return u[8] != 0;
	for (size_t i = 0; i < sizeof local / sizeof local[0]; i++)
		if (!strncmp(u, local[i], strlen(local[i])))
			return true;
	return false;
}

struct sink {
	struct buf *b;
	size_t max;
};

static size_t write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	if (s->b->len + size * n > s->max)
		return 0; /* too large: curl fails the transfer */
	buf_add(s->b, p, size * n);
	return size * n;
}

int svc_fetch(const struct svc_fetch *f, struct buf *reply, long *status)
{
	*status = 0;
	if (!svc_fetch_url_allowed(f->url)) {
		log_warn("%s: %s is neither https nor loopback http", f->what,
			 f->url ? f->url : "(null)");
		return -1;
	}
	pthread_once(&curl_once, curl_start);
	CURL *c = curl_easy_init();
	if (!c)
		return -1;
	char ebuf[CURL_ERROR_SIZE] = "";
	struct sink s = {reply, f->max_reply};
	curl_easy_setopt(c, CURLOPT_URL, f->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, f->timeout_s);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
	if (f->body) {
		if (f->content_type) {
			char ct[128];
			snprintf(ct, sizeof ct, "Content-Type: %s", f->content_type);
			h = curl_slist_append(h, ct);
		}
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, f->body);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if (f->user) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, f->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, f->password);
	}
	CURLcode cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	if (cc != CURLE_OK) {
		log_warn("%s: %s: %s", f->what, f->url, *ebuf ? ebuf : curl_easy_strerror(cc));
		return -1;
	}
	return 0;
}
