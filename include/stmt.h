/*
 * Every SQL statement of corps-fcgi, by index.  The texts live in
 * stmt.c; db.c prepares them all once per connection.
 */
#ifndef STMT_H
#define STMT_H

enum stmt {
	STMT_SCHEMA_VERSION,
	STMT_APPLICATION_INSERT,
	STMT_APPLICATION_BY_FORM_TOKEN,
	STMT_APPLICATION_BY_STATUS_TOKEN,
	STMT_APPLICATION_WITHDRAW,
	STMT__MAX
};

struct stmt_def {
	const char *name;
	const char *sql;
};

extern const struct stmt_def stmt_defs[STMT__MAX];

#endif /* !STMT_H */
