#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "app.h"
#include "cookie.h"
#include "db.h"
#include "req.h"
#include "session.h"
#include "stmt_staff.h"

/*
 * The session cookie's name: with the __Host- prefix over https, so that
 * no other host or path can set it.
 */
const char *
session_cookie_name(const struct req *r)
{
	return r->app->cfg.secure_cookies ? "__Host-corps_session"
					  : "corps_session";
}

/*
 * Appends a Set-Cookie header for an HttpOnly, SameSite=Strict cookie of
 * path "/" (Secure over https); max_age 0 deletes it.
 */
void
session_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	buf_puts(&r->headers, "Set-Cookie: ");
	cookie_format(&r->headers, name, value, "/", max_age,
		      COOKIE_HTTPONLY | COOKIE_SAMESITE_STRICT |
			  (r->app->cfg.secure_cookies ? COOKIE_SECURE : 0));
	buf_puts(&r->headers, "\r\n");
}

/* Runs a statement whose first parameter is the hash of token. */
static enum db_status
by_hash(struct req *r, const struct stmt_def *s, const char *token,
	const char *p2, const char *p3, PGresult **res)
{
	unsigned char hash[TOKEN_HASHLEN];
	const char *v[3] = { (const char *)hash, p2, p3 };
	const int len[3] = { TOKEN_HASHLEN, 0, 0 }, fmt[3] = { 1, 0, 0 };

	token_hash(token, hash);
	return db_exec(r->db, s, p2 == NULL ? 1 : 3, v, len, fmt, res);
}

/*
 * Fills r->staff from the session cookie.  Returns 0 when signed in, -1
 * without a live session (none, unknown, expired, account disabled), or
 * 503/500 when the database cannot tell.
 */
int
session_load(struct req *r)
{
	const char *tok = kv_get(&r->cookies, session_cookie_name(r));
	unsigned char raw[TOKEN_BYTES];
	char idle[16], max[16];
	PGresult *res;
	enum db_status st;

	if (tok == NULL || token_decode(tok, raw) != 0)
		return -1;
	snprintf(idle, sizeof(idle), "%d", r->app->cfg.session_idle);
	snprintf(max, sizeof(max), "%d", r->app->cfg.session_max);
	if ((st = by_hash(r, &stmt_staff[STMT_STAFF_SESSION_LOAD], tok, idle,
			  max, &res)) != DB_OK)
		return db_http(st);
	if (PQntuples(res) != 1 ||
	    role_parse(PQgetvalue(res, 0, SSC_ROLE), &r->staff.role) != 0) {
		PQclear(res);
		return -1;
	}
	r->staff.id = strtoll(PQgetvalue(res, 0, SSC_ID), NULL, 10);
	snprintf(r->staff.login, sizeof(r->staff.login), "%s",
		 PQgetvalue(res, 0, SSC_LOGIN));
	snprintf(r->staff.ministry, sizeof(r->staff.ministry), "%s",
		 PQgetvalue(res, 0, SSC_MINISTRY));
	PQclear(res);
	memcpy(r->staff.token, tok, sizeof(r->staff.token));
	(void)token_derive(tok, "csrf", r->staff.csrf);
	return 0;
}

/*
 * Starts a new session for an account that has just signed in: a fresh
 * token (never the one the browser came with, whose session ends here),
 * stored hashed, set as the cookie.  Returns 0, or 503/500.
 */
int
session_start(struct req *r, long long account_id)
{
	const char *old = kv_get(&r->cookies, session_cookie_name(r));
	char tok[TOKEN_TEXTLEN + 1], id[24], idle[16], max[16];
	unsigned char hash[TOKEN_HASHLEN], raw[TOKEN_BYTES];
	const char *v[SSP__MAX] = {
		[SSP_TOKEN_HASH] = (const char *)hash,
		[SSP_ACCOUNT] = id,
		[SSP_CLIENT_ADDR] = req_client_addr(r),
		[SSP_IDLE] = idle,
		[SSP_MAX_AGE] = max,
	};
	const int len[SSP__MAX] = { [SSP_TOKEN_HASH] = TOKEN_HASHLEN };
	const int fmt[SSP__MAX] = { [SSP_TOKEN_HASH] = 1 };
	PGresult *res;
	enum db_status st = DB_OK;

	if (old != NULL && token_decode(old, raw) == 0) {
		st = by_hash(r, &stmt_staff[STMT_STAFF_SESSION_DELETE], old,
			     NULL, NULL, &res);
		PQclear(res);
	}
	if (st != DB_OK)
		return db_http(st);
	token_new(tok);
	token_hash(tok, hash);
	snprintf(id, sizeof(id), "%lld", account_id);
	snprintf(idle, sizeof(idle), "%d", r->app->cfg.session_idle);
	snprintf(max, sizeof(max), "%d", r->app->cfg.session_max);
	st = db_exec(r->db, &stmt_staff[STMT_STAFF_SESSION_INSERT], SSP__MAX, v,
		     len, fmt, &res);
	PQclear(res);
	if (st != DB_OK)
		return db_http(st);
	r->staff.id = account_id;
	memcpy(r->staff.token, tok, sizeof(tok));
	(void)token_derive(tok, "csrf", r->staff.csrf);
	session_cookie(r, session_cookie_name(r), tok, -1);
	return 0;
}

/* Ends the request's session and clears the cookie.  Returns 0 or 503/500. */
int
session_end(struct req *r)
{
	PGresult *res;
	enum db_status st;

	session_cookie(r, session_cookie_name(r), "", 0);
	if (r->staff.token[0] == '\0')
		return 0;
	st = by_hash(r, &stmt_staff[STMT_STAFF_SESSION_DELETE], r->staff.token,
		     NULL, NULL, &res);
	PQclear(res);
	if (st != DB_OK)
		return db_http(st);
	return 0;
}

/*
 * Returns 1 if the POSTed "csrf" field is the session's CSRF token,
 * compared in constant time.
 */
int
session_csrf_ok(const struct req *r)
{
	const char *f = req_param(r, "csrf");

	return f != NULL && r->staff.csrf[0] != '\0' &&
	       strlen(f) == TOKEN_TEXTLEN &&
	       sodium_memcmp(f, r->staff.csrf, TOKEN_TEXTLEN) == 0;
}
