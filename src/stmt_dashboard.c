/*
 * The reviewer's dashboard (page_dashboard.c).
 */
#include "stmt_dashboard.h"

const struct stmt_def stmt_dashboard[STMT_DASHBOARD__MAX] = {
	/*
	 * The dashboard's counts in one scan: (dimension, code, count) for
	 * status, source and each desired operation (an application may
	 * count under several operations).
	 */
	[STMT_DASHBOARD_COUNTS] = {
		.name = "dashboard_counts",
		.sql = "SELECT d.dim, d.code, count(*) "
		       "FROM applications a, "
		       "LATERAL (VALUES ('status', a.status::text), "
		       "('source', a.source::text) UNION ALL SELECT 'operation', o "
		       "FROM unnest(a.operations::text[]) o) AS d(dim, code) "
		       "GROUP BY 1, 2",
		.nparams = 0,
		.ncols = DCC__MAX,
	},
	/*
	 * Applications per week for the last 26 weeks, Monday to Sunday in
	 * Japan, oldest first, empty weeks included; each week is a range
	 * scan of applications_created_find.
	 */
	[STMT_DASHBOARD_WEEKS] = {
		.name = "dashboard_weeks",
		.sql = "SELECT to_char(w, 'YYYY-MM-DD'), (SELECT count(*) "
		       "FROM applications WHERE created_at >= w "
		       "AT TIME ZONE " SQL_TZ " "
		       "AND created_at < (w + interval '1 week') "
		       "AT TIME ZONE " SQL_TZ ") "
		       "FROM generate_series(date_trunc('week', "
		       "now() AT TIME ZONE " SQL_TZ ") - interval '25 weeks', "
		       "date_trunc('week', now() AT TIME ZONE " SQL_TZ "), "
		       "interval '1 week') AS w ORDER BY w",
		.nparams = 0,
		.ncols = DWC__MAX,
	},
};
