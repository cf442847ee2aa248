/*
 * Enrolment by staff: POST /training/enrol (the selection of the
 * reviewer's list, of the due list, or one person's page, into one
 * session) with its result page, and POST /training/enrolments/{id}/remove.
 * The database decides who is enrolled, waitlisted or refused
 * (training_enrol()) and promotes the waitlist when a seat frees.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "enrol.h"
#include "pages.h"
#include "record.h"
#include "req.h"

#define REASON_MAX 2000 /* bytes */

/* What training_enrol() answered, counted for the summary. */
enum outcome { OUT_ENROLLED, OUT_WAITLISTED, OUT_REFUSED, OUT__MAX };

static const char *const outcome_keys[OUT__MAX] = {
	[OUT_ENROLLED] = "enrol_n_enrolled",
	[OUT_WAITLISTED] = "enrol_n_waitlisted",
	[OUT_REFUSED] = "enrol_n_refused",
};

/* Returns the outcome of one of training_enrol()'s answers. */
static enum outcome
outcome_of(const char *result)
{
	if (strcmp(result, "enrolled") == 0)
		return OUT_ENROLLED;
	if (strcmp(result, "waitlisted") == 0)
		return OUT_WAITLISTED;
	return OUT_REFUSED;
}

/* Puts the result rows and the counts per outcome into the view. */
static void
results_view(struct req *r, const PGresult *res)
{
	struct json_object *arr = json_object_new_array(), *o, *sum;
	int n[OUT__MAX] = { 0 }, i;
	enum outcome k;

	for (i = 0; i < PQntuples(res); i++) {
		k = outcome_of(PQgetvalue(res, i, EBC_RESULT));
		n[k]++;
		o = json_object_new_object();
		view_str(o, "id", PQgetvalue(res, i, EBC_ID));
		view_str(o, "reference", PQgetvalue(res, i, EBC_REFERENCE));
		view_str(o, "name", PQgetvalue(res, i, EBC_NAME));
		view_str(o, "result", PQgetvalue(res, i, EBC_RESULT));
		view_str(o, "result_text",
			 req_code_text(r, "enrol_answer_",
				       PQgetvalue(res, i, EBC_RESULT)));
		view_bool(o, "refused", k == OUT_REFUSED);
		view_bool(o, "known",
			  *PQgetvalue(res, i, EBC_REFERENCE) != '\0');
		json_object_array_add(arr, o);
	}
	json_object_object_add(r->view, "results", arr);
	sum = json_object_new_array();
	for (k = 0; k < OUT__MAX; k++)
		json_object_array_add(sum, i18n_format(&r->app->i18n, r->lang,
						       outcome_keys[k], n[k]));
	json_object_object_add(r->view, "summary", sum);
	view_bool(r->view, "done", 1);
}

/*
 * Puts session sid into the view ("session").  Returns 0, 422 when
 * there is no such session (with the message), 503 or 500.
 */
static int
session_view(struct req *r, const char *sid)
{
	struct json_object *o;
	PGresult *res;
	enum db_status st;
	size_t i;
	static const char *const keys[ESC__MAX] = {
		[ESC_COURSE] = "course",     [ESC_STARTS] = "starts",
		[ESC_ENDS] = "ends",	     [ESC_PLACE] = "place",
		[ESC_STATUS] = "status",     [ESC_CAPACITY] = "capacity",
		[ESC_ENROLLED] = "enrolled", [ESC_WAITLISTED] = "waitlisted",
	};

	st = db_run(r->db, &stmt_enrol[STMT_ENROL_SESSION], &res, 2, sid,
		    i18n_codes[r->lang]);
	if (st != DB_OK)
		return db_http(st);
	if (PQntuples(res) != 1) {
		PQclear(res);
		view_str(r->view, "error", req_text(r, "enrol_err_session"));
		return 422;
	}
	o = json_object_new_object();
	view_str(o, "id", sid);
	for (i = 0; i < ESC__MAX; i++)
		view_str(o, keys[i], PQgetvalue(res, 0, (int)i));
	if (*view_get(o, "place") == '\0')
		view_str(o, "place", req_text(r, "enrol_online"));
	view_str(
	    o, "status_text",
	    req_code_text(r, "enrol_session_status_", view_get(o, "status")));
	json_object_object_add(r->view, "session", o);
	PQclear(res);
	return 0;
}

/* Enrols the ids (an array literal) in session sid.  Returns 0, 503, 500. */
static int
enrol_ids(struct req *r, const char *sid, const char *ids)
{
	char account[24];
	const char *v[EBP__MAX];
	PGresult *res;
	enum db_status st;

	snprintf(account, sizeof(account), "%lld", r->staff.id);
	v[EBP_SESSION] = sid;
	v[EBP_IDS] = ids;
	v[EBP_ACCOUNT] = account;
	v[EBP_LOGIN] = r->staff.login;
	v[EBP_CLIENT_ADDR] = req_client_addr(r);
	st = db_exec(r->db, &stmt_enrol[STMT_ENROL_BULK], EBP__MAX, v, NULL,
		     NULL, &res);
	if (st != DB_OK)
		return db_http(st);
	results_view(r, res);
	PQclear(res);
	return 0;
}

