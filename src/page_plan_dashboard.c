/*
 * The plans' part of the reviewer's dashboard (GET /review, from
 * page_dashboard.c): suspended plans flagged at the top and the people
 * dispatched now by plan and by country, and per operation type the
 * places still open against the people ready to fill them.  Like the
 * rest of the dashboard it reads summaries only, never the applications
 * (review-dashboard.test.mjs holds it to that): the people ready come
 * from the training summary, which copies their operation types.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "apply.h"
#include "app.h"
#include "db.h"
#include "pages.h"
#include "plan_view.h"
#include "req.h"
#include "stmt_plan.h"

/* Returns column c of row i as a JSON integer. */
static struct json_object *
count_of(const PGresult *res, int i, int c)
{
	return json_object_new_int64(strtoll(PQgetvalue(res, i, c), NULL, 10));
}

/* Puts the suspended plans into the view.  Returns 0, or 503/500. */
static int
suspended_view(struct req *r)
{
	struct json_object *arr, *o;
	PGresult *res;
	enum db_status st;
	int i;

	if ((st = db_run(r->db, &stmt_plan[STMT_PLAN_SUSPENDED], &res, 1,
			 i18n_codes[r->lang])) != DB_OK)
		return db_http(st);
	arr = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		o = json_object_new_object();
		view_str(o, "id", PQgetvalue(res, i, PSC_ID));
		view_str(o, "title", PQgetvalue(res, i, PSC_TITLE));
		view_str(o, "country", PQgetvalue(res, i, PSC_COUNTRY));
		view_str(o, "since", PQgetvalue(res, i, PSC_SINCE));
		json_object_array_add(arr, o);
	}
	view_bool(r->view, "has_suspended", PQntuples(res) > 0);
	json_object_object_add(r->view, "suspended_plans", arr);
	PQclear(res);
	return 0;
}

/*
 * Puts the people dispatched now into the view: "deployed" by plan,
 * "deployed_countries" by country.  Returns 0, or 503/500.
 */
static int
deployed_view(struct req *r)
{
	struct json_object *plans, *countries, *o;
	PGresult *res;
	enum db_status st;
	int i, plan;

	if ((st = db_run(r->db, &stmt_plan[STMT_PLAN_DEPLOYED], &res, 1,
			 i18n_codes[r->lang])) != DB_OK)
		return db_http(st);
	plans = json_object_new_array();
	countries = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		plan = strcmp(PQgetvalue(res, i, PDC_KIND), "plan") == 0;
		o = json_object_new_object();
		if (plan) {
			view_str(o, "id", PQgetvalue(res, i, PDC_ID));
			view_str(o, "title", PQgetvalue(res, i, PDC_TITLE));
		}
		view_str(o, "country", PQgetvalue(res, i, PDC_COUNTRY));
		json_object_object_add(o, "count", count_of(res, i, PDC_COUNT));
		json_object_array_add(plan ? plans : countries, o);
	}
	view_bool(r->view, "has_deployed", PQntuples(res) > 0);
	json_object_object_add(r->view, "deployed", plans);
	json_object_object_add(r->view, "deployed_countries", countries);
	PQclear(res);
	return 0;
}

/*
 * Puts, for each operation type of the application form, the open
 * places and the people ready into the view as "open_ready".  Returns
 * 0, or 503/500.
 */
static int
open_ready_view(struct req *r)
{
	struct json_object *arr, *o;
	PGresult *res;
	enum db_status st;
	size_t k;
	int i;

	if ((st = db_run(r->db, &stmt_plan[STMT_PLAN_OPEN_READY], &res, 0)) !=
	    DB_OK)
		return db_http(st);
	arr = json_object_new_array();
	for (k = 0; k < APPLY_NOPERATIONS; k++) {
		o = json_object_new_object();
		view_str(o, "code", operation_opts[k].value);
		view_str(o, "label", req_text(r, operation_opts[k].label));
		json_object_object_add(o, "open", json_object_new_int(0));
		json_object_object_add(o, "ready", json_object_new_int(0));
		for (i = 0; i < PQntuples(res); i++)
			if (strcmp(PQgetvalue(res, i, POR_OPERATION),
				   operation_opts[k].value) == 0) {
				json_object_object_add(
				    o, "open", count_of(res, i, POR_OPEN));
				json_object_object_add(
				    o, "ready", count_of(res, i, POR_READY));
			}
		json_object_array_add(arr, o);
	}
	json_object_object_add(r->view, "open_ready", arr);
	PQclear(res);
	return 0;
}

/*
 * Adds the plans' part of the dashboard to the view
 * (templates/plan_dashboard.mustache).  Returns 0, or 503/500.
 */
int
plan_dashboard_view(struct req *r)
{
	int rc;

	if ((rc = suspended_view(r)) != 0 || (rc = deployed_view(r)) != 0)
		return rc;
	return open_ready_view(r);
}
