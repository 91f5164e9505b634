/* The table of online payment gateways (svc_payments.h, "How an online
 * gateway plugs in"): one row per adapter, selected by payment.gateway.
 * "none" has no row by design: online payment answers 503 and the payer
 * pays at the desk. VNPAY and motcua's sandbox of it share one adapter
 * (svc_vnpay.c): the sandbox speaks the same protocol. Layer: svc. */
#include <stdio.h>
#include <string.h>

#include "svc/svc_payments.h"
#include "svc/svc_vnpay.h"

static int vnpay_start(const struct config *cfg, struct arena *a,
		       const struct svc_gateway_start *in, const char **url, char *err,
		       size_t errlen)
{
	struct svc_vnpay_order o = {.txn_ref = in->payment->txn_ref,
				    .amount = in->payment->amount,
				    .order_info = in->order_info,
				    .client_ip = in->client_ip,
				    .created_at = in->payment->created_at};
	return svc_vnpay_pay_url(cfg, a, &o, url, err, errlen);
}

static const struct svc_gateway gateways[] = {
	{"sandbox", vnpay_start, svc_vnpay_verify, svc_vnpay_gw_query, svc_vnpay_gw_refund},
	{"vnpay", vnpay_start, svc_vnpay_verify, svc_vnpay_gw_query, svc_vnpay_gw_refund},
	{NULL, NULL, NULL, NULL, NULL},
};

const struct svc_gateway *svc_payment_gateway(const struct config *cfg)
{
	const char *name = cfg->v.payment_gateway;
	if (!name || !strcmp(name, "none"))
		return NULL;
	for (const struct svc_gateway *g = gateways; g->name; g++)
		if (!strcmp(g->name, name))
			return g;
	return NULL;
}

int svc_payment_gateway_check(const struct config *cfg, char *err, size_t errlen)
{
	const char *name = cfg->v.payment_gateway ? cfg->v.payment_gateway : "";
	if (!strcmp(name, "none"))
		return 0;
	if (!svc_payment_gateway(cfg)) {
		snprintf(err, errlen, "payment.gateway: '%s' is not sandbox, vnpay or none", name);
		return -1;
	}
	if (!strcmp(name, "vnpay") &&
	    (!*cfg->v.payment_vnpay_tmn_code || !*cfg->v.payment_vnpay_secret)) {
		snprintf(err, errlen,
			 "payment.gateway = vnpay needs payment.vnpay.tmn_code and "
			 "payment.vnpay.secret (docs/operations.md)");
		return -1;
	}
	return 0;
}
