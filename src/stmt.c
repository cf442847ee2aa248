#include "stmt.h"

/* A number's define as SQL text. */
#define SQL_NUMBER(n)  SQL_NUMBER_(n)
#define SQL_NUMBER_(n) #n

/*
 * An application's languages as form fields ("lang_en": "fluent", ...,
 * "lang_other_name"), so that a form's own field table lays them out.
 */
#define SQL_LANGUAGE_FIELDS                                                    \
	"coalesce((SELECT jsonb_object_agg('lang_' || split_part(l, ':', 1), " \
	"split_part(l, ':', 2)) FROM unnest(a.languages) l), '{}') || "        \
	"jsonb_build_object('lang_other_name', a.language_other)"

/*
 * One submission is one statement, so it commits atomically in one round
 * trip: the application and, in the second form, the CV.  The history's
 * first event and the possible duplicates are views over this row
 * (migration 20261129000001).  The status token is derived from the form
 * token, so ON CONFLICT on it makes a retried submission insert nothing
 * (the caller then looks the first one up; migration 20261130000001).
 * Without a CV the statement has no second INSERT to set up on every
 * execution.  The parameters are cast to base types: a parameter typed as
 * a domain would look the domain's checks up again for every value bound.
 */
#define SQL_APPLICATION_INSERT_APP                                             \
	"INSERT INTO applications (reference, form_token_hash, "               \
	"status_token_hash, lang, family_kanji, given_kanji, family_kana, "    \
	"given_kana, family_romaji, given_romaji, birth_date, gender, "        \
	"japanese_national, email, phone, postcode, prefecture, address, "     \
	"experience_abroad, peace_experience, earliest_start, max_months, "    \
	"emergency_name, emergency_relation, emergency_phone, "                \
	"privacy_version, declaration, email_key, kana_key, languages, "       \
	"search_key, language_other, expertise, operations) VALUES "           \
	"($1::text, "                                                          \
	"$2::bytea, $3::bytea, $4::text, $5::text, $6::text, $7::text, "       \
	"$8::text, $9::text, $10::text, $11::date, $12::text, true, "          \
	"$13::text, $14::text, $15::text, $16::smallint, $17::text, "          \
	"$18::text, $19::text, $20::date, $21::smallint, $22::text, "          \
	"$23::text, $24::text, $25::text, true, $26::text, $27::text, "        \
	"$28::text[], $29::text, $30::text, $31::text[], $32::text[]) "        \
	"ON CONFLICT (status_token_hash) DO NOTHING RETURNING id, reference"

#define SQL_APPLICATION_INSERT_CV                                              \
	"WITH app AS (" SQL_APPLICATION_INSERT_APP "), "                       \
	"cv AS (INSERT INTO application_cvs SELECT app.id, $33::text, "        \
	"$34::bytea FROM app) "                                                \
	"SELECT id, reference FROM app"

/*
 * The reviewer's list (page_review_list.c): every filter is a parameter
 * that NULL switches off.  The page runs these with custom plans
 * (plan_cache_mode in its transaction), so a NULL filter folds away and
 * the planner sees the real values: $1 status, $2 source, $3 ministry,
 * $4 operation type, $5 field of expertise, $6 a language at each level
 * ('{en:basic,...}'), $7 prefecture,
 * $8 and $9 the first and last day (JST), $10..$13 folded words of
 * the free text.  A page starts after (or before) the row $14, by the sort
 * key: a keyset, never an OFFSET; $15 is the number of rows.
 * SQL_REVIEW_MATCH is the filter but its status, which the counts per
 * status leave out.
 */
#define SQL_REVIEW_MATCH                                                       \
	"WHERE ($2::text IS NULL OR a.source = $2::text) "                     \
	"AND ($2::text IS DISTINCT FROM 'seconded' OR a.ministry IS NOT "      \
	"NULL) "                                                               \
	"AND ($3::text IS NULL OR a.ministry = $3::text) "                     \
	"AND ($4::text IS NULL OR a.operations @> ARRAY[$4::text]) "           \
	"AND ($5::text IS NULL OR a.expertise @> ARRAY[$5::text]) "            \
	"AND ($6::text[] IS NULL OR a.languages && $6::text[]) "               \
	"AND ($7::smallint IS NULL OR a.prefecture = $7::smallint) "           \
	"AND ($8::date IS NULL OR a.created_at >= $8::date::timestamp AT "     \
	"TIME ZONE 'Asia/Tokyo') "                                             \
	"AND ($9::date IS NULL OR a.created_at < ($9::date + 1)::timestamp "   \
	"AT TIME ZONE 'Asia/Tokyo') " SQL_REVIEW_TEXT
#define SQL_REVIEW_STATUS "($1::text IS NULL OR a.status = $1::text) "
#define SQL_REVIEW_FILTER SQL_REVIEW_MATCH "AND " SQL_REVIEW_STATUS

/*
 * One word w of free text is in the names' search key (trigrams; a word
 * of one or two letters at a word's start, since it has no trigram of its
 * own), or is the whole e-mail address, or a reference, whole or its own
 * eight letters (b-tree indexes: one probe of the letters' unique index
 * either way).  Custom plans fold the pattern to a constant.
 */
#define SQL_REVIEW_LIKE(w)                                                     \
	"a.search_key LIKE CASE WHEN char_length(" w "::text) < 3 THEN "       \
	"'% ' ELSE '%' END || replace(replace(replace(" w                      \
	"::text, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'"
#define SQL_REVIEW_EXACT(w)                                                    \
	"(a.email_key = " w "::text OR (substr(a.reference, 9) = "             \
	"upper(right(" w "::text, 8)) AND (char_length(" w "::text) = 8 OR "   \
	"a.reference = upper(" w "::text))))"
#define SQL_REVIEW_IN_NAMES(w) "(" w "::text IS NULL OR " SQL_REVIEW_LIKE(w) ")"
#define SQL_REVIEW_IS_EXACT(w)                                                 \
	"(" w "::text IS NOT NULL AND " SQL_REVIEW_EXACT(w) ")"
