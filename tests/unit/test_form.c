/*
 * form: the table-driven engine on a small table with one field of each
 * type: what is refused and with which message, how values are
 * normalised, that a refused value is given back as typed, and the view
 * model the templates render.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "buf.h"
#include "form.h"
#include "i18n.h"
#include "kv.h"

static const struct fopt colour_opts[] = {
	{ "red", "c_red" },
	{ "blue", "c_blue" },
};

static const struct fopt tag_opts[] = {
	{ "a", "t_a" },
	{ "b", "t_b" },
	{ "c", "t_c" },
};

/* Appends "!" to show that the field's own check ran on the value. */
static const char *
bang(const char *in, struct buf *out)
{
	if (strcmp(in, "bad") == 0)
		return "err_bang";
	buf_printf(out, "%s!", in);
	return NULL;
}

enum {
	T_NAME,
	T_NOTE,
	T_COLOUR,
	T_SIZE,
	T_TAGS,
	T_OK,
	T_PHONE,
	T_WHEN,
	T_MAIL,
	T_NUM,
	T_FILE,
	T_OPT,
	T_BANG,
	T_OPTTAGS,
	T_AT,
	T__MAX
};

#define OPTS(a) (a), sizeof(a) / sizeof((a)[0])

static const struct fdef defs[T__MAX] = {
	[T_NAME] = { "name", FT_TEXT, 1, 40, NULL, NULL, 0, "name", NULL },
	[T_NOTE] = { "note", FT_TEXTAREA, 0, 10, NULL, NULL, 0, NULL, NULL },
	[T_COLOUR] = { "colour", FT_SELECT, 0, 0, NULL, OPTS(colour_opts), NULL,
		       NULL },
	[T_SIZE] = { "size", FT_RADIO, 1, 0, NULL, OPTS(colour_opts), NULL,
		     NULL },
	[T_TAGS] = { "tags", FT_CHECKS, 1, 0, NULL, OPTS(tag_opts), NULL,
		     NULL },
	[T_OK] = { "ok", FT_CONSENT, 1, 0, NULL, NULL, 0, NULL, NULL },
	[T_PHONE] = { "phone", FT_TEL, 0, 16, NULL, NULL, 0, "tel", NULL },
	[T_WHEN] = { "when", FT_DATE, 0, 10, NULL, NULL, 0, NULL, NULL },
	[T_MAIL] = { "mail", FT_EMAIL, 0, 254, NULL, NULL, 0, NULL, NULL },
	[T_NUM] = { "num", FT_NUMBER, 0, 3, NULL, NULL, 0, NULL, "numeric" },
	[T_FILE] = { "file", FT_FILE, 0, 0, NULL, NULL, 0, NULL, NULL },
	[T_OPT] = { "opt", FT_TEXT, 0, 5, NULL, NULL, 0, NULL, NULL },
	[T_BANG] = { "bang", FT_TEXT, 0, 4, bang, NULL, 0, NULL, NULL },
	[T_OPTTAGS] = { "opttags", FT_CHECKS, 0, 0, NULL, OPTS(tag_opts), NULL,
			NULL },
	[T_AT] = { "at", FT_TIME, 0, 5, NULL, NULL, 0, NULL, NULL },
};

static const struct fgroup groups[] = {
	{ "g_one", T_NAME, 6 },
	{ "g_two", T_PHONE, T__MAX - T_PHONE },
};

/* The fields a clean submission sends: every required one filled in. */
static const char *const clean[] = {
	"name", "Yamada", "size", "red", "tags", "b", "ok", "1",
};

/* Reads the n name/value pairs kv (appended to the clean ones) into f. */
static void
read_pairs(struct form *f, const char *const *kv, size_t n)
{
	struct kvlist l;
	size_t i;

	kv_init(&l);
	for (i = 0; i + 1 < n; i += 2)
		kv_add(&l, kv[i], strlen(kv[i]), kv[i + 1], strlen(kv[i + 1]));
	for (i = 0; i < sizeof(clean) / sizeof(clean[0]); i += 2)
		kv_add(&l, clean[i], strlen(clean[i]), clean[i + 1],
		       strlen(clean[i + 1]));
	form_init(f, defs, T__MAX);
	form_read(f, &l);
	kv_free(&l);
}

