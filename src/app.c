#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fcgiapp.h>
#include <json-c/json.h>
#include <sodium.h>

#include "app.h"
#include "body.h"
#include "cookie.h"
#include "log.h"
#include "multipart.h"
#include "pages.h"
#include "req.h"
#include "urlenc.h"

/*
 * The routes.  A path ending in '/' is a prefix whose remainder becomes
 * r->arg (a token: one segment, no further slash).
 */
struct route {
	const char *path;
	int (*get)(struct req *);
	int (*post)(struct req *);
};

static const struct route routes[] = {
	{ "/", page_home_get, NULL },
	{ "/apply", page_apply_get, page_apply_post },
	{ "/receipt/", page_receipt_get, NULL },
	{ "/status/", page_status_get, page_status_post },
};

#define HTML_TYPE "text/html; charset=utf-8"

static const char *const method_names[METHOD__MAX] = {
	[METHOD_GET] = "GET",
	[METHOD_HEAD] = "HEAD",
	[METHOD_POST] = "POST",
};

/* Reason phrases of the statuses corps-fcgi answers. */
static const struct {
	int code;
	const char *reason;
} statuses[] = {
	{ 200, "OK" },
	{ 303, "See Other" },
	{ 400, "Bad Request" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 413, "Content Too Large" },
	{ 415, "Unsupported Media Type" },
	{ 422, "Unprocessable Content" },
	{ 500, "Internal Server Error" },
	{ 503, "Service Unavailable" },
};

/* Loads catalogs and templates.  Returns 0, or -1 with err set. */
int
app_load(struct app *a, char *err, size_t errsz)
{
	if (i18n_load(&a->i18n, a->cfg.templates, err, errsz) != 0)
		return -1;
	if (view_load(&a->views, a->cfg.templates, err, errsz) != 0) {
		i18n_free(&a->i18n);
		return -1;
	}
	return 0;
}

void
app_free(struct app *a)
{
	view_free(&a->views);
	i18n_free(&a->i18n);
}

/* Returns the reason phrase of a status. */
static const char *
status_reason(int code)
{
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (statuses[i].code == code)
			return statuses[i].reason;
	return "Internal Server Error";
}

/* Finds the route for path, setting r->arg for prefixes, or NULL. */
static const struct route *
route_find(struct req *r)
{
	size_t i, n;
	const char *rest;

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		n = strlen(routes[i].path);
		if (routes[i].path[n - 1] != '/' || n == 1) {
			if (strcmp(r->path, routes[i].path) == 0)
				return &routes[i];
			continue;
		}
		if (strncmp(r->path, routes[i].path, n) != 0)
			continue;
		rest = r->path + n;
		if (*rest != '\0' && strchr(rest, '/') == NULL) {
			r->arg = rest;
			return &routes[i];
		}
	}
	return NULL;
}

/*
 * Chooses the language: ?lang= (remembered in a cookie), else the lang
 * cookie, else Japanese.
 */
static void
choose_lang(struct req *r)
{
	const char *q, *c;

	r->lang = LANG_JA;
	q = kv_get(&r->query, "lang");
	if (q != NULL && i18n_lang(q, &r->lang) == 0) {
		buf_puts(&r->headers, "Set-Cookie: ");
		cookie_format(
		    &r->headers, "lang", q, "/", 31536000,
		    COOKIE_HTTPONLY | COOKIE_SAMESITE_LAX |
			(r->app->cfg.secure_cookies ? COOKIE_SECURE : 0));
		buf_puts(&r->headers, "\r\n");
		return;
	}
	c = kv_get(&r->cookies, "lang");
	if (c != NULL)
		(void)i18n_lang(c, &r->lang);
}

/* Fills in what the layout needs in every view model. */
static void
view_common(struct req *r)
{
	enum lang other = r->lang == LANG_JA ? LANG_EN : LANG_JA;
	struct json_object *sw;

	json_object_object_add(r->view, "t",
			       json_object_get(r->app->i18n.cat[r->lang]));
	json_object_object_add(r->view, "lang",
			       json_object_new_string(i18n_codes[r->lang]));
	sw = json_object_new_object();
	json_object_object_add(sw, "code",
			       json_object_new_string(i18n_codes[other]));
	json_object_object_add(sw, "label",
			       json_object_new_string(i18n_text(
				   &r->app->i18n, other, "lang_name")));
	json_object_object_add(sw, "path", json_object_new_string(r->path));
	json_object_object_add(r->view, "switch", sw);
}

/* Sets up the router's error page for status. */
static void
error_page(struct req *r, int status)
{
	char key[32];

	snprintf(key, sizeof(key), "error_%d", status);
	r->page = VIEW_ERROR;
	json_object_object_add(r->view, "title",
			       json_object_new_string(req_text(r, key)));
	snprintf(key, sizeof(key), "error_%d_text", status);
	json_object_object_add(r->view, "message",
			       json_object_new_string(req_text(r, key)));
}

