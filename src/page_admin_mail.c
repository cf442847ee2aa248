#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "pages.h"
#include "record.h"
#include "req.h"
#include "stmt_admin.h"

/*
 * /admin/mail: the mail queue (issue 13), the number of rows in each
 * state, which also filter the list, and the rows newest first, 50 a
 * page by keyset; a failed row can be sent again (audited).  Nothing
 * here reads a row's data: it may hold a private status link.
 */

#define MAIL_PAGE 50 /* rows a page; STMT_ADMIN_MAIL_LIST returns one more */

/* The states, in the order of STMT_ADMIN_MAIL_COUNTS's columns. */
#define MAIL_STATES AMN_ESTIMATED
static const char *const mail_states[MAIL_STATES] = {
	[AMN_PENDING] = "pending",
	[AMN_SENT] = "sent",
	[AMN_FAILED] = "failed",
};

/*
 * Puts the counts of each state into the view as "states", the links
 * that filter the list by state (the one shown is current); an estimate
 * reads "about N".  Returns 0, or 503/500.
 */
static int
outbox_counts_view(struct req *r, const char *state)
{
	struct json_object *arr, *o;
	PGresult *res;
	enum db_status st;
	char key[32];
	int i, estimated;

	st = db_run(r->db, &stmt_admin[STMT_ADMIN_MAIL_COUNTS], &res, 0);
	if (st != DB_OK)
		return db_http(st);
	estimated = strcmp(PQgetvalue(res, 0, AMN_ESTIMATED), "t") == 0;
	arr = json_object_new_array();
	for (i = 0; i < MAIL_STATES; i++) {
		o = json_object_new_object();
		view_str(o, "state", mail_states[i]);
		snprintf(key, sizeof(key), "mail_state_%s", mail_states[i]);
		view_str(o, "label", req_text(r, key));
		json_object_object_add(o, "count",
				       req_count(r, atoi(PQgetvalue(res, 0, i)),
						 i == AMN_SENT && estimated));
		view_bool(o, "current",
			  state != NULL && strcmp(state, mail_states[i]) == 0);
		json_object_array_add(arr, o);
	}
	json_object_object_add(r->view, "states", arr);
	view_bool(r->view, "all_current", state == NULL);
	PQclear(res);
	return 0;
}

/* Returns the view of row i of an STMT_ADMIN_MAIL_LIST result. */
static struct json_object *
mail_row_view(struct req *r, PGresult *res, int i)
{
	static const struct {
		const char *name;
		enum admin_mail_col col;
	} cols[] = {
		{ "id", AML_ID },
		{ "recipient", AML_RECIPIENT },
		{ "created", AML_CREATED },
		{ "attempts", AML_ATTEMPTS },
		{ "next_attempt", AML_NEXT_ATTEMPT },
		{ "sent", AML_SENT },
		{ "last_error", AML_LAST_ERROR },
	};
	struct json_object *o = json_object_new_object();
	const char *state = PQgetvalue(res, i, AML_STATE);
	char key[48];
	size_t c;

	for (c = 0; c < sizeof(cols) / sizeof(cols[0]); c++)
		view_str(o, cols[c].name, PQgetvalue(res, i, cols[c].col));
	snprintf(key, sizeof(key), "mail_kind_%s",
		 PQgetvalue(res, i, AML_KIND));
	view_str(o, "kind", req_text(r, key));
	snprintf(key, sizeof(key), "mail_state_%s", state);
	view_str(o, "state", req_text(r, key));
	view_bool(o, "failed", strcmp(state, "failed") == 0);
	return o;
}

/*
 * Puts the page of rows in state (NULL: any) after cursor (NULL: the
 * newest) into the view, with the link to the next page.  Returns 0, or
 * 503/500.
 */
