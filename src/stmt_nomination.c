/*
 * The liaison officers' pages: a ministry's nominations, listed, exported,
 * submitted, shown and withdrawn.
 */
#include "stmt_nomination.h"

/*
 * A ministry's nomination in one statement, as a public application is
 * (see SQL_APPLICATION_INSERT_APP in stmt_apply.c): the application (source
 * 'seconded', ministry $3; the public-only columns stay NULL), the nomination's
 * details (with the liaison $21, whom the history names as the
 * submitter), its letter and the CV.  The period's start is the earliest
 * start.
 */
/* clang-format off */
#define SQL_NOMINATION_INSERT                                                  \
	"WITH app AS (INSERT INTO applications (reference, form_token_hash, "  \
	"source, ministry, lang, family_kanji, given_kanji, family_kana, "     \
	"given_kana, family_romaji, given_romaji, birth_date, "                \
	"japanese_national, email, phone, earliest_start, max_months, "        \
	"expertise, operations, privacy_version, declaration, email_key, "     \
	"kana_key, languages, search_key, language_other) "                    \
	"VALUES ($1::text, $2::bytea, 'seconded', $3::text, "                  \
	"$4::text, $5::text, $6::text, $7::text, $8::text, $9::text, "         \
	"$10::text, $11::date, true, $12::text, $13::text, $14::date, "        \
	"$15::smallint, $16::text[], $17::text[], $18::text, true, "           \
	"$19::text, $20::text, $33::text[], $34::text, $35::text) "            \
	"ON CONFLICT (form_token_hash) WHERE status_token_hash IS NULL "       \
	"DO NOTHING RETURNING id, reference), "                                \
	"nom AS (INSERT INTO nominations (application_id, account_id, "        \
	"department, post, grade, period_start, period_end, supervisor_name, " \
	"supervisor_title, consent_date) SELECT app.id, $21::bigint, "         \
	"$22::text, $23::text, $24::text, $14::date, $25::date, $26::text, "   \
	"$27::text, $28::date FROM app), "                                     \
	"letter AS (INSERT INTO nomination_letters SELECT app.id, $29::text, " \
	"$30::bytea FROM app), "                                               \
	"cv AS (INSERT INTO application_cvs SELECT app.id, $31::text, "        \
	"$32::bytea FROM app WHERE $32::bytea IS NOT NULL) "                   \
	"SELECT id, reference FROM app"

/*
 * What a liaison sees of one nomination of ministry $2: "fields" under
 * the nomination form's field names (so its table drives the page), the
 * record, the history (the Secretariat's changes without the reviewer's
 * name) and the Secretariat's messages, oldest first.
 */
#define SQL_NOMINATION_GET                                                     \
	"SELECT jsonb_build_object('family_kanji', a.family_kanji, "           \
	"'given_kanji', a.given_kanji, 'family_kana', a.family_kana, "         \
	"'given_kana', a.given_kana, 'family_romaji', a.family_romaji, "       \
	"'given_romaji', a.given_romaji, "                                     \
	"'birth_date', to_char(a.birth_date, 'YYYY-MM-DD'), "                  \
	"'department', n.department, 'post', n.post, 'grade', n.grade, "       \
	"'email', a.email, 'phone', a.phone, 'expertise', a.expertise, "       \
	"'operations', a.operations, "                                         \
	"'period_start', to_char(n.period_start, 'YYYY-MM-DD'), "              \
	"'period_end', to_char(n.period_end, 'YYYY-MM-DD'), "                  \
	"'supervisor_name', n.supervisor_name, "                               \
	"'supervisor_title', n.supervisor_title, 'officer_consent', '1', "     \
	"'consent_date', to_char(n.consent_date, 'YYYY-MM-DD'), "              \
	"'declaration', '1') || " SQL_LANGUAGE_FIELDS ", "                     \
	"a.reference, a.status, a.version, "                                   \
	"to_char(a.created_at AT TIME ZONE " SQL_TZ ", 'YYYY-MM-DD HH24:MI'), "\
	"to_char(a.updated_at AT TIME ZONE " SQL_TZ ", 'YYYY-MM-DD HH24:MI'), "\
	"lt.filename, octet_length(lt.content), coalesce(c.filename, ''), "    \
	"coalesce(octet_length(c.content), 0), "                               \
	"(SELECT coalesce(json_agg(json_build_object("                         \
	"'at', to_char(h.at AT TIME ZONE " SQL_TZ ", 'YYYY-MM-DD HH24:MI'), "  \
	"'login', CASE WHEN h.actor = 'ministry' THEN s.login END, "           \
	"'from', h.from_status, 'to', h.to_status) "                           \
	"ORDER BY h.at, h.id), '[]') "                                         \
	"FROM application_history h "                                          \
	"LEFT JOIN staff_accounts s ON s.id = h.account_id "                   \
	"WHERE h.application_id = a.id), "                                     \
	"(SELECT coalesce(json_agg(json_build_object("                         \
	"'at', to_char(m.at AT TIME ZONE " SQL_TZ ", 'YYYY-MM-DD HH24:MI'), "  \
	"'body', m.body) ORDER BY m.at, m.id), '[]') "                         \
	"FROM nomination_messages m WHERE m.application_id = a.id) "           \
	"FROM applications a JOIN nominations n ON n.application_id = a.id "   \
	"JOIN nomination_letters lt ON lt.application_id = a.id "              \
	"LEFT JOIN application_cvs c ON c.application_id = a.id "              \
	"WHERE a.id = $1::bigint AND a.ministry = $2::text"
