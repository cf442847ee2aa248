/*
 * The reviewer's list of applications (page_review_list.c): its pages in every
 * order, the counts per status, the CSV export and the bulk move to screening.
 */
#include "stmt_due.h"
#include "stmt_review_list.h"

/* The SQL of the macros is laid out by hand. */
/* clang-format off */
/*
 * The reviewer's list (page_review_list.c): every filter is a parameter
 * that NULL switches off.  The page runs these with custom plans
 * (plan_cache_mode in its transaction), so a NULL filter folds away and
 * the planner sees the real values: $1 status, $2 source, $3 ministry,
 * $4 operation type, $5 field of expertise, $6 a language at each level
 * ('{en:basic,...}'), $7 prefecture,
 * $8 and $9 the first and last day (JST), $10 the training state
 * (SQL_TRAINING_IN: 'ready', 'in_training' or 'due', which only
 * accepted people have, so it implies the status accepted), $11..$14
 * folded words of the free text.  A page starts after (or before) the
 * row $15, by the sort key: a keyset, never an OFFSET; $16 is the number
 * of rows.
 * SQL_REVIEW_MATCH is the filter but its status, which the counts per
 * status leave out.
 */
#define SQL_REVIEW_MATCH                                                       \
	"WHERE ($2::text IS NULL OR a.source = $2::text) "                      \
	"AND ($2::text IS DISTINCT FROM 'seconded' OR a.ministry IS NOT NULL) " \
	"AND ($3::text IS NULL OR a.ministry = $3::text) "                      \
	"AND ($4::text IS NULL OR a.operations @> ARRAY[$4::text]) "            \
	"AND ($5::text IS NULL OR a.expertise @> ARRAY[$5::text]) "             \
	"AND ($6::text[] IS NULL OR a.languages && $6::text[]) "                \
	"AND ($7::smallint IS NULL OR a.prefecture = $7::smallint) "            \
	"AND ($8::date IS NULL OR a.created_at >= "                             \
	"$8::date::timestamp AT TIME ZONE " SQL_TZ ") "                         \
	"AND ($9::date IS NULL OR a.created_at < "                              \
	"($9::date + 1)::timestamp AT TIME ZONE " SQL_TZ ") "                   \
	"AND ($10::text IS NULL OR (a.status = 'accepted' AND "                 \
	SQL_TRAINING_IN("$10::text") ")) " SQL_REVIEW_TEXT
#define SQL_REVIEW_STATUS "($1::text IS NULL OR a.status = $1::text) "
/*
 * The applications and each one's training summary, which only accepted
 * people have.  A custom plan without a training state ($10) drops the
 * join (nothing reads the summary's columns, and its key is unique); with
 * one, the state's condition on the summary makes it an inner join that
 * the planner estimates from the summary's statistics and may read in
 * either direction.
 */
#define SQL_REVIEW_FROM                                                        \
	"FROM applications a LEFT JOIN training_status ts "                    \
	"ON ts.application_id = a.id "
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
#define SQL_REVIEW_WORDS(m, sep) m("$11") sep m("$12") sep m("$13") sep m("$14")
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

/*
 * What the list and the CSV show of each application: computed only for
 * the page's rows, which the statements join to the table by id.
 */
#define SQL_REVIEW_COLUMNS                                                     \
	"SELECT a.id, a.reference, a.status, a.source, "                       \
	"coalesce(a.ministry, ''), a.family_kanji, a.given_kanji, "            \
	"a.family_kana, a.given_kana, a.family_romaji, a.given_romaji, "       \
	"to_char(a.created_at AT TIME ZONE " SQL_TZ                            \
	", 'YYYY-MM-DD HH24:MI'), "                                            \
	"a.birth_date, coalesce(a.gender, ''), "                               \
	"a.email, a.phone, a.postcode, a.prefecture, a.address, "              \
	"array_to_string(a.operations, ' '), "                                 \
	"array_to_string(a.expertise, ' '), "                                  \
	"array_to_string(a.languages, ' ') "

