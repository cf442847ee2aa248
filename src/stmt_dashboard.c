/*
 * The reviewer's dashboard (page_dashboard.c).
 */
#include "stmt_dashboard.h"

/*
 * The dashboard's summary and the events not yet folded into it
 * (migration 20261206000002): their n add up to the applications of
 * each key.
 */
#define SQL_DASHBOARD_SUMMARY                                                  \
	"SELECT week, status, source, operations, n FROM application_counts "  \
	"UNION ALL SELECT week, status, source, operations, n "                \
	"FROM application_count_events"

const struct stmt_def stmt_dashboard[STMT_DASHBOARD__MAX] = {
	/*
	 * The dashboard's numbers are the summary plus the events not yet
	 * folded into it: folds the events once there are more than a
	 * thousand (a fold under way elsewhere is skipped).
	 */
	[STMT_DASHBOARD_FOLD] = {
		.name = "dashboard_fold",
		.sql = "SELECT application_counts_fold(1000)",
		.nparams = 0,
		.ncols = 1,
	},
	/*
	 * The dashboard's counts: (dimension, code, count) for status,
	 * source and each desired operation (an application counts under
	 * each of its operations), from the summary's few hundred
	 * combinations of the three (c).
	 */
	[STMT_DASHBOARD_COUNTS] = {
		.name = "dashboard_counts",
		.sql = "WITH c AS (SELECT status, source, operations, "
		       "sum(n) AS n FROM (" SQL_DASHBOARD_SUMMARY ") u "
		       "GROUP BY 1, 2, 3) "
		       "SELECT 'status', status, sum(n) FROM c GROUP BY 2 "
		       "UNION ALL SELECT 'source', source, sum(n) FROM c "
		       "GROUP BY 2 "
		       "UNION ALL SELECT 'operation', o, sum(n) "
		       "FROM c, unnest(c.operations) o GROUP BY 2",
		.nparams = 0,
		.ncols = DCC__MAX,
	},
	/*
	 * Applications per week for the last 26 weeks, Monday to Sunday in
	 * Japan (w, their Mondays), oldest first, empty weeks included.
	 */
	[STMT_DASHBOARD_WEEKS] = {
		.name = "dashboard_weeks",
		.sql = "SELECT to_char(w, 'YYYY-MM-DD'), coalesce(c.n, 0) "
		       "FROM generate_series(date_trunc('week', "
		       "now() AT TIME ZONE " SQL_TZ ") - interval '25 weeks', "
		       "date_trunc('week', now() AT TIME ZONE " SQL_TZ "), "
		       "interval '1 week') AS w "
		       "LEFT JOIN (SELECT week, sum(n) AS n "
		       "FROM (" SQL_DASHBOARD_SUMMARY ") u GROUP BY week) c "
		       "ON c.week = w::date ORDER BY w",
		.nparams = 0,
		.ncols = DWC__MAX,
	},
};
