/* The statements of positions, inquiries and assignments; see stmt_position.h.
 */
#include "stmt_position.h"

/* A row's title in the language $2 ('ja' or 'en'). */
#define TITLE(x)                                                               \
	"CASE $2::text WHEN 'en' THEN " x ".title_en ELSE " x ".title_ja END"
/* A country's name in the language $2. */
#define COUNTRY(x)                                                             \
	"CASE $2::text WHEN 'en' THEN " x ".name_en ELSE " x ".name_ja END"
/* The open statuses of an assignment: it holds a place and the dates. */
#define OPEN "('proposed', 'confirmed', 'dispatched')"

/* A position's audited state (p), with its required courses. */
#define POSITION_STATE                                                          \
	"jsonb_build_object('plan', p.plan_id, 'title_ja', p.title_ja, "        \
	"'title_en', p.title_en, 'duty_station', p.duty_station, "              \
	"'headcount', p.headcount, 'starts_on', p.starts_on, 'ends_on', "       \
	"p.ends_on, 'expertise', p.expertise, 'languages', p.languages, "       \
	"'courses', coalesce((SELECT jsonb_agg(pc.course_id ORDER BY "          \
	"pc.course_id) FROM position_courses pc WHERE pc.position_id = p.id), " \
	"'[]'))"

/* An assignment's audited state (x). */
#define ASSIGNMENT_STATE                                                       \
	"jsonb_build_object('position', x.position_id, 'application', "        \
	"x.application_id, 'starts_on', x.starts_on, 'ends_on', x.ends_on, "   \
	"'status', x.status, 'acknowledged', x.acknowledged, 'end_reason', "   \
	"x.end_reason, 'ended_on', x.ended_on, 'returned_on', x.returned_on, " \
	"'debrief', x.debrief)"

/*
 * The person's answer to an inquiry ($3 available or unavailable, $4 the
 * note): the inquiry's row locked, the answer before and after.  w says
 * whose it is.
 */
#define INQUIRY_ANSWER_SQL(w)                                                  \
	"WITH o AS (SELECT i.id, i.application_id, jsonb_build_object("        \
	"'answer', i.answer, 'note', i.note) AS before FROM inquiries i "      \
	"JOIN applications a ON a.id = i.application_id "                      \
	"WHERE i.id = $1::bigint AND " w " FOR UPDATE OF i) "                  \
	"UPDATE inquiries i SET answer = $3::text, note = $4::text, "          \
	"answered_at = now() FROM o WHERE i.id = o.id "                        \
	"RETURNING o.application_id, o.before, jsonb_build_object('answer', "  \
	"i.answer, 'note', i.note)"

/*
 * A person's inquiries and assignments (whose: the WHERE clause w on
 * applications a), each with its position, plan and country in the
 * language $2, newest first.
 */
#define PERSON_SQL(w)                                                                                 \
	"SELECT coalesce((SELECT jsonb_agg(jsonb_build_object('id', i.id, "                           \
	"'position', " TITLE("p") ", 'plan', " TITLE("pl") ", 'country', " COUNTRY(                   \
	    "c") ", 'station', p.duty_station, 'starts_on', p.starts_on, "                            \
		 "'ends_on', p.ends_on, 'answer', coalesce(i.answer, ''), 'note', "                   \
		 "i.note, 'open', pl.status IN ('approved', 'in_progress', "                          \
		 "'suspended') AND p.ends_on >= (now() AT TIME ZONE " SQL_TZ                          \
		 ")::date) "                                                                          \
		 "ORDER BY i.asked_at DESC, i.id DESC) FROM inquiries i "                             \
		 "JOIN positions p ON p.id = i.position_id "                                          \
		 "JOIN plans pl ON pl.id = p.plan_id "                                                \
		 "JOIN countries c ON c.code = pl.country "                                           \
		 "WHERE i.application_id = a.id), '[]'), "                                            \
		 "coalesce((SELECT jsonb_agg(jsonb_build_object('id', x.id, "                         \
		 "'position_id', p.id, 'plan_id', pl.id, 'position', " TITLE(                         \
		     "p") ", "                                                                        \
			  "'plan', " TITLE("pl") ", 'country', " COUNTRY(                             \
			      "c") ", 'station', "                                                    \
				   "p.duty_station, 'starts_on', x.starts_on, 'ends_on', x.ends_on, " \
				   "'status', x.status, 'returned_on', x.returned_on, 'ended_on', "   \
				   "x.ended_on, 'end_reason', x.end_reason, 'debrief', x.debrief) "   \
				   "ORDER BY x.starts_on DESC, x.id DESC) FROM assignments x "        \
				   "JOIN positions p ON p.id = x.position_id "                        \
				   "JOIN plans pl ON pl.id = x.plan_id "                              \
				   "JOIN countries c ON c.code = pl.country "                         \
				   "WHERE x.application_id = a.id), '[]') FROM applications a WHERE " w

