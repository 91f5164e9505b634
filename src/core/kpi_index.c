/* The indicators of Decision 766 and the plan's targets (core/kpi_index.h):
 * their definitions, who is counted and why, and the points under a rule
 * set. Layer: core (pure). */
#include "core/kpi_index.h"

#include <stdio.h>
#include <string.h>

#define P  KPI_SUBJ_PROCEDURE
#define D  KPI_SUBJ_DOSSIER
#define T  KPI_SUBJ_TICKET
#define R  KPI_SUBJ_RATING
#define N  KPI_SUBJ_NONE
#define F  KPI_SUBJ_FEEDBACK
#define GE KPI_AT_LEAST
#define LE KPI_AT_MOST

/* clang-format off */
const struct kpi_def kpi_defs[] = {
	{"766.1.1", "766.1", "Thủ tục hành chính được công bố đúng hạn",
	 "Procedures announced on time", GE, P, false, NULL},
	{"766.1.2", "766.1", "Thủ tục hành chính được công khai đúng hạn",
	 "Procedures published on time", GE, P, false, NULL},
	{"766.1.3", "766.1", "Thủ tục hành chính được công khai đầy đủ",
	 "Procedures published completely", GE, P, false, NULL},
	{"766.1.4", "766.1", "Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia",
	 "Dossiers synchronised to the national portal", GE, N, false, NULL},
	{"766.2.1", "766.2", "Hồ sơ được giải quyết đúng hạn",
	 "Dossiers handled on time", GE, D, false, NULL},
	{"766.2.2", "766.2", "Thời gian giải quyết trung bình",
	 "Average processing time", LE, D, true, "working_days"},
	{"766.3.1", "766.3", "Thủ tục hành chính cung cấp dịch vụ công trực tuyến",
	 "Procedures offered online", GE, P, false, NULL},
	{"766.3.2", "766.3", "Dịch vụ công trực tuyến có phát sinh hồ sơ",
	 "Online services that received a dossier", GE, P, false, NULL},
	{"766.3.3", "766.3", "Hồ sơ trực tuyến", "Online dossiers", GE, D, false, NULL},
	{"766.3.5", "766.3", "Thủ tục có phí, lệ phí thanh toán trực tuyến",
	 "Fee-bearing procedures payable online", GE, P, false, NULL},
	{"766.3.6", "766.3", "Hồ sơ có phí, lệ phí được thanh toán trực tuyến",
	 "Fee-bearing dossiers paid online", GE, D, false, NULL},
	{"766.4.1", "766.4", "Hồ sơ có kết quả điện tử",
	 "Dossiers with an electronic result", GE, D, false, NULL},
	{"766.4.2", "766.4", "Hồ sơ được số hóa", "Dossiers digitized", GE, D, false, NULL},
	{"766.4.3", "766.4", "Hồ sơ sử dụng lại dữ liệu số hóa",
	 "Dossiers reusing digitized data", GE, D, false, NULL},
	{"766.4.4", "766.4", "Hồ sơ kết nối kho dữ liệu của tổ chức, cá nhân",
	 "Dossiers linked to the applicant's data store", GE, D, false, NULL},
	{"766.5.1", "766.5", "Phản ánh, kiến nghị về quy định hành chính (theo phân loại)",
	 "Feedback on regulations (by category)", GE, F, false, NULL},
	{"766.5.2", "766.5", "Phản ánh, kiến nghị được xử lý đúng hạn",
	 "Feedback handled on time", GE, F, false, NULL},
	{"766.5.3", "766.5", "Mức độ hài lòng về xử lý phản ánh, kiến nghị",
	 "Satisfaction with feedback handling", GE, F, false, NULL},
	{"766.5.4", "766.5", "Mức độ hài lòng trong giải quyết thủ tục hành chính",
	 "Satisfaction in handling", GE, D, false, NULL},
	{"plan.online_share", NULL, "Tỷ lệ hồ sơ trực tuyến", "Online share", GE, D, false, NULL},
	{"plan.electronic_routing", NULL, "Hồ sơ luân chuyển điện tử",
	 "Dossiers routed electronically", GE, D, false, NULL},
	{"plan.resolved_digitized", NULL, "Hồ sơ giải quyết xong được số hóa",
	 "Resolved dossiers digitized", GE, D, false, NULL},
	{"plan.results_digitized", NULL, "Kết quả giải quyết được số hóa",
	 "Results digitized", GE, D, false, NULL},
	{"plan.no_resubmission", NULL, "Không phải cung cấp lại giấy tờ đã được chấp nhận",
	 "No accepted paper provided again", GE, D, false, NULL},
	{"plan.wait_minutes", NULL, "Thời gian chờ trung bình", "Average waiting time",
	 LE, T, true, "minutes"},
	{"plan.desk_minutes", NULL, "Thời gian tiếp nhận tại quầy trung bình",
	 "Average time at the counter", LE, T, true, "minutes"},
	{"plan.on_time", NULL, "Không có hồ sơ trễ hạn", "No dossier late", GE, D, false, NULL},
	{"plan.satisfaction", NULL, "Tỷ lệ hài lòng", "Satisfaction", GE, R, false, NULL},
};
/* clang-format on */
const size_t kpi_ndefs = sizeof kpi_defs / sizeof kpi_defs[0];