#define READ(f, ...)                                                           \
	do {                                                                   \
		static const char *const kv_[] = { __VA_ARGS__ };              \
		read_pairs(f, kv_, sizeof(kv_) / sizeof(kv_[0]));              \
	} while (0)

/* Asserts that field i alone is wrong, with key, and holds value. */
static void
assert_only_error(const struct form *f, size_t i, const char *key,
		  const char *value)
{
	size_t k;

	for (k = 0; k < f->n; k++)
		if (k != i && f->err[k] != NULL)
			fail_msg("field %s: unexpected %s", f->defs[k].name,
				 f->err[k]);
	if (f->err[i] == NULL)
		fail_msg("field %s: no error, want %s", f->defs[i].name, key);
	assert_string_equal(f->err[i], key);
	assert_int_equal(f->nerr, 1);
	assert_string_equal(form_value(f, i), value);
}

/* Asserts that the form has no error and field i holds value. */
static void
assert_clean(const struct form *f, size_t i, const char *value)
{
	size_t k;

	for (k = 0; k < f->n; k++)
		if (f->err[k] != NULL)
			fail_msg("field %s: unexpected %s", f->defs[k].name,
				 f->err[k]);
	assert_int_equal(f->nerr, 0);
	assert_string_equal(form_value(f, i), value);
}

static void
test_clean(void **state)
{
	struct form f;

	(void)state;
	READ(&f, "opt", "");
	assert_clean(&f, T_NAME, "Yamada");
	assert_string_equal(form_value(&f, T_SIZE), "red");
	assert_string_equal(form_value(&f, T_OK), "1");
	assert_int_equal(f.mask[T_TAGS], 1UL << 1);
	assert_string_equal(form_value(&f, T_OPT), "");
	assert_string_equal(form_value(&f, T_COLOUR), "");
	assert_int_equal(f.mask[T_OPTTAGS], 0);
	form_free(&f);
}

/* Absent, empty and white space only (U+3000 too) are all missing. */
static void
test_required(void **state)
{
	static const char *const blank[] = { "", " ", "\t \r\n",
					     "\u3000 \u3000" };
	struct form f;
	struct kvlist l;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(blank) / sizeof(blank[0]); i++) {
		kv_init(&l);
		kv_add(&l, "name", 4, blank[i], strlen(blank[i]));
		form_init(&f, defs, T__MAX);
		form_read(&f, &l);
		assert_string_equal(f.err[T_NAME], "err_required");
		assert_string_equal(f.err[T_SIZE], "err_required_choice");
		assert_string_equal(f.err[T_TAGS], "err_required_choice");
		assert_string_equal(f.err[T_OK], "err_consent");
		assert_null(f.err[T_COLOUR]);
		assert_null(f.err[T_OPT]);
		assert_null(f.err[T_FILE]);
		assert_int_equal(f.nerr, 4);
		assert_string_equal(form_value(&f, T_NAME), "");
		form_free(&f);
		kv_free(&l);
	}
}

/* Surrounding white space goes; inner white space stays. */
static void
test_trim(void **state)
{
	struct form f;

	(void)state;
	READ(&f, "opt", "\u3000 a b \t");
	assert_clean(&f, T_OPT, "a b");
	form_free(&f);
}

