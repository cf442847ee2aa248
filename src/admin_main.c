/*
 * corps-admin: administration commands.
 *   corps-admin migrate          apply pending migrations
 *   corps-admin migrate status   list applied and pending migrations
 * The database is CORPS_DB (libpq conninfo), the files CORPS_MIGRATIONS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "migrate.h"

/* Drops "already exists, skipping" notices: the report says what happened. */
static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static void
usage(void)
{
	fprintf(stderr, "usage: corps-admin migrate [status]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	const char *conninfo, *dir;
	PGconn *c;
	int rc;

	if (argc < 2 || strcmp(argv[1], "migrate") != 0 || argc > 3 ||
	    (argc == 3 && strcmp(argv[2], "status") != 0))
		usage();
	if ((conninfo = getenv("CORPS_DB")) == NULL) {
		fprintf(stderr, "corps-admin: CORPS_DB is not set\n");
		return 1;
	}
	if ((dir = getenv("CORPS_MIGRATIONS")) == NULL)
		dir = "migrations";
	c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "corps-admin: %s", PQerrorMessage(c));
		PQfinish(c);
		return 1;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	rc = argc == 3 ? migrate_status(c, dir, stdout)
		       : migrate_up(c, dir, stdout);
	PQfinish(c);
	return rc == 0 ? 0 : 1;
}
