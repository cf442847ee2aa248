#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "audit.h"
#include "csv.h"
#include "db.h"
#include "pages.h"
#include "req.h"
#include "stmt_course.h"
#include "text.h"
#include "training.h"
#include "valid.h"

/*
 * A session's attendance and results, recorded by its instructor or a
 * reviewer: per participant attended or absent, a score, passed or
 * failed (with a pass mark the database decides it from the score) and
 * the completion date (the session's last day when left empty).  A pass
 * makes the certificate (the database's trigger).  Recorded in one
 * statement and audited as one entry with the changed enrolments before
 * and after.  The attendance sheet is the roster as CSV.
 */

/* A participant's values, by their form names "NAME-{enrolment id}". */
enum mark { MK_ATTENDANCE, MK_SCORE, MK_RESULT, MK_COMPLETED_ON, MK__MAX };

static const char *const mark_names[MK__MAX] = {
	[MK_ATTENDANCE] = "attendance",
	[MK_SCORE] = "score",
	[MK_RESULT] = "result",
	[MK_COMPLETED_ON] = "completed_on",
};

/* The choices of the select fields; "" is "not recorded". */
static const char *const choices[MK__MAX][3] = {
	[MK_ATTENDANCE] = { "attended", "absent", NULL },
	[MK_RESULT] = { "passed", "failed", NULL },
};

/* The roster as the form works on it. */
struct sheet {
	PGresult *session;	     /* STMT_SESSION_SHOW */
	PGresult *roster;	     /* STMT_SESSION_ROSTER */
	int mark;		     /* the course has a pass mark */
	struct buf arr[MK__MAX + 1]; /* SQL array literals; + the ids */
	struct json_object *rows, *errors;
};

/*
 * Loads session r->arg (its own for an instructor) and its roster into
 * s.  Returns 0, 404, 409 for a cancelled session, or 503/500; the
 * caller frees s with sheet_free either way.
 */
static int
sheet_load(struct req *r, struct sheet *s)
{
	enum db_status st;
	size_t i;
	int rc;

	memset(s, 0, sizeof(*s));
	for (i = 0; i <= MK__MAX; i++)
		buf_init(&s->arr[i]);
	s->rows = json_object_new_array();
	s->errors = json_object_new_array();
	if ((rc = training_session_load(r, &s->session)) != 0)
		return rc;
	if (strcmp(PQgetvalue(s->session, 0, SSH_STATUS), "cancelled") == 0) {
		r->error_key = "session_closed";
		return 409;
	}
	s->mark = *PQgetvalue(s->session, 0, SSH_PASS_MARK) != '\0';
	st = db_run(r->db, &stmt_course[STMT_SESSION_ROSTER], &s->roster, 1,
		    r->arg);
	return db_http(st);
}

static void
sheet_free(struct sheet *s)
{
	size_t i;

	for (i = 0; i <= MK__MAX; i++)
		buf_free(&s->arr[i]);
	json_object_put(s->rows);
	json_object_put(s->errors);
	PQclear(s->session);
	PQclear(s->roster);
}

/* Returns 1 if roster row i holds a seat (not the waitlist). */
static int
seated(const struct sheet *s, int i)
{
	return strcmp(PQgetvalue(s->roster, i, ROS_STATE), "waitlisted") != 0;
}

/* Returns the options of mark k with v chosen; the caller owns them. */
static struct json_object *
mark_options(struct req *r, enum mark k, const char *v)
{
	struct json_object *arr = json_object_new_array(), *o;
	char key[64];
	size_t j;

	for (j = 0; choices[k][j] != NULL; j++) {
		o = json_object_new_object();
		view_str(o, "value", choices[k][j]);
		snprintf(key, sizeof(key), "session_%s_%s", mark_names[k],
			 choices[k][j]);
		view_str(o, "label", req_text(r, key));
		view_bool(o, "on", strcmp(v, choices[k][j]) == 0);
		json_object_array_add(arr, o);
	}
	return arr;
}