const struct kpi_group_def kpi_groups[] = {
	{"766.1", 18}, {"766.2", 20}, {"766.3", 22}, {"766.4", 22}, {"766.5", 18},
};
const size_t kpi_ngroups = sizeof kpi_groups / sizeof kpi_groups[0];

const struct kpi_def *kpi_def_find(const char *key)
{
	for (size_t i = 0; key && i < kpi_ndefs; i++)
		if (!strcmp(kpi_defs[i].key, key))
			return &kpi_defs[i];
	return NULL;
}

const struct kpi_rule *kpi_rule_find(const struct kpi_rule_set *rs, const char *key)
{
	for (size_t i = 0; rs && i < rs->nrules; i++)
		if (!strcmp(rs->rules[i].key, key))
			return &rs->rules[i];
	return NULL;
}

const char *kpi_rules_check(const struct kpi_rule_set *rs, const char **bad_key)
{
	const char *dummy;
	bad_key = bad_key ? bad_key : &dummy;
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct kpi_rule *r = &rs->rules[i];
		*bad_key = r->key;
		if (!kpi_def_find(r->key))
			return "unknown indicator";
		if (!(r->max_points >= 0 && r->max_points <= 100))
			return "points must be between 0 and 100";
		if (r->has_threshold && kpi_def_find(r->key)->average &&
		    !(r->threshold > 0 && r->threshold <= 100000))
			return "the threshold must be above 0 and at most 100000";
		if (r->has_threshold && !kpi_def_find(r->key)->average &&
		    !(r->threshold > 0 && r->threshold <= 1))
			return "the threshold of a share must be above 0 and at most 1";
		if (!kpi_def_find(r->key)->group && r->max_points != 0)
			return "the plan's targets carry no points";
	}
	for (size_t g = 0; g < kpi_ngroups; g++) {
		double sum = 0;
		for (size_t i = 0; i < rs->nrules; i++) {
			const char *grp = kpi_def_find(rs->rules[i].key)->group;
			if (grp && !strcmp(grp, kpi_groups[g].key))
				sum += rs->rules[i].max_points;
		}
		*bad_key = kpi_groups[g].key;
		if (sum < kpi_groups[g].max_points - 0.005 ||
		    sum > kpi_groups[g].max_points + 0.005)
			return "the points of the group do not add up to its national points";
	}
	*bad_key = NULL;
	return NULL;
}

/* ---------------------------------------------------------------- members */

static bool in_period(int64_t t, const struct kpi_period *p)
{
	return t && t >= p->from_ms && t < p->to_ms;
}

/* "09/03/2026". */
static void day_of(int64_t ms, char out[16])
{
	struct cal_local l = cal_local_from_ms(ms);
	snprintf(out, 16, "%02d/%02d/%04d", l.date.day % 100, l.date.month % 100,
		 l.date.year % 10000);
}

/* x with `decimals` decimals, with a decimal comma (Vietnamese text). */
static const char *comma(char out[32], double x, int decimals)
{
	snprintf(out, 32, "%.*f", decimals, x);
	char *dot = strchr(out, '.');
	if (dot)
		*dot = ',';
	return out;
}