/* The key of row $15 in the created_at order. */
#define SQL_REVIEW_AT_KEY                                                      \
	"((SELECT c.created_at FROM applications c WHERE c.id = "              \
	"$15::bigint), $15::bigint)"
/* The key of row $15 in the katakana order. */
#define SQL_REVIEW_KANA_KEY                                                    \
	"((SELECT c.family_kana FROM applications c WHERE c.id = "             \
	"$15::bigint), (SELECT c.given_kana FROM applications c WHERE c.id = " \
	"$15::bigint), $15::bigint)"

/* A page in one order, where the plan walks an index of that order. */
#define SQL_REVIEW_LIST(cmp, key, order)                                       \
	SQL_REVIEW_COLUMNS                                                     \
	SQL_REVIEW_FROM SQL_REVIEW_FILTER                               \
	"AND ($15::bigint IS NULL OR " cmp key ") "                            \
	"ORDER BY " order " LIMIT $16::int"

/*
 * A page in one order, where the plan sorts the matches: they are read
 * and sorted by their keys alone, and only the page's rows are joined
 * for their columns (at a million applications, computing the columns of
 * every match before the sort took longer than all the rest).
 */
#define SQL_REVIEW_SORTED(cmp, key, order)                                     \
	SQL_REVIEW_COLUMNS                                                     \
	"FROM (SELECT a.id " SQL_REVIEW_FROM SQL_REVIEW_FILTER             \
	"AND ($15::bigint IS NULL OR " cmp key ") ORDER BY " order             \
	" LIMIT $16::int) p "                                                  \
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
	"a.family_kana, a.given_kana " SQL_REVIEW_FROM SQL_REVIEW_MATCH    \
	"LIMIT " SQL_NUMBER(STMT_REVIEW_COUNT_EXACT) " + 1), "                 \
	"pg AS (SELECT a.id FROM m a WHERE " SQL_REVIEW_STATUS                 \
	"AND ($15::bigint IS NULL OR " cmp key ") "                            \
	"ORDER BY " order " LIMIT $16::int), "                                 \
	"ct AS (SELECT json_object_agg(s.status, s.n) AS counts "              \
	"FROM (SELECT m.status, count(*) AS n FROM m GROUP BY m.status) s) "   \
	SQL_REVIEW_COLUMNS ", ct.counts "                                      \
	"FROM ct LEFT JOIN (pg JOIN applications a ON a.id = pg.id) ON true "  \
	"ORDER BY " order

/* clang-format on */

