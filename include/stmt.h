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
	STMT_AUDIT_INSERT,
	STMT_STAFF_ADD,
	STMT_STAFF_BY_LOGIN,
	STMT_STAFF_DISABLE,
	STMT_STAFF_PASSWD,
	STMT_STAFF_REHASH,
	STMT_SESSION_INSERT,
	STMT_SESSION_LOAD,
	STMT_SESSION_DELETE,
	STMT_THROTTLE_GET,
	STMT_THROTTLE_FAIL,
	STMT_THROTTLE_CLEAR,
	STMT_REVIEW_APP,
	STMT_REVIEW_CV,
	STMT_REVIEW_NOTE_ADD,
	STMT_REVIEW_DECIDE,
	STMT__MAX
};

struct stmt_def {
	const char *name;
	const char *sql;
};

extern const struct stmt_def stmt_defs[STMT__MAX];

#endif /* !STMT_H */