static void say(struct kpi_member *m, bool in_num, const char *vi, const char *en)
{
	m->in_numerator = m->in_denominator && in_num;
	snprintf(m->reason_vi, sizeof m->reason_vi, "%s", vi);
	snprintf(m->reason_en, sizeof m->reason_en, "%s", en);
}

void kpi_member_procedure(const struct kpi_def *def, const struct kpi_procedure *p,
			  const struct kpi_period *per, struct kpi_member *m)
{
	char a[16] = "", b[16] = "", vi[KPI_REASON_MAX], en[KPI_REASON_MAX];
	memset(m, 0, sizeof *m);
	m->in_denominator = true;
	const char *k = def->key + 4; /* after "766." */
	if (!strcmp(k, "1.1") || !strcmp(k, "1.2")) {
		m->in_denominator = in_period(p->decision_at, per);
		if (!m->in_denominator) {
			say(m, false, "loại trừ: không công bố trong kỳ",
			    "excluded: not announced in the period");
			return;
		}
		day_of(p->decision_at, a);
		bool ok = k[2] == '1' ? p->decision_at <= p->effective_at
				      : p->public_at && p->public_at <= p->public_due_at;
		day_of(k[2] == '1' ? p->effective_at : p->public_at, b);
		snprintf(vi, sizeof vi, "%s: công bố %s, %s %s", ok ? "đúng hạn" : "không đúng hạn",
			 a, k[2] == '1' ? "hiệu lực" : "công khai",
			 p->public_at || k[2] == '1' ? b : "—");
		snprintf(en, sizeof en, "%s: announced %s, %s %s", ok ? "on time" : "not on time",
			 a, k[2] == '1' ? "in force" : "published",
			 p->public_at || k[2] == '1' ? b : "—");
		say(m, ok, vi, en);
	} else if (!strcmp(k, "1.3")) {
		snprintf(vi, sizeof vi, "%s", p->complete ? "đầy đủ" : "thiếu: ");
		snprintf(en, sizeof en, "%s", p->complete ? "complete" : "missing: ");
		if (!p->complete) {
			snprintf(vi + strlen(vi), sizeof vi - strlen(vi), "%s", p->missing_vi);
			snprintf(en + strlen(en), sizeof en - strlen(en), "%s", p->missing_en);
		}
		say(m, p->complete, vi, en);
	} else if (!strcmp(k, "3.1")) {
		say(m, p->online, p->online ? "cung cấp trực tuyến" : "không cung cấp trực tuyến",
		    p->online ? "offered online" : "not offered online");
	} else if (!strcmp(k, "3.5")) {
		/* Payable online: the fee was actually paid through the gateway
		 * in the period (the payments' events), not only announced. */
		m->in_denominator = p->has_fee;
		snprintf(vi, sizeof vi, "%lld lần thanh toán trực tuyến trong kỳ",
			 (long long)p->paid_online);
		snprintf(en, sizeof en, "%lld online payments in the period",
			 (long long)p->paid_online);
		if (!p->has_fee)
			say(m, false, "loại trừ: thủ tục không thu phí, lệ phí",
			    "excluded: the procedure has no fee");
		else
			say(m, p->paid_online > 0, vi, en);
	} else {
		m->in_denominator = p->online;
		snprintf(vi, sizeof vi, "%lld hồ sơ trực tuyến trong kỳ",
			 (long long)p->online_received);
		snprintf(en, sizeof en, "%lld online dossiers in the period",
			 (long long)p->online_received);
		if (!p->online)
			say(m, false, "loại trừ: không cung cấp trực tuyến",
			    "excluded: not offered online");
		else
			say(m, p->online_received > 0, vi, en);
	}
}

/* Keys counted over the dossiers received in the period. */
static bool received_in(const struct kpi_dossier *d, struct kpi_member *m)
{
	m->in_denominator = d->j.status != KPI_EXCLUDED && d->j.received_in_period;
	if (m->in_denominator)
		return true;
	if (d->j.status == KPI_EXCLUDED) {
		say(m, false, d->j.reason_vi, d->j.reason_en);
	} else {
		char a[16], vi[KPI_REASON_MAX], en[KPI_REASON_MAX];
		day_of(d->h->received_at, a);
		snprintf(vi, sizeof vi, "loại trừ: tiếp nhận %s, trước kỳ", a);
		snprintf(en, sizeof en, "excluded: received before the period (%s)", a);
		say(m, false, vi, en);
	}
	return false;
}