/*
 * The candidates of position $1.  p: the position, with its fields of
 * expertise (xb, how many: ne) and languages (lb) as the bits of
 * migration 20261209000031 (corps_expertise_bits, corps_language_need),
 * the fewest months a longest period must have to cover it, and its
 * courses.  MEETS: a person's expertise, languages, period and the
 * filters meet it, a bitwise and on the columns of the partial index
 * applications_accepted (which holds every column the tests read);
 * CANDIDATE adds accepted and able to start; FREE: no open assignment
 * overlaps the position.  The rank is (courses valid on the start date,
 * fields of expertise shared, earliest start, id).  Reading the whole
 * index costs 10-20 ms (143,000 people at a million applications), so
 * q says how the page is best read, from s, the index's first 2,000
 * entries (whether each meets the position, and its fields shared):
 *   dense: at least 2 % of them meet the position;
 *   rare: the numbers of fields shared that fewer than RARE of them
 *     share (three of three fields: 556 of 142,500 at a million);
 *   narrow: fewer than half of them share any of its fields;
 *   held: certificates of its courses valid on the start date (up to
 *     MANY, read by course from certificates_course);
 *   hc: its courses anybody holds then (VMAX of them: the best tier).
 * w, the tiers' walk (WALK: a position of one tier, or many candidates
 * and many holders or none): each tier of (courses valid, fields
 * shared), best first, walks the index in (earliest start, id) order
 * for the rows the page still needs, probing certificates only for the
 * rows that pass the cheap tests (TIER_HELD); the walk stops once the
 * page is full, so that a sparse tier costs one reading of the index and
 * the rest little.  A tier whose fields shared are rare reads instead
 * the entries of each combination of that many of the position's fields
 * from applications_accepted_fields (migration 20261209000032), sorted:
 * a few hundred where the walk read the whole index.  Otherwise every
 * candidate is ranked in one reading of the index (when narrow, of the
 * entries of applications_accepted_fields sharing a field): with many
 * candidates the holders (hold) and the people taken (busy) are hashed
 * and only holders probed; with few each is probed.  The page's rows
 * alone get their training state and inquiry.
 */
#define MEETS                                                                  \
	"(q.xb = 0 OR a.expertise_bits & q.xb <> 0) "                          \
	"AND a.language_bits & q.lb = q.lb AND a.max_months >= q.months "      \
	"AND ($3::text = '' OR a.source = $3::text) "                          \
	"AND ($4::text = '' OR a.ministry = $4::text)"
#define CANDIDATE                                                              \
	"a.status = 'accepted' AND a.earliest_start <= q.starts_on AND " MEETS
#define FREE                                                                   \
	"NOT EXISTS (SELECT FROM assignments x WHERE x.application_id = a.id " \
	"AND x.status IN " OPEN " AND x.starts_on <= q.ends_on "               \
	"AND x.ends_on >= q.starts_on)"
/*
 * The certificates ce (of whom, w) valid on the position's start date:
 * two ranges of an index on valid_until, not a filter.
 */
#define HELD(w)                                                                \
	"(SELECT ce.application_id FROM certificates ce WHERE " w " "          \
	"AND ce.valid_until >= q.starts_on AND ce.completed_on <= "            \
	"q.starts_on UNION ALL SELECT ce.application_id FROM certificates "    \
	"ce WHERE " w " AND ce.valid_until IS NULL AND ce.completed_on <= "    \
	"q.starts_on)"
/* A candidate's certificates of course rc valid on the start date. */
#define HELD_BY HELD("ce.application_id = a.id AND ce.course_id = rc")
/* A candidate's courses valid on the start date, and fields shared. */
#define NVALID                                                                 \
	"(SELECT count(*) FROM unnest(q.courses) rc WHERE EXISTS " HELD_BY ")"
#define NEXP "bit_count((a.expertise_bits & q.xb)::bit(32))"
/* The rows a page needs, from the first. */
#define NEED "$5::int + $6::int"
/* Certificates of the courses from which on they are not hashed. */
#define MANY "10000"
/*
 * A tier's fields shared are rare when fewer than RARE of the sample's
 * 2,000 people share that many; FIELD_BITS: every field's bit (the 11 of
 * expertise_set).
 */
