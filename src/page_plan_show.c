/*
 * A plan's page, GET /plans/{id}: what it is, the banner while it is
 * suspended, the Five Principles with a form for each, its positions
 * with their places filled, the roster, the forms that change its status
 * and period, and its history; and its roster as CSV.  An action that
 * fails (page_plan_action.c) shows the page again with its message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "audit.h"
#include "buf.h"
#include "csv.h"
#include "db.h"
#include "pages.h"
#include "plan_view.h"
#include "record.h"
#include "req.h"
#include "stmt_plan.h"
#include "stmt_timeline.h"
#include "timeline.h"

/*
 * Runs stmt (its first parameter plan id, its second the request's
 * language when it takes two) and parses its one JSON cell into *o.
 * Returns 0, 404 without the row, or 503/500.
 */
static int
plan_json(struct req *r, enum stmt_plan_id stmt, const char *id,
	  struct json_object **o)
{
	PGresult *res;
	enum db_status st;

	*o = NULL;
	if (!record_id_valid(id))
		return 404;
	st = db_run(r->db, &stmt_plan[stmt], &res, stmt_plan[stmt].nparams, id,
		    i18n_codes[r->lang]);
	if (st != DB_OK)
		return db_http(st);
	if (PQntuples(res) == 1)
		*o = json_tokener_parse(PQgetvalue(res, 0, 0));
	PQclear(res);
	return *o == NULL ? 404 : 0;
}

/*
 * Reads plan id's audited state, locked until the transaction ends.
 * Returns 0 with *state, which the caller puts; 404; 503/500.
 */
int
plan_state(struct req *r, const char *id, struct json_object **state)
{
	return plan_json(r, STMT_PLAN_STATE, id, state);
}

/* Returns the field called name of a form view, or NULL. */
static struct json_object *
form_field(struct json_object *fv, const char *name)
{
	struct json_object *groups, *fields, *f, *n;
	size_t g, i;

	if (!json_object_object_get_ex(fv, "groups", &groups))
		return NULL;
	for (g = 0; g < json_object_array_length(groups); g++) {
		json_object_object_get_ex(json_object_array_get_idx(groups, g),
					  "fields", &fields);
		for (i = 0; i < json_object_array_length(fields); i++) {
			f = json_object_array_get_idx(fields, i);
			if (json_object_object_get_ex(f, "name", &n) &&
			    strcmp(json_object_get_string(n), name) == 0)
				return f;
		}
	}
	return NULL;
}

/*
 * Turns the "country" field of form view fv into a select of the
 * countries by their names in the request's language, chosen selected.
 * Returns 0 (also without such a field), or 503/500.
 */
int
plan_countries(struct req *r, struct json_object *fv, const char *chosen)
{
	struct json_object *f, *arr, *o;
	PGresult *res;
	enum db_status st;
	int i;

	if ((f = form_field(fv, "country")) == NULL)
		return 0;
	if ((st = db_run(r->db, &stmt_plan[STMT_PLAN_COUNTRIES], &res, 1,
			 i18n_codes[r->lang])) != DB_OK)
		return db_http(st);
	arr = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		o = json_object_new_object();
		view_str(o, "value", PQgetvalue(res, i, PCC_CODE));
		view_str(o, "label", PQgetvalue(res, i, PCC_NAME));
		view_bool(o, "on",
			  strcmp(chosen, PQgetvalue(res, i, PCC_CODE)) == 0);
		json_object_array_add(arr, o);
	}
	PQclear(res);
	json_object_object_del(f, "input");
	json_object_object_del(f, "maxlength");
	view_bool(f, "select", 1);
	json_object_object_add(f, "options", arr);
	return 0;
}

/*
 * Puts the suspension banner of plan id into the view as "plan_banner"
 * when the plan is suspended: the principles that no longer hold and
 * since when (templates/plan_banner.mustache, which every page of a plan
 * includes).  Returns 0, or 503/500.
 */