/* Keys counted over the results issued in the period. */
static bool result_in(const struct kpi_dossier *d, const struct kpi_period *per,
		      struct kpi_member *m)
{
	m->in_denominator = in_period(d->result_at, per);
	if (!m->in_denominator)
		say(m, false, "loại trừ: không có kết quả trong kỳ",
		    "excluded: no result issued in the period");
	return m->in_denominator;
}

static void member_channel(const struct kpi_dossier *d, struct kpi_member *m)
{
	const char *ch = d->h->channel ? d->h->channel : "";
	bool online = !strcmp(ch, "online");
	const char *vi = online		       ? "trực tuyến"
			 : !strcmp(ch, "post") ? "qua bưu chính"
					       : "trực tiếp";
	const char *en = online ? "online" : !strcmp(ch, "post") ? "by post" : "direct";
	say(m, online, vi, en);
}

static void member_digitized(const struct kpi_dossier *d, struct kpi_member *m)
{
	if (!d->components_electronic)
		say(m, false, "chưa số hóa: có thành phần bắt buộc chỉ bằng giấy",
		    "not digitized: a mandatory component is on paper only");
	else if (d->result_at && d->returns_document && !d->e_result)
		say(m, false, "chưa số hóa: kết quả không phải bản điện tử",
		    "not digitized: the result is not electronic");
	else
		say(m, true, "đã số hóa: mọi thành phần bắt buộc là bản điện tử",
		    "digitized: every mandatory component is electronic");
}

/* 766.2.2: office time used, in working days, against the limit. */
static void member_duration(const struct kpi_dossier *d, struct kpi_member *m)
{
	m->in_denominator = d->j.status == KPI_ENDED && d->j.end == KPI_END_RESULT;
	if (!m->in_denominator) {
		say(m, false, "loại trừ: không có kết quả trong kỳ",
		    "excluded: no result issued in the period");
		return;
	}
	char vi[KPI_REASON_MAX], en[KPI_REASON_MAX];
	m->value_ms = d->used_office_ms;
	m->value = (double)d->used_office_ms / (double)CAL_WORKING_DAY_MS;
	double limit = (double)d->allowed_office_ms / (double)CAL_WORKING_DAY_MS;
	char x[32], y[32];
	snprintf(vi, sizeof vi, "giải quyết trong %s ngày làm việc (thời hạn %s)",
		 comma(x, m->value, 2), comma(y, limit, 2));
	snprintf(en, sizeof en, "processed in %.2f working days (limit %.2f)", m->value, limit);
	say(m, true, vi, en);
}

/* 766.5.4: neither late nor disliked. */
static void member_satisfaction(const struct kpi_dossier *d, struct kpi_member *m)
{
	m->in_denominator = d->j.status != KPI_EXCLUDED;
	if (!d->j.on_time || !m->in_denominator)
		say(m, false, d->j.reason_vi, d->j.reason_en);
	else if (d->disliked)
		say(m, false, "không hài lòng: người dân đánh giá không hài lòng",
		    "dissatisfied: the applicant rated it dissatisfied");
	else if (d->feedback)
		say(m, false,
		    "có phản ánh, kiến nghị về hồ sơ (của người nộp, do bộ phận một cửa ghi nhận "
		    "hoặc Văn phòng đã xác nhận)",
		    "a feedback item about the dossier (sent by its applicant, recorded by the "
		    "desk "
		    "or confirmed by the Office)");
	else
		say(m, true, d->j.reason_vi, d->j.reason_en);
}