#define SQL_REVIEW_ANYWHERE(w)                                                 \
	"(" w                                                                  \
	"::text IS NULL OR " SQL_REVIEW_LIKE(w) " OR " SQL_REVIEW_EXACT(w) ")"
/* m applied to each word's parameter, joined by sep. */
#define SQL_REVIEW_WORDS(m, sep) m("$10") sep m("$11") sep m("$12") sep m("$13")
#define SQL_REVIEW_ALL_IN_NAMES	 SQL_REVIEW_WORDS(SQL_REVIEW_IN_NAMES, " AND ")
#define SQL_REVIEW_SOME_EXACT	 SQL_REVIEW_WORDS(SQL_REVIEW_IS_EXACT, " OR ")
#define SQL_REVIEW_ALL_ANYWHERE	 SQL_REVIEW_WORDS(SQL_REVIEW_ANYWHERE, " AND ")
/*
 * Every word, each anywhere, written so that the words' trigrams are one
 * scan of the search key's index: either every word is in the names, or
 * some word is an e-mail address or a reference (a few b-tree probes)
 * and the rest are anywhere.  Written word by word, each word was its own
 * scan and the scans were intersected: 30 ms for two common names at a
 * million applications, where one scan takes 13.
 */
#define SQL_REVIEW_TEXT                                                        \
	"AND ((" SQL_REVIEW_ALL_IN_NAMES ") OR ((" SQL_REVIEW_SOME_EXACT       \
	") AND " SQL_REVIEW_ALL_ANYWHERE ")) "
#define SQL_REVIEW_STATUS "($1::text IS NULL OR a.status = $1::text) "
#define SQL_REVIEW_FILTER SQL_REVIEW_MATCH "AND " SQL_REVIEW_STATUS

/*
 * One word w of free text: in the names' search key (trigrams; a word of
 * one or two letters at a word's start, since it has no trigram of its
 * own), or the whole e-mail address, or a reference, whole or its own
 * eight letters (b-tree indexes: one probe of the letters' unique index
 * either way).  Custom plans fold the pattern to a constant.
 */
#define SQL_REVIEW_TERM(w)                                                     \
	"AND (" w "::text IS NULL OR a.search_key LIKE CASE WHEN "             \
	"char_length(" w "::text) < 3 THEN '% ' ELSE '%' END || "              \
	"replace(replace(replace(" w                                           \
	"::text, '\\', '\\\\'), '%', '\\%'), '_', "                            \
	"'\\_') || '%' OR a.email_key = " w "::text OR "                       \
	"(substr(a.reference, 9) = upper(right(" w "::text, 8)) AND "          \
	"(char_length(" w "::text) = 8 OR a.reference = upper(" w              \
	"::text)))) "

/*
 * What the list and the CSV show of each application: computed only for
 * the page's rows, which the statements join to the table by id.
 */
#define SQL_REVIEW_COLUMNS                                                     \
	"SELECT a.id, a.reference, a.status, a.source, "                       \
	"coalesce(a.ministry, ''), a.family_kanji, a.given_kanji, "            \
	"a.family_kana, a.given_kana, a.family_romaji, a.given_romaji, "       \
	"to_char(a.created_at AT TIME ZONE 'Asia/Tokyo', "                     \
	"'YYYY-MM-DD HH24:MI'), a.birth_date, coalesce(a.gender, ''), "        \
	"a.email, a.phone, a.postcode, a.prefecture, a.address, "              \
	"array_to_string(a.operations, ' '), "                                 \
	"array_to_string(a.expertise, ' '), "                                  \
	"array_to_string(a.languages, ' ') "

/* The key of row $14 in the created_at order. */
#define SQL_REVIEW_AT_KEY                                                      \
	"((SELECT c.created_at FROM applications c WHERE c.id = "              \
	"$14::bigint), $14::bigint)"
/* The key of row $14 in the katakana order. */
#define SQL_REVIEW_KANA_KEY                                                    \
	"((SELECT c.family_kana FROM applications c WHERE c.id = "             \
	"$14::bigint), (SELECT c.given_kana FROM applications c WHERE c.id = " \
	"$14::bigint), $14::bigint)"

/* A page in one order, where the plan walks an index of that order. */
#define SQL_REVIEW_LIST(cmp, key, order)                                       \
	SQL_REVIEW_COLUMNS "FROM applications a " SQL_REVIEW_FILTER            \
			   "AND ($14::bigint IS NULL OR " cmp key              \
			   ") ORDER BY " order " LIMIT $15::int"

/*
 * A page in one order, where the plan sorts the matches: they are read
 * and sorted by their keys alone, and only the page's rows are joined
 * for their columns (at a million applications, computing the columns of
 * every match before the sort took longer than all the rest).
 */
#define SQL_REVIEW_SORTED(cmp, key, order)                                     \
	SQL_REVIEW_COLUMNS                                                     \
	"FROM (SELECT a.id FROM applications "                                 \
	"a " SQL_REVIEW_FILTER "AND ($14::bigint IS NULL OR " cmp key          \
	") ORDER BY " order " LIMIT $15::int) p "                              \
	"JOIN applications a ON a.id = p.id ORDER BY " order

/*
 * A page and the counts per status in one pass, when the filter matches
 * few applications: its first STMT_REVIEW_COUNT_EXACT + 1 matches in any
 * status (m) give both, so that a search's index is read once.  The
 * last column is the counts as a JSON object; a page without rows is one
 * row whose other columns are NULL.
 */
#define SQL_REVIEW_FEW(cmp, key, order)                                        \
	"WITH m AS MATERIALIZED (SELECT a.id, a.status, a.created_at, "        \
	"a.family_kana, a.given_kana FROM applications a " SQL_REVIEW_MATCH    \
	"LIMIT " SQL_NUMBER(                                                   \
	    STMT_REVIEW_COUNT_EXACT) " + 1), "                                 \
				     "pg AS (SELECT a.id FROM m a "            \
				     "WHERE " SQL_REVIEW_STATUS                \
				     "AND ($14::bigint IS NULL OR " cmp key    \
				     ") ORDER BY " order " LIMIT $15::int), "  \
				     "ct AS (SELECT "                          \
				     "json_object_agg(s.status, s.n) AS "      \
				     "counts FROM (SELECT "                    \
				     "m.status, count(*) AS n FROM m GROUP "   \
				     "BY m.status) s) " SQL_REVIEW_COLUMNS     \
				     ", ct.counts FROM ct LEFT JOIN (pg JOIN " \
				     "applications a ON a.id = pg.id) ON "     \
				     "true ORDER BY " order

