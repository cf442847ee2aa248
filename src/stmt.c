#include <libpq-fe.h>

#include "stmt.h"

/*
 * Runs statement s with n text parameters v, unprepared, on a connection
 * of its own (corps-admin's and corps-mailer's: only corps-fcgi prepares
 * the tables, db.c).  Returns the result, which the caller clears.
 */
PGresult *
stmt_exec(PGconn *c, const struct stmt_def *s, int n, const char *const *v)
{
	return PQexecParams(c, s->sql, n, NULL, v, NULL, NULL, 0);
}
