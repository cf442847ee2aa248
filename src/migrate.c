#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "buf.h"
#include "migrate.h"

/* An arbitrary constant shared by every corps-admin: one migrator at once. */
#define MIGRATE_LOCK "7242019921"

struct mfile {
	char version[15];
	char *name; /* file name, owned */
};

/* Orders migration files by version. */
static int
mfile_cmp(const void *a, const void *b)
{
	return strcmp(((const struct mfile *)a)->version,
		      ((const struct mfile *)b)->version);
}

/* Accepts "YYYYMMDDHHMMSS_name.sql" only. */
static int
mfile_valid(const char *n)
{
	size_t i, len = strlen(n);

	if (len < 20 || strcmp(n + len - 4, ".sql") != 0 || n[14] != '_')
		return 0;
	for (i = 0; i < 14; i++)
		if (n[i] < '0' || n[i] > '9')
			return 0;
	return 1;
}

/*
 * Lists the migration files of dir sorted by version into *out (the
 * caller frees with mfiles_free).  Returns the count, or -1.
 */
static int
mfiles_list(const char *dir, struct mfile **out)
{
	DIR *d;
	struct dirent *e;
	struct mfile *v = NULL;
	size_t n = 0;

	if ((d = opendir(dir)) == NULL) {
		perror(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (!mfile_valid(e->d_name))
			continue;
		v = xreallocarray(v, n + 1, sizeof(*v));
		memcpy(v[n].version, e->d_name, 14);
		v[n].version[14] = '\0';
		v[n++].name = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(v, n, sizeof(*v), mfile_cmp);
	*out = v;
	return (int)n;
}

static void
mfiles_free(struct mfile *v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/*
 * Cuts the "-- migrate:up" section out of a migration's text, in place.
 * Returns a pointer into text, or NULL if there is no such section.
 */
static char *
up_section(char *text)
{
	char *up, *down;

	if ((up = strstr(text, "-- migrate:up")) == NULL)
		return NULL;
	up += strcspn(up, "\n");
	if ((down = strstr(up, "-- migrate:down")) != NULL)
		*down = '\0';
	return up;
}

/* Runs one command; returns 0 or -1 with the server's message on out. */
static int
sql_run(PGconn *c, const char *sql, FILE *out)
{
	PGresult *r;
	int ok;

	r = PQexec(c, sql);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
	     PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(out, "%s", PQerrorMessage(c));
	PQclear(r);
	return ok ? 0 : -1;
}

/* Returns 1 if version is recorded as applied, 0 if not, -1 on error. */
static int
is_applied(PGconn *c, const char *version)
{
	const char *vals[1] = { version };
	PGresult *r;
	int rc;

	r = PQexecParams(c,
			 "SELECT 1 FROM schema_migrations "
			 "WHERE version = $1",
			 1, NULL, vals, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = -1;
	else
		rc = PQntuples(r) > 0;
	PQclear(r);
	return rc;
}

/*
 * Applies one migration file and records its version, in one transaction
 * unless its first line opts out with "transaction:false".
 * Returns 0 or -1.
 */
static int
apply_one(PGconn *c, const char *dir, const struct mfile *m, FILE *out)
{
	struct buf path, text;
	const char *vals[1] = { m->version };
	char *up;
	int tx, rc = -1;
	PGresult *r;

	buf_init(&path);
	buf_init(&text);
	buf_printf(&path, "%s/%s", dir, m->name);
	if (buf_read_file(&text, path.ptr) != 0) {
		perror(path.ptr);
		goto out;
	}
	if ((up = up_section(text.ptr)) == NULL) {
		fprintf(out, "%s: no \"-- migrate:up\" section\n", m->name);
		goto out;
	}
	tx = strstr(text.ptr, "transaction:false") == NULL ||
	     strstr(text.ptr, "transaction:false") > up;
	if (tx && sql_run(c, "BEGIN", out) != 0)
		goto out;
	if (sql_run(c, up, out) != 0)
		goto fail;
	r = PQexecParams(c,
			 "INSERT INTO schema_migrations (version) "
			 "VALUES ($1)",
			 1, NULL, vals, NULL, NULL, 0);
	rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
	PQclear(r);
	if (rc != 0 || (tx && sql_run(c, "COMMIT", out) != 0))
		goto fail;
	fprintf(out, "applied %s\n", m->name);
	rc = 0;
	goto out;
fail:
	fprintf(out, "failed %s: %s", m->name, PQerrorMessage(c));
	if (tx)
		sql_run(c, "ROLLBACK", out);
	rc = -1;
out:
	buf_free(&path);
	buf_free(&text);
	return rc;
}

/*
 * Applies every pending migration in version order under an advisory
 * lock, stopping at the first failure.  Returns 0 or -1.
 */
int
migrate_up(PGconn *c, const char *dir, FILE *out)
{
	struct mfile *v;
	int i, n, done, rc = 0, applied = 0;

	if ((n = mfiles_list(dir, &v)) < 0)
		return -1;
	if (sql_run(c, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")", out) != 0 ||
	    sql_run(c,
		    "CREATE TABLE IF NOT EXISTS schema_migrations "
		    "(version varchar(255) PRIMARY KEY)",
		    out) != 0) {
		mfiles_free(v, n);
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		if ((done = is_applied(c, v[i].version)) < 0)
			rc = -1;
		else if (!done && (rc = apply_one(c, dir, &v[i], out)) == 0)
			applied++;
	}
	sql_run(c, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")", out);
	if (rc == 0 && applied == 0)
		fprintf(out, "nothing to apply: the schema is up to date\n");
	mfiles_free(v, n);
	return rc;
}

/* Lists every migration file as applied or pending.  Returns 0 or -1. */
int
migrate_status(PGconn *c, const char *dir, FILE *out)
{
	struct mfile *v;
	int i, n, done, pending = 0;

	if ((n = mfiles_list(dir, &v)) < 0)
		return -1;
	if (sql_run(c,
		    "CREATE TABLE IF NOT EXISTS schema_migrations "
		    "(version varchar(255) PRIMARY KEY)",
		    out) != 0) {
		mfiles_free(v, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((done = is_applied(c, v[i].version)) < 0)
			break;
		pending += !done;
		fprintf(out, "%s  %s\n", done ? "applied" : "pending",
			v[i].name);
	}
	fprintf(out, "%d applied, %d pending\n", n - pending, pending);
	mfiles_free(v, n);
	return i == n ? 0 : -1;
}
