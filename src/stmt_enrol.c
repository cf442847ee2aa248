/* The enrolment statements; see stmt_enrol.h. */
#include "stmt_enrol.h"

/* A course's title in the language $2 ('ja' or 'en'). */
#define COURSE_TITLE                                                           \
	"CASE $2::text WHEN 'en' THEN c.title_en ELSE c.title_ja END"

/* A time as Japan's date and time, "YYYY-MM-DD HH24:MI". */
#define JST_MINUTE(x)                                                          \
	"to_char(" x " AT TIME ZONE " SQL_TZ ", 'YYYY-MM-DD HH24:MI')"

/*
 * A person's training: the enrolments (newest session first) and the
 * certificates (latest completion first, valid: not past valid_until in
 * Japan's today) of the application a that the WHERE clause w selects.
 */
#define PERSON_SQL(w)                                                                                            \
	"SELECT coalesce((SELECT jsonb_agg(jsonb_build_object('id', e.id, "                                      \
	"'session', s.id, 'course', " COURSE_TITLE ", "                                                          \
	"'starts', " JST_MINUTE(                                                                                 \
	    "s.starts_at") ", "                                                                                  \
			   "'ends', " JST_MINUTE(                                                                \
			       "s.ends_at") ", 'place', s.place, "                                               \
					    "'session_status', s.status, 'state', e.state, "                     \
					    "'response', e.response, 'end_reason', e.end_reason, "               \
					    "'result', e.result, 'completed_on', e.completed_on) "               \
					    "ORDER BY s.starts_at DESC, e.id DESC) FROM enrolments e "           \
					    "JOIN training_sessions s ON s.id = e.session_id "                   \
					    "JOIN courses c ON c.id = e.course_id "                              \
					    "WHERE e.application_id = a.id), '[]'), "                            \
					    "coalesce((SELECT jsonb_agg(jsonb_build_object('id', x.id, "         \
					    "'course', " COURSE_TITLE                                            \
					    ", 'completed_on', x.completed_on, "                                 \
					    "'valid_until', x.valid_until, 'external', x.enrolment_id IS NULL, " \
					    "'valid', x.valid_until IS NULL OR x.valid_until >= "                \
					    "(now() AT TIME ZONE " SQL_TZ                                        \
					    ")::date) "                                                          \
					    "ORDER BY x.completed_on DESC, x.id DESC) FROM certificates x "      \
					    "JOIN courses c ON c.id = x.course_id "                              \
					    "WHERE x.application_id = a.id), '[]') "                             \
					    "FROM applications a WHERE " w

/*
 * The person's answer to an invitation ($3 'confirmed' or 'declined'):
 * a decline ends an open enrolment (a seat freed goes to the waitlist,
 * by the database's trigger), a confirmation marks a held seat.  The
 * session's row is locked before the enrolment's, in the order the
 * database's own triggers take them, so that a cancellation running at
 * the same time waits instead of deadlocking.  w says whose it is.
 */
#define ANSWER_SQL(w)                                                           \
	"WITH s AS (SELECT id FROM training_sessions WHERE id = "               \
	"(SELECT session_id FROM enrolments WHERE id = $1::bigint) "            \
	"FOR UPDATE), o AS (SELECT e.id, e.state, e.response "                  \
	"FROM enrolments e JOIN s ON s.id = e.session_id "                      \
	"JOIN applications a ON a.id = e.application_id "                       \
	"WHERE e.id = $1::bigint AND " w " AND ($3::text = 'declined' "         \
	"AND e.state IN ('enrolled', 'waitlisted') OR $3::text = "              \
	"'confirmed' AND e.state = 'enrolled') FOR UPDATE OF e) "               \
	"UPDATE enrolments e SET response = $3::text, "                         \
	"state = CASE $3::text WHEN 'declined' THEN 'ended' ELSE e.state END, " \
	"end_reason = CASE $3::text WHEN 'declined' THEN 'declined' END, "      \
	"ended_at = CASE $3::text WHEN 'declined' THEN now() END "              \
	"FROM o WHERE e.id = o.id RETURNING e.application_id, e.session_id, "   \
	"o.state, coalesce(o.response, ''), e.state, e.response"

