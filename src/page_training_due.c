/*
 * GET /training/due: the accepted people (public or seconded) who lack a
 * valid certificate for a course that an operation type they wish to
 * join requires, with the courses missing or expired; filtered by
 * course, operation type and source (a GET form, so a filtered page can
 * be bookmarked); 50 a page by keyset (the last row's id), never by
 * OFFSET.  The selection goes to POST /training/enrol with a coming
 * session.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "apply.h"
#include "db.h"
#include "form.h"
#include "ministry.h"
#include "pages.h"
#include "record.h"
#include "req.h"
#include "review_filter.h"
#include "stmt_due.h"
#include "urlenc.h"

#define DUE_PATH  "/training/due"
#define DUE_ROWS  50   /* a page */
#define DUE_LIMIT "51" /* DUE_ROWS + 1: is there more? */

enum due_field { DF_COURSE, DF_OPERATION, DF_SOURCE, DF__MAX };

#define CHOICE(n, o, k)                                                        \
	{                                                                      \
		.name = n, .type = FT_SELECT, .opts = o, .nopts = k            \
	}

static const struct fdef due_fields[DF__MAX] = {
	/* Options from the courses table: see courses_load. */
	[DF_COURSE] = CHOICE("course", NULL, 0),
	[DF_OPERATION] = CHOICE("operation", operation_opts, APPLY_NOPERATIONS),
	[DF_SOURCE] = CHOICE("source", review_source_opts, REVIEW_SOURCES),
};

static const struct fgroup due_groups[] = { { "due_filters", 0, DF__MAX } };

/* What one request reads: the filter and the names of its options. */
struct due {
	struct fdef defs[DF__MAX];
	struct form f;
	struct ministries min;
	PGresult *courses;
	struct fopt *course_opts;
};

/* Returns field i's value, or NULL (no filter) when empty. */
static const char *
due_filter(const struct form *f, size_t i)
{
	return *form_value(f, i) == '\0' ? NULL : form_value(f, i);
}

/*
 * Loads the courses some operation requires as the course filter's
 * options (titles in the request's language).  Returns 0, or 503/500.
 */
static int
courses_load(struct req *r, struct due *d)
{
	enum db_status st;
	int i, n;

	st = db_run(r->db, &stmt_due[STMT_DUE_COURSES], &d->courses, 1,
		    i18n_codes[r->lang]);
	if (st != DB_OK)
		return db_http(st);
	n = PQntuples(d->courses);
	d->course_opts = xcalloc((size_t)n + 1, sizeof(*d->course_opts));
	for (i = 0; i < n; i++) {
		d->course_opts[i].value = PQgetvalue(d->courses, i, DCO_ID);
		d->course_opts[i].label = PQgetvalue(d->courses, i, DCO_TITLE);
	}
	d->defs[DF_COURSE].opts = d->course_opts;
	d->defs[DF_COURSE].nopts = (size_t)n;
	return 0;
}

/*
 * Prepares d: the courses and ministries, and the form read from the
 * query.  Returns 0, or 503/500; due_free frees d either way.
 */
static int
due_init(struct req *r, struct due *d)
{
	int rc;

	memset(d, 0, sizeof(*d));
	memcpy(d->defs, due_fields, sizeof(due_fields));
	if ((rc = courses_load(r, d)) == 0)
		rc = ministries_load(r, &d->min);
	form_init(&d->f, d->defs, DF__MAX);
	form_read(&d->f, &r->query);
	return rc;
}

/* Frees what due_init took. */
static void
due_free(struct due *d)
{
	form_free(&d->f);
	ministries_free(&d->min);
	free(d->course_opts);
	PQclear(d->courses);
}

/* Returns the view of row i of an STMT_DUE_PAGE result. */
static struct json_object *
due_row_view(const struct req *r, const struct due *d, const PGresult *res,
	     int i)
{
	struct json_object *o = json_object_new_object(), *courses;
	const char *ministry = PQgetvalue(res, i, DUC_MINISTRY);

	view_str(o, "id", PQgetvalue(res, i, DUC_ID));
	view_str(o, "reference", PQgetvalue(res, i, DUC_REFERENCE));
	view_str(o, "name", PQgetvalue(res, i, DUC_NAME));
	view_str(o, "kana", PQgetvalue(res, i, DUC_KANA));
	view_str(
	    o, "source_label",
	    *ministry != '\0'
		? ministries_name(&d->min, ministry)
		: req_code_text(r, "source_", PQgetvalue(res, i, DUC_SOURCE)));
	courses = json_tokener_parse(PQgetvalue(res, i, DUC_COURSES));
	json_object_object_add(
	    o, "courses", courses != NULL ? courses : json_object_new_array());
	return o;
}

