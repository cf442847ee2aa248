#include <ctype.h>
#include <stdlib.h>
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
#include "text.h"
#include "training.h"

/*
 * /training and its courses: reviewers and administrators list the
 * courses and the sessions to come, add a course, correct one, and
 * retire one that sessions or certificates refer to (or delete one that
 * nothing refers to).  Each change is audited with the course before and
 * after.  The code, once given, is fixed: certificates are read by it.
 */

/* In the order of the statements' parameters (enum course_param). */
enum course_field {
	CF_CODE,
	CF_TITLE_JA,
	CF_TITLE_EN,
	CF_DESC_JA,
	CF_DESC_EN,
	CF_HOURS,
	CF_DELIVERY,
	CF_PASS_MARK,
	CF_VALIDITY,
	CF_REQUIRED,
	CF__MAX
};
_Static_assert((int)CF__MAX == (int)CP__MAX, "a parameter per field");

/* Each field's name in the course's JSON (STMT_COURSE_GET, the audit). */
static const char *const json_keys[CF__MAX] = {
	[CF_CODE] = "code",
	[CF_TITLE_JA] = "title_ja",
	[CF_TITLE_EN] = "title_en",
	[CF_DESC_JA] = "description_ja",
	[CF_DESC_EN] = "description_en",
	[CF_HOURS] = "hours",
	[CF_DELIVERY] = "delivery",
	[CF_PASS_MARK] = "pass_mark",
	[CF_VALIDITY] = "validity_months",
	[CF_REQUIRED] = "required_for",
};