int
plan_banner(struct req *r, const char *id)
{
	struct json_object *b, *arr, *o;
	PGresult *res;
	enum db_status st;
	int i;

	if ((st = db_run(r->db, &stmt_plan[STMT_PLAN_LAPSED], &res, 2, id,
			 i18n_codes[r->lang])) != DB_OK)
		return db_http(st);
	if (PQntuples(res) > 0) {
		b = json_object_new_object();
		view_str(b, "id", id);
		arr = json_object_new_array();
		for (i = 0; i < PQntuples(res); i++) {
			o = json_object_new_object();
			view_str(o, "no", PQgetvalue(res, i, PLA_NO));
			view_str(o, "name", PQgetvalue(res, i, PLA_NAME));
			view_str(o, "since", PQgetvalue(res, i, PLA_SINCE));
			json_object_array_add(arr, o);
		}
		json_object_object_add(b, "lapsed", arr);
		json_object_object_add(r->view, "plan_banner", b);
	}
	PQclear(res);
	return 0;
}

/*
 * Runs one of the plan's lists (parameters: plan id, language) and adds
 * a view of each row, built by row, to the view as key, and whether
 * there are any as has_KEY.  Returns 0, or
 * 503/500.
 */
static int
list_into(struct req *r, enum stmt_plan_id stmt, const char *key,
	  struct json_object *(*row)(const struct req *, const PGresult *, int))
{
	struct json_object *arr;
	char has[32];
	PGresult *res;
	enum db_status st;
	int i;

	st = db_run(r->db, &stmt_plan[stmt], &res, stmt_plan[stmt].nparams,
		    r->arg, i18n_codes[r->lang]);
	if (st != DB_OK)
		return db_http(st);
	arr = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++)
		json_object_array_add(arr, row(r, res, i));
	json_object_object_add(r->view, key, arr);
	snprintf(has, sizeof(has), "has_%s", key);
	view_bool(r->view, has, PQntuples(res) > 0);
	PQclear(res);
	return 0;
}

/* Sets key to v unless v is empty (the template then leaves it out). */
static void
view_some(struct json_object *o, const char *key, const char *v)
{
	if (*v != '\0')
		view_str(o, key, v);
}

/* Copies the string key of a posted principle form into o, if any. */
static void
posted(struct json_object *o, struct json_object *form, const char *key)
{
	struct json_object *v;

	if (json_object_object_get_ex(form, key, &v))
		json_object_object_add(o, key, json_object_get(v));
}

/*
 * Returns the view of principle row i: what is recorded, and its form's
 * values: those just posted when the request's own form for it was
 * wrong (the view's "principle_form"), else the record's.
 */
static struct json_object *
principle_row(const struct req *r, const PGresult *res, int i)
{
	struct json_object *o = json_object_new_object(), *form, *no;
	const char *sat = PQgetvalue(res, i, PPC_SATISFIED);
	int recorded = !PQgetisnull(res, i, PPC_SATISFIED);

	view_str(o, "no", PQgetvalue(res, i, PPC_NO));
	view_str(o, "name", PQgetvalue(res, i, PPC_NAME));
	view_bool(o, "recorded", recorded);
	view_bool(o, "satisfied", recorded && *sat == 't');
	view_bool(o, "lapsed", recorded && *sat == 'f');
	view_str(o, "confirmed_on", PQgetvalue(res, i, PPC_CONFIRMED_ON));
	view_some(o, "evidence", PQgetvalue(res, i, PPC_EVIDENCE));
	view_some(o, "by", PQgetvalue(res, i, PPC_BY));
	view_bool(o, "yes_on", recorded && *sat == 't');
	view_bool(o, "no_on", recorded && *sat == 'f');
	if (json_object_object_get_ex(r->view, "principle_form", &form) &&
	    json_object_object_get_ex(form, "no", &no) &&
	    strcmp(json_object_get_string(no), PQgetvalue(res, i, PPC_NO)) ==
		0) {
		posted(o, form, "yes_on");
		posted(o, form, "no_on");
		posted(o, form, "confirmed_on");
		posted(o, form, "evidence");
		posted(o, form, "open");
		posted(o, form, "err_satisfied");
		posted(o, form, "err_confirmed_on");
		posted(o, form, "err_evidence");
	}
	return o;
}

