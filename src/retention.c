#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "retention.h"
#include "stmt_retention.h"

/* The report's lines, by the columns of STMT_RETENTION_DUE. */
static const char *const due_label[RDC__MAX] = {
	[RDC_APPLICATIONS] = "applications purged",
	[RDC_KEPT] = "kept (the person has an assignment)",
	[RDC_CVS] = "CVs deleted",
	[RDC_LETTERS] = "nomination letters deleted",
	[RDC_EVIDENCE] = "certificate evidence files deleted",
	[RDC_NOTES] = "reviewer notes deleted",
	[RDC_MESSAGES] = "nomination messages deleted",
	[RDC_MAILS] = "outbox mails deleted",
};

/*
 * Parses "[--older-than YEARS] [--dry-run]" (argv[0] is the command).
 * Returns 0, or -1 for a wrong use.
 */
static int
purge_args(int argc, char *argv[], long *years, int *dry)
{
	char *end;
	int i;

	*years = RETENTION_YEARS;
	*dry = 0;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0) {
			*dry = 1;
		} else if (strcmp(argv[i], "--older-than") == 0 &&
			   i + 1 < argc) {
			errno = 0;
			*years = strtol(argv[++i], &end, 10);
			if (errno != 0 || *end != '\0' || end == argv[i] ||
			    *years < 1 || *years > RETENTION_YEARS_MAX)
				return -1;
		} else
			return -1;
	}
	return 0;
}

/* Prints the counts of res's row (STMT_RETENTION_DUE). */
static void
purge_report(PGresult *res, long years, int dry, FILE *out)
{
	int i;

	fprintf(out,
		"%s: rejected or withdrawn before %s (%ld years, Japan "
		"time)\n",
		dry ? "dry run, nothing changed" : "purged",
		PQgetvalue(res, 0, RDC_CUTOFF), years);
	for (i = 0; i < RDC__MAX; i++)
		if (due_label[i] != NULL)
			fprintf(out, "%8s %s\n", PQgetvalue(res, 0, i),
				due_label[i]);
}

/*
 * corps-admin purge: in one transaction, finds the applications past the
 * period and, unless a dry run, purges them (STMT_RETENTION_PURGE).
 * Prints the counts.  Returns the exit status: 0, 1 on a database
 * error, 2 for a wrong use.
 */
int
retention_purge(PGconn *c, int argc, char *argv[], FILE *out)
{
	PGresult *due = NULL, *res = NULL;
	char ybuf[16];
	const char *v[RPP__MAX];
	long years;
	int dry, rc = 1;

	if (purge_args(argc, argv, &years, &dry) != 0)
		return 2;
	snprintf(ybuf, sizeof(ybuf), "%ld", years);
	PQclear(PQexec(c, "BEGIN"));
	v[0] = ybuf;
	due = stmt_exec(c, &stmt_retention[STMT_RETENTION_DUE], 1, v);
	if (PQresultStatus(due) != PGRES_TUPLES_OK)
		goto out;
	if (!dry) {
		v[RPP_IDS] = PQgetvalue(due, 0, RDC_IDS);
		v[RPP_YEARS] = ybuf;
		res = stmt_exec(c, &stmt_retention[STMT_RETENTION_PURGE],
				RPP__MAX, v);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			goto out;
	}
	PQclear(PQexec(c, dry ? "ROLLBACK" : "COMMIT"));
	if (PQtransactionStatus(c) == PQTRANS_IDLE) {
		purge_report(due, years, dry, out);
		rc = 0;
	}
out:
	if (rc != 0) {
		fprintf(stderr, "corps-admin: purge failed: %s",
			PQerrorMessage(c));
		PQclear(PQexec(c, "ROLLBACK"));
	}
	PQclear(res);
	PQclear(due);
	return rc;
}

/*
 * Writes n bytes to dir/name, created new (mode 0600).  Returns 0, or -1
 * with the reason on stderr.
 */
