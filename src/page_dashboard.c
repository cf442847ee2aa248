#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "apply.h"
#include "chart.h"
#include "db.h"
#include "pages.h"
#include "plan_view.h"
#include "req.h"
#include "status.h"
#include "stmt_dashboard.h"

#define DASH_WEEKS 26 /* rows of STMT_DASHBOARD_WEEKS */
#define DIM_CODES  16 /* room for the codes of one dimension */

_Static_assert(AS__MAX <= DIM_CODES, "room for every status");

static const char *const source_codes[] = { "public", "seconded" };

/*
 * What the dashboard counts by: the codes come either as names (with a
 * catalog prefix for their labels) or as a form's options.
 */
struct dim {
	const char *name;    /* as STMT_DASHBOARD_COUNTS names it */
	const char *caption; /* catalog key */
	const char *const *codes;
	const char *prefix; /* catalog key of a code: prefix + code */
	const struct fopt *opts;
	size_t n;
	int total; /* the rows add up (operations: several per application) */
};

enum dim_id { DIM_STATUS, DIM_SOURCE, DIM_OPERATION, DIM__MAX };

static const struct dim dims[DIM__MAX] = {
	[DIM_STATUS] = { "status", "dash_by_status", status_names, "status_",
			 NULL, AS__MAX, 1 },
	[DIM_SOURCE] = { "source", "dash_by_source", source_codes, "source_",
			 NULL, 2, 1 },
	[DIM_OPERATION] = { "operation", "dash_by_operation", NULL, NULL, NULL,
			    0, 0 },
};

/* Returns code i of d (operations: the application form's options). */
static const char *
dim_code(const struct dim *d, size_t i)
{
	return d->codes != NULL ? d->codes[i]
				: apply_fields[AF_OPERATIONS].opts[i].value;
}

/* Returns how many codes d has (at most DIM_CODES). */
static size_t
dim_len(const struct dim *d)
{
	size_t n = d->codes != NULL ? d->n : apply_fields[AF_OPERATIONS].nopts;

	return n < DIM_CODES ? n : DIM_CODES;
}

/* Returns the label of code i of d in the request's language. */
static const char *
dim_label(const struct req *r, const struct dim *d, size_t i)
{
	if (d->codes == NULL)
		return req_text(r, apply_fields[AF_OPERATIONS].opts[i].label);
	return req_code_text(r, d->prefix, d->codes[i]);
}

/* Adds the (dimension, code, count) rows of res to counts. */
static void
tally(PGresult *res, long counts[DIM__MAX][DIM_CODES])
{
	size_t d, i;
	int row;

	for (row = 0; row < PQntuples(res); row++)
		for (d = 0; d < DIM__MAX; d++) {
			if (strcmp(PQgetvalue(res, row, DCC_DIM),
				   dims[d].name) != 0)
				continue;
			for (i = 0; i < dim_len(&dims[d]); i++)
				if (strcmp(PQgetvalue(res, row, DCC_CODE),
					   dim_code(&dims[d], i)) == 0)
					counts[d][i] += strtol(
					    PQgetvalue(res, row, DCC_COUNT),
					    NULL, 10);
		}
}

/* Builds the view of one dimension's table: caption, rows, total. */
static struct json_object *
dim_view(const struct req *r, enum dim_id id, const long *counts)
{
	const struct dim *d = &dims[id];
	struct json_object *o, *rows, *row;
	long total = 0;
	size_t i;

	o = json_object_new_object();
	view_str(o, "name", d->name);
	view_str(o, "caption", req_text(r, d->caption));
	rows = json_object_new_array();
	for (i = 0; i < dim_len(d); i++) {
		row = json_object_new_object();
		view_str(row, "code", dim_code(d, i));
		view_str(row, "label", dim_label(r, d, i));
		json_object_object_add(row, "count",
				       json_object_new_int64(counts[i]));
		json_object_array_add(rows, row);
		total += counts[i];
	}
	json_object_object_add(o, "rows", rows);
	if (d->total)
		json_object_object_add(o, "total",
				       json_object_new_int64(total));
	return o;
}

/* Fills the count tables.  Returns 0, 503 or 500. */
static int
counts_view(struct req *r)
{
	long counts[DIM__MAX][DIM_CODES] = { { 0 } };
	struct json_object *arr;
	PGresult *res;
	enum db_status st;
	size_t d;

	if ((st = db_run(r->db, &stmt_dashboard[STMT_DASHBOARD_COUNTS], &res,
			 0)) != DB_OK)
		return db_http(st);
	tally(res, counts);
	PQclear(res);
	arr = json_object_new_array();
	for (d = 0; d < DIM__MAX; d++)
		json_object_array_add(arr, dim_view(r, d, counts[d]));
	json_object_object_add(r->view, "dims", arr);
	return 0;
}

/*
 * Fills the weekly chart (inline SVG, inserted raw: chart_svg escapes
 * every text) and the table of the same numbers.  Returns 0, 503 or 500.
 */
static int
weeks_view(struct req *r)
{
	struct chart_bar bars[DASH_WEEKS];
	struct chart c = { "weekly", req_text(r, "dash_weekly_chart"), bars, 0,
			   4 };
	struct json_object *arr, *row;
	struct buf svg;
	PGresult *res;
	enum db_status st;
	int i;

	if ((st = db_run(r->db, &stmt_dashboard[STMT_DASHBOARD_WEEKS], &res,
			 0)) != DB_OK)
		return db_http(st);
	arr = json_object_new_array();
	for (i = 0; i < PQntuples(res) && i < DASH_WEEKS; i++, c.n++) {
		bars[i].label = PQgetvalue(res, i, DWC_WEEK);
		bars[i].value = strtol(PQgetvalue(res, i, DWC_COUNT), NULL, 10);
		row = json_object_new_object();
		view_str(row, "start", bars[i].label);
		json_object_object_add(row, "count",
				       json_object_new_int64(bars[i].value));
		json_object_array_add(arr, row);
	}
	json_object_object_add(r->view, "weeks", arr);
	buf_init(&svg);
	chart_svg(&svg, &c);
	view_str(r->view, "chart", svg.ptr);
	buf_free(&svg);
	PQclear(res);
	return 0;
}

/*
 * Folds the summary's events when they are many (STMT_DASHBOARD_FOLD),
 * so that the dashboard reads a few thousand rows at any size.  A write:
 * on the primary, while the page may read a standby (app.c, read_db).
 * Returns 0, 503 or 500.
 */
static int
fold_events(struct req *r)
{
	PGresult *res;
	enum db_status st;

	if ((st = db_run(r->db_write, &stmt_dashboard[STMT_DASHBOARD_FOLD],
			 &res, 0)) != DB_OK)
		return db_http(st);
	PQclear(res);
	return 0;
}

/*
 * GET /review: where intake stands.  Counts by status, source and
 * desired operation, and applications per week (chart and table); and
 * the plans: suspended ones, people deployed, open places and people
 * ready (page_plan_dashboard.c).
 * 200, or 503/500.
 */
int
page_dashboard_get(struct req *r)
{
	int rc;

	if ((rc = fold_events(r)) != 0 || (rc = counts_view(r)) != 0 ||
	    (rc = weeks_view(r)) != 0 || (rc = plan_dashboard_view(r)) != 0)
		return rc;
	view_str(r->view, "title", req_text(r, "dash_title"));
	r->page = VIEW_DASHBOARD;
	return 200;
}
