#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "buf.h"
#include "db.h"
#include "log.h"
#include "metrics.h"
#include "stmt_admin.h"
#include "stmt_course.h"
#include "stmt_apply.h"
#include "stmt_dashboard.h"
#include "stmt_enrol.h"
#include "stmt_health.h"
#include "stmt_due.h"
#include "stmt_timeline.h"
#include "stmt_mail.h"
#include "stmt_nomination.h"
#include "stmt_plan.h"
#include "stmt_position.h"
#include "stmt_review.h"
#include "stmt_retention.h"
#include "stmt_review_list.h"
#include "stmt_staff.h"

/* A table and its number of statements. */
#define TABLE(t)                                                               \
	{                                                                      \
		(t), sizeof(t) / sizeof((t)[0])                                \
	}

/* Every domain's statement table, prepared on each new connection. */
static const struct stmt_table db_tables[] = {
	TABLE(stmt_apply),    TABLE(stmt_staff),     TABLE(stmt_review_list),
	TABLE(stmt_review),   TABLE(stmt_dashboard), TABLE(stmt_nomination),
	TABLE(stmt_admin),    TABLE(stmt_mail),	     TABLE(stmt_enrol),
	TABLE(stmt_course),   TABLE(stmt_due),	     TABLE(stmt_timeline),
	TABLE(stmt_plan),     TABLE(stmt_retention), TABLE(stmt_health),
	TABLE(stmt_position),
};
#define NTABLES (sizeof(db_tables) / sizeof(db_tables[0]))

/* The start-up check's, on a plain connection: never prepared. */
#define SQL_SCHEMA_VERSION "SELECT max(version) FROM schema_migrations"

struct db {
	char *conninfo;
	PGconn *conn; /* NULL or a connection with every statement prepared */
	int rest;     /* seconds without a try after a failed connection */
	time_t next_try;  /* monotonic: before it, connecting fails at once */
	char refusal[64]; /* the constraint the last statement broke, or "" */
};

/* Returns the monotonic clock's seconds. */
static time_t
now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/*
 * Makes db leave its server alone for secs seconds after a connection
 * fails, failing at once meanwhile: for a connection with a fallback
 * (CORPS_DB_READ), so that a standby that is down, or a host that does
 * not answer within connect_timeout, costs a worker one try per rest,
 * not one per request.  0, the default, tries on every use: the
 * primary's connection must come back as soon as the server does.
 */
void
db_rest(struct db *db, int secs)
{
	db->rest = secs;
}

/* Returns a handle that connects on first use; the caller frees it. */
struct db *
db_new(const char *conninfo)
{
	struct db *db;

	db = xcalloc(1, sizeof(*db));
	db->conninfo = xstrdup(conninfo);
	return db;
}

static void
db_close(struct db *db)
{
	if (db->conn != NULL)
		PQfinish(db->conn);
	db->conn = NULL;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	db_close(db);
	free(db->conninfo);
	free(db);
}

/*
 * Prepares statement d on conn.  Returns 0, or -1 with the server's
 * message in err (a missing name or SQL is an error too).
 */
static int
prepare_one(PGconn *conn, const struct stmt_def *d, char *err, size_t errsz)
{
	PGresult *res;
	int ok;

	if (d->name == NULL || d->sql == NULL) {
		snprintf(err, errsz, "a statement without a name or SQL");
		return -1;
	}
	res = PQprepare(conn, d->name, d->sql, 0, NULL);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		snprintf(err, errsz, "prepare %s: %s", d->name,
			 PQerrorMessage(conn));
	PQclear(res);
	return ok ? 0 : -1;
}

/* Prepares every statement of every table.  Returns 0 or -1 (logged). */
static int
db_prepare_all(PGconn *conn)
{
	char err[1024];
	size_t t;
	int i;

	for (t = 0; t < NTABLES; t++)
		for (i = 0; i < db_tables[t].n; i++)
			if (prepare_one(conn, &db_tables[t].defs[i], err,
					sizeof(err)) != 0) {
				log_warnx("%s", err);
				return -1;
			}
	return 0;
}

/*
 * Checks statement d, prepared on conn: the server describes as many
 * parameters and columns as its table says.  Returns 0, or -1 with the
 * difference in err.
 */
static int
describe_one(PGconn *conn, const struct stmt_def *d, char *err, size_t errsz)
{
	PGresult *res;
	int rc = -1;

	res = PQdescribePrepared(conn, d->name);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		snprintf(err, errsz, "describe %s: %s", d->name,
			 PQerrorMessage(conn));
	else if (PQnparams(res) != d->nparams || PQnfields(res) != d->ncols)
		snprintf(err, errsz,
			 "%s: the server describes %d parameters and %d "
			 "columns, the table says %d and %d",
			 d->name, PQnparams(res), PQnfields(res), d->nparams,
			 d->ncols);
	else
		rc = 0;
	PQclear(res);
	return rc;
}

/*
 * Prepares every statement of every table on conn and checks each one's
 * parameters and columns (prepared names must be unique: a repeated one
 * fails to prepare).  Writes one line per failure to out.  Returns the
 * number of failures.
 */
