/*
 * What every page's layout shows around the page: the language (chosen
 * per request from ?lang= or the cookie), the link that switches it, and
 * the signed-in account's navigation.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "cookie.h"
#include "layout.h"
#include "origin.h"
#include "req.h"
#include "urlenc.h"

/*
 * Chooses the language: ?lang= (remembered in a cookie), else the lang
 * cookie, else Japanese.
 */
void
layout_lang(struct req *r)
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

/*
 * The signed-in account for the layout's navigation: login, role flags
 * (is_admin, is_reviewer, is_ministry) and the CSRF token for its forms.
 */
static struct json_object *
staff_view(const struct req *r)
{
	struct json_object *o = json_object_new_object();
	char key[32];
	size_t i;

	view_str(o, "login", r->staff.login);
	view_str(o, "role", role_names[r->staff.role]);
	view_str(o, "csrf", r->staff.csrf);
	for (i = 0; i < ROLE__MAX; i++) {
		snprintf(key, sizeof(key), "is_%s", role_names[i]);
		view_bool(o, key, r->staff.role == (enum role)i);
	}
	return o;
}

/*
 * Returns the link to this page in the other language: the path and the
 * query but its lang, then lang=other, so that a filtered list or a
 * status page's token survives the switch.  A path that is not plainly
 * local ("//host/" or "/\\host/" would lead browsers off the site) gives
 * the home page instead, without the query.
 */
static struct json_object *
switch_href(const struct req *r, enum lang other)
{
	struct json_object *o;
	struct buf href;
	size_t i;
	int local = origin_local_path(r->path);

	buf_init(&href);
	buf_puts(&href, local ? r->path : "/");
	for (i = 0; local && i < r->query.n; i++)
		if (strcmp(r->query.p[i].key, "lang") != 0)
			urlenc_add(&href, r->query.p[i].key, r->query.p[i].val);
	urlenc_add(&href, "lang", i18n_codes[other]);
	o = json_object_new_string(href.ptr);
	buf_free(&href);
	return o;
}

/*
 * Fills in what the layout needs in every view model: the catalog, the
 * language and its switch, the signed-in account's navigation.
 */
void
layout_view(struct req *r)
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
	json_object_object_add(sw, "href", switch_href(r, other));
	json_object_object_add(r->view, "switch", sw);
	if (r->staff.id > 0)
		json_object_object_add(r->view, "staff", staff_view(r));
}