static int
write_new(const char *dir, const char *name, const char *p, size_t n)
{
	char path[4096];
	ssize_t w;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1) {
		fprintf(stderr, "corps-admin: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (n > 0 && (w = write(fd, p, n)) > 0) {
		p += w;
		n -= (size_t)w;
	}
	if (close(fd) != 0 || n > 0) {
		fprintf(stderr, "corps-admin: cannot write %s\n", path);
		return -1;
	}
	return 0;
}

/*
 * Writes the application's files as dir/REFERENCE-KIND[-KEY].pdf and
 * lists them in the array files (name given, name written).  Returns 0,
 * or -1.
 */
static int
export_files(PGconn *c, const char *ref, const char *dir,
	     struct json_object *files)
{
	const char *v[1] = { ref };
	struct json_object *f;
	PGresult *res;
	char name[128];
	int i, rc = 0;

	res = PQexecParams(c, stmt_retention[STMT_RETENTION_FILES].sql, 1, NULL,
			   v, NULL, NULL, 1);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "corps-admin: %s", PQerrorMessage(c));
		PQclear(res);
		return -1;
	}
	for (i = 0; i < PQntuples(res) && rc == 0; i++) {
		const char *key = PQgetvalue(res, i, RFC_KEY);

		snprintf(name, sizeof(name), "%s-%s%s%s.pdf", ref,
			 PQgetvalue(res, i, RFC_KIND), *key ? "-" : "", key);
		rc = write_new(dir, name, PQgetvalue(res, i, RFC_CONTENT),
			       (size_t)PQgetlength(res, i, RFC_CONTENT));
		f = json_object_new_object();
		json_object_object_add(
		    f, "kind",
		    json_object_new_string(PQgetvalue(res, i, RFC_KIND)));
		json_object_object_add(
		    f, "filename",
		    json_object_new_string(PQgetvalue(res, i, RFC_FILENAME)));
		json_object_object_add(f, "written_as",
				       json_object_new_string(name));
		json_object_array_add(files, f);
	}
	PQclear(res);
	return rc;
}

/*
 * corps-admin export REFERENCE [--dir DIR]: writes DIR/REFERENCE.json
 * (json-c, pretty printed) with everything held about the application
 * and its files beside it; DIR defaults to the current directory and
 * existing files are never overwritten.  Returns the exit status: 0, 1
 * (unknown reference, database or file error), 2 for a wrong use.
 */
int
retention_export(PGconn *c, int argc, char *argv[], FILE *out)
{
	struct json_object *root = NULL, *files;
	const char *dir = ".", *v[1];
	PGresult *res;
	char name[128];
	const char *text;
	int rc = 1;

	if (argc == 4 && strcmp(argv[2], "--dir") == 0)
		dir = argv[3];
	else if (argc != 2)
		return 2;
	if (strlen(argv[1]) > 32 || strchr(argv[1], '/') != NULL)
		return 2;
	v[0] = argv[1];
	PQclear(PQexec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
	res = stmt_exec(c, &stmt_retention[STMT_RETENTION_EXPORT], 1, v);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fprintf(stderr, "corps-admin: %s", PQerrorMessage(c));
	else if (PQntuples(res) == 0)
		fprintf(stderr, "corps-admin: no application %s\n", argv[1]);
	else if ((root = json_tokener_parse(PQgetvalue(res, 0, 0))) != NULL) {
		files = json_object_new_array();
		json_object_object_add(root, "files", files);
		if (export_files(c, argv[1], dir, files) == 0) {
			text = json_object_to_json_string_ext(
			    root, JSON_C_TO_STRING_PRETTY |
				      JSON_C_TO_STRING_NOSLASHESCAPE);
			snprintf(name, sizeof(name), "%s.json", argv[1]);
			if (write_new(dir, name, text, strlen(text)) == 0) {
				fprintf(out, "%s/%s\n", dir, name);
				rc = 0;
			}
		}
	}
	PQclear(PQexec(c, "ROLLBACK"));
	PQclear(res);
	json_object_put(root);
	return rc;
}
