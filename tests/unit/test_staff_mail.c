/*
 * The liaison officers' notices (issue 13): templates/mail/K.mustache and
 * the catalogs' mail_K_subject, for K nomination_message and
 * nomination_decision, rendered in Japanese and English with the context
 * the mailer gives them (the row's data, t, site_url, status_text): each
 * names the reference and the ministry, links to the nomination's page,
 * uses only texts both catalogs have, and leaves no tag unrendered (a
 * catalog text is not itself a template, except a subject).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "buf.h"
#include "i18n.h"
#include "tmpl.h"

#define REFERENCE "PC-2026-7K3M9QXA"
#define LINK	  "https://corps.example.go.jp/ministry/nominations/42"

static const char *const kinds[] = { "nomination_message",
				     "nomination_decision" };

/* Returns the whole of file path (the caller frees it), or fails. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	s = calloc(1, 65536);
	assert_non_null(s);
	*len = fread(s, 1, 65535, f);
	fclose(f);
	return s;
}

/* Returns the context of a row of kind in lang, as the mailer makes it. */
static struct json_object *
context(const struct i18n *t, enum lang l, const char *kind)
{
	struct json_object *c = json_object_new_object();

	json_object_object_add(c, "reference",
			       json_object_new_string(REFERENCE));
	json_object_object_add(c, "ministry", json_object_new_string("MOFA"));
	json_object_object_add(c, "id", json_object_new_string("42"));
	json_object_object_add(
	    c, "site_url",
	    json_object_new_string("https://corps.example.go.jp/"));
	if (strcmp(kind, "nomination_decision") == 0) {
		json_object_object_add(c, "status",
				       json_object_new_string("rejected"));
		json_object_object_add(
		    c, "status_text",
		    json_object_new_string(i18n_text(t, l, "status_rejected")));
	}
	json_object_object_add(c, "t", json_object_get(t->cat[l]));
	return c;
}

/*
 * Fails unless every {{t.key}} of the template src is in both catalogs
 * (a missing one would render as nothing).
 */
static void
keys_exist(const struct i18n *t, const char *src, const char *what)
{
	const char *p = src, *e;
	char key[80];
	size_t l;

	while ((p = strstr(p, "{{t.")) != NULL) {
		p += 4;
		if ((e = strstr(p, "}}")) == NULL || (size_t)(e - p) >= 80)
			fail_msg("%s: a broken tag", what);
		memcpy(key, p, (size_t)(e - p));
		key[e - p] = '\0';
		for (l = 0; l < LANG__MAX; l++)
			if (!json_object_object_get_ex(t->cat[l], key, NULL))
				fail_msg("%s: %s not in %s", what, key,
					 i18n_codes[l]);
	}
}

/* Renders src in context c.  Returns the text; the caller frees it. */
static char *
render(const char *src, size_t len, struct json_object *c, const char *what)
{
	struct tmpl *tm;
	struct buf out;
	char err[256];

	if ((tm = tmpl_compile(src, len, err, sizeof(err))) == NULL)
		fail_msg("%s: %s", what, err);
	buf_init(&out);
	tmpl_render(tm, c, NULL, NULL, &out);
	tmpl_free(tm);
	buf_putc(&out, '\0');
	return out.ptr;
}

/* Each body and subject renders with the row's values in both languages. */
static void
test_notices(void **state)
{
	struct i18n t;
	struct json_object *c;
	char err[512], path[512], key[64], *src, *body, *subj;
	size_t k, len;
	int l;

	(void)state;
	assert_int_equal(i18n_load(&t, TEMPLATES_DIR, err, sizeof(err)), 0);
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		snprintf(path, sizeof(path), "%s/mail/%s.mustache",
			 TEMPLATES_DIR, kinds[k]);
		src = slurp(path, &len);
		keys_exist(&t, src, path);
		snprintf(key, sizeof(key), "mail_%s_subject", kinds[k]);
		for (l = 0; l < LANG__MAX; l++) {
			if (!json_object_object_get_ex(t.cat[l], key, NULL))
				fail_msg("%s not in %s", key, i18n_codes[l]);
			c = context(&t, (enum lang)l, kinds[k]);
			body = render(src, len, c, path);
			subj = render(i18n_text(&t, (enum lang)l, key),
				      strlen(i18n_text(&t, (enum lang)l, key)),
				      c, key);
			assert_non_null(strstr(body, REFERENCE));
			assert_non_null(strstr(body, "MOFA"));
			assert_non_null(strstr(body, "\n" LINK "\n"));
			assert_null(strstr(body, "{{"));
			assert_null(strchr(body, '&'));
			assert_non_null(strstr(subj, REFERENCE));
			assert_null(strpbrk(subj, "\r\n&"));
			if (k == 1)
				assert_non_null(
				    strstr(body, i18n_text(&t, (enum lang)l,
							   "status_rejected")));
			free(body);
			free(subj);
			json_object_put(c);
		}
		free(src);
	}
	i18n_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