/* Sets "next" to the page after the row with id last, same filter. */
static void
due_next_link(struct req *r, const struct form *f, const char *last)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_puts(&b, DUE_PATH);
	for (i = 0; i < DF__MAX; i++)
		if (due_filter(f, i) != NULL)
			urlenc_add(&b, f->defs[i].name, form_value(f, i));
	urlenc_add(&b, "after", last);
	view_str(r->view, "next", b.ptr);
	buf_free(&b);
}

/*
 * Puts the page of people after cursor (NULL: the first) into the view.
 * Returns 0, or 503/500.
 */
static int
due_rows_view(struct req *r, const struct due *d, const char *cursor)
{
	struct json_object *arr = json_object_new_array();
	PGresult *res;
	enum db_status st;
	int i, n;

	st = db_run(r->db, &stmt_due[STMT_DUE_PAGE], &res, DUP__MAX,
		    due_filter(&d->f, DF_COURSE),
		    due_filter(&d->f, DF_OPERATION),
		    due_filter(&d->f, DF_SOURCE), cursor, DUE_LIMIT,
		    i18n_codes[r->lang]);
	if (st != DB_OK) {
		json_object_put(arr);
		return db_http(st);
	}
	n = PQntuples(res) > DUE_ROWS ? DUE_ROWS : PQntuples(res);
	for (i = 0; i < n; i++)
		json_object_array_add(arr, due_row_view(r, d, res, i));
	json_object_object_add(r->view, "rows", arr);
	view_bool(r->view, "has_rows", n > 0);
	view_bool(r->view, "empty", n == 0);
	if (PQntuples(res) > DUE_ROWS)
		due_next_link(r, &d->f, PQgetvalue(res, n - 1, DUC_ID));
	PQclear(res);
	return 0;
}

/*
 * Puts the coming sessions (of the filter's course, or all) into the
 * view, for the enrolment of the selection.  Returns 0, or 503/500.
 */
static int
sessions_view(struct req *r, const struct due *d)
{
	static const char *const keys[DSC__MAX] = {
		[DSC_ID] = "id",	 [DSC_TITLE] = "title",
		[DSC_STARTS] = "starts", [DSC_PLACE] = "place",
		[DSC_FREE] = "free",
	};
	struct json_object *arr = json_object_new_array(), *o;
	PGresult *res;
	enum db_status st;
	int i, c;

	st = db_run(r->db, &stmt_due[STMT_DUE_SESSIONS], &res, 2,
		    i18n_codes[r->lang], due_filter(&d->f, DF_COURSE));
	if (st != DB_OK) {
		json_object_put(arr);
		return db_http(st);
	}
	for (i = 0; i < PQntuples(res); i++) {
		o = json_object_new_object();
		for (c = 0; c < DSC__MAX; c++)
			view_str(o, keys[c], PQgetvalue(res, i, c));
		json_object_array_add(arr, o);
	}
	json_object_object_add(r->view, "sessions", arr);
	view_bool(r->view, "has_sessions", PQntuples(res) > 0);
	PQclear(res);
	return 0;
}

/*
 * GET /training/due?course=&operation=&source=&after=: the filter form
 * and one page of people due for training, with the enrolment form.
 * 200; 422 with the form when a filter is wrong; 400 for a malformed
 * cursor; 503/500 when the database fails.
 */
int
page_training_due_get(struct req *r)
{
	const char *cursor = kv_get(&r->query, "after");
	struct due d;
	int rc;

	if (cursor != NULL && !record_id_valid(cursor))
		return 400;
	rc = due_init(r, &d);
	if (rc == 0 && d.f.nerr == 0 &&
	    (rc = due_rows_view(r, &d, cursor)) == 0)
		rc = sessions_view(r, &d);
	if (rc == 0) {
		json_object_object_add(
		    r->view, "form",
		    form_view(&d.f, due_groups, 1, &r->app->i18n, r->lang));
		view_bool(r->view, "paged", cursor != NULL);
		view_str(r->view, "title", req_text(r, "due_title"));
		r->page = VIEW_TRAINING_DUE;
		rc = d.f.nerr > 0 ? 422 : 200;
	}
	due_free(&d);
	return rc;
}