void kpi_member_dossier(const struct kpi_def *def, const struct kpi_dossier *d,
			const struct kpi_period *per, struct kpi_member *m)
{
	memset(m, 0, sizeof *m);
	const char *k = def->key;
	if (!strcmp(k, "766.2.1") || !strcmp(k, "plan.on_time")) {
		m->in_denominator = d->j.status != KPI_EXCLUDED;
		say(m, d->j.on_time, d->j.reason_vi, d->j.reason_en);
	} else if (!strcmp(k, "766.2.2")) {
		member_duration(d, m);
	} else if (!strcmp(k, "766.5.4")) {
		member_satisfaction(d, m);
	} else if (!strcmp(k, "766.3.3") || !strcmp(k, "plan.online_share")) {
		if (received_in(d, m))
			member_channel(d, m);
	} else if (!strcmp(k, "766.3.6")) {
		if (!received_in(d, m))
			return;
		m->in_denominator = d->fee_demanded;
		if (!d->fee_demanded)
			say(m, false, "loại trừ: không phải nộp phí, lệ phí",
			    "excluded: no fee demanded");
		else
			say(m, d->paid_online,
			    d->paid_online ? "đã thanh toán trực tuyến"
					   : "không thanh toán trực tuyến",
			    d->paid_online ? "paid online" : "not paid online");
	} else if (!strcmp(k, "766.4.2")) {
		if (received_in(d, m))
			member_digitized(d, m);
	} else if (!strcmp(k, "766.4.3")) {
		if (received_in(d, m))
			say(m, d->reused,
			    d->reused ? "có sử dụng lại dữ liệu số hóa" : "không sử dụng lại",
			    d->reused ? "reused: a component from the data store"
				      : "nothing reused");
	} else if (!strcmp(k, "766.4.4")) {
		if (received_in(d, m))
			say(m, d->linked_store,
			    d->linked_store ? "có trong kho dữ liệu" : "không có trong kho dữ liệu",
			    d->linked_store ? "in the applicant's data store"
					    : "not in the data store");
	} else if (!strcmp(k, "plan.no_resubmission")) {
		if (received_in(d, m))
			say(m, !d->resubmitted,
			    d->resubmitted ? "phải cung cấp lại giấy tờ đã có trong kho"
					   : "không phải cung cấp lại",
			    d->resubmitted ? "a paper already in the store was provided again"
					   : "nothing provided again");
	} else if (!strcmp(k, "plan.electronic_routing")) {
		m->in_denominator = in_period(d->handed_over_at, per);
		if (!m->in_denominator)
			say(m, false, "loại trừ: không chuyển trong kỳ",
			    "excluded: not handed over in the period");
		else
			say(m, d->components_electronic,
			    d->components_electronic ? "luân chuyển điện tử" : "có thành phần giấy",
			    d->components_electronic ? "routed electronically"
						     : "a component on paper only");
	} else if (!strcmp(k, "766.4.1") || !strcmp(k, "plan.results_digitized") ||
		   !strcmp(k, "plan.resolved_digitized")) {
		if (!result_in(d, per, m))
			return;
		if (k[0] == '7')
			m->in_denominator = d->returns_document;
		bool resolved = !strcmp(k, "plan.resolved_digitized");
		bool ok =
			d->e_result && (!resolved || (d->components_electronic && d->linked_store));
		say(m, ok, ok ? "kết quả điện tử" : "kết quả chưa số hóa đầy đủ",
		    ok ? "electronic result" : "result not fully digitized");
		if (!m->in_denominator)
			say(m, false, "loại trừ: thủ tục không trả giấy tờ",
			    "excluded: the procedure returns no document");
	}
}

void kpi_member_ticket(const struct kpi_def *def, const struct kpi_ticket *t,
		       const struct kpi_period *per, struct kpi_member *m)
{
	memset(m, 0, sizeof *m);
	bool wait = !strcmp(def->key, "plan.wait_minutes");
	int64_t from = wait ? t->issued_at : t->started_at;
	int64_t to = wait ? t->called_at : t->finished_at;
	m->in_denominator = from && in_period(to, per) && to >= from;
	if (!m->in_denominator) {
		say(m, false,
		    wait ? "loại trừ: không được gọi trong kỳ" : "loại trừ: không xong trong kỳ",
		    wait ? "excluded: not called in the period"
			 : "excluded: not finished in the period");
		return;
	}
	char vi[KPI_REASON_MAX], en[KPI_REASON_MAX];
	m->value_ms = to - from;
	m->value = (double)(to - from) / (double)CAL_MS_PER_MINUTE;
	char x[32];
	snprintf(vi, sizeof vi, "%s %s phút", wait ? "chờ" : "tại quầy", comma(x, m->value, 1));
	snprintf(en, sizeof en, "%s %.1f minutes", wait ? "waited" : "at the counter", m->value);
	say(m, true, vi, en);
}

