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
#include "staff.h"
#include "token.h"
#include "view.h"

struct app;
struct db;
struct json_object;
struct mp_parser;
struct mp_part;

enum method { METHOD_GET, METHOD_HEAD, METHOD_POST, METHOD__MAX };

/* The signed-in staff account (id 0: nobody). */
struct staff_user {
	long long id;
	char login[33];
	enum role role;
	char ministry[9];	       /* a liaison's ministry code */
	char token[TOKEN_TEXTLEN + 1]; /* the session cookie's token */
	char csrf[TOKEN_TEXTLEN + 1];  /* derived from the token */
};

struct req {
	const struct app *app;
	struct db *db;	     /* db_write, or db_read on a read_db route */
	struct db *db_write; /* the primary, for writes on any page */
	struct db *db_read;  /* CORPS_DB_READ's connection, or NULL */
	FCGX_Request *fcgi;
	enum method method;
	char *path;	 /* without the query string */
	const char *arg; /* the path segment a route's '*' stands for */
	int route;	 /* the index of the route matched; -1: none */
	char argbuf[64];
	const char *arg2; /* a second '*' segment (e.g. a principle's no) */
	char arg2buf[16];
	char id[17]; /* request id, for the log */
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
	const char *allow;	  /* a 405's Allow header, if not all */
	const char *error_key;	  /* error page texts error_KEY(_text) */
	struct staff_user staff;
};

void req_init(struct req *, const struct app *, struct db *, struct db *,
	      FCGX_Request *);
void req_free(struct req *);
const char *req_param(const struct req *, const char *);
const struct mp_part *req_file(const struct req *, const char *);
int req_same_origin(const struct req *);
const char *req_client_addr(const struct req *);
struct json_object *req_count(const struct req *, int, int);
const char *req_code_text(const struct req *, const char *, const char *);
const char *req_text(const struct req *, const char *);
void req_title(struct req *, const char *, const char *);
void req_redirect(struct req *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

#endif /* !REQ_H */