/* The cap counts characters, not bytes; a refused value comes back. */
static void
test_too_long(void **state)
{
	static const char *const kv41[] = {
		"name", "あいうえおかきくけこあいうえおかきくけこ"
			"あいうえおかきくけこあいうえおかきくけこさ"
	};
	static const char *const kv40[] = {
		"name", "あいうえおかきくけこあいうえおかきくけこ"
			"あいうえおかきくけこあいうえおかきくけこ"
	};
	struct form f;

	(void)state;
	read_pairs(&f, kv41, 2);
	assert_only_error(&f, T_NAME, "err_too_long", kv41[1]);
	assert_int_equal(f.arg[T_NAME], 40);
	form_free(&f);
	read_pairs(&f, kv40, 2);
	assert_clean(&f, T_NAME, kv40[1]);
	form_free(&f);
	READ(&f, "opt", "abcdef");
	assert_only_error(&f, T_OPT, "err_too_long", "abcdef");
	assert_int_equal(f.arg[T_OPT], 5);
	form_free(&f);
}

/* The cap applies to the value after the field's own check. */
static void
test_too_long_after_check(void **state)
{
	struct form f;

	(void)state;
	READ(&f, "bang", "abc");
	assert_clean(&f, T_BANG, "abc!");
	form_free(&f);
	READ(&f, "bang", "abcd");
	assert_only_error(&f, T_BANG, "err_too_long", "abcd");
	form_free(&f);
	READ(&f, "bang", "bad");
	assert_only_error(&f, T_BANG, "err_bang", "bad");
	form_free(&f);
}

static void
test_control(void **state)
{
	static const char *const bad[] = {
		"a\x01z", "a\x1bz", "a\x7fz", "a\xc2\x85z", "a\xc2\x9fz",
	};
	struct form f;
	struct kvlist l;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		kv_init(&l);
		kv_add(&l, "opt", 3, bad[i], strlen(bad[i]));
		kv_add(&l, "note", 4, bad[i], strlen(bad[i]));
		form_init(&f, defs, T__MAX);
		form_read(&f, &l);
		assert_string_equal(f.err[T_OPT], "err_bad_char");
		assert_string_equal(f.err[T_NOTE], "err_bad_char");
		assert_string_equal(form_value(&f, T_OPT), bad[i]);
		form_free(&f);
		kv_free(&l);
	}
}

/* Line breaks and tabs only in a textarea. */
static void
test_newline(void **state)
{
	struct form f;

	(void)state;
	READ(&f, "opt", "a\nb");
	assert_only_error(&f, T_OPT, "err_bad_char", "a\nb");
	form_free(&f);
	READ(&f, "opt", "a\rb");
	assert_only_error(&f, T_OPT, "err_bad_char", "a\rb");
	form_free(&f);
	READ(&f, "opt", "a\tb");
	assert_only_error(&f, T_OPT, "err_bad_char", "a\tb");
	form_free(&f);
	READ(&f, "note", "a\n\tb");
	assert_clean(&f, T_NOTE, "a\n\tb");
	form_free(&f);
}

/*
 * Line breaks in a textarea are stored as LF and count as one character
 * against the cap, as the browser counts them against maxlength, though
 * browsers send CR LF.
 */
static void
test_textarea_crlf(void **state)
{
	struct form f;

	(void)state;
	READ(&f, "note", "ab\r\ncd\r\nef\r\n");
	assert_clean(&f, T_NOTE, "ab\ncd\nef");
	form_free(&f);
	READ(&f, "note", "a\rb");
	assert_clean(&f, T_NOTE, "a\nb");
	form_free(&f);
	READ(&f, "note", "abcdefgh\r\n");
	assert_clean(&f, T_NOTE, "abcdefgh");
	form_free(&f);
	READ(&f, "note", "abcdef\r\nghi");
	assert_clean(&f, T_NOTE, "abcdef\nghi");
	form_free(&f);
	READ(&f, "note", "abcdef\r\nghij");
	assert_only_error(&f, T_NOTE, "err_too_long", "abcdef\nghij");
	assert_int_equal(f.arg[T_NOTE], 10);
	form_free(&f);
}

static void
test_select(void **state)
{
	struct form f;

	(void)state;
	READ(&f, "colour", "blue");
	assert_clean(&f, T_COLOUR, "blue");
	form_free(&f);
	READ(&f, "colour", "green");
	assert_only_error(&f, T_COLOUR, "err_choice", "green");
	form_free(&f);
	READ(&f, "colour", "Blue");
	assert_only_error(&f, T_COLOUR, "err_choice", "Blue");
	form_free(&f);
	/* The first value counts, as for every single-valued field. */
	READ(&f, "size", "blue");
	assert_clean(&f, T_SIZE, "blue");
	form_free(&f);
}

