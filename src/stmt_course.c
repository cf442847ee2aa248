/*
 * Training: courses, sessions, rosters and results, an instructor's
 * sessions, external certificates.  See include/stmt_course.h.
 */
#include "stmt_course.h"

/* A time in Japan as the pages show it. */
#define JST_MINUTE(col)                                                        \
	"to_char(" col " AT TIME ZONE " SQL_TZ ", "                            \
	"'YYYY-MM-DD HH24:MI')"

/* A Japan date and time typed in a form ($d, $t) as a timestamptz. */
#define JST_AT(d, t)                                                           \
	"((" d "::text || ' ' || " t "::text)::timestamp "                     \
	"AT TIME ZONE " SQL_TZ ")"

/* The number of session s's enrolments in the states of list. */
#define SEATS(list)                                                            \
	"(SELECT count(*) FROM enrolments e WHERE "                            \
	"e.session_id = s.id AND e.state IN (" list "))"

/* The columns of a session in a list (enum session_list_col). */
/* clang-format off */
#define SESSION_LIST                                                           \
	"SELECT s.id, c.code, c.title_ja, c.title_en, "                        \
	JST_MINUTE("s.starts_at") ", " JST_MINUTE("s.ends_at") ", "            \
	"coalesce(s.place, ''), s.status, s.capacity, "                        \
	SEATS("'enrolled', 'completed'") ", " SEATS("'waitlisted'") ", "       \
	"coalesce(i.login, '') FROM training_sessions s "                      \
	"JOIN courses c ON c.id = s.course_id "                                \
	"LEFT JOIN staff_accounts i ON i.id = s.instructor_id "
/* clang-format on */

