#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "kv.h"
#include "pages.h"
#include "record.h"
#include "req.h"
#include "stmt_course.h"
#include "training.h"

/*
 * A course's sessions: a reviewer or an administrator schedules one
 * (start and end in Japan time, a place or online, capacity, instructor,
 * language), corrects it while it is scheduled, cancels it with a reason
 * (the database ends every enrolment and queues the notices) or marks it
 * completed.  This file holds the forms that schedule and correct a
 * session; its page (roster and waitlist; an instructor sees it for its
 * own sessions only), cancel and complete are in page_session_show.c.
 * Every change is audited with the session before and after.
 */

/* In the order of the statements' parameters after the first. */
enum session_field {
	SF_START_DATE,
	SF_START_TIME,
	SF_END_DATE,
	SF_END_TIME,
	SF_PLACE,
	SF_CAPACITY,
	SF_INSTRUCTOR,
	SF_LANG,
	SF__MAX
};
_Static_assert((int)SF__MAX + 1 == (int)SEP__MAX, "a parameter per field");

/* A capacity: 0 to 1000 (FT_NUMBER has made it digits). */
static const char *
chk_capacity(const char *in, struct buf *out)
{
	buf_printf(out, "%d", atoi(in));
	return atoi(in) <= 1000 ? NULL : "session_err_capacity_max";
}

static const struct fopt lang_opts[] = {
	{ "ja", "session_lang_ja" },
	{ "en", "session_lang_en" },
};

/* The instructor's options are the instructors' accounts, per request. */
static const struct fdef session_fields[SF__MAX] = {
	[SF_START_DATE] = { .name = "session_start_date",
			    .type = FT_DATE,
			    .required = 1,
			    .maxlen = 10,
			    .autocomplete = "off" },
	[SF_START_TIME] = { .name = "session_start_time",
			    .type = FT_TIME,
			    .required = 1,
			    .maxlen = 5,
			    .autocomplete = "off" },
	[SF_END_DATE] = { .name = "session_end_date",
			  .type = FT_DATE,
			  .required = 1,
			  .maxlen = 10,
			  .autocomplete = "off" },
	[SF_END_TIME] = { .name = "session_end_time",
			  .type = FT_TIME,
			  .required = 1,
			  .maxlen = 5,
			  .autocomplete = "off" },
	[SF_PLACE] = { .name = "session_place",
		       .type = FT_TEXT,
		       .maxlen = 200,
		       .autocomplete = "off" },
	[SF_CAPACITY] = { .name = "session_capacity",
			  .type = FT_NUMBER,
			  .required = 1,
			  .maxlen = 4,
			  .check = chk_capacity,
			  .autocomplete = "off",
			  .inputmode = "numeric" },
	[SF_INSTRUCTOR] = { .name = "session_instructor",
			    .type = FT_SELECT,
			    .autocomplete = "off" },
	[SF_LANG] = { .name = "session_lang",
		      .type = FT_RADIO,
		      .required = 1,
		      FORM_OPTS(lang_opts) },
};

static const struct fgroup session_groups[] = { { "session_form", 0,
						  SF__MAX } };

/* The session form with the instructors as its select's options. */
struct sform {
	struct fdef defs[SF__MAX];
	struct fopt *opts;
	PGresult *res;
	struct form f;
};

/*
 * Sets up s, loading the instructors.  Returns 0, or 503/500; the caller
 * frees s with sform_free either way.
 */
static int
sform_init(struct req *r, struct sform *s)
{
	int rc;

	memcpy(s->defs, session_fields, sizeof(s->defs));
	rc = training_options(r, &stmt_course[STMT_SESSION_INSTRUCTORS],
			      &s->res, &s->opts, &s->defs[SF_INSTRUCTOR].nopts);
	s->defs[SF_INSTRUCTOR].opts = s->opts;
	form_init(&s->f, s->defs, SF__MAX);
	return rc;
}

/* Frees what sform_init set up in s (not s itself). */
static void
sform_free(struct sform *s)
{
	form_free(&s->f);
	free(s->opts);
	PQclear(s->res);
}

/*
 * Reads the form into s and checks what one field cannot: the end after
 * the start, and a capacity not below the enrolled (min).
 */
static void
sform_read(struct req *r, struct sform *s, int min)
{
	struct form *f = &s->f;
	char a[20], b[20];

	form_read(f, &r->form);
	if (f->nerr == 0) {
		snprintf(a, sizeof(a), "%s %s", form_value(f, SF_START_DATE),
			 form_value(f, SF_START_TIME));
		snprintf(b, sizeof(b), "%s %s", form_value(f, SF_END_DATE),
			 form_value(f, SF_END_TIME));
		if (strcmp(b, a) <= 0)
			form_error(f, SF_END_TIME, "session_err_end", 0);
	}
	if (f->err[SF_CAPACITY] == NULL &&
	    atoi(form_value(f, SF_CAPACITY)) < min)
		form_error(f, SF_CAPACITY, "session_err_capacity", min);
}