int
db_check_statements(PGconn *conn, FILE *out)
{
	char err[1024];
	size_t t;
	int i, bad = 0;

	for (t = 0; t < NTABLES; t++)
		for (i = 0; i < db_tables[t].n; i++) {
			const struct stmt_def *d = &db_tables[t].defs[i];

			if (prepare_one(conn, d, err, sizeof(err)) != 0 ||
			    describe_one(conn, d, err, sizeof(err)) != 0) {
				fprintf(out, "%s\n", err);
				bad++;
			}
		}
	return bad;
}

/*
 * Whether conn is still usable.  A server that restarted, or ended the
 * backend, has already said so on the socket: reading what is there
 * (without blocking) before a transaction starts lets a worker that was
 * idle meanwhile reconnect, instead of failing its next request with 503.
 * Inside a transaction the statement's own failure tells.
 */
static int
db_alive(PGconn *conn)
{
	int i;

	if (PQstatus(conn) != CONNECTION_OK)
		return 0;
	if (PQtransactionStatus(conn) != PQTRANS_IDLE)
		return 1;
	/* The first read may bring the server's last message, the second
	 * the end of the stream. */
	for (i = 0; i < 2; i++)
		if (PQconsumeInput(conn) != 1)
			return 0;
	return PQstatus(conn) == CONNECTION_OK;
}

/*
 * Makes sure the worker has a usable connection, opening it and preparing
 * the statements if needed.  Returns DB_OK or DB_UNAVAILABLE.
 */
enum db_status
db_connect(struct db *db)
{
	if (db->conn != NULL && db_alive(db->conn))
		return DB_OK;
	db_close(db);
	if (db->rest > 0 && now_mono() < db->next_try)
		return DB_UNAVAILABLE;
	db->conn = PQconnectdb(db->conninfo);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		log_warnx("database connection: %s", PQerrorMessage(db->conn));
		db_close(db);
		db->next_try = now_mono() + db->rest;
		return DB_UNAVAILABLE;
	}
	if (db_prepare_all(db->conn) != 0) {
		db_close(db);
		return DB_UNAVAILABLE;
	}
	return DB_OK;
}

/*
 * Keeps the name of the constraint that res, a failed statement's
 * result, broke: an integrity violation (SQLSTATE class 23) with a
 * constraint name, as the database's refusals are raised.
 */
static void
keep_refusal(struct db *db, const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char *c = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);

	if (state != NULL && strncmp(state, "23", 2) == 0 && c != NULL)
		snprintf(db->refusal, sizeof(db->refusal), "%s", c);
}

/*
 * Returns the constraint the last statement that failed with DB_ERROR
 * broke (a refusal of the database, to be put in words by its name), or
 * "" for any other failure.  Valid until the next statement.
 */
const char *
db_refusal(const struct db *db)
{
	return db->refusal;
}

/*
 * Tells whether res, a failed statement's result, failed for a reason
 * that passes (SQLSTATE class 40: a deadlock, a serialization failure, a
 * standby's query cancelled by a conflict with recovery): nothing was
 * done, and the same request later should work.
 */
static int
transient(const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	return state != NULL && strncmp(state, "40", 2) == 0;
}

/*
 * Runs a prepared statement.  On DB_OK, *res holds a tuples or command
 * result that the caller PQclear()s; otherwise *res is NULL and the
 * cause is logged.  A lost connection gives DB_UNAVAILABLE and is
 * re-opened on the next call; a failure that passes (transient) gives
 * DB_UNAVAILABLE too, on a connection that stays, its transaction to be
 * ended by db_end as after any failure.
 */
enum db_status
db_exec(struct db *db, const struct stmt_def *s, int n, const char *const *vals,
	const int *lens, const int *fmts, PGresult **res)
{
	ExecStatusType st;
	int passes;

	*res = NULL;
	db->refusal[0] = '\0';
	if (db_connect(db) != DB_OK) {
		metrics_db_error();
		return DB_UNAVAILABLE;
	}
	*res = PQexecPrepared(db->conn, s->name, n, vals, lens, fmts, 0);
	st = PQresultStatus(*res);
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return DB_OK;
	log_warnx("%s: %s", s->name, PQerrorMessage(db->conn));
	metrics_db_error();
	keep_refusal(db, *res);
	passes = transient(*res);
	PQclear(*res);
	*res = NULL;
	if (PQstatus(db->conn) != CONNECTION_OK) {
		db_close(db);
		return DB_UNAVAILABLE;
	}
	return passes ? DB_UNAVAILABLE : DB_ERROR;
}

/*
 * Runs a transaction command (BEGIN, COMMIT, ROLLBACK) on the worker's
 * connection, opening it if needed.  Returns a db_status like db_exec.
 */
