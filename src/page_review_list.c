/*
 * The reviewer's list of applications: GET /review/applications, the
 * filter form (kept in the URL), keyset pages of 50 and the counts per
 * status.  The export is page_review_export.c, the bulk move
 * page_review_screening.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "db.h"
#include "enrol.h"
#include "form.h"
#include "pages.h"
#include "req.h"
#include "review_count.h"
#include "review_filter.h"
#include "status.h"

#define PAGE_ROWS 50

static const struct fgroup rl_groups[] = { { "rl_filters", 0, RL__MAX } };

/* Sets key to two columns of row i joined by a space. */
static void
view_pair(struct json_object *o, const char *key, const PGresult *res, int i,
	  enum review_list_col a, enum review_list_col b)
{
	char v[256];

	snprintf(v, sizeof(v), "%s %s", PQgetvalue(res, i, a),
		 PQgetvalue(res, i, b));
	view_str(o, key, v);
}

/* Returns the view of row i of a list result. */
static struct json_object *
row_view(const struct req *r, const struct review_filter *fl,
	 const PGresult *res, int i)
{
	struct json_object *o = json_object_new_object();
	const char *src = PQgetvalue(res, i, RLC_SOURCE);

	view_str(o, "id", PQgetvalue(res, i, RLC_ID));
	view_str(o, "reference", PQgetvalue(res, i, RLC_REFERENCE));
	view_pair(o, "name_kanji", res, i, RLC_FAMILY_KANJI, RLC_GIVEN_KANJI);
	view_pair(o, "name_kana", res, i, RLC_FAMILY_KANA, RLC_GIVEN_KANA);
	view_pair(o, "name_romaji", res, i, RLC_FAMILY_ROMAJI,
		  RLC_GIVEN_ROMAJI);
	view_str(o, "status", PQgetvalue(res, i, RLC_STATUS));
	view_str(o, "status_label",
		 req_code_text(r, "status_", PQgetvalue(res, i, RLC_STATUS)));
	view_str(
	    o, "source_label",
	    *PQgetvalue(res, i, RLC_MINISTRY) != '\0'
		? ministries_name(&fl->min, PQgetvalue(res, i, RLC_MINISTRY))
		: req_code_text(r, "source_", src));
	view_str(o, "date", PQgetvalue(res, i, RLC_CREATED));
	return o;
}

/*
 * Puts the page of rows into the view: at most PAGE_ROWS, in the sort's
 * order (a backward read comes in reverse), and the links to the pages
 * before and after it.
 */
static void
rows_view(struct req *r, const struct review_filter *fl, const PGresult *res)
{
	struct json_object *arr = json_object_new_array();
	int n = review_filter_rows(res), shown = n > PAGE_ROWS ? PAGE_ROWS : n,
	    i;
	int more = n > PAGE_ROWS, first, last;

	for (i = 0; i < shown; i++)
		json_object_array_add(
		    arr, row_view(r, fl, res, fl->back ? shown - 1 - i : i));
	json_object_object_add(r->view, "rows", arr);
	view_bool(r->view, "has_rows", shown > 0);
	if (shown == 0)
		return;
	first = fl->back ? shown - 1 : 0;
	last = fl->back ? 0 : shown - 1;
	if (fl->back ? more : fl->cursor[0] != '\0')
		json_object_object_add(
		    r->view, "prev_href",
		    review_filter_url_view(REVIEW_LIST_PATH, &fl->f, -1,
					   "before",
					   PQgetvalue(res, first, RLC_ID)));
	if (fl->back || more)
		json_object_object_add(
		    r->view, "next_href",
		    review_filter_url_view(REVIEW_LIST_PATH, &fl->f, -1,
					   "after",
					   PQgetvalue(res, last, RLC_ID)));
}

