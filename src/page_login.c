#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>
#include <sodium.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "origin.h"
#include "pages.h"
#include "req.h"
#include "session.h"
#include "staff.h"
#include "stmt_staff.h"

/*
 * The sign-in form's own CSRF proof, before there is a session: a random
 * token in a cookie and the same in the form (double submit).
 */
#define PRE_COOKIE "corps_login"

enum login_field { LF_LOGIN, LF_PASSWORD, LF__MAX };

static const struct fdef login_fields[LF__MAX] = {
	[LF_LOGIN] = { .name = "login",
		       .type = FT_TEXT,
		       .required = 1,
		       .maxlen = 32,
		       .autocomplete = "username" },
	[LF_PASSWORD] = { .name = "password",
			  .type = FT_PASSWORD,
			  .required = 1,
			  .maxlen = STAFF_PASSWORD_MAX,
			  .autocomplete = "current-password" },
};

static const struct fgroup login_groups[] = { { "login_title", 0, LF__MAX } };

/* Where an account goes after signing in when no page asked for it. */
static const char *const role_home[ROLE__MAX] = {
	[ROLE_ADMIN] = "/admin/users",
	[ROLE_REVIEWER] = "/review",
	[ROLE_MINISTRY] = "/ministry",
	[ROLE_INSTRUCTOR] = "/teach",
};

/* The account a login names, as far as signing in needs it. */
struct account {
	long long id;
	char hash[STAFF_HASH_MAX];
	enum role role;
	char ministry[9];
	int usable; /* exists and is not disabled */
};

/*
 * Shows the sign-in form with f's values and errors, the pre-session
 * token pre and, when wait > 0, how long to wait.  Returns status.
 */
static int
login_form_show(struct req *r, const struct form *f, const char *pre, int wait,
		int status)
{
	const char *next =
	    kv_get(r->method == METHOD_POST ? &r->form : &r->query, "next");

	json_object_object_add(
	    r->view, "form",
	    form_view(f, login_groups, 1, &r->app->i18n, r->lang));
	view_str(r->view, "csrf", pre);
	if (origin_local_path(next))
		view_str(r->view, "next", next);
	if (wait > 0)
		json_object_object_add(
		    r->view, "wait",
		    i18n_format(&r->app->i18n, r->lang,
				wait > 60 ? "login_locked" : "login_wait",
				wait > 60 ? (wait + 59) / 60 : wait));
	view_str(r->view, "title", req_text(r, "login_title"));
	r->page = VIEW_LOGIN;
	return status;
}

/* GET /login: the sign-in form with a new pre-session token.  200. */
int
page_login_get(struct req *r)
{
	struct form f;
	char pre[TOKEN_TEXTLEN + 1];
	int status;

	token_new(pre);
	session_cookie(r, PRE_COOKIE, pre, 3600);
	form_init(&f, login_fields, LF__MAX);
	status = login_form_show(r, &f, pre, 0, 200);
	form_free(&f);
	return status;
}

/* Returns 1 if the POST carries the pre-session token of its cookie. */
static int
pre_token_ok(const struct req *r, const char **pre)
{
	const char *field = req_param(r, "csrf");

	*pre = kv_get(&r->cookies, PRE_COOKIE);
	return *pre != NULL && field != NULL && strlen(*pre) == TOKEN_TEXTLEN &&
	       strlen(field) == TOKEN_TEXTLEN &&
	       sodium_memcmp(*pre, field, TOKEN_TEXTLEN) == 0;
}

/*
 * Sets *wait to the seconds this sign-in must still wait (the longer of
 * the account's and the address's).  Both counters stay locked until the
 * transaction ends.  Returns the statement's db_status.
 */
static enum db_status
throttle_wait(struct req *r, const char *akey, const char *ckey, int *wait)
{
	PGresult *res;
	enum db_status st;
	int i, w;

	*wait = 0;
	st = db_run(r->db, &stmt_staff[STMT_STAFF_THROTTLE_LOCK], &res, 2, akey,
		    ckey);
	if (st != DB_OK)
		return st;
	for (i = 0; i < PQntuples(res); i++) {
		w = staff_login_wait(
		    strcmp(PQgetvalue(res, i, STC_KEY), akey) == 0
			? THROTTLE_ACCOUNT
			: THROTTLE_ADDRESS,
		    atoi(PQgetvalue(res, i, STC_FAILURES)),
		    strtod(PQgetvalue(res, i, STC_SECONDS), NULL));
		*wait = w > *wait ? w : *wait;
	}
	PQclear(res);
	return DB_OK;
}

/*
 * Reserves this sign-in attempt before its password is checked: under
 * the lock of both counters, the wait they impose is read and, when there
 * is none, the attempt is counted as a failure (a success gives it back).
 * Parallel attempts thus queue and see each other's counts, so no more of
 * them reach the password check than the limits allow.  Returns the
 * seconds still to wait (nothing counted), 0 (counted), or -503/-500.
 */
static int
reserve(struct req *r, const char *akey, const char *ckey)
{
	PGresult *res;
	enum db_status st;
	char lock[16];
	int wait;

	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return -db_http(st);
	st = throttle_wait(r, akey, ckey, &wait);
	if (st == DB_OK && wait == 0) {
		snprintf(lock, sizeof(lock), "%d", STAFF_LOCK_SECONDS);
		st = db_run(r->db, &stmt_staff[STMT_STAFF_THROTTLE_FAIL], &res,
			    3, akey, ckey, lock);
		PQclear(res);
	}
	st = db_end(r->db, st, 1);
	return st == DB_OK ? wait : -db_http(st);
}

