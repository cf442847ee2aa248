/*
 * The reviewer's list's counts per status and its page, read together
 * (review_count.c): exact when the filter matches few applications,
 * else the planner's estimates.
 */
#ifndef REVIEW_COUNT_H
#define REVIEW_COUNT_H

#include <libpq-fe.h>

#include "db.h"
#include "review_filter.h"
#include "status.h"

/*
 * Counts per status (in status_names order) for the list's tabs: exact,
 * or the planner's estimates when more than STMT_REVIEW_COUNT_EXACT
 * match.
 */
struct review_counts {
	int n[AS__MAX];
	int approx;
};

enum db_status review_count_load(struct req *, struct review_filter *,
				 PGresult **, struct review_counts *);

#endif /* !REVIEW_COUNT_H */
