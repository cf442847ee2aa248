/*
 * The mailer's statements: its Message-ID key, taking one due row of the
 * outbox, and recording its fate.
 */
#include "stmt_mail.h"

/* Once a row is sent or failed for good, its private link goes. */
#define SQL_ERASE_LINK "data = data - 'link_path'"

const struct stmt_def stmt_mail[STMT_MAIL__MAX] = {
	[STMT_MAIL_KEY] = {
		.name = "mail_key",
		.sql = "SELECT key FROM mail_key",
		.nparams = 0,
		.ncols = 1,
	},
	/*
	 * One due row, locked until its transaction ends; a row another
	 * mailer holds is skipped, so no two mailers send the same row.
	 * With the seconds since it was queued.
	 */
	[STMT_MAIL_TAKE] = {
		.name = "mail_take",
		.sql = "SELECT id, kind, lang, recipient, data::text, "
		       "extract(epoch FROM now() - created_at) "
		       "FROM mail_outbox WHERE state = 'pending' "
		       "AND next_attempt_at <= now() "
		       "ORDER BY next_attempt_at, id LIMIT 1 "
		       "FOR UPDATE SKIP LOCKED",
		.nparams = 0,
		.ncols = MTC__MAX,
	},
	[STMT_MAIL_SENT] = {
		.name = "mail_sent",
		.sql = "UPDATE mail_outbox SET state = 'sent', sent_at = now(), "
		       "attempts = attempts + 1, last_error = NULL, "
		       SQL_ERASE_LINK " WHERE id = $1::bigint",
		.nparams = 1,
		.ncols = 0,
	},
	/*
	 * A temporary failure: the row is due again after min * 2^attempts
	 * seconds, at most max (the exponent is capped so that the power
	 * cannot overflow).
	 */
	[STMT_MAIL_RETRY] = {
		.name = "mail_retry",
		.sql = "UPDATE mail_outbox SET attempts = attempts + 1, "
		       "last_error = $2::text, next_attempt_at = now() + "
		       "make_interval(secs => least($4::float8, $3::float8 * "
		       "power(2, least(attempts, 30)))) WHERE id = $1::bigint",
		.nparams = MRP__MAX,
		.ncols = 0,
	},
	[STMT_MAIL_FAILED] = {
		.name = "mail_failed",
		.sql = "UPDATE mail_outbox SET state = 'failed', "
		       "attempts = attempts + 1, last_error = $2::text, "
		       SQL_ERASE_LINK " WHERE id = $1::bigint",
		.nparams = MRP_BACKOFF_MIN,
		.ncols = 0,
	},
	/* Seconds until the next pending row is due (negative: now). */
	[STMT_MAIL_NEXT_DUE] = {
		.name = "mail_next_due",
		.sql = "SELECT extract(epoch FROM min(next_attempt_at) - now()) "
		       "FROM mail_outbox WHERE state = 'pending'",
		.nparams = 0,
		.ncols = 1,
	},
};
