/* The timeline's statement; see stmt_timeline.h. */
#include "stmt_timeline.h"

/* Japan's date of a timestamp. */
#define JST_DATE(x) "(" x " AT TIME ZONE " SQL_TZ ")::date"

const struct stmt_def stmt_timeline[STMT_TIMELINE__MAX] = {
	/*
	 * Plan $1 in language $2: the plan, then every suspension (from a
	 * change of status to suspended until the next change of status, or
	 * today), its positions and their assignments (the roster by the
	 * plan's index, names by the applications' key).  No row: no plan.
	 */
	[STMT_TIMELINE_PLAN] = {
		.name = "timeline_plan",
		.sql = "WITH p AS (SELECT id, CASE $2::text WHEN 'en' THEN "
		       "title_en ELSE title_ja END AS title, starts_on, "
		       "ends_on, status, " JST_DATE("now()") " AS today "
		       "FROM plans WHERE id = $1::bigint), "
		       "h AS (SELECT x.to_status, " JST_DATE("x.at") " AS s, "
		       "" JST_DATE("lead(x.at) OVER (ORDER BY x.at, x.id)") " "
		       "AS e FROM plan_history x WHERE x.plan_id = $1::bigint "
		       "AND x.from_status IS DISTINCT FROM x.to_status), "
		       "pos AS (SELECT o.*, row_number() OVER (ORDER BY "
		       "o.starts_on, o.id) AS n FROM positions o "
		       "WHERE o.plan_id = $1::bigint) "
		       "SELECT 0 AS kind, p.id, 0::bigint AS row, p.title, "
		       "p.starts_on::text, p.ends_on::text, p.status::text, 0, "
		       "p.ends_on - p.starts_on, p.today - p.starts_on FROM p "
		       "UNION ALL SELECT 1, 0, 0, '', h.s::text, "
		       "coalesce(h.e, p.today)::text, '', h.s - p.starts_on, "
		       "coalesce(h.e, p.today) - p.starts_on, 0 FROM p, h "
		       "WHERE h.to_status = 'suspended' "
		       "UNION ALL SELECT 2, pos.id, pos.n, CASE $2::text WHEN "
		       "'en' THEN pos.title_en ELSE pos.title_ja END, "
		       "pos.starts_on::text, pos.ends_on::text, '', "
		       "pos.starts_on - p.starts_on, pos.ends_on - p.starts_on, "
		       "pos.headcount FROM p, pos "
		       "UNION ALL SELECT 3, a.id, pos.n, ap.reference || ' ' || "
		       "CASE $2::text WHEN 'en' THEN ap.given_romaji || ' ' || "
		       "ap.family_romaji ELSE ap.family_kanji || ' ' || "
		       "ap.given_kanji END, a.starts_on::text, a.ends_on::text, "
		       "a.status::text, a.starts_on - p.starts_on, "
		       "a.ends_on - p.starts_on, 0 FROM p "
		       "JOIN assignments a ON a.plan_id = p.id "
		       "JOIN pos ON pos.id = a.position_id "
		       "JOIN applications ap ON ap.id = a.application_id "
		       "ORDER BY 1, 3, 8, 2",
		.nparams = TLP__MAX,
		.ncols = TLC__MAX,
	},
};
