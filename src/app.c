#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fcgiapp.h>
#include <json-c/json.h>

#include "app.h"
#include "db.h"
#include "health.h"
#include "layout.h"
#include "metrics.h"
#include "body.h"
#include "buf.h"
#include "cookie.h"
#include "log.h"
#include "origin.h"
#include "pages.h"
#include "req.h"
#include "session.h"
#include "urlenc.h"

/*
 * The routes.  In a path, '*' stands for one non-empty segment, which the
 * page finds in r->arg.  roles 0 is a public page; otherwise only a
 * signed-in account of one of those roles gets in, and a POST must carry
 * CSRF proof: no page checks permissions by hand.  The first route that
 * matches wins, so within a group an exact path comes before a '*' that
 * would match it too.
 *
 * read_db marks a GET that records nothing (no audit entry, no state):
 * once the session is checked on the primary (sessions are written), its
 * statements on r->db run on the read connection, CORPS_DB_READ,
 * typically a standby (use_read_db); upkeep that writes (the dashboard's
 * fold) uses r->db_write.  Mark a route only after reading every
 * statement its GET runs.
 */
struct route {
	const char *path;
	unsigned int roles;
	int (*get)(struct req *);
	int (*post)(struct req *);
	int read_db;
};

#define PUBLIC	 0
#define REVIEWER ROLE_BIT(ROLE_REVIEWER)
#define MINISTRY ROLE_BIT(ROLE_MINISTRY)
#define ADMIN	 ROLE_BIT(ROLE_ADMIN)
/* Training: reviewers and administrators; an instructor its sessions. */
#define TRAINING   (REVIEWER | ADMIN)
#define INSTRUCTOR ROLE_BIT(ROLE_INSTRUCTOR)