void kpi_member_rating(const struct kpi_def *def, const struct kpi_rating *r,
		       const struct kpi_period *per, struct kpi_member *m)
{
	(void)def;
	memset(m, 0, sizeof *m);
	m->in_denominator = in_period(r->at, per);
	if (!m->in_denominator)
		say(m, false, "loại trừ: đánh giá ngoài kỳ", "excluded: rated outside the period");
	else
		say(m, r->satisfied, r->satisfied ? "hài lòng" : "chưa hài lòng",
		    r->satisfied ? "satisfied" : "not satisfied");
}

/* ------------------------------------------------------- feedback (issue 14) */

static bool feedback_on_time(const struct kpi_feedback *f, const struct kpi_period *per,
			     struct kpi_member *m)
{
	int64_t judge = per->now_ms && per->now_ms < per->to_ms ? per->now_ms : per->to_ms;
	if (f->late) {
		say(m, false, "trễ hạn: quá thời hạn ở một bước xử lý",
		    "late: a step missed its deadline");
		return false;
	}
	if (!f->ended_at && f->answer_due_at && f->answer_due_at < judge) {
		say(m, false, "trễ hạn: chưa trả lời, đã quá hạn", "late: unanswered and overdue");
		return false;
	}
	return true;
}

void kpi_member_feedback(const struct kpi_def *def, const struct kpi_feedback *f,
			 const struct kpi_period *per, struct kpi_member *m)
{
	memset(m, 0, sizeof *m);
	bool received = f->received_at >= per->from_ms && f->received_at < per->to_ms;
	bool ended = f->ended_at >= per->from_ms && f->ended_at < per->to_ms;
	m->in_denominator = received || ended;
	if (!m->in_denominator) {
		say(m, false, "loại trừ: ngoài kỳ", "excluded: outside the period");
		return;
	}
	const char *cat = f->category && *f->category ? f->category : "unclassified";
	if (!strcmp(def->key, "766.5.1")) {
		bool reg = !strcmp(cat, "regulation");
		char vi[KPI_REASON_MAX], en[KPI_REASON_MAX];
		snprintf(vi, sizeof vi, "phân loại: %s",
			 reg				? "quy định hành chính"
			 : !strcmp(cat, "conduct")	? "hành vi, việc giải quyết hồ sơ"
			 : !strcmp(cat, "out_of_scope") ? "không thuộc phạm vi"
							: "chưa phân loại");
		snprintf(en, sizeof en, "category: %s", cat);
		say(m, reg, vi, en);
		return;
	}
	if (!feedback_on_time(f, per, m))
		return;
	bool sat = !strcmp(def->key, "766.5.3");
	if (sat && f->dissatisfied)
		say(m, false, "người gửi không hài lòng", "the sender was not satisfied");
	else if (sat && f->reraised)
		say(m, false, "người gửi phản ánh lại", "the sender raised it again");
	else if (!f->ended_at) {
		/* Still being handled and not yet due: neither on time nor late. */
		m->in_denominator = false;
		say(m, false, "loại trừ: chưa đến hạn, đang xử lý",
		    "excluded: not yet due, still being handled");
	} else
		say(m, true, sat ? "đã trả lời đúng hạn, không bị phản ánh lại" : "đúng hạn",
		    sat ? "answered on time, not disliked nor raised again" : "on time");
}

/* ---------------------------------------------------------------- figures */

static double round_to(double x, double scale)
{
	double y = x * scale;
	return (double)(int64_t)(y < 0 ? y - 0.5 : y + 0.5) / scale;
}

void kpi_figure_fill(const struct kpi_def *def, const struct kpi_rule *rule, double numerator,
		     int64_t denominator, double avg_threshold, struct kpi_figure *f)
{
	memset(f, 0, sizeof *f);
	f->def = def;
	f->numerator = def->average ? round_to(numerator, 10000) : numerator;
	f->denominator = denominator;
	f->max_points = def->group && rule ? rule->max_points : 0;
	if (rule && rule->has_threshold) {
		f->has_threshold = true;
		f->threshold = rule->threshold;
	} else if (rule && avg_threshold > 0) {
		f->has_threshold = true;
		f->threshold = round_to(avg_threshold, 10000);
	}
	if (denominator <= 0)
		return;
	double rate = numerator / (double)denominator;
	f->has_rate = true;
	f->rate = round_to(rate, 10000);
	if (!f->has_threshold)
		return;
	double t = f->threshold;
	f->has_met = !def->group;
	f->met = def->dir == KPI_AT_LEAST ? rate >= t : rate <= t;
	double share = def->dir == KPI_AT_LEAST ? rate / t : rate > 0 ? t / rate : 1;
	f->points = round_to(f->max_points * (share < 1 ? share : 1), 100);
}

