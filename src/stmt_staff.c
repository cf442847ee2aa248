/*
 * Staff accounts, their sessions, the sign-in throttle and the audit log's
 * insert.
 */
#include "stmt_staff.h"

const struct stmt_def stmt_staff[STMT_STAFF__MAX] = {
	/* No row back: the login is taken. */
	[STMT_STAFF_ADD] = {
		.name = "staff_add",
		.sql = "INSERT INTO staff_accounts (login, role, ministry, "
		       "password_hash, email, lang) VALUES ($1, $2, "
		       "NULLIF($3, ''), $4, NULLIF($5, ''), $6) "
		       "ON CONFLICT (login) DO NOTHING "
		       "RETURNING id",
		.nparams = SAD__MAX,
		.ncols = 1,
	},
	[STMT_STAFF_BY_LOGIN] = {
		.name = "staff_by_login",
		.sql = "SELECT id, password_hash, role, coalesce(ministry, ''), "
		       "disabled_at IS NOT NULL FROM staff_accounts "
		       "WHERE login = $1",
		.nparams = 1,
		.ncols = SLC__MAX,
	},
	/* Disabling an account ends its sessions at once. */
	[STMT_STAFF_DISABLE] = {
		.name = "staff_disable",
		.sql = "WITH d AS (UPDATE staff_accounts SET disabled_at = now(), "
		       "updated_at = now() WHERE login = $1 "
		       "AND disabled_at IS NULL RETURNING id), "
		       "s AS (DELETE FROM staff_sessions "
		       "WHERE account_id IN (SELECT id FROM d)) SELECT id "
		       "FROM d",
		.nparams = 1,
		.ncols = 1,
	},
	/* Sessions ended at the disabling stay ended. */
	[STMT_STAFF_ENABLE] = {
		.name = "staff_enable",
		.sql = "UPDATE staff_accounts SET disabled_at = NULL, "
		       "updated_at = now() WHERE login = $1 "
		       "AND disabled_at IS NOT NULL RETURNING id",
		.nparams = 1,
		.ncols = 1,
	},
	/* A new password ends every session of the account. */
	[STMT_STAFF_PASSWD] = {
		.name = "staff_passwd",
		.sql = "WITH p AS (UPDATE staff_accounts SET password_hash = $2, "
		       "updated_at = now() WHERE login = $1 "
		       "RETURNING id), s AS (DELETE FROM staff_sessions "
		       "WHERE account_id IN (SELECT id FROM p)) SELECT id "
		       "FROM p",
		.nparams = 2,
		.ncols = 1,
	},
	[STMT_STAFF_REHASH] = {
		.name = "staff_rehash",
		.sql = "UPDATE staff_accounts SET password_hash = $2 "
		       "WHERE id = $1",
		.nparams = 2,
		.ncols = 0,
	},
	/* Signing in also clears the account's expired sessions. */
	[STMT_STAFF_SESSION_INSERT] = {
		.name = "session_insert",
		.sql = "WITH old AS (DELETE FROM staff_sessions "
		       "WHERE account_id = $2 "
		       "AND (last_seen < now() - make_interval(secs => $4) "
		       "OR created_at < now() - make_interval(secs => $5))) "
		       "INSERT INTO staff_sessions (token_hash, account_id, "
		       "client_addr) VALUES ($1, $2, $3::inet)",
		.nparams = SSP__MAX,
		.ncols = 0,
	},
	/*
	 * A live session of an enabled account, by token hash, within the
	 * idle ($2) and absolute ($3) timeouts in seconds.  last_seen is
	 * written at most once a minute, not on every request.
	 */
	[STMT_STAFF_SESSION_LOAD] = {
		.name = "session_load",
		.sql = "WITH s AS (SELECT s.token_hash, a.id, a.login, a.role, "
		       "coalesce(a.ministry, '') AS ministry "
		       "FROM staff_sessions s JOIN staff_accounts a "
		       "ON a.id = s.account_id WHERE s.token_hash = $1 "
		       "AND a.disabled_at IS NULL "
		       "AND s.last_seen > now() - make_interval(secs => $2) "
		       "AND s.created_at > now() - make_interval(secs => $3)), "
		       "t AS (UPDATE staff_sessions SET last_seen = now() "
		       "WHERE token_hash = (SELECT token_hash FROM s) "
		       "AND last_seen < now() - interval '1 minute') SELECT id, "
		       "login, role, ministry FROM s",
		.nparams = 3,
		.ncols = SSC__MAX,
	},
	[STMT_STAFF_SESSION_DELETE] = {
		.name = "session_delete",
		.sql = "DELETE FROM staff_sessions WHERE token_hash = $1",
		.nparams = 1,
		.ncols = 0,
	},
	/*
	 * Failures of the account and of the address, and seconds since,
	 * with both rows locked until the transaction ends (made with no
	 * failures when missing: a lock needs a row).  A sign-in reads them
	 * and counts itself under the lock, so parallel ones queue here.
	 */
	[STMT_STAFF_THROTTLE_LOCK] = {
		.name = "throttle_lock",
		.sql = "INSERT INTO login_throttle AS t "
		       "(key, failures, last_failure) "
		       "VALUES ($1, 0, now()), ($2, 0, now()) "
		       "ON CONFLICT (key) DO UPDATE SET failures = t.failures "
		       "RETURNING failures, "
		       "extract(epoch FROM now() - last_failure)::float8, key",
		.nparams = 2,
		.ncols = STC__MAX,
	},
	/*
	 * Counts a failure for both keys; a failure more than the lock time
	 * after the previous one starts the count again.  Counters idle for
	 * a day are dropped on the way, but not those another sign-in holds
	 * locked (waiting for them could deadlock with it).
	 */
	[STMT_STAFF_THROTTLE_FAIL] = {
		.name = "throttle_fail",
		.sql = "WITH old AS (DELETE FROM login_throttle "
		       "WHERE key IN (SELECT key FROM login_throttle "
		       "WHERE last_failure < now() - interval '1 day' "
		       "FOR UPDATE SKIP LOCKED)) "
		       "INSERT INTO login_throttle (key, failures, last_failure) "
		       "VALUES ($1, 1, now()), ($2, 1, now()) "
		       "ON CONFLICT (key) DO UPDATE SET failures = CASE "
		       "WHEN login_throttle.last_failure < now() - "
		       "make_interval(secs => $3) THEN 1 "
		       "ELSE login_throttle.failures + 1 END, last_failure = now()",
		.nparams = 3,
		.ncols = 0,
	},
	/*
	 * A sign-in that succeeded: the account's count ends, and the
	 * address gets back the failure its attempt was counted as.
	 */
	[STMT_STAFF_THROTTLE_CLEAR] = {
		.name = "throttle_clear",
		.sql = "WITH a AS (DELETE FROM login_throttle WHERE key = $1) "
		       "UPDATE login_throttle SET failures = failures - 1 "
		       "WHERE key = $2 AND failures > 0",
		.nparams = 2,
		.ncols = 0,
	},
	[STMT_STAFF_AUDIT_INSERT] = {
		.name = "audit_insert",
		.sql = "INSERT INTO audit_log (account_id, login, action, "
		       "object_type, object_id, client_addr, before, after) "
		       "VALUES ($1::bigint, $2, $3, NULLIF($4, ''), "
		       "NULLIF($5, ''), $6::inet, $7::jsonb, $8::jsonb)",
		.nparams = SAP__MAX,
		.ncols = 0,
	},
};
