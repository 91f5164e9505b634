/* A request's budget of time. The HTTP server starts one for each request
 * it hands to a handler (`http.request_budget_ms`); code whose running time
 * an outsider's input can drive (parsing a presented PDF, decoding its
 * signature, inflating streams) asks budget_spent() in its loops and gives
 * up, so one request cannot hold a worker thread for longer than the budget
 * whatever it sends. The caller answers 503 REQUEST_BUDGET_SPENT.
 *
 * Layer: base. The budget is per thread (a request runs on one thread);
 * outside a request (command line, workers) there is none and
 * budget_spent() is always false.
 */
#ifndef MOTCUA_BASE_BUDGET_H
#define MOTCUA_BASE_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

/* Starts this thread's budget: ms milliseconds from now (<= 0: none). */
void budget_start(int64_t ms);
/* Ends this thread's budget. */
void budget_clear(void);
/* True once this thread's budget is used up. Cheap: a monotonic clock
 * read at most every 16 calls. */
bool budget_spent(void);

#endif
