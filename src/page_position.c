/*
 * The positions of a plan (issue 15): GET and POST
 * /plans/{id}/positions/new and /positions/{id}/edit; the position's
 * page and its loading are in page_position_show.c.  Reviewers and
 * administrators only (the route table's).  Every change is audited with its
 * before and after; the database's refusals come back as messages
 * (assignment.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "apply.h"
#include "assignment.h"
#include "audit.h"
#include "db.h"
#include "derived.h"
#include "form.h"
#include "i18n.h"
#include "ministry.h"
#include "page_position.h"
#include "pages.h"
#include "record.h"
#include "req.h"
#include "stmt_position.h"

enum position_field {
	PF_TITLE_JA,
	PF_TITLE_EN,
	PF_STATION,
	PF_HEADCOUNT,
	PF_STARTS,
	PF_ENDS,
	PF_EXPERTISE,
	PF_LANG_EN, /* the languages: fields "lang_CODE" (derived_languages) */
	PF_LANG_FR,
	PF_LANG_ES,
	PF_LANG_AR,
	PF_LANG_RU,
	PF_LANG_ZH,
	PF__MAX
};

#define TITLE_MAX     200
#define HEADCOUNT_MAX 1000

/* A headcount: 1 to HEADCOUNT_MAX. */
static const char *
chk_headcount(const char *in, struct buf *out)
{
	long n = strtol(in, NULL, 10);

	if (n < 1 || n > HEADCOUNT_MAX)
		return "position_err_headcount";
	buf_printf(out, "%ld", n);
	return NULL;
}

#define TEXT(n)                                                                \
	{                                                                      \
		.name = n, .type = FT_TEXT, .required = 1, .maxlen = TITLE_MAX \
	}
#define LEVEL(n)                                                               \
	{                                                                      \
		.name = n, .type = FT_SELECT, .opts = level_opts,              \
		.nopts = APPLY_NLEVELS                                         \
	}

static const struct fdef position_fields[PF__MAX] = {
	[PF_TITLE_JA] = TEXT("position_title_ja"),
	[PF_TITLE_EN] = TEXT("position_title_en"),
	[PF_STATION] = TEXT("duty_station"),
	[PF_HEADCOUNT] = { .name = "headcount",
			   .type = FT_NUMBER,
			   .required = 1,
			   .maxlen = 4,
			   .check = chk_headcount,
			   .inputmode = "numeric" },
	[PF_STARTS] = { .name = "position_starts",
			.type = FT_DATE,
			.required = 1,
			.maxlen = 10 },
	[PF_ENDS] = { .name = "position_ends",
		      .type = FT_DATE,
		      .required = 1,
		      .maxlen = 10 },
	[PF_EXPERTISE] = { .name = "expertise",
			   .type = FT_CHECKS,
			   .opts = expertise_opts,
			   .nopts = APPLY_NEXPERTISE },
	[PF_LANG_EN] = LEVEL("lang_en"),
	[PF_LANG_FR] = LEVEL("lang_fr"),
	[PF_LANG_ES] = LEVEL("lang_es"),
	[PF_LANG_AR] = LEVEL("lang_ar"),
	[PF_LANG_RU] = LEVEL("lang_ru"),
	[PF_LANG_ZH] = LEVEL("lang_zh"),
};

static const struct fgroup position_groups[] = {
	{ "position_g_post", PF_TITLE_JA, PF_EXPERTISE },
	{ "position_g_expertise", PF_EXPERTISE, 1 },
	{ "position_g_languages", PF_LANG_EN, PF__MAX - PF_LANG_EN },
};

/*
 * Reads the form's fields from in into f and checks them, the end not
 * before the start too.  Returns the number of errors.
 */
static size_t
posform_read(struct form *f, const struct kvlist *in)
{
	form_init(f, position_fields, PF__MAX);
	form_read(f, in);
	if (f->err[PF_STARTS] == NULL && f->err[PF_ENDS] == NULL &&
	    strcmp(form_value(f, PF_ENDS), form_value(f, PF_STARTS)) < 0)
		form_error(f, PF_ENDS, "position_err_ends", 0);
	return f->nerr;
}

