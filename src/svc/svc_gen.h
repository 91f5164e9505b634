/* `motcua gen dossiers N`: realistic dossiers in bulk for benchmarks and
 * demonstrations (svc_gen.c). Layer: svc. */
#ifndef MOTCUA_SVC_SVC_GEN_H
#define MOTCUA_SVC_SVC_GEN_H

#include <stdint.h>
#include <stdio.h>

#include "svc/svc.h"

/* Writes n dossiers of the published procedures (with steps), received at
 * unit_code (NULL: each procedure's first step's unit), `batch` to a
 * transaction; seed 0 = the fixed default (the same dossiers every run on
 * the same data). About 70 % returned, 6 % with the result ready, 12 % in
 * process, 4 % just received, 3 % waiting for a supplement, the rest
 * refused, withdrawn or stopped; finished ones over the past year, open
 * ones received in the last days. Their histories verify, their codes are
 * dense, and the worker's cursors move past their events (no mail about
 * them). Prints progress lines to progress (may be NULL). Returns 0, or -1
 * with a reason in err. */
int svc_gen_dossiers(struct db *db, int64_t n, const char *unit_code, uint64_t seed, int64_t batch,
		     FILE *progress, char *err, size_t errlen) __attribute__((warn_unused_result));

#endif
