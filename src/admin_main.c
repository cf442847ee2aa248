/*
 * corps-admin: administration commands.
 *   corps-admin migrate          apply pending migrations
 *   corps-admin migrate status   list applied and pending migrations
 *   corps-admin user add --login NAME --role ROLE [--ministry CODE]
 *   corps-admin user disable NAME
 *   corps-admin user passwd NAME
 * The database is CORPS_DB (libpq conninfo), the files CORPS_MIGRATIONS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "admin_user.h"
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
	fprintf(stderr,
		"usage: corps-admin migrate [status]\n"
		"       corps-admin user add --login NAME --role ROLE "
		"[--ministry CODE]\n"
		"       corps-admin user disable NAME\n"
		"       corps-admin user passwd NAME\n"
		"A password is read from standard input (one line); when it "
		"is empty\nor standard input is a terminal, one is generated "
		"and printed once.\n");
	exit(2);
}

/* Runs "migrate [status]".  Returns the exit status. */
static int
cmd_migrate(PGconn *c, int argc, char *argv[])
{
	const char *dir;

	if (argc > 1 && (argc > 2 || strcmp(argv[1], "status") != 0))
		usage();
	if ((dir = getenv("CORPS_MIGRATIONS")) == NULL)
		dir = "migrations";
	PQsetNoticeProcessor(c, quiet, NULL);
	return (argc == 2 ? migrate_status(c, dir, stdout)
			  : migrate_up(c, dir, stdout)) == 0
		   ? 0
		   : 1;
}

int
main(int argc, char *argv[])
{
	const char *conninfo;
	PGconn *c;
	int rc;

	if (argc < 2 ||
	    (strcmp(argv[1], "migrate") != 0 && strcmp(argv[1], "user") != 0))
		usage();
	if ((conninfo = getenv("CORPS_DB")) == NULL) {
		fprintf(stderr, "corps-admin: CORPS_DB is not set\n");
		return 1;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "corps-admin: cannot initialise libsodium\n");
		return 1;
	}
	c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "corps-admin: %s", PQerrorMessage(c));
		PQfinish(c);
		return 1;
	}
	if (strcmp(argv[1], "migrate") == 0)
		rc = cmd_migrate(c, argc - 1, argv + 1);
	else if ((rc = admin_user(c, argc - 1, argv + 1, stdin, stdout)) == 2)
		usage();
	PQfinish(c);
	return rc;
}