static void
test_checks(void **state)
{
	struct form f;
	struct kvlist l;

	(void)state;
	READ(&f, "tags", "c", "tags", "a", "tags", "c");
	assert_clean(&f, T_NAME, "Yamada");
	assert_int_equal(f.mask[T_TAGS], 1UL | 1UL << 1 | 1UL << 2);
	form_free(&f);
	READ(&f, "opttags", "x");
	assert_only_error(&f, T_OPTTAGS, "err_choice", "");
	form_free(&f);
	READ(&f, "opttags", "a", "opttags", "");
	assert_only_error(&f, T_OPTTAGS, "err_choice", "");
	form_free(&f);
	kv_init(&l);
	kv_add(&l, "tags", 4, "zz", 2);
	form_init(&f, defs, T__MAX);
	form_read(&f, &l);
	assert_string_equal(f.err[T_TAGS], "err_choice");
	form_free(&f);
	kv_free(&l);
}

static void
test_consent(void **state)
{
	static const char *const bad[] = { "on", "0", "yes", "11" };
	struct form f;
	struct kvlist l;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		kv_init(&l);
		kv_add(&l, "ok", 2, bad[i], strlen(bad[i]));
		form_init(&f, defs, T__MAX);
		form_read(&f, &l);
		assert_non_null(f.err[T_OK]);
		assert_string_equal(f.err[T_OK], "err_choice");
		form_free(&f);
		kv_free(&l);
	}
}

/* Each type's own normalisation and message. */
static void
test_types(void **state)
{
	struct form f;

	(void)state;
	READ(&f, "phone", "０９０－１２３４－５６７８");
	assert_clean(&f, T_PHONE, "09012345678");
	form_free(&f);
	READ(&f, "phone", "090-1234");
	assert_only_error(&f, T_PHONE, "err_phone", "090-1234");
	form_free(&f);
	READ(&f, "when", "２０００／１／５");
	assert_clean(&f, T_WHEN, "2000-01-05");
	form_free(&f);
	READ(&f, "when", "2001-02-29");
	assert_only_error(&f, T_WHEN, "err_date", "2001-02-29");
	form_free(&f);
	READ(&f, "mail", "ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ");
	assert_clean(&f, T_MAIL, "yamada@example.jp");
	form_free(&f);
	READ(&f, "mail", "yamada");
	assert_only_error(&f, T_MAIL, "err_email", "yamada");
	form_free(&f);
	READ(&f, "num", "１２");
	assert_clean(&f, T_NUM, "12");
	form_free(&f);
	READ(&f, "num", "1a");
	assert_only_error(&f, T_NUM, "err_number", "1a");
	form_free(&f);
	READ(&f, "num", "-1");
	assert_only_error(&f, T_NUM, "err_number", "-1");
	form_free(&f);
	READ(&f, "num", "1234");
	assert_only_error(&f, T_NUM, "err_too_long", "1234");
	form_free(&f);
	READ(&f, "file", "x");
	assert_clean(&f, T_FILE, "");
	form_free(&f);
	READ(&f, "at", "０９：３０");
	assert_clean(&f, T_AT, "09:30");
	form_free(&f);
	READ(&f, "at", "23:59");
	assert_clean(&f, T_AT, "23:59");
	form_free(&f);
	READ(&f, "at", "24:00");
	assert_only_error(&f, T_AT, "err_time", "24:00");
	form_free(&f);
	READ(&f, "at", "9:30");
	assert_only_error(&f, T_AT, "err_time", "9:30");
	form_free(&f);
	READ(&f, "at", "09:60");
	assert_only_error(&f, T_AT, "err_time", "09:60");
	form_free(&f);
}

