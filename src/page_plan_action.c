/*
 * What a reviewer does to a plan from its page: change its status
 * (approve, start, complete, terminate with a reason), amend its period
 * with the Cabinet decision, and record the Five Principles.  The
 * database keeps the rules; a refusal comes back by its constraint's
 * name (plan_refusal) and the page shows why, with the positions and
 * assignments an amendment would leave outside.  Each change is audited
 * with the plan's state before and after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

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

static const struct fopt action_opts[PA__MAX] = {
	[PA_APPROVE] = { "approve", "plan_action_approve" },
	[PA_START] = { "start", "plan_action_start" },
	[PA_COMPLETE] = { "complete", "plan_action_complete" },
	[PA_TERMINATE] = { "terminate", "plan_action_terminate" },
};

/* The status form. */
enum status_field { SF_ACTION, SF_REASON, SF__MAX };

static const struct fdef status_fields[SF__MAX] = {
	[SF_ACTION] = { .name = "plan_action",
			.type = FT_SELECT,
			.required = 1,
			FORM_OPTS(action_opts) },
	[SF_REASON] = { .name = "plan_reason",
			.type = FT_TEXTAREA,
			.maxlen = 1000 },
};

/* The amendment form; its names apart from the plan form's. */
enum amend_field { AF_STARTS, AF_ENDS, AF_CABINET, AF_REASON, AF__MAX };

static const struct fdef amend_fields[AF__MAX] = {
	[AF_STARTS] = { .name = "amend_starts_on",
			.type = FT_DATE,
			.required = 1,
			.autocomplete = "off" },
	[AF_ENDS] = { .name = "amend_ends_on",
		      .type = FT_DATE,
		      .required = 1,
		      .autocomplete = "off" },
	[AF_CABINET] = { .name = "amend_cabinet_decision_on",
			 .type = FT_DATE,
			 .required = 1,
			 .autocomplete = "off" },
	[AF_REASON] = { .name = "amend_reason",
			.type = FT_TEXTAREA,
			.required = 1,
			.maxlen = 1000 },
};

/* A principle's form (rendered by templates/plan.mustache per principle). */
enum principle_field { RF_SATISFIED, RF_CONFIRMED_ON, RF_EVIDENCE, RF__MAX };

static const struct fopt satisfied_opts[] = {
	{ "yes", "plan_principle_yes" },
	{ "no", "plan_principle_no" },
};

static const struct fdef principle_fields[RF__MAX] = {
	[RF_SATISFIED] = { .name = "satisfied",
			   .type = FT_RADIO,
			   .required = 1,
			   FORM_OPTS(satisfied_opts) },
	[RF_CONFIRMED_ON] = { .name = "confirmed_on",
			      .type = FT_DATE,
			      .required = 1,
			      .autocomplete = "off" },
	[RF_EVIDENCE] = { .name = "evidence",
			  .type = FT_TEXTAREA,
			  .maxlen = 2000 },
};

static const struct fgroup status_groups[] = { { "plan_status_form", 0,
						 SF__MAX } };
static const struct fgroup amend_groups[] = { { "plan_amend_form", 0,
						AF__MAX } };

/*
 * Keeps in the "action" field of form view fv only the actions a plan in
 * status may take.  Returns how many remain.
 */
static size_t
allowed_actions(struct json_object *fv, enum plan_status status)
{
	struct json_object *groups, *fields, *opts, *keep, *o, *v;
	enum plan_action a;
	size_t i;

	json_object_object_get_ex(fv, "groups", &groups);
	json_object_object_get_ex(json_object_array_get_idx(groups, 0),
				  "fields", &fields);
	json_object_object_get_ex(json_object_array_get_idx(fields, SF_ACTION),
				  "options", &opts);
	keep = json_object_new_array();
	for (i = 0; i < json_object_array_length(opts); i++) {
		o = json_object_array_get_idx(opts, i);
		json_object_object_get_ex(o, "value", &v);
		if (plan_action_parse(json_object_get_string(v), &a) == 0 &&
		    plan_action_allowed(status, a))
			json_object_array_add(keep, json_object_get(o));
	}
	i = json_object_array_length(keep);
	json_object_object_add(json_object_array_get_idx(fields, SF_ACTION),
			       "options", keep);
	return i;
}