/* Returns the view of position row i: places filled of its headcount. */
static struct json_object *
position_row(const struct req *r, const PGresult *res, int i)
{
	struct json_object *o = json_object_new_object();
	long filled = strtol(PQgetvalue(res, i, PPO_FILLED), NULL, 10),
	     head = strtol(PQgetvalue(res, i, PPO_HEADCOUNT), NULL, 10);

	(void)r;
	view_str(o, "id", PQgetvalue(res, i, PPO_ID));
	view_str(o, "title", PQgetvalue(res, i, PPO_TITLE));
	view_str(o, "station", PQgetvalue(res, i, PPO_STATION));
	view_str(o, "starts_on", PQgetvalue(res, i, PPO_STARTS));
	view_str(o, "ends_on", PQgetvalue(res, i, PPO_ENDS));
	json_object_object_add(o, "filled", json_object_new_int64(filled));
	json_object_object_add(o, "headcount", json_object_new_int64(head));
	view_bool(o, "full", filled >= head);
	return o;
}

/* Returns the view of roster row i. */
static struct json_object *
roster_row(const struct req *r, const PGresult *res, int i)
{
	struct json_object *o = json_object_new_object();

	view_str(o, "application", PQgetvalue(res, i, PRC_APPLICATION));
	view_str(o, "reference", PQgetvalue(res, i, PRC_REFERENCE));
	view_str(o, "name", PQgetvalue(res, i, PRC_NAME));
	view_str(o, "position", PQgetvalue(res, i, PRC_POSITION));
	view_str(o, "starts_on", PQgetvalue(res, i, PRC_STARTS));
	view_str(o, "ends_on", PQgetvalue(res, i, PRC_ENDS));
	view_str(
	    o, "status_label",
	    req_code_text(r, "assign_status_", PQgetvalue(res, i, PRC_STATUS)));
	return o;
}

/* Returns the view of history row i; an amendment has its periods. */
static struct json_object *
history_row(const struct req *r, const PGresult *res, int i)
{
	struct json_object *o = json_object_new_object();
	const char *from = PQgetvalue(res, i, PHC_FROM),
		   *to = PQgetvalue(res, i, PHC_TO);

	view_str(o, "at", PQgetvalue(res, i, PHC_AT));
	view_some(o, "by", PQgetvalue(res, i, PHC_BY));
	if (*from != '\0' && strcmp(from, to) != 0)
		view_str(o, "from_label",
			 req_code_text(r, "plan_status_", from));
	view_str(o, "to_label", req_code_text(r, "plan_status_", to));
	view_bool(o, "created", *from == '\0');
	view_some(o, "old_period", PQgetvalue(res, i, PHC_OLD_PERIOD));
	view_some(o, "new_period", PQgetvalue(res, i, PHC_NEW_PERIOD));
	view_bool(o, "amended", *PQgetvalue(res, i, PHC_NEW_PERIOD) != '\0');
	view_some(o, "cabinet", PQgetvalue(res, i, PHC_CABINET));
	view_some(o, "reason", PQgetvalue(res, i, PHC_REASON));
	return o;
}

/* Adds the catalog labels of a plan's codes to its view p. */
static void
plan_labels(const struct req *r, struct json_object *p)
{
	view_str(p, "status_label",
		 req_code_text(r, "plan_status_", view_get(p, "status")));
	view_str(p, "operation_label",
		 req_code_text(r, "op_", view_get(p, "operation")));
	view_str(p, "basis_label",
		 req_code_text(r, "plan_basis_", view_get(p, "basis")));
}

/*
 * Adds plan r->arg's timeline to the view: the SVG (timeline_svg, inserted
 * raw: every text in it is escaped) and its table alternative.  Returns 0,
 * or 503/500.
 */
static int
plan_timeline(struct req *r)
{
	struct timeline t;
	struct buf svg;
	enum db_status st;
	PGresult *res;

	st = db_run(r->db, &stmt_timeline[STMT_TIMELINE_PLAN], &res, TLP__MAX,
		    r->arg, i18n_codes[r->lang]);
	if (st != DB_OK)
		return db_http(st);
	if (timeline_read(res, &t) == 0) {
		t.id = "timeline";
		timeline_texts(r, &t);
		buf_init(&svg);
		timeline_svg(&svg, &t);
		json_object_object_add(
		    r->view, "timeline_svg",
		    json_object_new_string_len(svg.ptr, svg.len));
		buf_free(&svg);
		timeline_view(r->view, &t);
		timeline_free(&t);
	}
	PQclear(res);
	return 0;
}