/*
 * Puts the courses a position may require into the view ("courses":
 * id, code, title, on when in the array literal chosen).  Returns 0, or
 * 503/500.
 */
static int
course_choice_view(struct req *r, const char *chosen)
{
	struct json_object *arr, *o;
	char id[32];
	PGresult *res;
	enum db_status st;
	int i;

	st = db_run(r->db, &stmt_position[STMT_POSITION_COURSES], &res, 1,
		    i18n_codes[r->lang]);
	if (st != DB_OK)
		return db_http(st);
	arr = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		o = json_object_new_object();
		view_str(o, "id", PQgetvalue(res, i, POCC_ID));
		view_str(o, "code", PQgetvalue(res, i, POCC_CODE));
		view_str(o, "title", PQgetvalue(res, i, POCC_TITLE));
		snprintf(id, sizeof(id), ",%s,", PQgetvalue(res, i, POCC_ID));
		view_bool(o, "on", strstr(chosen, id) != NULL);
		json_object_array_add(arr, o);
	}
	json_object_object_add(r->view, "courses", arr);
	PQclear(res);
	return 0;
}

/*
 * Shows the position form f (of the new position of plan, or the edit
 * of position id) with courses chosen (",1,2," form) and status.
 */
static int
posform_show(struct req *r, const struct form *f, const char *plan,
	     const char *id, const char *chosen, int status)
{
	int rc;

	if ((rc = course_choice_view(r, chosen)) != 0)
		return rc;
	json_object_object_add(
	    r->view, "form",
	    form_view(f, position_groups,
		      sizeof(position_groups) / sizeof(position_groups[0]),
		      &r->app->i18n, r->lang));
	view_str(r->view, "title",
		 req_text(r, id == NULL ? "position_new" : "position_edit"));
	view_str(r->view, "plan_id", plan);
	view_str(r->view, id == NULL ? "action_plan" : "position_id",
		 id == NULL ? plan : id);
	r->page = VIEW_POSITION_FORM;
	return status;
}

/*
 * Loads plan id's title, status, period and country into the view
 * ("plan").  Returns 0, 404 for no such plan, or 503/500.
 */
static int
plan_view(struct req *r, const char *id)
{
	struct json_object *o;
	PGresult *res;
	int rc;

	if ((rc = position_one_row(r, STMT_POSITION_PLAN, id, &res)) != 0)
		return rc;
	o = json_object_new_object();
	view_str(o, "id", id);
	view_str(o, "title", PQgetvalue(res, 0, POPL_TITLE));
	view_str(o, "status", PQgetvalue(res, 0, POPL_STATUS));
	view_str(o, "starts", PQgetvalue(res, 0, POPL_STARTS));
	view_str(o, "ends", PQgetvalue(res, 0, POPL_ENDS));
	view_str(o, "country", PQgetvalue(res, 0, POPL_COUNTRY));
	json_object_object_add(r->view, "plan", o);
	PQclear(res);
	return 0;
}

/* GET /plans/{id}/positions/new: the empty form.  200, 404, 503/500. */
int
page_position_new_get(struct req *r)
{
	struct record p;
	struct form f;
	int rc;

	if (record_id(r->arg, &p) != 0)
		return 404;
	if ((rc = plan_view(r, p.id)) != 0)
		return rc;
	form_init(&f, position_fields, PF__MAX);
	rc = posform_show(r, &f, p.id, NULL, "", 200);
	form_free(&f);
	return rc;
}

/*
 * Writes the form f (courses: the array literal) with statement s
 * (owner: the plan for a new position, else the position) and audits
 * it as action with before; then COMMIT.  Sets *id to the position's.
 * Returns 0, 404 for no such position, 422 for a refusal (its message
 * in the view as "refusal"), or 503/500 (rolled back).
 */
