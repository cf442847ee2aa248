/*
 * The admin pages: staff accounts, ministries and the audit log; and the
 * ministries as every form's options (ministry.c).
 */
#include "stmt_admin.h"

/* /admin/mail counts its sent rows in a table of at most this many rows. */
#define MAIL_COUNT_EXACT "10000"

const struct stmt_def stmt_admin[STMT_ADMIN__MAX] = {
	[STMT_ADMIN_MINISTRY_LIST] = {
		.name = "ministry_list",
		.sql = "SELECT code, name_ja, name_en FROM ministries "
		       "ORDER BY code",
		.nparams = 0,
		.ncols = AMC_ACCOUNTS,
	},
	[STMT_ADMIN_STAFF_LIST] = {
		.name = "staff_list",
		.sql = "SELECT s.login, s.role, coalesce(s.ministry, ''), "
		       "coalesce(m.name_ja, ''), coalesce(m.name_en, ''), "
		       "s.disabled_at IS NOT NULL, "
		       "to_char(s.created_at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD HH24:MI'), coalesce(s.email, '') "
		       "FROM staff_accounts s "
		       "LEFT JOIN ministries m ON m.code = s.ministry "
		       "ORDER BY s.login",
		.nparams = 0,
		.ncols = ASL__MAX,
	},
	/* Locked: the state before a change, in the change's transaction. */
	[STMT_ADMIN_STAFF_GET] = {
		.name = "staff_get",
		.sql = "SELECT jsonb_strip_nulls(jsonb_build_object('role', role, "
		       "'ministry', ministry, 'disabled', "
		       "disabled_at IS NOT NULL)) FROM staff_accounts "
		       "WHERE login = $1 FOR UPDATE",
		.nparams = 1,
		.ncols = 1,
	},
	/*
	 * /admin/ministries: each ministry with its number of liaison
	 * accounts that can sign in.
	 */
	[STMT_ADMIN_MINISTRY_ACCOUNTS] = {
		.name = "ministry_accounts",
		.sql = "SELECT m.code, m.name_ja, m.name_en, (SELECT count(*) "
		       "FROM staff_accounts s WHERE s.ministry = m.code "
		       "AND s.disabled_at IS NULL) FROM ministries m "
		       "ORDER BY m.code",
		.nparams = 0,
		.ncols = AMC__MAX,
	},
	/* Locked: the state before a change, in the change's transaction. */
	[STMT_ADMIN_MINISTRY_GET] = {
		.name = "ministry_get",
		.sql = "SELECT jsonb_build_object('code', code, 'name_ja', "
		       "name_ja, 'name_en', name_en) FROM ministries "
		       "WHERE code = $1 FOR UPDATE",
		.nparams = 1,
		.ncols = 1,
	},
	/*
	 * Serialises the changes of ministries until the transaction ends,
	 * so that the check of taken codes and names (STMT_ADMIN_MINISTRY_TAKEN)
	 * still holds when the change is made: a clash is a message at the
	 * field, never a unique violation.
	 */
	[STMT_ADMIN_MINISTRY_LOCK] = {
		.name = "ministry_lock",
		.sql = "SELECT pg_advisory_xact_lock(hashtext('corps.ministries'))",
		.nparams = 0,
		.ncols = 1,
	},
	/*
	 * Whether code $1, Japanese name $2 and English name $3 are taken
	 * by a ministry other than $4 (NULL for a new one).
	 */
	[STMT_ADMIN_MINISTRY_TAKEN] = {
		.name = "ministry_taken",
		.sql = "SELECT coalesce(bool_or(code = $1), false), "
		       "coalesce(bool_or(name_ja = $2), false), "
		       "coalesce(bool_or(name_en = $3), false) "
		       "FROM ministries WHERE code IS DISTINCT "
		       "FROM $4::text AND (code = $1 OR name_ja = $2 "
		       "OR name_en = $3)",
		.nparams = ATP__MAX,
		.ncols = 3,
	},
	[STMT_ADMIN_MINISTRY_ADD] = {
		.name = "ministry_add",
		.sql = "INSERT INTO ministries (code, name_ja, name_en) "
		       "VALUES ($1, $2, $3)",
		.nparams = 3,
		.ncols = 0,
	},
	/* The code never changes: accounts and applications refer to it. */
	[STMT_ADMIN_MINISTRY_EDIT] = {
		.name = "ministry_edit",
		.sql = "UPDATE ministries SET name_ja = $2, name_en = $3 "
		       "WHERE code = $1",
		.nparams = 3,
		.ncols = 0,
	},
	/*
	 * The audit log newest first, 51 rows (one more than a page shows,
	 * to know whether there is a next page) after the keyset cursor
	 * $5 (an entry's id), filtered by login ($1), action ($2) and days
	 * in Japan from $3 to $4; a NULL parameter does not filter.
	 */
	[STMT_ADMIN_AUDIT_LIST] = {
		.name = "audit_list",
		.sql = "SELECT id, to_char(at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD HH24:MI:SS'), login, action, "
		       "coalesce(object_type, ''), coalesce(object_id, ''), "
		       "coalesce(host(client_addr), ''), "
		       "coalesce(before::text, ''), coalesce(after::text, '') "
		       "FROM audit_log WHERE ($1::text IS NULL OR login = $1) "
		       "AND ($2::text IS NULL OR action = $2) "
		       "AND ($3::date IS NULL OR at >= $3::date::timestamp "
		       "AT TIME ZONE " SQL_TZ ") "
		       "AND ($4::date IS NULL OR at < ($4::date + 1)::timestamp "
		       "AT TIME ZONE " SQL_TZ ") "
		       "AND ($5::bigint IS NULL "
		       "OR (at, id) < (SELECT at, id FROM audit_log "
		       "WHERE id = $5::bigint)) ORDER BY at DESC, id DESC "
		       "LIMIT 51",
		.nparams = AAP__MAX,
		.ncols = ADMIN_AUDIT_COLS,
	},
	/*
	 * /admin/mail: the number of rows in each state, and whether sent is
	 * an estimate.  Pending and failed rows are counted from their
	 * partial indexes (a walk of those rows alone).  Sent rows, nearly
	 * all of the table, have no index (a submission would write it): they
	 * are counted while the table holds at most MAIL_COUNT_EXACT rows,
	 * else estimated as the planner estimates the table's rows (the
	 * statistics' rows per page times its pages now) less the others.
	 * Without statistics (a table no ANALYZE has seen) they are counted.
	 */
	[STMT_ADMIN_MAIL_COUNTS] = {
		.name = "mail_counts",
		.sql = "SELECT p.n, CASE WHEN t.n IS NULL OR t.n <= "
		       MAIL_COUNT_EXACT " THEN (SELECT count(*) FROM mail_outbox "
		       "WHERE state = 'sent') ELSE greatest(t.n - p.n - f.n, 0) "
		       "END, f.n, coalesce(t.n > " MAIL_COUNT_EXACT ", false) "
		       "FROM (SELECT count(*) AS n FROM mail_outbox "
		       "WHERE state = 'pending') p, (SELECT count(*) AS n "
		       "FROM mail_outbox WHERE state = 'failed') f, "
		       "(SELECT CASE WHEN reltuples >= 0 AND relpages > 0 THEN "
		       "(reltuples / relpages * (pg_relation_size(oid) / "
		       "current_setting('block_size')::int))::bigint END AS n "
		       "FROM pg_class WHERE oid = 'mail_outbox'::regclass) t",
		.nparams = 0,
		.ncols = AMN__MAX,
	},
	/*
	 * The outbox newest first (by id, which grows with time: the
	 * primary key, the failed rows' index, or the pending rows' sorted),
	 * with a custom plan (DB_CUSTOM_PLANS: a generic one cannot use the
	 * partial indexes and walks the whole table for old rows), 51 rows (one more than a
	 * page shows) after the keyset cursor $2 (a row's id), in state $1
	 * (NULL: any).
	 * The next attempt is shown for pending rows only.  Never data: it
	 * may hold a private link.
	 */
	[STMT_ADMIN_MAIL_LIST] = {
		.name = "mail_list",
		.sql = "SELECT id, kind, recipient, state, "
		       "to_char(created_at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD HH24:MI:SS'), attempts, "
		       "CASE WHEN state = 'pending' THEN "
		       "to_char(next_attempt_at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD HH24:MI:SS') ELSE '' END, "
		       "coalesce(to_char(sent_at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD HH24:MI:SS'), ''), coalesce(last_error, '') "
		       "FROM mail_outbox WHERE ($1::text IS NULL OR state = $1) "
		       "AND ($2::bigint IS NULL OR id < $2::bigint) "
		       "ORDER BY id DESC LIMIT 51",
		.nparams = AMLP__MAX,
		.ncols = AML__MAX,
	},
	/* Locked: the state before a resend, in the resend's transaction. */
	[STMT_ADMIN_MAIL_GET] = {
		.name = "mail_get",
		.sql = "SELECT jsonb_build_object('state', state, 'attempts', "
		       "attempts, 'next_attempt_at', next_attempt_at, "
		       "'last_error', last_error) FROM mail_outbox "
		       "WHERE id = $1::bigint FOR UPDATE",
		.nparams = 1,
		.ncols = 1,
	},
	/*
	 * A failed row pending again, due now, as if new (no row back: it
	 * has not failed); its state after, for the audit log.
	 */
	[STMT_ADMIN_MAIL_RESEND] = {
		.name = "mail_resend",
		.sql = "UPDATE mail_outbox SET state = 'pending', attempts = 0, "
		       "next_attempt_at = now(), last_error = NULL "
		       "WHERE id = $1::bigint AND state = 'failed' "
		       "RETURNING jsonb_build_object('state', state, "
		       "'attempts', attempts, 'next_attempt_at', "
		       "next_attempt_at, 'last_error', last_error)",
		.nparams = 1,
		.ncols = 1,
	},
};
