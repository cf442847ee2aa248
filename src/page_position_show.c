/*
 * A position's page (issue 15): GET /positions/{id} with the position,
 * its candidates, who was asked and the assignments, and POST
 * /positions/{id}/inquiries, and the loading of a position that its
 * form (page_position.c) and the assignment pages share.  The forms that
 * write a position are in page_position.c.
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
#include "form.h"
#include "i18n.h"
#include "ministry.h"
#include "page_position.h"
#include "pages.h"
#include "record.h"
#include "req.h"
#include "stmt_position.h"

#define PAGE_ROWS 50 /* candidates per page */

/*
 * Runs statement s with id and the request's language, which answers
 * one row for an id that exists.  Returns 0 with *res (the caller
 * clears it), 404 for no row, or 503/500.
 */
int
position_one_row(struct req *r, enum stmt_position_id s, const char *id,
		 PGresult **res)
{
	enum db_status st;

	st = db_run(r->db, &stmt_position[s], res, 2, id, i18n_codes[r->lang]);
	if (st != DB_OK)
		return db_http(st);
	if (PQntuples(*res) != 1) {
		PQclear(*res);
		return 404;
	}
	return 0;
}

/* Adds the texts of a JSON array of codes (key) to o as key_text. */
static void
codes_text(const struct req *r, struct json_object *o, const char *key,
	   const char *json, const char *prefix)
{
	struct json_object *a = json_tokener_parse(json), *t;
	struct buf b;
	const char *s, *colon;
	size_t i;

	buf_init(&b);
	for (i = 0; json_object_is_type(a, json_type_array) &&
		    i < json_object_array_length(a);
	     i++) {
		s = json_object_get_string(json_object_array_get_idx(a, i));
		if (i > 0)
			buf_puts(&b, req_text(r, "position_separator"));
		if ((colon = strchr(s, ':')) == NULL)
			buf_puts(&b, req_code_text(r, prefix, s));
		else {
			char code[16];

			snprintf(code, sizeof(code), "%.*s", (int)(colon - s),
				 s);
			buf_printf(&b, "%s (%s)",
				   req_code_text(r, "f_lang_", code),
				   req_code_text(r, "level_", colon + 1));
		}
	}
	t = json_object_new_string(b.ptr == NULL ? "" : b.ptr);
	json_object_object_add(o, key, t);
	json_object_put(a);
	buf_free(&b);
}

/*
 * Loads position id into the view ("position", with its plan).  Returns
 * 0, 404, or 503/500; with 0 and row not NULL, its row
 * (STMT_POSITION_GET) in *row, which the caller clears.
 */
int
position_load(struct req *r, const char *id, PGresult **row)
{
	static const struct {
		enum position_get_col col;
		const char *key;
	} cols[] = {
		{ PGC_PLAN, "plan_id" },
		{ PGC_PLAN_TITLE, "plan_title" },
		{ PGC_PLAN_STATUS, "plan_status" },
		{ PGC_COUNTRY, "country" },
		{ PGC_PLAN_STARTS, "plan_starts" },
		{ PGC_PLAN_ENDS, "plan_ends" },
		{ PGC_TITLE_JA, "title_ja" },
		{ PGC_TITLE_EN, "title_en" },
		{ PGC_STATION, "station" },
		{ PGC_HEADCOUNT, "headcount" },
		{ PGC_STARTS, "starts" },
		{ PGC_ENDS, "ends" },
		{ PGC_FILLED, "filled" },
	};
	struct json_object *o, *c;
	PGresult *res;
	size_t i;
	int rc;

	if ((rc = position_one_row(r, STMT_POSITION_GET, id, &res)) != 0)
		return rc;
	o = json_object_new_object();
	view_str(o, "id", id);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		view_str(o, cols[i].key, PQgetvalue(res, 0, cols[i].col));
	view_str(o, "title",
		 PQgetvalue(res, 0,
			    r->lang == LANG_EN ? PGC_TITLE_EN : PGC_TITLE_JA));
	view_str(o, "plan_status_text",
		 req_code_text(r, "plan_status_", view_get(o, "plan_status")));
	codes_text(r, o, "expertise_text", PQgetvalue(res, 0, PGC_EXPERTISE),
		   "exp_");
	codes_text(r, o, "languages_text", PQgetvalue(res, 0, PGC_LANGUAGES),
		   "");
	c = json_tokener_parse(PQgetvalue(res, 0, PGC_COURSES));
	view_bool(o, "has_courses", json_object_array_length(c) > 0);
	json_object_object_add(o, "courses", c);
	view_bool(o, "full",
		  atoi(view_get(o, "filled")) >=
		      atoi(view_get(o, "headcount")));
	json_object_object_add(r->view, "position", o);
	if (row != NULL)
		*row = res;
	else
		PQclear(res);
	return 0;
}