/* A code as the table's CHECK wants it, folded to capitals. */
static const char *
chk_course_code(const char *in, struct buf *out)
{
	text_code(in, out);
	if (out->len < 2 || out->len > 20 || out->ptr[0] == '-' ||
	    strspn(out->ptr, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") !=
		out->len)
		return "course_err_code";
	return NULL;
}

/* Hours: more than 0, at most 1000, in steps of a tenth ("7.5"). */
static const char *
chk_hours(const char *in, struct buf *out)
{
	size_t n;

	text_halfwidth(in, out);
	n = strspn(out->ptr, "0123456789");
	if (n == 0 || n > 4 ||
	    (out->ptr[n] != '\0' &&
	     (out->ptr[n] != '.' || strlen(out->ptr + n) != 2 ||
	      !isdigit((unsigned char)out->ptr[n + 1]))) ||
	    atof(out->ptr) <= 0 || atof(out->ptr) > 1000)
		return "course_err_hours";
	return NULL;
}

/* A pass mark: 0 to 100 (FT_NUMBER has made it digits). */
static const char *
chk_mark(const char *in, struct buf *out)
{
	buf_puts(out, in);
	return atoi(in) <= 100 ? NULL : "course_err_pass_mark";
}

/* A validity: 1 to 600 months. */
static const char *
chk_validity(const char *in, struct buf *out)
{
	buf_puts(out, in);
	return atoi(in) >= 1 && atoi(in) <= 600 ? NULL : "course_err_validity";
}

static const struct fopt delivery_opts[] = {
	{ "in_person", "course_delivery_in_person" },
	{ "online", "course_delivery_online" },
	{ "external", "course_delivery_external" },
};

/* The operation types, labelled as on the application form. */
static const struct fopt operation_opts[] = {
	{ "pko", "op_pko" },
	{ "icops", "op_icops" },
	{ "relief", "op_relief" },
	{ "election", "op_election" },
};

#define NOPERATIONS (sizeof(operation_opts) / sizeof(operation_opts[0]))

static const struct fdef course_fields[CF__MAX] = {
	[CF_CODE] = { .name = "course_code",
		      .type = FT_TEXT,
		      .required = 1,
		      .maxlen = 20,
		      .check = chk_course_code,
		      .autocomplete = "off" },
	[CF_TITLE_JA] = { .name = "course_title_ja",
			  .type = FT_TEXT,
			  .required = 1,
			  .maxlen = 200,
			  .autocomplete = "off" },
	[CF_TITLE_EN] = { .name = "course_title_en",
			  .type = FT_TEXT,
			  .required = 1,
			  .maxlen = 200,
			  .autocomplete = "off" },
	[CF_DESC_JA] = { .name = "course_description_ja",
			 .type = FT_TEXTAREA,
			 .maxlen = 4000 },
	[CF_DESC_EN] = { .name = "course_description_en",
			 .type = FT_TEXTAREA,
			 .maxlen = 4000 },
	[CF_HOURS] = { .name = "course_hours",
		       .type = FT_TEXT,
		       .required = 1,
		       .maxlen = 6,
		       .check = chk_hours,
		       .autocomplete = "off",
		       .inputmode = "decimal" },
	[CF_DELIVERY] = { .name = "course_delivery",
			  .type = FT_RADIO,
			  .required = 1,
			  FORM_OPTS(delivery_opts) },
	[CF_PASS_MARK] = { .name = "course_pass_mark",
			   .type = FT_NUMBER,
			   .maxlen = 3,
			   .check = chk_mark,
			   .autocomplete = "off",
			   .inputmode = "numeric" },
	[CF_VALIDITY] = { .name = "course_validity",
			  .type = FT_NUMBER,
			  .maxlen = 3,
			  .check = chk_validity,
			  .autocomplete = "off",
			  .inputmode = "numeric" },
	[CF_REQUIRED] = { .name = "course_required_for",
			  .type = FT_CHECKS,
			  FORM_OPTS(operation_opts) },
};

static const struct fgroup new_groups[] = { { "course_new", 0, CF__MAX } };
static const struct fgroup edit_groups[] = { { "course_edit", 0,
					       CF__MAX - CF_TITLE_JA } };

/* A form of either kind: base is the table index of its first field. */
struct cform {
	struct form f;
	size_t base;
	char required[64]; /* CF_REQUIRED's choices, comma-separated */
};

/* Sets up c as the new-course form (edit 0) or the edit form. */
static void
cform_init(struct cform *c, int edit)
{
	c->base = edit ? CF_TITLE_JA : CF_CODE;
	c->required[0] = '\0';
	form_init(&c->f, course_fields + c->base, CF__MAX - c->base);
}

/* Returns the value of table field i in c ("" for the code in an edit). */
static const char *
cvalue(struct cform *c, enum course_field i)
{
	size_t k, n = 0;

	if (i < c->base)
		return "";
	if (i != CF_REQUIRED)
		return form_value(&c->f, i - c->base);
	for (k = 0; k < NOPERATIONS && n + 10 < sizeof(c->required); k++)
		if ((c->f.mask[i - c->base] >> k) & 1)
			n += (size_t)snprintf(
			    c->required + n, sizeof(c->required) - n, "%s%s",
			    n > 0 ? "," : "", operation_opts[k].value);
	return c->required;
}

/* Fills c's fields from a course's JSON (STMT_COURSE_GET). */
static void
cform_fill(struct cform *c, struct json_object *course)
{
	struct json_object *req;
	size_t i, k, j;

	for (i = c->base; i < CF_REQUIRED; i++)
		buf_puts(&c->f.val[i - c->base],
			 view_get(course, json_keys[i]));
	if (!json_object_object_get_ex(course, "required_for", &req))
		return;
	for (j = 0; j < json_object_array_length(req); j++)
		for (k = 0; k < NOPERATIONS; k++)
			if (strcmp(json_object_get_string(
				       json_object_array_get_idx(req, j)),
				   operation_opts[k].value) == 0)
				c->f.mask[CF_REQUIRED - c->base] |= 1UL << k;
}

/* Returns the course of c as the audit records it; the caller owns it. */
static struct json_object *
cform_json(struct cform *c, const char *code)
{
	struct json_object *o = json_object_new_object(), *arr;
	size_t i;
	char *req, *p, *save;

	view_str(o, "code", code);
	for (i = CF_TITLE_JA; i < CF_REQUIRED; i++)
		view_str(o, json_keys[i], cvalue(c, i));
	arr = json_object_new_array();
	req = xstrdup(cvalue(c, CF_REQUIRED));
	for (p = strtok_r(req, ",", &save); p != NULL;
	     p = strtok_r(NULL, ",", &save))
		json_object_array_add(arr, json_object_new_string(p));
	free(req);
	json_object_object_add(o, "required_for", arr);
	return o;
}

/* Puts the courses into the view as "courses".  0, or 503/500. */
static int
courses_view(struct req *r)
{
	struct json_object *arr = json_object_new_array(), *o;
	PGresult *res;
	enum db_status st;
	int i;

	json_object_object_add(r->view, "courses", arr);
	if ((st = db_run(r->db, &stmt_course[STMT_COURSE_LIST], &res, 0)) !=
	    DB_OK)
		return db_http(st);
	for (i = 0; i < PQntuples(res); i++) {
		o = json_object_new_object();
		view_str(o, "id", PQgetvalue(res, i, CLC_ID));
		view_str(o, "code", PQgetvalue(res, i, CLC_CODE));
		view_str(o, "title", training_title(r, res, i, CLC_TITLE_JA));
		view_str(o, "delivery",
			 req_code_text(r, "course_delivery_",
				       PQgetvalue(res, i, CLC_DELIVERY)));
		view_str(o, "hours", PQgetvalue(res, i, CLC_HOURS));
		training_str(o, "pass_mark", PQgetvalue(res, i, CLC_PASS_MARK));
		training_str(o, "validity", PQgetvalue(res, i, CLC_VALIDITY));
		view_bool(o, "retired",
			  *PQgetvalue(res, i, CLC_RETIRED) == 't');
		json_object_array_add(arr, o);
	}
	view_bool(r->view, "has_courses", PQntuples(res) > 0);
	PQclear(res);
	return 0;
}

/*
 * GET /training: the courses and the sessions to come with their free
 * seats and waitlists.  200, or 503/500.
 */
int
page_training_get(struct req *r)
{
	int rc;

	if ((rc = courses_view(r)) != 0 ||
	    (rc = training_sessions_put(r, &stmt_course[STMT_COURSE_COMING],
					NULL, "session_coming")) != 0)
		return rc;
	view_str(r->view, "title", req_text(r, "course_list_title"));
	r->page = VIEW_TRAINING;
	return 200;
}

/* Shows the form c with status: a new course, or the edit of course. */
static int
cform_show(struct req *r, const struct cform *c, struct json_object *course,
	   int status)
{
	json_object_object_add(
	    r->view, "form",
	    form_view(&c->f, course == NULL ? new_groups : edit_groups, 1,
		      &r->app->i18n, r->lang));
	view_str(r->view, "title",
		 req_text(r, course == NULL ? "course_new" : "course_edit"));
	if (course != NULL)
		json_object_object_add(r->view, "course",
				       json_object_get(course));
	r->page = VIEW_COURSE_FORM;
	return status;
}

/* GET /training/courses/new: the empty form.  200. */
int
page_course_new_get(struct req *r)
{
	struct cform c;
	int rc;

	cform_init(&c, 0);
	rc = cform_show(r, &c, NULL, 200);
	form_free(&c.f);
	return rc;
}

/*
 * Runs stmt (a course's add or edit, with id for an edit) with c's
 * values, audits it as action with before (NULL for a new course) and
 * commits.  Sets id of a new course.  Returns 0, or 503/500 (rolled
 * back).
 */
static int
course_change(struct req *r, const struct stmt_def *stmt, const char *action,
	      char id[24], struct cform *c, struct json_object *before)
{
	const char *v[CP__MAX];
	struct json_object *after;
	PGresult *res;
	enum db_status st;
	size_t i;

	for (i = 0; i < CF__MAX; i++)
		v[i] = cvalue(c, i);
	if (before != NULL)
		v[CP_CODE] = id;
	st = db_exec(r->db, stmt, CP__MAX, v, NULL, NULL, &res);
	if (st == DB_OK && PQntuples(res) == 1) {
		snprintf(id, 24, "%s", PQgetvalue(res, 0, 0));
		after =
		    cform_json(c, before == NULL ? cvalue(c, CF_CODE)
						 : view_get(before, "code"));
		st = audit_add(r, action, "course", id, before, after);
		json_object_put(after);
	}
	PQclear(res);
	return db_http(db_end(r->db, st, 1));
}

/*
 * Adds the course of the valid form c unless its code is taken.  Sets
 * id.  Returns 0, 422 (the code's message in c), or 503/500.
 */
static int
course_add(struct req *r, struct cform *c, char id[24])
{
	PGresult *res;
	enum db_status st;
	int taken;

	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	if ((st = db_run(r->db, &stmt_course[STMT_COURSE_TAKEN], &res, 1,
			 cvalue(c, CF_CODE))) != DB_OK)
		return db_http(db_end(r->db, st, 0));
	taken = *PQgetvalue(res, 0, 0) == 't';
	PQclear(res);
	if (taken) {
		(void)db_end(r->db, DB_OK, 0);
		form_error(&c->f, CF_CODE, "course_err_code_taken", 0);
		return 422;
	}
	return course_change(r, &stmt_course[STMT_COURSE_ADD], "course.add", id,
			     c, NULL);
}

/*
 * POST /training/courses/new: adds a course.  303 to its page; 422 with
 * the form, values kept; 503/500.
 */
int
page_course_new_post(struct req *r)
{
	struct cform c;
	char id[24];
	int rc;

	cform_init(&c, 0);
	form_read(&c.f, &r->form);
	rc = c.f.nerr > 0 ? 422 : course_add(r, &c, id);
	if (rc == 0) {
		req_redirect(r, "/training/courses/%s", id);
		rc = 303;
	} else if (rc == 422)
		rc = cform_show(r, &c, NULL, 422);
	form_free(&c.f);
	return rc;
}

/* Reads course r->arg into *course.  Returns 0, 404, or 503/500. */
static int
course_load(struct req *r, struct json_object **course)
{
	*course = NULL;
	if (!record_id_valid(r->arg))
		return 404;
	return audit_before(r, &stmt_course[STMT_COURSE_GET], course);
}

/* Adds the texts of a course's codes to its JSON for its page. */
static void
course_texts(struct req *r, struct json_object *course)
{
	struct json_object *req, *names = json_object_new_array();
	size_t j;
	int ja = r->lang == LANG_JA;

	view_str(course, "title",
		 view_get(course, ja ? "title_ja" : "title_en"));
	training_str(
	    course, "description",
	    view_get(course, ja ? "description_ja" : "description_en"));
	if (*view_get(course, "pass_mark") == '\0')
		json_object_object_del(course, "pass_mark");
	if (*view_get(course, "validity_months") == '\0')
		json_object_object_del(course, "validity_months");
	view_str(
	    course, "delivery_text",
	    req_code_text(r, "course_delivery_", view_get(course, "delivery")));
	view_bool(course, "external",
		  strcmp(view_get(course, "delivery"), "external") == 0);
	if (json_object_object_get_ex(course, "required_for", &req))
		for (j = 0; j < json_object_array_length(req); j++)
			json_object_array_add(
			    names,
			    json_object_new_string(req_code_text(
				r, "op_",
				json_object_get_string(
				    json_object_array_get_idx(req, j)))));
	json_object_object_add(course, "required_names", names);
}

/*
 * GET /training/courses/{id}: a course and its sessions.  200, 404,
 * 503/500.
 */
int
page_course_get(struct req *r)
{
	struct json_object *course;
	int rc;

	if ((rc = course_load(r, &course)) != 0)
		return rc;
	course_texts(r, course);
	req_title(r, "course_title", view_get(course, "code"));
	json_object_object_add(r->view, "course", course);
	if ((rc = training_sessions_put(r, &stmt_course[STMT_COURSE_SESSIONS],
					r->arg, "course_sessions")) != 0)
		return rc;
	r->page = VIEW_COURSE;
	return 200;
}

/* GET /training/courses/{id}/edit: the form.  200, 404, 503/500. */
int
page_course_edit_get(struct req *r)
{
	struct json_object *course;
	struct cform c;
	int rc;

	if ((rc = course_load(r, &course)) != 0)
		return rc;
	cform_init(&c, 1);
	cform_fill(&c, course);
	rc = cform_show(r, &c, course, 200);
	json_object_put(course);
	form_free(&c.f);
	return rc;
}

/*
 * POST /training/courses/{id}/edit: corrects a course, audited with its
 * state before.  303 to its page; 422 with the form, values kept; 404;
 * 503/500.
 */
int
page_course_edit_post(struct req *r)
{
	struct json_object *before = NULL;
	struct cform c;
	char id[24];
	int rc;

	if (!record_id_valid(r->arg))
		return 404;
	cform_init(&c, 1);
	form_read(&c.f, &r->form);
	rc = audit_begin(r, &stmt_course[STMT_COURSE_GET], &before);
	if (rc == 0 && c.f.nerr > 0) {
		(void)db_end(r->db, DB_OK, 0);
		rc = cform_show(r, &c, before, 422);
	} else if (rc == 0) {
		snprintf(id, sizeof(id), "%s", r->arg);
		rc = course_change(r, &stmt_course[STMT_COURSE_EDIT],
				   "course.edit", id, &c, before);
		if (rc == 0) {
			req_redirect(r, "/training/courses/%s", id);
			rc = 303;
		}
	}
	json_object_put(before);
	form_free(&c.f);
	return rc;
}

/*
 * Retires (retire 1) or deletes course r->arg, audited with its state
 * before.  A course that sessions or certificates refer to is retired,
 * never deleted: its delete answers 409.  Returns 303 (to the course,
 * or to /training after a delete), 404, 409, 503/500.
 */
static int
course_end(struct req *r, int retire)
{
	struct json_object *before;
	PGresult *res;
	enum db_status st;
	int rc, n = 0;

	if (!record_id_valid(r->arg))
		return 404;
	if ((rc = audit_begin(r, &stmt_course[STMT_COURSE_GET], &before)) != 0)
		return rc;
	st = db_run(
	    r->db,
	    &stmt_course[retire ? STMT_COURSE_RETIRE : STMT_COURSE_DELETE],
	    &res, 1, r->arg);
	if (st == DB_OK && (n = PQntuples(res)) == 1)
		st = audit_add(r, retire ? "course.retire" : "course.delete",
			       "course", r->arg, before, NULL);
	PQclear(res);
	json_object_put(before);
	if ((st = db_end(r->db, st, n == 1)) != DB_OK)
		return db_http(st);
	if (n == 0 && !retire) {
		r->error_key = "course_in_use";
		return 409;
	}
	if (retire)
		req_redirect(r, "/training/courses/%s", r->arg);
	else
		req_redirect(r, "/training");
	return 303;
}

/* POST /training/courses/{id}/retire: see course_end.  A retired one stays. */
int
page_course_retire_post(struct req *r)
{
	return course_end(r, 1);
}

/* POST /training/courses/{id}/delete: see course_end. */
int
page_course_delete_post(struct req *r)
{
	return course_end(r, 0);
}
