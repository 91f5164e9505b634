/* The data of history events, one typed builder per kind: see
 * svc_event_data.h. Each builder gives its values in the order of its row;
 * the row gives the names, so the two agree by construction. Layer: svc. */
#include "svc/svc_event_data.h"

#include <string.h>

#include "base/json.h"
#include "base/log.h"
#include "base/text.h"
#include "svc/svc_dossiers_impl.h"

/* Appends s to b as valid UTF-8: each byte that does not start a valid
 * sequence becomes U+FFFD. */
static void utf8_fixed(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
		if (strnlen((const char *)p, n) == n && text_utf8_valid((const char *)p, n)) {
			buf_add(b, p, n);
			p += n;
		} else {
			buf_adds(b, "\xef\xbf\xbd");
			p++;
		}
	}
}

/* key: v, with v made valid UTF-8 if it is not. */
static void safe_kstr(struct jw *w, const char *key, const char *v)
{
	if (!v || text_utf8_valid(v, strlen(v))) {
		jw_kstr(w, key, v);
		return;
	}
	struct buf fixed = BUF_INIT;
	utf8_fixed(&fixed, v);
	jw_kstr(w, key, buf_str(&fixed));
	buf_release(&fixed);
}

/* The writer of one event's data: the row's keys in turn. */
struct evw {
	struct buf b;
	struct jw w;
	const char *const *keys; /* NULL-ended */
	const char *kind;	 /* for the log */
	size_t next;
};

static void evw_begin(struct evw *x, const char *const *keys, const char *kind)
{
	x->b = (struct buf)BUF_INIT;
	jw_init(&x->w, &x->b);
	jw_obj(&x->w);
	x->keys = keys;
	x->kind = kind;
	x->next = 0;
}

/* The row's next key; NULL (logged: a builder out of step with its row,
 * which test_event_data catches) when the row has no more. */
static const char *evw_key(struct evw *x)
{
	const char *k = x->keys[x->next];
	if (!k) {
		log_error("event %s: more values than its row has keys", x->kind);
		return NULL;
	}
	x->next++;
	return k;
}

static void evw_str(struct evw *x, const char *v)
{
	const char *k = evw_key(x);
	if (k)
		safe_kstr(&x->w, k, v);
}

static void evw_int(struct evw *x, int64_t v)
{
	const char *k = evw_key(x);
	if (k)
		jw_kint(&x->w, k, v);
}

static void evw_bool(struct evw *x, bool v)
{
	const char *k = evw_key(x);
	if (k)
		jw_kbool(&x->w, k, v);
}

static void evw_pair(struct evw *x, const int64_t v[2])
{
	const char *k = evw_key(x);
	if (!k)
		return;
	jw_key(&x->w, k);
	jw_arr(&x->w);
	jw_int(&x->w, v[0]);
	jw_int(&x->w, v[1]);
	jw_end_arr(&x->w);
}

/* The row's next key left out (an optional value that is absent). */
static void evw_skip(struct evw *x)
{
	if (x->keys[x->next])
		x->next++;
}

static const char *evw_end(struct evw *x, struct arena *a)
{
	if (x->keys[x->next])
		log_error("event %s: its row's key %s has no value", x->kind, x->keys[x->next]);
	jw_end_obj(&x->w);
	const char *out = arena_strdup(a, buf_str(&x->b));
	buf_release(&x->b);
	return out;
}

static void begin_kind(struct evw *x, enum event_kind k)
{
	const struct event_kind_def *d = event_kind_def(k);
	evw_begin(x, d->keys, d->action);
}

const char *evd_viewed(struct arena *a, const char *what)
{
	struct evw x;
	begin_kind(&x, EVENT_VIEWED);
	if (what)
		evw_str(&x, what);
	else
		evw_skip(&x);
	return evw_end(&x, a);
}

const char *evd_file_downloaded(struct arena *a, const struct evd_download *v)
{
	struct evw x;
	begin_kind(&x, EVENT_FILE_DOWNLOADED);
	evw_int(&x, v->document_id);
	evw_int(&x, v->file);
	evw_str(&x, v->sha256);
	return evw_end(&x, a);
}

const char *evd_component_page(struct arena *a, bool citizen, const struct evd_page *v)
{
	struct evw x;
	begin_kind(&x, citizen ? EVENT_COMPONENT_UPLOADED : EVENT_COMPONENT_DIGITIZED);
	evw_int(&x, v->component);
	evw_int(&x, v->document_id);
	evw_int(&x, v->page);
	evw_str(&x, v->sha256);
	evw_str(&x, v->type);
	evw_int(&x, v->size);
	return evw_end(&x, a);
}

const char *evd_component_exempted(struct arena *a, int64_t component, const char *exemption)
{
	struct evw x;
	begin_kind(&x, EVENT_COMPONENT_EXEMPTED);
	evw_int(&x, component);
	evw_str(&x, exemption);
	return evw_end(&x, a);
}

const char *evd_component_reused(struct arena *a, const struct evd_reuse *v)
{
	struct evw x;
	begin_kind(&x, EVENT_COMPONENT_REUSED);
	evw_int(&x, v->component);
	evw_int(&x, v->document_id);
	evw_str(&x, v->from_dossier);
	evw_str(&x, v->hash);
	return evw_end(&x, a);
}

const char *evd_result_drafted(struct arena *a, const struct evd_draft *v)
{
	struct evw x;
	begin_kind(&x, EVENT_RESULT_DRAFTED);
	evw_str(&x, v->sha256);
	evw_str(&x, v->type);
	evw_int(&x, v->size);
	evw_bool(&x, v->paper);
	return evw_end(&x, a);
}

