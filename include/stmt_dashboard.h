/*
 * The reviewer's dashboard (page_dashboard.c).
 */
#ifndef STMT_DASHBOARD_H
#define STMT_DASHBOARD_H

#include "stmt.h"

enum stmt_dashboard_id {
	STMT_DASHBOARD_FOLD,
	STMT_DASHBOARD_COUNTS,
	STMT_DASHBOARD_WEEKS,
	STMT_DASHBOARD__MAX
};

/* The columns of STMT_DASHBOARD_COUNTS. */
enum dashboard_counts_col {
	DCC_DIM,
	DCC_CODE,
	DCC_COUNT,
	DCC__MAX,
};

/* The columns of STMT_DASHBOARD_WEEKS. */
enum dashboard_weeks_col {
	DWC_WEEK,
	DWC_COUNT,
	DWC__MAX,
};

extern const struct stmt_def stmt_dashboard[STMT_DASHBOARD__MAX];

#endif /* !STMT_DASHBOARD_H */
