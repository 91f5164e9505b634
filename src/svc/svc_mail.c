/* Outgoing e-mail through an SMTP relay with libcurl (svc_worker.h). The
 * only file that includes curl/curl.h. Layer: svc. */
#include <pthread.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "base/clock.h"
#include "svc/svc_worker.h"

bool svc_mail_address_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 254)
		return false;
	const char *at = strchr(s, '@');
	if (!at || at == s || !at[1] || strchr(at + 1, '@'))
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._%+-@", *p)))
			return false;
	return true;
}

/* The bare address of "Name <addr>" or "addr". */
static const char *bare_address(const char *from, char *buf, size_t n)
{
	const char *lt = strchr(from, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt && gt > lt + 1) {
		snprintf(buf, n, "%.*s", (int)(gt - lt - 1), lt + 1);
		return buf;
	}
	return from;
}

/* "Thu, 27 Nov 2026 08:05:09 +0700" without libc's time functions. */
static void rfc5322_date(int64_t now, struct buf *out)
{
	static const char *const wd[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	int64_t local = now / 1000 + 7 * 3600;
	int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int64_t secs = local - days * 86400;
	int y;
	unsigned m, d;
	clock_civil_from_days(days, &y, &m, &d);
	buf_addf(out, "%s, %u %s %d %02d:%02d:%02d +0700", wd[((days % 7) + 7) % 7], d, mon[m - 1],
		 y, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

/* RFC 2047 encoded words of at most 75 characters, split on UTF-8
 * character boundaries, folded onto continuation lines. */
static void encode_subject(const char *s, struct buf *out)
{
	size_t len = strlen(s), i = 0;
	bool ascii = true;
	for (size_t k = 0; k < len; k++)
		if ((unsigned char)s[k] >= 0x80 || s[k] == '=' || s[k] == '?')
			ascii = false;
	if (ascii && len <= 70) {
		buf_adds(out, s);
		return;
	}
	while (i < len) {
		size_t j = i + 45 < len ? i + 45 : len;
		while (j < len && j > i && ((unsigned char)s[j] & 0xC0) == 0x80)
			j--;
		char b64[128];
		sodium_bin2base64(b64, sizeof b64, (const unsigned char *)s + i, j - i,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_addf(out, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", b64);
		i = j;
	}
}

void svc_mail_format(const char *from, const struct svc_mail *m, int64_t now, struct buf *out)
{
	buf_adds(out, "Date: ");
	rfc5322_date(now, out);
	buf_addf(out, "\r\nFrom: %s\r\nTo: <%s>\r\nSubject: ", from, m->to);
	encode_subject(m->subject, out);
	buf_adds(out, "\r\n");
	if (m->message_id)
		buf_addf(out, "Message-ID: <%s>\r\n", m->message_id);
	buf_adds(out, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
		      "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n");
	for (const char *p = m->body; *p; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n')
			buf_addc(out, '\r');
		buf_addc(out, *p);
	}
	if (!out->len || out->p[out->len - 1] != '\n')
		buf_adds(out, "\r\n");
}

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb;
	if (n > u->left)
		n = u->left;
	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

int svc_mail_send(const struct config *cfg, const struct svc_mail *m, char *err, size_t errlen)
{
	const char *url = cfg->v.smtp_url;
	const char *from = cfg->v.smtp_from;
	if (!*url) {
		snprintf(err, errlen, "smtp.url is not set");
		return -1;
	}
	if (!svc_mail_address_ok(m->to)) {
		snprintf(err, errlen, "bad recipient address");
		return -1;
	}
	/* Checked whole: an address cut short to fit would send as another. */
	char fromaddr[256], rcpt[300], mailfrom[300];
	const char *sender = bare_address(from, fromaddr, sizeof fromaddr);
	if (!svc_mail_address_ok(sender)) {
		snprintf(err, errlen, "smtp.from is not an address: %s", from);
		return -1;
	}
	snprintf(mailfrom, sizeof mailfrom, "<%s>", sender);
	snprintf(rcpt, sizeof rcpt, "<%s>", m->to);
	pthread_once(&curl_once, curl_start);
	struct buf msg = BUF_INIT;
	svc_mail_format(from, m, clock_now_ms(), &msg);
	int rc = -1;
	CURL *c = curl_easy_init();
	struct curl_slist *to = curl_slist_append(NULL, rcpt);
	if (!c || !to) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	struct upload u = {msg.p, msg.len};
	char ebuf[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, mailfrom);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, to);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)cfg->v.smtp_timeout);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	const char *user = cfg->v.smtp_user;
	if (*user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->v.smtp_password);
		/* A password is never sent in the clear: STARTTLS or smtps://. */
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	}
	CURLcode cc = curl_easy_perform(c);
	if (cc != CURLE_OK)
		snprintf(err, errlen, "%s", *ebuf ? ebuf : curl_easy_strerror(cc));
	else
		rc = 0;
out:
	curl_slist_free_all(to);
	if (c)
		curl_easy_cleanup(c);
	buf_release(&msg);
	return rc;
}
