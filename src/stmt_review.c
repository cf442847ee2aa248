/*
 * One application on the reviewer's page (page_review_app.c, review_app.c): its
 * record, CV, notes, decision, and a seconded application's nomination, letter
 * and messages to the ministry.
 */
#include "stmt_review.h"

/*
 * Issue 13: a notice of kind to each liaison officer of the nominating
 * ministry who has an e-mail address and can sign in, one outbox row
 * each in the account's language, for the application whose id the CTE
 * src returns.  data: the reference, the ministry's code, the id (the
 * mail links to /ministry/nominations/<id>) and status (NULL: none).
 * Never the message or the reason: the liaison reads them on the page.
 */
#define SQL_LIAISON_NOTICE(kind, src, status)                                  \
	"INSERT INTO mail_outbox (kind, lang, recipient, application_id, "     \
	"data) SELECT '" kind "', s.lang, s.email, a.id, "                     \
	"jsonb_strip_nulls(jsonb_build_object('reference', a.reference, "      \
	"'ministry', a.ministry, 'id', a.id::text, 'status', " status ")) "    \
	"FROM " src " JOIN applications a ON a.id = " src ".id "               \
	"JOIN staff_accounts s ON s.ministry = a.ministry "                    \
	"AND s.disabled_at IS NULL AND s.email IS NOT NULL"