/* clang-format on */

const struct stmt_def stmt_nomination[STMT_NOMINATION__MAX] = {
	/*
	 * The liaison officers' pages (page_ministry.c, page_nomination*.c).
	 * Every statement names the ministry ($2 or $3) in its WHERE clause:
	 * another ministry's nomination, a public application and an
	 * unknown id all find no row, and the page answers 404.
	 */
	[STMT_NOMINATION_INSERT] = {
		.name = "nomination_insert",
		.sql = SQL_NOMINATION_INSERT,
		.nparams = NI__MAX,
		.ncols = NIC__MAX,
	},
	[STMT_NOMINATION_BY_FORM_TOKEN] = {
		.name = "nomination_by_form_token",
		.sql = "SELECT id, reference FROM applications "
		       "WHERE form_token_hash = $1 AND status_token_hash IS NULL "
		       "AND ministry = $2::text",
		.nparams = NTP__MAX,
		.ncols = NIC__MAX,
	},
	/*
	 * A page of the ministry's nominations, newest first: 51 rows after
	 * the nomination $2 (a keyset on the ministry's index).
	 */
	[STMT_NOMINATION_LIST] = {
		.name = "nomination_list",
		.sql = "SELECT a.id, a.reference, "
		       "a.family_kanji || ' ' || a.given_kanji, a.status, "
		       "to_char(a.updated_at AT TIME ZONE " SQL_TZ ", 'YYYY-MM-DD') "
		       "FROM applications a WHERE a.ministry = $1::text "
		       "AND ($2::bigint IS NULL "
		       "OR (a.created_at, a.id) < (SELECT c.created_at, c.id "
		       "FROM applications c WHERE c.id = $2::bigint "
		       "AND c.ministry = $1::text)) ORDER BY a.created_at DESC, "
		       "a.id DESC LIMIT 51",
		.nparams = 2,
		.ncols = NL__MAX,
	},
	[STMT_NOMINATION_CSV] = {
		.name = "nomination_csv",
		.sql = "SELECT a.reference, a.status, a.family_kanji, "
		       "a.given_kanji, a.family_kana, a.given_kana, "
		       "a.family_romaji, a.given_romaji, "
		       "to_char(a.birth_date, 'YYYY-MM-DD'), n.department, n.post, "
		       "n.grade, to_char(n.period_start, 'YYYY-MM-DD'), "
		       "to_char(n.period_end, 'YYYY-MM-DD'), "
		       "to_char(a.created_at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD HH24:MI'), "
		       "to_char(a.updated_at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD HH24:MI') FROM applications a "
		       "JOIN nominations n ON n.application_id = a.id "
		       "WHERE a.ministry = $1::text ORDER BY a.created_at DESC, "
		       "a.id DESC",
		.nparams = 1,
		.ncols = NOMINATION_CSV_COLS,
	},
	[STMT_NOMINATION_GET] = {
		.name = "nomination_get",
		.sql = SQL_NOMINATION_GET,
		.nparams = 2,
		.ncols = NG__MAX,
	},
	[STMT_NOMINATION_LETTER] = {
		.name = "nomination_letter",
		.sql = "SELECT l.filename, l.content, a.reference "
		       "FROM nomination_letters l JOIN applications a "
		       "ON a.id = l.application_id WHERE a.id = $1::bigint "
		       "AND a.ministry = $2::text",
		.nparams = 2,
		.ncols = FILE__MAX,
	},
	[STMT_NOMINATION_CV] = {
		.name = "nomination_cv",
		.sql = "SELECT c.filename, c.content, a.reference "
		       "FROM application_cvs c JOIN applications a "
		       "ON a.id = c.application_id WHERE a.id = $1::bigint "
		       "AND a.ministry = $2::text",
		.nparams = 2,
		.ncols = FILE__MAX,
	},
	/*
	 * The liaison $4 withdraws the nomination: only from the version
	 * and status $3 the page showed (no row back: it changed since).
	 */
	[STMT_NOMINATION_WITHDRAW] = {
		.name = "nomination_withdraw",
		.sql = "WITH upd AS (UPDATE applications SET status = 'withdrawn', "
		       "version = version + 1, updated_at = now() "
		       "WHERE id = $1::bigint AND ministry = $2::text "
		       "AND status = $3::text AND version = $5::integer "
		       "RETURNING id, version), "
		       "hist AS (INSERT INTO application_status_history "
		       "(application_id, from_status, to_status, actor, "
		       "account_id) SELECT id, $3::text, 'withdrawn', 'ministry', "
		       "$4::bigint FROM upd) SELECT version "
		       "FROM upd",
		.nparams = NWP__MAX,
		.ncols = 1,
	},
};