/* Returns s's values as the audit records them; the caller owns it. */
static struct json_object *
sform_json(const struct sform *s, const char *course)
{
	struct json_object *o = json_object_new_object();
	const struct form *f = &s->f;
	char at[20];

	view_str(o, "course", course);
	snprintf(at, sizeof(at), "%s %s", form_value(f, SF_START_DATE),
		 form_value(f, SF_START_TIME));
	view_str(o, "starts", at);
	snprintf(at, sizeof(at), "%s %s", form_value(f, SF_END_DATE),
		 form_value(f, SF_END_TIME));
	view_str(o, "ends", at);
	if (*form_value(f, SF_PLACE) != '\0')
		view_str(o, "place", form_value(f, SF_PLACE));
	json_object_object_add(
	    o, "capacity",
	    json_object_new_int(atoi(form_value(f, SF_CAPACITY))));
	if (*form_value(f, SF_INSTRUCTOR) != '\0')
		json_object_object_add(
		    o, "instructor",
		    json_object_new_int64(
			strtoll(form_value(f, SF_INSTRUCTOR), NULL, 10)));
	view_str(o, "lang", form_value(f, SF_LANG));
	return o;
}

/*
 * Shows the session form s with status, for a new session of course
 * (title) or the edit of session id.
 */
static int
sform_show(struct req *r, const struct sform *s, const char *course,
	   const char *title, const char *id, int status)
{
	json_object_object_add(
	    r->view, "form",
	    form_view(&s->f, session_groups, 1, &r->app->i18n, r->lang));
	view_str(r->view, "course", course);
	view_str(r->view, "course_title", title);
	if (id != NULL)
		view_str(r->view, "id", id);
	view_str(r->view, "title",
		 req_text(r, id == NULL ? "session_new" : "session_edit"));
	r->page = VIEW_SESSION_FORM;
	return status;
}

/*
 * Reads the course a new session is for (?course= or the form's field
 * "course") as the audit's JSON: not retired, not external.  Returns 0
 * with *course, 404, or 503/500.
 */
static int
new_course(struct req *r, const char *id, struct json_object **course)
{
	int rc;

	*course = NULL;
	r->arg = id;
	if (id == NULL || !record_id_valid(id))
		return 404;
	if ((rc = audit_before(r, &stmt_course[STMT_COURSE_GET], course)) != 0)
		return rc;
	if (json_object_get_boolean(
		json_object_object_get(*course, "retired")) ||
	    strcmp(view_get(*course, "delivery"), "external") == 0) {
		json_object_put(*course);
		*course = NULL;
		return 404;
	}
	return 0;
}

/* Returns a course's title in the request's language. */
static const char *
course_title(const struct req *r, struct json_object *course)
{
	return view_get(course, r->lang == LANG_JA ? "title_ja" : "title_en");
}

/* GET /training/sessions/new?course={id}: the form.  200, 404, 503/500. */
int
page_session_new_get(struct req *r)
{
	struct json_object *course;
	struct sform s;
	int rc;

	if ((rc = new_course(r, kv_get(&r->query, "course"), &course)) != 0)
		return rc;
	if ((rc = sform_init(r, &s)) == 0) {
		buf_puts(&s.f.val[SF_LANG], "ja");
		buf_puts(&s.f.val[SF_START_TIME], "09:30");
		buf_puts(&s.f.val[SF_END_TIME], "17:00");
		rc = sform_show(r, &s, view_get(course, "id"),
				course_title(r, course), NULL, 200);
	}
	sform_free(&s);
	json_object_put(course);
	return rc;
}

/*
 * Runs stmt (add with the course's id, or edit with the session's) with
 * s's values and audits it as action on session id (set for a new one)
 * with before; then COMMIT.  Returns 0, 404 (no row: a retired course,
 * a session no longer scheduled), or 503/500.
 */
static int
session_change(struct req *r, const struct stmt_def *stmt, const char *action,
	       const char *first, char id[24], struct sform *s,
	       struct json_object *before, const char *course)
{
	const char *v[SEP__MAX];
	struct json_object *after;
	PGresult *res;
	enum db_status st;
	size_t i;
	int n = 0;

	v[SEP_COURSE] = first;
	for (i = 0; i < SF__MAX; i++)
		v[i + 1] = form_value(&s->f, i);
	st = db_exec(r->db, stmt, SEP__MAX, v, NULL, NULL, &res);
	if (st == DB_OK && (n = PQntuples(res)) == 1) {
		snprintf(id, 24, "%s", PQgetvalue(res, 0, 0));
		after = sform_json(s, course);
		st = audit_add(r, action, "session", id, before, after);
		json_object_put(after);
	}
	PQclear(res);
	if ((st = db_end(r->db, st, n == 1)) != DB_OK)
		return db_http(st);
	return n == 1 ? 0 : 404;
}

/*
 * POST /training/sessions/new: schedules a session of the form's course.
 * 303 to its page; 422 with the form, values kept; 404; 503/500.
 */
