/*
 * view: every real template compiles; the apply page rendered from the
 * form's view model labels every field, links each error in the summary
 * to its field, points aria-describedby only at ids that exist, escapes
 * what applicants type, and shows the catalog's texts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "apply.h"
#include "buf.h"
#include "form.h"
#include "i18n.h"
#include "kv.h"
#include "view.h"

/* Loaded once for the whole group. */
struct fixture {
	struct views v;
	struct i18n t;
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char err[512];

	if (fx == NULL)
		return -1;
	if (view_load(&fx->v, TEMPLATES_DIR, err, sizeof(err)) != 0 ||
	    i18n_load(&fx->t, TEMPLATES_DIR, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	view_free(&fx->v);
	i18n_free(&fx->t);
	free(fx);
	return 0;
}

/* Appends s HTML-escaped as the template engine escapes it. */
static void
escape(struct buf *out, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			buf_puts(out, "&amp;");
			break;
		case '<':
			buf_puts(out, "&lt;");
			break;
		case '>':
			buf_puts(out, "&gt;");
			break;
		case '"':
			buf_puts(out, "&quot;");
			break;
		case '\'':
			buf_puts(out, "&#39;");
			break;
		default:
			buf_putc(out, *s);
		}
}

/* Returns how many times needle occurs in hay. */
static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* Fails unless the page holds the text, escaped. */
static void
has_text(const char *page, const char *text)
{
	struct buf b;

	buf_init(&b);
	escape(&b, text);
	if (strstr(page, b.ptr) == NULL)
		fail_msg("page lacks \"%s\"", b.ptr);
	buf_free(&b);
}

/* Fails unless the page holds exactly n of before, name and after. */
static void
has_n(const char *page, size_t n, const char *before, const char *name,
      const char *after)
{
	char s[200];

	snprintf(s, sizeof(s), "%s%s%s", before, name, after);
	if (count(page, s) != n)
		fail_msg("%zu of %s, want %zu", count(page, s), s, n);
}

/* Fails unless the page holds message with "{n}" replaced by arg. */
static void
has_message(const char *page, const char *message, const char *arg)
{
	const char *at;
	struct buf b;

	assert_non_null(at = strstr(message, "{n}"));
	buf_init(&b);
	buf_append(&b, message, (size_t)(at - message));
	buf_puts(&b, arg);
	buf_puts(&b, at + 3);
	has_text(page, b.ptr);
	buf_free(&b);
}

/* Renders the apply page for f in l, as page_apply.c and app.c do. */
static void
render(const struct fixture *fx, const struct form *f, enum lang l,
       struct buf *out)
{
	struct json_object *root, *sw;

