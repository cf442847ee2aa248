#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "apply.h"
#include "db.h"
#include "derived.h"
#include "multipart.h"
#include "pages.h"
#include "req.h"
#include "text.h"
#include "token.h"
#include "stmt_apply.h"

/* Form fields copied as they are into parameters of the same meaning. */
static const struct {
	enum apply_insert_param param;
	enum apply_field field;
} ins_fields[] = {
	{ INS_FAMILY_KANJI, AF_FAMILY_KANJI },
	{ INS_GIVEN_KANJI, AF_GIVEN_KANJI },
	{ INS_FAMILY_KANA, AF_FAMILY_KANA },
	{ INS_GIVEN_KANA, AF_GIVEN_KANA },
	{ INS_FAMILY_ROMAJI, AF_FAMILY_ROMAJI },
	{ INS_GIVEN_ROMAJI, AF_GIVEN_ROMAJI },
	{ INS_BIRTH_DATE, AF_BIRTH_DATE },
	{ INS_EMAIL, AF_EMAIL },
	{ INS_PHONE, AF_PHONE },
	{ INS_POSTCODE, AF_POSTCODE },
	{ INS_PREFECTURE, AF_PREFECTURE },
	{ INS_ADDRESS, AF_ADDRESS },
	{ INS_EXPERIENCE_ABROAD, AF_EXPERIENCE_ABROAD },
	{ INS_PEACE_EXPERIENCE, AF_PEACE_EXPERIENCE },
	{ INS_EARLIEST_START, AF_EARLIEST_START },
	{ INS_MAX_MONTHS, AF_MAX_MONTHS },
	{ INS_EMERGENCY_NAME, AF_EMERGENCY_NAME },
	{ INS_EMERGENCY_RELATION, AF_EMERGENCY_RELATION },
	{ INS_EMERGENCY_PHONE, AF_EMERGENCY_PHONE },
};

/* The fields of the row's derived columns. */
static const struct derived_map apply_map = {
	.family_kanji = AF_FAMILY_KANJI,
	.given_kanji = AF_GIVEN_KANJI,
	.family_kana = AF_FAMILY_KANA,
	.given_kana = AF_GIVEN_KANA,
	.family_romaji = AF_FAMILY_ROMAJI,
	.given_romaji = AF_GIVEN_ROMAJI,
	.email = AF_EMAIL,
	.lang_first = AF_LANG_EN,
	.lang_last = AF_LANG_OTHER,
	.expertise = AF_EXPERTISE,
	.operations = AF_OPERATIONS,
};

/* What a submission stores besides the form's own values. */
struct submission {
	char form_token[TOKEN_TEXTLEN + 1];
	char status_token[TOKEN_TEXTLEN + 1];
	unsigned char form_hash[TOKEN_HASHLEN];
	unsigned char status_hash[TOKEN_HASHLEN];
	char reference[32];
	struct derived d;
	const struct mp_part *cv;
	const char *cv_name;
	int year;
	int replaced; /* the form was sent before, its link since replaced */
};

/*
 * Puts the form, its token and the page's flags into the view model and
 * selects the apply page.  Returns status, for the caller to pass on.
 */
static int
apply_form_show(struct req *r, const struct form *f, const char *token,
		int status)
{
	json_object_object_add(
	    r->view, "form",
	    form_view(f, apply_groups, APPLY_NGROUPS, &r->app->i18n, r->lang));
	json_object_object_add(r->view, "form_token",
			       json_object_new_string(token));
	json_object_object_add(r->view, "db_down",
			       json_object_new_boolean(status == 503));
	view_str(r->view, "title", req_text(r, "apply_title"));
	r->page = VIEW_APPLY;
	return status;
}

/* Returns a new view of the empty form in the request's language. */
static struct json_object *
empty_form_view(const struct req *r)
{
	struct json_object *v;
	struct form f;

	form_init(&f, apply_fields, AF__MAX);
	v = form_view(&f, apply_groups, APPLY_NGROUPS, &r->app->i18n, r->lang);
	form_free(&f);
	return v;
}

/* Stands for the token in the cached page; HTML escaping leaves it as is. */
#define TOKEN_MARK "corps-form-token-mark"

