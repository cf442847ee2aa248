#include <stdio.h>

#include <json-c/json.h>

#include "audit.h"
#include "req.h"
#include "stmt_staff.h"

/*
 * Fills the parameters of STMT_STAFF_AUDIT_INSERT from a.  The strings stay
 * owned by a and its JSON objects (and idbuf), so use them before either
 * goes.
 */
void
audit_params(const struct audit *a, char idbuf[24],
	     const char *vals[AUDIT_NPARAMS])
{
	snprintf(idbuf, 24, "%lld", a->account_id);
	vals[SAP_ACCOUNT] = a->account_id > 0 ? idbuf : NULL;
	vals[SAP_LOGIN] = a->login == NULL ? "" : a->login;
	vals[SAP_ACTION] = a->action;
	vals[SAP_OBJECT_TYPE] = a->object_type;
	vals[SAP_OBJECT_ID] = a->object_id;
	vals[SAP_CLIENT_ADDR] = a->client_addr;
	vals[SAP_BEFORE] = a->before == NULL
			       ? NULL
			       : json_object_to_json_string_ext(
				     a->before, JSON_C_TO_STRING_PLAIN);
	vals[SAP_AFTER] = a->after == NULL
			      ? NULL
			      : json_object_to_json_string_ext(
				    a->after, JSON_C_TO_STRING_PLAIN);
}

/*
 * Reads the row a change is about, locked until the change's transaction
 * ends, as the audit entry's before-state: s, run with r->arg (and
 * r->arg2 as its second parameter when it takes two), returns it as one
 * JSON object (and locks it FOR UPDATE).  Returns 0 with *state, which
 * the caller puts; 404 without the row; 503/500.
 */
int
audit_before(struct req *r, const struct stmt_def *s,
	     struct json_object **state)
{
	const char *vals[] = { r->arg, r->arg2 };
	PGresult *res;
	enum db_status st;

	*state = NULL;
	if (s->nparams < 1 || s->nparams > 2)
		return 500;
	if ((st = db_exec(r->db, s, s->nparams, vals, NULL, NULL, &res)) !=
	    DB_OK)
		return db_http(st);
	if (PQntuples(res) == 1)
		*state = json_tokener_parse(PQgetvalue(res, 0, 0));
	PQclear(res);
	return *state == NULL ? 404 : 0;
}

/*
 * Begins a change's transaction and reads its before-state with s
 * (audit_before), rolling back when that fails.  Returns 0 with *state
 * in the open transaction, which the caller ends with db_end and whose
 * *state it puts; or 404, 503/500 with no transaction open.
 */
int
audit_begin(struct req *r, const struct stmt_def *s, struct json_object **state)
{
	enum db_status st;
	int rc;

	*state = NULL;
	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	if ((rc = audit_before(r, s, state)) != 0)
		(void)db_end(r->db, DB_OK, 0);
	return rc;
}

/*
 * Records an action of the request's staff account (or of nobody, before
 * sign-in) with the client's address.  Returns the db_exec status.
 */
enum db_status
audit_add(struct req *r, const char *action, const char *otype, const char *oid,
	  struct json_object *before, struct json_object *after)
{
	struct audit a = {
		.account_id = r->staff.id,
		.login = r->staff.login,
		.action = action,
		.object_type = otype,
		.object_id = oid,
		.client_addr = req_client_addr(r),
		.before = before,
		.after = after,
	};
	const char *vals[AUDIT_NPARAMS];
	char idbuf[24];
	PGresult *res;
	enum db_status st;

	audit_params(&a, idbuf, vals);
	st = db_exec(r->db, &stmt_staff[STMT_STAFF_AUDIT_INSERT], AUDIT_NPARAMS,
		     vals, NULL, NULL, &res);
	PQclear(res);
	return st;
}
