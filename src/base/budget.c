/* Per-thread request budget: see budget.h. Layer: base. */
#include "base/budget.h"

#include "base/clock.h"

static _Thread_local int64_t end_ns; /* 0 = no budget */
static _Thread_local unsigned calls; /* clock reads are spaced out */
static _Thread_local bool spent;

void budget_start(int64_t ms)
{
	end_ns = ms > 0 ? clock_mono_ns() + ms * 1000000 : 0;
	calls = 0;
	spent = false;
}

void budget_clear(void)
{
	end_ns = 0;
	spent = false;
}

bool budget_spent(void)
{
	if (!end_ns)
		return false;
	if (spent)
		return true;
	if ((calls++ & 15) == 0 && clock_mono_ns() >= end_ns)
		spent = true;
	return spent;
}