const struct stmt_def stmt_course[STMT_COURSE__MAX] = {
	/* /training: every course, the retired ones last. */
	[STMT_COURSE_LIST] = {
		.name = "course_list",
		.sql = "SELECT id, code, title_ja, title_en, delivery, "
		       "hours::text, coalesce(pass_mark::text, ''), "
		       "coalesce(validity_months::text, ''), "
		       "array_to_string(required_for, ','), "
		       "retired_at IS NOT NULL FROM courses "
		       "ORDER BY retired_at IS NOT NULL, code",
		.nparams = 0,
		.ncols = CLC__MAX,
	},
	/* /training: the sessions still to come, soonest first. */
	[STMT_COURSE_COMING] = {
		.name = "course_coming",
		.sql = SESSION_LIST "WHERE s.status = 'scheduled' "
		       "AND s.ends_at > now() ORDER BY s.starts_at LIMIT 200",
		.nparams = 0,
		.ncols = TSL__MAX,
	},
	/*
	 * A course as one JSON object: the edit form's values, the audit's
	 * before (locked), and "in_use" (sessions or certificates: it can
	 * be retired, not deleted).
	 */
	[STMT_COURSE_GET] = {
		.name = "course_get",
		.sql = "SELECT jsonb_build_object('id', c.id, 'code', c.code, "
		       "'title_ja', c.title_ja, 'title_en', c.title_en, "
		       "'description_ja', c.description_ja, 'description_en', "
		       "c.description_en, 'hours', c.hours::text, 'delivery', "
		       "c.delivery, 'pass_mark', coalesce(c.pass_mark::text, ''), "
		       "'validity_months', coalesce(c.validity_months::text, ''), "
		       "'required_for', to_jsonb(c.required_for), 'retired', "
		       "c.retired_at IS NOT NULL, 'in_use', EXISTS (SELECT FROM "
		       "training_sessions s WHERE s.course_id = c.id) OR EXISTS "
		       "(SELECT FROM certificates x WHERE x.course_id = c.id)) "
		       "FROM courses c WHERE c.id = $1::bigint FOR UPDATE",
		.nparams = 1,
		.ncols = 1,
	},
	[STMT_COURSE_TAKEN] = {
		.name = "course_taken",
		.sql = "SELECT EXISTS (SELECT FROM courses WHERE code = $1)",
		.nparams = 1,
		.ncols = 1,
	},
	/* Parameters: enum course_param.  Empty marks and months: none. */
	[STMT_COURSE_ADD] = {
		.name = "course_add",
		.sql = "INSERT INTO courses (code, title_ja, title_en, "
		       "description_ja, description_en, hours, delivery, "
		       "pass_mark, validity_months, required_for) "
		       "VALUES ($1, $2, $3, $4, $5, $6::numeric, $7, "
		       "nullif($8, '')::smallint, nullif($9, '')::smallint, "
		       "coalesce(string_to_array(nullif($10, ''), ','), '{}')) "
		       "RETURNING id",
		.nparams = CP__MAX,
		.ncols = 1,
	},
	/* Parameters: enum course_param, $1 the course's id. */
	[STMT_COURSE_EDIT] = {
		.name = "course_edit",
		.sql = "UPDATE courses SET title_ja = $2, title_en = $3, "
		       "description_ja = $4, description_en = $5, "
		       "hours = $6::numeric, delivery = $7, "
		       "pass_mark = nullif($8, '')::smallint, "
		       "validity_months = nullif($9, '')::smallint, "
		       "required_for = coalesce(string_to_array(nullif($10, "
		       "''), ','), '{}'), updated_at = now() "
		       "WHERE id = $1::bigint RETURNING id",
		.nparams = CP__MAX,
		.ncols = 1,
	},
	[STMT_COURSE_RETIRE] = {
		.name = "course_retire",
		.sql = "UPDATE courses SET retired_at = now(), updated_at = "
		       "now() WHERE id = $1::bigint AND retired_at IS NULL "
		       "RETURNING id",
		.nparams = 1,
		.ncols = 1,
	},
	/* Only a course nothing refers to: no session, no certificate. */
	[STMT_COURSE_DELETE] = {
		.name = "course_delete",
		.sql = "DELETE FROM courses c WHERE c.id = $1::bigint "
		       "AND NOT EXISTS (SELECT FROM training_sessions s "
		       "WHERE s.course_id = c.id) AND NOT EXISTS (SELECT FROM "
		       "certificates x WHERE x.course_id = c.id) RETURNING id",
		.nparams = 1,
		.ncols = 1,
	},
	/* A course's sessions, latest first. */
	[STMT_COURSE_SESSIONS] = {
		.name = "course_sessions",
		.sql = SESSION_LIST "WHERE s.course_id = $1::bigint "
		       "ORDER BY s.starts_at DESC LIMIT 200",
		.nparams = 1,
		.ncols = TSL__MAX,
	},
	/* A session as the audit's before, locked. */
	[STMT_SESSION_GET] = {
		.name = "session_get",
		.sql = "SELECT jsonb_strip_nulls(jsonb_build_object('course', "
		       "course_id, 'starts', " JST_MINUTE("starts_at") ", "
		       "'ends', " JST_MINUTE("ends_at") ", 'place', place, "
		       "'capacity', capacity, 'instructor', instructor_id, "
		       "'lang', lang, 'status', status, 'cancel_reason', "
		       "cancel_reason)) FROM training_sessions "
		       "WHERE id = $1::bigint FOR UPDATE",
		.nparams = 1,
		.ncols = 1,
	},
	/*
	 * A session for its page and its forms; for an instructor only one
	 * it teaches.  Parameters: enum session_get_param.
	 */
	[STMT_SESSION_SHOW] = {
		.name = "session_show",
		.sql = "SELECT s.id, s.course_id, c.code, c.title_ja, "
		       "c.title_en, coalesce(c.pass_mark::text, ''), "
		       "to_char(s.starts_at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD'), to_char(s.starts_at AT TIME ZONE " SQL_TZ
		       ", 'HH24:MI'), to_char(s.ends_at AT TIME ZONE " SQL_TZ
		       ", 'YYYY-MM-DD'), to_char(s.ends_at AT TIME ZONE " SQL_TZ
		       ", 'HH24:MI'), coalesce(s.place, ''), s.capacity, "
		       "coalesce(s.instructor_id::text, ''), "
		       "coalesce(i.login, ''), s.lang, s.status, "
		       "coalesce(s.cancel_reason, ''), "
		       SEATS("'enrolled', 'completed'") ", "
		       SEATS("'waitlisted'") " FROM training_sessions s "
		       "JOIN courses c ON c.id = s.course_id "
		       "LEFT JOIN staff_accounts i ON i.id = s.instructor_id "
		       "WHERE s.id = $1::bigint AND ($2::bigint IS NULL "
		       "OR s.instructor_id = $2::bigint)",
		.nparams = SGP__MAX,
		.ncols = SSH__MAX,
	},
	/*
	 * The roster (holding a seat or done), then the waitlist in its
	 * order: one range of the index enrolments_session.
	 */
	[STMT_SESSION_ROSTER] = {
		.name = "session_roster",
		.sql = "SELECT e.id, e.state, a.reference, a.id, "
		       "a.family_kanji || ' ' || a.given_kanji, "
		       "a.family_romaji || ' ' || a.given_romaji, "
		       "coalesce(e.response, ''), coalesce(e.attendance, ''), "
		       "coalesce(e.score::text, ''), coalesce(e.result, ''), "
		       "coalesce(e.completed_on::text, '') FROM enrolments e "
		       "JOIN applications a ON a.id = e.application_id "
		       "WHERE e.session_id = $1::bigint AND e.state IN "
		       "('enrolled', 'completed', 'waitlisted') "
		       "ORDER BY e.state = 'waitlisted', e.id",
		.nparams = 1,
		.ncols = ROS__MAX,
	},
	/* Parameters: enum session_param.  Not for a retired course. */
	[STMT_SESSION_ADD] = {
		.name = "session_add",
		.sql = "INSERT INTO training_sessions (course_id, starts_at, "
		       "ends_at, place, capacity, instructor_id, lang) "
		       "SELECT c.id, " JST_AT("$2", "$3") ", "
		       JST_AT("$4", "$5") ", nullif($6, ''), $7::integer, "
		       "nullif($8, '')::bigint, $9::ui_lang FROM courses c "
		       "WHERE c.id = $1::bigint AND c.retired_at IS NULL "
		       "RETURNING id",
		.nparams = SEP__MAX,
		.ncols = 1,
	},
	/* Parameters: enum session_param, $1 the session's id. */
	[STMT_SESSION_EDIT] = {
		.name = "session_edit",
		.sql = "UPDATE training_sessions SET starts_at = "
		       JST_AT("$2", "$3") ", ends_at = " JST_AT("$4", "$5") ", "
		       "place = nullif($6, ''), capacity = $7::integer, "
		       "instructor_id = nullif($8, '')::bigint, "
		       "lang = $9::ui_lang WHERE id = $1::bigint "
		       "AND status = 'scheduled' RETURNING id",
		.nparams = SEP__MAX,
		.ncols = 1,
	},
	/* The trigger ends the enrolments and queues the notices. */
	[STMT_SESSION_CANCEL] = {
		.name = "session_cancel",
		.sql = "UPDATE training_sessions SET status = 'cancelled', "
		       "cancel_reason = $2 WHERE id = $1::bigint "
		       "AND status = 'scheduled' RETURNING id",
		.nparams = 2,
		.ncols = 1,
	},
	[STMT_SESSION_COMPLETE] = {
		.name = "session_complete",
		.sql = "UPDATE training_sessions SET status = 'completed' "
		       "WHERE id = $1::bigint AND status = 'scheduled' "
		       "RETURNING id",
		.nparams = 1,
		.ncols = 1,
	},
	/* The instructors a session may name (enum option_col). */
	[STMT_SESSION_INSTRUCTORS] = {
		.name = "session_instructors",
		.sql = "SELECT id::text, login, login FROM staff_accounts "
		       "WHERE role = 'instructor' AND disabled_at IS NULL "
		       "ORDER BY login",
		.nparams = 0,
		.ncols = OC__MAX,
	},
	/*
	 * Records attendance and results (enum results_param) for the
	 * session's participants, changing only what differs, and returns
	 * the changed enrolments before and after by id (the result as the
	 * database decided it from a pass mark).  With a pass mark the
	 * result is the score's, so only the other values are compared.
	 */
	[STMT_SESSION_RESULTS] = {
		.name = "session_results",
		.sql = "WITH v AS (SELECT * FROM unnest($2::bigint[], "
		       "$3::text[], $4::smallint[], $5::text[], $6::date[]) "
		       "AS v (id, attendance, score, result, completed_on)), "
		       "old AS (SELECT e.id, c.pass_mark, jsonb_build_object("
		       "'attendance', e.attendance, 'score', e.score, "
		       "'result', e.result, 'completed_on', e.completed_on) AS j "
		       "FROM enrolments e JOIN v ON v.id = e.id JOIN courses c "
		       "ON c.id = e.course_id WHERE e.session_id = $1::bigint "
		       "AND e.state IN ('enrolled', 'completed') "
		       "FOR UPDATE OF e), "
		       "upd AS (UPDATE enrolments e SET attendance = "
		       "v.attendance, score = v.score, result = v.result, "
		       "completed_on = v.completed_on FROM v, old "
		       "WHERE v.id = e.id AND old.id = e.id AND ((e.attendance, "
		       "e.score, e.completed_on) IS DISTINCT FROM (v.attendance, "
		       "v.score, v.completed_on) OR (old.pass_mark IS NULL AND "
		       "e.result IS DISTINCT FROM v.result)) RETURNING e.id, "
		       "jsonb_build_object('attendance', e.attendance, 'score', "
		       "e.score, 'result', e.result, 'completed_on', "
		       "e.completed_on) AS j) "
		       "SELECT coalesce(jsonb_object_agg(old.id, old.j) FILTER "
		       "(WHERE upd.id IS NOT NULL), '{}')::text, "
		       "coalesce(jsonb_object_agg(upd.id, upd.j) FILTER (WHERE "
		       "upd.id IS NOT NULL), '{}')::text, count(upd.id) "
		       "FROM old LEFT JOIN upd ON upd.id = old.id",
		.nparams = RP__MAX,
		.ncols = RSC__MAX,
	},
	/* An instructor's sessions, latest first. */
	[STMT_TEACH_LIST] = {
		.name = "teach_list",
		.sql = SESSION_LIST "WHERE s.instructor_id = $1::bigint "
		       "ORDER BY s.starts_at DESC LIMIT 200",
		.nparams = 1,
		.ncols = TSL__MAX,
	},
	/* The external courses a certificate may be recorded for. */
	[STMT_CERT_COURSES] = {
		.name = "cert_courses",
		.sql = "SELECT id::text, code || ' ' || title_ja, "
		       "code || ' ' || title_en FROM courses "
		       "WHERE delivery = 'external' AND retired_at IS NULL "
		       "ORDER BY code",
		.nparams = 0,
		.ncols = OC__MAX,
	},
	/*
	 * An external course's certificate with its evidence (enum
	 * cert_param; the content binary); no row for an unknown
	 * application or a course that is not an open external one.
	 */
	[STMT_CERT_ADD] = {
		.name = "cert_add",
		.sql = "WITH c AS (INSERT INTO certificates (application_id, "
		       "course_id, completed_on, validity_months, recorded_by) "
		       "SELECT a.id, co.id, $3::date, co.validity_months, "
		       "$4::bigint FROM applications a, courses co "
		       "WHERE a.id = $1::bigint AND co.id = $2::bigint "
		       "AND co.delivery = 'external' AND co.retired_at IS NULL "
		       "RETURNING id, valid_until), ev AS (INSERT INTO "
		       "certificate_evidence (certificate_id, filename, content) "
		       "SELECT id, $5, $6::bytea FROM c) "
		       "SELECT id, coalesce(valid_until::text, '') FROM c",
		.nparams = CEP__MAX,
		.ncols = CEC__MAX,
	},
	/* A certificate's evidence as a download (enum stmt_file_col). */
	[STMT_CERT_EVIDENCE] = {
		.name = "cert_evidence",
		.sql = "SELECT ce.filename, ce.content, a.reference "
		       "FROM certificate_evidence ce JOIN certificates c "
		       "ON c.id = ce.certificate_id JOIN applications a "
		       "ON a.id = c.application_id "
		       "WHERE ce.certificate_id = $1::bigint",
		.nparams = 1,
		.ncols = FILE__MAX,
	},
};
