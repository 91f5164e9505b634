/* The dossiers the monitoring counts (issue 12): those a unit and the
 * units under it process, received before a period's end and not ended
 * before its start, with their clock pauses. Layer: repo. */
#ifndef MOTCUA_REPO_REPO_MONITOR_H
#define MOTCUA_REPO_REPO_MONITOR_H

#include "model/monitor.h"
#include "repo/repo.h"

/* Dossiers processed by unit_id or a unit below it (unit_id 0: every
 * unit), received before to_ms and not ended before from_ms, by id, at
 * most limit (strings and pauses from a). Returns DB_OK or a negative DB
 * status. */
int repo_monitor_dossiers(struct db *db, struct arena *a, int64_t unit_id, int64_t from_ms,
			  int64_t to_ms, int64_t limit, struct monitor_dossier **out, size_t *n)
	__attribute__((warn_unused_result));

#endif