/*
 * Puts the status and amendment forms of plan p (its page's view) into
 * the view, unless an action put its own there already: the actions its
 * status allows, and its period as the amendment's starting point.
 */
void
plan_forms_view(struct req *r, struct json_object *p)
{
	struct json_object *fv, *sf;
	enum plan_status status = PS_DRAFT;
	struct form f;

	(void)plan_status_parse(view_get(p, "status"), &status);
	if (!json_object_object_get_ex(r->view, "status_form", &sf)) {
		form_init(&f, status_fields, SF__MAX);
		sf = form_view(&f, status_groups, 1, &r->app->i18n, r->lang);
		json_object_object_add(r->view, "status_form", sf);
		form_free(&f);
	}
	view_bool(r->view, "has_actions", allowed_actions(sf, status) > 0);
	view_bool(r->view, "amendable",
		  status != PS_COMPLETED && status != PS_TERMINATED);
	if (json_object_object_get_ex(r->view, "amend_form", &fv))
		return;
	form_init(&f, amend_fields, AF__MAX);
	buf_puts(&f.val[AF_STARTS], view_get(p, "starts_on"));
	buf_puts(&f.val[AF_ENDS], view_get(p, "ends_on"));
	buf_puts(&f.val[AF_CABINET], view_get(p, "cabinet_decision_on"));
	json_object_object_add(
	    r->view, "amend_form",
	    form_view(&f, amend_groups, 1, &r->app->i18n, r->lang));
	form_free(&f);
}

/*
 * Shows the plan's page with a refusal of the database: the message of
 * its constraint.  Returns 409, the page's 404/503/500, or 500 for a
 * failure that is no refusal (the table knows no such name).
 */
static int
refused(struct req *r, const char *constraint)
{
	const char *key = plan_refusal(constraint);
	struct json_object *o;

	if (key == NULL)
		return 500;
	o = json_object_new_object();
	view_str(o, "message", req_text(r, key));
	json_object_object_add(r->view, "refusal", o);
	return plan_page(r, 409);
}

/* Sets by to the request's account id as text. */
static void
account_text(const struct req *r, char by[24])
{
	snprintf(by, 24, "%lld", r->staff.id);
}

/*
 * Runs a change of plan r->arg in the transaction under way: stmt with
 * vals, then its state after, audited as action with before.  Returns
 * DB_OK, or the failing status (db_refusal says a refusal's name);
 * *none is set when the change touched no row.
 */
static enum db_status
plan_change(struct req *r, enum stmt_plan_id stmt, const char *const *vals,
	    const char *action, struct json_object *before, int *none)
{
	struct json_object *after = NULL;
	PGresult *res;
	enum db_status st;

	st = db_exec(r->db, &stmt_plan[stmt], stmt_plan[stmt].nparams, vals,
		     NULL, NULL, &res);
	*none = st == DB_OK && *PQcmdTuples(res) == '0';
	PQclear(res);
	if (st != DB_OK || *none)
		return st;
	if (plan_state(r, r->arg, &after) != 0)
		return DB_ERROR;
	st = audit_add(r, action, "plan", r->arg, before, after);
	json_object_put(after);
	return st;
}

/*
 * Applies the valid status form f to plan r->arg.  Returns 0 (committed),
 * 404, 409 with the page when the plan's status does not allow the
 * action or the database refuses it, or 503/500.
 */
