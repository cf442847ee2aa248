/*
 * i18n: the real catalogs load and agree key for key; every text the
 * application form asks for is in both; broken catalogs in a scratch
 * directory are refused with a message saying what is wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "apply.h"
#include "i18n.h"

static void
test_real(void **state)
{
	struct i18n t;
	char err[512] = "";
	size_t l, k;

	(void)state;
	if (i18n_load(&t, TEMPLATES_DIR, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	for (l = 0; l < LANG__MAX; l++) {
		assert_true(json_object_is_type(t.cat[l], json_type_object));
		/* Every key of each catalog, a string in the other too. */
		for (k = 0; k < LANG__MAX; k++) {
			json_object_object_foreach(t.cat[l], key, val)
			{
				struct json_object *o;

				assert_true(
				    json_object_is_type(val, json_type_string));
				if (!json_object_object_get_ex(t.cat[k], key,
							       &o) ||
				    !json_object_is_type(o, json_type_string))
					fail_msg("%s: \"%s\" missing",
						 i18n_codes[k], key);
				if (json_object_get_string_len(o) == 0)
					fail_msg("%s: \"%s\" empty",
						 i18n_codes[k], key);
			}
		}
	}
	assert_string_equal(i18n_text(&t, LANG_EN, "apply_title"),
			    "Application form");
	assert_string_not_equal(i18n_text(&t, LANG_JA, "apply_title"),
				"Application form");
	i18n_free(&t);
	assert_null(t.cat[LANG_JA]);
	assert_null(t.cat[LANG_EN]);
}

/* Looks key up in both catalogs, failing when either lacks it. */
static void
need(const struct i18n *t, const char *key)
{
	size_t l;

	for (l = 0; l < LANG__MAX; l++)
		if (i18n_text(t, (enum lang)l, key) == key)
			fail_msg("%s: no \"%s\"", i18n_codes[l], key);
}