/* Selects the result page with its title; returns status. */
static int
result_page(struct req *r, int status)
{
	view_str(r->view, "title", req_text(r, "enrol_result_title"));
	r->page = VIEW_ENROL_RESULT;
	return status;
}

/*
 * POST /training/enrol: enrols the selected people (fields "id") in
 * session "session", in the order of their ids, and shows who was
 * enrolled, waitlisted or refused and why.  200; 422 with the page's
 * message for no session or nobody selected; 400 for a malformed id;
 * 503/500.
 */
int
page_enrol_post(struct req *r)
{
	const char *sid = req_param(r, "session");
	struct buf ids;
	int n, rc;

	buf_init(&ids);
	if ((n = record_ids(&r->form, "id", &ids)) < 0)
		rc = 400;
	else if (sid == NULL || !record_id_valid(sid)) {
		view_str(r->view, "error", req_text(r, "enrol_err_session"));
		rc = result_page(r, 422);
	} else if (n == 0) {
		view_str(r->view, "error", req_text(r, "enrol_err_none"));
		rc = result_page(r, 422);
	} else if ((rc = enrol_ids(r, sid, ids.ptr)) == 0 &&
		   (rc = session_view(r, sid)) == 0)
		rc = result_page(r, 200);
	else if (rc == 422)
		rc = result_page(r, 422);
	buf_free(&ids);
	return rc;
}

/*
 * Shows the removal form again with its message (the reason missing or
 * too long) and the text typed.  Returns 422.
 */
static int
remove_form(struct req *r, const char *reason)
{
	const char *from = req_param(r, "from");

	view_str(r->view, "enrolment", r->arg);
	view_str(r->view, "reason", reason == NULL ? "" : reason);
	view_str(r->view, "from", from == NULL ? "" : from);
	view_str(r->view, "error", req_text(r, "enrol_err_reason"));
	view_str(r->view, "title", req_text(r, "enrol_remove_title"));
	r->page = VIEW_ENROL_REMOVE;
	return 422;
}

/*
 * Ends enrolment r->arg with its audit (the reason kept there) and the
 * promotions it caused, in one transaction; sets where to go back to:
 * the session's page when the form came from there, else the person's.
 * Returns 0, 404 (no such enrolment), 409 (already ended), 503 or 500.
 */
static int
remove_enrolment(struct req *r, const char *reason, struct buf *back)
{
	struct json_object *before = NULL, *after;
	const char *from = req_param(r, "from");
	PGresult *res = NULL;
	enum db_status st;
	int rc, n = 0;

	if ((rc = audit_begin(r, &stmt_enrol[STMT_ENROL_BEFORE], &before)) != 0)
		return rc;
	st = db_run(r->db, &stmt_enrol[STMT_ENROL_REMOVE], &res, 1, r->arg);
	if (st == DB_OK && (n = PQntuples(res)) == 1) {
		after = json_object_new_object();
		view_str(after, "state", "ended");
		view_str(after, "end_reason", "removed");
		view_str(after, "reason", reason);
		st = audit_add(r, "enrolment.remove", "enrolment", r->arg,
			       before, after);
		json_object_put(after);
		if (st == DB_OK &&
		    strcmp(view_get(before, "state"), "enrolled") == 0)
			st = enrol_audit_promoted(
			    r, PQgetvalue(res, 0, ERC_SESSION));
		if (from != NULL && strcmp(from, "session") == 0)
			buf_printf(back, "/training/sessions/%s",
				   PQgetvalue(res, 0, ERC_SESSION));
		else
			buf_printf(back, "/review/applications/%s#training",
				   PQgetvalue(res, 0, ERC_APPLICATION));
	}
	PQclear(res);
	json_object_put(before);
	if ((st = db_end(r->db, st, n == 1)) != DB_OK)
		return db_http(st);
	return n == 1 ? 0 : 409;
}

/*
 * POST /training/enrolments/{id}/remove: staff end an enrolment or a
 * place on the waitlist, with a reason ("reason"); the first on the
 * waitlist takes a freed seat.  303 back (field "from": "session" for
 * the session's page, else the person's page); 422 with the form for a
 * missing or too long reason; 404; 409 when it had already ended;
 * 503/500.
 */
int
page_enrol_remove_post(struct req *r)
{
	const char *reason = req_param(r, "reason");
	struct buf back;
	int rc;

	if (!record_id_valid(r->arg))
		return 404;
	if (reason == NULL || strspn(reason, " \t\r\n") == strlen(reason) ||
	    strlen(reason) > REASON_MAX)
		return remove_form(r, reason);
	buf_init(&back);
	if ((rc = remove_enrolment(r, reason, &back)) == 0) {
		req_redirect(r, "%s", back.ptr);
		rc = 303;
	}
	buf_free(&back);
	return rc;
}
