#include "stmt.h"

/*
 * One submission is one statement, so it commits atomically in one round
 * trip: the application, its languages, the CV, the first history row and the
 * possible duplicates.  ON CONFLICT on the form token makes a retried
 * submission insert nothing (the caller then looks the first one up).
 * The duplicate CTE reads the snapshot from before the insert, so the new
 * row never matches itself; it links the ten newest matches of each kind,
 * enough for a reviewer and bounded however common a name is.  The
 * parameters are cast to base types: a parameter typed as a domain would
 * look the domain's checks up again for every value bound.
 */
#define SQL_APPLICATION_INSERT                                                 \
	"WITH app AS (INSERT INTO applications (reference, form_token_hash, "  \
	"status_token_hash, lang, family_kanji, given_kanji, family_kana, "    \
	"given_kana, family_romaji, given_romaji, birth_date, gender, "        \
	"japanese_national, email, phone, postcode, prefecture, address, "     \
	"experience_abroad, peace_experience, earliest_start, max_months, "    \
	"emergency_name, emergency_relation, emergency_phone, "                \
	"privacy_version, declaration, email_key, kana_key, expertise, "       \
	"operations) VALUES ($1::text, $2::bytea, $3::bytea, $4::text, "       \
	"$5::text, $6::text, $7::text, $8::text, $9::text, $10::text, "        \
	"$11::date, $12::text, true, $13::text, $14::text, $15::text, "        \
	"$16::smallint, $17::text, $18::text, $19::text, $20::date, "          \
	"$21::smallint, $22::text, $23::text, $24::text, $25::text, true, "    \
	"$26::text, $27::text, $31::text[], $32::text[]) "                     \
	"ON CONFLICT (form_token_hash) DO NOTHING RETURNING id, reference), "  \
	"lang AS (INSERT INTO application_languages SELECT app.id, l.lang, "   \
	"l.level, CASE WHEN l.lang = 'other' THEN $30::text END FROM app, "    \
	"unnest($28::text[], $29::text[]) AS l(lang, level)), "                \
	"cv AS (INSERT INTO application_cvs SELECT app.id, $33::text, $34 "    \
	"FROM app WHERE $34::bytea IS NOT NULL), "                             \
	"hist AS (INSERT INTO application_status_history (application_id, "    \
	"to_status, actor) SELECT app.id, 'submitted', 'applicant' FROM "      \
	"app), "                                                               \
	"dup AS (INSERT INTO application_duplicates SELECT app.id, d.id, "     \
	"d.reason FROM app, ((SELECT id, 'email' AS reason FROM applications " \
	"WHERE email_key = $26 ORDER BY id DESC LIMIT 10) UNION ALL "          \
	"(SELECT id, 'kana_birth' FROM applications WHERE kana_key = $27 "     \
	"AND birth_date = $11::date ORDER BY id DESC LIMIT 10)) AS d) "        \
	"SELECT id, reference FROM app"

const struct stmt_def stmt_defs[STMT__MAX] = {
	[STMT_SCHEMA_VERSION] = { "schema_version", "SELECT max(version) FROM "
						    "schema_migrations" },
	[STMT_APPLICATION_INSERT] = { "application_insert",
				      SQL_APPLICATION_INSERT },
	[STMT_APPLICATION_BY_FORM_TOKEN] = { "application_by_form_token",
					     "SELECT id, reference FROM "
					     "applications "
					     "WHERE form_token_hash = $1" },
	[STMT_APPLICATION_BY_STATUS_TOKEN] = { "application_by_status_token",
					       "SELECT reference, status, "
					       "to_char(created_at AT TIME "
					       "ZONE "
					       "'Asia/Tokyo', 'YYYY-MM-DD'), "
					       "to_char(updated_at AT TIME "
					       "ZONE "
					       "'Asia/Tokyo', 'YYYY-MM-DD') "
					       "FROM applications "
					       "WHERE status_token_hash = $1" },
	[STMT_APPLICATION_WITHDRAW] = { "application_withdraw",
					"WITH upd AS (UPDATE applications SET "
					"status = 'withdrawn', "
					"version = version + 1, updated_at = "
					"now() "
					"WHERE status_token_hash = $1 AND "
					"status IN ('submitted', "
					"'screening') RETURNING id, "
					"(SELECT status FROM applications "
					"WHERE status_token_hash = $1) "
					"AS old), "
					"hist AS (INSERT INTO "
					"application_status_history "
					"(application_id, "
					"from_status, to_status, actor) SELECT "
					"id, old, 'withdrawn', "
					"'applicant' FROM upd) SELECT id FROM "
					"upd" },
};
