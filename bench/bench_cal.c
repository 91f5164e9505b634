/*
 * bench_cal.c — due-time computations per second on one core (issue 3,
 * target >= 5 million/s): a mix of working days, calendar days, working
 * hours and the same-day rule, a quarter of them with a pause, from start
 * instants spread over 2020–2029 with the official schedules' rules.
 * Inputs are generated before timing so only cal_due() is measured.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cal/cal.h"

#define N      1000000
#define ROUNDS 5

struct job {
	int64_t start;
	struct cal_limit limit;
	struct cal_pause pause;
	int npauses;
};

static uint64_t rng = 0x2545f4914f6cdd1du;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
	struct cal_calendar *cal;
	struct cal_hours *seasonal;
	if (cal_calendar_new(NULL, 0, 0, &cal) != 0 ||
	    cal_hours_parse(
		    "04-15..10-14=07:00-11:30,13:30-17:00;10-15..04-14=07:30-12:00,13:00-16:30",
		    &seasonal) != 0) {
		fputs("bench_cal: setup failed\n", stderr);
		return 1;
	}
	struct job *jobs = malloc(N * sizeof *jobs);
	if (!jobs)
		return 1;
	int64_t lo, hi;
	struct cal_date d0 = {2020, 1, 1}, d1 = {2030, 1, 1};
	if (cal_ms_from_local(d0, 0, 0, &lo) != 0 || cal_ms_from_local(d1, 0, 0, &hi) != 0)
		return 1;
	for (int i = 0; i < N; i++) {
		struct job *j = &jobs[i];
		j->start = lo + (int64_t)(rnd() % (uint64_t)(hi - lo));
		switch (i % 4) {
		case 0:
			j->limit = (struct cal_limit){CAL_WORKING_DAYS, (int32_t)(1 + rnd() % 30)};
			break;
		case 1:
			j->limit = (struct cal_limit){CAL_CALENDAR_DAYS, (int32_t)(1 + rnd() % 45)};
			break;
		case 2:
			j->limit = (struct cal_limit){CAL_WORKING_HOURS, (int32_t)(1 + rnd() % 40)};
			break;
		default:
			j->limit = (struct cal_limit){CAL_WORKING_DAYS, 0};
			break;
		}
		j->npauses = rnd() % 4 == 0;
		j->pause.from_ms = j->start + (int64_t)(rnd() % (5 * CAL_MS_PER_DAY));
		j->pause.to_ms = j->pause.from_ms + (int64_t)(rnd() % (15 * CAL_MS_PER_DAY));
	}

	const struct {
		const char *name;
		const struct cal_hours *hours;
	} runs[] = {{"default hours", cal_hours_default()}, {"seasonal hours", seasonal}};
	int64_t sink = 0;
	for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
		double best = 0;
		for (int round = 0; round < ROUNDS; round++) {
			double t0 = now_s();
			for (int i = 0; i < N; i++) {
				int64_t due;
				if (cal_due(cal, runs[r].hours, jobs[i].start, jobs[i].limit,
					    &jobs[i].pause, (size_t)jobs[i].npauses, &due) == 0)
					sink += due;
			}
			double rate = N / (now_s() - t0);
			if (rate > best)
				best = rate;
		}
		printf("cal_due, %s: %.2f million/s (mixed limits, 25%% with a pause, 2020-2029, "
		       "one core)\n",
		       runs[r].name, best / 1e6);
	}
	free(jobs);
	cal_hours_free(seasonal);
	cal_calendar_free(cal);
	return sink == 42; /* keep the results alive */
}
