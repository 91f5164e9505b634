/* The transition table of a feedback item and the pure function that
 * applies it: see feedback.h. Layer: core.
 *
 * The table says who may do what from where and which deadline judges it;
 * the few rules a row cannot express (information asked once a round, no
 * publication of a private item, one rating per answer, a category before
 * the assignment) are checked in fb_apply() right after the row. */
#include "core/feedback.h"

#include <string.h>

#include "core/roles.h"

#define S(x) (1u << FB_##x)
#define O    ROLE_OFFICE
#define R    ROLE_RECEIVER
#define P    ROLE_SPECIALIST
#define H    ROLE_HEAD
#define L    ROLE_LEADER
#define SND  FB_SENDER

const int fb_deadline_days[5] = {0, 2, 5, 15, 2};

/* clang-format off */
static const struct fb_action_def rows[FB_NACTIONS] = {
	/* action, from-states, roles, to, note, needs, deadline, unit-bound */
	{FB_SUBMIT, S(NONE), SND, FB_RECEIVED, false, 0, FB_DL_NONE, false},
	{FB_RECORD, S(NONE), R | O, FB_RECEIVED, false, 0, FB_DL_NONE, false},
	{FB_CLASSIFY, S(RECEIVED) | S(AWAITING_INFO), O, -1, false, FB_NEED_CATEGORY, FB_DL_NONE, false},
	{FB_REFUSE, S(RECEIVED) | S(AWAITING_INFO), O, FB_REFUSED, true, 0, FB_DL_REFUSE, false},
	{FB_REQUEST_INFO, S(RECEIVED), O, FB_AWAITING_INFO, true, 0, FB_DL_INFO, false},
	{FB_REPLY, S(AWAITING_INFO), SND, FB_RECEIVED, true, 0, FB_DL_NONE, false},
	{FB_ASSIGN, S(RECEIVED), O, FB_ASSIGNED, false, FB_NEED_UNIT, FB_DL_NONE, false},
	{FB_DRAFT, S(ASSIGNED) | S(DRAFTED), P | H, FB_DRAFTED, false, FB_NEED_ANSWER, FB_DL_NONE, true},
	{FB_SEND_BACK, S(DRAFTED), L, FB_ASSIGNED, true, 0, FB_DL_NONE, false},
	{FB_APPROVE, S(DRAFTED), L, FB_ANSWERED, false, 0, FB_DL_ANSWER, false},
	{FB_PUBLISH, S(ANSWERED), O, FB_PUBLISHED, false, 0, FB_DL_PUBLISH, false},
	{FB_RATE, S(ANSWERED) | S(PUBLISHED), SND, -1, false, FB_NEED_RATING, FB_DL_NONE, false},
	{FB_RERAISE, S(ANSWERED) | S(PUBLISHED) | S(REFUSED), SND, FB_RECEIVED, true, 0, FB_DL_NONE, false},
	{FB_REASSIGN, S(ASSIGNED) | S(DRAFTED), O, FB_ASSIGNED, false, FB_NEED_UNIT, FB_DL_NONE, false},
	{FB_HAND_BACK, S(ASSIGNED) | S(DRAFTED), P | H, FB_RECEIVED, true, 0, FB_DL_NONE, true},
	{FB_MARK_PERSONAL, S(RECEIVED) | S(AWAITING_INFO) | S(ASSIGNED) | S(DRAFTED) | S(ANSWERED), O, -1, false, FB_NEED_PERSONAL, FB_DL_NONE, false},
	{FB_CONFIRM_DOSSIER, S(RECEIVED) | S(AWAITING_INFO) | S(ASSIGNED) | S(DRAFTED) | S(ANSWERED) | S(PUBLISHED) | S(REFUSED), O, -1, false, 0, FB_DL_NONE, false},
};
/* clang-format on */

static const char *const state_names[FB_NSTATES] = {
	"none",	   "received", "awaiting_info", "assigned",
	"drafted", "answered", "published",	"refused",
};
static const char *const state_vi[FB_NSTATES] = {
	"",
	"Đã tiếp nhận",
	"Chờ bổ sung thông tin",
	"Đã chuyển đơn vị xử lý",
	"Đã dự thảo trả lời",
	"Đã trả lời",
	"Đã công khai",
	"Từ chối tiếp nhận",
};
static const char *const state_en[FB_NSTATES] = {
	"",
	"Received",
	"Awaiting information",
	"Assigned to a unit",
	"Answer drafted",
	"Answered",
	"Published",
	"Refused",
};
static const char *const action_names[FB_NACTIONS] = {
	"submit",	   "record",   "classify",  "refuse",
	"request_info",	   "reply",    "assign",    "draft",
	"send_back",	   "approve",  "publish",   "rate",
	"reraise",	   "reassign", "hand_back", "mark_personal_data",
	"confirm_dossier",
};

