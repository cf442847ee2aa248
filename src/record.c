#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "disposition.h"
#include "record.h"
#include "req.h"

/*
 * Returns 1 if s is a row's id as URLs carry it: 1 to 18 digits, no
 * sign, no leading zero, so that one row has one URL; else 0.
 */
int
record_id_valid(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return n > 0 && n <= 18 && s[n] == '\0' && s[0] != '0';
}

/* Orders ids for qsort. */
static int
cmp_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/*
 * Reads the selected ids (fields named key, record_id_valid) into a
 * PostgreSQL array literal in ascending order, without repeats (a bulk
 * action's selection).  Returns how many, or -1 if one is not an id.
 */
int
record_ids(const struct kvlist *in, const char *key, struct buf *arr)
{
	long long *ids = xcalloc(in->n + 1, sizeof(*ids));
	const char *v;
	size_t i, n = 0, k;

	for (i = 0; i < in->n; i++) {
		if (strcmp(in->p[i].key, key) != 0)
			continue;
		v = in->p[i].val;
		if (!record_id_valid(v)) {
			free(ids);
			return -1;
		}
		ids[n++] = atoll(v);
	}
	qsort(ids, n, sizeof(*ids), cmp_id);
	buf_putc(arr, '{');
	for (i = k = 0; i < n; i++)
		if (i == 0 || ids[i] != ids[i - 1])
			buf_printf(arr, "%s%lld", k++ > 0 ? "," : "", ids[i]);
	buf_putc(arr, '}');
	free(ids);
	return (int)k;
}

/*
 * Reads an application id from a path segment (record_id_valid).
 * Returns 0, or -1 (the caller answers 404).
 */
int
record_id(const char *arg, struct record *a)
{
	memset(a, 0, sizeof(*a));
	if (!record_id_valid(arg))
		return -1;
	memcpy(a->id, arg, strlen(arg) + 1);
	return 0;
}

/*
 * Reads the version a form was loaded at (the "version" field: 1 to 9
 * digits) into *version.  Returns 0, or -1 when it is missing or
 * malformed (the caller answers 400).
 */
int
record_version(const char *s, int *version)
{
	if (s == NULL || *s == '\0' || strlen(s) > 9 ||
	    strspn(s, "0123456789") != strlen(s))
		return -1;
	*version = atoi(s);
	return 0;
}

/* Sets o's "status" and "status_text" from a status name. */
void
record_status_view(const struct req *r, struct json_object *o,
		   const char *status)
{
	view_str(o, "status", status);
	view_str(o, "status_text", req_code_text(r, "status_", status));
}

/*
 * Rewrites each history row for the page: who (the row's login, or the
 * text nobody_key names when the change has none to show: the applicant
 * for a reviewer, the Secretariat for a liaison) and the statuses' texts
 * (no "from_text" for the first row, which has no earlier status).
 */
void
record_history_view(struct req *r, struct json_object *hist,
		    const char *nobody_key)
{
	struct json_object *h;
	const char *from;
	size_t i;

	for (i = 0; i < json_object_array_length(hist); i++) {
		h = json_object_array_get_idx(hist, i);
		if (*view_get(h, "login") == '\0')
			view_str(h, "login", req_text(r, nobody_key));
		if (*(from = view_get(h, "from")) != '\0')
			view_str(h, "from_text",
				 req_code_text(r, "status_", from));
		view_str(h, "to_text",
			 req_code_text(r, "status_", view_get(h, "to")));
	}
}

/*
 * Returns a download of the application id for a page: the file's name,
 * its size in kB and the link base/{id}/{what} (the reviewer's and the
 * ministry's pages each serve their own).  The caller owns the object.
 */
struct json_object *
record_file_view(struct req *r, const char *base, const char *id,
		 const char *what, const char *name, long size)
{
	struct json_object *o = json_object_new_object();
	char href[96];

	snprintf(href, sizeof(href), "%s/%s/%s", base, id, what);
	view_str(o, "name", name);
	view_str(o, "href", href);
	json_object_object_add(o, "size",
			       i18n_format(&r->app->i18n, r->lang,
					   "detail_cv_size",
					   (int)((size + 1023) / 1024)));
	return o;
}

