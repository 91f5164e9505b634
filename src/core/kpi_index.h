/* Monitoring indicators (issue 12): Decision 766's index (DOMAIN.md 8) and
 * the plan's targets (DOMAIN.md 10), each a numerator, a denominator, a rate
 * (null when the denominator is 0: "no data", never 0 or 100 %), a
 * threshold and proportional points, under a versioned rule set.
 *
 * Layer: core (pure). The caller hands in plain facts (procedures, dossiers
 * with their kpi_judgement, tickets, ratings); kpi_member_*() says for one
 * fact and one indicator whether it is in the denominator and in the
 * numerator and why, and kpi_tally() adds the members up, so a figure and
 * its drill-down list come from the same decisions.
 *
 * Points (DOMAIN.md 8): an indicator "at least" earns max_points at its
 * threshold and rate × max / threshold below it; an indicator "at most"
 * (2.2, an average time) earns max_points at or under its threshold and
 * max × threshold / rate above it; no data earns 0. Group points are sums;
 * the total is out of 100 (max_points_full), but "no data" is never 0
 * (DOMAIN.md 8): a group's and the total's max_points are the points of
 * the indicators WITH data (a rate), so a score is out of what can be
 * measured; max_points_full keeps the national points (the group's, 100).
 */
#ifndef MOTCUA_CORE_KPI_INDEX_H
#define MOTCUA_CORE_KPI_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/kpi.h"

enum kpi_dir { KPI_AT_LEAST, KPI_AT_MOST };

/* What an indicator counts. */
enum kpi_subject {
	KPI_SUBJ_NONE,	    /* no data yet (feedback, national portal) */
	KPI_SUBJ_PROCEDURE, /* procedures of the catalogue */
	KPI_SUBJ_DOSSIER,
	KPI_SUBJ_TICKET,
	KPI_SUBJ_RATING,
	KPI_SUBJ_FEEDBACK, /* feedback items (issue 14) */
};

struct kpi_def {
	const char *key;   /* "766.2.1", "plan.online_share" */
	const char *group; /* "766.2"; NULL for the plan's targets */
	const char *name_vi, *name_en;
	enum kpi_dir dir;
	enum kpi_subject subject;
	bool average;	  /* rate = numerator / denominator in `unit`, not a share */
	const char *unit; /* "working_days", "minutes", or NULL for a share */
};

extern const struct kpi_def kpi_defs[];
extern const size_t kpi_ndefs;

/* The definition of key, or NULL. */
const struct kpi_def *kpi_def_find(const char *key);

/* Decision 766's five groups: key and national points. */
struct kpi_group_def {
	const char *key; /* "766.1" .. "766.5" */
	double max_points;
};
extern const struct kpi_group_def kpi_groups[];
extern const size_t kpi_ngroups;

/* One row of a rule set: the threshold (the plan's target for plan.*) and
 * the points of an indicator. has_threshold false: no fixed threshold
 * (2.2: the mean legal limit of the dossiers counted; plan.desk_minutes:
 * no baseline recorded). */
struct kpi_rule {
	const char *key;
	bool has_threshold;
	double threshold;
	double max_points;
};

struct kpi_rule_set {
	const char *name; /* "766-2022" */
	int64_t effective_from;
	const struct kpi_rule *rules;
	size_t nrules;
};

/* The rule of key in rs, or NULL. */
const struct kpi_rule *kpi_rule_find(const struct kpi_rule_set *rs, const char *key);

/* Checks a rule set: every key known, points >= 0, thresholds > 0, the
 * points of each 766 group summing to its national points (± 0.005).
 * Returns NULL when valid, else a static English message naming the key or
 * the group (written to *bad_key when not NULL). */
const char *kpi_rules_check(const struct kpi_rule_set *rs, const char **bad_key);

/* ---------------------------------------------------------------- facts */

/* A procedure version in force, as the catalogue describes it. */
struct kpi_procedure {
	const char *ref; /* procedure code */
	bool complete;	 /* name, steps, method, components and sets, limit, subjects, agency */
	const char *missing_en, *missing_vi; /* what 1.3 misses, when not complete */
	bool online;			     /* offered online (full or partial) */
	int64_t online_received;	     /* online dossiers received in the period */
	int64_t decision_at;		     /* announcing decision's date; 0 = unknown */
	int64_t effective_at;		     /* the procedure takes effect */
	int64_t public_at;		     /* published (public disclosure); 0 = not yet */
	int64_t public_due_at;		     /* decision + 5 working days (cal_due), 0 = unknown */
	bool has_fee;			     /* a confirmed fee above 0 (3.5's denominator) */
	int64_t paid_online;		     /* its online payments paid in the period (3.5) */
};

