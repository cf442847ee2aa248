/*
 * Who is due for training and whose certificates expire
 * (page_training_due.c, page_training_expiring.c).
 */
#include "stmt_due.h"

/* clang-format off */
/* A course title in the language $n. */
#define SQL_DUE_TITLE(n)                                                       \
	"CASE " n "::text WHEN 'en' THEN c.title_en ELSE c.title_ja END"
/* clang-format on */

const struct stmt_def stmt_due[STMT_DUE__MAX] = {
	/*
	 * Accepted people who lack a valid certificate for a course they
	 * need, newest application first, by keyset ($4: the last row's
	 * id): each with the courses missing, and for an expired one its
	 * last day.  $1 narrows to one course, $2 to one operation type
	 * (the people who wish to join it and the courses it requires),
	 * $3 to a source.  The walk of (status, created_at, id) reads the
	 * accepted people in order and checks each one's few courses.
	 */
	[STMT_DUE_PAGE] = {
		.name = "due_page",
		.sql = "SELECT a.id, a.reference, a.source, "
		       "coalesce(a.ministry, ''), "
		       "a.family_kanji || ' ' || a.given_kanji, "
		       "a.family_kana || ' ' || a.given_kana, m.courses "
		       "FROM applications a CROSS JOIN LATERAL (SELECT "
		       "json_agg(json_build_object('title', "
		       SQL_DUE_TITLE("$6") ", 'code', c.code, 'expired', "
		       "(SELECT max(t.valid_until) FROM certificates t "
		       "WHERE t.application_id = a.id AND t.course_id = c.id)) "
		       "ORDER BY c.code) AS courses "
		       SQL_DUE_MISSING("AND ($1::bigint IS NULL OR c.id = $1::bigint) "
			   "AND ($2::text IS NULL OR "
			   "c.required_for @> ARRAY[$2::text]) ") ") m "
		       "WHERE a.status = 'accepted' AND m.courses IS NOT NULL "
		       "AND ($2::text IS NULL OR a.operations @> ARRAY[$2::text]) "
		       "AND ($3::text IS NULL OR a.source = $3::text) "
		       "AND ($4::bigint IS NULL OR (a.created_at, a.id) < "
		       "((SELECT p.created_at FROM applications p "
		       "WHERE p.id = $4::bigint), $4::bigint)) "
		       "ORDER BY a.created_at DESC, a.id DESC LIMIT $5::int",
		.nparams = DUP__MAX,
		.ncols = DUC__MAX,
	},
	/* The courses the filter offers: those some operation requires. */
	[STMT_DUE_COURSES] = {
		.name = "due_courses",
		.sql = "SELECT c.id, " SQL_DUE_TITLE("$1") " FROM courses c "
		       "WHERE c.retired_at IS NULL AND c.required_for <> '{}' "
		       "ORDER BY c.code",
		.nparams = 1,
		.ncols = DCO__MAX,
	},
	/*
	 * The coming scheduled sessions (of course $2, or all) that the
	 * selection can be enrolled in, soonest first, with their free
	 * seats (none: the waitlist).
	 */
	[STMT_DUE_SESSIONS] = {
		.name = "due_sessions",
		.sql = "SELECT s.id, " SQL_DUE_TITLE("$1") ", "
		       "to_char(s.starts_at AT TIME ZONE " SQL_TZ
		       ", 'YYYY-MM-DD HH24:MI'), coalesce(s.place, ''), "
		       "greatest(0, s.capacity - (SELECT count(*) FROM "
		       "enrolments e WHERE e.session_id = s.id "
		       "AND e.state = 'enrolled')) "
		       "FROM training_sessions s JOIN courses c "
		       "ON c.id = s.course_id WHERE s.status = 'scheduled' "
		       "AND s.starts_at > now() "
		       "AND ($2::bigint IS NULL OR s.course_id = $2::bigint) "
		       "ORDER BY s.starts_at, s.id LIMIT 200",
		.nparams = 2,
		.ncols = DSC__MAX,
	},
	/*
	 * The certificates of accepted people, for courses not retired,
	 * whose last valid day is between today and $1 days on (Japan
	 * time), soonest first, by keyset ($2: the last row's certificate
	 * id); one that a later certificate of the same course outlasts is
	 * left out, its holder having renewed.
	 */
	[STMT_DUE_EXPIRING] = {
		.name = "due_expiring",
		.sql = "SELECT t.id, a.id, a.reference, "
		       "a.family_kanji || ' ' || a.given_kanji, "
		       "a.family_kana || ' ' || a.given_kana, "
		       SQL_DUE_TITLE("$4") ", t.valid_until, "
		       "t.valid_until - " SQL_JST_TODAY " "
		       "FROM certificates t "
		       "JOIN applications a ON a.id = t.application_id "
		       "JOIN courses c ON c.id = t.course_id "
		       "WHERE t.valid_until >= " SQL_JST_TODAY " "
		       "AND t.valid_until <= " SQL_JST_TODAY " + $1::int "
		       "AND a.status = 'accepted' AND c.retired_at IS NULL "
		       "AND NOT EXISTS (SELECT FROM certificates n "
		       "WHERE n.application_id = t.application_id "
		       "AND n.course_id = t.course_id AND n.id <> t.id "
		       "AND (n.valid_until IS NULL "
		       "OR n.valid_until > t.valid_until)) "
		       "AND ($2::bigint IS NULL OR (t.valid_until, t.id) > "
		       "((SELECT p.valid_until FROM certificates p "
		       "WHERE p.id = $2::bigint), $2::bigint)) "
		       "ORDER BY t.valid_until, t.id LIMIT $3::int",
		.nparams = EXP__MAX,
		.ncols = EXC__MAX,
	},
};
