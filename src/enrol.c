/*
 * A person's training on the pages that show one person, the sessions
 * one can be enrolled in, and the person's answer to an invitation.
 * See enrol.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "audit.h"
#include "enrol.h"
#include "i18n.h"
#include "record.h"
#include "req.h"

/* The view's flag per viewer, which the partial's forms hang on. */
static const char *const viewer_flags[ENROL_VIEWER__MAX] = {
	[ENROL_REVIEWER] = "reviewer",
	[ENROL_LIAISON] = "liaison",
	[ENROL_APPLICANT] = "applicant",
};

/* Sets o's key to the catalog's text of prefix + o's code, if o has one. */
static void
code_text(const struct req *r, struct json_object *o, const char *key,
	  const char *prefix, const char *code_key)
{
	const char *code = view_get(o, code_key);

	if (*code != '\0')
		view_str(o, key, req_code_text(r, prefix, code));
}

/* Adds the texts and the flags of the forms to one enrolment's object. */
static void
enrolment_view(const struct req *r, struct json_object *e)
{
	const char *state = view_get(e, "state");
	int open =
	    strcmp(state, "enrolled") == 0 || strcmp(state, "waitlisted") == 0;

	code_text(r, e, "state_text", "enrol_state_", "state");
	code_text(r, e, "response_text", "enrol_response_", "response");
	code_text(r, e, "end_text", "enrol_end_", "end_reason");
	code_text(r, e, "result_text", "enrol_result_", "result");
	if (*view_get(e, "place") == '\0')
		view_str(e, "place", req_text(r, "enrol_online"));
	view_bool(e, "open", open);
	view_bool(e, "can_confirm",
		  strcmp(state, "enrolled") == 0 &&
		      strcmp(view_get(e, "response"), "confirmed") != 0);
}

/* Adds the expiry's text and whether it passed to one certificate. */
static void
certificate_view(const struct req *r, struct json_object *c)
{
	struct json_object *v;

	if (*view_get(c, "valid_until") == '\0')
		view_str(c, "valid_until", req_text(r, "enrol_never_expires"));
	if (json_object_object_get_ex(c, "valid", &v) &&
	    !json_object_get_boolean(v))
		view_str(c, "expired", req_text(r, "enrol_expired"));
}

/* The lists of a person's training. */
static const struct record_list training_lists[] = {
	{ EPC_ENROLMENTS, "enrolments", enrolment_view },
	{ EPC_CERTIFICATES, "certificates", certificate_view },
};

/*
 * Puts a person's training into the view as viewer v sees it: who is
 * the application's id (wholen 0) or its status token's hash (wholen
 * bytes).  Returns 0 (nothing put for no such application), 503 or 500.
 */
int
enrol_person_view(struct req *r, enum enrol_viewer v, const char *who,
		  int wholen)
{
	struct json_object *o;
	PGresult *res;
	enum db_status st;
	int rc = 0;

	st = record_person(r, &stmt_enrol[STMT_ENROL_PERSON],
			   &stmt_enrol[STMT_ENROL_PERSON_BY_TOKEN], who, wholen,
			   &res);
	if (st != DB_OK)
		return db_http(st);
	if (PQntuples(res) == 1) {
		o = record_lists(r, res, training_lists,
				 sizeof(training_lists) /
				     sizeof(training_lists[0]),
				 viewer_flags[v]);
		if (o == NULL)
			rc = 500;
		else
			json_object_object_add(r->view, "training", o);
	}
	PQclear(res);
	return rc;
}

/*
 * Returns one session's label in the select: its start, course and free
 * seats, or when full how many wait.  The caller owns it.
 */
static struct json_object *
session_label(const struct req *r, const PGresult *res, int i)
{
	int free_ = atoi(PQgetvalue(res, i, EOC_FREE));
	struct json_object *seats;
	struct buf b;

	seats = free_ > 0
		    ? i18n_format(&r->app->i18n, r->lang, "enrol_free", free_)
		    : i18n_format(&r->app->i18n, r->lang, "enrol_full",
				  atoi(PQgetvalue(res, i, EOC_WAITLISTED)));
	buf_init(&b);
	buf_printf(&b, "%s %s (%s)", PQgetvalue(res, i, EOC_STARTS),
		   PQgetvalue(res, i, EOC_COURSE),
		   json_object_get_string(seats));
	json_object_put(seats);
	seats = json_object_new_string(b.ptr);
	buf_free(&b);
	return seats;
}