/*
 * Adds row i's view with its values v and messages err (catalog keys,
 * NULL for none); a message also goes to the summary.
 */
static void
row_put(struct req *r, struct sheet *s, int i, const char *const v[MK__MAX],
	const char *const err[MK__MAX])
{
	struct json_object *o = json_object_new_object(), *f;
	char name[48], label[160];
	size_t k;

	view_str(o, "id", PQgetvalue(s->roster, i, ROS_ID));
	view_str(o, "name", PQgetvalue(s->roster, i, ROS_NAME));
	view_str(o, "romaji", PQgetvalue(s->roster, i, ROS_ROMAJI));
	view_str(o, "reference", PQgetvalue(s->roster, i, ROS_REFERENCE));
	for (k = 0; k < MK__MAX; k++) {
		f = json_object_new_object();
		snprintf(name, sizeof(name), "%s-%s", mark_names[k],
			 PQgetvalue(s->roster, i, ROS_ID));
		view_str(f, "name", name);
		view_str(f, "value", v[k]);
		if (choices[k][0] != NULL)
			json_object_object_add(f, "options",
					       mark_options(r, k, v[k]));
		if (choices[k][0] != NULL && *v[k] != '\0')
			view_str(f, "text",
				 req_code_text(r,
					       (k == MK_RESULT
						    ? "session_result_"
						    : "session_attendance_"),
					       v[k]));
		if (err[k] != NULL) {
			view_str(f, "error", req_text(r, err[k]));
			snprintf(
			    label, sizeof(label), "%s (%s)",
			    PQgetvalue(s->roster, i, ROS_NAME),
			    req_code_text(r, "session_col_", mark_names[k]));
			view_error_add(
			    s->errors, name, label,
			    json_object_new_string(req_text(r, err[k])));
		}
		json_object_object_add(o, mark_names[k], f);
	}
	json_object_array_add(s->rows, o);
}

/*
 * Returns NULL if v is one of mark k's choices (or "", or k has none),
 * else a message.
 */
static const char *
check_choice(enum mark k, const char *v)
{
	size_t j;

	if (*v == '\0' || choices[k][0] == NULL)
		return NULL;
	for (j = 0; choices[k][j] != NULL; j++)
		if (strcmp(v, choices[k][j]) == 0)
			return NULL;
	return "err_choice";
}

/*
 * Reads and checks one participant's values (normalised into v, which
 * owns bufs b; b[MK__MAX] holds the normalised date), with its messages
 * in err; a wrong value stays as typed.  A score or result needs the
 * participant to have attended; with a pass mark the result is not
 * read (the score decides); a recorded result or score gets the
 * session's last day when no date is given.
 */
static void
row_read(struct req *r, struct sheet *s, int i, struct buf b[MK__MAX + 1],
	 const char *v[MK__MAX], const char *err[MK__MAX])
{
	const char *raw;
	char name[48];
	int y, m, d;
	size_t k;

	for (k = 0; k < MK__MAX; k++) {
		snprintf(name, sizeof(name), "%s-%s", mark_names[k],
			 PQgetvalue(s->roster, i, ROS_ID));
		raw = req_param(r, name);
		text_trim(raw == NULL || (k == MK_RESULT && s->mark) ? "" : raw,
			  &b[k]);
		v[k] = b[k].ptr == NULL ? "" : b[k].ptr;
		err[k] = check_choice(k, v[k]);
	}
	if (*v[MK_SCORE] != '\0' &&
	    (strlen(v[MK_SCORE]) > 3 ||
	     strspn(v[MK_SCORE], "0123456789") != strlen(v[MK_SCORE]) ||
	     atoi(v[MK_SCORE]) > 100))
		err[MK_SCORE] = "session_err_score";
	if (*v[MK_COMPLETED_ON] != '\0') {
		if (valid_date(v[MK_COMPLETED_ON], &b[MK__MAX], &y, &m, &d) !=
		    VALID_OK)
			err[MK_COMPLETED_ON] = "err_date";
		else
			v[MK_COMPLETED_ON] = b[MK__MAX].ptr;
	}
	if ((*v[MK_SCORE] != '\0' || *v[MK_RESULT] != '\0') &&
	    strcmp(v[MK_ATTENDANCE], "attended") != 0 &&
	    err[MK_ATTENDANCE] == NULL)
		err[MK_ATTENDANCE] = "session_err_attended";
	if (*v[MK_COMPLETED_ON] == '\0' &&
	    (*v[MK_RESULT] != '\0' || (s->mark && *v[MK_SCORE] != '\0')))
		v[MK_COMPLETED_ON] = PQgetvalue(s->session, 0, SSH_END_DATE);
}

