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
#include "ministry.h"
#include "pages.h"
#include "req.h"
#include "staff.h"
#include "text.h"
#include "stmt_admin.h"
#include "stmt_staff.h"

/*
 * /admin/users: the administrator's view of staff accounts, doing what
 * "corps-admin user" does (the same statements), each change audited
 * with the account's state before and after, never a password or hash.
 */

enum user_field {
	UF_LOGIN,
	UF_ROLE,
	UF_MINISTRY,
	UF_EMAIL,
	UF_LANG,
	UF_PW,
	UF_PW2,
	UF__MAX
};
enum pw_field { PF_PW, PF_PW2, PF__MAX };

/* A new password, typed twice, or both left empty to generate one. */
#define PASSWORD_FIELD(n)                                                      \
	{                                                                      \
		.name = n, .type = FT_PASSWORD, .maxlen = STAFF_PASSWORD_MAX,  \
		.autocomplete = "new-password"                                 \
	}

static const struct fopt role_opts[ROLE__MAX] = {
	{ "admin", "role_admin" },
	{ "reviewer", "role_reviewer" },
	{ "ministry", "role_ministry" },
	{ "instructor", "role_instructor" },
};

/*
 * The language of the account's e-mail notices: Japanese unless chosen
 * (the form checks it; a request without the field gets ja).
 */
static const struct fopt lang_opts[] = {
	{ "ja", "opt_mail_lang_ja" },
	{ "en", "opt_mail_lang_en" },
};

/* The ministry's options come from the ministries table per request. */
static const struct fdef user_fields[UF__MAX] = {
	[UF_LOGIN] = { .name = "login",
		       .type = FT_TEXT,
		       .required = 1,
		       .maxlen = 32,
		       .autocomplete = "off" },
	[UF_ROLE] = { .name = "role",
		      .type = FT_SELECT,
		      .required = 1,
		      .opts = role_opts,
		      .nopts = ROLE__MAX,
		      .autocomplete = "off" },
	[UF_MINISTRY] = { .name = "ministry",
			  .type = FT_SELECT,
			  .autocomplete = "off" },
	[UF_EMAIL] = { .name = "email",
		       .type = FT_EMAIL,
		       .maxlen = 254,
		       .autocomplete = "off" },
	[UF_LANG] = { .name = "mail_lang",
		      .type = FT_RADIO,
		      FORM_OPTS(lang_opts) },
	[UF_PW] = PASSWORD_FIELD("new_password"),
	[UF_PW2] = PASSWORD_FIELD("new_password_again"),
};

static const struct fdef pw_fields[PF__MAX] = {
	[PF_PW] = PASSWORD_FIELD("new_password"),
	[PF_PW2] = PASSWORD_FIELD("new_password_again"),
};

static const struct fgroup user_groups[] = { { "admin_user_new", 0, UF__MAX } };
static const struct fgroup pw_groups[] = { { "admin_user_password", 0,
					     PF__MAX } };

/*
 * Loads the ministries into m and defs (a copy of user_fields with them
 * as the ministry's options).  Returns 0, or 503/500; the caller frees m
 * with ministries_free either way.
 */
static int
user_fields_load(struct req *r, struct ministries *m, struct fdef *defs)
{
	int rc;

	memcpy(defs, user_fields, sizeof(user_fields));
	rc = ministries_load(r, m);
	defs[UF_MINISTRY].opts = m->opts;
	defs[UF_MINISTRY].nopts = m->n;
	return rc;
}

/* Puts the accounts into the view as "users".  Returns 0, or 503/500. */
static int
users_view(struct req *r)
{
	struct json_object *arr, *o;
	PGresult *res;
	enum db_status st;
	char key[32];
	int i;

	if ((st = db_run(r->db, &stmt_admin[STMT_ADMIN_STAFF_LIST], &res, 0)) !=
	    DB_OK)
		return db_http(st);
	arr = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		o = json_object_new_object();
		view_str(o, "login", PQgetvalue(res, i, ASL_LOGIN));
		snprintf(key, sizeof(key), "role_%s",
			 PQgetvalue(res, i, ASL_ROLE));
		view_str(o, "role", req_text(r, key));
		view_str(o, "ministry", PQgetvalue(res, i, ASL_MINISTRY));
		view_str(o, "ministry_name",
			 PQgetvalue(res, i,
				    r->lang == LANG_JA ? ASL_MINISTRY_JA
						       : ASL_MINISTRY_EN));
		view_bool(o, "disabled",
			  *PQgetvalue(res, i, ASL_DISABLED) == 't');
		view_str(o, "created", PQgetvalue(res, i, ASL_CREATED));
		view_str(o, "email", PQgetvalue(res, i, ASL_EMAIL));
		view_bool(
		    o, "self",
		    strcmp(PQgetvalue(res, i, ASL_LOGIN), r->staff.login) == 0);
		json_object_array_add(arr, o);
	}
	json_object_object_add(r->view, "users", arr);
	PQclear(res);
	return 0;
}