const struct fb_action_def *fb_action_def(enum fb_action a)
{
	return (int)a >= 0 && a < FB_NACTIONS ? &rows[a] : NULL;
}

int fb_apply(const struct fb_item *it, enum fb_action a, unsigned roles, bool category_given,
	     struct fb_outcome *out)
{
	const struct fb_action_def *r = fb_action_def(a);
	if (!r || (int)it->state < 0 || it->state >= FB_NSTATES || !(r->states & (1u << it->state)))
		return FB_E_STATE;
	if (!(r->roles & roles))
		return FB_E_ROLE;
	if (a == FB_REQUEST_INFO && it->info_requested)
		return FB_E_INFO_TWICE;
	if (a == FB_PUBLISH && !it->publishable)
		return FB_E_PRIVATE;
	if (a == FB_RATE && it->rated)
		return FB_E_RATED;
	if (a == FB_CONFIRM_DOSSIER && !it->link_unconfirmed)
		return FB_E_NO_LINK;
	if (a == FB_ASSIGN && !category_given) {
		if (it->out_of_scope)
			return FB_E_OUT_OF_SCOPE;
		if (!it->has_category)
			return FB_E_NO_CATEGORY;
	}
	memset(out, 0, sizeof *out);
	out->def = r;
	out->to = r->to < 0 ? it->state : (enum fb_state)r->to;
	out->pauses = a == FB_REQUEST_INFO;
	out->resumes = a == FB_REPLY;
	out->new_round = a == FB_RERAISE;
	out->sends = a == FB_APPROVE;
	out->deadline = r->deadline;
	return FB_OK;
}

const char *fb_state_name(enum fb_state s)
{
	return (int)s >= 0 && s < FB_NSTATES ? state_names[s] : NULL;
}

int fb_state_parse(const char *name)
{
	for (int i = 1; name && i < FB_NSTATES; i++)
		if (!strcmp(name, state_names[i]))
			return i;
	return -1;
}

const char *fb_action_name(enum fb_action a)
{
	return (int)a >= 0 && a < FB_NACTIONS ? action_names[a] : NULL;
}

int fb_action_parse(const char *name)
{
	for (int i = 0; name && i < FB_NACTIONS; i++)
		if (!strcmp(name, action_names[i]))
			return i;
	return -1;
}

const char *fb_state_label_vi(enum fb_state s)
{
	return (int)s >= 0 && s < FB_NSTATES ? state_vi[s] : "";
}

const char *fb_state_label_en(enum fb_state s)
{
	return (int)s >= 0 && s < FB_NSTATES ? state_en[s] : "";
}

const char *fb_error_text(int err)
{
	switch (err) {
	case FB_E_STATE:
		return "not allowed in the item's state";
	case FB_E_ROLE:
		return "your role may not take this action";
	case FB_E_INFO_TWICE:
		return "more information was already asked for once";
	case FB_E_PRIVATE:
		return "the sender asked for privacy or the item holds personal data";
	case FB_E_RATED:
		return "this answer was already rated";
	case FB_E_NO_CATEGORY:
		return "classify the item first (regulation or conduct)";
	case FB_E_NO_LINK:
		return "the item names no dossier, or its link counts already";
	case FB_E_OUT_OF_SCOPE:
		return "the item is classified out of scope: refuse it or classify it again";
	default:
		return "";
	}
}

bool fb_category_valid(const char *s)
{
	return s &&
	       (!strcmp(s, "regulation") || !strcmp(s, "conduct") || !strcmp(s, "out_of_scope"));
}

bool fb_channel_valid(const char *s)
{
	static const char *const ch[] = {"online", "phone", "letter", "in_person", "email"};
	for (size_t i = 0; s && i < sizeof ch / sizeof ch[0]; i++)
		if (!strcmp(s, ch[i]))
			return true;
	return false;
}
