/* The judgement of one dossier for one period (core/kpi.h): excluded, new
 * or carried over, ended (how, early / on time / late) or open (overdue or
 * not), with the reason in Vietnamese and English. Layer: core (pure); the
 * due time comes from cal_due(). */
#include "core/kpi.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kpi_period_of(struct cal_date from, struct cal_date to, int64_t now_ms, struct kpi_period *out)
{
	if (!cal_date_valid(from) || !cal_date_valid(to))
		return CAL_EINVAL;
	int64_t a, b;
	int rc = cal_ms_from_local(from, 0, 0, &a);
	if (rc == 0)
		rc = cal_ms_from_local(to, 0, 0, &b);
	if (rc < 0)
		return rc;
	if (b < a)
		return CAL_EINVAL;
	out->from_ms = a;
	out->to_ms = b + CAL_MS_PER_DAY;
	out->now_ms = now_ms;
	return 0;
}

const char *kpi_end_name(enum kpi_end e)
{
	static const char *const names[] = {"", "result", "refused", "withdrawn", "stopped"};
	return (unsigned)e < sizeof names / sizeof names[0] ? names[e] : "";
}

const char *kpi_outcome_name(enum kpi_outcome o)
{
	static const char *const names[] = {"", "early", "on_time", "late", "not_due", "overdue"};
	return (unsigned)o < sizeof names / sizeof names[0] ? names[o] : "";
}

/* The size of when()'s text. */
#define WHEN 24

/* "12/03/2026 16:10", local time: with the year, since a period may end in
 * another year than its due times. */
static void when(int64_t ms, char out[WHEN])
{
	struct cal_local l = cal_local_from_ms(ms);
	snprintf(out, WHEN, "%02d/%02d/%04d %02d:%02d", l.date.day % 100, l.date.month % 100,
		 l.date.year % 10000, l.hour % 100, l.minute % 100);
}

static void say(struct kpi_judgement *j, const char *vi, const char *en)
{
	snprintf(j->reason_vi, sizeof j->reason_vi, "%s", vi);
	snprintf(j->reason_en, sizeof j->reason_en, "%s", en);
}

/* Vietnamese end kinds, for the reasons. */
static const char *end_vi(enum kpi_end e)
{
	switch (e) {
	case KPI_END_REFUSED:
		return "từ chối";
	case KPI_END_WITHDRAWN:
		return "rút hồ sơ";
	case KPI_END_STOPPED:
		return "dừng giải quyết";
	case KPI_END_RESULT:
	case KPI_END_NONE:
		break;
	}
	return "có kết quả";
}

static const char *end_en(enum kpi_end e)
{
	switch (e) {
	case KPI_END_REFUSED:
		return "refused";
	case KPI_END_WITHDRAWN:
		return "withdrawn";
	case KPI_END_STOPPED:
		return "stopped";
	case KPI_END_RESULT:
	case KPI_END_NONE:
		break;
	}
	return "result ready";
}

/* Excluded: never received, received after the period, ended before it.
 * True when h is excluded (and *j says why). */
static bool excluded(const struct kpi_history *h, const struct kpi_period *p,
		     struct kpi_judgement *j)
{
	char a[WHEN], vi[KPI_REASON_MAX], en[KPI_REASON_MAX];
	if (!h->received_at) {
		if (h->end == KPI_END_REFUSED)
			say(j, "loại trừ: từ chối tiếp nhận, chưa tiếp nhận",
			    "excluded: refused at receipt, never received");
		else
			say(j, "loại trừ: chưa được tiếp nhận", "excluded: not received");
		return true;
	}
	if (h->received_at >= p->to_ms) {
		when(h->received_at, a);
		snprintf(vi, sizeof vi, "loại trừ: tiếp nhận %s, sau kỳ", a);
		snprintf(en, sizeof en, "excluded: received after the period (%s)", a);
		say(j, vi, en);
		return true;
	}
	if (h->ended_at && h->ended_at < p->from_ms) {
		when(h->ended_at, a);
		snprintf(vi, sizeof vi, "loại trừ: kết thúc %s, trước kỳ", a);
		snprintf(en, sizeof en, "excluded: ended before the period (%s)", a);
		say(j, vi, en);
		return true;
	}
	return false;
}

/* The original due time with the pauses that began before `at`, each cut
 * at `at`; counts the supplement requests and says whether the clock is
 * paused at `at`. */