const struct stmt_def stmt_review_list[STMT_REVIEW_LIST__MAX] = {
	[STMT_REVIEW_LIST_NEWEST] = {
		.name = "review_list_newest",
		.sql = SQL_REVIEW_LIST("(a.created_at, a.id) < ",
		    SQL_REVIEW_AT_KEY,
		    "a.created_at DESC, a.id DESC"),
		.nparams = RLP__MAX,
		.ncols = RLC__MAX,
	},
	[STMT_REVIEW_LIST_OLDEST] = {
		.name = "review_list_oldest",
		.sql = SQL_REVIEW_LIST("(a.created_at, a.id) > ",
		    SQL_REVIEW_AT_KEY,
		    "a.created_at, a.id"),
		.nparams = RLP__MAX,
		.ncols = RLC__MAX,
	},
	[STMT_REVIEW_LIST_KANA] = {
		.name = "review_list_kana",
		.sql = SQL_REVIEW_LIST("(a.family_kana, a.given_kana, a.id) > ",
		    SQL_REVIEW_KANA_KEY,
		    "a.family_kana, a.given_kana, a.id"),
		.nparams = RLP__MAX,
		.ncols = RLC__MAX,
	},
	[STMT_REVIEW_LIST_KANA_DESC] = {
		.name = "review_list_kana_desc",
		.sql = SQL_REVIEW_LIST("(a.family_kana, a.given_kana, a.id) < ",
		    SQL_REVIEW_KANA_KEY,
		    "a.family_kana DESC, a.given_kana DESC, a.id DESC"),
		.nparams = RLP__MAX,
		.ncols = RLC__MAX,
	},
	/*
	 * The same with one word of free text: the walk of the created_at
	 * index reads the word's match from the index alone
	 * (applications_created_find), or the matches are sorted, and the
	 * page's rows are joined for their columns.
	 */
	[STMT_REVIEW_LIST_NEWEST_WORD] = {
		.name = "review_list_newest_word",
		.sql = SQL_REVIEW_SORTED("(a.created_at, a.id) < ",
		    SQL_REVIEW_AT_KEY,
		    "a.created_at DESC, a.id DESC"),
		.nparams = RLP__MAX,
		.ncols = RLC__MAX,
	},
	[STMT_REVIEW_LIST_OLDEST_WORD] = {
		.name = "review_list_oldest_word",
		.sql = SQL_REVIEW_SORTED("(a.created_at, a.id) > ",
		    SQL_REVIEW_AT_KEY,
		    "a.created_at, a.id"),
		.nparams = RLP__MAX,
		.ncols = RLC__MAX,
	},
	/*
	 * The same with two or more words of free text: their matches are
	 * few, and found in one intersection of the words' index entries,
	 * but the planner multiplies the words' selectivities (one name's
	 * words go together) and would walk the newest-first index through
	 * most of the table.  The expressions sort alike but do not match
	 * the index, so the matches are sorted instead.
	 */
	[STMT_REVIEW_LIST_NEWEST_Q] = {
		.name = "review_list_newest_q",
		.sql = SQL_REVIEW_SORTED("(a.created_at, a.id) < ",
		    SQL_REVIEW_AT_KEY,
		    "a.created_at + interval '0' DESC, a.id + 0 DESC"),
		.nparams = RLP__MAX,
		.ncols = RLC__MAX,
	},
	[STMT_REVIEW_LIST_OLDEST_Q] = {
		.name = "review_list_oldest_q",
		.sql = SQL_REVIEW_SORTED("(a.created_at, a.id) > ",
		    SQL_REVIEW_AT_KEY,
		    "a.created_at + interval '0', a.id + 0"),
		.nparams = RLP__MAX,
		.ncols = RLC__MAX,
	},
	/*
	 * The same with free text: the matches of a name cluster in the
	 * katakana order, so walking its index to find 51 of them may read
	 * most of the table; sorting the (few) matches is cheaper.  The
	 * expressions sort alike but do not match the index.
	 */
	[STMT_REVIEW_LIST_KANA_Q] = {
		.name = "review_list_kana_q",
		.sql = SQL_REVIEW_SORTED("(a.family_kana, a.given_kana, a.id) > ",
		    SQL_REVIEW_KANA_KEY,
		    "a.family_kana || '', a.given_kana || '', a.id"),
		.nparams = RLP__MAX,
		.ncols = RLC__MAX,
	},
	[STMT_REVIEW_LIST_KANA_DESC_Q] = {
		.name = "review_list_kana_desc_q",
		.sql = SQL_REVIEW_SORTED("(a.family_kana, a.given_kana, a.id) < ",
		    SQL_REVIEW_KANA_KEY,
		    "a.family_kana || '' DESC, a.given_kana || '' DESC, a.id DESC"),
		.nparams = RLP__MAX,
		.ncols = RLC__MAX,
	},
	[STMT_REVIEW_LIST_FEW_NEWEST] = {
		.name = "review_few_newest",
		.sql = SQL_REVIEW_FEW("(a.created_at, a.id) < ",
		    SQL_REVIEW_AT_KEY,
		    "a.created_at DESC, a.id DESC"),
		.nparams = RLP__MAX,
		.ncols = RLC__MAX + 1,
	},
	[STMT_REVIEW_LIST_FEW_OLDEST] = {
		.name = "review_few_oldest",
		.sql = SQL_REVIEW_FEW("(a.created_at, a.id) > ",
		    SQL_REVIEW_AT_KEY,
		    "a.created_at, a.id"),
		.nparams = RLP__MAX,
		.ncols = RLC__MAX + 1,
	},
	[STMT_REVIEW_LIST_FEW_KANA] = {
		.name = "review_few_kana",
		.sql = SQL_REVIEW_FEW("(a.family_kana, a.given_kana, a.id) > ",
		    SQL_REVIEW_KANA_KEY,
		    "a.family_kana, a.given_kana, a.id"),
		.nparams = RLP__MAX,
		.ncols = RLC__MAX + 1,
	},
	[STMT_REVIEW_LIST_FEW_KANA_DESC] = {
		.name = "review_few_kana_desc",
		.sql = SQL_REVIEW_FEW("(a.family_kana, a.given_kana, a.id) < ",
		    SQL_REVIEW_KANA_KEY,
		    "a.family_kana DESC, a.given_kana DESC, a.id DESC"),
		.nparams = RLP__MAX,
		.ncols = RLC__MAX + 1,
	},
	/*
	 * The planner's estimate of the filter's rows, planned with the
	 * values bound, as every EXPLAIN is.
	 */
	[STMT_REVIEW_LIST_COUNT_ESTIMATE] = {
		.name = "review_count_estimate",
		.sql = "EXPLAIN (FORMAT JSON) SELECT " SQL_REVIEW_FROM
		       SQL_REVIEW_FILTER,
		.nparams = RLP_FILTER_MAX,
		.ncols = 1,
	},
	/*
	 * Each status's share of the applications, from the statistics
	 * ANALYZE keeps (all of them are among the most common values).
	 * The planner's estimate of a filter in one status is the filter's
	 * estimate times this share: no statistics join the status to
	 * another column.
	 */
	[STMT_REVIEW_LIST_STATUS_SHARES] = {
		.name = "review_status_shares",
		.sql = "SELECT u.v, u.f FROM pg_stats s, "
		       "unnest(s.most_common_vals::text::text[], "
		       "s.most_common_freqs) AS u(v, f) "
		       "WHERE s.schemaname = current_schema() "
		       "AND s.tablename = 'applications' AND s.attname = 'status'",
		.nparams = 0,
		.ncols = RSS__MAX,
	},
	/*
	 * The planner's estimate of the accepted people in training state
	 * $1 (NULL: all of them), from the summary's statistics.  The
	 * estimate of a filter with a training state is the filter's in
	 * status accepted times this state's share: a join of the summary
	 * to the applications (or the state as a subquery, as the list
	 * reads it) is estimated as if any application could have a row.
	 */
	[STMT_REVIEW_LIST_TRAINING_ESTIMATE] = {
		.name = "review_training_estimate",
		.sql = "EXPLAIN (FORMAT JSON) SELECT FROM training_status ts "
		       "WHERE " SQL_TRAINING_IN("$1::text"),
		.nparams = 1,
		.ncols = 1,
	},
	/*
	 * Moves the applications $1 that are in status $3 to $2, with a
	 * history row each by account $4 (login $5, as the actor); returns
	 * the ones moved and their new version.
	 */
	[STMT_REVIEW_LIST_TO_SCREENING] = {
		.name = "review_to_screening",
		.sql = "WITH upd AS (UPDATE applications SET status = $2, "
		       "version = version + 1, updated_at = now() "
		       "WHERE id = ANY($1::bigint[]) AND status = $3 "
		       "RETURNING id, version), "
		       "hist AS (INSERT INTO application_status_history "
		       "(application_id, from_status, to_status, actor, "
		       "account_id) SELECT id, $3, $2, $5, $4::bigint "
		       "FROM upd) SELECT id, version FROM upd "
		       "ORDER BY id",
		.nparams = RTP__MAX,
		.ncols = RTC__MAX,
	},
};