static int
status_apply(struct req *r, struct form *f)
{
	struct json_object *before;
	enum plan_status from = PS__MAX;
	enum plan_action a = PA_APPROVE;
	const char *v[PSP__MAX];
	char by[24];
	enum db_status st;
	int rc, none;

	(void)plan_action_parse(form_value(f, SF_ACTION), &a);
	if (!record_id_valid(r->arg))
		return 404;
	if ((rc = audit_begin(r, &stmt_plan[STMT_PLAN_STATE], &before)) != 0)
		return rc;
	(void)plan_status_parse(view_get(before, "status"), &from);
	account_text(r, by);
	v[PSP_ID] = r->arg;
	v[PSP_FROM] = plan_status_names[from < PS__MAX ? from : PS_DRAFT];
	v[PSP_TO] = plan_status_names[plan_action_to(a)];
	v[PSP_BY] = by;
	v[PSP_REASON] = form_value(f, SF_REASON);
	st = !plan_action_allowed(from, a)
		 ? DB_ERROR
		 : plan_change(r, STMT_PLAN_STATUS, v, "plan.status", before,
			       &none);
	json_object_put(before);
	if (st == DB_ERROR) {
		(void)db_end(r->db, st, 0);
		return refused(r, plan_action_allowed(from, a)
				      ? db_refusal(r->db)
				      : "plans_transition");
	}
	return db_http(db_end(r->db, st, 1));
}

/* Shows the page with the failing form fv (its summary at the top). */
static int
form_failed(struct req *r, const char *key, struct json_object *fv)
{
	json_object_object_add(r->view, key, fv);
	json_object_object_add(r->view, "form", json_object_get(fv));
	return plan_page(r, 422);
}

/*
 * POST /plans/{id}/status: approve, start, complete or terminate (with a
 * reason).  303 to the plan; 422 with the form, values kept; 409 with
 * the page when refused; 404; 503/500.
 */
int
page_plan_status_post(struct req *r)
{
	struct form f;
	enum plan_action a;
	int rc;

	form_init(&f, status_fields, SF__MAX);
	form_read(&f, &r->form);
	if (f.err[SF_ACTION] == NULL &&
	    plan_action_parse(form_value(&f, SF_ACTION), &a) == 0 &&
	    plan_action_needs_reason(a) && *form_value(&f, SF_REASON) == '\0')
		form_error(&f, SF_REASON, "plan_err_reason", 0);
	rc = f.nerr > 0 ? 422 : status_apply(r, &f);
	if (rc == 0) {
		req_redirect(r, "/plans/%s", r->arg);
		rc = 303;
	} else if (rc == 422)
		rc = form_failed(
		    r, "status_form",
		    form_view(&f, status_groups, 1, &r->app->i18n, r->lang));
	form_free(&f);
	return rc;
}

/*
 * Shows the page with an amendment's refusal and what lies outside the
 * period asked for: the positions and open assignments.  Returns 409,
 * the page's 404/503/500, or 500 for a failure that is no refusal.
 */
static int
amend_refused(struct req *r, const struct form *f, const char *constraint)
{
	struct json_object *arr, *o, *ref;
	PGresult *res;
	enum db_status st;
	int i;

	if (plan_refusal(constraint) == NULL)
		return 500;
	st = db_run(r->db, &stmt_plan[STMT_PLAN_OUTSIDE], &res, 4, r->arg,
		    form_value(f, AF_STARTS), form_value(f, AF_ENDS),
		    i18n_codes[r->lang]);
	if (st != DB_OK)
		return db_http(st);
	arr = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		o = json_object_new_object();
		view_bool(o, "position",
			  strcmp(PQgetvalue(res, i, POC_KIND), "position") ==
			      0);
		view_str(o, "id", PQgetvalue(res, i, POC_ID));
		view_str(o, "title", PQgetvalue(res, i, POC_TITLE));
		view_str(o, "person", PQgetvalue(res, i, POC_PERSON));
		view_str(o, "starts_on", PQgetvalue(res, i, POC_STARTS));
		view_str(o, "ends_on", PQgetvalue(res, i, POC_ENDS));
		json_object_array_add(arr, o);
	}
	PQclear(res);
	json_object_object_add(
	    r->view, "amend_form",
	    form_view(f, amend_groups, 1, &r->app->i18n, r->lang));
	if ((i = refused(r, constraint)) == 409 &&
	    json_object_object_get_ex(r->view, "refusal", &ref)) {
		view_bool(ref, "has_outside",
			  json_object_array_length(arr) > 0);
		json_object_object_add(ref, "outside", arr);
	} else
		json_object_put(arr);
	return i;
}

