#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "db.h"
#include "form.h"
#include "record.h"
#include "req.h"
#include "stmt_course.h"
#include "training.h"

const char *const session_status_names[SS__MAX] = {
	[SS_SCHEDULED] = "scheduled",
	[SS_COMPLETED] = "completed",
	[SS_CANCELLED] = "cancelled",
};

/*
 * The changes a session's status may make; the migration's
 * session_transitions holds the same rows.  A completed or cancelled
 * session is final.
 */
static const unsigned char allowed[SS__MAX][SS__MAX] = {
	[SS_SCHEDULED] = { [SS_COMPLETED] = 1, [SS_CANCELLED] = 1 },
};

/* Sets *s from its name.  Returns 0, or -1 for an unknown status. */
int
session_status_parse(const char *name, enum session_status *s)
{
	size_t i;

	for (i = 0; i < SS__MAX; i++)
		if (name != NULL &&
		    strcmp(name, session_status_names[i]) == 0) {
			*s = (enum session_status)i;
			return 0;
		}
	return -1;
}

/* Returns 1 if a session may go from status from to status to. */
int
session_status_allowed(enum session_status from, enum session_status to)
{
	return allowed[from][to];
}

/*
 * Sets o's key to v unless v is empty: a template's {{^key}} shows what
 * stands for nothing (an empty string counts as something there).
 */
void
training_str(struct json_object *o, const char *key, const char *v)
{
	if (v != NULL && *v != '\0')
		view_str(o, key, v);
}

/*
 * Returns the course title of row i in the request's language: column
 * ja, or the column after it (English).  res owns the text.
 */
const char *
training_title(const struct req *r, const PGresult *res, int i, int ja)
{
	return PQgetvalue(res, i, r->lang == LANG_JA ? ja : ja + 1);
}

/*
 * Returns the sessions of res (enum session_list_col) for a page: link,
 * course, times, place (or "online"), status, seats free and the
 * waitlist.  The caller owns the array.
 */
struct json_object *
training_sessions_view(struct req *r, const PGresult *res)
{
	struct json_object *arr = json_object_new_array(), *o;
	char href[48];
	int i, free_;

	for (i = 0; i < PQntuples(res); i++) {
		o = json_object_new_object();
		snprintf(href, sizeof(href), "/training/sessions/%s",
			 PQgetvalue(res, i, TSL_ID));
		view_str(o, "href", href);
		view_str(o, "code", PQgetvalue(res, i, TSL_CODE));
		view_str(o, "course", training_title(r, res, i, TSL_TITLE_JA));
		view_str(o, "starts", PQgetvalue(res, i, TSL_STARTS));
		view_str(o, "ends", PQgetvalue(res, i, TSL_ENDS));
		training_str(o, "place", PQgetvalue(res, i, TSL_PLACE));
		view_str(o, "status", PQgetvalue(res, i, TSL_STATUS));
		view_str(o, "status_text",
			 req_code_text(r, "session_status_",
				       PQgetvalue(res, i, TSL_STATUS)));
		free_ = atoi(PQgetvalue(res, i, TSL_CAPACITY)) -
			atoi(PQgetvalue(res, i, TSL_ENROLLED));
		json_object_object_add(
		    o, "free", json_object_new_int(free_ < 0 ? 0 : free_));
		view_str(o, "capacity", PQgetvalue(res, i, TSL_CAPACITY));
		view_str(o, "waitlisted", PQgetvalue(res, i, TSL_WAITLISTED));
		training_str(o, "instructor",
			     PQgetvalue(res, i, TSL_INSTRUCTOR));
		json_object_array_add(arr, o);
	}
	return arr;
}

/*
 * Puts the sessions stmt finds (with param, or none) into the view as
 * "sessions", with the table's caption (a catalog key).  Returns 0, or
 * 503/500.
 */
int
training_sessions_put(struct req *r, const struct stmt_def *stmt,
		      const char *param, const char *caption)
{
	PGresult *res;
	enum db_status st;

	st = param == NULL ? db_run(r->db, stmt, &res, 0)
			   : db_run(r->db, stmt, &res, 1, param);
	if (st != DB_OK)
		return db_http(st);
	json_object_object_add(r->view, "sessions",
			       training_sessions_view(r, res));
	view_bool(r->view, "has_sessions", PQntuples(res) > 0);
	view_str(r->view, "sessions_caption", req_text(r, caption));
	PQclear(res);
	return 0;
}