static int
position_write(struct req *r, enum stmt_position_id s, const char *owner,
	       const struct form *f, const char *courses,
	       struct json_object *before, char *id, size_t idsz)
{
	const char *v[PP__MAX] = { [PP_OWNER] = owner };
	struct json_object *after;
	struct buf exp, lang;
	PGresult *res;
	enum db_status st;
	const char *key;
	size_t i;

	buf_init(&exp);
	buf_init(&lang);
	derived_codes(f, PF_EXPERTISE, &exp);
	derived_languages(f, PF_LANG_EN, PF__MAX - 1, &lang);
	for (i = PF_TITLE_JA; i <= PF_ENDS; i++)
		v[PP_TITLE_JA + i] = form_value(f, i);
	v[PP_EXPERTISE] = exp.ptr;
	v[PP_LANGUAGES] = lang.ptr;
	v[PP_COURSES] = courses;
	st = db_exec(r->db, &stmt_position[s], PP__MAX, v, NULL, NULL, &res);
	buf_free(&exp);
	buf_free(&lang);
	if (st == DB_OK && PQntuples(res) == 1) {
		snprintf(id, idsz, "%s", PQgetvalue(res, 0, PWC_ID));
		after = json_tokener_parse(PQgetvalue(res, 0, PWC_STATE));
		st = audit_add(r,
			       s == STMT_POSITION_INSERT ? "position.add"
							 : "position.edit",
			       "position", id, before, after);
		json_object_put(after);
	} else if (st == DB_OK) {
		PQclear(res);
		(void)db_end(r->db, st, 0);
		return 404;
	}
	PQclear(res);
	key = st == DB_ERROR ? assign_refusal(r) : NULL;
	if ((st = db_end(r->db, st, 1)) == DB_OK)
		return 0;
	if (key == NULL)
		return db_http(st);
	view_str(r->view, "refusal", req_text(r, key));
	return 422;
}

/*
 * Reads the chosen courses ("course") as an array literal into arr and
 * as ",1,2," into chosen.  Returns 0, or 400 for one that is not an id.
 */
static int
courses_read(struct req *r, struct buf *arr, struct buf *chosen)
{
	size_t i;

	if (record_ids(&r->form, "course", arr) < 0)
		return 400;
	buf_putc(chosen, ',');
	for (i = 1; i + 1 < arr->len; i++)
		buf_putc(chosen, arr->ptr[i]);
	buf_putc(chosen, ',');
	return 0;
}

/*
 * Handles the form of a new position of plan (before NULL) or of the
 * edit of position id: 303 to the position, 422 with the form, 400,
 * 404, 503/500.
 */
static int
posform_post(struct req *r, const char *plan, const char *id,
	     struct json_object *before)
{
	struct buf arr, chosen;
	struct form f;
	char newid[32];
	int rc;

	buf_init(&arr);
	buf_init(&chosen);
	if ((rc = courses_read(r, &arr, &chosen)) != 0) {
		(void)db_end(r->db, DB_OK, 0);
		goto done;
	}
	if (posform_read(&f, &r->form) > 0) {
		(void)db_end(r->db, DB_OK, 0);
		rc = posform_show(r, &f, plan, id, chosen.ptr, 422);
	} else if ((rc = position_write(r,
					id == NULL ? STMT_POSITION_INSERT
						   : STMT_POSITION_UPDATE,
					id == NULL ? plan : id, &f, arr.ptr,
					before, newid, sizeof(newid))) == 422)
		rc = posform_show(r, &f, plan, id, chosen.ptr, 422);
	else if (rc == 0) {
		req_redirect(r, "/positions/%s", newid);
		rc = 303;
	}
	form_free(&f);
done:
	buf_free(&arr);
	buf_free(&chosen);
	return rc;
}

/*
 * POST /plans/{id}/positions/new: adds a position, audited.  303 to it;
 * 422 with the form for a field or a period outside the plan's; 404;
 * 503/500.
 */
int
page_position_new_post(struct req *r)
{
	struct record p;
	enum db_status st;
	int rc;

	if (record_id(r->arg, &p) != 0)
		return 404;
	if ((rc = plan_view(r, p.id)) != 0)
		return rc;
	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	return posform_post(r, p.id, NULL, NULL);
}