/* Renders r->page with the layout into out. */
void
app_render(struct req *r, struct buf *out)
{
	view_common(r);
	view_render(&r->app->views, r->page, r->view, out);
}

/*
 * Writes the response: status line, headers and, except for HEAD, the
 * body: r->page rendered, or what the page put in r->body itself (then
 * r->content_type is set).  A write error means the client went away
 * (EPIPE); the request is over either way.
 */
static void
respond(struct req *r, int status)
{
	FCGX_Stream *out = r->fcgi->out;
	struct buf *body = &r->body;

	if (status == 303)
		FCGX_FPrintF(out, "Status: 303 See Other\r\nLocation: %s\r\n",
			     r->location);
	else {
		if (r->content_type == NULL) {
			buf_reset(body);
			app_render(r, body);
		}
		FCGX_FPrintF(out,
			     "Status: %d %s\r\nContent-Type: %s\r\n"
			     "Content-Length: %lu\r\n",
			     status, status_reason(status),
			     r->content_type == NULL ? HTML_TYPE
						     : r->content_type,
			     (unsigned long)body->len);
	}
	if (status == 405)
		FCGX_PutS("Allow: GET, HEAD, POST\r\n", out);
	FCGX_PutS("Cache-Control: no-store\r\n", out);
	FCGX_PutStr(r->headers.ptr == NULL ? "" : r->headers.ptr,
		    (int)r->headers.len, out);
	FCGX_PutS("\r\n", out);
	if (status != 303 && r->method != METHOD_HEAD)
		FCGX_PutStr(body->ptr, (int)body->len, out);
}

/* Sets method and path and parses the query and cookies.  Returns 0 or 400/405.
 */
static int
parse_head(struct req *r)
{
	const char *m, *uri, *q, *ck;
	size_t i;

	m = FCGX_GetParam("REQUEST_METHOD", r->fcgi->envp);
	uri = FCGX_GetParam("REQUEST_URI", r->fcgi->envp);
	if (uri == NULL || uri[0] != '/')
		uri = "/";
	q = strchr(uri, '?');
	r->path = q == NULL ? xstrdup(uri) : xstrndup(uri, (size_t)(q - uri));
	for (i = 0; i < METHOD__MAX; i++)
		if (m != NULL && strcmp(m, method_names[i]) == 0)
			break;
	if (i == METHOD__MAX)
		return 405;
	r->method = (enum method)i;
	if (q != NULL &&
	    urlenc_parse(q + 1, strlen(q + 1), URLENC_STRICT, &r->query) != 0)
		return 400;
	ck = FCGX_GetParam("HTTP_COOKIE", r->fcgi->envp);
	if (ck != NULL && cookie_parse(ck, &r->cookies) != 0)
		return 400;
	return 0;
}

/* Runs the page function of the route.  Returns the status. */
static int
dispatch(struct req *r)
{
	const struct route *rt;
	int status;

	if ((rt = route_find(r)) == NULL)
		return 404;
	if (r->method != METHOD_POST)
		return rt->get(r);
	if (rt->post == NULL)
		return 405;
	if ((status = body_read(r, r->app->cfg.body_max)) != 0)
		return status;
	return rt->post(r);
}

static void
req_init(struct req *r, const struct app *a, struct db *db, FCGX_Request *f)
{
	unsigned char id[8];

	memset(r, 0, sizeof(*r));
	r->app = a;
	r->db = db;
	r->fcgi = f;
	r->method = METHOD_GET;
	r->page = VIEW__MAX;
	kv_init(&r->query);
	kv_init(&r->cookies);
	kv_init(&r->form);
	buf_init(&r->headers);
	buf_init(&r->body);
	r->view = json_object_new_object();
	randombytes_buf(id, sizeof(id));
	sodium_bin2hex(r->id, sizeof(r->id), id, sizeof(id));
}

static void
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

/* Milliseconds since t0. */
static double
elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/*
 * Handles one FastCGI request from start to log line.  The router owns
 * the error pages: a page function never writes its own 404 or 500.
 */
void
app_handle(const struct app *a, struct db *db, FCGX_Request *f)
{
	struct req r;
	struct timespec t0;
	const char *m;
	int status;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	req_init(&r, a, db, f);
	if ((status = parse_head(&r)) == 0) {
		choose_lang(&r);
		status = dispatch(&r);
	}
	if (status != 303 && r.page == VIEW__MAX && r.content_type == NULL)
		error_page(&r, status);
	respond(&r, status);
	m = FCGX_GetParam("REQUEST_METHOD", f->envp);
	log_request(r.id, m == NULL ? "-" : m, r.path, status, elapsed_ms(&t0));
	req_free(&r);
}
