/*
 * corps-admin: administration commands.
 *   corps-admin migrate          apply pending migrations
 *   corps-admin migrate status   list applied and pending migrations
 *   corps-admin user add --login NAME --role ROLE [--ministry CODE]
 *                        [--email ADDRESS [--lang ja|en]]
 *   corps-admin user disable NAME
 *   corps-admin user enable NAME
 *   corps-admin user passwd NAME
 *   corps-admin seed-demo --applications N
 *   corps-admin check-statements prepare every SQL statement of corps-fcgi
 *   corps-admin purge [--older-than YEARS] [--dry-run]
 *   corps-admin export REFERENCE [--dir DIR]
 * The database is CORPS_DB (libpq conninfo), the files CORPS_MIGRATIONS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "admin_user.h"
#include "db.h"
#include "migrate.h"
#include "retention.h"
#include "seed.h"

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
		"                            [--email ADDRESS [--lang ja|en]]\n"
		"       corps-admin user disable NAME\n"
		"       corps-admin user enable NAME\n"
		"       corps-admin user passwd NAME\n"
		"       corps-admin seed-demo --applications N\n"
		"       corps-admin check-statements\n"
		"       corps-admin purge [--older-than YEARS] [--dry-run]\n"
		"       corps-admin export REFERENCE [--dir DIR]\n"
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
		return 2;
	if ((dir = getenv("CORPS_MIGRATIONS")) == NULL)
		dir = "migrations";
	PQsetNoticeProcessor(c, quiet, NULL);
	return (argc == 2 ? migrate_status(c, dir, stdout)
			  : migrate_up(c, dir, stdout)) == 0
		   ? 0
		   : 1;
}

/*
 * Runs "check-statements": prepares every statement of every domain's
 * table and compares its parameters and columns with the table's.
 * Returns the exit status: 0, or 1 with the failures on stderr.
 */
static int
cmd_check_statements(PGconn *c, int argc, char *argv[])
{
	int bad;

	(void)argv;
	if (argc != 1)
		return 2;
	if ((bad = db_check_statements(c, stderr)) != 0) {
		fprintf(stderr, "corps-admin: %d statements failed\n", bad);
		return 1;
	}
	printf("every statement prepared\n");
	return 0;
}

/* Runs "seed-demo --applications N".  Returns the exit status. */
static int
cmd_seed_demo(PGconn *c, int argc, char *argv[])
{
	return seed_demo(c, argc, argv, stdout);
}

/* Runs "user add|disable|enable|passwd ...".  Returns the exit status. */
static int
cmd_user(PGconn *c, int argc, char *argv[])
{
	return admin_user(c, argc, argv, stdin, stdout);
}

/* Runs "purge [--older-than YEARS] [--dry-run]".  Returns the exit status. */
static int
cmd_purge(PGconn *c, int argc, char *argv[])
{
	return retention_purge(c, argc, argv, stdout);
}

/* Runs "export REFERENCE [--dir DIR]".  Returns the exit status. */
static int
cmd_export(PGconn *c, int argc, char *argv[])
{
	return retention_export(c, argc, argv, stdout);
}

/*
 * The commands, by name.  Each gets its own arguments (argv[0] is its
 * name) and returns the exit status, 2 for a wrong use.
 */
static const struct command {
	const char *name;
	int (*run)(PGconn *, int, char *[]);
} commands[] = {
	{ "migrate", cmd_migrate },
	{ "user", cmd_user },
	{ "seed-demo", cmd_seed_demo },
	{ "check-statements", cmd_check_statements },
	{ "purge", cmd_purge },
	{ "export", cmd_export },
};

/* Returns the command named name, or NULL. */
static const struct command *
command_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int
main(int argc, char *argv[])
{
	const struct command *cmd;
	const char *conninfo;
	PGconn *c;
	int rc;

	if (argc < 2 || (cmd = command_find(argv[1])) == NULL)
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
	rc = cmd->run(c, argc - 1, argv + 1);
	PQfinish(c);
	if (rc == 2)
		usage();
	return rc;
}