static int due_at(const struct kpi_history *h, int64_t at, struct kpi_judgement *j)
{
	enum { STACK = 16 };
	struct cal_pause stack[STACK] = {{0, 0}};
	struct cal_pause *cp = stack;
	if (h->npauses > STACK) {
		cp = malloc(h->npauses * sizeof *cp);
		if (!cp)
			return CAL_ENOMEM;
	}
	size_t n = 0;
	for (size_t i = 0; i < h->npauses; i++) {
		const struct kpi_pause *q = &h->pauses[i];
		if (q->from_at >= at)
			break;
		j->supplements += q->supplement;
		int64_t to = q->to_at && q->to_at < at ? q->to_at : at;
		if (!q->to_at || q->to_at >= at)
			j->waiting = true;
		if (to > q->from_at)
			cp[n++] = (struct cal_pause){q->from_at, to};
	}
	int rc = cal_due(h->cal, h->hours, h->received_at, h->limit, cp, n, &j->due_at);
	if (cp != stack)
		free(cp);
	return rc;
}

/* Appends to a reason (cut at its size). */
__attribute__((format(printf, 3, 4))) static void add(char *s, size_t n, const char *fmt, ...)
{
	size_t len = strnlen(s, n);
	va_list ap;
	va_start(ap, fmt);
	if (len + 1 < n)
		vsnprintf(s + len, n - len, fmt, ap);
	va_end(ap);
}

/* How an open dossier's reason begins, by j->outcome: "overdue: open at
 * the period's end", or when judged now (the period's end still to come)
 * "not yet due: open, not yet due (judged now 07/12 10:00)". */
static void open_as(struct kpi_judgement *j)
{
	bool due = j->outcome == KPI_OVERDUE;
	const char *w_vi = due ? "quá hạn" : "trong hạn", *w_en = due ? "overdue" : "not yet due";
	char t[WHEN];
	j->reason_vi[0] = j->reason_en[0] = 0;
	if (!j->judged_now) {
		add(j->reason_vi, KPI_REASON_MAX, "%s: đang giải quyết cuối kỳ", w_vi);
		add(j->reason_en, KPI_REASON_MAX, "%s: open at the period's end", w_en);
		return;
	}
	when(j->judged_at, t);
	add(j->reason_vi, KPI_REASON_MAX, "%s: đang giải quyết, %s (xét tại thời điểm hiện tại %s)",
	    w_vi, due ? "đã quá hạn" : "chưa đến hạn", t);
	add(j->reason_en, KPI_REASON_MAX, "%s: open, %s (judged now %s)", w_en,
	    due ? "past due" : "not yet due", t);
}

/* Late whatever the dates (DOMAIN.md 6): a second supplement request, or
 * an extension requested by the instant judged. True when late. The
 * reason of an open dossier says so ("overdue: open at the period's
 * end, …"), as judge_open()'s do: the drill-down tells ended from open. */
static bool counts_late(const struct kpi_history *h, struct kpi_judgement *j)
{
	char a[WHEN], d[WHEN];
	bool extended = h->extension_at && h->extension_at < j->judged_at;
	if (j->supplements <= 1 && !extended)
		return false;
	j->outcome = j->status == KPI_ENDED ? KPI_LATE : KPI_OVERDUE;
	if (j->status == KPI_ENDED) {
		say(j, "quá hạn: ", "late: ");
	} else {
		open_as(j);
		add(j->reason_vi, KPI_REASON_MAX, ", ");
		add(j->reason_en, KPI_REASON_MAX, ", ");
	}
	when(j->due_at, d);
	if (j->supplements > 1) {
		add(j->reason_vi, KPI_REASON_MAX,
		    "yêu cầu bổ sung %d lần (chỉ được một lần), hạn %s", j->supplements, d);
		add(j->reason_en, KPI_REASON_MAX, "%d supplement requests (at most one), due %s",
		    j->supplements, d);
	} else {
		when(h->extension_at, a);
		add(j->reason_vi, KPI_REASON_MAX, "xin gia hạn %s (Mẫu 04), hạn ban đầu %s", a, d);
		add(j->reason_en, KPI_REASON_MAX,
		    "extension requested %s (Form 04), original due %s", a, d);
	}
	return true;
}

