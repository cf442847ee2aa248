/*
 * GET /training/expiring: the certificates of accepted people that
 * expire within N days (default 90), soonest first, 50 a page by
 * keyset (the last row's certificate id).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "db.h"
#include "form.h"
#include "pages.h"
#include "record.h"
#include "req.h"
#include "stmt_due.h"
#include "urlenc.h"

#define EXPIRING_PATH	  "/training/expiring"
#define EXPIRING_ROWS	  50   /* a page */
#define EXPIRING_LIMIT	  "51" /* EXPIRING_ROWS + 1: is there more? */
#define EXPIRING_DEFAULT  "90"
#define EXPIRING_MAX_DAYS 3650

enum expiring_field { XF_DAYS, XF__MAX };

static const char *chk_days(const char *, struct buf *);

static const struct fdef expiring_fields[XF__MAX] = {
	[XF_DAYS] = { .name = "days",
		      .type = FT_NUMBER,
		      .maxlen = 4,
		      .check = chk_days,
		      .autocomplete = "off",
		      .inputmode = "numeric" },
};

static const struct fgroup expiring_groups[] = {
	{ "expiring_filter", 0, XF__MAX },
};

/* A number of days from 1 to EXPIRING_MAX_DAYS, without leading zeros. */
static const char *
chk_days(const char *in, struct buf *out)
{
	long n = strtol(in, NULL, 10);

	if (n < 1 || n > EXPIRING_MAX_DAYS)
		return "err_expiring_days";
	buf_printf(out, "%ld", n);
	return NULL;
}

/* Returns the view of row i of an STMT_DUE_EXPIRING result. */
static struct json_object *
expiring_row_view(const PGresult *res, int i)
{
	static const char *const keys[EXC__MAX] = {
		[EXC_ID] = "id",
		[EXC_APPLICATION] = "application",
		[EXC_REFERENCE] = "reference",
		[EXC_NAME] = "name",
		[EXC_KANA] = "kana",
		[EXC_COURSE] = "course",
		[EXC_VALID_UNTIL] = "valid_until",
		[EXC_DAYS_LEFT] = "days_left",
	};
	struct json_object *o = json_object_new_object();
	int c;

	for (c = 0; c < EXC__MAX; c++)
		view_str(o, keys[c], PQgetvalue(res, i, c));
	return o;
}

/*
 * Puts the page of certificates expiring within days, after cursor
 * (NULL: the first), into the view.  Returns 0, or 503/500.
 */
static int
expiring_rows_view(struct req *r, const char *days, const char *cursor)
{
	struct json_object *arr;
	struct buf next;
	PGresult *res;
	enum db_status st;
	int i, n;

	st = db_run(r->db, &stmt_due[STMT_DUE_EXPIRING], &res, EXP__MAX, days,
		    cursor, EXPIRING_LIMIT, i18n_codes[r->lang]);
	if (st != DB_OK)
		return db_http(st);
	n = PQntuples(res) > EXPIRING_ROWS ? EXPIRING_ROWS : PQntuples(res);
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, expiring_row_view(res, i));
	json_object_object_add(r->view, "rows", arr);
	view_bool(r->view, "has_rows", n > 0);
	view_bool(r->view, "empty", n == 0);
	if (PQntuples(res) > EXPIRING_ROWS) {
		buf_init(&next);
		buf_puts(&next, EXPIRING_PATH);
		urlenc_add(&next, "days", days);
		urlenc_add(&next, "after", PQgetvalue(res, n - 1, EXC_ID));
		view_str(r->view, "next", next.ptr);
		buf_free(&next);
	}
	PQclear(res);
	return 0;
}

/*
 * GET /training/expiring?days=N&after=: the certificates expiring within
 * N days.  200; 422 with the form for a wrong N; 400 for a malformed
 * cursor; 503/500 when the database fails.
 */
int
page_training_expiring_get(struct req *r)
{
	const char *cursor = kv_get(&r->query, "after"), *days;
	struct form f;
	int rc = 0;

	if (cursor != NULL && !record_id_valid(cursor))
		return 400;
	form_init(&f, expiring_fields, XF__MAX);
	form_read(&f, &r->query);
	days = *form_value(&f, XF_DAYS) != '\0' ? form_value(&f, XF_DAYS)
						: EXPIRING_DEFAULT;
	if (f.nerr == 0)
		rc = expiring_rows_view(r, days, cursor);
	if (rc == 0) {
		json_object_object_add(
		    r->view, "form",
		    form_view(&f, expiring_groups, 1, &r->app->i18n, r->lang));
		view_str(r->view, "days", days);
		view_bool(r->view, "paged", cursor != NULL);
		view_str(r->view, "title", req_text(r, "expiring_title"));
		r->page = VIEW_TRAINING_EXPIRING;
		rc = f.nerr > 0 ? 422 : 200;
	}
	form_free(&f);
	return rc;
}