/*
 * Puts the sessions one can be enrolled in into the view
 * ("enrol_sessions": id, label; "has_enrol_sessions").  Returns 0, 503
 * or 500.
 */
int
enrol_sessions_view(struct req *r)
{
	struct json_object *arr, *o;
	PGresult *res;
	enum db_status st;
	int i;

	st = db_run(r->db, &stmt_enrol[STMT_ENROL_OPEN_SESSIONS], &res, 1,
		    i18n_codes[r->lang]);
	if (st != DB_OK)
		return db_http(st);
	arr = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		o = json_object_new_object();
		view_str(o, "id", PQgetvalue(res, i, EOC_ID));
		json_object_object_add(o, "label", session_label(r, res, i));
		json_object_array_add(arr, o);
	}
	view_bool(r->view, "has_enrol_sessions", PQntuples(res) > 0);
	json_object_object_add(r->view, "enrol_sessions", arr);
	PQclear(res);
	return 0;
}

/* Audits a change of enrolment id from state/response to state/response. */
static enum db_status
audit_change(struct req *r, const char *action, const char *id,
	     const char *from, const char *from_resp, const char *to,
	     const char *to_resp)
{
	struct json_object *b = json_object_new_object();
	struct json_object *a = json_object_new_object();
	enum db_status st;

	view_str(b, "state", from);
	view_str(a, "state", to);
	if (from_resp != NULL)
		view_str(b, "response", from_resp);
	if (to_resp != NULL)
		view_str(a, "response", to_resp);
	st = audit_add(r, action, "enrolment", id, b, a);
	json_object_put(b);
	json_object_put(a);
	return st;
}

/*
 * Audits who the waitlist of session sid promoted in this transaction
 * (a seat freed by a decline or a removal).  Returns the status.
 */
enum db_status
enrol_audit_promoted(struct req *r, const char *sid)
{
	PGresult *res;
	enum db_status st;
	int i;

	st = db_run(r->db, &stmt_enrol[STMT_ENROL_PROMOTED], &res, 1, sid);
	for (i = 0; st == DB_OK && i < PQntuples(res); i++)
		st = audit_change(r, "enrolment.promote",
				  PQgetvalue(res, i, EPR_ID), "waitlisted",
				  NULL, "enrolled", NULL);
	PQclear(res);
	return st;
}

/*
 * Records a person's answer (statement s with values v, lengths len and
 * formats fmt of enum enrol_answer_param, s's own count) with its audit
 * and the promotions a decline caused, in one transaction.  Sets *done
 * to whether an enrolment changed (none: not theirs, or not open).
 * Returns 0, 503 or 500.
 */
int
enrol_answer(struct req *r, enum stmt_enrol_id s, const char *const *v,
	     const int *len, const int *fmt, int *done)
{
	const struct stmt_def *d = &stmt_enrol[s];
	PGresult *res;
	enum db_status st;

	*done = 0;
	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	st = db_exec(r->db, d, d->nparams, v, len, fmt, &res);
	if (st == DB_OK && (*done = PQntuples(res) == 1)) {
		st = audit_change(r, "enrolment.answer", v[EAP_ENROLMENT],
				  PQgetvalue(res, 0, EAC_STATE_BEFORE),
				  PQgetvalue(res, 0, EAC_RESPONSE_BEFORE),
				  PQgetvalue(res, 0, EAC_STATE),
				  PQgetvalue(res, 0, EAC_RESPONSE));
		if (st == DB_OK &&
		    strcmp(PQgetvalue(res, 0, EAC_STATE_BEFORE), "enrolled") ==
			0 &&
		    strcmp(PQgetvalue(res, 0, EAC_STATE), "ended") == 0)
			st = enrol_audit_promoted(
			    r, PQgetvalue(res, 0, EAC_SESSION));
	}
	PQclear(res);
	st = db_end(r->db, st, *done);
	return st == DB_OK ? 0 : db_http(st);
}

/*
 * Reads an answer's fields: "enrolment" (an id) and "answer" (confirmed
 * or declined).  Returns 0, or 400 for either missing or malformed.
 */
int
enrol_answer_read(struct req *r, const char **enrolment, const char **answer)
{
	*enrolment = req_param(r, "enrolment");
	*answer = req_param(r, "answer");
	if (*enrolment == NULL || !record_id_valid(*enrolment) ||
	    *answer == NULL ||
	    (strcmp(*answer, "confirmed") != 0 &&
	     strcmp(*answer, "declined") != 0))
		return 400;
	return 0;
}
