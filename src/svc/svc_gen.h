/* `motcua gen dossiers N`: realistic dossiers in bulk for benchmarks and
 * demonstrations (svc_gen.c). Layer: svc. */
#ifndef MOTCUA_SVC_SVC_GEN_H
#define MOTCUA_SVC_SVC_GEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "svc/svc.h"

/* Writes n dossiers of the published procedures (with steps), received at
 * unit_code (NULL: each procedure's first step's unit), `batch` to a
 * transaction, committed without waiting for the disk (db_bulk_commits());
 * seed 0 = the fixed default (the same dossiers every run on
 * the same data). Received evenly over the past year; about open_percent
 * (0 to 50) of them still open (in the inbox's states: in process, result
 * ready, just received, waiting for a supplement), and those are the
 * recent receipts: one received a days ago is open with probability
 * 1 - a / W, W = 2 x 365 days x open_percent / 100 (at 3 %, an agency's
 * usual share, W is 22 days). The finished ones: 93 % returned, the rest
 * refused, withdrawn or stopped. Their histories verify, their codes are
 * dense, and the worker's cursors move past their events (no mail about
 * them). With visits, each direct dossier (received or refused at the
 * desk) comes with its visit, when its desk has a queue service: a ticket
 * issued, called, served and finished (waits mostly 3 to 25 minutes, a
 * tail to an hour), the dossier linked to it; two visits in five rated,
 * and one returned dossier in three (levels mostly satisfied), through
 * links as the applicants rate; drawn from a stream of their own, so the
 * dossiers of a seed are the same either way. Prints progress lines to progress (may be NULL).
 * Returns 0, or -1 with a reason in err. */
int svc_gen_dossiers(struct db *db, int64_t n, const char *unit_code, uint64_t seed, int64_t batch,
		     int64_t open_percent, bool visits, FILE *progress, char *err, size_t errlen)
	__attribute__((warn_unused_result));

#endif