const struct stmt_def stmt_enrol[STMT_ENROL__MAX] = {
	/*
	 * Enrols every id of the array $2 in session $1 as account $3, in
	 * the array's order (earlier ones take the free seats), and audits
	 * each enrolment made (login $4, client $5): one statement, so that
	 * 200 people take one round trip.  training_enrol() answers a
	 * refusal instead of failing, so each id gets its answer.
	 */
	[STMT_ENROL_BULK] = {
		.name = "enrol_bulk",
		.sql = "WITH r AS MATERIALIZED (SELECT u.n, u.id, "
		       "training_enrol($1::bigint, u.id, $3::bigint) AS result "
		       "FROM unnest($2::bigint[]) WITH ORDINALITY u(id, n)), "
		       "au AS (INSERT INTO audit_log (account_id, login, action, "
		       "object_type, object_id, client_addr, after) "
		       "SELECT $3::bigint, $4::text, 'enrolment.add', "
		       "'application', r.id::text, $5::inet, "
		       "jsonb_build_object('session', $1::bigint, "
		       "'state', r.result) FROM r "
		       "WHERE r.result IN ('enrolled', 'waitlisted')) "
		       "SELECT r.id, coalesce(a.reference, ''), "
		       "coalesce(a.family_kanji || ' ' || a.given_kanji, ''), "
		       "r.result FROM r LEFT JOIN applications a ON a.id = r.id "
		       "ORDER BY r.n",
		.nparams = EBP__MAX,
		.ncols = EBC__MAX,
	},
	/* Session $1 as the result page names it, course in language $2. */
	[STMT_ENROL_SESSION] = {
		.name = "enrol_session",
		.sql = "SELECT " COURSE_TITLE ", " JST_MINUTE("s.starts_at") ", "
		       JST_MINUTE("s.ends_at") ", coalesce(s.place, ''), "
		       "s.status, s.capacity, "
		       "(SELECT count(*) FROM enrolments e WHERE "
		       "e.session_id = s.id AND e.state = 'enrolled'), "
		       "(SELECT count(*) FROM enrolments e WHERE "
		       "e.session_id = s.id AND e.state = 'waitlisted') "
		       "FROM training_sessions s JOIN courses c "
		       "ON c.id = s.course_id WHERE s.id = $1::bigint",
		.nparams = 2,
		.ncols = ESC__MAX,
	},
	/*
	 * The sessions one can be enrolled in (scheduled, not yet begun),
	 * soonest first, with free seats and the waitlist; $1 the language.
	 */
	[STMT_ENROL_OPEN_SESSIONS] = {
		.name = "enrol_open_sessions",
		.sql = "SELECT s.id, CASE $1::text WHEN 'en' THEN c.title_en "
		       "ELSE c.title_ja END, " JST_MINUTE("s.starts_at") ", "
		       "greatest(s.capacity - (SELECT count(*) FROM enrolments e "
		       "WHERE e.session_id = s.id AND e.state = 'enrolled'), 0), "
		       "(SELECT count(*) FROM enrolments e WHERE "
		       "e.session_id = s.id AND e.state = 'waitlisted') "
		       "FROM training_sessions s JOIN courses c "
		       "ON c.id = s.course_id WHERE s.status = 'scheduled' "
		       "AND s.starts_at > now() ORDER BY s.starts_at, s.id "
		       "LIMIT 200",
		.nparams = 1,
		.ncols = EOC__MAX,
	},
	[STMT_ENROL_PERSON] = {
		.name = "enrol_person",
		.sql = PERSON_SQL("a.id = $1::bigint"),
		.nparams = 2,
		.ncols = EPC__MAX,
	},
	[STMT_ENROL_PERSON_BY_TOKEN] = {
		.name = "enrol_person_by_token",
		.sql = PERSON_SQL("a.status_token_hash = $1::bytea"),
		.nparams = 2,
		.ncols = EPC__MAX,
	},
	/*
	 * Enrolment $1 as the audit's before-state, locked (its session's
	 * row first, see ANSWER_SQL) until the removal's transaction ends.
	 */
	[STMT_ENROL_BEFORE] = {
		.name = "enrol_before",
		.sql = "WITH s AS (SELECT id FROM training_sessions WHERE id = "
		       "(SELECT session_id FROM enrolments WHERE id = $1::bigint) "
		       "FOR UPDATE) SELECT jsonb_build_object('state', e.state, "
		       "'response', e.response, 'session', e.session_id, "
		       "'application', e.application_id) "
		       "FROM enrolments e JOIN s ON s.id = e.session_id "
		       "WHERE e.id = $1::bigint FOR UPDATE OF e",
		.nparams = 1,
		.ncols = 1,
	},
	/* Ends open enrolment $1: removed by staff. */
	[STMT_ENROL_REMOVE] = {
		.name = "enrol_remove",
		.sql = "UPDATE enrolments SET state = 'ended', "
		       "end_reason = 'removed', ended_at = now() "
		       "WHERE id = $1::bigint AND state IN ('enrolled', "
		       "'waitlisted') RETURNING session_id, application_id",
		.nparams = 1,
		.ncols = ERC__MAX,
	},
	/*
	 * Who the waitlist promoted in session $1 in this transaction (the
	 * trigger's update sets updated_at to the transaction's now()).
	 */
	[STMT_ENROL_PROMOTED] = {
		.name = "enrol_promoted",
		.sql = "SELECT id, application_id FROM enrolments "
		       "WHERE session_id = $1::bigint AND state = 'enrolled' "
		       "AND updated_at = now() AND created_at <> now() "
		       "ORDER BY id",
		.nparams = 1,
		.ncols = EPR__MAX,
	},
	[STMT_ENROL_ANSWER_BY_TOKEN] = {
		.name = "enrol_answer_by_token",
		.sql = ANSWER_SQL("a.status_token_hash = $2::bytea"),
		.nparams = 3,
		.ncols = EAC__MAX,
	},
	[STMT_ENROL_ANSWER_BY_MINISTRY] = {
		.name = "enrol_answer_by_ministry",
		.sql = ANSWER_SQL("a.ministry = $2::text AND a.id = $4::bigint"),
		.nparams = EAP__MAX,
		.ncols = EAC__MAX,
	},
};