/* Shows the list of accounts with status (and any message set).  */
static int
show_users(struct req *r, int status)
{
	int rc;

	if ((rc = users_view(r)) != 0)
		return rc;
	view_str(r->view, "title", req_text(r, "nav_users"));
	r->page = VIEW_ADMIN_USERS;
	return status;
}

/* GET /admin/users: every account.  200, or 503/500. */
int
page_admin_users_get(struct req *r)
{
	return show_users(r, 200);
}

/* Shows the new-account form f with status. */
static int
show_new(struct req *r, const struct form *f, int status)
{
	json_object_object_add(
	    r->view, "form",
	    form_view(f, user_groups, 1, &r->app->i18n, r->lang));
	view_str(r->view, "title", req_text(r, "admin_user_new"));
	r->page = VIEW_ADMIN_USER_NEW;
	return status;
}

/*
 * GET /admin/users/new: the empty form, notices in Japanese.  200, or
 * 503/500.
 */
int
page_admin_user_new_get(struct req *r)
{
	struct fdef defs[UF__MAX];
	struct ministries m;
	struct form f;
	int rc;

	if ((rc = user_fields_load(r, &m, defs)) == 0) {
		form_init(&f, defs, UF__MAX);
		buf_puts(&f.val[UF_LANG], "ja");
		rc = show_new(r, &f, 200);
		form_free(&f);
	}
	ministries_free(&m);
	return rc;
}

/*
 * Checks the two password fields at pw and pw + 1 of f.  Returns 1 when
 * both are empty (a password is to be generated), else 0, with a message
 * on the field at fault when the first is too short or too long (in
 * bytes) or the second differs.
 */
static int
passwords_check(struct form *f, size_t pw)
{
	const char *a = form_value(f, pw), *b = form_value(f, pw + 1);

	if (f->err[pw] != NULL || f->err[pw + 1] != NULL)
		return 0;
	if (*a == '\0' && *b == '\0')
		return 1;
	if (!staff_password_valid(a))
		form_error(f, pw, "err_password_length", STAFF_PASSWORD_MIN);
	else if (strcmp(a, b) != 0)
		form_error(f, pw + 1, "err_password_mismatch", 0);
	return 0;
}

/*
 * Checks the login (folded to half-width lower case, as sign-in folds
 * it; kept as typed when wrong) and that a ministry goes with the role
 * ministry and only with it.
 */
static void
account_check(struct form *f)
{
	struct buf *v = &f->val[UF_LOGIN];
	struct buf tmp;
	size_t i;

	if (f->err[UF_LOGIN] == NULL && v->len > 0) {
		buf_init(&tmp);
		text_halfwidth(v->ptr, &tmp);
		for (i = 0; i < tmp.len; i++)
			tmp.ptr[i] = (char)tolower((unsigned char)tmp.ptr[i]);
		if (!staff_login_valid(tmp.ptr))
			form_error(f, UF_LOGIN, "err_staff_login", 0);
		else {
			buf_reset(v);
			buf_puts(v, tmp.ptr);
		}
		buf_free(&tmp);
	}
	if (f->err[UF_ROLE] != NULL || f->err[UF_MINISTRY] != NULL)
		return;
	if (strcmp(form_value(f, UF_ROLE), "ministry") == 0)
		if (*form_value(f, UF_MINISTRY) == '\0')
			form_error(f, UF_MINISTRY, "err_staff_ministry", 0);
	if (strcmp(form_value(f, UF_ROLE), "ministry") != 0)
		if (*form_value(f, UF_MINISTRY) != '\0')
			form_error(f, UF_MINISTRY, "err_staff_no_ministry", 0);
}

/*
 * Hashes the typed password of field pw, or a generated one written to
 * gen_pw when gen is set.  Returns 0, or 500.
 */
static int
password_hash(const struct form *f, size_t pw, int gen,
	      char gen_pw[STAFF_GENERATED_LEN + 1], char hash[STAFF_HASH_MAX])
{
	if (gen)
		staff_generate_password(gen_pw, STAFF_GENERATED_LEN + 1);
	return staff_hash(gen ? gen_pw : form_value(f, pw), hash) == 0 ? 0
								       : 500;
}