/* Appends v (NULL for "") to the SQL array literal a. */
static void
arr_add(struct buf *a, const char *v)
{
	buf_puts(a, a->len == 0 ? "{" : ",");
	buf_puts(a, *v == '\0' ? "NULL" : v);
}

/*
 * Reads every participant's values into s (rows for the page, array
 * literals for the statement).  Returns the number of messages.
 */
static size_t
sheet_read(struct req *r, struct sheet *s)
{
	struct buf b[MK__MAX + 1];
	const char *v[MK__MAX], *err[MK__MAX];
	size_t k;
	int i;

	for (i = 0; i < PQntuples(s->roster); i++) {
		if (!seated(s, i))
			continue;
		for (k = 0; k <= MK__MAX; k++)
			buf_init(&b[k]);
		row_read(r, s, i, b, v, err);
		row_put(r, s, i, v, err);
		arr_add(&s->arr[MK__MAX], PQgetvalue(s->roster, i, ROS_ID));
		for (k = 0; k < MK__MAX; k++)
			arr_add(&s->arr[k], v[k]);
		for (k = 0; k <= MK__MAX; k++)
			buf_free(&b[k]);
	}
	for (k = 0; k <= MK__MAX; k++)
		buf_puts(&s->arr[k], s->arr[k].len == 0 ? "{}" : "}");
	return json_object_array_length(s->errors);
}

/* Puts the rows as recorded into s, for the form. */
static void
sheet_recorded(struct req *r, struct sheet *s)
{
	static const int cols[MK__MAX] = {
		[MK_ATTENDANCE] = ROS_ATTENDANCE,
		[MK_SCORE] = ROS_SCORE,
		[MK_RESULT] = ROS_RESULT,
		[MK_COMPLETED_ON] = ROS_COMPLETED_ON,
	};
	const char *v[MK__MAX], *err[MK__MAX] = { NULL };
	size_t k;
	int i;

	for (i = 0; i < PQntuples(s->roster); i++) {
		if (!seated(s, i))
			continue;
		for (k = 0; k < MK__MAX; k++)
			v[k] = PQgetvalue(s->roster, i, cols[k]);
		row_put(r, s, i, v, err);
	}
}

/* Shows the attendance form of s with status. */
static int
sheet_show(struct req *r, struct sheet *s, int status)
{
	training_session_put(r, s->session);
	req_title(r, "session_attendance_title",
		  PQgetvalue(s->session, 0, SSH_CODE));
	json_object_object_add(r->view, "rows", json_object_get(s->rows));
	view_bool(r->view, "has_rows", json_object_array_length(s->rows) > 0);
	view_errors(r->view, json_object_get(s->errors));
	view_bool(r->view, "pass_mark", s->mark);
	r->page = VIEW_SESSION_ATTENDANCE;
	return status;
}

/*
 * GET /training/sessions/{id}/attendance: the participants with what is
 * recorded.  200, 404 (another instructor's session too), 409 for a
 * cancelled session, 503/500.
 */