/*
 * Reads session r->arg (STMT_SESSION_SHOW) into *res, which the caller
 * clears: for an instructor only a session it teaches, so that any other
 * is not found, as if it did not exist.  Returns 0, 404, or 503/500.
 */
int
training_session_load(struct req *r, PGresult **res)
{
	enum db_status st;
	char uid[24];

	*res = NULL;
	if (!record_id_valid(r->arg))
		return 404;
	snprintf(uid, sizeof(uid), "%lld", r->staff.id);
	if ((st = db_run(
		 r->db, &stmt_course[STMT_SESSION_SHOW], res, SGP__MAX, r->arg,
		 r->staff.role == ROLE_INSTRUCTOR ? uid : NULL)) != DB_OK)
		return db_http(st);
	if (PQntuples(*res) == 1)
		return 0;
	PQclear(*res);
	*res = NULL;
	return 404;
}

/*
 * Puts the session of res (STMT_SESSION_SHOW) into the view as
 * "session", with what the account may do with it.
 */
void
training_session_put(struct req *r, const PGresult *res)
{
	struct json_object *o = json_object_new_object();
	enum session_status ss = SS_SCHEDULED;
	int free_;

	(void)session_status_parse(PQgetvalue(res, 0, SSH_STATUS), &ss);
	view_str(o, "id", PQgetvalue(res, 0, SSH_ID));
	view_str(o, "course", PQgetvalue(res, 0, SSH_COURSE));
	view_str(o, "code", PQgetvalue(res, 0, SSH_CODE));
	view_str(o, "course_title", training_title(r, res, 0, SSH_TITLE_JA));
	view_str(o, "pass_mark", PQgetvalue(res, 0, SSH_PASS_MARK));
	view_str(o, "start_date", PQgetvalue(res, 0, SSH_START_DATE));
	view_str(o, "start_time", PQgetvalue(res, 0, SSH_START_TIME));
	view_str(o, "end_date", PQgetvalue(res, 0, SSH_END_DATE));
	view_str(o, "end_time", PQgetvalue(res, 0, SSH_END_TIME));
	training_str(o, "place", PQgetvalue(res, 0, SSH_PLACE));
	view_str(o, "capacity", PQgetvalue(res, 0, SSH_CAPACITY));
	training_str(o, "instructor", PQgetvalue(res, 0, SSH_INSTRUCTOR));
	view_str(
	    o, "lang_text",
	    req_code_text(r, "session_lang_", PQgetvalue(res, 0, SSH_LANG)));
	view_str(o, "status", session_status_names[ss]);
	view_str(o, "status_text",
		 req_code_text(r, "session_status_", session_status_names[ss]));
	training_str(o, "cancel_reason", PQgetvalue(res, 0, SSH_CANCEL_REASON));
	view_str(o, "enrolled", PQgetvalue(res, 0, SSH_ENROLLED));
	view_str(o, "waitlisted", PQgetvalue(res, 0, SSH_WAITLISTED));
	free_ = atoi(PQgetvalue(res, 0, SSH_CAPACITY)) -
		atoi(PQgetvalue(res, 0, SSH_ENROLLED));
	json_object_object_add(o, "free",
			       json_object_new_int(free_ < 0 ? 0 : free_));
	view_bool(o, "can_change",
		  r->staff.role != ROLE_INSTRUCTOR &&
		      session_status_allowed(ss, SS_CANCELLED));
	view_bool(o, "can_record", ss != SS_CANCELLED);
	view_bool(o, "reviewer", r->staff.role != ROLE_INSTRUCTOR);
	json_object_object_add(r->view, "session", o);
}

/*
 * Sets *opts to a select's options from stmt's rows (enum option_col;
 * labels in the request's language), *n to their number; *res keeps
 * their texts.  Returns 0, or 503/500 (then there are none).  The caller
 * frees *opts and clears *res either way.
 */
int
training_options(struct req *r, const struct stmt_def *stmt, PGresult **res,
		 struct fopt **opts, size_t *n)
{
	enum db_status st;
	size_t i;

	st = db_run(r->db, stmt, res, 0);
	*n = st == DB_OK ? (size_t)PQntuples(*res) : 0;
	*opts = xcalloc(*n + 1, sizeof(**opts));
	for (i = 0; i < *n; i++) {
		(*opts)[i].value = PQgetvalue(*res, (int)i, OC_ID);
		(*opts)[i].label = training_title(r, *res, (int)i, OC_LABEL_JA);
	}
	return db_http(st);
}
