/* An officer's own scorecard (issue 12): the indicators of the dossiers in
 * whose history they acted, the tickets they served and the ratings naming
 * them, for any officer about themself only (the scope is their user name,
 * never a parameter). svc_kpi_indicators() and svc_kpi_items() compute it,
 * the dashboard's own formula, without its unit check: the scope is the
 * actor. Layer: svc. */
#include <string.h>

#include "core/roles.h"
#include "svc/svc.h"

/* The officer scope of who, or FORBIDDEN for a citizen or nobody. */
static struct svc_result mine(const struct svc_actor *who, const char *from, const char *to,
			      struct svc_kpi_query *q)
{
	memset(q, 0, sizeof *q);
	if (!who || !who->username || !(who->roles & ROLES_STAFF))
		return svc_fail(ERR_FORBIDDEN, NULL, "an officer's own figures");
	q->officer = who->username;
	q->from = from;
	q->to = to;
	return svc_ok();
}

struct svc_result svc_kpi_mine(struct db *db, struct arena *a, const struct svc_actor *who,
			       const char *from, const char *to, struct svc_kpi_report *out)
{
	struct svc_kpi_query q;
	struct svc_result r = mine(who, from, to, &q);
	if (r.code != ERR_NONE)
		return r;
	return svc_kpi_indicators(db, a, NULL, &q, out);
}

struct svc_result svc_kpi_mine_items(struct db *db, struct arena *a, const struct svc_actor *who,
				     const char *from, const char *to, const char *key,
				     const struct svc_kpi_page *pg, struct svc_kpi_items *out)
{
	struct svc_kpi_query q;
	struct svc_result r = mine(who, from, to, &q);
	if (r.code != ERR_NONE)
		return r;
	return svc_kpi_items(db, a, NULL, &q, key, pg, out);
}
