/* Compliance cost (core/ccost.h): the activities' table, the measured
 * fields, the formula of Circular 02/2017 in whole đồng. Layer: core. */
#include "core/ccost.h"

#include <string.h>

const struct ccost_act_def ccost_activities[CCOST_NACT] = {
	[CCOST_PREPARE] = {"prepare", "Chuẩn bị hồ sơ", "Preparing the dossier", false, false},
	[CCOST_TRAVEL] = {"travel", "Đi lại đến nơi nộp hồ sơ", "Travelling to the desk", false,
			  true},
	[CCOST_WAIT] = {"wait", "Chờ đợi tại bộ phận một cửa", "Waiting at the desk", true, true},
	[CCOST_COUNTER] = {"counter", "Làm việc tại quầy", "At the counter", true, true},
	[CCOST_RESULT] = {"result", "Nhận kết quả tại bộ phận một cửa",
			  "Coming back for the result", false, true},
	[CCOST_SUPPLEMENT] = {"supplement", "Bổ sung, hoàn thiện hồ sơ",
			      "Supplementing the dossier", false, true},
};

int ccost_act_parse(const char *key)
{
	for (int i = 0; key && i < CCOST_NACT; i++)
		if (!strcmp(key, ccost_activities[i].key))
			return i;
	return -1;
}

/* n / d rounded half up, for n ≥ 0, d > 0. */
static int64_t div_half_up(int64_t n, int64_t d)
{
	return (n + d / 2) / d;
}

static int64_t clamp(int64_t v, int64_t hi)
{
	return v < 0 ? 0 : v > hi ? hi : v;
}

/* Occurrences per dossier, in thousandths. */
static int64_t per_dossier(int64_t n, int64_t dossiers)
{
	return clamp(div_half_up(n * 1000, dossiers), CCOST_MAX_TIMES_MILLI);
}

static void set_seconds(struct ccost_item *it, int64_t sum_ms, int64_t n)
{
	if (n <= 0)
		return;
	it->seconds = clamp(div_half_up(sum_ms, n * 1000), CCOST_MAX_SECONDS);
	it->seconds_measured = true;
}

static void set_times(struct ccost_item *it, int64_t n, int64_t dossiers)
{
	it->times_milli = per_dossier(n, dossiers);
	it->times_measured = true;
}

void ccost_fill(const struct ccost_measure *m, struct ccost_input *in)
{
	set_seconds(&in->act[CCOST_WAIT], m->wait_ms, m->waits);
	set_seconds(&in->act[CCOST_COUNTER], m->counter_ms, m->served);
	if (m->dossiers <= 0)
		return;
	set_times(&in->act[CCOST_WAIT], m->visits, m->dossiers);
	set_times(&in->act[CCOST_COUNTER], m->visits, m->dossiers);
	set_times(&in->act[CCOST_TRAVEL], m->visits + m->desk_returns + m->direct_supplements,
		  m->dossiers);
	set_times(&in->act[CCOST_RESULT], m->desk_returns, m->dossiers);
	set_times(&in->act[CCOST_SUPPLEMENT], m->supplements, m->dossiers);
	if (m->period_days > 0) {
		in->dossiers_per_year =
			clamp(div_half_up(m->dossiers * 365, m->period_days), CCOST_MAX_DOSSIERS);
		in->dossiers_measured = true;
	}
}

int64_t ccost_result_hours(const struct ccost_measure *m)
{
	if (m->results <= 0 || m->result_ms < 0)
		return -1;
	return div_half_up(m->result_ms / m->results, 3600000);
}

static bool in_range(int64_t v, int64_t hi)
{
	return v >= 0 && v <= hi;
}

static bool valid(const struct ccost_input *in)
{
	for (size_t i = 0; i < CCOST_NACT; i++)
		if (!in_range(in->act[i].seconds, CCOST_MAX_SECONDS) ||
		    !in_range(in->act[i].times_milli, CCOST_MAX_TIMES_MILLI))
			return false;
	return in_range(in->income_per_hour, CCOST_MAX_INCOME) &&
	       in_range(in->fees, CCOST_MAX_MONEY) && in_range(in->other, CCOST_MAX_MONEY) &&
	       in_range(in->dossiers_per_year, CCOST_MAX_DOSSIERS);
}

int ccost_compute(const struct ccost_input *in, struct ccost_result *out)
{
	memset(out, 0, sizeof *out);
	if (!valid(in))
		return CCOST_ERANGE;
	/* seconds × thousandths: at most 6 × 3.6e6 × 1e5 = 2.2e12; times the
	 * income (≤ 1e6) at most 2.2e18, inside int64. */
	int64_t sm = 0;
	for (size_t i = 0; i < CCOST_NACT; i++)
		sm += in->act[i].seconds * in->act[i].times_milli;
	out->seconds_once = div_half_up(sm, 1000);
	out->labour_once = div_half_up(sm * in->income_per_hour, INT64_C(3600) * 1000);
	out->cost_once = out->labour_once + in->fees + in->other;
	/* cost once ≤ 2.2e12·1e6/3.6e6 + 2e9 ≈ 6.1e11, times 1e7 dossiers ≈ 6.1e18. */
	out->cost_year = out->cost_once * in->dossiers_per_year;
	return CCOST_OK;
}

void ccost_apply(const struct ccost_input *before, const struct ccost_change *ch,
		 struct ccost_input *after)
{
	*after = *before;
	for (size_t i = 0; i < CCOST_NACT; i++) {
		if (ch->has_seconds[i]) {
			after->act[i].seconds = ch->seconds[i];
			after->act[i].seconds_measured = false;
		}
		if (ch->has_times[i]) {
			after->act[i].times_milli = ch->times_milli[i];
			after->act[i].times_measured = false;
		}
	}
	if (ch->has_fees)
		after->fees = ch->fees;
	if (ch->has_other)
		after->other = ch->other;
	if (ch->has_dossiers) {
		after->dossiers_per_year = ch->dossiers_per_year;
		after->dossiers_measured = false;
	}
}

void ccost_saving(int64_t before_year, int64_t after_year, int64_t *saving, int64_t *percent_bp,
		  bool *has_percent)
{
	*saving = before_year - after_year;
	*has_percent = before_year > 0;
	*percent_bp = 0;
	if (!*has_percent)
		return;
	/* |saving| × 10000 overflows past 9.2e14 đồng; long double keeps the
	 * 64-bit mantissa for the division, then half away from zero. */
	long double p = (long double)*saving * 10000.0L / (long double)before_year;
	*percent_bp = (int64_t)(p < 0 ? p - 0.5L : p + 0.5L);
}