/* Adds the field name = val to in. */
static void
kv_put(struct kvlist *in, const char *name, const char *val)
{
	kv_add(in, name, strlen(name), val, strlen(val));
}

/*
 * Fills in with the position's values (res, STMT_POSITION_GET) as the
 * form's fields, and chosen with its courses (c) as ",1,2,".
 */
static void
position_fields_kv(const PGresult *res, struct json_object *c,
		   struct kvlist *in, struct buf *chosen)
{
	static const enum position_get_col cols[] = {
		[PF_TITLE_JA] = PGC_TITLE_JA, [PF_TITLE_EN] = PGC_TITLE_EN,
		[PF_STATION] = PGC_STATION,   [PF_HEADCOUNT] = PGC_HEADCOUNT,
		[PF_STARTS] = PGC_STARTS,     [PF_ENDS] = PGC_ENDS,
	};
	struct json_object *a;
	const char *s, *colon;
	char name[16];
	size_t i;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		kv_put(in, position_fields[i].name,
		       PQgetvalue(res, 0, cols[i]));
	a = json_tokener_parse(PQgetvalue(res, 0, PGC_EXPERTISE));
	for (i = 0; a != NULL && i < json_object_array_length(a); i++)
		kv_put(in, "expertise",
		       json_object_get_string(json_object_array_get_idx(a, i)));
	json_object_put(a);
	a = json_tokener_parse(PQgetvalue(res, 0, PGC_LANGUAGES));
	for (i = 0; a != NULL && i < json_object_array_length(a); i++) {
		s = json_object_get_string(json_object_array_get_idx(a, i));
		if ((colon = strchr(s, ':')) == NULL)
			continue;
		snprintf(name, sizeof(name), "lang_%.*s", (int)(colon - s), s);
		kv_put(in, name, colon + 1);
	}
	json_object_put(a);
	buf_putc(chosen, ',');
	for (i = 0; i < json_object_array_length(c); i++)
		buf_printf(chosen, "%s,",
			   view_get(json_object_array_get_idx(c, i), "id"));
}

/* GET /positions/{id}/edit: the form with its values.  200, 404, 503/500. */
int
page_position_edit_get(struct req *r)
{
	struct record p;
	struct kvlist in;
	struct buf chosen;
	struct form f;
	PGresult *res;
	int rc;

	if (record_id(r->arg, &p) != 0)
		return 404;
	kv_init(&in);
	buf_init(&chosen);
	if ((rc = position_load(r, p.id, &res)) == 0) {
		position_fields_kv(
		    res,
		    json_object_object_get(
			json_object_object_get(r->view, "position"), "courses"),
		    &in, &chosen);
		PQclear(res);
		form_init(&f, position_fields, PF__MAX);
		form_read(&f, &in);
		rc = posform_show(
		    r, &f,
		    view_get(json_object_object_get(r->view, "position"),
			     "plan_id"),
		    p.id, chosen.ptr, 200);
		form_free(&f);
	}
	kv_free(&in);
	buf_free(&chosen);
	return rc;
}

/*
 * POST /positions/{id}/edit: changes the position, audited with its
 * state before (locked) and after.  303 to it; 422 with the form for a
 * field, or a period that leaves the plan's or an assignment outside;
 * 404; 503/500.
 */
int
page_position_edit_post(struct req *r)
{
	struct json_object *before;
	struct record p;
	int rc;

	if (record_id(r->arg, &p) != 0)
		return 404;
	if ((rc = position_load(r, p.id, NULL)) != 0)
		return rc;
	r->arg = p.id;
	if ((rc = audit_begin(r, &stmt_position[STMT_POSITION_BEFORE],
			      &before)) != 0)
		return rc;
	rc = posform_post(
	    r, view_get(json_object_object_get(r->view, "position"), "plan_id"),
	    p.id, before);
	json_object_put(before);
	return rc;
}