#define RARE	   "20"
#define FIELD_BITS "2047"
/* The values of expertise_bits b for which cond holds. */
#define FIELDS(cond)                                                           \
	"ARRAY(SELECT b FROM generate_series(0, " FIELD_BITS ") b WHERE " cond \
	")"
/* The best tier: how many of its courses anybody holds. */
#define VMAX "cardinality(q.hc)"
#define WALK                                                                   \
	"((" VMAX " = 0 AND q.ne <= 1) OR (q.dense AND (" VMAX " = 0 OR "      \
	"q.held = " MANY ")))"
/* Tier w.k's courses valid and fields shared. */
#define TV "(" VMAX " - w.k / greatest(q.ne, 1))"
#define TE "(q.ne - w.k % greatest(q.ne, 1))"
/*
 * Tier w.k's test of a candidate's courses.  Those of the best tier (all
 * the courses anybody holds) and of the last (none) stop at the first
 * course that decides, where a count probes each.
 */
#define TIER_HELD                                                              \
	"CASE WHEN " TV " = " VMAX                                             \
	" THEN NOT EXISTS (SELECT FROM unnest(q.hc) "                          \
	"rc WHERE NOT EXISTS " HELD_BY ") WHEN " TV " = 0 THEN NOT EXISTS ("   \
	"SELECT FROM unnest(q.hc) rc WHERE EXISTS " HELD_BY ") ELSE " NVALID   \
	" = " TV " END"