/*
 * Sends the PDF that stmt reads for application r->arg (filename,
 * content, reference) as an attachment named as its sender named it, with
 * prefix and the reference in the ASCII fallback name; audited first as
 * action.  A liaison passes its ministry, the statement's second
 * parameter, so that only its own ministry's files are found; reviewers
 * pass NULL.  Returns 200; 404 when the application or its file does not
 * exist (for that ministry); 503/500.
 */
int
record_pdf(struct req *r, const struct stmt_def *stmt, const char *ministry,
	   const char *action, const char *prefix)
{
	return record_pdf_of(r, stmt, ministry, action, "application", prefix);
}

/*
 * record_pdf for a file of another object than an application (otype,
 * its id r->arg): a certificate's evidence.
 */
int
record_pdf_of(struct req *r, const struct stmt_def *stmt, const char *ministry,
	      const char *action, const char *otype, const char *prefix)
{
	struct record a;
	unsigned char *pdf = NULL;
	PGresult *res;
	enum db_status st;
	char fallback[64];
	size_t len;
	int rc = 200;

	if (record_id(r->arg, &a) != 0)
		return 404;
	st =
	    db_run(r->db, stmt, &res, ministry == NULL ? 1 : 2, a.id, ministry);
	if (st != DB_OK)
		return db_http(st);
	if (PQntuples(res) != 1)
		rc = 404;
	else if ((st = audit_add(r, action, otype, a.id, NULL, NULL)) != DB_OK)
		rc = db_http(st);
	else if ((pdf = PQunescapeBytea(
		      (const unsigned char *)PQgetvalue(res, 0, FILE_CONTENT),
		      &len)) == NULL)
		rc = 500;
	if (rc == 200) {
		buf_append(&r->body, pdf, len);
		snprintf(fallback, sizeof(fallback), "%s-%s.pdf", prefix,
			 PQgetvalue(res, 0, FILE_REFERENCE));
		buf_puts(&r->headers, "Content-Disposition: ");
		disposition_attachment(&r->headers,
				       PQgetvalue(res, 0, FILE_NAME), fallback);
		buf_puts(&r->headers, "\r\n");
		r->content_type = "application/pdf";
	}
	PQfreemem(pdf);
	PQclear(res);
	return rc;
}

/*
 * Runs the statement of a section of one person's page: by_id with the
 * application's id (who, wholen 0) or by_token with its status token's
 * hash (who, wholen bytes), and the request's language.  Returns the
 * status and sets *res as db_exec.
 */
enum db_status
record_person(struct req *r, const struct stmt_def *by_id,
	      const struct stmt_def *by_token, const char *who, int wholen,
	      PGresult **res)
{
	const char *vals[2] = { who, i18n_codes[r->lang] };
	const int len[2] = { wholen, 0 }, fmt[2] = { wholen > 0, 0 };

	return db_exec(r->db, wholen > 0 ? by_token : by_id, 2, vals, len, fmt,
		       res);
}

/*
 * Returns a person's section of a page from the JSON array columns of
 * res's first row as lists l (n of them): each list under its name with
 * every member shown by its each, "has_" + name whether it has any,
 * "any" whether any list has, and flag (who looks) set.  Returns NULL
 * for a row it cannot read.  The caller owns the object.
 */
struct json_object *
record_lists(const struct req *r, const PGresult *res,
	     const struct record_list *l, size_t n, const char *flag)
{
	struct json_object *o = json_object_new_object(), *a;
	char key[64];
	size_t i, k, total = 0;

	for (i = 0; i < n; i++) {
		a = json_tokener_parse(PQgetvalue(res, 0, l[i].col));
		if (!json_object_is_type(a, json_type_array)) {
			json_object_put(a);
			json_object_put(o);
			return NULL;
		}
		for (k = 0; k < json_object_array_length(a); k++)
			l[i].each(r, json_object_array_get_idx(a, k));
		total += json_object_array_length(a);
		snprintf(key, sizeof(key), "has_%s", l[i].name);
		view_bool(o, key, json_object_array_length(a) > 0);
		json_object_object_add(o, l[i].name, a);
	}
	view_bool(o, "any", total > 0);
	view_bool(o, flag, 1);
	return o;
}