/* Adds the texts of one required course's state to o. */
static void
course_state_view(const struct req *r, struct json_object *o)
{
	const char *state = view_get(o, "state");

	view_str(o, "state_text", req_code_text(r, "position_course_", state));
	view_bool(o, "ok", strcmp(state, "valid") == 0);
}

/* Returns one candidate (row i of res) as the list shows it. */
static struct json_object *
candidate_row(const struct req *r, const PGresult *res, int i)
{
	struct json_object *o = json_object_new_object(), *t;
	const char *asked = PQgetvalue(res, i, CC_ASKED);
	size_t k;

	view_str(o, "id", PQgetvalue(res, i, CC_ID));
	view_str(o, "reference", PQgetvalue(res, i, CC_REFERENCE));
	view_str(o, "name", PQgetvalue(res, i, CC_NAME));
	view_str(o, "source_text",
		 req_code_text(r, "source_", PQgetvalue(res, i, CC_SOURCE)));
	view_str(o, "ministry", PQgetvalue(res, i, CC_MINISTRY));
	view_str(o, "earliest", PQgetvalue(res, i, CC_EARLIEST));
	view_str(o, "max_months", PQgetvalue(res, i, CC_MAX_MONTHS));
	view_bool(o, "ready", *PQgetvalue(res, i, CC_READY) == 't');
	if (*asked != '\0')
		view_str(o, "asked_text",
			 req_code_text(r, "inquiry_answer_",
				       strcmp(asked, "asked") == 0 ? "none"
								   : asked));
	t = json_tokener_parse(PQgetvalue(res, i, CC_TRAINING));
	for (k = 0; json_object_is_type(t, json_type_array) &&
		    k < json_object_array_length(t);
	     k++)
		course_state_view(r, json_object_array_get_idx(t, k));
	json_object_object_add(o, "training", t);
	return o;
}

/* Puts the ministries as the filter's options into the view. */
static int
ministry_filter_view(struct req *r, const char *chosen)
{
	struct json_object *arr = json_object_new_array(), *o;
	struct ministries m;
	size_t i;
	int rc;

	if ((rc = ministries_load(r, &m)) != 0) {
		json_object_put(arr);
		return rc;
	}
	for (i = 0; i < m.n; i++) {
		o = json_object_new_object();
		view_str(o, "value", m.opts[i].value);
		view_str(o, "label", m.opts[i].label);
		view_bool(o, "on", strcmp(chosen, m.opts[i].value) == 0);
		json_object_array_add(arr, o);
	}
	json_object_object_add(r->view, "ministries", arr);
	ministries_free(&m);
	return 0;
}

/*
 * Reads the candidates' filters from the query: source (public or
 * seconded), ministry (a code) and page (from 1), each ignored when
 * malformed.  Returns the page.
 */
static int
filters_read(struct req *r, const char **source, const char **ministry)
{
	const char *p = kv_get(&r->query, "page");
	int page = p != NULL ? atoi(p) : 1;

	*source = kv_get(&r->query, "source");
	if (*source == NULL || (strcmp(*source, "public") != 0 &&
				strcmp(*source, "seconded") != 0))
		*source = "";
	*ministry = kv_get(&r->query, "ministry");
	if (*ministry == NULL || strlen(*ministry) > 8)
		*ministry = "";
	view_bool(r->view, "source_public", strcmp(*source, "public") == 0);
	view_bool(r->view, "source_seconded", strcmp(*source, "seconded") == 0);
	return page >= 1 && page <= 10000 ? page : 1;
}

/*
 * Puts the position's candidates into the view ("candidates", paging
 * and filters), read in a transaction of their own without JIT
 * (DB_NO_JIT).  Returns 0, or 503/500.
 */
