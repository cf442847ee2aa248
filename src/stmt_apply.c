/*
 * The public pages' statements: a submission, the applicant's status page and
 * its withdrawal, the privacy notice check.
 */
#include "stmt_apply.h"

/*
 * One submission is one statement, so it commits atomically in one round
 * trip: the application, its receipt mail and, in the second form, the
 * CV.  The history's first event and the possible duplicates are views
 * over this row (migration 20261129000001).  The status token is derived
 * from the form token, so ON CONFLICT on it makes a retried submission
 * insert nothing (the caller then looks the first one up; migration
 * 20261130000001).  A status token the lost-link page replaced is
 * retired: a submission with it inserts nothing (WHERE NOT EXISTS, one
 * probe of a small table's primary key), so a resubmitted old form
 * cannot become a second application (migration 20261206000005).
 * Without a CV the statement has no third INSERT to set up on every
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
	"search_key, language_other, expertise, operations) "                  \
	"SELECT $1::text, $2::bytea, $3::bytea, $4::text, $5::text, "          \
	"$6::text, $7::text, $8::text, $9::text, $10::text, $11::date, "       \
	"$12::text, true, "                                                    \
	"$13::text, $14::text, $15::text, $16::smallint, $17::text, "          \
	"$18::text, $19::text, $20::date, $21::smallint, $22::text, "          \
	"$23::text, $24::text, $25::text, true, $26::text, $27::text, "        \
	"$28::text[], $29::text, $30::text, $31::text[], $32::text[] "         \
	"WHERE NOT EXISTS (SELECT FROM retired_status_tokens "                 \
	"WHERE hash = $3::bytea) "                                             \
	"ON CONFLICT (status_token_hash) DO NOTHING RETURNING id, reference"

/*
 * The applicant's receipt mail (issue 13), written by the submission's own
 * statement: only when the application row was inserted (a retried
 * submission inserts none, so no second mail), and committed or lost with
 * it.  $33 is the status token: the mail carries the private link, which
 * the mailer erases from the row once sent.  Nominations send none.
 */
#define SQL_RECEIPT_MAIL                                                       \
	"mail AS (INSERT INTO mail_outbox (kind, lang, recipient, "            \
	"application_id, data) SELECT 'receipt', $4::text, $13::text, "        \
	"app.id, jsonb_build_object('reference', app.reference, 'date', "      \
	"to_char(now() AT TIME ZONE " SQL_TZ ", 'YYYY-MM-DD'), 'link_path', "  \
	"'/status/' || $33::text) FROM app)"

#define SQL_APPLICATION_INSERT                                                 \
	"WITH app AS (" SQL_APPLICATION_INSERT_APP "), " SQL_RECEIPT_MAIL      \
	" SELECT id, reference FROM app"

#define SQL_APPLICATION_INSERT_CV                                              \
	"WITH app AS (" SQL_APPLICATION_INSERT_APP "), " SQL_RECEIPT_MAIL      \
	", cv AS (INSERT INTO application_cvs SELECT app.id, $34::text, "      \
	"$35::bytea FROM app) "                                                \
	"SELECT id, reference FROM app"