/* Labels, options, legends and every message the form can show. */
static void
test_apply_texts(void **state)
{
	static const char *const messages[] = {
		"err_required",
		"err_required_choice",
		"err_consent",
		"err_choice",
		"err_bad_char",
		"err_too_long",
		"err_email",
		"err_phone",
		"err_date",
		"err_number",
		"err_kana",
		"err_romaji",
		"err_postcode",
		"err_months",
		"err_birth_future",
		"err_too_young",
		"err_nationality",
		"err_lang_other_name",
		"err_lang_other_level",
		"err_start_past",
		"err_cv_size",
		"err_cv_type",
		"error_summary_title",
		"required",
		"choose",
		"apply_title",
		"apply_submit",
	};
	struct i18n t;
	char err[512], key[80];
	size_t i, k;

	(void)state;
	if (i18n_load(&t, TEMPLATES_DIR, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	for (i = 0; i < AF__MAX; i++) {
		snprintf(key, sizeof(key), "f_%s", apply_fields[i].name);
		need(&t, key);
		for (k = 0; k < apply_fields[i].nopts; k++)
			need(&t, apply_fields[i].opts[k].label);
	}
	for (i = 0; i < APPLY_NGROUPS; i++)
		need(&t, apply_groups[i].legend);
	for (i = 0; i < sizeof(messages) / sizeof(messages[0]); i++)
		need(&t, messages[i]);
	/* The messages with an argument show it. */
	for (i = 0; i < LANG__MAX; i++) {
		assert_non_null(
		    strstr(i18n_text(&t, i, "err_too_long"), "{n}"));
		assert_non_null(
		    strstr(i18n_text(&t, i, "err_too_young"), "{n}"));
		assert_non_null(strstr(i18n_text(&t, i, "err_cv_size"), "{n}"));
	}
	i18n_free(&t);
}

static void
test_text_missing(void **state)
{
	struct i18n t;
	char err[512];
	const char *key = "no_such_key";

	(void)state;
	assert_int_equal(i18n_load(&t, TEMPLATES_DIR, err, sizeof(err)), 0);
	assert_ptr_equal(i18n_text(&t, LANG_JA, key), key);
	i18n_free(&t);
}

static void
test_lang(void **state)
{
	static const char *const bad[] = { "", "JA", "jp", "en-GB", "fr", "e" };
	enum lang l = LANG__MAX;
	size_t i;

	(void)state;
	assert_int_equal(i18n_lang("ja", &l), 0);
	assert_int_equal(l, LANG_JA);
	assert_int_equal(i18n_lang("en", &l), 0);
	assert_int_equal(l, LANG_EN);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(i18n_lang(bad[i], &l), -1);
		assert_int_equal(l, LANG_EN);
	}
	assert_string_equal(i18n_codes[LANG_JA], "ja");
	assert_string_equal(i18n_codes[LANG_EN], "en");
}

/* A scratch templates directory with its messages/ folder. */
struct scratch {
	char dir[64];
	char msgdir[96];
};

static int
scratch_setup(void **state)
{
	struct scratch *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return -1;
	snprintf(s->dir, sizeof(s->dir), "/tmp/test_i18n.XXXXXX");
	if (mkdtemp(s->dir) == NULL)
		return -1;
	snprintf(s->msgdir, sizeof(s->msgdir), "%s/messages", s->dir);
	if (mkdir(s->msgdir, 0700) != 0)
		return -1;
	*state = s;
	return 0;
}

/* Writes messages/CODE.json, or removes it when text is NULL. */
static void
put(const struct scratch *s, const char *code, const char *text)
{
	char path[160];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.json", s->msgdir, code);
	if (text == NULL) {
		unlink(path);
		return;
	}
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static int
scratch_teardown(void **state)
{
	struct scratch *s = *state;

	put(s, "ja", NULL);
	put(s, "en", NULL);
	rmdir(s->msgdir);
	rmdir(s->dir);
	free(s);
	return 0;
}

static void
test_scratch_ok(void **state)
{
	struct scratch *s = *state;
	struct i18n t;
	char err[512];

	put(s, "ja", "{\"a\": \"あ\", \"b\": \"い\"}");
	put(s, "en", "{\"a\": \"A\", \"b\": \"B\", \"extra\": \"E\"}");
	if (i18n_load(&t, s->dir, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_string_equal(i18n_text(&t, LANG_JA, "a"), "あ");
	assert_string_equal(i18n_text(&t, LANG_EN, "b"), "B");
	i18n_free(&t);
}

/* Each broken pair is refused; the message holds each of want. */
static void
test_scratch_bad(void **state)
{
	static const struct {
		const char *ja, *en;
		const char *want[2];
	} c[] = {
		/* First, while json-c has no earlier error to show. */
		{ "[\"a\"]", "{\"a\": \"A\"}", { "ja.json", "array" } },
		{ "{\"a\": \"あ\", \"b\": \"い\"}",
		  "{\"a\": \"A\"}",
		  { "en", "\"b\"" } },
		{ "{\"a\": \"あ\"}", "{\"a\": 1}", { "en", "\"a\"" } },
		{ "{\"a\": \"あ\"}", "{\"a\": null}", { "en", "\"a\"" } },
		{ "{\"a\": [\"あ\"]}", "{\"a\": \"A\"}", { "ja", "\"a\"" } },
		{ "{\"a\": \"あ\"}", "{\"a\": \"A\"", { "en.json", NULL } },
		{ "{\"a\": \"あ\"}", "", { "en.json", NULL } },
		{ "{\"a\": \"あ\"}", NULL, { "en.json", NULL } },
		{ NULL, "{\"a\": \"A\"}", { "ja.json", NULL } },
		{ "\"a\"", "{\"a\": \"A\"}", { "ja.json", NULL } },
		{ "{\"a\": \"あ\"}", "null", { "en.json", NULL } },
	};
	struct scratch *s = *state;
	struct i18n t;
	char err[512];
	size_t i, k;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		put(s, "ja", c[i].ja);
		put(s, "en", c[i].en);
		err[0] = '\0';
		if (i18n_load(&t, s->dir, err, sizeof(err)) != -1)
			fail_msg("case %zu accepted", i);
		assert_null(t.cat[LANG_JA]);
		assert_null(t.cat[LANG_EN]);
		for (k = 0; k < 2 && c[i].want[k] != NULL; k++)
			if (strstr(err, c[i].want[k]) == NULL)
				fail_msg("case %zu: \"%s\" lacks %s", i, err,
					 c[i].want[k]);
		if (strstr(err, "(null)") != NULL)
			fail_msg("case %zu: \"%s\"", i, err);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real),
		cmocka_unit_test(test_apply_texts),
		cmocka_unit_test(test_text_missing),
		cmocka_unit_test(test_lang),
		cmocka_unit_test_setup_teardown(test_scratch_ok, scratch_setup,
						scratch_teardown),
		cmocka_unit_test_setup_teardown(test_scratch_bad, scratch_setup,
						scratch_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