static int
candidates_view(struct req *r, const char *id)
{
	const char *v[CAP__MAX] = {
		[CAP_POSITION] = id, [CAP_LANG] = i18n_codes[r->lang]
	};
	char offset[16], limit[16];
	struct json_object *arr;
	PGresult *res;
	enum db_status st;
	int i, n, page, rc;

	page = filters_read(r, &v[CAP_SOURCE], &v[CAP_MINISTRY]);
	if ((rc = ministry_filter_view(r, v[CAP_MINISTRY])) != 0)
		return rc;
	snprintf(offset, sizeof(offset), "%d", (page - 1) * PAGE_ROWS);
	snprintf(limit, sizeof(limit), "%d", PAGE_ROWS + 1);
	v[CAP_OFFSET] = offset;
	v[CAP_LIMIT] = limit;
	if ((st = db_tx(r->db, "BEGIN READ ONLY; " DB_NO_JIT)) != DB_OK)
		return db_http(st);
	st = db_exec(r->db, &stmt_position[STMT_POSITION_CANDIDATES], CAP__MAX,
		     v, NULL, NULL, &res);
	if ((st = db_end(r->db, st, 1)) != DB_OK) {
		PQclear(res);
		return db_http(st);
	}
	n = PQntuples(res);
	arr = json_object_new_array();
	for (i = 0; i < n && i < PAGE_ROWS; i++)
		json_object_array_add(arr, candidate_row(r, res, i));
	PQclear(res);
	json_object_object_add(r->view, "candidates", arr);
	view_bool(r->view, "has_candidates", n > 0);
	if (n > PAGE_ROWS)
		json_object_object_add(r->view, "next_page",
				       json_object_new_int(page + 1));
	if (page > 1)
		json_object_object_add(r->view, "prev_page",
				       json_object_new_int(page - 1));
	view_str(r->view, "filter_source", v[CAP_SOURCE]);
	return 0;
}

/*
 * Puts who was asked about position id into the view ("inquiries";
 * counts of answers and of those who have not answered).  Returns 0,
 * or 503/500.
 */
static int
inquiries_view(struct req *r, const char *id)
{
	struct json_object *arr, *o, *a;
	PGresult *res;
	enum db_status st;
	int i, open = 0;
	const char *answer, *person = "";

	st =
	    db_run(r->db, &stmt_position[STMT_POSITION_INQUIRIES], &res, 1, id);
	if (st != DB_OK)
		return db_http(st);
	if (json_object_object_get_ex(r->view, "assign", &a))
		person = view_get(a, "person");
	arr = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		answer = PQgetvalue(res, i, IQC_ANSWER);
		open += *answer == '\0';
		o = json_object_new_object();
		view_str(o, "application", PQgetvalue(res, i, IQC_APPLICATION));
		view_str(o, "reference", PQgetvalue(res, i, IQC_REFERENCE));
		view_str(o, "name", PQgetvalue(res, i, IQC_NAME));
		view_str(o, "ministry", PQgetvalue(res, i, IQC_MINISTRY));
		view_str(o, "asked_at", PQgetvalue(res, i, IQC_ASKED_AT));
		view_str(o, "answer", answer);
		view_str(o, "answer_text",
			 req_code_text(r, "inquiry_answer_",
				       *answer == '\0' ? "none" : answer));
		view_str(o, "note", PQgetvalue(res, i, IQC_NOTE));
		view_str(o, "answered_at", PQgetvalue(res, i, IQC_ANSWERED_AT));
		view_bool(o, "selected",
			  strcmp(person, PQgetvalue(res, i, IQC_APPLICATION)) ==
			      0);
		json_object_array_add(arr, o);
	}
	json_object_object_add(r->view, "inquiries", arr);
	view_bool(r->view, "has_inquiries", PQntuples(res) > 0);
	json_object_object_add(r->view, "inquiries_open",
			       json_object_new_int(open));
	json_object_object_add(r->view, "inquiries_answered",
			       json_object_new_int(PQntuples(res) - open));
	PQclear(res);
	return 0;
}

/* The actions an assignment's status allows: the buttons shown. */
static const struct {
	const char *status;
	const char *flag;
} assignment_actions[] = {
	{ "proposed", "can_confirm" },	  { "confirmed", "can_dispatch" },
	{ "dispatched", "can_complete" }, { "proposed", "can_withdraw" },
	{ "confirmed", "can_withdraw" },
};