/*
 * Shows the result of a change with a generated password: the password,
 * this once (it is stored nowhere).  A 200 page, not a redirect, for
 * that reason; the response is no-store like every staff page.
 */
static int
show_done(struct req *r, const char *login, const char *title_key,
	  const char *pw)
{
	view_str(r->view, "title", req_text(r, title_key));
	view_str(r->view, "login", login);
	view_str(r->view, "password", pw);
	r->page = VIEW_ADMIN_USER_DONE;
	return 200;
}

/* Returns the account's audited state: role, ministry, disabled. */
static struct json_object *
account_json(const char *role, const char *ministry, int disabled)
{
	struct json_object *o = json_object_new_object();

	view_str(o, "role", role);
	if (*ministry != '\0')
		view_str(o, "ministry", ministry);
	view_bool(o, "disabled", disabled);
	return o;
}

/*
 * Adds the account of the valid form f with its password's hash, and
 * audits it, in one transaction.  Returns 0, 422 with the form when the
 * login is taken, or 503/500.
 */
static int
account_add(struct req *r, struct form *f, const char *hash)
{
	const char *login = form_value(f, UF_LOGIN);
	struct json_object *after;
	PGresult *res;
	enum db_status st;
	int taken;

	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	st = db_run(r->db, &stmt_staff[STMT_STAFF_ADD], &res, SAD__MAX, login,
		    form_value(f, UF_ROLE), form_value(f, UF_MINISTRY), hash,
		    form_value(f, UF_EMAIL),
		    *form_value(f, UF_LANG) != '\0' ? form_value(f, UF_LANG)
						    : "ja");
	taken = st == DB_OK && PQntuples(res) == 0;
	PQclear(res);
	if (st == DB_OK && !taken) {
		after = account_json(form_value(f, UF_ROLE),
				     form_value(f, UF_MINISTRY), 0);
		view_str(after, "login", login);
		st = audit_add(r, "user.add", "staff_account", login, NULL,
			       after);
		json_object_put(after);
	}
	if (taken) {
		(void)db_end(r->db, st, 0);
		form_error(f, UF_LOGIN, "err_login_taken", 0);
		return show_new(r, f, 422);
	}
	return db_http(db_end(r->db, st, 1));
}

/*
 * POST /admin/users/new: adds an account.  303 to the list, or 200 with
 * a generated password; 422 with the form (values kept but passwords)
 * when something is wrong or the login is taken; 503/500.
 */
int
page_admin_user_new_post(struct req *r)
{
	char pw[STAFF_GENERATED_LEN + 1], hash[STAFF_HASH_MAX];
	struct fdef defs[UF__MAX];
	struct ministries m;
	struct form f;
	int rc, gen;

	if ((rc = user_fields_load(r, &m, defs)) != 0)
		goto out;
	form_init(&f, defs, UF__MAX);
	form_read(&f, &r->form);
	account_check(&f);
	gen = passwords_check(&f, UF_PW);
	if (f.nerr > 0)
		rc = show_new(r, &f, 422);
	else if ((rc = password_hash(&f, UF_PW, gen, pw, hash)) == 0 &&
		 (rc = account_add(r, &f, hash)) == 0) {
		if (gen)
			rc = show_done(r, form_value(&f, UF_LOGIN),
				       "admin_user_added", pw);
		else {
			req_redirect(r, "/admin/users");
			rc = 303;
		}
	}
	sodium_memzero(pw, sizeof(pw));
	form_free(&f);
out:
	ministries_free(&m);
	return rc;
}

/*
 * Disables (its sessions end with it) or enables again the account
 * r->arg, as disable says, and audits it, in one transaction; an account
 * already so is left as it is.  Returns 0, 404, or 503/500.
 */
static int
account_switch(struct req *r, int disable)
{
	struct json_object *before, *after, *d;
	PGresult *res;
	enum db_status st;
	int rc;

	if ((rc = audit_begin(r, &stmt_admin[STMT_ADMIN_STAFF_GET], &before)) !=
	    0)
		return rc;
	json_object_object_get_ex(before, "disabled", &d);
	if (json_object_get_boolean(d) == disable) {
		json_object_put(before);
		(void)db_end(r->db, DB_OK, 0);
		return 0;
	}
	st = db_run(
	    r->db,
	    &stmt_staff[disable ? STMT_STAFF_DISABLE : STMT_STAFF_ENABLE], &res,
	    1, r->arg);
	PQclear(res);
	after = json_object_new_object();
	json_object_object_foreach(before, k, v)
	    json_object_object_add(after, k, json_object_get(v));
	view_bool(after, "disabled", disable);
	if (st == DB_OK)
		st = audit_add(r, disable ? "user.disable" : "user.enable",
			       "staff_account", r->arg, before, after);
	json_object_put(before);
	json_object_put(after);
	return db_http(db_end(r->db, st, 1));
}

