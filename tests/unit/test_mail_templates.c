/*
 * The applicants' notices (templates/mail/status_changed.mustache and
 * lost_link.mustache, issue 13) render in both languages with the context
 * the mailer gives them: the row's data, the catalog as t, site_url and,
 * for a private link, link.  Their subjects (catalog keys
 * mail_K_subject) render with the same context.  The mailer renders
 * without HTML escaping; nothing here holds a character it would escape.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "buf.h"
#include "i18n.h"
#include "tmpl.h"

#define SITE "https://corps.example.jp/"
#define LINK SITE "status/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

/* Renders src (a template's text) with ctx into out. */
static void
render(const char *src, struct json_object *ctx, struct buf *out)
{
	struct tmpl *t;
	char err[256] = "";

	if ((t = tmpl_compile(src, strlen(src), err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	tmpl_render(t, ctx, NULL, NULL, out);
	tmpl_free(t);
}

/*
 * Renders kind's body and subject in lang with the context of a row of
 * that kind; body and subject must hold each of want.
 */
static void
check_kind(const struct i18n *cat, enum lang lang, const char *kind,
	   const char *const *want)
{
	struct json_object *ctx = json_object_new_object();
	struct buf path, src, body, subject;
	char key[64];

	json_object_object_add(ctx, "reference",
			       json_object_new_string("PC-2026-7KQ2M9XD"));
	json_object_object_add(ctx, "status",
			       json_object_new_string("accepted"));
	json_object_object_add(ctx, "site_url", json_object_new_string(SITE));
	json_object_object_add(ctx, "link", json_object_new_string(LINK));
	json_object_object_add(ctx, "t", json_object_get(cat->cat[lang]));
	buf_init(&path);
	buf_init(&src);
	buf_init(&body);
	buf_init(&subject);
	buf_printf(&path, "%s/mail/%s.mustache", TEMPLATES_DIR, kind);
	assert_int_equal(buf_read_file(&src, path.ptr), 0);
	render(src.ptr, ctx, &body);
	snprintf(key, sizeof(key), "mail_%s_subject", kind);
	render(i18n_text(cat, lang, key), ctx, &subject);
	assert_non_null(strstr(subject.ptr, "PC-2026-7KQ2M9XD"));
	for (; *want != NULL; want++)
		if (strstr(body.ptr, *want) == NULL)
			fail_msg("%s/%s: no \"%s\" in:\n%s", i18n_codes[lang],
				 kind, *want, body.ptr);
	buf_free(&path);
	buf_free(&src);
	buf_free(&body);
	buf_free(&subject);
	json_object_put(ctx);
}

static void
test_notices(void **state)
{
	static const char *const status_changed[] = { "PC-2026-7KQ2M9XD",
						      SITE "lost-link", NULL };
	static const char *const lost_link[] = { "PC-2026-7KQ2M9XD", LINK,
						 NULL };
	struct i18n cat;
	char err[512] = "";
	int l;

	(void)state;
	if (i18n_load(&cat, TEMPLATES_DIR, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	for (l = 0; l < LANG__MAX; l++) {
		check_kind(&cat, (enum lang)l, "status_changed",
			   status_changed);
		check_kind(&cat, (enum lang)l, "lost_link", lost_link);
	}
	i18n_free(&cat);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