/* Ended in the period: early / on time / late by date against the due time. */
static void judge_ended(const struct kpi_history *h, struct kpi_judgement *j)
{
	static const char *const word_vi[] = {"", "trước hạn", "đúng hạn", "quá hạn"};
	static const char *const word_en[] = {"", "early", "on time", "late"};
	static const char *const rel_vi[] = {"", "trước hạn", "trong ngày hẹn, hạn", "sau hạn"};
	static const char *const rel_en[] = {"", "before due", "on the due date, due", "after due"};
	char a[WHEN], d[WHEN];
	switch (cal_classify(h->ended_at, j->due_at)) {
	case CAL_EARLY:
		j->outcome = KPI_EARLY;
		break;
	case CAL_ON_TIME:
		j->outcome = KPI_ON_TIME;
		break;
	case CAL_LATE:
		j->outcome = KPI_LATE;
		break;
	}
	when(h->ended_at, a);
	when(j->due_at, d);
	const char *verb_en = h->end == KPI_END_RESULT ? "ended" : end_en(h->end);
	const char *verb_vi = h->end == KPI_END_RESULT ? "kết thúc" : end_vi(h->end);
	snprintf(j->reason_vi, sizeof j->reason_vi, "%s: %s %s %s %s", word_vi[j->outcome], verb_vi,
		 a, rel_vi[j->outcome], d);
	snprintf(j->reason_en, sizeof j->reason_en, "%s: %s %s %s %s", word_en[j->outcome], verb_en,
		 a, rel_en[j->outcome], d);
}

/* Open at the instant judged: overdue when it is past the due time. */
static void judge_open(struct kpi_judgement *j)
{
	char d[WHEN];
	when(j->due_at, d);
	j->outcome = cal_is_overdue(j->judged_at, j->due_at) ? KPI_OVERDUE : KPI_NOT_DUE;
	open_as(j);
	add(j->reason_vi, KPI_REASON_MAX, ", hạn %s%s", d, j->waiting ? "; đang tạm dừng" : "");
	add(j->reason_en, KPI_REASON_MAX, ", due %s%s", d, j->waiting ? "; clock paused" : "");
}

int kpi_judge(const struct kpi_history *h, const struct kpi_period *p, struct kpi_judgement *out)
{
	memset(out, 0, sizeof *out);
	if (excluded(h, p, out))
		return 0;
	bool ended = h->ended_at && h->ended_at < p->to_ms;
	out->received_in_period = h->received_at >= p->from_ms;
	out->carried_over = !out->received_in_period;
	/* The one place the instant judged is chosen: an open dossier at the
	 * earlier of the period's end and now, never at a moment to come. */
	out->judged_now = !ended && p->now_ms > 0 && p->now_ms < p->to_ms;
	out->judged_at = ended ? h->ended_at : out->judged_now ? p->now_ms : p->to_ms;
	out->status = ended ? KPI_ENDED : KPI_OPEN;
	out->end = ended ? h->end : KPI_END_NONE;
	int rc = due_at(h, out->judged_at, out);
	if (rc < 0) {
		char vi[KPI_REASON_MAX], en[KPI_REASON_MAX];
		snprintf(vi, sizeof vi, "loại trừ: không tính được hạn (%s)", cal_strerror(rc));
		snprintf(en, sizeof en, "excluded: the due time cannot be computed (%s)",
			 cal_strerror(rc));
		memset(out, 0, sizeof *out);
		say(out, vi, en);
		return rc;
	}
	if (ended)
		out->waiting = false;
	if (!counts_late(h, out)) {
		if (ended)
			judge_ended(h, out);
		else
			judge_open(out);
	}
	out->on_time = out->outcome == KPI_EARLY || out->outcome == KPI_ON_TIME ||
		       out->outcome == KPI_NOT_DUE;
	return 0;
}

/* Office time of [from, to) less the office time of the pauses inside it. */
static int office_less_pauses(const struct kpi_history *h, int64_t from, int64_t to, int64_t *out)
{
	int64_t total = 0;
	int rc = cal_office_time_between(h->cal, h->hours, from, to, &total);
	for (size_t i = 0; rc == 0 && i < h->npauses; i++) {
		int64_t a = h->pauses[i].from_at > from ? h->pauses[i].from_at : from;
		int64_t b = h->pauses[i].to_at && h->pauses[i].to_at < to ? h->pauses[i].to_at : to;
		int64_t paused = 0;
		if (b > a)
			rc = cal_office_time_between(h->cal, h->hours, a, b, &paused);
		total -= paused;
	}
	*out = total > 0 ? total : 0;
	return rc;
}

int kpi_office_times(const struct kpi_history *h, const struct kpi_judgement *j, int64_t *used,
		     int64_t *allowed)
{
	*used = *allowed = 0;
	if (j->status == KPI_EXCLUDED || !j->due_at)
		return 0;
	int rc = office_less_pauses(h, h->received_at, j->judged_at, used);
	if (rc == 0)
		rc = office_less_pauses(h, h->received_at, j->due_at, allowed);
	return rc;
}
