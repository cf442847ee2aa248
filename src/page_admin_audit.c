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
#include "urlenc.h"
#include "stmt_admin.h"

/*
 * /admin/audit: the audit log, newest first, 50 entries a page.  The
 * filters are a GET form, so a filtered page can be bookmarked; pages
 * follow by keyset (the last entry's id), never by OFFSET.
 */

#define AUDIT_PAGE                                                             \
	50 /* entries a page; STMT_ADMIN_AUDIT_LIST returns one more */

enum audit_field { AUF_LOGIN, AUF_ACTION, AUF_SINCE, AUF_UNTIL, AUF__MAX };

static const char *chk_action(const char *, struct buf *);

static const struct fdef audit_fields[AUF__MAX] = {
	[AUF_LOGIN] = { .name = "login",
			.type = FT_TEXT,
			.maxlen = 64,
			.autocomplete = "off" },
	[AUF_ACTION] = { .name = "action",
			 .type = FT_TEXT,
			 .maxlen = 40,
			 .check = chk_action,
			 .autocomplete = "off" },
	[AUF_SINCE] = { .name = "since",
			.type = FT_DATE,
			.autocomplete = "off" },
	[AUF_UNTIL] = { .name = "until",
			.type = FT_DATE,
			.autocomplete = "off" },
};

static const struct fgroup audit_groups[] = { { "audit_filter", 0, AUF__MAX } };

/* An action as the audit log's check allows it: [a-z_.]{1,40}. */
static const char *
chk_action(const char *in, struct buf *out)
{
	if (strspn(in, "abcdefghijklmnopqrstuvwxyz_.") != strlen(in))
		return "err_audit_action";
	buf_puts(out, in);
	return NULL;
}

/* Returns field i's value, or NULL (no filter) when empty. */
static const char *
filter(const struct form *f, size_t i)
{
	return *form_value(f, i) == '\0' ? NULL : form_value(f, i);
}

/* Returns the view of row i of an STMT_ADMIN_AUDIT_LIST result. */
static struct json_object *
entry_view(PGresult *res, int i)
{
	static const char *const cols[] = { "id",	   "at",     "login",
					    "action",	   "otype",  "oid",
					    "client_addr", "before", "after" };
	struct json_object *o = json_object_new_object();
	size_t c;

	_Static_assert(sizeof(cols) / sizeof(cols[0]) == ADMIN_AUDIT_COLS,
		       "a name per column of STMT_ADMIN_AUDIT_LIST");
	for (c = 0; c < sizeof(cols) / sizeof(cols[0]); c++)
		view_str(o, cols[c], PQgetvalue(res, i, (int)c));
	return o;
}

/*
 * Sets "next" to the URL of the page after the entry with id last: the
 * same filters and the cursor.
 */
static void
next_link(struct req *r, const struct form *f, const char *last)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_puts(&b, "/admin/audit?");
	for (i = 0; i < AUF__MAX; i++) {
		if (filter(f, i) == NULL)
			continue;
		buf_printf(&b, "%s=", f->defs[i].name);
		urlenc_encode(&b, form_value(f, i));
		buf_putc(&b, '&');
	}
	buf_printf(&b, "cursor=%s", last);
	view_str(r->view, "next", b.ptr);
	buf_free(&b);
}

/*
 * Puts the page of entries after cursor (NULL: the newest) matching the
 * valid filters of f into the view.  Returns 0, or 503/500.
 */
static int
entries_view(struct req *r, const struct form *f, const char *cursor)
{
	struct json_object *arr;
	PGresult *res;
	enum db_status st;
	int i, n;

	st = db_run(r->db, &stmt_admin[STMT_ADMIN_AUDIT_LIST], &res, 5,
		    filter(f, AUF_LOGIN), filter(f, AUF_ACTION),
		    filter(f, AUF_SINCE), filter(f, AUF_UNTIL), cursor);
	if (st != DB_OK)
		return db_http(st);
	n = PQntuples(res) > AUDIT_PAGE ? AUDIT_PAGE : PQntuples(res);
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, entry_view(res, i));
	json_object_object_add(r->view, "entries", arr);
	view_bool(r->view, "has_entries", n > 0);
	view_bool(r->view, "empty", n == 0);
	if (PQntuples(res) > AUDIT_PAGE)
		next_link(r, f, PQgetvalue(res, n - 1, 0));
	PQclear(res);
	return 0;
}

/*
 * GET /admin/audit?login=&action=&since=&until=&cursor=: the filter form
 * and one page of entries.  200; 422 with the form when a filter is
 * malformed (no entries then); 400 for a malformed cursor; 503/500.
 */
int
page_admin_audit_get(struct req *r)
{
	const char *cursor = kv_get(&r->query, "cursor");
	struct form f;
	int rc = 0, status;

	if (cursor != NULL && !record_id_valid(cursor))
		return 400;
	form_init(&f, audit_fields, AUF__MAX);
	form_read(&f, &r->query);
	if (f.nerr == 0 && filter(&f, AUF_SINCE) != NULL &&
	    filter(&f, AUF_UNTIL) != NULL &&
	    strcmp(form_value(&f, AUF_SINCE), form_value(&f, AUF_UNTIL)) > 0)
		form_error(&f, AUF_UNTIL, "err_date_order", 0);
	if (f.nerr == 0)
		rc = entries_view(r, &f, cursor);
	json_object_object_add(
	    r->view, "form",
	    form_view(&f, audit_groups, 1, &r->app->i18n, r->lang));
	view_bool(r->view, "paged", cursor != NULL);
	view_str(r->view, "title", req_text(r, "nav_audit"));
	r->page = VIEW_ADMIN_AUDIT;
	status = rc != 0 ? rc : f.nerr > 0 ? 422 : 200;
	form_free(&f);
	return status;
}