static const struct route routes[] = {
	/* Monitoring: nginx lets only loopback clients reach these. */
	{ "/healthz", PUBLIC, .get = page_healthz_get },
	{ "/metrics", PUBLIC, .get = page_metrics_get },
	/* Public: the application form, the applicant's pages, sign-in. */
	{ "/", PUBLIC, .get = page_home_get },
	{ "/apply", PUBLIC, .get = page_apply_get, .post = page_apply_post },
	{ "/receipt/*", PUBLIC, .get = page_receipt_get },
	{ "/status/*", PUBLIC, .get = page_status_get,
	  .post = page_status_post },
	{ "/status/*/mail", PUBLIC, .post = page_status_mail_post },
	{ "/status/*/training", PUBLIC, .post = page_status_training_post },
	{ "/status/*/inquiries", PUBLIC, .post = page_status_inquiry_post },
	{ "/lost-link", PUBLIC, .get = page_lost_link_get,
	  .post = page_lost_link_post },
	{ "/login", PUBLIC, .get = page_login_get, .post = page_login_post },
	{ "/logout", ROLES_STAFF, .post = page_logout_post },

	/*
	 * /review: the Secretariat's reviewers.  "screening" before the
	 * "/review/applications/ *" that would match it.
	 */
	{ "/review", REVIEWER, .get = page_dashboard_get, .read_db = 1 },
	{ "/review/applications", REVIEWER, .get = page_review_list_get,
	  .read_db = 1 },
	{ "/review/applications.csv", REVIEWER, .get = page_review_csv_get },
	{ "/review/applications/screening", REVIEWER,
	  .post = page_review_screening_post },
	{ "/review/applications/*", REVIEWER, .get = page_review_app_get },
	{ "/review/applications/*/cv", REVIEWER, .get = page_review_cv_get },
	{ "/review/applications/*/letter", REVIEWER,
	  .get = page_review_letter_get },
	{ "/review/applications/*/notes", REVIEWER,
	  .post = page_review_note_post },
	{ "/review/applications/*/messages", REVIEWER,
	  .post = page_review_message_post },
	{ "/review/applications/*/decision", REVIEWER,
	  .post = page_review_decision_post },
	{ "/review/applications/*/certificates", REVIEWER,
	  .post = page_review_cert_post },

	/*
	 * /ministry: the ministries' liaison officers.  "new" before the
	 * "/ministry/nominations/ *" that would match it.
	 */
	{ "/ministry", MINISTRY, .get = page_ministry_get },
	{ "/ministry/nominations.csv", MINISTRY, .get = page_ministry_csv_get },
	{ "/ministry/nominations/new", MINISTRY, .get = page_nomination_new_get,
	  .post = page_nomination_new_post },
	{ "/ministry/nominations/*", MINISTRY, .get = page_nomination_get },
	{ "/ministry/nominations/*/letter", MINISTRY,
	  .get = page_nomination_letter_get },
	{ "/ministry/nominations/*/cv", MINISTRY,
	  .get = page_nomination_cv_get },
	{ "/ministry/nominations/*/withdraw", MINISTRY,
	  .post = page_nomination_withdraw_post },
	{ "/ministry/nominations/*/training", MINISTRY,
	  .post = page_nomination_training_post },
	{ "/ministry/nominations/*/inquiries", MINISTRY,
	  .post = page_nomination_inquiry_post },

	/*
	 * /plans, implementation plans (page_plan*.c): the list, a plan's
	 * page and forms, its status, amendment, principles, roster and
	 * timeline (page_timeline.c).
	 * "new" before the "/plans/ *" that would match it.
	 */
	{ "/plans", REVIEWER | ADMIN, .get = page_plans_get, .read_db = 1 },
	{ "/plans/new", REVIEWER | ADMIN, .get = page_plan_new_get,
	  .post = page_plan_new_post },
	{ "/plans/*", REVIEWER | ADMIN, .get = page_plan_get },
	{ "/plans/*/edit", REVIEWER | ADMIN, .get = page_plan_edit_get,
	  .post = page_plan_edit_post },
	{ "/plans/*/status", REVIEWER | ADMIN, .post = page_plan_status_post },
	{ "/plans/*/amend", REVIEWER | ADMIN, .post = page_plan_amend_post },
	{ "/plans/*/principles/*", REVIEWER | ADMIN,
	  .post = page_plan_principle_post },
	{ "/plans/*/roster.csv", REVIEWER | ADMIN, .get = page_plan_csv_get },
	{ "/plans/*/timeline.svg", REVIEWER | ADMIN,
	  .get = page_plan_timeline_svg_get },

	/*
	 * Positions of a plan, their candidates and inquiries, and the
	 * assignments (page_position.c, page_assignment.c).
	 */
	{ "/plans/*/positions/new", REVIEWER | ADMIN,
	  .get = page_position_new_get, .post = page_position_new_post },
	{ "/positions/*", REVIEWER | ADMIN, .get = page_position_get },
	{ "/positions/*/edit", REVIEWER | ADMIN, .get = page_position_edit_get,
	  .post = page_position_edit_post },
	{ "/positions/*/inquiries", REVIEWER | ADMIN,
	  .post = page_position_inquiries_post },
	{ "/positions/*/assignments", REVIEWER | ADMIN,
	  .post = page_assignment_post },
	{ "/assignments/*/status", REVIEWER | ADMIN,
	  .post = page_assignment_status_post },

	/* /admin: accounts, ministries, the audit log and the mail queue. */
	{ "/admin/users", ADMIN, .get = page_admin_users_get },
	{ "/admin/users/new", ADMIN, .get = page_admin_user_new_get,
	  .post = page_admin_user_new_post },
	{ "/admin/users/*/disable", ADMIN,
	  .post = page_admin_user_disable_post },
	{ "/admin/users/*/enable", ADMIN, .post = page_admin_user_enable_post },
	{ "/admin/users/*/password", ADMIN, .get = page_admin_user_password_get,
	  .post = page_admin_user_password_post },
	{ "/admin/ministries", ADMIN, .get = page_admin_ministries_get },
	{ "/admin/ministries/new", ADMIN, .get = page_admin_ministry_new_get,
	  .post = page_admin_ministry_new_post },
	{ "/admin/ministries/*/edit", ADMIN,
	  .get = page_admin_ministry_edit_get,
	  .post = page_admin_ministry_edit_post },
	{ "/admin/audit", ADMIN, .get = page_admin_audit_get },
	{ "/admin/mail", ADMIN, .get = page_admin_mail_get },
	{ "/admin/mail/*/resend", ADMIN, .post = page_admin_mail_resend_post },

	/*
	 * /training (issue 14): courses, sessions, enrolment, who is due.
	 * Reviewers and administrators; an instructor reaches only the
	 * session pages and /teach, and there only its own sessions (the
	 * pages ask the database for the session "of this instructor": any
	 * other is 404).  "new" before the "*" that would match it.
	 */
	{ "/training", TRAINING, .get = page_training_get },
	{ "/training/courses/new", TRAINING, .get = page_course_new_get,
	  .post = page_course_new_post },
	{ "/training/courses/*", TRAINING, .get = page_course_get },
	{ "/training/courses/*/edit", TRAINING, .get = page_course_edit_get,
	  .post = page_course_edit_post },
	{ "/training/courses/*/retire", TRAINING,
	  .post = page_course_retire_post },
	{ "/training/courses/*/delete", TRAINING,
	  .post = page_course_delete_post },
	{ "/training/sessions/new", TRAINING, .get = page_session_new_get,
	  .post = page_session_new_post },
	{ "/training/sessions/*", TRAINING | INSTRUCTOR,
	  .get = page_session_get },
	{ "/training/sessions/*/edit", TRAINING, .get = page_session_edit_get,
	  .post = page_session_edit_post },
	{ "/training/sessions/*/cancel", TRAINING,
	  .post = page_session_cancel_post },
	{ "/training/sessions/*/complete", TRAINING,
	  .post = page_session_complete_post },
	{ "/training/sessions/*/attendance", TRAINING | INSTRUCTOR,
	  .get = page_session_attendance_get,
	  .post = page_session_attendance_post },
	{ "/training/sessions/*/sheet.csv", TRAINING | INSTRUCTOR,
	  .get = page_session_sheet_get },
	{ "/training/certificates/*/evidence", TRAINING,
	  .get = page_cert_evidence_get },
	/* Enrolment by staff (page_enrol.c), and its removal. */
	{ "/training/enrol", TRAINING, .post = page_enrol_post },
	{ "/training/enrolments/*/remove", TRAINING,
	  .post = page_enrol_remove_post },
	/* Who is due and what expires. */
	{ "/training/due", TRAINING, .get = page_training_due_get,
	  .read_db = 1 },
	{ "/training/expiring", TRAINING, .get = page_training_expiring_get,
	  .read_db = 1 },
	/* An instructor's home. */
	{ "/teach", INSTRUCTOR, .get = page_teach_get },
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
	{ 409, "Conflict" },
	{ 413, "Content Too Large" },
	{ 415, "Unsupported Media Type" },
	{ 422, "Unprocessable Content" },
	{ 429, "Too Many Requests" },
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

/* Frees what app_load loaded. */
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

/*
 * Returns 1 if path matches the route's pattern, copying the segment that
 * the first '*' stands for into r->argbuf and a second's into r->arg2buf
 * (a segment too long for its buffer never matches).
 */
static int
route_match(const char *pat, const char *path, struct req *r)
{
	size_t n, cap;
	char *dst;
	int star = 0;

	while (*pat != '\0') {
		if (*pat == '*') {
			dst = star == 0 ? r->argbuf : r->arg2buf;
			cap =
			    star == 0 ? sizeof(r->argbuf) : sizeof(r->arg2buf);
			n = strcspn(path, "/");
			if (n == 0 || n >= cap || star > 1)
				return 0;
			memcpy(dst, path, n);
			dst[n] = '\0';
			if (star++ == 0)
				r->arg = r->argbuf;
			else
				r->arg2 = r->arg2buf;
			path += n;
			pat++;
		} else if (*pat++ != *path++)
			return 0;
	}
	return *path == '\0';
}

/* Finds the route for r->path, or NULL. */
static const struct route *
route_find(struct req *r)
{
	size_t i;

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (route_match(routes[i].path, r->path, r))
			return &routes[i];
	r->arg = r->arg2 = NULL;
	return NULL;
}

/* Sets up the router's error page for status. */
static void
error_page(struct req *r, int status)
{
	char key[64];

	if (r->error_key != NULL)
		snprintf(key, sizeof(key), "error_%s", r->error_key);
	else
		snprintf(key, sizeof(key), "error_%d", status);
	r->page = VIEW_ERROR;
	json_object_object_add(r->view, "title",
			       json_object_new_string(req_text(r, key)));
	strncat(key, "_text", sizeof(key) - strlen(key) - 1);
	json_object_object_add(r->view, "message",
			       json_object_new_string(req_text(r, key)));
}

/* Renders r->page with the layout into out. */
void
app_render(struct req *r, struct buf *out)
{
	layout_view(r);
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
			/* The layout's title then begins with "Error:". */
			view_bool(r->view, "invalid", status == 422);
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
		FCGX_FPrintF(out, "Allow: %s\r\n",
			     r->allow == NULL ? "GET, HEAD, POST" : r->allow);
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

/*
 * Sends a visitor without a session to the sign-in page, which brings
 * them back here afterwards (GET only: a POST cannot be replayed).
 */
static int
to_login(struct req *r)
{
	const char *uri = FCGX_GetParam("REQUEST_URI", r->fcgi->envp);
	struct buf b;

	if (r->method == METHOD_POST || uri == NULL ||
	    !origin_local_path(uri)) {
		req_redirect(r, "/login");
		return 303;
	}
	buf_init(&b);
	urlenc_encode(&b, uri);
	req_redirect(r, "/login?next=%s", b.ptr);
	buf_free(&b);
	return 303;
}

/*
 * Lets a request into a staff route: a live session (else 303 to the
 * sign-in page) of one of the route's roles (else 403).  Returns 0 or the
 * status to answer.
 */
static int
guard(struct req *r, const struct route *rt)
{
	int rc;

	if (rt->roles == 0)
		return 0;
	if ((rc = session_load(r)) > 0)
		return rc;
	if (rc < 0)
		return to_login(r);
	if ((rt->roles & ROLE_BIT(r->staff.role)) == 0)
		return 403;
	return 0;
}

/*
 * Moves the GET of a route marked read_db onto the worker's read connection
 * (CORPS_DB_READ), if there is one; when that cannot even say how fresh
 * its data are (down, or not reached), the page runs on the primary.
 */
static void
use_read_db(struct req *r, const struct route *rt)
{
	if (!rt->read_db || r->db_read == NULL)
		return;
	r->db = r->db_read;
	if (health_freshness(r) != DB_OK)
		r->db = r->db_write;
}

/*
 * Runs the page function of the route.  A staff POST needs both CSRF
 * layers: the same-origin check and the session's token.  Returns the
 * status.
 */
static int
dispatch(struct req *r)
{
	const struct route *rt;
	int status;

	if ((rt = route_find(r)) == NULL)
		return 404;
	r->route = (int)(rt - routes);
	if ((r->method == METHOD_POST ? rt->post : rt->get) == NULL) {
		r->allow = rt->get == NULL    ? "POST"
			   : rt->post == NULL ? "GET, HEAD"
					      : "GET, HEAD, POST";
		return 405;
	}
	if ((status = guard(r, rt)) != 0)
		return status;
	if (r->method != METHOD_POST) {
		use_read_db(r, rt);
		return rt->get(r);
	}
	if ((status = body_read(r, r->app->cfg.body_max)) != 0)
		return status;
	if (rt->roles != 0 && (!req_same_origin(r) || !session_csrf_ok(r))) {
		r->error_key = "csrf";
		return 403;
	}
	return rt->post(r);
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

/* Returns route i's pattern, the label of its metrics. */
const char *
app_route_path(int i)
{
	return routes[i].path;
}

/* Returns the number of routes (metrics_init). */
int
app_nroutes(void)
{
	return (int)(sizeof(routes) / sizeof(routes[0]));
}

/*
 * Handles one FastCGI request from start to log line, on the worker's
 * connections to the primary (db) and to CORPS_DB_READ (db_read, or
 * NULL).  The router owns the error pages: a page function never writes
 * its own 404 or 500.
 */
void
app_handle(const struct app *a, struct db *db, struct db *db_read,
	   FCGX_Request *f)
{
	struct req r;
	struct timespec t0;
	const char *m;
	int status;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	req_init(&r, a, db, db_read, f);
	if ((status = parse_head(&r)) == 0) {
		layout_lang(&r);
		status = dispatch(&r);
	}
	if (status != 303 && r.page == VIEW__MAX && r.content_type == NULL)
		error_page(&r, status);
	respond(&r, status);
	db_idle(db);
	db_idle(db_read);
	m = FCGX_GetParam("REQUEST_METHOD", f->envp);
	log_request(r.id, m == NULL ? "-" : m, r.path, status, elapsed_ms(&t0));
	metrics_request(r.route, status, elapsed_ms(&t0) / 1000.0);
	if (metrics_sample_due())
		(void)health_sample_outbox(&r);
	req_free(&r);
}