/*
 * The empty form page in one language, rendered once per worker and split
 * where the token goes: a GET then copies two strings around a fresh
 * token instead of rendering the whole form again.
 */
struct cached_page {
	struct buf html;
	size_t mark; /* offset of TOKEN_MARK in html */
};

/*
 * Renders the empty form page for r->lang into c.  Every later visitor
 * gets this page, so it is rendered without this visitor's query: the
 * language switch then links to plain /apply.  Returns 0 or -1.
 */
static int
cache_page(struct req *r, struct cached_page *c)
{
	const char *m;

	kv_free(&r->query);
	kv_init(&r->query);
	json_object_object_add(r->view, "form", empty_form_view(r));
	view_str(r->view, "form_token", TOKEN_MARK);
	view_str(r->view, "title", req_text(r, "apply_title"));
	r->page = VIEW_APPLY;
	buf_init(&c->html);
	app_render(r, &c->html);
	m = c->html.ptr == NULL ? NULL : strstr(c->html.ptr, TOKEN_MARK);
	if (m == NULL) {
		buf_free(&c->html);
		return -1;
	}
	c->mark = (size_t)(m - c->html.ptr);
	return 0;
}

/*
 * GET /apply: the empty form with a fresh one-time token, from the
 * worker's cache.  Workers are single-threaded, and a reload (SIGHUP)
 * starts new workers with new templates.  200, or 500 if the template
 * lost its token field.
 */
int
page_apply_get(struct req *r)
{
	static struct cached_page cache[LANG__MAX];
	struct cached_page *c = &cache[r->lang];
	char token[TOKEN_TEXTLEN + 1];

	if (c->html.ptr == NULL && cache_page(r, c) != 0) {
		r->page = VIEW__MAX;
		return 500;
	}
	token_new(token);
	buf_append(&r->body, c->html.ptr, c->mark);
	buf_puts(&r->body, token);
	buf_append(&r->body, c->html.ptr + c->mark + strlen(TOKEN_MARK),
		   c->html.len - c->mark - strlen(TOKEN_MARK));
	r->content_type = "text/html; charset=utf-8";
	return 200;
}

/*
 * Inserts the application.  Returns DB_OK with s->reference set (also
 * when this form token was already used: the first submission's
 * reference; or with s->replaced set when that one's status link was
 * replaced since), or the database status.
 */
static enum db_status
application_store(struct req *r, const struct form *f, struct submission *s)
{
	const char *v[INS__MAX] = { NULL };
	int len[INS__MAX] = { 0 }, fmt[INS__MAX] = { 0 };
	enum db_status st;
	PGresult *res;
	size_t i;

	token_reference(s->year, s->reference, sizeof(s->reference));
	v[INS_REFERENCE] = s->reference;
	v[INS_FORM_HASH] = (const char *)s->form_hash;
	v[INS_STATUS_HASH] = (const char *)s->status_hash;
	len[INS_FORM_HASH] = len[INS_STATUS_HASH] = TOKEN_HASHLEN;
	fmt[INS_FORM_HASH] = fmt[INS_STATUS_HASH] = 1;
	v[INS_LANG] = i18n_codes[r->lang];
	for (i = 0; i < sizeof(ins_fields) / sizeof(ins_fields[0]); i++)
		v[ins_fields[i].param] = form_value(f, ins_fields[i].field);
	v[INS_GENDER] =
	    f->val[AF_GENDER].len > 0 ? form_value(f, AF_GENDER) : NULL;
	v[INS_PRIVACY_VERSION] = r->app->cfg.privacy_version;
	derived_make(f, &apply_map, &s->d);
	v[INS_EMAIL_KEY] = s->d.email_key.ptr;
	v[INS_KANA_KEY] = s->d.kana_key.ptr;
	v[INS_LANGUAGES] = s->d.languages.ptr;
	v[INS_SEARCH_KEY] = s->d.search_key.ptr;
	v[INS_LANG_OTHER_NAME] = f->val[AF_LANG_OTHER].len > 0
				     ? form_value(f, AF_LANG_OTHER_NAME)
				     : NULL;
	v[INS_EXPERTISE] = s->d.expertise.ptr;
	v[INS_OPERATIONS] = s->d.operations.ptr;
	v[INS_STATUS_TOKEN] = s->status_token;
	if (s->cv != NULL) {
		v[INS_CV_NAME] = s->cv_name;
		v[INS_CV] = s->cv->data.ptr;
		len[INS_CV] = (int)s->cv->data.len;
		fmt[INS_CV] = 1;
	}
	st = db_exec(r->db,
		     s->cv != NULL ? &stmt_apply[STMT_APPLY_INSERT_CV]
				   : &stmt_apply[STMT_APPLY_INSERT],
		     s->cv != NULL ? INS__MAX : INS_CV_NAME, v, len, fmt, &res);
	if (st == DB_OK && PQntuples(res) == 1)
		snprintf(s->reference, sizeof(s->reference), "%s",
			 PQgetvalue(res, 0, AIC_REFERENCE));
	else if (st == DB_OK) {
		/* The token was used before: answer with that receipt. */
		PQclear(res);
		v[0] = (const char *)s->status_hash;
		st = db_exec(r->db, &stmt_apply[STMT_APPLY_BY_STATUS_TOKEN], 1,
			     v, len + INS_STATUS_HASH, fmt + INS_STATUS_HASH,
			     &res);
		if (st == DB_OK && PQntuples(res) == 1)
			snprintf(s->reference, sizeof(s->reference), "%s",
				 PQgetvalue(res, 0, ASC_REFERENCE));
		else if (st == DB_OK)
			s->replaced = 1;
	}
	PQclear(res);
	return st;
}