const struct stmt_def stmt_review[STMT_REVIEW__MAX] = {
	/*
	 * One application for a reviewer, in one round trip: "fields" holds
	 * what the applicant entered under the apply form's field names (so
	 * the form's table drives the page), then the record's own data, and
	 * the newest fifty possible duplicates, the history and the notes as
	 * JSON arrays.  Times are shown in Japan time.
	 */
	[STMT_REVIEW_APP] = {
		.name = "review_app",
		.sql = "SELECT jsonb_build_object('family_kanji', a.family_kanji, "
		       "'given_kanji', a.given_kanji, 'family_kana', "
		       "a.family_kana, 'given_kana', a.given_kana, "
		       "'family_romaji', a.family_romaji, 'given_romaji', "
		       "a.given_romaji, 'birth_date', "
		       "to_char(a.birth_date, 'YYYY-MM-DD'), 'gender', a.gender, "
		       "'nationality', CASE WHEN a.japanese_national THEN 'yes' "
		       "ELSE 'no' END, 'email', a.email, 'phone', a.phone, "
		       "'postcode', a.postcode, 'prefecture', a.prefecture::text, "
		       "'address', a.address, 'expertise', a.expertise, "
		       "'experience_abroad', a.experience_abroad, "
		       "'peace_experience', a.peace_experience, 'operations', "
		       "a.operations, 'earliest_start', "
		       "to_char(a.earliest_start, 'YYYY-MM-DD'), 'max_months', "
		       "a.max_months::text, 'emergency_name', a.emergency_name, "
		       "'emergency_relation', a.emergency_relation, "
		       "'emergency_phone', a.emergency_phone, 'cv', c.filename, "
		       "'privacy', true, 'declaration', a.declaration) "
		       "|| " SQL_LANGUAGE_FIELDS ", a.reference, a.status, "
		       "a.version, a.source, coalesce(m.name_ja, ''), "
		       "coalesce(m.name_en, ''), a.lang, a.privacy_version, "
		       "to_char(a.created_at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD HH24:MI'), "
		       "to_char(a.updated_at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD HH24:MI'), "
		       "coalesce(octet_length(c.content), 0), "
		       "(SELECT coalesce(json_agg(json_build_object('id', o.id, "
		       "'reference', o.reference, 'name', "
		       "o.family_kanji || ' ' || o.given_kanji, 'status', "
		       "o.status, 'reasons', d.reasons) ORDER BY o.id DESC), '[]') "
		       "FROM (SELECT other_id, "
		       "array_agg(reason ORDER BY reason) AS reasons "
		       "FROM application_duplicates WHERE application_id = a.id "
		       "GROUP BY other_id ORDER BY other_id DESC LIMIT 50) d "
		       "JOIN applications o ON o.id = d.other_id), "
		       "(SELECT coalesce(json_agg(json_build_object('at', "
		       "to_char(h.at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD HH24:MI'), 'login', s.login, 'from', "
		       "h.from_status, 'to', h.to_status, 'reason', h.reason) "
		       "ORDER BY h.at, h.id), '[]') FROM application_history h "
		       "LEFT JOIN staff_accounts s ON s.id = h.account_id "
		       "WHERE h.application_id = a.id), "
		       "(SELECT coalesce(json_agg(json_build_object('at', "
		       "to_char(n.at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD HH24:MI'), 'login', s.login, 'body', n.body) "
		       "ORDER BY n.at, n.id), '[]') FROM application_notes n "
		       "JOIN staff_accounts s ON s.id = n.account_id "
		       "WHERE n.application_id = a.id) "
		       "FROM applications a LEFT JOIN ministries m "
		       "ON m.code = a.ministry LEFT JOIN application_cvs c "
		       "ON c.application_id = a.id WHERE a.id = $1::bigint",
		.nparams = 1,
		.ncols = RC__MAX,
	},
	[STMT_REVIEW_CV] = {
		.name = "review_cv",
		.sql = "SELECT c.filename, c.content, a.reference "
		       "FROM application_cvs c JOIN applications a "
		       "ON a.id = c.application_id "
		       "WHERE c.application_id = $1::bigint",
		.nparams = 1,
		.ncols = FILE__MAX,
	},
	/* No row back: there is no such application. */
	[STMT_REVIEW_NOTE_ADD] = {
		.name = "review_note_add",
		.sql = "INSERT INTO application_notes (application_id, account_id, "
		       "body) SELECT id, $2::bigint, $3::text "
		       "FROM applications WHERE id = $1::bigint "
		       "RETURNING id",
		.nparams = 3,
		.ncols = 1,
	},
	/*
	 * A reviewer's decision: only from the version and status the form
	 * was made from (no row back: someone changed it first), with its
	 * history row.  The trigger refuses a change the state machine does
	 * not allow.  A decision (accepted, rejected) is a notice: on a
	 * public application to the applicant (status_mail), unless they
	 * opted out: the reference and the status, never the reason; on a
	 * nomination to the ministry's liaison officers (liaison_mail).
	 */
	[STMT_REVIEW_DECIDE] = {
		.name = "review_decide",
		.sql = "WITH upd AS (UPDATE applications SET status = $4::text, "
		       "version = version + 1, updated_at = now() "
		       "WHERE id = $1::bigint AND version = $2::integer "
		       "AND status = $3::text RETURNING id, version, source, "
		       "mail_opt_out, lang, email, reference), "
		       "hist AS (INSERT INTO application_status_history "
		       "(application_id, from_status, to_status, actor, "
		       "account_id, reason) SELECT id, $3::text, $4::text, "
		       "$7::text, $6::bigint, $5::text "
		       "FROM upd), "
		       "liaison_mail AS (" SQL_LIAISON_NOTICE(
			   "nomination_decision", "upd", "$4::text") " WHERE "
		       "$4::text IN ('accepted', 'rejected')), "
		       "status_mail AS (INSERT INTO mail_outbox (kind, lang, "
		       "recipient, application_id, data) "
		       "SELECT 'status_changed', lang, "
		       "email, id, jsonb_build_object('reference', reference, "
		       "'status', $4::text) FROM upd WHERE source = 'public' "
		       "AND NOT mail_opt_out "
		       "AND $4::text IN ('accepted', 'rejected')) "
		       "SELECT version FROM upd",
		.nparams = RDP__MAX,
		.ncols = 1,
	},
	/*
	 * What the ministry said about a seconded application (empty when
	 * it has no nomination row), its letter's name and size, and the
	 * messages to the ministry as a JSON array, oldest first.
	 */
	[STMT_REVIEW_NOMINATION] = {
		.name = "review_nomination",
		.sql = "SELECT coalesce(n.department, ''), coalesce(n.post, ''), "
		       "coalesce(n.grade, ''), "
		       "coalesce(to_char(n.period_start, 'YYYY-MM-DD'), ''), "
		       "coalesce(to_char(n.period_end, 'YYYY-MM-DD'), ''), "
		       "coalesce(n.supervisor_name, ''), "
		       "coalesce(n.supervisor_title, ''), "
		       "coalesce(to_char(n.consent_date, 'YYYY-MM-DD'), ''), "
		       "coalesce(s.login, ''), coalesce(l.filename, ''), "
		       "coalesce(octet_length(l.content), 0), "
		       "(SELECT coalesce(json_agg(json_build_object('at', "
		       "to_char(m.at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD HH24:MI'), 'login', ms.login, 'body', m.body) "
		       "ORDER BY m.at, m.id), '[]') FROM nomination_messages m "
		       "JOIN staff_accounts ms ON ms.id = m.account_id "
		       "WHERE m.application_id = a.id) "
		       "FROM applications a LEFT JOIN nominations n "
		       "ON n.application_id = a.id LEFT JOIN staff_accounts s "
		       "ON s.id = n.account_id LEFT JOIN nomination_letters l "
		       "ON l.application_id = a.id WHERE a.id = $1::bigint "
		       "AND a.source = 'seconded'",
		.nparams = 1,
		.ncols = NC__MAX,
	},
	[STMT_REVIEW_NOMINATION_LETTER] = {
		.name = "review_nomination_letter",
		.sql = "SELECT l.filename, l.content, a.reference "
		       "FROM nomination_letters l JOIN applications a "
		       "ON a.id = l.application_id "
		       "WHERE l.application_id = $1::bigint",
		.nparams = 1,
		.ncols = FILE__MAX,
	},
	/*
	 * No row back: there is no such seconded application.  A notice
	 * to the ministry's liaison officers with it.
	 */
	[STMT_REVIEW_MESSAGE_ADD] = {
		.name = "nomination_message_add",
		.sql = "WITH msg AS (INSERT INTO nomination_messages "
		       "(application_id, account_id, body) SELECT id, "
		       "$2::bigint, $3::text FROM applications "
		       "WHERE id = $1::bigint AND source = 'seconded' "
		       "RETURNING id, application_id), "
		       "app AS (SELECT application_id AS id FROM msg), "
		       "liaison_mail AS (" SQL_LIAISON_NOTICE(
			   "nomination_message", "app", "NULL::text") ") "
		       "SELECT id FROM msg",
		.nparams = 3,
		.ncols = 1,
	},
};