enum db_status
db_tx(struct db *db, const char *cmd)
{
	PGresult *res;
	int ok;

	if (db_connect(db) != DB_OK)
		return DB_UNAVAILABLE;
	res = PQexec(db->conn, cmd);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	if (ok)
		return DB_OK;
	log_warnx("%s: %s", cmd, PQerrorMessage(db->conn));
	if (PQstatus(db->conn) != CONNECTION_OK) {
		db_close(db);
		return DB_UNAVAILABLE;
	}
	return DB_ERROR;
}

/*
 * Ends the worker's transaction: COMMIT when every statement worked (st
 * is DB_OK) and the caller keeps the change (keep), else ROLLBACK; after
 * a lost connection there is nothing to roll back.  Returns COMMIT's
 * status when committing, else st.
 */
enum db_status
db_end(struct db *db, enum db_status st, int keep)
{
	if (st == DB_OK && keep)
		return db_tx(db, "COMMIT");
	if (db->conn != NULL)
		(void)db_tx(db, "ROLLBACK");
	return st;
}

/*
 * After a request: rolls back a transaction that the request left open
 * on db's connection (a page that returned without db_end), so that its
 * locks are not held while the worker waits for the next request, and
 * no request runs inside another's transaction.  Logs it: it is a page's
 * mistake.
 */
void
db_idle(struct db *db)
{
	PGTransactionStatusType ts;

	if (db == NULL || db->conn == NULL)
		return;
	ts = PQtransactionStatus(db->conn);
	if (ts != PQTRANS_INTRANS && ts != PQTRANS_INERROR)
		return;
	log_warnx("a transaction was left open: rolled back");
	(void)db_tx(db, "ROLLBACK");
}

/*
 * Runs a prepared statement with text parameters (NULL for SQL NULL).
 * Returns and sets *res as db_exec.
 */
enum db_status
db_run(struct db *db, const struct stmt_def *s, PGresult **res, int n, ...)
{
	const char *vals[DB_RUN_MAX];
	va_list ap;
	int i;

	if (n > DB_RUN_MAX)
		abort();
	va_start(ap, n);
	for (i = 0; i < n; i++)
		vals[i] = va_arg(ap, const char *);
	va_end(ap);
	return db_exec(db, s, n, vals, NULL, NULL, res);
}

/*
 * Checks that the newest applied migration of c is at least the one this
 * binary was built with (CORPS_SCHEMA_VERSION).  Returns 0, or -1 with a
 * message for the operator in err.
 */
static int
schema_check(PGconn *c, char *err, size_t errsz)
{
	PGresult *res;
	const char *have;
	int rc = -1;

	res = PQexec(c, SQL_SCHEMA_VERSION);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		snprintf(err, errsz,
			 "cannot read the schema version (has "
			 "\"corps-admin migrate\" run?): %s",
			 PQerrorMessage(c));
		goto out;
	}
	have = PQgetisnull(res, 0, 0) ? "" : PQgetvalue(res, 0, 0);
	if (strcmp(have, CORPS_SCHEMA_VERSION) < 0) {
		snprintf(err, errsz,
			 "database schema is %s but this binary "
			 "needs %s: run \"corps-admin migrate\" first",
			 *have == '\0' ? "empty" : have, CORPS_SCHEMA_VERSION);
		goto out;
	}
	rc = 0;
out:
	PQclear(res);
	return rc;
}

/*
 * Checks that the privacy notice version every application will record
 * (CORPS_PRIVACY_VERSION) is published in c's privacy_notices: else every
 * submission would fail its domain check.  Returns 0, or -1 with a
 * message for the operator in err.
 */
static int
privacy_check(PGconn *c, const char *version, char *err, size_t errsz)
{
	PGresult *res;
	int rc = -1;

	res = PQexecParams(c, stmt_apply[STMT_APPLY_PRIVACY_NOTICE].sql, 1,
			   NULL, &version, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		snprintf(err, errsz, "cannot read the privacy notices: %s",
			 PQerrorMessage(c));
	else if (PQntuples(res) != 1)
		snprintf(err, errsz,
			 "CORPS_PRIVACY_VERSION=\"%s\" is not a published "
			 "privacy notice (table privacy_notices)",
			 version);
	else
		rc = 0;
	PQclear(res);
	return rc;
}

/*
 * Checks at start-up that the database can serve this binary: its schema
 * is new enough and it publishes the configured privacy notice.  It uses
 * a plain connection: preparing the statements would fail first on an old
 * schema, with a less helpful message.  Returns 0, or -1 with a message
 * for the operator in err.
 */
int
db_start_check(const char *conninfo, const char *privacy_version, char *err,
	       size_t errsz)
{
	PGconn *c;
	int rc = -1;

	c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK)
		snprintf(err, errsz, "cannot connect to the database: %s",
			 PQerrorMessage(c));
	else if (schema_check(c, err, errsz) == 0)
		rc = privacy_check(c, privacy_version, err, errsz);
	PQfinish(c);
	return rc;
}

/*
 * Returns the HTTP status a page answers for st: 0 for DB_OK, 503 while
 * the database is unreachable (the request may be retried), else 500.
 */
int
db_http(enum db_status st)
{
	return st == DB_OK ? 0 : st == DB_UNAVAILABLE ? 503 : 500;
}