int64_t kpi_def_unit_ms(const struct kpi_def *def)
{
	if (!def->average || !def->unit)
		return 1;
	return !strcmp(def->unit, "working_days") ? CAL_WORKING_DAY_MS : CAL_MS_PER_MINUTE;
}

/* Sums the members of one indicator over the facts: counts, or for an
 * average its values in ms, and for 2.2 the office time allowed. */
static void sum_members(const struct kpi_def *def, const struct kpi_facts *fx,
			const struct kpi_period *per, struct kpi_sum *out)
{
	struct kpi_member m;
	memset(out, 0, sizeof *out);
	size_t n = def->subject == KPI_SUBJ_PROCEDURE  ? fx->nprocedures
		   : def->subject == KPI_SUBJ_DOSSIER  ? fx->ndossiers
		   : def->subject == KPI_SUBJ_TICKET   ? fx->ntickets
		   : def->subject == KPI_SUBJ_RATING   ? fx->nratings
		   : def->subject == KPI_SUBJ_FEEDBACK ? fx->nfeedback
						       : 0;
	for (size_t i = 0; i < n; i++) {
		if (def->subject == KPI_SUBJ_PROCEDURE)
			kpi_member_procedure(def, &fx->procedures[i], per, &m);
		else if (def->subject == KPI_SUBJ_DOSSIER)
			kpi_member_dossier(def, &fx->dossiers[i], per, &m);
		else if (def->subject == KPI_SUBJ_TICKET)
			kpi_member_ticket(def, &fx->tickets[i], per, &m);
		else if (def->subject == KPI_SUBJ_FEEDBACK)
			kpi_member_feedback(def, &fx->feedback[i], per, &m);
		else
			kpi_member_rating(def, &fx->ratings[i], per, &m);
		if (!m.in_denominator)
			continue;
		out->den++;
		out->num += def->average ? m.value_ms : m.in_numerator;
		if (def->subject == KPI_SUBJ_DOSSIER && def->average)
			out->allowed_ms += fx->dossiers[i].allowed_office_ms;
	}
}

void kpi_sum_facts(const struct kpi_facts *fx, const struct kpi_period *per, struct kpi_sums *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < kpi_ndefs && i < sizeof out->s / sizeof out->s[0]; i++)
		sum_members(&kpi_defs[i], fx, per, &out->s[i]);
}

void kpi_tally(const struct kpi_facts *fx, const struct kpi_period *per,
	       const struct kpi_rule_set *rs, struct kpi_result *out)
{
	struct kpi_sums sums;
	kpi_sum_facts(fx, per, &sums);
	kpi_tally_sums(&sums, rs, out);
}

void kpi_tally_sums(const struct kpi_sums *sums, const struct kpi_rule_set *rs,
		    struct kpi_result *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < kpi_ndefs && i < sizeof out->figures / sizeof out->figures[0]; i++) {
		const struct kpi_def *def = &kpi_defs[i];
		const struct kpi_sum *s = &sums->s[i];
		double unit = (double)kpi_def_unit_ms(def);
		double num = (double)s->num / unit;
		double avg =
			s->den ? (double)s->allowed_ms / (double)CAL_WORKING_DAY_MS / (double)s->den
			       : 0;
		kpi_figure_fill(def, kpi_rule_find(rs, def->key), num, s->den, avg,
				&out->figures[out->nfigures++]);
	}
	for (size_t g = 0; g < kpi_ngroups; g++) {
		struct kpi_group_figure *gf = &out->groups[g];
		gf->key = kpi_groups[g].key;
		gf->max_points_full = kpi_groups[g].max_points;
		for (size_t i = 0; i < out->nfigures; i++) {
			const struct kpi_figure *f = &out->figures[i];
			if (!f->def->group || strcmp(f->def->group, gf->key))
				continue;
			gf->points += f->points;
			if (f->has_rate) /* no data: out of the score, never 0 */
				gf->max_points += f->max_points;
		}
		gf->points = round_to(gf->points, 100);
		gf->max_points = round_to(gf->max_points, 100);
		out->points += gf->points;
		out->max_points += gf->max_points;
		out->max_points_full += gf->max_points_full;
	}
	out->points = round_to(out->points, 100);
	out->max_points = round_to(out->max_points, 100);
}