const struct stmt_def stmt_apply[STMT_APPLY__MAX] = {
	[STMT_APPLY_INSERT] = {
		.name = "application_insert",
		.sql = SQL_APPLICATION_INSERT,
		.nparams = INS_CV_NAME,
		.ncols = AIC__MAX,
	},
	[STMT_APPLY_INSERT_CV] = {
		.name = "application_insert_cv",
		.sql = SQL_APPLICATION_INSERT_CV,
		.nparams = INS__MAX,
		.ncols = AIC__MAX,
	},
	[STMT_APPLY_BY_STATUS_TOKEN] = {
		.name = "application_by_status_token",
		.sql = "SELECT reference, status, "
		       "to_char(created_at AT TIME ZONE " SQL_TZ ", 'YYYY-MM-DD'), "
		       "to_char(updated_at AT TIME ZONE " SQL_TZ ", 'YYYY-MM-DD'), "
		       "mail_opt_out "
		       "FROM applications WHERE status_token_hash = $1",
		.nparams = 1,
		.ncols = ASC__MAX,
	},
	/*
	 * Withdraws an application still in status $2 (the caller checked
	 * the state machine; a change in between matches nothing).
	 */
	[STMT_APPLY_WITHDRAW] = {
		.name = "application_withdraw",
		.sql = "WITH upd AS (UPDATE applications SET status = 'withdrawn', "
		       "version = version + 1, updated_at = now() "
		       "WHERE status_token_hash = $1 AND status = $2 "
		       "RETURNING id), hist AS "
		       "(INSERT INTO application_status_history (application_id, "
		       "from_status, to_status, actor) SELECT id, $2, 'withdrawn', "
		       "'applicant' FROM upd) SELECT id "
		       "FROM upd",
		.nparams = AWP__MAX,
		.ncols = 1,
	},
	/* The applicant's choice of notices ($2: true to opt out). */
	[STMT_APPLY_MAIL_OPT_OUT] = {
		.name = "application_mail_opt_out",
		.sql = "UPDATE applications SET mail_opt_out = $2::boolean "
		       "WHERE status_token_hash = $1 RETURNING id",
		.nparams = AMP__MAX,
		.ncols = 1,
	},
	/*
	 * The lost-link page, in one statement.  First it counts this
	 * request against the address's and the reference's counters
	 * (LLP_*_KEY, hashes), whose rows stay locked until it commits, so
	 * parallel requests queue and none passes the limit; a counter
	 * older than an hour starts again, and counters idle for a day are
	 * dropped on the way (not this request's: SKIP LOCKED spares those
	 * another request holds).  Then, within the limit, a public
	 * application with this reference and address gets the new status
	 * token hash, the one replaced is retired (see the submission) and the
	 * mail with the new link is queued.  Returns nothing, whatever
	 * matched.
	 */
	[STMT_APPLY_LOST_LINK] = {
		.name = "application_lost_link",
		.sql = "WITH old AS (DELETE FROM lost_link_throttle WHERE key IN "
		       "(SELECT key FROM lost_link_throttle WHERE since < now() - "
		       "interval '1 day' AND key NOT IN ($1::bytea, $2::bytea) "
		       "FOR UPDATE SKIP LOCKED)), "
		       "hit AS (INSERT INTO lost_link_throttle AS t "
		       "(key, requests, since) VALUES ($1::bytea, 1, now()), "
		       "($2::bytea, 1, now()) ON CONFLICT (key) DO UPDATE SET "
		       "requests = CASE WHEN t.since < now() - interval '1 hour' "
		       "THEN 1 ELSE t.requests + 1 END, since = CASE WHEN "
		       "t.since < now() - interval '1 hour' THEN now() "
		       "ELSE t.since END RETURNING requests), "
		       "upd AS (UPDATE applications a SET status_token_hash = "
		       "$5::bytea FROM applications o WHERE o.id = a.id "
		       "AND substr(o.reference, 9) = substr($3::text, 9) "
		       "AND o.reference = $3::text AND o.email_key = $4::text "
		       "AND o.source = 'public' "
		       "AND (SELECT max(requests) FROM hit) <= $7::integer "
		       "RETURNING a.id, a.lang, a.email, a.reference, "
		       "o.status_token_hash AS retired), "
		       "ret AS (INSERT INTO retired_status_tokens (hash) "
		       "SELECT retired FROM upd ON CONFLICT DO NOTHING), "
		       "mail AS (INSERT INTO mail_outbox (kind, lang, recipient, "
		       "application_id, data) SELECT 'lost_link', lang, email, id, "
		       "jsonb_build_object('reference', reference, 'link_path', "
		       "$6::text) FROM upd) "
		       "SELECT FROM upd",
		.nparams = LLP__MAX,
		.ncols = 0,
	},
	[STMT_APPLY_PRIVACY_NOTICE] = {
		.name = "privacy_notice",
		.sql = "SELECT FROM privacy_notices WHERE version = $1::text",
		.nparams = 1,
		.ncols = 0,
	},
};
