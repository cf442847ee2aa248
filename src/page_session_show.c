/*
 * A session's page (issue 14): GET /training/sessions/{id} with its
 * roster and waitlist, and the POSTs that end it: cancel (with a reason,
 * which every enrolled person is told) and complete.  The forms that
 * schedule and correct a session are in page_session.c.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "pages.h"
#include "record.h"
#include "req.h"
#include "stmt_course.h"
#include "training.h"

/* The cancellation's one field. */
static const struct fdef cancel_field = {
	.name = "session_cancel_reason",
	.type = FT_TEXTAREA,
	.required = 1,
	.maxlen = 500,
};
static const struct fgroup cancel_groups[] = { { "session_cancel", 0, 1 } };

/* Returns the view of a roster row i of res; links only for reviewers. */
static struct json_object *
roster_entry(struct req *r, const PGresult *res, int i, int links)
{
	struct json_object *o = json_object_new_object();
	char href[48];

	view_str(o, "id", PQgetvalue(res, i, ROS_ID));
	view_str(o, "reference", PQgetvalue(res, i, ROS_REFERENCE));
	if (links) {
		snprintf(href, sizeof(href), "/review/applications/%s",
			 PQgetvalue(res, i, ROS_APPLICATION));
		view_str(o, "href", href);
	}
	view_str(o, "name", PQgetvalue(res, i, ROS_NAME));
	view_str(o, "romaji", PQgetvalue(res, i, ROS_ROMAJI));
	if (*PQgetvalue(res, i, ROS_RESPONSE) != '\0')
		view_str(o, "response",
			 req_code_text(r, "session_response_",
				       PQgetvalue(res, i, ROS_RESPONSE)));
	if (*PQgetvalue(res, i, ROS_ATTENDANCE) != '\0')
		view_str(o, "attendance",
			 req_code_text(r, "session_attendance_",
				       PQgetvalue(res, i, ROS_ATTENDANCE)));
	view_str(o, "score", PQgetvalue(res, i, ROS_SCORE));
	if (*PQgetvalue(res, i, ROS_RESULT) != '\0')
		view_str(o, "result",
			 req_code_text(r, "session_result_",
				       PQgetvalue(res, i, ROS_RESULT)));
	view_str(o, "completed_on", PQgetvalue(res, i, ROS_COMPLETED_ON));
	return o;
}

/*
 * Puts session id's roster and waitlist into the view ("roster",
 * "waitlist", each row with its place).  Returns 0, or 503/500.
 */
static int
roster_put(struct req *r, const char *id)
{
	struct json_object *roster = json_object_new_array();
	struct json_object *wait = json_object_new_array(), *o;
	PGresult *res;
	enum db_status st;
	int i, links = r->staff.role == ROLE_REVIEWER;

	json_object_object_add(r->view, "roster", roster);
	json_object_object_add(r->view, "waitlist", wait);
	if ((st = db_run(r->db, &stmt_course[STMT_SESSION_ROSTER], &res, 1,
			 id)) != DB_OK)
		return db_http(st);
	for (i = 0; i < PQntuples(res); i++) {
		o = roster_entry(r, res, i, links);
		if (strcmp(PQgetvalue(res, i, ROS_STATE), "waitlisted") == 0) {
			json_object_object_add(
			    o, "place",
			    json_object_new_int(
				(int)json_object_array_length(wait) + 1));
			json_object_array_add(wait, o);
		} else
			json_object_array_add(roster, o);
	}
	view_bool(r->view, "has_roster", json_object_array_length(roster) > 0);
	view_bool(r->view, "has_waitlist", json_object_array_length(wait) > 0);
	PQclear(res);
	return 0;
}

/*
 * Shows session r->arg's page with the cancellation form cf (NULL: an
 * empty one) and status.  Returns status, 404, or 503/500.
 */
static int
session_show(struct req *r, const struct form *cf, int status)
{
	struct form empty;
	PGresult *res;
	int rc;

	if ((rc = training_session_load(r, &res)) != 0)
		return rc;
	training_session_put(r, res);
	req_title(r, "session_title", PQgetvalue(res, 0, SSH_CODE));
	PQclear(res);
	if ((rc = roster_put(r, r->arg)) != 0)
		return rc;
	form_init(&empty, &cancel_field, 1);
	json_object_object_add(r->view, "cancel_form",
			       form_view(cf == NULL ? &empty : cf,
					 cancel_groups, 1, &r->app->i18n,
					 r->lang));
	form_free(&empty);
	r->page = VIEW_SESSION;
	return status;
}

/*
 * GET /training/sessions/{id}: the session, its roster and waitlist;
 * printable.  200, 404 (also another instructor's session), 503/500.
 */
int
page_session_get(struct req *r)
{
	return session_show(r, NULL, 200);
}

/*
 * Moves session r->arg to status to (with a reason when cancelling),
 * audited with its state before, in one transaction; the database's
 * trigger does the rest.  Returns 303 to the session, 404, 409 when it
 * is no longer scheduled, or 503/500.
 */
static int
session_move(struct req *r, enum session_status to, const char *reason)
{
	struct json_object *before, *after;
	PGresult *res;
	enum db_status st;
	int rc, n = 0;

	if (!record_id_valid(r->arg))
		return 404;
	if ((rc = audit_begin(r, &stmt_course[STMT_SESSION_GET], &before)) != 0)
		return rc;
	st = to == SS_CANCELLED
		 ? db_run(r->db, &stmt_course[STMT_SESSION_CANCEL], &res, 2,
			  r->arg, reason)
		 : db_run(r->db, &stmt_course[STMT_SESSION_COMPLETE], &res, 1,
			  r->arg);
	if (st == DB_OK && (n = PQntuples(res)) == 1) {
		after = json_object_new_object();
		view_str(after, "status", session_status_names[to]);
		if (reason != NULL)
			view_str(after, "cancel_reason", reason);
		st = audit_add(r,
			       to == SS_CANCELLED ? "session.cancel"
						  : "session.complete",
			       "session", r->arg, before, after);
		json_object_put(after);
	}
	PQclear(res);
	json_object_put(before);
	if ((st = db_end(r->db, st, n == 1)) != DB_OK)
		return db_http(st);
	if (n == 0) {
		r->error_key = "session_closed";
		return 409;
	}
	req_redirect(r, "/training/sessions/%s", r->arg);
	return 303;
}

/*
 * POST /training/sessions/{id}/cancel: cancels with a reason, which
 * every enrolled person is told.  303; 422 with the page when the reason
 * is missing; 404; 409; 503/500.
 */
int
page_session_cancel_post(struct req *r)
{
	struct form f;
	int rc;

	form_init(&f, &cancel_field, 1);
	form_read(&f, &r->form);
	rc = f.nerr > 0 ? session_show(r, &f, 422)
			: session_move(r, SS_CANCELLED, form_value(&f, 0));
	form_free(&f);
	return rc;
}

/*
 * POST /training/sessions/{id}/complete: the session took place; the
 * enrolled become its participants.  303, 404, 409, 503/500.
 */
int
page_session_complete_post(struct req *r)
{
	return session_move(r, SS_COMPLETED, NULL);
}