/*
 * POST /admin/users/{login}/disable.  303 to the list; 422 with the list
 * and a message for one's own account (an administrator must not lock
 * themselves out); 404; 503/500.
 */
int
page_admin_user_disable_post(struct req *r)
{
	int rc;

	if (strcmp(r->arg, r->staff.login) == 0) {
		view_str(r->view, "message",
			 req_text(r, "admin_err_disable_self"));
		return show_users(r, 422);
	}
	if ((rc = account_switch(r, 1)) != 0)
		return rc;
	req_redirect(r, "/admin/users");
	return 303;
}

/*
 * POST /admin/users/{login}/enable: lets a disabled account sign in
 * again (with its password as it was).  303 to the list; 404; 503/500.
 */
int
page_admin_user_enable_post(struct req *r)
{
	int rc;

	if ((rc = account_switch(r, 0)) != 0)
		return rc;
	req_redirect(r, "/admin/users");
	return 303;
}

/* Shows the new-password form f for the account r->arg with status. */
static int
show_password(struct req *r, const struct form *f, int status)
{
	json_object_object_add(
	    r->view, "form",
	    form_view(f, pw_groups, 1, &r->app->i18n, r->lang));
	view_str(r->view, "title", req_text(r, "admin_user_password"));
	view_str(r->view, "login", r->arg);
	r->page = VIEW_ADMIN_USER_PASSWORD;
	return status;
}

/* GET /admin/users/{login}/password: the form.  200, 404, 503/500. */
int
page_admin_user_password_get(struct req *r)
{
	struct json_object *state;
	struct form f;
	int rc;

	if ((rc = audit_before(r, &stmt_admin[STMT_ADMIN_STAFF_GET], &state)) !=
	    0)
		return rc;
	json_object_put(state);
	form_init(&f, pw_fields, PF__MAX);
	rc = show_password(r, &f, 200);
	form_free(&f);
	return rc;
}

/*
 * Sets the hash as the account's password (which ends its sessions) and
 * audits it, in one transaction.  Returns 0, 404, or 503/500.
 */
static int
account_passwd(struct req *r, const char *hash, int gen)
{
	struct json_object *after;
	PGresult *res;
	enum db_status st;
	int found;

	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	st = db_run(r->db, &stmt_staff[STMT_STAFF_PASSWD], &res, 2, r->arg,
		    hash);
	found = st == DB_OK && PQntuples(res) == 1;
	PQclear(res);
	if (st == DB_OK && !found) {
		(void)db_end(r->db, st, 0);
		return 404;
	}
	after = json_object_new_object();
	view_bool(after, "password_changed", 1);
	view_bool(after, "generated", gen);
	view_bool(after, "sessions_ended", 1);
	if (st == DB_OK)
		st = audit_add(r, "user.passwd", "staff_account", r->arg, NULL,
			       after);
	json_object_put(after);
	return db_http(db_end(r->db, st, 1));
}

/*
 * POST /admin/users/{login}/password: sets a new password.  303 to the
 * list, or 200 with a generated password; 422 with the form; 404;
 * 503/500.
 */
int
page_admin_user_password_post(struct req *r)
{
	char pw[STAFF_GENERATED_LEN + 1], hash[STAFF_HASH_MAX];
	struct form f;
	int rc, gen;

	form_init(&f, pw_fields, PF__MAX);
	form_read(&f, &r->form);
	gen = passwords_check(&f, PF_PW);
	if (f.nerr > 0)
		rc = show_password(r, &f, 422);
	else if ((rc = password_hash(&f, PF_PW, gen, pw, hash)) == 0 &&
		 (rc = account_passwd(r, hash, gen)) == 0) {
		if (gen)
			rc = show_done(r, r->arg, "admin_password_set", pw);
		else {
			req_redirect(r, "/admin/users");
			rc = 303;
		}
	}
	sodium_memzero(pw, sizeof(pw));
	form_free(&f);
	return rc;
}
