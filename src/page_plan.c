/*
 * /plans: the list of implementation plans with its filters, and the
 * forms that make a plan and correct its texts.  A plan's period and
 * Cabinet decision change by amendment only (page_plan_action.c), and
 * its operation type and country not at all, so that the history says
 * every change of them.  Every change is audited with before and after.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "apply.h"
#include "app.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "pages.h"
#include "plan.h"
#include "plan_view.h"
#include "record.h"
#include "req.h"
#include "stmt_plan.h"
#include "text.h"
#include "urlenc.h"
#include "valid.h"

#define PAGE_ROWS 50 /* STMT_PLAN_LIST reads one more */

/*
 * A country code: two letters A to Z (the select sends one; typed by
 * hand in lower case or full width, it is folded).  The database's
 * foreign key says whether it is a country.
 */
static const char *
chk_country(const char *in, struct buf *out)
{
	size_t i;

	text_halfwidth(in, out);
	for (i = 0; i < out->len; i++)
		out->ptr[i] = (char)toupper((unsigned char)out->ptr[i]);
	if (out->len != 2 ||
	    strspn(out->ptr, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 2)
		return "plan_err_country";
	return NULL;
}

static const struct fopt status_opts[] = {
	{ "draft", "plan_status_draft" },
	{ "approved", "plan_status_approved" },
	{ "in_progress", "plan_status_in_progress" },
	{ "suspended", "plan_status_suspended" },
	{ "completed", "plan_status_completed" },
	{ "terminated", "plan_status_terminated" },
};

static const struct fopt basis_opts[] = {
	{ "unsc_resolution", "plan_basis_unsc_resolution" },
	{ "organisation_request", "plan_basis_organisation_request" },
	{ "host_request", "plan_basis_host_request" },
};

/*
 * The plan form.  The edit form is the run from PF_TITLE_JA to
 * PF_MANDATE_EN: operation, country and the dates are not fields there,
 * so a hand-made request cannot change them either.
 */
enum plan_field {
	PF_OPERATION,
	PF_COUNTRY,
	PF_TITLE_JA,
	PF_TITLE_EN,
	PF_AREA,
	PF_BASIS,
	PF_BASIS_DETAIL,
	PF_MANDATE_JA,
	PF_MANDATE_EN,
	PF_CABINET,
	PF_STARTS,
	PF_ENDS,
	PF__MAX
};

#define EDIT_FIRST PF_TITLE_JA
#define EDIT_N	   (PF_MANDATE_EN - PF_TITLE_JA + 1)

static const struct fdef plan_fields[PF__MAX] = {
	[PF_OPERATION] = { .name = "operation_type",
			   .type = FT_SELECT,
			   .required = 1,
			   FORM_OPTS(operation_opts) },
	[PF_COUNTRY] = { .name = "country",
			 .type = FT_TEXT,
			 .required = 1,
			 .maxlen = 2,
			 .check = chk_country,
			 .autocomplete = "off" },
	[PF_TITLE_JA] = { .name = "title_ja",
			  .type = FT_TEXT,
			  .required = 1,
			  .maxlen = 200,
			  .autocomplete = "off" },
	[PF_TITLE_EN] = { .name = "title_en",
			  .type = FT_TEXT,
			  .required = 1,
			  .maxlen = 200,
			  .autocomplete = "off" },
	[PF_AREA] = { .name = "area",
		      .type = FT_TEXT,
		      .maxlen = 200,
		      .autocomplete = "off" },
	[PF_BASIS] = { .name = "basis",
		       .type = FT_RADIO,
		       .required = 1,
		       FORM_OPTS(basis_opts) },
	[PF_BASIS_DETAIL] = { .name = "basis_detail",
			      .type = FT_TEXT,
			      .required = 1,
			      .maxlen = 200,
			      .autocomplete = "off" },
	[PF_MANDATE_JA] = { .name = "mandate_ja",
			    .type = FT_TEXTAREA,
			    .maxlen = 4000 },
	[PF_MANDATE_EN] = { .name = "mandate_en",
			    .type = FT_TEXTAREA,
			    .maxlen = 4000 },
	[PF_CABINET] = { .name = "cabinet_decision_on",
			 .type = FT_DATE,
			 .required = 1,
			 .autocomplete = "off" },
	[PF_STARTS] = { .name = "starts_on",
			.type = FT_DATE,
			.required = 1,
			.autocomplete = "off" },
	[PF_ENDS] = { .name = "ends_on",
		      .type = FT_DATE,
		      .required = 1,
		      .autocomplete = "off" },
};

static const struct fgroup new_groups[] = {
	{ "plan_group_operation", PF_OPERATION, PF_BASIS - PF_OPERATION },
	{ "plan_group_basis", PF_BASIS, PF_CABINET - PF_BASIS },
	{ "plan_group_period", PF_CABINET, PF__MAX - PF_CABINET },
};
static const struct fgroup edit_groups[] = {
	{ "plan_group_operation", 0, PF_BASIS - EDIT_FIRST },
	{ "plan_group_basis", PF_BASIS - EDIT_FIRST, PF_CABINET - PF_BASIS },
};

/* The list's filters, read from the query. */
enum filter_field {
	FF_STATUS,
	FF_OPERATION,
	FF_COUNTRY,
	FF_FROM,
	FF_TO,
	FF__MAX
};

static const struct fdef filter_fields[FF__MAX] = {
	[FF_STATUS] = { .name = "status",
			.type = FT_SELECT,
			FORM_OPTS(status_opts) },
	[FF_OPERATION] = { .name = "operation_type",
			   .type = FT_SELECT,
			   FORM_OPTS(operation_opts) },
	[FF_COUNTRY] = { .name = "country",
			 .type = FT_TEXT,
			 .maxlen = 2,
			 .check = chk_country,
			 .autocomplete = "off" },
	[FF_FROM] = { .name = "period_from",
		      .type = FT_DATE,
		      .autocomplete = "off" },
	[FF_TO] = { .name = "period_to",
		    .type = FT_DATE,
		    .autocomplete = "off" },
};

static const struct fgroup filter_groups[] = { { "plan_filters", 0, FF__MAX } };

/* Returns form value i, or NULL when empty (a filter that is off). */
static const char *
value_or_null(const struct form *f, size_t i)
{
	return *form_value(f, i) == '\0' ? NULL : form_value(f, i);
}

/*
 * Reads the keyset cursor "after" (YYYY-MM-DD.id) into start and id.
 * Returns 0, or -1 if it is malformed.
 */
static int
read_after(const char *after, char start[11], char id[24])
{
	const char *dot;
	struct buf day;
	int y, m, d, ok;

	if (after == NULL)
		return 0;
	dot = strchr(after, '.');
	if (dot == NULL || dot - after != 10 || !record_id_valid(dot + 1))
		return -1;
	memcpy(start, after, 10);
	start[10] = '\0';
	buf_init(&day);
	ok = valid_date(start, &day, &y, &m, &d) == VALID_OK &&
	     strcmp(day.ptr, start) == 0;
	buf_free(&day);
	if (!ok)
		return -1;
	snprintf(id, 24, "%s", dot + 1);
	return 0;
}

/* Returns the view of row i of a list result. */
static struct json_object *
list_row(const struct req *r, const PGresult *res, int i)
{
	struct json_object *o = json_object_new_object();

	view_str(o, "id", PQgetvalue(res, i, PLC_ID));
	view_str(o, "title", PQgetvalue(res, i, PLC_TITLE));
	view_str(o, "operation",
		 req_code_text(r, "op_", PQgetvalue(res, i, PLC_OPERATION)));
	view_str(o, "country", PQgetvalue(res, i, PLC_COUNTRY));
	view_str(o, "starts_on", PQgetvalue(res, i, PLC_STARTS));
	view_str(o, "ends_on", PQgetvalue(res, i, PLC_ENDS));
	view_str(o, "status", PQgetvalue(res, i, PLC_STATUS));
	view_str(
	    o, "status_label",
	    req_code_text(r, "plan_status_", PQgetvalue(res, i, PLC_STATUS)));
	return o;
}

/* Puts the rows and the next page's link (the filters kept) in the view. */
static void
list_view(struct req *r, const struct form *f, const PGresult *res)
{
	struct json_object *arr = json_object_new_array();
	int n = PQntuples(res), i;
	char after[40];
	struct buf next;

	for (i = 0; i < n && i < PAGE_ROWS; i++)
		json_object_array_add(arr, list_row(r, res, i));
	view_bool(r->view, "has_rows", n > 0);
	json_object_object_add(r->view, "rows", arr);
	if (n <= PAGE_ROWS)
		return;
	buf_init(&next);
	buf_puts(&next, "/plans");
	for (i = 0; i < FF__MAX; i++)
		if (value_or_null(f, (size_t)i) != NULL)
			urlenc_add(&next, f->defs[i].name,
				   form_value(f, (size_t)i));
	snprintf(after, sizeof(after), "%s.%s",
		 PQgetvalue(res, PAGE_ROWS - 1, PLC_STARTS),
		 PQgetvalue(res, PAGE_ROWS - 1, PLC_ID));
	urlenc_add(&next, "after", after);
	view_str(r->view, "next_href", next.ptr);
	buf_free(&next);
}

/*
 * Runs the list's query with the valid filters f and the cursor.
 * Returns 0, or 503/500.
 */
static int
list_query(struct req *r, const struct form *f, const char *start,
	   const char *id)
{
	PGresult *res;
	enum db_status st;

	st = db_run(r->db, &stmt_plan[STMT_PLAN_LIST], &res, PLP__MAX,
		    value_or_null(f, FF_STATUS), value_or_null(f, FF_OPERATION),
		    value_or_null(f, FF_COUNTRY), value_or_null(f, FF_FROM),
		    value_or_null(f, FF_TO), start, id, i18n_codes[r->lang]);
	if (st != DB_OK)
		return db_http(st);
	list_view(r, f, res);
	PQclear(res);
	return 0;
}

/*
 * GET /plans: a page of plans, filtered by status, operation type,
 * country and a period they overlap.  200; 422 with the filters' form
 * when one is wrong; 400 for a malformed cursor; 503/500.
 */
int
page_plans_get(struct req *r)
{
	struct form f;
	struct json_object *fv;
	char start[11] = "", id[24] = "";
	int rc;

	if (read_after(kv_get(&r->query, "after"), start, id) != 0)
		return 400;
	form_init(&f, filter_fields, FF__MAX);
	form_read(&f, &r->query);
	rc = f.nerr > 0
		 ? 422
		 : list_query(r, &f, *start ? start : NULL, *id ? id : NULL);
	if (rc == 0 || rc == 422) {
		fv = form_view(&f, filter_groups, 1, &r->app->i18n, r->lang);
		json_object_object_add(r->view, "form", fv);
		if (plan_countries(r, fv, form_value(&f, FF_COUNTRY)) != 0)
			rc = 503;
		else if (rc == 0)
			rc = 200;
		view_str(r->view, "title", req_text(r, "plan_list_title"));
		r->page = VIEW_PLANS;
	}
	form_free(&f);
	return rc;
}

/* A plan form of either kind: base is the table index of its first field. */
struct pform {
	struct form f;
	size_t base;
};

/* Sets up m as the new-plan form (edit 0) or the edit form. */
static void
pform_init(struct pform *m, int edit)
{
	m->base = edit ? EDIT_FIRST : 0;
	form_init(&m->f, plan_fields + m->base, edit ? EDIT_N : PF__MAX);
}

/* Returns the value of table field i in m. */
static const char *
pvalue(const struct pform *m, enum plan_field i)
{
	return form_value(&m->f, i - m->base);
}

/* Checks what no single field can: the period does not end before it
 * starts (ISO dates compare as text). */
static void
pform_cross(struct pform *m)
{
	if (m->base == 0 && m->f.err[PF_STARTS] == NULL &&
	    m->f.err[PF_ENDS] == NULL &&
	    strcmp(pvalue(m, PF_ENDS), pvalue(m, PF_STARTS)) < 0)
		form_error(&m->f, PF_ENDS, "plan_err_period_order", 0);
}

/*
 * Shows the form m with status: the new-plan form (id NULL) or the edit
 * form of plan id with its suspension banner.  Returns status, or
 * 503/500 when the countries or the banner cannot be read.
 */
static int
pform_show(struct req *r, const struct pform *m, const char *id, int status)
{
	struct json_object *fv;
	int rc;

	fv = form_view(&m->f, id == NULL ? new_groups : edit_groups,
		       id == NULL ? 3 : 2, &r->app->i18n, r->lang);
	json_object_object_add(r->view, "form", fv);
	if (id == NULL && plan_countries(r, fv, pvalue(m, PF_COUNTRY)) != 0)
		return 503;
	view_str(
	    r->view, "title",
	    req_text(r, id == NULL ? "plan_new_title" : "plan_edit_title"));
	if (id != NULL) {
		view_str(r->view, "id", id);
		if ((rc = plan_banner(r, id)) != 0)
			return rc;
	}
	r->page = VIEW_PLAN_FORM;
	return status;
}

/* GET /plans/new: the empty form.  200, or 503. */
int
page_plan_new_get(struct req *r)
{
	struct pform m;
	int rc;

	pform_init(&m, 0);
	rc = pform_show(r, &m, NULL, 200);
	form_free(&m.f);
	return rc;
}

/* The form's field of each parameter of STMT_PLAN_INSERT. */
static const enum plan_field insert_fields[PIP_CHANGED_BY] = {
	[PIP_TITLE_JA] = PF_TITLE_JA,
	[PIP_TITLE_EN] = PF_TITLE_EN,
	[PIP_OPERATION] = PF_OPERATION,
	[PIP_COUNTRY] = PF_COUNTRY,
	[PIP_AREA] = PF_AREA,
	[PIP_BASIS] = PF_BASIS,
	[PIP_BASIS_DETAIL] = PF_BASIS_DETAIL,
	[PIP_MANDATE_JA] = PF_MANDATE_JA,
	[PIP_MANDATE_EN] = PF_MANDATE_EN,
	[PIP_CABINET] = PF_CABINET,
	[PIP_STARTS] = PF_STARTS,
	[PIP_ENDS] = PF_ENDS,
};

/*
 * Adds the plan of the valid form m, audited with its state after, in
 * one transaction; sets id to the new plan's.  Returns 0, 422 with the
 * message at the country when the database knows no such country, or
 * 503/500.
 */
static int
plan_add(struct req *r, struct pform *m, char id[24])
{
	const char *v[PIP__MAX];
	struct json_object *after = NULL;
	char by[24];
	PGresult *res;
	enum db_status st;
	size_t i;

	snprintf(by, sizeof(by), "%lld", r->staff.id);
	for (i = 0; i < PIP_CHANGED_BY; i++)
		v[i] = pvalue(m, insert_fields[i]);
	v[PIP_CHANGED_BY] = by;
	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	st = db_exec(r->db, &stmt_plan[STMT_PLAN_INSERT], PIP__MAX, v, NULL,
		     NULL, &res);
	if (st == DB_ERROR &&
	    strcmp(db_refusal(r->db), "plans_country_fkey") == 0) {
		(void)db_end(r->db, st, 0);
		form_error(&m->f, PF_COUNTRY, "plan_err_country", 0);
		return 422;
	}
	if (st == DB_OK) {
		snprintf(id, 24, "%s", PQgetvalue(res, 0, 0));
		PQclear(res);
		if (plan_state(r, id, &after) != 0)
			st = DB_ERROR;
	}
	if (st == DB_OK)
		st = audit_add(r, "plan.add", "plan", id, NULL, after);
	json_object_put(after);
	return db_http(db_end(r->db, st, 1));
}

/*
 * POST /plans/new: makes a plan in draft.  303 to its page; 422 with the
 * form, values kept, when something is wrong; 503/500.
 */
int
page_plan_new_post(struct req *r)
{
	struct pform m;
	char id[24];
	int rc;

	pform_init(&m, 0);
	form_read(&m.f, &r->form);
	pform_cross(&m);
	rc = m.f.nerr > 0 ? 422 : plan_add(r, &m, id);
	if (rc == 0) {
		req_redirect(r, "/plans/%s", id);
		rc = 303;
	} else if (rc == 422)
		rc = pform_show(r, &m, NULL, 422);
	form_free(&m.f);
	return rc;
}

/* GET /plans/{id}/edit: the texts and basis.  200, 404, 503/500. */
int
page_plan_edit_get(struct req *r)
{
	struct json_object *state;
	struct pform m;
	size_t i;
	int rc;

	if ((rc = plan_state(r, r->arg, &state)) != 0)
		return rc;
	pform_init(&m, 1);
	for (i = 0; i < EDIT_N; i++)
		buf_puts(&m.f.val[i], view_get(state, m.f.defs[i].name));
	json_object_put(state);
	rc = pform_show(r, &m, r->arg, 200);
	form_free(&m.f);
	return rc;
}

/*
 * Sets the texts of the valid form m on plan r->arg, audited with its
 * state before and after, in one transaction.  Returns 0, 404 or
 * 503/500.
 */
static int
plan_edit(struct req *r, struct pform *m)
{
	struct json_object *before, *after = NULL;
	const char *v[PUP__MAX];
	char by[24];
	PGresult *res;
	enum db_status st;
	size_t i;
	int rc;

	if (!record_id_valid(r->arg))
		return 404;
	if ((rc = audit_begin(r, &stmt_plan[STMT_PLAN_STATE], &before)) != 0)
		return rc;
	snprintf(by, sizeof(by), "%lld", r->staff.id);
	v[PUP_ID] = r->arg;
	for (i = 0; i < EDIT_N; i++)
		v[PUP_TITLE_JA + i] = form_value(&m->f, i);
	v[PUP_CHANGED_BY] = by;
	st = db_exec(r->db, &stmt_plan[STMT_PLAN_UPDATE], PUP__MAX, v, NULL,
		     NULL, &res);
	PQclear(res);
	if (st == DB_OK && plan_state(r, r->arg, &after) != 0)
		st = DB_ERROR;
	if (st == DB_OK)
		st = audit_add(r, "plan.edit", "plan", r->arg, before, after);
	json_object_put(before);
	json_object_put(after);
	return db_http(db_end(r->db, st, 1));
}

/*
 * POST /plans/{id}/edit: corrects a plan's texts and basis.  303 to its
 * page; 422 with the form, values kept; 404; 503/500.
 */
int
page_plan_edit_post(struct req *r)
{
	struct json_object *state;
	struct pform m;
	int rc;

	pform_init(&m, 1);
	form_read(&m.f, &r->form);
	if (m.f.nerr == 0)
		rc = plan_edit(r, &m);
	else if ((rc = plan_state(r, r->arg, &state)) == 0) {
		json_object_put(state);
		rc = 422;
	}
	if (rc == 0) {
		req_redirect(r, "/plans/%s", r->arg);
		rc = 303;
	} else if (rc == 422)
		rc = pform_show(r, &m, r->arg, 422);
	form_free(&m.f);
	return rc;
}