/* The first message of a field stays; each field counts once. */
static void
test_error(void **state)
{
	struct form f;

	(void)state;
	form_init(&f, defs, T__MAX);
	assert_int_equal(f.nerr, 0);
	assert_string_equal(form_value(&f, T_NAME), "");
	form_error(&f, T_OPT, "err_a", 3);
	form_error(&f, T_OPT, "err_b", 4);
	form_error(&f, T_NAME, "err_c", 0);
	assert_string_equal(f.err[T_OPT], "err_a");
	assert_int_equal(f.arg[T_OPT], 3);
	assert_int_equal(f.nerr, 2);
	form_free(&f);
}

/* A small catalog: labels, one hint, options and messages. */
static void
catalog(struct i18n *t)
{
	static const char *const pairs[] = {
		"f_name",	"Name",
		"h_name",	"Family name first",
		"f_size",	"Size",
		"c_red",	"Red",
		"c_blue",	"Blue",
		"t_a",		"A",
		"t_b",		"B",
		"g_one",	"One",
		"err_required", "Enter a value",
		"err_too_long", "At most {n} characters, not {n}",
		"err_consent",	"Tick it",
	};
	size_t i, l;

	for (l = 0; l < LANG__MAX; l++) {
		t->cat[l] = json_object_new_object();
		for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i += 2)
			json_object_object_add(
			    t->cat[l], pairs[i],
			    json_object_new_string(pairs[i + 1]));
	}
}

/* Returns the field view named name from the view model v. */
static struct json_object *
field(struct json_object *v, const char *name)
{
	struct json_object *gs, *fs, *o, *n;
	size_t g, i;

	gs = json_object_object_get(v, "groups");
	for (g = 0; g < json_object_array_length(gs); g++) {
		fs = json_object_object_get(json_object_array_get_idx(gs, g),
					    "fields");
		for (i = 0; i < json_object_array_length(fs); i++) {
			o = json_object_array_get_idx(fs, i);
			n = json_object_object_get(o, "name");
			if (strcmp(json_object_get_string(n), name) == 0)
				return o;
		}
	}
	fail_msg("no field %s", name);
	return NULL;
}

static const char *
str(struct json_object *o, const char *k)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, k, &v))
		return NULL;
	return json_object_get_string(v);
}

static int
boolean(struct json_object *o, const char *k)
{
	return json_object_get_boolean(json_object_object_get(o, k));
}

static void
test_view_clean(void **state)
{
	struct i18n t;
	struct form f;
	struct json_object *v, *o, *opts;

	(void)state;
	catalog(&t);
	form_init(&f, defs, T__MAX);
	v = form_view(&f, groups, 2, &t, LANG_EN);
	assert_false(boolean(v, "has_errors"));
	assert_int_equal(
	    json_object_array_length(json_object_object_get(v, "errors")), 0);
	assert_int_equal(
	    json_object_array_length(json_object_object_get(v, "groups")), 2);
	o = json_object_array_get_idx(json_object_object_get(v, "groups"), 0);
	assert_string_equal(str(o, "legend"), "One");
	assert_int_equal(
	    json_object_array_length(json_object_object_get(o, "fields")), 6);
	o = field(v, "name");
	assert_string_equal(str(o, "label"), "Name");
	assert_string_equal(str(o, "hint"), "Family name first");
	assert_string_equal(str(o, "describedby"), "h-name");
	assert_string_equal(str(o, "input"), "text");
	assert_string_equal(str(o, "value"), "");
	assert_string_equal(str(o, "autocomplete"), "name");
	assert_int_equal(
	    json_object_get_int(json_object_object_get(o, "maxlength")), 40);
	assert_true(boolean(o, "required"));
	assert_null(str(o, "error"));
	/* A key the catalog lacks shows as itself. */
	o = field(v, "note");
	assert_string_equal(str(o, "label"), "f_note");
	assert_null(str(o, "hint"));
	assert_null(str(o, "describedby"));
	assert_null(str(o, "input"));
	assert_true(boolean(o, "textarea"));
	o = field(v, "num");
	assert_string_equal(str(o, "input"), "text");
	assert_string_equal(str(o, "inputmode"), "numeric");
	o = field(v, "size");
	assert_true(boolean(o, "radio"));
	opts = json_object_object_get(o, "options");
	assert_int_equal(json_object_array_length(opts), 2);
	assert_string_equal(str(json_object_array_get_idx(opts, 1), "label"),
			    "Blue");
	assert_false(boolean(json_object_array_get_idx(opts, 1), "on"));
	assert_true(boolean(field(v, "ok"), "consent"));
	assert_false(boolean(field(v, "ok"), "consent_on"));
	assert_true(boolean(field(v, "file"), "file"));
	json_object_put(v);
	form_free(&f);
	i18n_free(&t);
}