/* Puts the counts per status, each a link to that status, into the view. */
static void
tabs_view(struct req *r, const struct review_filter *fl,
	  const struct review_counts *c)
{
	struct json_object *arr = json_object_new_array(), *o;
	int total = 0;
	size_t s;

	for (s = 0; s < AS__MAX; s++) {
		total += c->n[s];
		o = json_object_new_object();
		view_str(o, "label",
			 req_code_text(r, "status_", status_names[s]));
		json_object_object_add(o, "count",
				       req_count(r, c->n[s], c->approx));
		json_object_object_add(
		    o, "href",
		    review_filter_url_view(REVIEW_LIST_PATH, &fl->f, RL_STATUS,
					   "status", status_names[s]));
		view_bool(o, "current",
			  strcmp(form_value(&fl->f, RL_STATUS),
				 status_names[s]) == 0);
		json_object_array_add(arr, o);
	}
	json_object_object_add(r->view, "counts", arr);
	json_object_object_add(r->view, "total",
			       req_count(r, total, c->approx));
	json_object_object_add(r->view, "all_href",
			       review_filter_url_view(REVIEW_LIST_PATH, &fl->f,
						      RL_STATUS, NULL, NULL));
	view_bool(r->view, "all_current", fl->f.val[RL_STATUS].len == 0);
}

/* Hidden fields that carry the filter and page through the bulk form. */
static void
hidden_view(struct req *r, const struct review_filter *fl)
{
	struct json_object *arr = json_object_new_array(), *o;
	size_t i;

	for (i = 0; i <= RL__MAX; i++) {
		if (i < RL__MAX && fl->f.val[i].len == 0)
			continue;
		if (i == RL__MAX && fl->cursor[0] == '\0')
			continue;
		o = json_object_new_object();
		view_str(o, "name",
			 i < RL__MAX ? fl->defs[i].name
			 : fl->back  ? "before"
				     : "after");
		view_str(o, "value",
			 i < RL__MAX ? form_value(&fl->f, i) : fl->cursor);
		json_object_array_add(arr, o);
	}
	json_object_object_add(r->view, "hidden", arr);
}

/* Shows what the last bulk move did (?moved=N&skipped=M). */
static void
moved_view(struct req *r)
{
	const char *m = kv_get(&r->query, "moved");
	const char *s = kv_get(&r->query, "skipped");

	if (m == NULL || strspn(m, "0123456789") != strlen(m) || *m == '\0')
		return;
	json_object_object_add(
	    r->view, "moved",
	    i18n_format(&r->app->i18n, r->lang, "rl_moved", atoi(m)));
	if (s != NULL && *s != '\0' && *s != '0' &&
	    strspn(s, "0123456789") == strlen(s))
		json_object_object_add(
		    r->view, "skipped",
		    i18n_format(&r->app->i18n, r->lang, "rl_skipped", atoi(s)));
}

/*
 * GET /review/applications: the filter form, the counts per status and
 * one page of applications.  200; 400 with the form and its messages
 * for a wrong filter, or the error page for a malformed page link; 503
 * or 500 when the database fails.
 */
int
page_review_list_get(struct req *r)
{
	struct review_filter fl;
	PGresult *rows = NULL;
	struct review_counts counts;
	int rc, status = 200;

	if ((rc = review_filter_init(r, &fl)) != 0) {
		review_filter_free(&fl);
		return rc;
	}
	if ((rc = review_filter_read(&fl, &r->query)) == -2) {
		r->error_key = "cursor";
		status = 400;
	} else if (rc == -1)
		status = 400;
	else {
		switch (review_count_load(r, &fl, &rows, &counts)) {
		case DB_OK:
			view_bool(r->view, "list", 1);
			rows_view(r, &fl, rows);
			tabs_view(r, &fl, &counts);
			hidden_view(r, &fl);
			json_object_object_add(
			    r->view, "csv_href",
			    review_filter_url_view(REVIEW_LIST_PATH ".csv",
						   &fl.f, -1, NULL, NULL));
			moved_view(r);
			if (review_filter_rows(rows) > 0 &&
			    (rc = enrol_sessions_view(r)) != 0)
				status = rc;
			break;
		case DB_UNAVAILABLE:
			status = 503;
			break;
		case DB_ERROR:
			status = 500;
			break;
		}
	}
	if (status == 200 || rc == -1) {
		json_object_object_add(
		    r->view, "form",
		    form_view(&fl.f, rl_groups, 1, &r->app->i18n, r->lang));
		view_str(r->view, "title", req_text(r, "rl_title"));
		r->page = VIEW_REVIEW_LIST;
	}
	PQclear(rows);
	review_filter_free(&fl);
	return status;
}