/* Looks the account up by login.  Returns 0, or 503/500. */
static int
account_get(struct req *r, const char *login, struct account *a)
{
	PGresult *res;
	enum db_status st;

	memset(a, 0, sizeof(*a));
	st = db_run(r->db, &stmt_staff[STMT_STAFF_BY_LOGIN], &res, 1, login);
	if (st != DB_OK)
		return db_http(st);
	if (PQntuples(res) == 1 &&
	    role_parse(PQgetvalue(res, 0, SLC_ROLE), &a->role) == 0) {
		a->id = strtoll(PQgetvalue(res, 0, SLC_ID), NULL, 10);
		snprintf(a->hash, sizeof(a->hash), "%s",
			 PQgetvalue(res, 0, SLC_HASH));
		snprintf(a->ministry, sizeof(a->ministry), "%s",
			 PQgetvalue(res, 0, SLC_MINISTRY));
		a->usable = strcmp(PQgetvalue(res, 0, SLC_DISABLED), "f") == 0;
	}
	PQclear(res);
	return 0;
}

/* Re-hashes a verified password made with older limits (logged if not). */
static void
rehash(struct req *r, const struct account *a, const char *pw)
{
	char hash[STAFF_HASH_MAX], id[24];
	PGresult *res;

	if (!staff_needs_rehash(a->hash) || staff_hash(pw, hash) != 0)
		return;
	snprintf(id, sizeof(id), "%lld", a->id);
	(void)db_run(r->db, &stmt_staff[STMT_STAFF_REHASH], &res, 2, id, hash);
	PQclear(res);
}

/*
 * Signs the account in: a new session (see session_start), the
 * account's failure count cleared and the address's reserved failure
 * given back, the event audited, the pre-session cookie removed, and a
 * 303 to next or the role's home.  Returns 303 or 503/500.
 */
static int
signed_in(struct req *r, const struct account *a, const char *akey,
	  const char *ckey)
{
	const char *next = req_param(r, "next");
	PGresult *res;
	int rc;

	/* Signed in from here on, should an error page follow. */
	r->staff.role = a->role;
	snprintf(r->staff.ministry, sizeof(r->staff.ministry), "%s",
		 a->ministry);
	if ((rc = session_start(r, a->id)) != 0)
		return rc;
	(void)db_run(r->db, &stmt_staff[STMT_STAFF_THROTTLE_CLEAR], &res, 2,
		     akey, ckey);
	PQclear(res);
	if (audit_add(r, "login", "staff_account", r->staff.login, NULL,
		      NULL) != DB_OK)
		return 503;
	session_cookie(r, PRE_COOKIE, "", 0);
	req_redirect(r, "%s",
		     origin_local_path(next) ? next : role_home[a->role]);
	return 303;
}

/*
 * Checks the password of login (the dummy hash for unknown and disabled
 * accounts, so that all take as long) and signs in; the attempt was
 * counted as a failure beforehand (reserve).  Returns 303, 422 for a
 * wrong login or password (audited), 503/500.
 */
static int
attempt(struct req *r, struct form *f, const char *pre, const char *akey,
	const char *ckey)
{
	const char *pw = form_value(f, LF_PASSWORD);
	struct account a;
	int rc, ok;

	if ((rc = account_get(r, r->staff.login, &a)) != 0)
		return rc;
	ok = staff_verify(a.usable ? a.hash : NULL, pw);
	if (!ok) {
		if ((rc = db_http(audit_add(r, "login.failed", "staff_account",
					    r->staff.login, NULL, NULL))) != 0)
			return rc;
		form_error(f, LF_LOGIN, "err_login_failed", 0);
		return login_form_show(r, f, pre, 0, 422);
	}
	rehash(r, &a, pw);
	return signed_in(r, &a, akey, ckey);
}

/*
 * POST /login.  303 on success; 422 with the form for missing fields or
 * a wrong login or password; 429 while slowed down or locked; 403
 * without the pre-session token or from another site; 503/500.
 */
int
page_login_post(struct req *r)
{
	char akey[64], ckey[80];
	const char *pre;
	struct form f;
	size_t i;
	int rc;

	if (!req_same_origin(r) || !pre_token_ok(r, &pre)) {
		r->error_key = "csrf";
		return 403;
	}
	form_init(&f, login_fields, LF__MAX);
	form_read(&f, &r->form);
	if (f.nerr > 0) {
		rc = login_form_show(r, &f, pre, 0, 422);
		goto out;
	}
	snprintf(r->staff.login, sizeof(r->staff.login), "%s",
		 form_value(&f, LF_LOGIN));
	for (i = 0; r->staff.login[i] != '\0'; i++)
		r->staff.login[i] =
		    (char)tolower((unsigned char)r->staff.login[i]);
	snprintf(akey, sizeof(akey), "account:%s", r->staff.login);
	snprintf(ckey, sizeof(ckey), "addr:%s",
		 req_client_addr(r) == NULL ? "-" : req_client_addr(r));
	if ((rc = reserve(r, akey, ckey)) < 0) {
		rc = -rc;
		goto out;
	}
	if (rc > 0) {
		(void)audit_add(r, "login.throttled", "staff_account",
				r->staff.login, NULL, NULL);
		rc = login_form_show(r, &f, pre, rc, 429);
		goto out;
	}
	rc = attempt(r, &f, pre, akey, ckey);
out:
	form_free(&f);
	return rc;
}

/* POST /logout: ends the session.  303 to the sign-in page, or 503/500. */
int
page_logout_post(struct req *r)
{
	int rc;

	if (audit_add(r, "logout", "staff_account", r->staff.login, NULL,
		      NULL) != DB_OK)
		return 503;
	if ((rc = session_end(r)) != 0)
		return rc;
	req_redirect(r, "/login");
	return 303;
}