static void
test_view_values(void **state)
{
	struct i18n t;
	struct form f;
	struct json_object *v, *opts;

	(void)state;
	catalog(&t);
	READ(&f, "size", "blue", "opttags", "c", "opttags", "a", "colour",
	     "red");
	assert_int_equal(f.nerr, 0);
	v = form_view(&f, groups, 2, &t, LANG_JA);
	assert_false(boolean(v, "has_errors"));
	assert_string_equal(str(field(v, "name"), "value"), "Yamada");
	opts = json_object_object_get(field(v, "size"), "options");
	assert_false(boolean(json_object_array_get_idx(opts, 0), "on"));
	assert_true(boolean(json_object_array_get_idx(opts, 1), "on"));
	opts = json_object_object_get(field(v, "opttags"), "options");
	assert_true(boolean(json_object_array_get_idx(opts, 0), "on"));
	assert_false(boolean(json_object_array_get_idx(opts, 1), "on"));
	assert_true(boolean(json_object_array_get_idx(opts, 2), "on"));
	opts = json_object_object_get(field(v, "colour"), "options");
	assert_true(boolean(json_object_array_get_idx(opts, 0), "on"));
	assert_true(boolean(field(v, "ok"), "consent_on"));
	json_object_put(v);
	form_free(&f);
	i18n_free(&t);
}

static void
test_view_errors(void **state)
{
	struct i18n t;
	struct form f;
	struct json_object *v, *errs, *e, *o;

	(void)state;
	catalog(&t);
	READ(&f, "opt", "abcdefg", "name", "", "ok", "0");
	v = form_view(&f, groups, 2, &t, LANG_EN);
	assert_true(boolean(v, "has_errors"));
	errs = json_object_object_get(v, "errors");
	/* "name" and "ok" come first (kv_get takes the first value). */
	assert_int_equal(json_object_array_length(errs), 3);
	e = json_object_array_get_idx(errs, 0);
	assert_string_equal(str(e, "name"), "name");
	assert_string_equal(str(e, "label"), "Name");
	assert_string_equal(str(e, "message"), "Enter a value");
	e = json_object_array_get_idx(errs, 1);
	assert_string_equal(str(e, "name"), "ok");
	assert_string_equal(str(e, "message"), "err_choice");
	e = json_object_array_get_idx(errs, 2);
	assert_string_equal(str(e, "name"), "opt");
	/* Only the first "{n}" is replaced. */
	assert_string_equal(str(e, "message"), "At most 5 characters, not {n}");
	o = field(v, "opt");
	assert_string_equal(str(o, "error"), "At most 5 characters, not {n}");
	assert_string_equal(str(o, "value"), "abcdefg");
	assert_string_equal(str(o, "describedby"), "e-opt");
	assert_string_equal(str(field(v, "name"), "describedby"),
			    "h-name e-name");
	assert_false(boolean(field(v, "ok"), "consent_on"));
	json_object_put(v);
	form_free(&f);
	i18n_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_required),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_too_long_after_check),
		cmocka_unit_test(test_control),
		cmocka_unit_test(test_newline),
		cmocka_unit_test(test_textarea_crlf),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_consent),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_error),
		cmocka_unit_test(test_view_clean),
		cmocka_unit_test(test_view_values),
		cmocka_unit_test(test_view_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