#define CANDIDATES_SQL                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        \
	"WITH RECURSIVE p AS MATERIALIZED (SELECT p.id, p.starts_on, "                                                                                                                                                                                                                                                                                                                                                                                                                                                                        \
	"p.ends_on, corps_expertise_bits(p.expertise) AS xb, bit_count("                                                                                                                                                                                                                                                                                                                                                                                                                                                                      \
	"corps_expertise_bits(p.expertise)::bit(32)) AS ne, "                                                                                                                                                                                                                                                                                                                                                                                                                                                                                 \
	"corps_language_need(p.languages) AS lb, (SELECT min(k) FROM "                                                                                                                                                                                                                                                                                                                                                                                                                                                                        \
	"generate_series(1, 60) k WHERE p.ends_on < (p.starts_on + "                                                                                                                                                                                                                                                                                                                                                                                                                                                                          \
	"make_interval(months => k))::date) AS months, "                                                                                                                                                                                                                                                                                                                                                                                                                                                                                      \
	"coalesce((SELECT array_agg(course_id) FROM position_courses "                                                                                                                                                                                                                                                                                                                                                                                                                                                                        \
	"WHERE position_id = p.id), '{}') AS courses "                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        \
	"FROM positions p WHERE p.id = $1::bigint), "                                                                                                                                                                                                                                                                                                                                                                                                                                                                                         \
	"s AS MATERIALIZED (SELECT " MEETS " AS meets, " NEXP " AS nexp "                                                                                                                                                                                                                                                                                                                                                                                                                                                                     \
	"FROM p q CROSS JOIN LATERAL (SELECT a.id, a.earliest_start, "                                                                                                                                                                                                                                                                                                                                                                                                                                                                        \
	"a.expertise_bits, a.language_bits, a.max_months, a.source, "                                                                                                                                                                                                                                                                                                                                                                                                                                                                         \
	"a.ministry FROM applications a WHERE a.status = 'accepted' AND "                                                                                                                                                                                                                                                                                                                                                                                                                                                                     \
	"a.earliest_start <= q.starts_on ORDER BY a.earliest_start, a.id "                                                                                                                                                                                                                                                                                                                                                                                                                                                                    \
	"LIMIT 2000) a), "                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                    \
	"q AS MATERIALIZED (SELECT q.*, (SELECT count(*) FROM s WHERE "                                                                                                                                                                                                                                                                                                                                                                                                                                                                       \
	"s.meets) >= 40 AS dense, ARRAY(SELECT k FROM generate_series(1, "                                                                                                                                                                                                                                                                                                                                                                                                                                                                    \
	"q.ne) k LEFT JOIN (SELECT s.nexp, count(*) AS n FROM s GROUP BY "                                                                                                                                                                                                                                                                                                                                                                                                                                                                    \
	"s.nexp) c ON c.nexp = k WHERE coalesce(c.n, 0) < " RARE                                                                                                                                                                                                                                                                                                                                                                                                                                                                              \
	") AS rare, q.xb <> 0 AND (SELECT count(*) FROM s WHERE s.nexp > 0) < 1000 AS narrow, "                                                                                                                                                                                                                                                                                                                                                                                                                                               \
	"(SELECT count(*) FROM (SELECT FROM " HELD(                                                                                                                                                                                                                                                                                                                                                                                                                                                                                           \
	    "ce.course_id = ANY (q.courses)") " h LIMIT " MANY                                                                                                                                                                                                                                                                                                                                                                                                                                                                                \
					      ") c) AS held, "                                                                                                                                                                                                                                                                                                                                                                                                                                                                                \
					      "ARRAY(SELECT rc FROM unnest(q.courses) rc WHERE EXISTS " HELD("ce.course_id = rc") ") AS hc FROM p q), "                                                                                                                                                                                                                                                                                                                                                                                       \
																  "w(k, have, last, id, nvalid, nexp, earliest_start) AS (SELECT 0, "                                                                                                                                                                                                                                                                                                                                         \
																  "0::bigint, true, NULL::bigint, NULL::bigint, NULL::bigint, "                                                                                                                                                                                                                                                                                                                                               \
																  "NULL::date UNION ALL SELECT w.k + 1, w.have + x.n, x.last, x.id, "                                                                                                                                                                                                                                                                                                                                         \
																  "x.nvalid, x.nexp, x.earliest_start FROM w CROSS JOIN q CROSS JOIN "                                                                                                                                                                                                                                                                                                                                        \
																  "LATERAL (WITH r AS MATERIALIZED ((SELECT a.id, " TV                                                                                                                                                                                                                                                                                                                                                        \
																  " AS nvalid, " TE                                                                                                                                                                                                                                                                                                                                                                                           \
																  " AS nexp, a.earliest_start FROM applications a WHERE " TE                                                                                                                                                                                                                                                                                                                                                  \
																  " <> ALL (q.rare) AND " CANDIDATE                                                                                                                                                                                                                                                                                                                                                                           \
																  " AND (q.ne <= 1 OR " NEXP                                                                                                                                                                                                                                                                                                                                                                                  \
																  " = " TE                                                                                                                                                                                                                                                                                                                                                                                                    \
																  ") AND " TIER_HELD                                                                                                                                                                                                                                                                                                                                                                                          \
																  " AND " FREE                                                                                                                                                                                                                                                                                                                                                                                                \
																  " ORDER BY a.earliest_start, a.id "                                                                                                                                                                                                                                                                                                                                                                         \
																  "LIMIT " NEED                                                                                                                                                                                                                                                                                                                                                                                               \
																  " - w.have) UNION ALL (SELECT a.id, " TV                                                                                                                                                                                                                                                                                                                                                                    \
																  ", " TE                                                                                                                                                                                                                                                                                                                                                                                                     \
																  ", "                                                                                                                                                                                                                                                                                                                                                                                                        \
																  "a.earliest_start FROM (SELECT a.id, a.earliest_start FROM "                                                                                                                                                                                                                                                                                                                                                \
																  "applications a WHERE " TE                                                                                                                                                                                                                                                                                                                                                                                  \
																  " = ANY (q.rare) AND a.expertise_bits = "                                                                                                                                                                                                                                                                                                                                                                   \
																  "ANY (" FIELDS(                                                                                                                                                                                                                                                                                                                                                                                             \
																      "bit_count((b & q.xb)::bit(32)) = " TE) ") AND " CANDIDATE " ORDER BY a.earliest_start, a.id OFFSET 0) a WHERE " TIER_HELD " AND " FREE                                                                                                                                                                                                                                                                 \
																					      " ORDER BY a.earliest_start, a.id LIMIT " NEED                                                                                                                                                                                                                                                                                                                  \
																					      " - w.have)) SELECT false AS last, 0::bigint AS n, "                                                                                                                                                                                                                                                                                                            \
																					      "r.* FROM r UNION ALL SELECT true, count(*), NULL, NULL, NULL, NULL "                                                                                                                                                                                                                                                                                           \
																					      "FROM r) x WHERE w.last AND " WALK                                                                                                                                                                                                                                                                                                                              \
																					      " AND w.have < " NEED                                                                                                                                                                                                                                                                                                                                           \
																					      " AND w.k < "                                                                                                                                                                                                                                                                                                                                                   \
																					      "(" VMAX                                                                                                                                                                                                                                                                                                                                                        \
																					      " + 1) * greatest(q.ne, 1)), "                                                                                                                                                                                                                                                                                                                                  \
																					      "hold AS (SELECT h.application_id FROM q CROSS JOIN LATERAL " HELD("ce.course_id = ANY (q.courses)") " h WHERE q.dense), "                                                                                                                                                                                                                                      \
																																		   "busy AS (SELECT x.application_id FROM q, assignments x WHERE "                                                                                                                                                                                            \
																																		   "q.dense AND x.status IN " OPEN                                                                                                                                                                                                                            \
																																		   " AND x.starts_on <= q.ends_on "                                                                                                                                                                                                                           \
																																		   "AND x.ends_on >= q.starts_on), "                                                                                                                                                                                                                          \
																																		   "m AS (SELECT * FROM (SELECT id, nvalid, nexp, earliest_start FROM w "                                                                                                                                                                                     \
																																		   "WHERE NOT last UNION ALL SELECT c.* FROM q CROSS JOIN LATERAL ("                                                                                                                                                                                          \
																																		   "SELECT a.id, CASE WHEN q.dense AND a.id NOT IN (SELECT "                                                                                                                                                                                                  \
																																		   "application_id FROM hold) THEN 0 ELSE " NVALID                                                                                                                                                                                                            \
																																		   " END AS nvalid, " NEXP                                                                                                                                                                                                                                    \
																																		   " AS nexp, a.earliest_start FROM (SELECT a.id, "                                                                                                                                                                                                           \
																																		   "a.earliest_start, a.expertise_bits FROM applications a WHERE NOT " WALK                                                                                                                                                                                   \
																																		   " AND NOT q.narrow AND " CANDIDATE                                                                                                                                                                                                                         \
																																		   " UNION ALL SELECT a.id, a.earliest_start, a.expertise_bits FROM applications a WHERE NOT " WALK " AND q.narrow AND a.expertise_bits = ANY (" FIELDS("b & q.xb <> 0") ") AND " CANDIDATE                                                                   \
																																																							 " OFFSET 0) a WHERE a.id NOT IN (SELECT "                                            \
																																																							 "application_id FROM busy) AND (q.dense OR " FREE                                    \
																																																							 ") "                                                                                 \
																																																							 "ORDER BY 2 DESC, 3 DESC, "                                                          \
																																																							 "a.earliest_start, a.id LIMIT " NEED                                                 \
																																																							 ") c) s "                                                                            \
																																																							 "ORDER BY nvalid DESC, nexp DESC, earliest_start, id "                               \
																																																							 "OFFSET $5::int LIMIT $6::int) "                                                     \
																																																							 "SELECT a.id, a.reference, a.family_kanji || ' ' || a.given_kanji, "                 \
																																																							 "a.source, coalesce(a.ministry, ''), a.earliest_start, a.max_months, "               \
																																																							 "m.nvalid = cardinality(q.courses), coalesce((SELECT jsonb_agg("                     \
																																																							 "jsonb_build_object("                                                                \
																																																							 "'code', c.code, 'title', " TITLE(                                                   \
																																																							     "c") ", 'state', CASE "                                                          \
																																																								  "WHEN b.valid_until IS NULL AND b.any THEN 'valid' "                        \
																																																								  "WHEN b.valid_until >= q.ends_on THEN 'valid' "                             \
																																																								  "WHEN b.valid_until >= q.starts_on THEN 'lapses' "                          \
																																																								  "WHEN b.valid_until IS NOT NULL THEN 'expired' ELSE 'missing' END, "        \
																																																								  "'valid_until', b.valid_until) ORDER BY c.code) FROM unnest(q.courses) rc " \
																																																								  "JOIN courses c ON c.id = rc CROSS JOIN LATERAL (SELECT "                   \
																																																								  "bool_or(ce.valid_until IS NULL) AS any, CASE WHEN bool_or("                \
																																																								  "ce.valid_until IS NULL) THEN NULL ELSE max(ce.valid_until) END "           \
																																																								  "AS valid_until FROM certificates ce WHERE ce.application_id = a.id "       \
																																																								  "AND ce.course_id = rc AND ce.completed_on <= q.starts_on) b), '[]'), "     \
																																																								  "coalesce((SELECT coalesce(i.answer, 'asked') FROM inquiries i "            \
																																																								  "WHERE i.position_id = q.id AND i.application_id = a.id), '') "             \
																																																								  "FROM m JOIN applications a ON a.id = m.id, q "                             \
																																																								  "ORDER BY m.nvalid DESC, m.nexp DESC, m.earliest_start, m.id"