/* Puts position id's assignments into the view.  0, or 503/500. */
static int
assignments_view(struct req *r, const char *id)
{
	struct json_object *arr, *o;
	PGresult *res;
	enum db_status st;
	const char *status;
	size_t k;
	int i;

	st = db_run(r->db, &stmt_position[STMT_POSITION_ASSIGNMENTS], &res, 1,
		    id);
	if (st != DB_OK)
		return db_http(st);
	arr = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		o = json_object_new_object();
		status = PQgetvalue(res, i, XSC_STATUS);
		view_str(o, "id", PQgetvalue(res, i, XSC_ID));
		view_str(o, "application", PQgetvalue(res, i, XSC_APPLICATION));
		view_str(o, "reference", PQgetvalue(res, i, XSC_REFERENCE));
		view_str(o, "name", PQgetvalue(res, i, XSC_NAME));
		view_str(o, "starts", PQgetvalue(res, i, XSC_STARTS));
		view_str(o, "ends", PQgetvalue(res, i, XSC_ENDS));
		view_str(o, "status_text",
			 req_code_text(r, "assign_status_", status));
		view_str(o, "acknowledged",
			 PQgetvalue(res, i, XSC_ACKNOWLEDGED));
		view_str(o, "returned", PQgetvalue(res, i, XSC_RETURNED));
		view_str(o, "end_reason", PQgetvalue(res, i, XSC_END_REASON));
		for (k = 0; k < sizeof(assignment_actions) /
				    sizeof(assignment_actions[0]);
		     k++)
			if (strcmp(status, assignment_actions[k].status) == 0)
				view_bool(o, assignment_actions[k].flag, 1);
		json_object_array_add(arr, o);
	}
	json_object_object_add(r->view, "assignments", arr);
	view_bool(r->view, "has_assignments", PQntuples(res) > 0);
	PQclear(res);
	return 0;
}

/*
 * Shows position id's page with status: the position, its candidates,
 * inquiries and assignments, and the assignment form (its values and
 * warnings as the caller put them in "assign", else the position's
 * dates).  Returns status, 404, or 503/500.
 */
int
position_page(struct req *r, const char *id, int status)
{
	struct json_object *a;
	int rc;

	if ((rc = position_load(r, id, NULL)) != 0 ||
	    (rc = candidates_view(r, id)) != 0 ||
	    (rc = inquiries_view(r, id)) != 0 ||
	    (rc = assignments_view(r, id)) != 0)
		return rc;
	if (!json_object_object_get_ex(r->view, "assign", &a)) {
		a = json_object_new_object();
		json_object_object_add(r->view, "assign", a);
	}
	if (*view_get(a, "starts") == '\0')
		view_str(a, "starts",
			 view_get(json_object_object_get(r->view, "position"),
				  "starts"));
	if (*view_get(a, "ends") == '\0')
		view_str(a, "ends",
			 view_get(json_object_object_get(r->view, "position"),
				  "ends"));
	req_title(
	    r, "position_title",
	    view_get(json_object_object_get(r->view, "position"), "title"));
	r->page = VIEW_POSITION;
	return status;
}

/* Puts the message of ?asked=N (an inquiry just sent) into the view. */
static void
asked_message(struct req *r)
{
	const char *n = kv_get(&r->query, "asked");

	if (n != NULL && record_id_valid(n))
		json_object_object_add(r->view, "asked_message",
				       i18n_format(&r->app->i18n, r->lang,
						   "inquiry_sent", atoi(n)));
	else if (n != NULL && strcmp(n, "0") == 0)
		view_str(r->view, "asked_message",
			 req_text(r, "inquiry_sent_none"));
}

/* GET /positions/{id}: the position's page.  200, 404, 503/500. */
int
page_position_get(struct req *r)
{
	struct record p;

	if (record_id(r->arg, &p) != 0)
		return 404;
	asked_message(r);
	return position_page(r, p.id, 200);
}

/*
 * POST /positions/{id}/inquiries: asks the selected people ("id") about
 * their availability: an inquiry each, its mail and its audit, in one
 * statement; those asked before are not asked again.  303 back with
 * how many were asked; 400 for a malformed id; 404; 503/500.
 */
int
page_position_inquiries_post(struct req *r)
{
	const char *v[IQP__MAX];
	struct record p;
	struct buf ids;
	PGresult *res;
	enum db_status st;
	char account[24];
	int n;

	if (record_id(r->arg, &p) != 0)
		return 404;
	buf_init(&ids);
	if ((n = record_ids(&r->form, "id", &ids)) < 0) {
		buf_free(&ids);
		return 400;
	}
	snprintf(account, sizeof(account), "%lld", r->staff.id);
	v[IQP_POSITION] = p.id;
	v[IQP_IDS] = ids.ptr;
	v[IQP_ACCOUNT] = account;
	v[IQP_LOGIN] = r->staff.login;
	v[IQP_CLIENT_ADDR] = req_client_addr(r);
	st = db_exec(r->db, &stmt_position[STMT_POSITION_INQUIRE], IQP__MAX, v,
		     NULL, NULL, &res);
	buf_free(&ids);
	if (st == DB_ERROR &&
	    strcmp(db_refusal(r->db), "inquiries_position_id_fkey") == 0)
		return 404;
	if (st != DB_OK)
		return db_http(st);
	n = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	req_redirect(r, "/positions/%s?asked=%d#inquiries", p.id, n);
	return 303;
}