	root = json_object_new_object();
	json_object_object_add(root, "t", json_object_get(fx->t.cat[l]));
	json_object_object_add(root, "lang",
			       json_object_new_string(i18n_codes[l]));
	sw = json_object_new_object();
	json_object_object_add(sw, "code",
			       json_object_new_string(i18n_codes[!l]));
	json_object_object_add(sw, "path", json_object_new_string("/apply"));
	json_object_object_add(root, "switch", sw);
	json_object_object_add(
	    root, "form", form_view(f, apply_groups, APPLY_NGROUPS, &fx->t, l));
	json_object_object_add(root, "form_token",
			       json_object_new_string("tok\"en"));
	buf_init(out);
	view_render(&fx->v, VIEW_APPLY, root, out);
	json_object_put(root);
	assert_non_null(out->ptr);
}

/* Each field: one element with its id, reached by a label or legend. */
static void
check_fields(const char *page, const struct i18n *t, enum lang l)
{
	char key[80];
	size_t i, k;

	for (i = 0; i < AF__MAX; i++) {
		const struct fdef *d = &apply_fields[i];

		has_n(page, 1, "id=\"f-", d->name, "\"");
		if (d->type == FT_RADIO || d->type == FT_CHECKS) {
			has_n(page, 1, "<fieldset class=\"choices\" id=\"f-",
			      d->name, "\"");
			has_n(page, d->nopts, "name=\"", d->name, "\" value=");
		} else {
			has_n(page, 1, "<label for=\"f-", d->name, "\"");
			has_n(page, 1, "name=\"", d->name, "\"");
		}
		snprintf(key, sizeof(key), "f_%s", d->name);
		has_text(page, i18n_text(t, l, key));
		for (k = 0; k < d->nopts; k++)
			has_text(page, i18n_text(t, l, d->opts[k].label));
	}
	for (i = 0; i < APPLY_NGROUPS; i++)
		has_text(page, i18n_text(t, l, apply_groups[i].legend));
}

/* Every id that aria-describedby names is on the page. */
static void
check_describedby(const char *page)
{
	const char *p = page, *end;
	char ids[200], *id, *save;
	char want[220];
	size_t n = 0;

	while ((p = strstr(p, "aria-describedby=\"")) != NULL) {
		p += strlen("aria-describedby=\"");
		assert_non_null(end = strchr(p, '"'));
		assert_true((size_t)(end - p) < sizeof(ids));
		memcpy(ids, p, (size_t)(end - p));
		ids[end - p] = '\0';
		for (id = strtok_r(ids, " ", &save); id != NULL;
		     id = strtok_r(NULL, " ", &save)) {
			snprintf(want, sizeof(want), "id=\"%s\"", id);
			if (strstr(page, want) == NULL)
				fail_msg("aria-describedby names %s", id);
			n++;
		}
	}
	assert_true(n > 0);
}

/* What every apply page shows, and nothing left of the templates. */
static void
check_page(const char *page, const struct i18n *t, enum lang l)
{
	static const char *const keys[] = {
		"apply_title", "apply_intro", "required_note", "apply_submit",
		"site_name",   "footer_org",  "required",      "choose",
	};
	char html[32];
	size_t i;

	snprintf(html, sizeof(html), "<html lang=\"%s\">", i18n_codes[l]);
	assert_non_null(strstr(page, html));
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		has_text(page, i18n_text(t, l, keys[i]));
	check_fields(page, t, l);
	check_describedby(page);
	assert_null(strstr(page, "{{"));
	assert_null(strstr(page, "}}"));
	assert_null(strstr(page, "<script"));
	assert_non_null(strstr(page, "value=\"tok&quot;en\""));
	assert_non_null(strstr(page, "</html>"));
}

/*
 * Every view of the table has a template that exists and compiles: a
 * view left out of view_names, a missing file or a template that does not
 * parse fails view_load.
 */
static void
test_load(void **state)
{
	struct views v;
	char err[512] = "";
	size_t i;

	(void)state;
	if (view_load(&v, TEMPLATES_DIR, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	for (i = 0; i < VIEW__MAX; i++)
		assert_non_null(v.t[i]);
	view_free(&v);
}

static void
test_load_missing(void **state)
{
	struct views v;
	char err[512] = "";

	(void)state;
	assert_int_equal(view_load(&v, "/nonexistent", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/layout.mustache"));
	assert_null(v.t[VIEW_LAYOUT]);
}

/* A template that does not compile is named in the message. */
static void
test_load_broken(void **state)
{
	static const char *const names[] = {
		"layout", "home",  "apply", "receipt",
		"status", "error", "field",
	};
	char dir[] = "/tmp/test_view.XXXXXX", path[128], err[512] = "";
	struct views v;
	FILE *f;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s.mustache", dir, names[i]);
		assert_non_null(f = fopen(path, "w"));
		fputs(strcmp(names[i], "status") == 0 ? "<p>{{#open}}</p>"
						      : "<p>{{x}}</p>",
		      f);
		fclose(f);
	}
	assert_int_equal(view_load(&v, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "status.mustache"));
	for (i = 0; i < VIEW__MAX; i++)
		assert_null(v.t[i]);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s.mustache", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* A fresh form, in each language: no summary, every field in place. */
static void
test_apply_empty(void **state)
{
	struct fixture *fx = *state;
	struct form f;
	struct buf out;
	size_t l;

	for (l = 0; l < LANG__MAX; l++) {
		form_init(&f, apply_fields, AF__MAX);
		render(fx, &f, l, &out);
		check_page(out.ptr, &fx->t, l);
		assert_null(strstr(out.ptr, "error-summary"));
		assert_null(strstr(out.ptr, "aria-invalid"));
		assert_null(strstr(out.ptr, "href=\"#f-"));
		form_free(&f);
		buf_free(&out);
	}
}

/* Reads pairs into a fresh form and runs the cross-field checks. */
static void
read_form(struct form *f, const char *const *kv, size_t n)
{
	static const struct apply_today today = { 2026, 4, 10 };
	struct kvlist l;
	size_t i;

	kv_init(&l);
	for (i = 0; i + 1 < n; i += 2)
		kv_add(&l, kv[i], strlen(kv[i]), kv[i + 1], strlen(kv[i + 1]));
	form_init(f, apply_fields, AF__MAX);
	form_read(f, &l);
	apply_check(f, 18, &today);
	kv_free(&l);
}

static const char *const typed[] = {
	"family_kanji",
	"<script>alert(\"x\")</script>",
	"given_kanji",
	"A computer scientist is someone who fixes things that aren't broken.",
	"address",
	"東京 & <大阪> \"'",
	"experience_abroad",
	"フレームワークのベンチマーク</textarea><b>",
	"gender",
	"female",
	"expertise",
	"medical",
	"expertise",
	"legal",
	"birth_date",
	"2020-01-01",
	"nationality",
	"no",
};

/* A form with errors: the summary, the messages, the values escaped. */
static void
test_apply_errors(void **state)
{
	struct fixture *fx = *state;
	struct form f;
	struct buf out;
	size_t i, l, n;

	for (l = 0; l < LANG__MAX; l++) {
		read_form(&f, typed, sizeof(typed) / sizeof(typed[0]));
		assert_true(f.nerr > 10);
		render(fx, &f, l, &out);
		check_page(out.ptr, &fx->t, l);
		has_text(out.ptr, i18n_text(&fx->t, l, "error_summary_title"));
		assert_int_equal(count(out.ptr, "<li><a href=\"#f-"), f.nerr);
		for (i = 0, n = 0; i < AF__MAX; i++) {
			if (f.err[i] == NULL)
				continue;
			/* A group of choices marks each of its options. */
			n += apply_fields[i].type == FT_RADIO ||
				     apply_fields[i].type == FT_CHECKS
				 ? apply_fields[i].nopts
				 : 1;
			has_n(out.ptr, 1, "href=\"#f-", apply_fields[i].name,
			      "\"");
			has_n(out.ptr, 1, "id=\"e-", apply_fields[i].name,
			      "\"");
		}
		assert_int_equal(count(out.ptr, "aria-invalid=\"true\""), n);
		/* The messages, with their argument in place. */
		has_message(out.ptr, i18n_text(&fx->t, l, "err_too_young"),
			    "18");
		has_message(out.ptr, i18n_text(&fx->t, l, "err_too_long"),
			    "40");
		has_text(out.ptr, i18n_text(&fx->t, l, "err_required"));
		has_text(out.ptr, i18n_text(&fx->t, l, "err_nationality"));
		/* What was typed comes back, escaped. */
		assert_non_null(
		    strstr(out.ptr, "value=\"&lt;script&gt;alert(&quot;x&quot;)"
				    "&lt;/script&gt;\""));
		assert_non_null(strstr(out.ptr, "aren&#39;t broken.\""));
		assert_non_null(strstr(
		    out.ptr, "value=\"東京 &amp; &lt;大阪&gt; &quot;&#39;\""));
		assert_non_null(strstr(out.ptr, "フレームワークのベンチマーク"
						"&lt;/textarea&gt;&lt;b&gt;"
						"</textarea>"));
		assert_non_null(strstr(out.ptr, "value=\"female\" checked>"));
		assert_non_null(strstr(out.ptr, "value=\"medical\" checked>"));
		assert_non_null(strstr(out.ptr, "value=\"legal\" checked>"));
		/* Options of a group in error go on: aria-invalid. */
		assert_int_equal(count(out.ptr, " checked"), 4);
		form_free(&f);
		buf_free(&out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_load_missing),
		cmocka_unit_test(test_load_broken),
		cmocka_unit_test(test_apply_empty),
		cmocka_unit_test(test_apply_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