/* A dossier: its history, its judgement for the period, and what the
 * digitization and satisfaction indicators read. */
struct kpi_dossier {
	const struct kpi_history *h;
	struct kpi_judgement j;
	bool returns_document;	    /* the procedure returns a document */
	bool components_electronic; /* every mandatory component uploaded, digitized, reused or
				       exempt */
	bool reused;		    /* at least one component reused from the store */
	bool linked_store;	    /* its documents are in the owner's data store */
	bool resubmitted;	/* a component provided again while a valid one was in the store */
	bool e_result;		/* an electronic (signed or scanned) result */
	int64_t result_at;	/* result_ready; 0 = none */
	int64_t handed_over_at; /* first hand-over after receipt; 0 = none */
	bool disliked;		/* its current rating is "không hài lòng" or worse */
	int64_t used_office_ms; /* office time from receipt to the end, pauses excluded */
	int64_t allowed_office_ms; /* office time from receipt to the due time, pauses excluded */
	/* For the evaluation of Circular 01/2018 (kpi_eval_dossier). */
	int steps_early, steps_on_time, steps_late; /* hand-overs against each step's due time */
	int supplement_requests;		    /* Form 02, at receipt or during processing */
	int agencies_score;			    /* the applicant's answer, 0..2; -1 none */
	bool complaint;				    /* the applicant's rating names a complaint */
	bool feedback; /* a feedback item on this dossier, not out of scope (766.5.4) */
	/* Payments (3.6), from the history: a payment_demanded event, and a
	 * payment_paid event whose method is online. */
	bool fee_demanded, paid_online;
};

struct kpi_ticket {
	const char *ref; /* ticket number and day, "A012 2026-03-09" */
	int64_t issued_at, called_at, started_at, finished_at; /* 0 = not yet */
};

/* A feedback item (issue 14), as its row sums up its history. */
struct kpi_feedback {
	const char *ref;      /* its code */
	const char *category; /* regulation, conduct, out_of_scope, "" */
	int64_t received_at;  /* the start of its current round */
	int64_t ended_at;     /* answered or refused (the current round); 0 = open */
	int64_t answer_due_at;
	bool late;	   /* a deadline of it was missed (its events say which) */
	bool dissatisfied; /* the sender rated an answer "not satisfied" */
	bool reraised;	   /* the sender raised it again */
};

struct kpi_rating {
	const char *ref; /* "rating 42" */
	int64_t at;
	int level; /* 1..5 */
	bool satisfied;
};

/* Whether one fact is in an indicator's denominator and numerator, the
 * value it adds to the numerator of an average, and why (vi and en). */
struct kpi_member {
	bool in_denominator, in_numerator;
	double value;
	int64_t value_ms; /* an average's value in ms (office time, minutes waited): what is summed
			   */
	char reason_vi[KPI_REASON_MAX], reason_en[KPI_REASON_MAX];
};

/* The member decisions. def->subject must match the function. */
void kpi_member_procedure(const struct kpi_def *def, const struct kpi_procedure *p,
			  const struct kpi_period *per, struct kpi_member *out);
void kpi_member_dossier(const struct kpi_def *def, const struct kpi_dossier *d,
			const struct kpi_period *per, struct kpi_member *out);
void kpi_member_ticket(const struct kpi_def *def, const struct kpi_ticket *t,
		       const struct kpi_period *per, struct kpi_member *out);
void kpi_member_rating(const struct kpi_def *def, const struct kpi_rating *r,
		       const struct kpi_period *per, struct kpi_member *out);
/* 766.5.1 (regulation share, by category), 5.2 (on time: no deadline
 * missed, and an open item not past its answer's deadline at the end of the
 * period), 5.3 (on time, not disliked, not raised again): items received or
 * ended in the period; an open item not yet due is still being handled and
 * left out of 5.2 and 5.3 (an overdue one counts as late). */
void kpi_member_feedback(const struct kpi_def *def, const struct kpi_feedback *f,
			 const struct kpi_period *per, struct kpi_member *out);

/* ---------------------------------------------------------------- figures */

