/*
 * SQL statements: every domain has its own table, an enum-indexed array
 * of struct stmt_def in src/stmt_<domain>.c, with its enum (STMT_<DOMAIN>_*
 * and STMT_<DOMAIN>__MAX) and the enums of its statements' parameters and
 * columns in include/stmt_<domain>.h.  Callers pass
 * &stmt_<domain>[STMT_<DOMAIN>_X] to db_run/db_exec and read columns by
 * those enums.  db.c prepares every table on each new connection (its
 * list db_tables), so prepared names must be unique across the tables;
 * "corps-admin check-statements" (tests/integration/statements.test.mjs)
 * prepares and describes them all.
 *
 * A new domain: write stmt_<domain>.c and .h like the others, and add
 * its header and TABLE(stmt_<domain>) to db_tables in db.c.
 */
#ifndef STMT_H
#define STMT_H

#include <libpq-fe.h>

/*
 * One statement.  nparams and ncols are what the server must describe
 * for it (check-statements compares): the __MAX of its enums when it has
 * them, so that the enums and the SQL cannot drift apart unnoticed.
 */
struct stmt_def {
	const char *name; /* PQprepare's name, unique across all tables */
	const char *sql;
	int nparams;
	int ncols;
};

/* A domain's table: db.c's list holds one of these per domain. */
struct stmt_table {
	const struct stmt_def *defs;
	int n;
};

/*
 * The columns of a file download (review_app_pdf): STMT_REVIEW_CV,
 * STMT_REVIEW_NOMINATION_LETTER, STMT_NOMINATION_LETTER, STMT_NOMINATION_CV.
 */
enum stmt_file_col { FILE_NAME, FILE_CONTENT, FILE_REFERENCE, FILE__MAX };

/* Japan's time zone, in which every date and time is shown and filtered. */
#define SQL_TZ "'Asia/Tokyo'"

/* A number's define as SQL text. */
#define SQL_NUMBER(n)  SQL_NUMBER_(n)
#define SQL_NUMBER_(n) #n

/*
 * An application's languages as form fields ("lang_en": "fluent", ...,
 * "lang_other_name"), so that a form's own field table lays them out
 * (the reviewer's and the liaison's page of one application).
 */
#define SQL_LANGUAGE_FIELDS                                                    \
	"coalesce((SELECT jsonb_object_agg('lang_' || split_part(l, ':', 1), " \
	"split_part(l, ':', 2)) FROM unnest(a.languages) l), '{}') || "        \
	"jsonb_build_object('lang_other_name', a.language_other)"

PGresult *stmt_exec(PGconn *, const struct stmt_def *, int,
		    const char *const *);

#endif /* !STMT_H */