/* ------------------------------------------- evaluation (Circular 01/2018) */

void kpi_eval_dossier(const struct kpi_dossier *d, struct kpi_eval *out)
{
	for (size_t i = 0; i < 10; i++)
		out->score[i] = -1;
	if (d->j.status != KPI_ENDED)
		return;
	enum kpi_outcome o = d->j.outcome;
	out->score[1] = o == KPI_EARLY ? 2 : o == KPI_ON_TIME ? 1 : 0;
	if (d->steps_early + d->steps_on_time + d->steps_late > 0)
		out->score[2] = d->steps_late ? 0 : d->steps_on_time ? 1 : 2;
	out->score[3] = d->supplement_requests == 0 ? 2 : d->supplement_requests == 1 ? 1 : 0;
	out->score[4] = d->agencies_score >= 0 && d->agencies_score <= 2 ? d->agencies_score : -1;
	out->score[7] = d->complaint ? 0 : o == KPI_EARLY ? 2 : 1;
}

static const struct kpi_figure *figure_in(const struct kpi_result *r, const char *key)
{
	for (size_t i = 0; i < r->nfigures; i++)
		if (!strcmp(r->figures[i].def->key, key))
			return &r->figures[i];
	return NULL;
}

void kpi_eval_unit(const struct kpi_result *r, struct kpi_eval *out)
{
	for (size_t i = 0; i < 10; i++)
		out->score[i] = -1;
	const struct kpi_figure *pub = figure_in(r, "766.1.2"), *full = figure_in(r, "766.1.3");
	if (full && full->has_rate) {
		bool all = full->rate >= 1 && (!pub || !pub->has_rate || pub->rate >= 1);
		out->score[6] = all ? 2 : full->numerator > 0 ? 1 : 0;
	}
	const struct kpi_figure *procs = figure_in(r, "766.3.1"), *share = figure_in(r, "766.3.3"),
				*ontime = figure_in(r, "766.2.1");
	if (procs && share && ontime && procs->has_rate && share->has_rate) {
		bool none_late = ontime->numerator >= (double)ontime->denominator;
		if (procs->rate >= 0.2 && share->rate >= 0.3 && none_late)
			out->score[9] = 2;
		else
			out->score[9] =
				share->rate >= 0.15 && share->rate < 0.3 && none_late ? 1 : 0;
	}
	/* 8: none or 100 % on time 2, >= 90 % 1, else 0 (DOMAIN.md 7). */
	const struct kpi_figure *fb = figure_in(r, "766.5.2");
	if (fb)
		out->score[8] = !fb->has_rate || fb->rate >= 1 ? 2 : fb->rate >= 0.9 ? 1 : 0;
}

const struct kpi_eval_def kpi_eval_defs[10] = {
	{"", "", false},
	{"Tổng thời gian giải quyết so với quy định",
	 "Total processing time against the legal limit", true},
	{"Thời gian giải quyết của từng cơ quan so với quy định",
	 "Each unit's time against its share", true},
	{"Số lần liên hệ để hoàn thiện hồ sơ", "Contacts with the desk to complete the dossier",
	 true},
	{"Số cơ quan phải liên hệ", "Agencies the applicant had to contact", true},
	{"Tiếp nhận, thẩm định, trả kết quả tại Bộ phận một cửa",
	 "Receipt, appraisal and return at the desk", false},
	{"Công khai thủ tục hành chính", "Public disclosure of the procedure", false},
	{"Thái độ của cán bộ", "Officers' attitude", true},
	{"Tiếp nhận, xử lý phản ánh, kiến nghị", "Handling of feedback", false},
	{"Cung cấp dịch vụ công trực tuyến", "Online service", false},
};