const struct stmt_def stmt_position[STMT_POSITION__MAX] = {
	/* The plan a new position joins, as its form names it. */
	[STMT_POSITION_PLAN] = {
		.name = "position_plan",
		.sql = "SELECT " TITLE("pl") ", pl.status, pl.starts_on, "
		       "pl.ends_on, " COUNTRY("c") " FROM plans pl "
		       "JOIN countries c ON c.code = pl.country "
		       "WHERE pl.id = $1::bigint",
		.nparams = 2,
		.ncols = POPL__MAX,
	},
	/* The courses a position may require: those not retired. */
	[STMT_POSITION_COURSES] = {
		.name = "position_courses",
		.sql = "SELECT id, code, CASE $1::text WHEN 'en' THEN title_en "
		       "ELSE title_ja END FROM courses WHERE retired_at IS NULL "
		       "ORDER BY code",
		.nparams = 1,
		.ncols = POCC__MAX,
	},
	/* A new position of plan $1 with its required courses. */
	[STMT_POSITION_INSERT] = {
		.name = "position_insert",
		.sql = "WITH p AS (INSERT INTO positions (plan_id, title_ja, "
		       "title_en, duty_station, headcount, starts_on, ends_on, "
		       "expertise, languages) VALUES ($1::bigint, $2::text, "
		       "$3::text, $4::text, $5::int, $6::date, $7::date, "
		       "$8::text[], $9::text[]) RETURNING *), "
		       "pc AS (INSERT INTO position_courses (position_id, "
		       "course_id) SELECT p.id, c FROM p, unnest($10::bigint[]) c "
		       "RETURNING course_id) "
		       "SELECT p.id, jsonb_build_object('plan', p.plan_id, "
		       "'title_ja', p.title_ja, 'title_en', p.title_en, "
		       "'duty_station', p.duty_station, 'headcount', p.headcount, "
		       "'starts_on', p.starts_on, 'ends_on', p.ends_on, "
		       "'expertise', p.expertise, 'languages', p.languages, "
		       "'courses', (SELECT coalesce(jsonb_agg(course_id ORDER BY "
		       "course_id), '[]') FROM pc)) FROM p",
		.nparams = PP__MAX,
		.ncols = PWC__MAX,
	},
	/*
	 * Position $1 changed, its courses replaced by $10.  The state
	 * after is built from the values written: the statement's own
	 * changes are not visible to it.
	 */
	[STMT_POSITION_UPDATE] = {
		.name = "position_update",
		.sql = "WITH p AS (UPDATE positions SET title_ja = $2::text, "
		       "title_en = $3::text, duty_station = $4::text, "
		       "headcount = $5::int, starts_on = $6::date, "
		       "ends_on = $7::date, expertise = $8::text[], "
		       "languages = $9::text[] WHERE id = $1::bigint "
		       "RETURNING *), d AS (DELETE FROM position_courses "
		       "WHERE position_id = (SELECT id FROM p) "
		       "AND course_id <> ALL ($10::bigint[])), "
		       "i AS (INSERT INTO position_courses (position_id, "
		       "course_id) SELECT p.id, c FROM p, unnest($10::bigint[]) c "
		       "ON CONFLICT DO NOTHING) "
		       "SELECT p.id, jsonb_build_object('plan', p.plan_id, "
		       "'title_ja', p.title_ja, 'title_en', p.title_en, "
		       "'duty_station', p.duty_station, 'headcount', p.headcount, "
		       "'starts_on', p.starts_on, 'ends_on', p.ends_on, "
		       "'expertise', p.expertise, 'languages', p.languages, "
		       "'courses', (SELECT coalesce(jsonb_agg(DISTINCT c), '[]') "
		       "FROM unnest($10::bigint[]) c)) FROM p",
		.nparams = PP__MAX,
		.ncols = PWC__MAX,
	},
	/* Position $1's state before a change, locked until it ends. */
	[STMT_POSITION_BEFORE] = {
		.name = "position_before",
		.sql = "SELECT " POSITION_STATE " FROM positions p "
		       "WHERE p.id = $1::bigint FOR UPDATE",
		.nparams = 1,
		.ncols = 1,
	},
	/* Position $1 with its plan, courses and places filled. */
	[STMT_POSITION_GET] = {
		.name = "position_get",
		.sql = "SELECT pl.id, " TITLE("pl") ", pl.status, "
		       COUNTRY("c") ", pl.starts_on, pl.ends_on, p.title_ja, "
		       "p.title_en, p.duty_station, p.headcount, p.starts_on, "
		       "p.ends_on, array_to_json(p.expertise), "
		       "array_to_json(p.languages), coalesce((SELECT jsonb_agg("
		       "jsonb_build_object('id', co.id, 'code', co.code, 'title', "
		       TITLE("co") ") ORDER BY co.code) FROM position_courses pc "
		       "JOIN courses co ON co.id = pc.course_id "
		       "WHERE pc.position_id = p.id), '[]'), "
		       "(SELECT count(*) FROM assignments x WHERE "
		       "x.position_id = p.id AND x.status IN " OPEN ") "
		       "FROM positions p JOIN plans pl ON pl.id = p.plan_id "
		       "JOIN countries c ON c.code = pl.country "
		       "WHERE p.id = $1::bigint",
		.nparams = 2,
		.ncols = PGC__MAX,
	},
	[STMT_POSITION_CANDIDATES] = {
		.name = "position_candidates",
		.sql = CANDIDATES_SQL,
		.nparams = CAP__MAX,
		.ncols = CC__MAX,
	},
	/*
	 * Asks the accepted people among ids $2 about position $1 (those
	 * asked before are not asked again) as account $3: the inquiry,
	 * its mail in the person's language (unless they opted out) and
	 * its audit (login $4, client $5), in one statement.  Answers how
	 * many were asked.
	 */
	[STMT_POSITION_INQUIRE] = {
		.name = "position_inquire",
		.sql = "WITH ins AS (INSERT INTO inquiries (position_id, "
		       "application_id, asked_by) SELECT $1::bigint, a.id, "
		       "$3::bigint FROM applications a WHERE a.id = ANY "
		       "($2::bigint[]) AND a.status = 'accepted' "
		       "ON CONFLICT DO NOTHING RETURNING id, application_id), "
		       "mail AS (INSERT INTO mail_outbox (kind, lang, recipient, "
		       "application_id, data) SELECT 'assignment_inquiry', "
		       "a.lang, a.email, a.id, jsonb_build_object('reference', "
		       "a.reference, 'position', CASE a.lang WHEN 'en' THEN "
		       "p.title_en ELSE p.title_ja END, 'plan', CASE a.lang "
		       "WHEN 'en' THEN pl.title_en ELSE pl.title_ja END, "
		       "'country', CASE a.lang WHEN 'en' THEN c.name_en ELSE "
		       "c.name_ja END, 'station', p.duty_station, 'starts', "
		       "p.starts_on, 'ends', p.ends_on) FROM ins "
		       "JOIN applications a ON a.id = ins.application_id "
		       "JOIN positions p ON p.id = $1::bigint "
		       "JOIN plans pl ON pl.id = p.plan_id "
		       "JOIN countries c ON c.code = pl.country "
		       "WHERE NOT a.mail_opt_out), "
		       "au AS (INSERT INTO audit_log (account_id, login, action, "
		       "object_type, object_id, client_addr, after) "
		       "SELECT $3::bigint, $4::text, 'inquiry.add', "
		       "'application', ins.application_id::text, $5::inet, "
		       "jsonb_build_object('position', $1::bigint, 'inquiry', "
		       "ins.id) FROM ins) SELECT count(*) FROM ins",
		.nparams = IQP__MAX,
		.ncols = 1,
	},
	/* Who was asked about position $1, and what they answered. */
	[STMT_POSITION_INQUIRIES] = {
		.name = "position_inquiries",
		.sql = "SELECT a.id, a.reference, a.family_kanji || ' ' || "
		       "a.given_kanji, coalesce(a.ministry, ''), "
		       "to_char(i.asked_at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD HH24:MI'), coalesce(i.answer, ''), i.note, "
		       "coalesce(to_char(i.answered_at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD HH24:MI'), '') FROM inquiries i "
		       "JOIN applications a ON a.id = i.application_id "
		       "WHERE i.position_id = $1::bigint "
		       "ORDER BY i.answer IS NOT NULL, i.asked_at, i.id",
		.nparams = 1,
		.ncols = IQC__MAX,
	},
	/* The assignments of position $1, by start. */
	[STMT_POSITION_ASSIGNMENTS] = {
		.name = "position_assignments",
		.sql = "SELECT x.id, a.id, a.reference, a.family_kanji || ' ' "
		       "|| a.given_kanji, x.starts_on, x.ends_on, x.status, "
		       "array_to_string(x.acknowledged, ','), "
		       "coalesce(x.returned_on::text, ''), "
		       "coalesce(x.end_reason, '') FROM assignments x "
		       "JOIN applications a ON a.id = x.application_id "
		       "WHERE x.position_id = $1::bigint "
		       "ORDER BY x.starts_on, x.id",
		.nparams = 1,
		.ncols = XSC__MAX,
	},
	[STMT_INQUIRY_ANSWER_BY_TOKEN] = {
		.name = "inquiry_answer_by_token",
		.sql = INQUIRY_ANSWER_SQL("a.status_token_hash = $2::bytea"),
		.nparams = 4,
		.ncols = IAC__MAX,
	},
	[STMT_INQUIRY_ANSWER_BY_MINISTRY] = {
		.name = "inquiry_answer_by_ministry",
		.sql = INQUIRY_ANSWER_SQL("a.ministry = $2::text "
					  "AND a.id = $5::bigint"),
		.nparams = IAP__MAX,
		.ncols = IAC__MAX,
	},
	[STMT_ASSIGN_PERSON] = {
		.name = "assign_person",
		.sql = PERSON_SQL("a.id = $1::bigint"),
		.nparams = 2,
		.ncols = APC__MAX,
	},
	[STMT_ASSIGN_PERSON_BY_TOKEN] = {
		.name = "assign_person_by_token",
		.sql = PERSON_SQL("a.status_token_hash = $1::bytea"),
		.nparams = 2,
		.ncols = APC__MAX,
	},
	/*
	 * The warnings an assignment of person $2 to position $1 from $3
	 * to $4 raises, and the person's name: no row for no such person.
	 */
	[STMT_ASSIGN_WARNINGS] = {
		.name = "assign_warnings",
		.sql = "SELECT array_to_string(assignment_warnings_of($1::bigint, "
		       "a.id, $3::date, $4::date), ','), a.family_kanji || ' ' "
		       "|| a.given_kanji FROM applications a "
		       "WHERE a.id = $2::bigint",
		.nparams = 4,
		.ncols = AWC__MAX,
	},
	/* A new assignment, which the database's trigger checks. */
	[STMT_ASSIGN_INSERT] = {
		.name = "assign_insert",
		.sql = "INSERT INTO assignments AS x (position_id, application_id, "
		       "starts_on, ends_on, acknowledged, assigned_by) VALUES "
		       "($1::bigint, $2::bigint, $3::date, $4::date, $5::text[], "
		       "$6::bigint) RETURNING x.id, " ASSIGNMENT_STATE,
		.nparams = AP__MAX,
		.ncols = XIC__MAX,
	},
	/*
	 * The codes of the courses position $1 requires for which person
	 * $2 has no certificate valid on $3, as the refusal names them.
	 */
	[STMT_ASSIGN_MISSING] = {
		.name = "assign_missing",
		.sql = "SELECT coalesce(string_agg(c.code, ', ' ORDER BY c.code), "
		       "'') FROM position_courses pc JOIN courses c "
		       "ON c.id = pc.course_id WHERE pc.position_id = $1::bigint "
		       "AND NOT EXISTS (SELECT FROM certificates ce WHERE "
		       "ce.application_id = $2::bigint AND ce.course_id = "
		       "pc.course_id AND ce.completed_on <= $3::date AND "
		       "(ce.valid_until IS NULL OR ce.valid_until >= $3::date))",
		.nparams = 3,
		.ncols = XMC__MAX,
	},
	/*
	 * Assignment $1's state before a change, its position's row locked
	 * first, in the order the database's trigger takes them.
	 */
	[STMT_ASSIGN_BEFORE] = {
		.name = "assign_before",
		.sql = "WITH p AS (SELECT id FROM positions WHERE id = (SELECT "
		       "position_id FROM assignments WHERE id = $1::bigint) "
		       "FOR UPDATE) SELECT " ASSIGNMENT_STATE ", x.position_id, "
		       "x.status FROM assignments x JOIN p ON p.id = "
		       "x.position_id WHERE x.id = $1::bigint FOR UPDATE OF x",
		.nparams = 1,
		.ncols = ABC__MAX,
	},
	/*
	 * Assignment $1 moves to status $2 by staff account $6 (the plan's
	 * history names them when it is the first dispatch): a withdrawal
	 * with its reason $3 ends today, a completion on the return date $4
	 * with the debrief $5.
	 */
	[STMT_ASSIGN_STATUS] = {
		.name = "assign_status",
		.sql = "UPDATE assignments x SET status = $2::text, "
		       "end_reason = coalesce($3::text, x.end_reason), "
		       "ended_on = CASE $2::text WHEN 'withdrawn' THEN "
		       "(now() AT TIME ZONE " SQL_TZ ")::date WHEN 'completed' "
		       "THEN $4::date ELSE x.ended_on END, "
		       "returned_on = coalesce($4::date, x.returned_on), "
		       "debrief = coalesce($5::text, x.debrief), "
		       "status_by = $6::bigint "
		       "WHERE x.id = $1::bigint RETURNING " ASSIGNMENT_STATE,
		.nparams = ASP__MAX,
		.ncols = 1,
	},
};