/*
 * Amends plan r->arg's period by the valid form f; a completed or
 * terminated plan's period is history.  Returns 0 (committed), 404, 409
 * with the page (and what lies outside when the database refuses), or
 * 503/500.
 */
static int
amend_apply(struct req *r, const struct form *f)
{
	struct json_object *before;
	const char *v[PAP__MAX];
	enum plan_status now;
	char by[24], why[64];
	enum db_status st;
	int rc, none;

	if (!record_id_valid(r->arg))
		return 404;
	if ((rc = audit_begin(r, &stmt_plan[STMT_PLAN_STATE], &before)) != 0)
		return rc;
	if (plan_status_parse(view_get(before, "status"), &now) == 0 &&
	    (now == PS_COMPLETED || now == PS_TERMINATED)) {
		json_object_put(before);
		(void)db_end(r->db, DB_OK, 0);
		return refused(r, "plans_final");
	}
	account_text(r, by);
	v[PAP_ID] = r->arg;
	v[PAP_STARTS] = form_value(f, AF_STARTS);
	v[PAP_ENDS] = form_value(f, AF_ENDS);
	v[PAP_CABINET] = form_value(f, AF_CABINET);
	v[PAP_BY] = by;
	v[PAP_REASON] = form_value(f, AF_REASON);
	st = plan_change(r, STMT_PLAN_AMEND, v, "plan.amend", before, &none);
	json_object_put(before);
	if (st == DB_ERROR) {
		snprintf(why, sizeof(why), "%s", db_refusal(r->db));
		(void)db_end(r->db, st, 0);
		return amend_refused(r, f, why);
	}
	return db_http(db_end(r->db, st, 1));
}

/*
 * POST /plans/{id}/amend: a new period with its Cabinet decision and
 * the reason, kept in the history.  303 to the plan; 422 with the form,
 * values kept; 409 with what lies outside the new period; 404; 503/500.
 */
int
page_plan_amend_post(struct req *r)
{
	struct form f;
	int rc;

	form_init(&f, amend_fields, AF__MAX);
	form_read(&f, &r->form);
	if (f.err[AF_STARTS] == NULL && f.err[AF_ENDS] == NULL &&
	    strcmp(form_value(&f, AF_ENDS), form_value(&f, AF_STARTS)) < 0)
		form_error(&f, AF_ENDS, "plan_err_period_order", 0);
	rc = f.nerr > 0 ? 422 : amend_apply(r, &f);
	if (rc == 0) {
		req_redirect(r, "/plans/%s", r->arg);
		rc = 303;
	} else if (rc == 422)
		rc = form_failed(
		    r, "amend_form",
		    form_view(&f, amend_groups, 1, &r->app->i18n, r->lang));
	form_free(&f);
	return rc;
}

/*
 * Reads principle r->arg2's state on plan r->arg (the plan locked
 * first), in a transaction that begin begins (audit_begin) or in the
 * open one.  Returns 0 with *state, which the caller puts; 404; 503/500
 * (a transaction begun here is rolled back).
 */
static int
principle_state(struct req *r, int begin, struct json_object **state)
{
	const struct stmt_def *s = &stmt_plan[STMT_PLAN_PRINCIPLE_STATE];
	int rc;

	rc = begin ? audit_begin(r, s, state) : audit_before(r, s, state);
	if (rc == 0)
		json_object_object_add(*state, "principle",
				       json_object_new_int(atoi(r->arg2)));
	return rc;
}