/*
 * Builds plan r->arg's page into the view (keeping the forms and
 * messages an action put there) and answers status.  Returns status,
 * 404 without the plan, or 503/500.
 */
int
plan_page(struct req *r, int status)
{
	struct json_object *p;
	int rc;

	if ((rc = plan_json(r, STMT_PLAN_VIEW, r->arg, &p)) != 0)
		return rc;
	plan_labels(r, p);
	json_object_object_add(r->view, "plan", p);
	req_title(r, "plan_page_title", view_get(p, "title"));
	if ((rc = plan_banner(r, r->arg)) != 0 ||
	    (rc = list_into(r, STMT_PLAN_PRINCIPLES, "principles",
			    principle_row)) != 0 ||
	    (rc = list_into(r, STMT_PLAN_POSITIONS, "positions",
			    position_row)) != 0 ||
	    (rc = list_into(r, STMT_PLAN_ROSTER, "roster", roster_row)) != 0 ||
	    (rc = list_into(r, STMT_PLAN_HISTORY, "history", history_row)) !=
		0 ||
	    (rc = plan_timeline(r)) != 0)
		return rc;
	plan_forms_view(r, p);
	r->page = VIEW_PLAN;
	return status;
}

/* GET /plans/{id}: the plan's page.  200, 404, 503/500. */
int
page_plan_get(struct req *r)
{
	return plan_page(r, 200);
}

/* The roster's columns in the file (catalog keys). */
static const char *const csv_keys[] = {
	"plan_csv_reference", "plan_csv_name", "plan_csv_position",
	"plan_csv_starts",    "plan_csv_ends", "plan_csv_status",
};

#define CSV_COLS (sizeof(csv_keys) / sizeof(csv_keys[0]))

/*
 * Writes the roster of plan r->arg to r->body, audited as an export
 * (people's names leave the system) in one transaction.  Returns the
 * status of the statements.
 */
static enum db_status
roster_csv(struct req *r)
{
	const char *cells[CSV_COLS];
	struct json_object *after;
	PGresult *res;
	enum db_status st;
	int i;

	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return st;
	st = db_run(r->db, &stmt_plan[STMT_PLAN_ROSTER], &res, 2, r->arg,
		    i18n_codes[r->lang]);
	for (i = 0; st == DB_OK && i < PQntuples(res); i++) {
		cells[0] = PQgetvalue(res, i, PRC_REFERENCE);
		cells[1] = PQgetvalue(res, i, PRC_NAME);
		cells[2] = PQgetvalue(res, i, PRC_POSITION);
		cells[3] = PQgetvalue(res, i, PRC_STARTS);
		cells[4] = PQgetvalue(res, i, PRC_ENDS);
		cells[5] = req_code_text(r, "assign_status_",
					 PQgetvalue(res, i, PRC_STATUS));
		csv_row(&r->body, cells, CSV_COLS);
	}
	if (st == DB_OK) {
		after = json_object_new_object();
		json_object_object_add(after, "rows",
				       json_object_new_int(PQntuples(res)));
		st = audit_add(r, "plan.roster_export", "plan", r->arg, NULL,
			       after);
		json_object_put(after);
	}
	PQclear(res);
	return db_end(r->db, st, 1);
}

/*
 * GET /plans/{id}/roster.csv: the plan's roster as a dated CSV
 * attachment.  200, 404, 503/500.
 */
int
page_plan_csv_get(struct req *r)
{
	const char *head[CSV_COLS];
	struct json_object *p;
	char name[40];
	size_t i;
	int rc;

	if ((rc = plan_json(r, STMT_PLAN_VIEW, r->arg, &p)) != 0)
		return rc;
	json_object_put(p);
	for (i = 0; i < CSV_COLS; i++)
		head[i] = req_text(r, csv_keys[i]);
	csv_bom(&r->body);
	csv_row(&r->body, head, CSV_COLS);
	snprintf(name, sizeof(name), "plan-%s-roster", r->arg);
	return csv_send(r, roster_csv(r), name);
}