/*
 * A ministry's nomination in one statement, as a public application is
 * (see SQL_APPLICATION_INSERT): the application (source 'seconded',
 * ministry $3; the public-only columns stay NULL), the nomination's
 * details (with the liaison $21, whom the history names as the
 * submitter), its letter and the CV.  The period's start is the earliest
 * start.
 */
#define SQL_NOMINATION_INSERT                                                  \
	"WITH app AS (INSERT INTO applications (reference, form_token_hash, "  \
	"source, ministry, lang, family_kanji, given_kanji, family_kana, "     \
	"given_kana, family_romaji, given_romaji, birth_date, "                \
	"japanese_national, email, phone, earliest_start, max_months, "        \
	"expertise, operations, privacy_version, declaration, email_key, "     \
	"kana_key, languages, search_key, language_other) VALUES ($1::text, "  \
	"$2::bytea, 'seconded', $3::text, "                                    \
	"$4::text, $5::text, $6::text, $7::text, $8::text, $9::text, "         \
	"$10::text, $11::date, true, $12::text, $13::text, $14::date, "        \
	"$15::smallint, $16::text[], $17::text[], $18::text, true, "           \
	"$19::text, $20::text, $33::text[], $34::text, $35::text) "            \
	"ON CONFLICT (form_token_hash) WHERE status_token_hash IS NULL DO "    \
	"NOTHING "                                                             \
	"RETURNING id, reference), "                                           \
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
	"'given_romaji', a.given_romaji, 'birth_date', "                       \
	"to_char(a.birth_date, 'YYYY-MM-DD'), 'department', n.department, "    \
	"'post', n.post, 'grade', n.grade, 'email', a.email, 'phone', "        \
	"a.phone, 'expertise', a.expertise, 'operations', a.operations, "      \
	"'period_start', to_char(n.period_start, 'YYYY-MM-DD'), "              \
	"'period_end', to_char(n.period_end, 'YYYY-MM-DD'), "                  \
	"'supervisor_name', n.supervisor_name, 'supervisor_title', "           \
	"n.supervisor_title, 'officer_consent', '1', 'consent_date', "         \
	"to_char(n.consent_date, 'YYYY-MM-DD'), 'declaration', '1') "          \
	"|| " SQL_LANGUAGE_FIELDS ", "                                         \
	"a.reference, a.status, a.version, to_char(a.created_at AT TIME ZONE " \
	"'Asia/Tokyo', 'YYYY-MM-DD HH24:MI'), to_char(a.updated_at AT TIME "   \
	"ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI'), lt.filename, "              \
	"octet_length(lt.content), coalesce(c.filename, ''), "                 \
	"coalesce(octet_length(c.content), 0), (SELECT "                       \
	"coalesce(json_agg(json_build_object('at', to_char(h.at AT TIME ZONE " \
	"'Asia/Tokyo', 'YYYY-MM-DD HH24:MI'), 'login', CASE WHEN h.actor = "   \
	"'ministry' THEN s.login END, 'from', h.from_status, 'to', "           \
	"h.to_status) ORDER BY h.at, h.id), '[]') FROM "                       \
	"application_history h LEFT JOIN staff_accounts s ON s.id = "          \
	"h.account_id WHERE h.application_id = a.id), (SELECT "                \
	"coalesce(json_agg(json_build_object('at', to_char(m.at AT TIME ZONE " \
	"'Asia/Tokyo', 'YYYY-MM-DD HH24:MI'), 'body', m.body) ORDER BY m.at, " \
	"m.id), '[]') FROM nomination_messages m WHERE m.application_id = "    \
	"a.id) FROM applications a JOIN nominations n ON n.application_id = "  \
	"a.id JOIN nomination_letters lt ON lt.application_id = a.id LEFT "    \
	"JOIN application_cvs c ON c.application_id = a.id WHERE a.id = "      \
	"$1::bigint AND a.ministry = $2::text"

/*
 * The dashboard's summary and the events not yet folded into it
 * (migration 20261206000002): their n add up to the applications of
 * each key.
 */
#define SQL_DASHBOARD_SUMMARY                                                  \
	"SELECT week, status, source, operations, n FROM application_counts "  \
	"UNION ALL SELECT week, status, source, operations, n FROM "           \
	"application_count_events"

/*
 * The dashboard's counts by status, source and operation, from the
 * summary's few hundred combinations of the three (c).
 */
#define SQL_DASHBOARD_COUNTS                                                   \
	"WITH c AS (SELECT status, source, operations, sum(n) AS n FROM "      \
	"(" SQL_DASHBOARD_SUMMARY ") u GROUP BY 1, 2, 3) "                     \
	"SELECT 'status', status, sum(n) FROM c GROUP BY 2 UNION ALL "         \
	"SELECT 'source', source, sum(n) FROM c GROUP BY 2 UNION ALL "         \
	"SELECT 'operation', o, sum(n) FROM c, unnest(c.operations) o "        \
	"GROUP BY 2"

/* The last 26 weeks in Japan (w, their Mondays) and their numbers. */
#define SQL_DASHBOARD_WEEKS                                                    \
	"SELECT to_char(w, 'YYYY-MM-DD'), coalesce(c.n, 0) FROM "              \
	"generate_series(date_trunc('week', now() AT TIME ZONE "               \
	"'Asia/Tokyo') - interval '25 weeks', date_trunc('week', now() AT "    \
	"TIME ZONE 'Asia/Tokyo'), interval '1 week') AS w LEFT JOIN "          \
	"(SELECT week, sum(n) AS n FROM (" SQL_DASHBOARD_SUMMARY               \
	") u GROUP BY week) c ON c.week = w::date ORDER BY w"

