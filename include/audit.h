/*
 * The audit log: who did what to which object, from where, with the
 * values before and after as JSON objects (built with json-c).  Rows are
 * only ever added; the application's database role cannot change them.
 */
#ifndef AUDIT_H
#define AUDIT_H

#include "db.h"
#include "stmt_staff.h"

struct json_object;
struct req;

/* One entry; NULL fields are stored as NULL. */
struct audit {
	long long account_id; /* 0: no account (a failed login, corps-admin) */
	const char *login;    /* the account's, or as typed */
	const char *action;   /* e.g. "login.failed", "application.decide" */
	const char *object_type;
	const char *object_id;
	const char *client_addr;
	struct json_object *before;
	struct json_object *after;
};

#define AUDIT_NPARAMS SAP__MAX /* of STMT_STAFF_AUDIT_INSERT */

void audit_params(const struct audit *, char idbuf[24],
		  const char *vals[AUDIT_NPARAMS]);
int audit_before(struct req *, const struct stmt_def *, struct json_object **);
int audit_begin(struct req *, const struct stmt_def *, struct json_object **);
enum db_status audit_add(struct req *, const char *, const char *, const char *,
			 struct json_object *, struct json_object *);

#endif /* !AUDIT_H */
