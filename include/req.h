/*
 * One request as the page functions see it, and what they answer.
 * A page function returns an HTTP status: 200 or 422 with r->page set
 * renders that page; 303 redirects to r->location; any other status
 * without a page gets the router's error page.  A page that writes its own
 * body (a download, a cached page) fills r->body and sets r->content_type.
 */
#ifndef REQ_H
#define REQ_H

#include <fcgiapp.h>

#include "buf.h"
#include "i18n.h"
#include "kv.h"
#include "view.h"

struct app;
struct db;
struct json_object;
struct mp_parser;
struct mp_part;

enum method { METHOD_GET, METHOD_HEAD, METHOD_POST, METHOD__MAX };

struct req {
	const struct app *app;
	struct db *db;
	FCGX_Request *fcgi;
	enum method method;
	char *path;	 /* without the query string */
	const char *arg; /* path after the route's prefix */
	char id[17];	 /* request id, for the log */
	struct kvlist query;
	struct kvlist cookies;
	struct kvlist form;   /* POSTed fields but files */
	struct mp_parser *mp; /* multipart body, for its files */
	enum lang lang;
	struct json_object *view; /* the page's view model */
	enum view page;		  /* VIEW__MAX: none */
	char *location;		  /* for 303 */
	struct buf headers;	  /* extra response header lines */
	struct buf body;	  /* the response body */
	const char *content_type; /* set: the page filled body itself */
};

const char *req_param(const struct req *, const char *);
const struct mp_part *req_file(const struct req *, const char *);
int req_same_origin(const struct req *);
const char *req_text(const struct req *, const char *);
void req_redirect(struct req *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

#endif /* !REQ_H */
