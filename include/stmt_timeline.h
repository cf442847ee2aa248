/*
 * The statement of a plan's timeline (src/timeline.c): the plan, its
 * suspensions, its positions and their assignments in one round trip.
 */
#ifndef STMT_TIMELINE_H
#define STMT_TIMELINE_H

#include "stmt.h"

enum stmt_timeline_id { STMT_TIMELINE_PLAN, STMT_TIMELINE__MAX };

/* The parameters of STMT_TIMELINE_PLAN. */
enum timeline_param {
	TLP_PLAN,
	TLP_LANG, /* 'ja' or 'en': titles and names in it */
	TLP__MAX,
};

/*
 * What a row of STMT_TIMELINE_PLAN is, in the order they come: the plan
 * (one row), its suspensions, its positions (in the order of their rows),
 * their assignments (by position, then start).
 */
enum timeline_kind {
	TLK_PLAN,
	TLK_SUSPENSION,
	TLK_POSITION,
	TLK_ASSIGNMENT,
};

/*
 * The columns of STMT_TIMELINE_PLAN.  Days are counted from the plan's
 * first day.  TLC_EXTRA is the plan's today and a position's headcount.
 */
enum timeline_col {
	TLC_KIND,
	TLC_ID,
	TLC_ROW, /* the position's row, from 1; 0 for the plan and bands */
	TLC_LABEL,
	TLC_STARTS,
	TLC_ENDS,
	TLC_STATUS,
	TLC_FROM,
	TLC_TO,
	TLC_EXTRA,
	TLC__MAX,
};

extern const struct stmt_def stmt_timeline[STMT_TIMELINE__MAX];

#endif /* !STMT_TIMELINE_H */
