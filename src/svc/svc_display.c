/* The display boards of several servers on one PostgreSQL database: what a
 * server publishes to its own boards (http_sse_publish) it also sends to
 * the others through the database (db_notify), and each server relays what
 * the others sent to its boards. On SQLite one process serves, and this is
 * idle. Layer: svc (the HTTP layer's publisher is handed in by `serve`). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "base/log.h"
#include "repo/repo.h"
#include "svc/svc.h"

#define DISPLAY_CHANNEL "motcua_display"

/* This process, so that it does not relay its own messages back. */
static char origin[33];
static pthread_once_t origin_once = PTHREAD_ONCE_INIT;

static void origin_init(void)
{
	unsigned char r[16];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(origin, sizeof origin, r, sizeof r);
}

void svc_display_send(struct db *db, const char *channel, const char *event, const char *data)
{
	if (db_backend(db) != DB_POSTGRES)
		return;
	pthread_once(&origin_once, origin_init);
	json_t *m =
		json_pack("{s:s,s:s,s:s,s:s}", "o", origin, "c", channel, "e", event, "d", data);
	char *s = m ? json_dumps(m, JSON_COMPACT) : NULL;
	json_decref(m);
	/* Best effort, like the boards themselves: the change is committed. */
	if (!s || db_notify(db, DISPLAY_CHANNEL, s) < 0)
		log_warn("display: not sent to the other servers: %s",
			 s ? db_errmsg(db) : "no memory");
	free(s);
}

struct svc_display_relay {
	struct db_listener *l;
	void (*publish)(const char *channel, const char *event, const char *data);
};

static void on_message(const char *payload, void *arg)
{
	struct svc_display_relay *r = arg;
	json_t *m = json_loads(payload, 0, NULL);
	const char *o = NULL, *c = NULL, *e = NULL, *d = NULL;
	if (m && json_unpack(m, "{s:s,s:s,s:s,s:s}", "o", &o, "c", &c, "e", &e, "d", &d) == 0 &&
	    strcmp(o, origin) != 0)
		r->publish(c, e, d);
	else if (!m)
		log_warn("display: a message that is not JSON was ignored");
	json_decref(m);
}

int svc_display_relay_start(const char *db_url,
			    void (*publish)(const char *channel, const char *event,
					    const char *data),
			    struct svc_display_relay **out)
{
	pthread_once(&origin_once, origin_init);
	struct svc_display_relay *r = xcalloc(1, sizeof *r);
	r->publish = publish;
	char err[256];
	if (db_listen_start(db_url, DISPLAY_CHANNEL, on_message, r, &r->l, err, sizeof err) < 0) {
		log_error("display: %s", err);
		free(r);
		*out = NULL;
		return -1;
	}
	*out = r;
	return 0;
}

void svc_display_relay_stop(struct svc_display_relay *r)
{
	if (!r)
		return;
	db_listen_stop(r->l);
	free(r);
}