struct kpi_figure {
	const struct kpi_def *def;
	double numerator; /* a count, or the sum of an average */
	int64_t denominator;
	bool has_rate;
	double rate; /* rounded to 4 decimals */
	bool has_threshold;
	double threshold;
	double max_points, points; /* points rounded to 2 decimals */
	bool has_met;
	bool met; /* plan targets: the target is reached */
};

struct kpi_facts {
	const struct kpi_procedure *procedures;
	size_t nprocedures;
	const struct kpi_dossier *dossiers;
	size_t ndossiers;
	const struct kpi_ticket *tickets;
	size_t ntickets;
	const struct kpi_rating *ratings;
	size_t nratings;
	const struct kpi_feedback *feedback;
	size_t nfeedback;
};

struct kpi_group_figure {
	const char *key;
	double points;
	double max_points;	/* of its indicators with data (measured) */
	double max_points_full; /* the national points of the group */
};

struct kpi_result {
	struct kpi_figure figures[32]; /* in kpi_defs order; nfigures == kpi_ndefs */
	size_t nfigures;
	struct kpi_group_figure groups[5];
	double points;		/* the 100-point total */
	double max_points;	/* of the indicators with data (measured) */
	double max_points_full; /* 100 */
};

/* Computes every indicator of kpi_defs over facts for period per under
 * rule set rs (a key without a rule gets no points and no threshold):
 * kpi_sum_facts() then kpi_tally_sums(). */
void kpi_tally(const struct kpi_facts *facts, const struct kpi_period *per,
	       const struct kpi_rule_set *rs, struct kpi_result *out);

/* The sums of one indicator: the numerator as a count, or for an average
 * the sum of its values in ms; the denominator; for 2.2 the sum of the
 * office time allowed (its threshold). Integers, so that a sum built from
 * the aggregates (core/kpi_agg.h) equals the walk's to the last bit. */
struct kpi_sum {
	int64_t num, den, allowed_ms;
};
struct kpi_sums {
	struct kpi_sum s[32]; /* in kpi_defs order */
};

/* The ms in one unit of an average ("working_days", "minutes"); 1 for a share. */
int64_t kpi_def_unit_ms(const struct kpi_def *def);
/* Sums the members of every indicator over facts. */
void kpi_sum_facts(const struct kpi_facts *facts, const struct kpi_period *per,
		   struct kpi_sums *out);
/* The figures, groups and total from the sums under rule set rs. */
void kpi_tally_sums(const struct kpi_sums *sums, const struct kpi_rule_set *rs,
		    struct kpi_result *out);

/* One figure from its sums (used by kpi_tally and by the tests). */
void kpi_figure_fill(const struct kpi_def *def, const struct kpi_rule *rule, double numerator,
		     int64_t denominator, double avg_threshold, struct kpi_figure *out);

/* ------------------------------------------- evaluation (Circular 01/2018) */

/* The nine indices of DOMAIN.md 7, each scored 2 / 1 / 0; -1 = no data.
 * score[0] is unused. */
struct kpi_eval {
	int score[10];
};

/* Names of the indices 1..9 ([0] unused); per_dossier: 1–4 and 7. */
struct kpi_eval_def {
	const char *name_vi, *name_en;
	bool per_dossier;
};
extern const struct kpi_eval_def kpi_eval_defs[10];

/* Indices 1–4 and 7 of one dossier ended in the period (else all -1):
 * 1 its end against the due time (early 2, on time 1, late 0); 2 its
 * steps against their shares (all early 2, none late 1, else 0; no step
 * handed over: -1); 3 supplement requests (none 2, one 1, more 0); 4 the
 * applicant's answer on the agencies contacted (-1 if not rated); 7 a
 * complaint 0, else early 2, else 1. */
void kpi_eval_dossier(const struct kpi_dossier *d, struct kpi_eval *out);

/* Indices 6 and 9 of a unit from its figures (r from kpi_tally): 6 public
 * disclosure (every procedure published completely and on time 2, some
 * published 1, else 0); 9 online service (>= 20 % of procedures online,
 * >= 30 % of dossiers online and none late 2; 15–30 % of dossiers online
 * and none late 1; else 0); 8 feedback (766.5.2: none or all on time 2,
 * >= 90 % on time 1, else 0). 5 (appraisal at the desk): -1 until motcua
 * records it. Indices 1–4 and 7 are left -1. */
void kpi_eval_unit(const struct kpi_result *r, struct kpi_eval *out);

#endif