int
page_session_new_post(struct req *r)
{
	struct json_object *course;
	struct sform s;
	enum db_status st;
	char id[24];
	int rc;

	if ((rc = new_course(r, req_param(r, "course"), &course)) != 0)
		return rc;
	if ((rc = sform_init(r, &s)) == 0) {
		sform_read(r, &s, 0);
		if (s.f.nerr > 0)
			rc = sform_show(r, &s, view_get(course, "id"),
					course_title(r, course), NULL, 422);
		else if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
			rc = db_http(st);
		else if ((rc = session_change(
			      r, &stmt_course[STMT_SESSION_ADD], "session.add",
			      view_get(course, "id"), id, &s, NULL,
			      view_get(course, "id"))) == 0) {
			req_redirect(r, "/training/sessions/%s", id);
			rc = 303;
		}
	}
	sform_free(&s);
	json_object_put(course);
	return rc;
}

/*
 * Loads session r->arg for its edit form: 0 with *res, 404, 409 when it
 * is no longer scheduled, or 503/500.
 */
static int
edit_load(struct req *r, PGresult **res)
{
	int rc;

	if ((rc = training_session_load(r, res)) != 0)
		return rc;
	if (strcmp(PQgetvalue(*res, 0, SSH_STATUS), "scheduled") == 0)
		return 0;
	PQclear(*res);
	*res = NULL;
	r->error_key = "session_closed";
	return 409;
}

/* Shows the edit form s of the session in res with status. */
static int
edit_show(struct req *r, const struct sform *s, const PGresult *res, int status)
{
	return sform_show(r, s, PQgetvalue(res, 0, SSH_COURSE),
			  training_title(r, res, 0, SSH_TITLE_JA),
			  PQgetvalue(res, 0, SSH_ID), status);
}

/* GET /training/sessions/{id}/edit: the form.  200, 404, 409, 503/500. */
int
page_session_edit_get(struct req *r)
{
	static const int cols[SF__MAX] = {
		[SF_START_DATE] = SSH_START_DATE,
		[SF_START_TIME] = SSH_START_TIME,
		[SF_END_DATE] = SSH_END_DATE,
		[SF_END_TIME] = SSH_END_TIME,
		[SF_PLACE] = SSH_PLACE,
		[SF_CAPACITY] = SSH_CAPACITY,
		[SF_INSTRUCTOR] = SSH_INSTRUCTOR_ID,
		[SF_LANG] = SSH_LANG,
	};
	struct sform s;
	PGresult *res;
	size_t i;
	int rc;

	if ((rc = edit_load(r, &res)) != 0)
		return rc;
	if ((rc = sform_init(r, &s)) == 0) {
		for (i = 0; i < SF__MAX; i++)
			buf_puts(&s.f.val[i], PQgetvalue(res, 0, cols[i]));
		rc = edit_show(r, &s, res, 200);
	}
	sform_free(&s);
	PQclear(res);
	return rc;
}

/*
 * Corrects session r->arg (loaded in res) with the valid form s, in one
 * transaction with its state before, locked.  Returns 303, 404, 409
 * (no longer scheduled), or 503/500.
 */
static int
session_edit(struct req *r, struct sform *s, const PGresult *res)
{
	struct json_object *before;
	char id[24];
	int rc;

	if ((rc = audit_begin(r, &stmt_course[STMT_SESSION_GET], &before)) != 0)
		return rc;
	rc = session_change(r, &stmt_course[STMT_SESSION_EDIT], "session.edit",
			    r->arg, id, s, before,
			    PQgetvalue(res, 0, SSH_COURSE));
	json_object_put(before);
	if (rc == 404) {
		r->error_key = "session_closed";
		return 409;
	}
	if (rc == 0) {
		req_redirect(r, "/training/sessions/%s", id);
		rc = 303;
	}
	return rc;
}

/*
 * Puts the database's refusal of the last statement on the field it
 * concerns, when it is one a reviewer can mend: new times that would
 * overlap another session of someone enrolled.
 */
static void
edit_refused(struct req *r, struct sform *s)
{
	if (strcmp(db_refusal(r->db), "enrolments_no_overlap") == 0)
		form_error(&s->f, SF_START_DATE, "session_err_overlap", 0);
}

/*
 * POST /training/sessions/{id}/edit: corrects a scheduled session.  303
 * to its page; 422 with the form, values kept (a capacity below the
 * enrolled, or times that would overlap an enrolled person's other
 * session, are refused); 404; 409; 503/500.
 */
int
page_session_edit_post(struct req *r)
{
	struct sform s;
	PGresult *res;
	int rc;

	if ((rc = edit_load(r, &res)) != 0)
		return rc;
	if ((rc = sform_init(r, &s)) == 0) {
		sform_read(r, &s, atoi(PQgetvalue(res, 0, SSH_ENROLLED)));
		if (s.f.nerr == 0 && (rc = session_edit(r, &s, res)) == 500)
			edit_refused(r, &s);
		if (s.f.nerr > 0)
			rc = edit_show(r, &s, res, 422);
	}
	sform_free(&s);
	PQclear(res);
	return rc;
}