/*
 * Checks the uploaded CV, if any, and picks the name to store (see
 * apply_file_name).
 */
static void
check_cv(struct req *r, struct form *f, struct submission *s)
{
	int rc;

	if ((s->cv = req_file(r, "cv")) == NULL)
		return;
	if ((rc = apply_check_cv(s->cv->data.ptr, s->cv->data.len)) != 0) {
		form_error(f, AF_CV, rc == -1 ? "err_cv_size" : "err_cv_type",
			   APPLY_CV_MAX >> 20);
		return;
	}
	s->cv_name = apply_file_name(s->cv->filename, "cv.pdf");
}

/*
 * Answers a stored submission: 303 to its receipt, or 409 when it was a
 * retried form whose status link was replaced since (the receipt's link
 * would lead nowhere).
 */
static int
submitted(struct req *r, const struct submission *s)
{
	if (s->replaced) {
		r->error_key = "form_replaced";
		view_bool(r->view, "lost_link", 1);
		return 409;
	}
	req_redirect(r, "/receipt/%s", s->status_token);
	return 303;
}

static void
sub_init(struct submission *s)
{
	memset(s, 0, sizeof(*s));
	derived_init(&s->d);
}

static void
sub_free(struct submission *s)
{
	derived_free(&s->d);
}

/*
 * POST /apply: validates and stores an application.  303 to the receipt
 * (also for a retried token); 409 for a retried token whose status link
 * was replaced (the page leads to the lost-link page);
 * 422 with the form, its values and messages;
 * 503 with the form and values kept when the database is down; 400 for a
 * missing or forged form token.
 */
int
page_apply_post(struct req *r)
{
	struct form f;
	struct submission s;
	struct apply_today t;
	const char *tok;
	int status = 0;

	tok = req_param(r, "form_token");
	sub_init(&s);
	if (tok == NULL || token_derive(tok, "status", s.status_token) != 0) {
		sub_free(&s);
		return 400;
	}
	snprintf(s.form_token, sizeof(s.form_token), "%s", tok);
	form_init(&f, apply_fields, AF__MAX);
	form_read(&f, &r->form);
	apply_today_jst(&t);
	s.year = t.y;
	apply_check(&f, r->app->cfg.min_age, &t);
	check_cv(r, &f, &s);
	if (f.nerr > 0)
		status = apply_form_show(r, &f, s.form_token, 422);
	else {
		token_hash(s.form_token, s.form_hash);
		token_hash(s.status_token, s.status_hash);
		switch (application_store(r, &f, &s)) {
		case DB_OK:
			status = submitted(r, &s);
			break;
		case DB_UNAVAILABLE:
			status = apply_form_show(r, &f, s.form_token, 503);
			break;
		case DB_ERROR:
			status = 500;
			break;
		}
	}
	form_free(&f);
	sub_free(&s);
	return status;
}
