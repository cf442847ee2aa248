/*
 * The lost-link page: an applicant who lost their private status link
 * gives their e-mail address and reference; if both match a public
 * application, a new link replaces the old one (only its hash is stored,
 * so the old one cannot be sent again) and is mailed to that address.
 * The page answers the same whatever was entered, within the limit or
 * over it, so it reveals nothing about who applied.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "db.h"
#include "form.h"
#include "pages.h"
#include "req.h"
#include "text.h"
#include "token.h"
#include "stmt_apply.h"

/* Requests per hour for one address and for one reference. */
#define LOST_LINK_LIMIT "3"

enum lost_field { LF_EMAIL, LF_REFERENCE, LF__MAX };

/*
 * A reference as token_reference writes it, "PC-2026-7KQ2M9XD", also
 * typed in full-width or lower case.  Sets out to it in capitals.
 */
static const char *
chk_reference(const char *in, struct buf *out)
{
	static const char alpha[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	struct buf t;
	const char *s;
	size_t i;

	buf_init(&t);
	text_halfwidth(in, &t);
	for (i = 0; i < t.len; i++)
		buf_putc(out, t.ptr[i] >= 'a' && t.ptr[i] <= 'z'
				  ? (char)(t.ptr[i] - 'a' + 'A')
				  : t.ptr[i]);
	buf_free(&t);
	s = out->ptr != NULL ? out->ptr : "";
	return strlen(s) == 16 && strncmp(s, "PC-", 3) == 0 && s[7] == '-' &&
		       strspn(s + 3, "0123456789") == 4 &&
		       strspn(s + 8, alpha) == 8
		   ? NULL
		   : "err_reference";
}

static const struct fdef lost_fields[LF__MAX] = {
	[LF_EMAIL] = { .name = "email",
		       .type = FT_EMAIL,
		       .required = 1,
		       .maxlen = 254,
		       .autocomplete = "email" },
	[LF_REFERENCE] = { .name = "reference",
			   .type = FT_TEXT,
			   .required = 1,
			   .maxlen = 16,
			   .check = chk_reference,
			   .autocomplete = "off" },
};

static const struct fgroup lost_groups[] = { { "lost_link_legend", LF_EMAIL,
					       LF__MAX } };

/* Puts f into the view and selects the page.  Returns status. */
static int
lost_form_show(struct req *r, const struct form *f, int status)
{
	json_object_object_add(
	    r->view, "form",
	    form_view(f, lost_groups, 1, &r->app->i18n, r->lang));
	view_bool(r->view, "sent",
		  status == 200 && kv_get(&r->query, "sent") != NULL);
	view_str(r->view, "title", req_text(r, "lost_link_title"));
	r->page = VIEW_LOST_LINK;
	return status;
}

/* GET /lost-link: the form, or what happens next after a request.  200. */
int
page_lost_link_get(struct req *r)
{
	struct form f;
	int rc;

	form_init(&f, lost_fields, LF__MAX);
	rc = lost_form_show(r, &f, 200);
	form_free(&f);
	return rc;
}

/* Writes the hash of a counter's name (kind and value) into out. */
static void
counter_key(const char *kind, const char *value,
	    unsigned char out[TOKEN_HASHLEN])
{
	struct buf b;

	buf_init(&b);
	buf_puts(&b, kind);
	buf_puts(&b, value);
	token_hash(b.ptr, out);
	buf_free(&b);
}

/*
 * Counts the request and, within the limit and when the address and the
 * reference match, replaces the status link and queues its mail (one
 * statement).  Returns its db_status.
 */
static enum db_status
lost_link_issue(struct req *r, const struct form *f)
{
	unsigned char ekey[TOKEN_HASHLEN], rkey[TOKEN_HASHLEN],
	    hash[TOKEN_HASHLEN];
	char tok[TOKEN_TEXTLEN + 1], path[TOKEN_TEXTLEN + 16];
	const char *v[LLP__MAX];
	int len[LLP__MAX] = { 0 }, fmt[LLP__MAX] = { 0 };
	struct buf email;
	PGresult *res;
	enum db_status st;

	buf_init(&email);
	text_fold(form_value(f, LF_EMAIL), &email);
	counter_key("email:", email.ptr, ekey);
	counter_key("reference:", form_value(f, LF_REFERENCE), rkey);
	token_new(tok);
	token_hash(tok, hash);
	snprintf(path, sizeof(path), "/status/%s", tok);
	v[LLP_EMAIL_KEY] = (const char *)ekey;
	v[LLP_REFERENCE_KEY] = (const char *)rkey;
	v[LLP_STATUS_HASH] = (const char *)hash;
	len[LLP_EMAIL_KEY] = len[LLP_REFERENCE_KEY] = len[LLP_STATUS_HASH] =
	    TOKEN_HASHLEN;
	fmt[LLP_EMAIL_KEY] = fmt[LLP_REFERENCE_KEY] = fmt[LLP_STATUS_HASH] = 1;
	v[LLP_REFERENCE] = form_value(f, LF_REFERENCE);
	v[LLP_EMAIL] = email.ptr;
	v[LLP_LINK_PATH] = path;
	v[LLP_LIMIT] = LOST_LINK_LIMIT;
	st = db_exec(r->db, &stmt_apply[STMT_APPLY_LOST_LINK], LLP__MAX, v, len,
		     fmt, &res);
	PQclear(res);
	buf_free(&email);
	return st;
}

/*
 * POST /lost-link: 303 to the page that says what happens next, the same
 * whether anything matched or the limit was reached; 422 with the form
 * and values for a malformed address or reference; 403 cross-origin;
 * 503/500.
 */
int
page_lost_link_post(struct req *r)
{
	struct form f;
	enum db_status st;
	int rc = 303;

	if (!req_same_origin(r)) {
		r->error_key = "csrf";
		return 403;
	}
	form_init(&f, lost_fields, LF__MAX);
	form_read(&f, &r->form);
	if (f.nerr > 0)
		rc = lost_form_show(r, &f, 422);
	else if ((st = lost_link_issue(r, &f)) != DB_OK)
		rc = db_http(st);
	else
		req_redirect(r, "/lost-link?sent=1");
	form_free(&f);
	return rc;
}