static int
mail_rows_view(struct req *r, const char *state, const char *cursor)
{
	struct json_object *arr;
	PGresult *res;
	enum db_status st;
	int i, n;

	st = db_run(r->db, &stmt_admin[STMT_ADMIN_MAIL_LIST], &res, AMLP__MAX,
		    state, cursor);
	if (st != DB_OK)
		return db_http(st);
	n = PQntuples(res) > MAIL_PAGE ? MAIL_PAGE : PQntuples(res);
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, mail_row_view(r, res, i));
	json_object_object_add(r->view, "rows", arr);
	view_bool(r->view, "has_rows", n > 0);
	view_bool(r->view, "empty", n == 0);
	if (PQntuples(res) > MAIL_PAGE)
		view_str(r->view, "next_cursor",
			 PQgetvalue(res, n - 1, AML_ID));
	PQclear(res);
	return 0;
}

/*
 * Shows the queue: the counts and the rows in state (NULL: any) after
 * cursor (NULL: the newest), with status, read in one transaction with
 * custom plans (see STMT_ADMIN_MAIL_LIST).  Returns status or 503/500.
 */
static int
queue_show(struct req *r, const char *state, const char *cursor, int status)
{
	enum db_status st;
	int rc;

	if ((st = db_tx(r->db, "BEGIN READ ONLY; " DB_CUSTOM_PLANS)) != DB_OK)
		return db_http(st);
	if ((rc = outbox_counts_view(r, state)) != 0 ||
	    (rc = mail_rows_view(r, state, cursor)) != 0) {
		(void)db_end(r->db, DB_OK, 0);
		return rc;
	}
	if ((st = db_end(r->db, DB_OK, 1)) != DB_OK)
		return db_http(st);
	view_bool(r->view, "paged", cursor != NULL);
	if (state != NULL)
		view_str(r->view, "filter", state);
	view_str(r->view, "title", req_text(r, "nav_mail"));
	r->page = VIEW_ADMIN_MAIL;
	return status;
}

/*
 * GET /admin/mail?state=&cursor=: the queue.  200; 400 for an unknown
 * state or a malformed cursor; 503/500.
 */
int
page_admin_mail_get(struct req *r)
{
	const char *state = kv_get(&r->query, "state");
	const char *cursor = kv_get(&r->query, "cursor");
	int i;

	if (cursor != NULL && !record_id_valid(cursor))
		return 400;
	if (state != NULL && *state == '\0')
		state = NULL;
	for (i = 0; state != NULL && i < MAIL_STATES; i++)
		if (strcmp(state, mail_states[i]) == 0)
			break;
	if (i == MAIL_STATES)
		return 400;
	return queue_show(r, state, cursor, 200);
}

/*
 * Makes the failed row r->arg pending and due now, and audits it with
 * its state before and after, in one transaction.  Returns 0, 404, 409
 * when the row has not failed, or 503/500.
 */
static int
resend(struct req *r)
{
	struct json_object *before, *after = NULL;
	PGresult *res;
	enum db_status st;
	int rc;

	if ((rc = audit_begin(r, &stmt_admin[STMT_ADMIN_MAIL_GET], &before)) !=
	    0)
		return rc;
	st =
	    db_run(r->db, &stmt_admin[STMT_ADMIN_MAIL_RESEND], &res, 1, r->arg);
	if (st == DB_OK && PQntuples(res) == 1)
		after = json_tokener_parse(PQgetvalue(res, 0, 0));
	PQclear(res);
	if (st == DB_OK && after == NULL)
		rc = 409;
	else if (st == DB_OK)
		st = audit_add(r, "mail.resend", "mail_outbox", r->arg, before,
			       after);
	json_object_put(before);
	json_object_put(after);
	st = db_end(r->db, st, rc == 0);
	return rc != 0 ? rc : db_http(st);
}

/*
 * POST /admin/mail/{id}/resend: sends a failed row again.  303 to the
 * failed rows; 409 with the queue and a message when the row has not
 * failed (sent or pending meanwhile); 404; 503/500.
 */
int
page_admin_mail_resend_post(struct req *r)
{
	int rc;

	if (!record_id_valid(r->arg))
		return 404;
	if ((rc = resend(r)) == 409) {
		view_str(r->view, "message",
			 req_text(r, "mail_err_not_failed"));
		return queue_show(r, NULL, NULL, 409);
	}
	if (rc != 0)
		return rc;
	req_redirect(r, "/admin/mail?state=failed");
	return 303;
}