const struct stmt_def stmt_defs[STMT__MAX] = {
	[STMT_SCHEMA_VERSION] = { "schema_version", "SELECT max(version) FROM "
						    "schema_migrations" },
	[STMT_PRIVACY_NOTICE] = { "privacy_notice",
				  "SELECT FROM privacy_notices WHERE "
				  "version = $1::text" },
	[STMT_APPLICATION_INSERT] = { "application_insert",
				      SQL_APPLICATION_INSERT_APP },
	[STMT_APPLICATION_INSERT_CV] = { "application_insert_cv",
					 SQL_APPLICATION_INSERT_CV },
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
	/*
	 * Withdraws an application still in status $2 (the caller checked
	 * the state machine; a change in between matches nothing).
	 */
	[STMT_APPLICATION_WITHDRAW] = { "application_withdraw",
					"WITH upd AS (UPDATE applications SET "
					"status = 'withdrawn', "
					"version = version + 1, updated_at = "
					"now() "
					"WHERE status_token_hash = $1 AND "
					"status = $2 RETURNING id), "
					"hist AS (INSERT INTO "
					"application_status_history "
					"(application_id, from_status, "
					"to_status, actor) "
					"SELECT id, $2, 'withdrawn', "
					"'applicant' FROM upd) "
					"SELECT id FROM upd" },
	[STMT_AUDIT_INSERT] = { "audit_insert",
				"INSERT INTO audit_log (account_id, login, "
				"action, "
				"object_type, object_id, client_addr, before, "
				"after) "
				"VALUES ($1::bigint, $2, $3, NULLIF($4, ''), "
				"NULLIF($5, ''), "
				"$6::inet, $7::jsonb, $8::jsonb)" },
	/* No row back: the login is taken. */
	[STMT_STAFF_ADD] = { "staff_add",
			     "INSERT INTO staff_accounts (login, role, "
			     "ministry, "
			     "password_hash) VALUES ($1, $2, NULLIF($3, ''), "
			     "$4) "
			     "ON CONFLICT (login) DO NOTHING RETURNING id" },
	[STMT_STAFF_BY_LOGIN] = { "staff_by_login",
				  "SELECT id, password_hash, role, "
				  "coalesce(ministry, ''), "
				  "disabled_at IS NOT NULL FROM staff_accounts "
				  "WHERE login = $1" },
	/* Disabling an account ends its sessions at once. */
	[STMT_STAFF_DISABLE] = { "staff_disable",
				 "WITH d AS (UPDATE staff_accounts SET "
				 "disabled_at = now(), "
				 "updated_at = now() WHERE login = $1 AND "
				 "disabled_at IS NULL "
				 "RETURNING id), s AS (DELETE FROM "
				 "staff_sessions WHERE "
				 "account_id IN (SELECT id FROM d)) SELECT id "
				 "FROM d" },
	/* A new password ends every session of the account. */
	[STMT_STAFF_PASSWD] = { "staff_passwd",
				"WITH p AS (UPDATE staff_accounts SET "
				"password_hash = $2, "
				"updated_at = now() WHERE login = $1 RETURNING "
				"id), "
				"s AS (DELETE FROM staff_sessions WHERE "
				"account_id IN "
				"(SELECT id FROM p)) SELECT id FROM p" },
	[STMT_STAFF_REHASH] = { "staff_rehash",
				"UPDATE staff_accounts SET password_hash = $2 "
				"WHERE id = $1" },
	/* Signing in also clears the account's expired sessions. */
	[STMT_SESSION_INSERT] = { "session_insert",
				  "WITH old AS (DELETE FROM staff_sessions "
				  "WHERE account_id = $2 "
				  "AND (last_seen < now() - make_interval(secs "
				  "=> $4) OR "
				  "created_at < now() - make_interval(secs => "
				  "$5))) "
				  "INSERT INTO staff_sessions (token_hash, "
				  "account_id, "
				  "client_addr) VALUES ($1, $2, $3::inet)" },
	/*
	 * A live session of an enabled account, by token hash, within the
	 * idle ($2) and absolute ($3) timeouts in seconds.  last_seen is
	 * written at most once a minute, not on every request.
	 */
	[STMT_SESSION_LOAD] = { "session_load",
				"WITH s AS (SELECT s.token_hash, a.id, "
				"a.login, a.role, "
				"coalesce(a.ministry, '') AS ministry FROM "
				"staff_sessions s "
				"JOIN staff_accounts a ON a.id = s.account_id "
				"WHERE s.token_hash = $1 AND a.disabled_at IS "
				"NULL "
				"AND s.last_seen > now() - make_interval(secs "
				"=> $2) "
				"AND s.created_at > now() - make_interval(secs "
				"=> $3)), "
				"t AS (UPDATE staff_sessions SET last_seen = "
				"now() "
				"WHERE token_hash = (SELECT token_hash FROM s) "
				"AND last_seen < now() - interval '1 minute') "
				"SELECT id, login, role, ministry FROM s" },
	[STMT_SESSION_DELETE] = { "session_delete",
				  "DELETE FROM staff_sessions WHERE token_hash "
				  "= $1" },
	/* Failures of the account and of the address, and seconds since. */
	[STMT_THROTTLE_GET] = { "throttle_get",
				"SELECT failures, extract(epoch FROM now() - "
				"last_failure)"
				"::float8, key FROM login_throttle WHERE key "
				"IN "
				"($1, $2)" },
	/*
	 * Counts a failure for both keys; a failure more than the lock time
	 * after the previous one starts the count again.  Counters idle for
	 * a day are dropped on the way.
	 */
	[STMT_THROTTLE_FAIL] = { "throttle_fail",
				 "WITH old AS (DELETE FROM login_throttle "
				 "WHERE last_failure < "
				 "now() - interval '1 day') "
				 "INSERT INTO login_throttle (key, failures, "
				 "last_failure) "
				 "VALUES ($1, 1, now()), ($2, 1, now()) ON "
				 "CONFLICT (key) DO "
				 "UPDATE SET failures = CASE WHEN "
				 "login_throttle.last_failure < "
				 "now() - make_interval(secs => $3) THEN 1 "
				 "ELSE "
				 "login_throttle.failures + 1 END, "
				 "last_failure = now()" },
	[STMT_THROTTLE_CLEAR] = { "throttle_clear",
				  "DELETE FROM login_throttle WHERE key = $1" },
	[STMT_REVIEW_LIST_NEWEST] = { "review_list_newest",
				      SQL_REVIEW_LIST(
					  "(a.created_at, a.id) < ",
					  SQL_REVIEW_AT_KEY,
					  "a.created_at DESC, a.id DESC") },
	[STMT_REVIEW_LIST_OLDEST] = { "review_list_oldest",
				      SQL_REVIEW_LIST("(a.created_at, a.id) > ",
						      SQL_REVIEW_AT_KEY,
						      "a.created_at, a.id") },
	[STMT_REVIEW_LIST_KANA] = { "review_list_kana",
				    SQL_REVIEW_LIST(
					"(a.family_kana, a.given_kana, a.id) "
					"> ",
					SQL_REVIEW_KANA_KEY,
					"a.family_kana, a.given_kana, a.id") },
	[STMT_REVIEW_LIST_KANA_DESC] = { "review_list_kana_desc",
					 SQL_REVIEW_LIST(
					     "(a.family_kana, a.given_kana, "
					     "a.id) < ",
					     SQL_REVIEW_KANA_KEY,
					     "a.family_kana DESC, a.given_kana "
					     "DESC, a.id DESC") },
	/*
	 * The same with one word of free text: the walk of the created_at
	 * index reads the word's match from the index alone
	 * (applications_created_find), or the matches are sorted, and the
	 * page's rows are joined for their columns.
	 */
	[STMT_REVIEW_LIST_NEWEST_WORD] = { "review_list_newest_word",
					   SQL_REVIEW_SORTED(
					       "(a.created_at, a.id) < ",
					       SQL_REVIEW_AT_KEY,
					       "a.created_at DESC, a.id "
					       "DESC") },
	[STMT_REVIEW_LIST_OLDEST_WORD] = { "review_list_oldest_word",
					   SQL_REVIEW_SORTED(
					       "(a.created_at, a.id) > ",
					       SQL_REVIEW_AT_KEY,
					       "a.created_at, a.id") },
	/*
	 * The same with two or more words of free text: their matches are
	 * few, and found in one intersection of the words' index entries,
	 * but the planner multiplies the words' selectivities (one name's
	 * words go together) and would walk the newest-first index through
	 * most of the table.  The expressions sort alike but do not match
	 * the index, so the matches are sorted instead.
	 */
	[STMT_REVIEW_LIST_NEWEST_Q] = { "review_list_newest_q",
					SQL_REVIEW_SORTED(
					    "(a.created_at, a.id) < ",
					    SQL_REVIEW_AT_KEY,
					    "a.created_at + interval '0' DESC, "
					    "a.id + 0 DESC") },
	[STMT_REVIEW_LIST_OLDEST_Q] = { "review_list_oldest_q",
					SQL_REVIEW_SORTED(
					    "(a.created_at, a.id) > ",
					    SQL_REVIEW_AT_KEY,
					    "a.created_at + interval '0', "
					    "a.id + 0") },
	/*
	 * The same with free text: the matches of a name cluster in the
	 * katakana order, so walking its index to find 51 of them may read
	 * most of the table; sorting the (few) matches is cheaper.  The
	 * expressions sort alike but do not match the index.
	 */
	[STMT_REVIEW_LIST_KANA_Q] = { "review_list_kana_q",
				      SQL_REVIEW_SORTED(
					  "(a.family_kana, a.given_kana, "
					  "a.id) > ",
					  SQL_REVIEW_KANA_KEY,
					  "a.family_kana || '', a.given_kana "
					  "|| '', a.id") },
	[STMT_REVIEW_LIST_KANA_DESC_Q] = { "review_list_kana_desc_q",
					   SQL_REVIEW_SORTED(
					       "(a.family_kana, a.given_kana, "
					       "a.id) < ",
					       SQL_REVIEW_KANA_KEY,
					       "a.family_kana || '' DESC, "
					       "a.given_kana || '' DESC, a.id "
					       "DESC") },
	[STMT_REVIEW_FEW_NEWEST] = { "review_few_newest",
				     SQL_REVIEW_FEW("(a.created_at, a.id) < ",
						    SQL_REVIEW_AT_KEY,
						    "a.created_at DESC, a.id "
						    "DESC") },
	[STMT_REVIEW_FEW_OLDEST] = { "review_few_oldest",
				     SQL_REVIEW_FEW("(a.created_at, a.id) > ",
						    SQL_REVIEW_AT_KEY,
						    "a.created_at, a.id") },
	[STMT_REVIEW_FEW_KANA] = { "review_few_kana",
				   SQL_REVIEW_FEW(
				       "(a.family_kana, a.given_kana, a.id) > ",
				       SQL_REVIEW_KANA_KEY,
				       "a.family_kana, a.given_kana, a.id") },
	[STMT_REVIEW_FEW_KANA_DESC] = { "review_few_kana_desc",
					SQL_REVIEW_FEW(
					    "(a.family_kana, a.given_kana, "
					    "a.id) < ",
					    SQL_REVIEW_KANA_KEY,
					    "a.family_kana DESC, a.given_kana "
					    "DESC, a.id DESC") },
	/*
	 * The planner's estimate of the filter's rows, planned with the
	 * values bound, as every EXPLAIN is.
	 */
	[STMT_REVIEW_COUNT_ESTIMATE] = { "review_count_estimate",
					 "EXPLAIN (FORMAT JSON) SELECT FROM "
					 "applications a " SQL_REVIEW_FILTER },
	/*
	 * Each status's share of the applications, from the statistics
	 * ANALYZE keeps (all of them are among the most common values).
	 * The planner's estimate of a filter in one status is the filter's
	 * estimate times this share: no statistics join the status to
	 * another column.
	 */
	[STMT_REVIEW_STATUS_SHARES] = { "review_status_shares",
					"SELECT u.v, u.f FROM pg_stats s, "
					"unnest(s.most_common_vals::text::"
					"text[], s.most_common_freqs) AS "
					"u(v, f) WHERE s.schemaname = "
					"current_schema() AND s.tablename = "
					"'applications' AND s.attname = "
					"'status'" },
	/*
	 * Moves the applications $1 that are in status $3 to $2, with a
	 * history row each by account $4 (login $5, as the actor); returns
	 * the ones moved and their new version.
	 */
	[STMT_REVIEW_TO_SCREENING] = { "review_to_screening",
				       "WITH upd AS (UPDATE applications SET "
				       "status = $2, version = version + 1, "
				       "updated_at = now() WHERE id = "
				       "ANY($1::bigint[]) AND status = $3 "
				       "RETURNING id, version), "
				       "hist AS (INSERT INTO "
				       "application_status_history "
				       "(application_id, from_status, "
				       "to_status, actor, account_id) SELECT "
				       "id, $3, $2, $5, $4::bigint FROM "
				       "upd) SELECT id, version FROM upd "
				       "ORDER BY id" },
	/*
	 * The dashboard's numbers are the summary plus the events not yet
	 * folded into it (migration 20261206000002): folds the events once
	 * there are more than a thousand.
	 */
	[STMT_DASHBOARD_FOLD] = { "dashboard_fold",
				  "SELECT application_counts_fold(1000)" },
	/*
	 * The dashboard's counts: (dimension, code, count) for status,
	 * source and each desired operation (an application counts under
	 * each of its operations).
	 */
	[STMT_DASHBOARD_COUNTS] = { "dashboard_counts", SQL_DASHBOARD_COUNTS },
	/*
	 * Applications per week for the last 26 weeks, Monday to Sunday in
	 * Japan, oldest first, empty weeks included.
	 */
	[STMT_DASHBOARD_WEEKS] = { "dashboard_weeks", SQL_DASHBOARD_WEEKS },
	[STMT_STAFF_LIST] = { "staff_list",
			      "SELECT s.login, s.role, coalesce(s.ministry, "
			      "''), coalesce(m.name_ja, ''), "
			      "coalesce(m.name_en, ''), s.disabled_at IS NOT "
			      "NULL, to_char(s.created_at AT TIME ZONE "
			      "'Asia/Tokyo', 'YYYY-MM-DD HH24:MI') FROM "
			      "staff_accounts s LEFT JOIN ministries m ON "
			      "m.code = s.ministry ORDER BY s.login" },
	/* Locked: the state before a change, in the change's transaction. */
	[STMT_STAFF_GET] = { "staff_get",
			     "SELECT id, role, coalesce(ministry, ''), "
			     "disabled_at IS NOT NULL FROM staff_accounts "
			     "WHERE login = $1 FOR UPDATE" },
	[STMT_MINISTRY_LIST] = { "ministry_list",
				 "SELECT code, name_ja, name_en FROM "
				 "ministries ORDER BY code" },
	/*
	 * The audit log newest first, 51 rows (one more than a page shows,
	 * to know whether there is a next page) after the keyset cursor
	 * $5 (an entry's id), filtered by login ($1), action ($2) and days
	 * in Japan from $3 to $4; a NULL parameter does not filter.
	 */
	[STMT_AUDIT_LIST] = { "audit_list",
			      "SELECT id, to_char(at AT TIME ZONE "
			      "'Asia/Tokyo', 'YYYY-MM-DD HH24:MI:SS'), login, "
			      "action, coalesce(object_type, ''), "
			      "coalesce(object_id, ''), "
			      "coalesce(host(client_addr), ''), "
			      "coalesce(before::text, ''), "
			      "coalesce(after::text, '') FROM audit_log "
			      "WHERE ($1::text IS NULL OR login = $1) "
			      "AND ($2::text IS NULL OR action = $2) "
			      "AND ($3::date IS NULL OR at >= $3::date::"
			      "timestamp AT TIME ZONE 'Asia/Tokyo') "
			      "AND ($4::date IS NULL OR at < ($4::date + 1)"
			      "::timestamp AT TIME ZONE 'Asia/Tokyo') "
			      "AND ($5::bigint IS NULL OR (at, id) < "
			      "(SELECT at, id FROM audit_log WHERE id = "
			      "$5::bigint)) ORDER BY at DESC, id DESC "
			      "LIMIT 51" },
	/*
	 * One application for a reviewer, in one round trip: "fields" holds
	 * what the applicant entered under the apply form's field names (so
	 * the form's table drives the page), then the record's own data, and
	 * the newest fifty possible duplicates, the history and the notes as
	 * JSON arrays.  Times are shown in Japan time.
	 */
	[STMT_REVIEW_APP] = { "review_app",
			      "SELECT jsonb_build_object('family_kanji', "
			      "a.family_kanji, 'given_kanji', a.given_kanji, "
			      "'family_kana', a.family_kana, 'given_kana', "
			      "a.given_kana, 'family_romaji', a.family_romaji, "
			      "'given_romaji', a.given_romaji, 'birth_date', "
			      "to_char(a.birth_date, 'YYYY-MM-DD'), 'gender', "
			      "a.gender, 'nationality', CASE WHEN "
			      "a.japanese_national THEN 'yes' ELSE 'no' END, "
			      "'email', a.email, 'phone', a.phone, 'postcode', "
			      "a.postcode, 'prefecture', a.prefecture::text, "
			      "'address', a.address, 'expertise', a.expertise, "
			      "'experience_abroad', a.experience_abroad, "
			      "'peace_experience', a.peace_experience, "
			      "'operations', a.operations, 'earliest_start', "
			      "to_char(a.earliest_start, 'YYYY-MM-DD'), "
			      "'max_months', a.max_months::text, "
			      "'emergency_name', a.emergency_name, "
			      "'emergency_relation', a.emergency_relation, "
			      "'emergency_phone', a.emergency_phone, 'cv', "
			      "c.filename, 'privacy', true, 'declaration', "
			      "a.declaration) || " SQL_LANGUAGE_FIELDS ", "
			      "a.reference, a.status, a.version, a.source, "
			      "coalesce(m.name_ja, ''), coalesce(m.name_en, "
			      "''), a.lang, a.privacy_version, "
			      "to_char(a.created_at AT TIME ZONE 'Asia/Tokyo', "
			      "'YYYY-MM-DD HH24:MI'), to_char(a.updated_at AT "
			      "TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI'), "
			      "coalesce(octet_length(c.content), 0), (SELECT "
			      "coalesce(json_agg(json_build_object('id', o.id, "
			      "'reference', o.reference, 'name', "
			      "o.family_kanji || ' ' || o.given_kanji, "
			      "'status', o.status, 'reasons', d.reasons) ORDER "
			      "BY o.id DESC), '[]') FROM (SELECT other_id, "
			      "array_agg(reason ORDER BY reason) AS reasons "
			      "FROM application_duplicates WHERE "
			      "application_id = a.id GROUP BY other_id ORDER "
			      "BY other_id DESC LIMIT 50) d JOIN applications "
			      "o ON o.id = d.other_id), (SELECT "
			      "coalesce(json_agg(json_build_object('at', "
			      "to_char(h.at AT TIME ZONE 'Asia/Tokyo', "
			      "'YYYY-MM-DD HH24:MI'), 'login', s.login, "
			      "'from', h.from_status, 'to', h.to_status, "
			      "'reason', h.reason) ORDER BY h.at, h.id), '[]') "
			      "FROM application_history h LEFT JOIN "
			      "staff_accounts s ON s.id = h.account_id WHERE "
			      "h.application_id = a.id), (SELECT "
			      "coalesce(json_agg(json_build_object('at', "
			      "to_char(n.at AT TIME ZONE 'Asia/Tokyo', "
			      "'YYYY-MM-DD HH24:MI'), 'login', s.login, "
			      "'body', n.body) ORDER BY n.at, n.id), '[]') "
			      "FROM application_notes n JOIN staff_accounts s "
			      "ON s.id = n.account_id WHERE n.application_id = "
			      "a.id) FROM applications a LEFT JOIN ministries "
			      "m ON m.code = a.ministry LEFT JOIN "
			      "application_cvs c ON c.application_id = a.id "
			      "WHERE a.id = $1::bigint" },
	[STMT_REVIEW_CV] = { "review_cv",
			     "SELECT c.filename, c.content, a.reference FROM "
			     "application_cvs c JOIN applications a ON a.id = "
			     "c.application_id WHERE c.application_id = "
			     "$1::bigint" },
	/* No row back: there is no such application. */
	[STMT_REVIEW_NOTE_ADD] = { "review_note_add",
				   "INSERT INTO application_notes "
				   "(application_id, account_id, body) SELECT "
				   "id, $2::bigint, $3::text FROM applications "
				   "WHERE id = $1::bigint RETURNING id" },
	/*
	 * A reviewer's decision: only from the version and status the form
	 * was made from (no row back: someone changed it first), with its
	 * history row.  The trigger refuses a change the state machine does
	 * not allow.
	 */
	[STMT_REVIEW_DECIDE] = { "review_decide",
				 "WITH upd AS (UPDATE applications SET status "
				 "= $4::text, version = version + 1, "
				 "updated_at = now() WHERE id = $1::bigint "
				 "AND version = $2::integer AND status = "
				 "$3::text RETURNING id, version), "
				 "hist AS (INSERT INTO "
				 "application_status_history (application_id, "
				 "from_status, to_status, actor, account_id, "
				 "reason) SELECT id, $3::text, $4::text, "
				 "$7::text, $6::bigint, $5::text FROM upd) "
				 "SELECT version FROM upd" },
	/*
	 * The liaison officers' pages (page_ministry.c).  Every statement
	 * names the ministry ($2 or $3) in its WHERE clause: another
	 * ministry's nomination, a public application and an unknown id
	 * all find no row, and the page answers 404.
	 */
	[STMT_NOMINATION_INSERT] = { "nomination_insert",
				     SQL_NOMINATION_INSERT },
	[STMT_NOMINATION_BY_FORM_TOKEN] = { "nomination_by_form_token",
					    "SELECT id, reference FROM "
					    "applications WHERE "
					    "form_token_hash = $1 AND "
					    "status_token_hash IS NULL AND "
					    "ministry = $2::text" },
	/*
	 * A page of the ministry's nominations, newest first: 51 rows after
	 * the nomination $2 (a keyset on the ministry's index).
	 */
	[STMT_NOMINATION_LIST] = { "nomination_list",
				   "SELECT a.id, a.reference, a.family_kanji "
				   "|| ' ' || a.given_kanji, a.status, "
				   "to_char(a.updated_at AT TIME ZONE "
				   "'Asia/Tokyo', 'YYYY-MM-DD') FROM "
				   "applications a WHERE a.ministry = $1::text "
				   "AND ($2::bigint IS NULL OR (a.created_at, "
				   "a.id) < (SELECT c.created_at, c.id FROM "
				   "applications c WHERE c.id = $2::bigint "
				   "AND c.ministry = $1::text)) ORDER BY "
				   "a.created_at DESC, a.id DESC LIMIT 51" },
	[STMT_NOMINATION_CSV] = { "nomination_csv",
				  "SELECT a.reference, a.status, "
				  "a.family_kanji, a.given_kanji, "
				  "a.family_kana, a.given_kana, "
				  "a.family_romaji, a.given_romaji, "
				  "to_char(a.birth_date, 'YYYY-MM-DD'), "
				  "n.department, n.post, n.grade, "
				  "to_char(n.period_start, 'YYYY-MM-DD'), "
				  "to_char(n.period_end, 'YYYY-MM-DD'), "
				  "to_char(a.created_at AT TIME ZONE "
				  "'Asia/Tokyo', 'YYYY-MM-DD HH24:MI'), "
				  "to_char(a.updated_at AT TIME ZONE "
				  "'Asia/Tokyo', 'YYYY-MM-DD HH24:MI') FROM "
				  "applications a JOIN nominations n ON "
				  "n.application_id = a.id WHERE a.ministry = "
				  "$1::text ORDER BY a.created_at DESC, a.id "
				  "DESC" },
	[STMT_NOMINATION_GET] = { "nomination_get", SQL_NOMINATION_GET },
	[STMT_NOMINATION_LETTER] = { "nomination_letter",
				     "SELECT l.filename, l.content, "
				     "a.reference FROM nomination_letters l "
				     "JOIN applications a ON a.id = "
				     "l.application_id WHERE a.id = $1::bigint "
				     "AND a.ministry = $2::text" },
	[STMT_NOMINATION_CV] = { "nomination_cv",
				 "SELECT c.filename, c.content, a.reference "
				 "FROM application_cvs c JOIN applications a "
				 "ON a.id = c.application_id WHERE a.id = "
				 "$1::bigint AND a.ministry = $2::text" },
	/*
	 * The liaison $4 withdraws the nomination: only from the version
	 * and status $3 the page showed (no row back: it changed since).
	 */
	[STMT_NOMINATION_WITHDRAW] = { "nomination_withdraw",
				       "WITH upd AS (UPDATE applications SET "
				       "status = 'withdrawn', version = "
				       "version + 1, updated_at = now() WHERE "
				       "id = $1::bigint AND ministry = "
				       "$2::text AND status = $3::text AND "
				       "version = "
				       "$5::integer RETURNING id, version), "
				       "hist AS (INSERT INTO "
				       "application_status_history "
				       "(application_id, from_status, "
				       "to_status, actor, account_id) SELECT "
				       "id, $3::text, 'withdrawn', 'ministry', "
				       "$4::bigint FROM upd) SELECT version "
				       "FROM upd" },
	/*
	 * /admin/ministries: each ministry with its number of liaison
	 * accounts that can sign in.
	 */
	[STMT_MINISTRY_ACCOUNTS] = { "ministry_accounts",
				     "SELECT m.code, m.name_ja, m.name_en, "
				     "(SELECT count(*) FROM staff_accounts s "
				     "WHERE s.ministry = m.code AND "
				     "s.disabled_at IS NULL) FROM ministries "
				     "m ORDER BY m.code" },
	/* Locked: the state before a change, in the change's transaction. */
	[STMT_MINISTRY_GET] = { "ministry_get",
				"SELECT code, name_ja, name_en FROM "
				"ministries WHERE code = $1 FOR UPDATE" },
	/*
	 * Serialises the changes of ministries until the transaction ends,
	 * so that the check of taken codes and names (STMT_MINISTRY_TAKEN)
	 * still holds when the change is made: a clash is a message at the
	 * field, never a unique violation.
	 */
	[STMT_MINISTRY_LOCK] = { "ministry_lock",
				 "SELECT pg_advisory_xact_lock(hashtext("
				 "'corps.ministries'))" },
	/*
	 * Whether code $1, Japanese name $2 and English name $3 are taken
	 * by a ministry other than $4 (NULL for a new one).
	 */
	[STMT_MINISTRY_TAKEN] = { "ministry_taken",
				  "SELECT coalesce(bool_or(code = $1), "
				  "false), coalesce(bool_or(name_ja = $2), "
				  "false), coalesce(bool_or(name_en = $3), "
				  "false) FROM ministries WHERE code IS "
				  "DISTINCT FROM $4::text AND (code = $1 OR "
				  "name_ja = $2 OR name_en = $3)" },
	[STMT_MINISTRY_ADD] = { "ministry_add",
				"INSERT INTO ministries (code, name_ja, "
				"name_en) VALUES ($1, $2, $3)" },
	/* The code never changes: accounts and applications refer to it. */
	[STMT_MINISTRY_EDIT] = { "ministry_edit",
				 "UPDATE ministries SET name_ja = $2, name_en "
				 "= $3 WHERE code = $1" },
	/*
	 * What the ministry said about a seconded application (empty when
	 * it has no nomination row), its letter's name and size, and the
	 * messages to the ministry as a JSON array, oldest first.
	 */
	[STMT_REVIEW_NOMINATION] = { "review_nomination",
				     "SELECT coalesce(n.department, ''), "
				     "coalesce(n.post, ''), coalesce(n.grade, "
				     "''), coalesce(to_char(n.period_start, "
				     "'YYYY-MM-DD'), ''), "
				     "coalesce(to_char(n.period_end, "
				     "'YYYY-MM-DD'), ''), "
				     "coalesce(n.supervisor_name, ''), "
				     "coalesce(n.supervisor_title, ''), "
				     "coalesce(to_char(n.consent_date, "
				     "'YYYY-MM-DD'), ''), coalesce(s.login, "
				     "''), coalesce(l.filename, ''), "
				     "coalesce(octet_length(l.content), 0), "
				     "(SELECT coalesce(json_agg("
				     "json_build_object('at', to_char(m.at "
				     "AT TIME ZONE 'Asia/Tokyo', "
				     "'YYYY-MM-DD HH24:MI'), 'login', "
				     "ms.login, 'body', m.body) ORDER BY "
				     "m.at, m.id), '[]') FROM "
				     "nomination_messages m JOIN "
				     "staff_accounts ms ON ms.id = "
				     "m.account_id WHERE m.application_id = "
				     "a.id) FROM applications a LEFT JOIN "
				     "nominations n ON n.application_id = "
				     "a.id LEFT JOIN staff_accounts s ON s.id "
				     "= n.account_id LEFT JOIN "
				     "nomination_letters l ON "
				     "l.application_id = a.id WHERE a.id = "
				     "$1::bigint AND a.source = 'seconded'" },
	[STMT_REVIEW_NOMINATION_LETTER] = { "review_nomination_letter",
					    "SELECT l.filename, l.content, "
					    "a.reference FROM "
					    "nomination_letters l JOIN "
					    "applications a ON a.id = "
					    "l.application_id WHERE "
					    "l.application_id = $1::bigint" },
	/* No row back: there is no such seconded application. */
	[STMT_NOMINATION_MESSAGE_ADD] = { "nomination_message_add",
					  "INSERT INTO nomination_messages "
					  "(application_id, account_id, "
					  "body) SELECT id, $2::bigint, "
					  "$3::text FROM applications WHERE id "
					  "= $1::bigint AND source = "
					  "'seconded' RETURNING id" },
};