int
page_session_attendance_get(struct req *r)
{
	struct sheet s;
	int rc;

	if ((rc = sheet_load(r, &s)) == 0) {
		sheet_recorded(r, &s);
		rc = sheet_show(r, &s, 200);
	}
	sheet_free(&s);
	return rc;
}

/*
 * Records s's arrays in one statement and audits what changed, in one
 * transaction.  Returns 0, or 503/500.
 */
static int
sheet_store(struct req *r, struct sheet *s)
{
	const char *v[RP__MAX] = {
		[RP_SESSION] = r->arg,
		[RP_IDS] = s->arr[MK__MAX].ptr,
		[RP_ATTENDANCE] = s->arr[MK_ATTENDANCE].ptr,
		[RP_SCORE] = s->arr[MK_SCORE].ptr,
		[RP_RESULT] = s->arr[MK_RESULT].ptr,
		[RP_COMPLETED_ON] = s->arr[MK_COMPLETED_ON].ptr,
	};
	struct json_object *before, *after;
	PGresult *res;
	enum db_status st;

	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	st = db_exec(r->db, &stmt_course[STMT_SESSION_RESULTS], RP__MAX, v,
		     NULL, NULL, &res);
	if (st == DB_OK && atoi(PQgetvalue(res, 0, RSC_CHANGED)) > 0) {
		before = json_tokener_parse(PQgetvalue(res, 0, RSC_BEFORE));
		after = json_tokener_parse(PQgetvalue(res, 0, RSC_AFTER));
		st = audit_add(r, "session.attendance", "session", r->arg,
			       before, after);
		json_object_put(before);
		json_object_put(after);
	}
	PQclear(res);
	return db_http(db_end(r->db, st, 1));
}

/*
 * POST /training/sessions/{id}/attendance: records what the form says
 * for every participant.  303 to the session's page; 422 with the form,
 * values kept and each message at its field; 404; 409; 503/500.
 */
int
page_session_attendance_post(struct req *r)
{
	struct sheet s;
	int rc;

	if ((rc = sheet_load(r, &s)) == 0) {
		if (sheet_read(r, &s) > 0)
			rc = sheet_show(r, &s, 422);
		else if ((rc = sheet_store(r, &s)) == 0) {
			req_redirect(r, "/training/sessions/%s#roster", r->arg);
			rc = 303;
		}
	}
	sheet_free(&s);
	return rc;
}

/*
 * GET /training/sessions/{id}/sheet.csv: the attendance sheet, the
 * participants with what is recorded, as CSV (csv.c's safe cells); the
 * download is audited.  200, 404, 409, 503/500.
 */
int
page_session_sheet_get(struct req *r)
{
	static const char *const names[] = {
		"reference",  "name",  "romaji", "state",	 "response",
		"attendance", "score", "result", "completed_on",
	};
	static const int cols[] = {
		ROS_REFERENCE, ROS_NAME,     ROS_ROMAJI,
		ROS_STATE,     ROS_RESPONSE, ROS_ATTENDANCE,
		ROS_SCORE,     ROS_RESULT,   ROS_COMPLETED_ON,
	};
	enum { NCOLS = sizeof(cols) / sizeof(cols[0]) };
	_Static_assert(sizeof(names) / sizeof(names[0]) == NCOLS,
		       "a name per column");
	const char *cells[NCOLS];
	struct sheet s;
	enum db_status st;
	int rc, i, c;

	if ((rc = sheet_load(r, &s)) == 0) {
		csv_bom(&r->body);
		csv_row(&r->body, names, NCOLS);
		for (i = 0; i < PQntuples(s.roster); i++) {
			if (!seated(&s, i))
				continue;
			for (c = 0; c < NCOLS; c++)
				cells[c] = PQgetvalue(s.roster, i, cols[c]);
			csv_row(&r->body, cells, NCOLS);
		}
		st = audit_add(r, "session.sheet", "session", r->arg, NULL,
			       NULL);
		rc = csv_send(r, st, "attendance");
	}
	sheet_free(&s);
	return rc;
}
