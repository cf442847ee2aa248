#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>
#include <json-c/json.h>
#include <sodium.h>

#include "app.h"
#include "multipart.h"
#include "origin.h"
#include "req.h"
#include "view.h"

/*
 * Sets up r for one request on the worker's connections (db, and
 * db_read or NULL) with a fresh request id; req_free frees it.
 */
void
req_init(struct req *r, const struct app *a, struct db *db, struct db *db_read,
	 FCGX_Request *f)
{
	unsigned char id[8];

	memset(r, 0, sizeof(*r));
	r->app = a;
	r->db = r->db_write = db;
	r->db_read = db_read;
	r->fcgi = f;
	r->method = METHOD_GET;
	r->page = VIEW__MAX;
	r->route = -1;
	kv_init(&r->query);
	kv_init(&r->cookies);
	kv_init(&r->form);
	buf_init(&r->headers);
	buf_init(&r->body);
	r->view = json_object_new_object();
	randombytes_buf(id, sizeof(id));
	sodium_bin2hex(r->id, sizeof(r->id), id, sizeof(id));
}

/* Frees what r owns (not r itself). */
void
req_free(struct req *r)
{
	free(r->path);
	free(r->location);
	kv_free(&r->query);
	kv_free(&r->cookies);
	kv_free(&r->form);
	if (r->mp != NULL)
		mp_free(r->mp);
	buf_free(&r->headers);
	buf_free(&r->body);
	json_object_put(r->view);
}

/* Returns a CGI parameter of the request, or NULL. */
static const char *
param(const struct req *r, const char *name)
{
	return FCGX_GetParam(name, r->fcgi->envp);
}

/* Returns the first form field named name, or NULL.  The request owns it. */
const char *
req_param(const struct req *r, const char *name)
{
	return kv_get(&r->form, name);
}

/* Returns the uploaded file part named name, or NULL (also if empty). */
const struct mp_part *
req_file(const struct req *r, const char *name)
{
	const struct mp_part *p;
	size_t i;

	if (r->mp == NULL)
		return NULL;
	for (i = 0; i < mp_nparts(r->mp); i++) {
		p = mp_part(r->mp, i);
		if (p->filename != NULL && strcmp(p->name, name) == 0 &&
		    (p->data.len > 0 || p->filename[0] != '\0'))
			return p;
	}
	return NULL;
}

/* Returns 1 if the request passes the same-origin check of origin.h. */
int
req_same_origin(const struct req *r)
{
	const char *https = param(r, "HTTPS");

	return origin_check(param(r, "HTTP_SEC_FETCH_SITE"),
			    param(r, "HTTP_ORIGIN"), param(r, "HTTP_HOST"),
			    https != NULL && strcmp(https, "on") == 0
				? "https"
				: "http") == ORIGIN_OK;
}

/* Returns the client's address as nginx saw it, or NULL. */
const char *
req_client_addr(const struct req *r)
{
	return param(r, "REMOTE_ADDR");
}

/* Returns the catalog text for key in the request's language. */
const char *
req_text(const struct req *r, const char *key)
{
	return i18n_text(&r->app->i18n, r->lang, key);
}

/*
 * Returns a count as shown (a new JSON value the caller owns): the
 * number, or when estimated "about N" with N rounded to two significant
 * digits (an estimate's precision).
 */
struct json_object *
req_count(const struct req *r, int c, int approx)
{
	int unit = 1;

	if (!approx)
		return json_object_new_int(c);
	while (c / unit >= 100)
		unit *= 10;
	c = (c + unit / 2) / unit * unit;
	return i18n_format(&r->app->i18n, r->lang, "count_about", c);
}

/*
 * Returns the catalog text of an enumerated code under its prefix, e.g.
 * "status_" "accepted"; the catalog owns the string.
 */
const char *
req_code_text(const struct req *r, const char *prefix, const char *code)
{
	char key[80];

	snprintf(key, sizeof(key), "%s%s", prefix, code);
	return req_text(r, key);
}

/*
 * Sets the page's title to the catalog text of key and, after a space,
 * the record it shows (a reference), so that each such page has its own
 * title: "応募内容 PC-2026-…".
 */
void
req_title(struct req *r, const char *key, const char *record)
{
	char title[256];

	snprintf(title, sizeof(title), "%s %s", req_text(r, key), record);
	view_str(r->view, "title", title);
}

/* Sets a 303 See Other to a local path built from fmt. */
void
req_redirect(struct req *r, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(r->location);
	r->location = buf_detach(&b);
}
