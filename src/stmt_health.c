#include "stmt_health.h"

const struct stmt_def stmt_health[STMT_HEALTH__MAX] = {
	/* Pending mails and the oldest one's age (partial index mail_outbox_due). */
	[STMT_HEALTH_OUTBOX] = {
		.name = "health_outbox",
		.sql = "SELECT count(*), coalesce(extract(epoch FROM now() - "
		       "min(next_attempt_at)), 0)::float8 FROM mail_outbox "
		       "WHERE state = 'pending'",
		.nparams = 0,
		.ncols = HOC__MAX,
	},
	/*
	 * How far behind a standby's data are: a row only while it has
	 * received WAL it has not replayed yet.  The last replayed
	 * transaction's time alone is no measure: on an idle primary it is
	 * old although nothing is missing.  No row on a primary.
	 */
	[STMT_HEALTH_LAG] = {
		.name = "health_lag",
		.sql = "SELECT to_char(t AT TIME ZONE " SQL_TZ ", 'HH24:MI:SS'), "
		       "floor(extract(epoch FROM now() - t))::int "
		       "FROM (SELECT pg_last_xact_replay_timestamp() t) s "
		       "WHERE pg_is_in_recovery() AND t IS NOT NULL "
		       "AND pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()",
		.nparams = 0,
		.ncols = HLC__MAX,
	},
};