/*
 * Records principle r->arg2 of plan r->arg by the valid form f, audited
 * with before and after (the after holds the plan's status: a lapse
 * suspends it, the last confirmation lifts the suspension).  Returns 0
 * (committed), 404 or 503/500.
 */
static int
principle_apply(struct req *r, const struct form *f)
{
	struct json_object *before, *after = NULL;
	char by[24];
	PGresult *res;
	enum db_status st;
	int rc;

	if ((rc = principle_state(r, 1, &before)) != 0)
		return rc;
	account_text(r, by);
	st = db_run(
	    r->db, &stmt_plan[STMT_PLAN_PRINCIPLE_SET], &res, PRP__MAX, r->arg,
	    r->arg2,
	    strcmp(form_value(f, RF_SATISFIED), "yes") == 0 ? "true" : "false",
	    form_value(f, RF_CONFIRMED_ON), form_value(f, RF_EVIDENCE), by);
	PQclear(res);
	if (st == DB_OK && (rc = principle_state(r, 0, &after)) != 0)
		st = DB_ERROR;
	if (st == DB_OK)
		st = audit_add(r, "plan.principle", "plan", r->arg, before,
			       after);
	json_object_put(before);
	json_object_put(after);
	return db_http(db_end(r->db, st, 1));
}

/* Adds field i of the principle form f as its template wants it. */
static void
principle_error(struct req *r, const struct form *f, size_t i,
		struct json_object *pf, struct json_object *errs)
{
	struct json_object *msg;
	char key[80], name[80];

	if (f->err[i] == NULL)
		return;
	msg = i18n_format(&r->app->i18n, r->lang, f->err[i], f->arg[i]);
	snprintf(key, sizeof(key), "err_%s", f->defs[i].name);
	json_object_object_add(pf, key, json_object_get(msg));
	snprintf(name, sizeof(name), "p%s-%s", r->arg2, f->defs[i].name);
	snprintf(key, sizeof(key), "f_%s", f->defs[i].name);
	view_error_add(errs, name, req_text(r, key), msg);
}

/*
 * Shows the plan's page with the principle form f as posted and its
 * messages (the principle's form and the summary at the top).  Returns
 * 422, or the page's 404/503/500.
 */
static int
principle_failed(struct req *r, const struct form *f)
{
	struct json_object *pf = json_object_new_object(), *errs;
	size_t i;

	errs = json_object_new_array();
	view_str(pf, "no", r->arg2);
	view_bool(pf, "yes_on",
		  strcmp(form_value(f, RF_SATISFIED), "yes") == 0);
	view_bool(pf, "no_on", strcmp(form_value(f, RF_SATISFIED), "no") == 0);
	view_str(pf, "confirmed_on", form_value(f, RF_CONFIRMED_ON));
	view_str(pf, "evidence", form_value(f, RF_EVIDENCE));
	for (i = 0; i < RF__MAX; i++)
		principle_error(r, f, i, pf, errs);
	view_bool(pf, "open", 1);
	view_errors(r->view, errs);
	json_object_object_add(r->view, "principle_form", pf);
	return plan_page(r, 422);
}

/*
 * POST /plans/{id}/principles/{no}: records whether principle no holds,
 * since when and on what evidence.  303 to the plan's principles; 422
 * with the form, values kept; 404; 503/500.
 */
int
page_plan_principle_post(struct req *r)
{
	struct form f;
	int rc;

	if (!record_id_valid(r->arg) || r->arg2 == NULL ||
	    strlen(r->arg2) != 1 || *r->arg2 < '1' || *r->arg2 > '5')
		return 404;
	form_init(&f, principle_fields, RF__MAX);
	form_read(&f, &r->form);
	rc = f.nerr > 0 ? 422 : principle_apply(r, &f);
	if (rc == 0) {
		req_redirect(r, "/plans/%s#principles", r->arg);
		rc = 303;
	} else if (rc == 422)
		rc = principle_failed(r, &f);
	form_free(&f);
	return rc;
}
