#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "buf.h"
#include "db.h"
#include "log.h"

_Static_assert(sizeof(stmt_defs) / sizeof(stmt_defs[0]) == STMT__MAX,
	       "one SQL text per statement");

struct db {
	char *conninfo;
	PGconn *conn; /* NULL or a connection with every statement prepared */
};

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

/* Prepares every statement of the table.  Returns 0 or -1 (logged). */
static int
db_prepare_all(PGconn *conn)
{
	PGresult *res;
	size_t i;
	int ok;

	for (i = 0; i < STMT__MAX; i++) {
		res = PQprepare(conn, stmt_defs[i].name, stmt_defs[i].sql, 0,
				NULL);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (!ok)
			log_warnx("prepare %s: %s", stmt_defs[i].name,
				  PQerrorMessage(conn));
		PQclear(res);
		if (!ok)
			return -1;
	}
	return 0;
}

/*
 * Makes sure the worker has a usable connection, opening it and preparing
 * the statements if needed.  Returns DB_OK or DB_UNAVAILABLE.
 */
enum db_status
db_connect(struct db *db)
{
	if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK)
		return DB_OK;
	db_close(db);
	db->conn = PQconnectdb(db->conninfo);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		log_warnx("database connection: %s", PQerrorMessage(db->conn));
		db_close(db);
		return DB_UNAVAILABLE;
	}
	if (db_prepare_all(db->conn) != 0) {
		db_close(db);
		return DB_UNAVAILABLE;
	}
	return DB_OK;
}

/*
 * Runs a prepared statement.  On DB_OK, *res holds a tuples or command
 * result that the caller PQclear()s; otherwise *res is NULL and the
 * cause is logged.  A lost connection gives DB_UNAVAILABLE and is
 * re-opened on the next call.
 */
enum db_status
db_exec(struct db *db, enum stmt s, int n, const char *const *vals,
	const int *lens, const int *fmts, PGresult **res)
{
	ExecStatusType st;

	*res = NULL;
	if (db_connect(db) != DB_OK)
		return DB_UNAVAILABLE;
	*res =
	    PQexecPrepared(db->conn, stmt_defs[s].name, n, vals, lens, fmts, 0);
	st = PQresultStatus(*res);
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return DB_OK;
	log_warnx("%s: %s", stmt_defs[s].name, PQerrorMessage(db->conn));
	PQclear(*res);
	*res = NULL;
	if (PQstatus(db->conn) != CONNECTION_OK) {
		db_close(db);
		return DB_UNAVAILABLE;
	}
	return DB_ERROR;
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
 * Runs a prepared statement with text parameters (NULL for SQL NULL).
 * Returns and sets *res as db_exec.
 */
enum db_status
db_run(struct db *db, enum stmt s, PGresult **res, int n, ...)
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

	res = PQexec(c, stmt_defs[STMT_SCHEMA_VERSION].sql);
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

	res = PQexecParams(c, stmt_defs[STMT_PRIVACY_NOTICE].sql, 1, NULL,
			   &version, NULL, NULL, 0);
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