const char *evd_result_signed(struct arena *a, const struct evd_signed *v)
{
	struct evw x;
	begin_kind(&x, EVENT_RESULT_SIGNED);
	evw_str(&x, v->verify_code);
	evw_str(&x, v->sha256);
	evw_str(&x, v->format);
	evw_str(&x, v->signer);
	evw_int(&x, v->document_id);
	if (v->signature_sha256)
		evw_str(&x, v->signature_sha256);
	else
		evw_skip(&x);
	return evw_end(&x, a);
}

const char *evd_due_recomputed(struct arena *a, const struct evd_recomputed *v)
{
	struct evw x;
	begin_kind(&x, EVENT_DUE_RECOMPUTED);
	evw_int(&x, v->calendar_version);
	evw_pair(&x, v->due_at);
	evw_pair(&x, v->step_due_at);
	return evw_end(&x, a);
}

const char *evd_payment_demanded(struct arena *a, const struct evd_demand *v)
{
	struct evw x;
	begin_kind(&x, EVENT_PAYMENT_DEMANDED);
	evw_int(&x, v->demand);
	evw_str(&x, v->due);
	evw_int(&x, v->due_at);
	evw_int(&x, v->total);
	return evw_end(&x, a);
}

const char *evd_payment(struct arena *a, enum event_kind k, const struct evd_payment *v)
{
	struct evw x;
	begin_kind(&x, k);
	evw_int(&x, v->amount);
	evw_int(&x, v->demand);
	if (k == EVENT_PAYMENT_PAID)
		evw_str(&x, v->flag);
	evw_str(&x, v->gateway_txn);
	evw_str(&x, v->method);
	evw_int(&x, v->payment);
	if (k == EVENT_PAYMENT_PAID)
		evw_str(&x, v->receipt);
	evw_str(&x, v->txn_ref);
	return evw_end(&x, a);
}

const char *evd_payment_cancelled(struct arena *a, const char *cause, int64_t demand, int64_t total)
{
	struct evw x;
	begin_kind(&x, EVENT_PAYMENT_CANCELLED);
	evw_str(&x, cause);
	evw_int(&x, demand);
	evw_int(&x, total);
	return evw_end(&x, a);
}

const char *evd_fee_exempted(struct arena *a, const struct evd_exempted *v)
{
	struct evw x;
	begin_kind(&x, EVENT_FEE_EXEMPTED);
	evw_int(&x, v->amount);
	evw_str(&x, v->basis);
	evw_int(&x, v->demand);
	evw_int(&x, v->fee);
	evw_str(&x, v->reason);
	return evw_end(&x, a);
}

const char *evd_due(struct arena *a, const char *action, int64_t due_at)
{
	const struct event_kind_def *d = event_kind_find(action);
	if (!d || (d->kind != EVENT_DUE_SOON && d->kind != EVENT_OVERDUE)) {
		log_error("event %s: not a reminder", action ? action : "(null)");
		d = event_kind_def(EVENT_DUE_SOON);
	}
	struct evw x;
	evw_begin(&x, d->keys, d->action);
	evw_int(&x, due_at);
	return evw_end(&x, a);
}

/* ---- the workflow's actions: keys from core/workflow.c's rows ---- */

const char *svcd_event_data(struct arena *a, unsigned keys, const struct svcd_event_data *v)
{
	struct buf b = BUF_INIT;
	struct jw w;
	jw_init(&w, &b);
	jw_obj(&w);
	keys &= v->have;
	for (int k = 0; k < WF_NKEYS; k++) {
		if (!(keys & WF_KEY(k)))
			continue;
		const char *name = wf_key_name((enum wf_key)k);
		switch ((enum wf_key)k) {
		case WF_K_CHANNEL:
			safe_kstr(&w, name, v->channel);
			break;
		case WF_K_CLOCK:
			safe_kstr(&w, name, v->clock);
			break;
		case WF_K_COUNTS_LATE:
			jw_kbool(&w, name, v->counts_late);
			break;
		case WF_K_DUE_AT:
			jw_kint(&w, name, v->due_at);
			break;
		case WF_K_FEE_HANDLING:
			safe_kstr(&w, name, v->fee_handling);
			break;
		case WF_K_LEGAL_BASIS:
			safe_kstr(&w, name, v->legal_basis);
			break;
		case WF_K_MISSING:
			jw_key(&w, name);
			jw_arr(&w);
			for (size_t i = 0; i < v->ncomponents; i++)
				if (!strcmp(v->components[i].status, "missing"))
					jw_int(&w, (int64_t)i + 1);
			jw_end_arr(&w);
			break;
		case WF_K_ORIGINAL_DUE_AT:
			jw_kint(&w, name, v->original_due_at);
			break;
		case WF_K_PROCEDURE:
			safe_kstr(&w, name, v->procedure);
			break;
		case WF_K_PROPOSED_DUE_AT:
			jw_kint(&w, name, v->proposed_due_at);
			break;
		case WF_K_RESULT_CODE:
			safe_kstr(&w, name, v->result_code);
			break;
		case WF_K_STAGE:
			safe_kstr(&w, name, v->stage);
			break;
		case WF_K_TO_USER:
			safe_kstr(&w, name, v->to_user);
			break;
		case WF_K_UNIT:
			safe_kstr(&w, name, v->unit);
			break;
		case WF_K_VERSION:
			jw_kint(&w, name, v->version);
			break;
		case WF_NKEYS:
			break;
		}
	}
	jw_end_obj(&w);
	const char *out = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return out;
}
