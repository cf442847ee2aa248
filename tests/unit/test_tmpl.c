/*
 * Tests for the Mustache engine: every case of the official spec files
 * (interpolation, sections, inverted, comments, partials, delimiters),
 * the TechEmpower escaping vectors, compile errors and repeat renders.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <json.h>

#include "buf.h"
#include "tmpl.h"

#define SPEC_DIR     TESTDATA_DIR "/mustache-spec"
#define MAX_PARTIALS 8

/* Partials of one test case, compiled, looked up by name. */
struct partials {
	size_t n;
	const char *name[MAX_PARTIALS];
	struct tmpl *t[MAX_PARTIALS];
};

/* Resolver handed to tmpl_render: NULL when the name is unknown. */
static const struct tmpl *
resolve(void *arg, const char *name)
{
	const struct partials *ps = arg;
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (strcmp(ps->name[i], name) == 0)
			return ps->t[i];
	return NULL;
}

static void
partials_free(struct partials *ps)
{
	while (ps->n > 0)
		tmpl_free(ps->t[--ps->n]);
}

/* Compiles a C string or fails the test with the compiler's message. */
static struct tmpl *
compile(const char *src)
{
	char err[256] = "";
	struct tmpl *t;

	t = tmpl_compile(src, strlen(src), err, sizeof err);
	if (t == NULL)
		fail_msg("compile \"%s\": %s", src, err);
	return t;
}

/* Compiles a case's partials; 0, or -1 when one does not compile. */
static int
partials_load(struct partials *ps, struct json_object *obj)
{
	char err[256];

	ps->n = 0;
	if (obj == NULL)
		return 0;
	json_object_object_foreach(obj, k, v)
	{
		assert_true(ps->n < MAX_PARTIALS);
		ps->name[ps->n] = k;
		ps->t[ps->n] = tmpl_compile(
		    json_object_get_string(v),
		    (size_t)json_object_get_string_len(v), err, sizeof err);
		if (ps->t[ps->n] == NULL) {
			print_error("partial %s: %s\n", k, err);
			partials_free(ps);
			return -1;
		}
		ps->n++;
	}
	return 0;
}

/* Runs one spec case; returns whether the output matched exactly. */
static int
spec_case(struct json_object *tc)
{
	struct json_object *tmplo, *expo, *data, *po = NULL;
	struct partials ps;
	struct tmpl *t;
	struct buf out;
	char err[256];
	int ok;

	assert_true(json_object_object_get_ex(tc, "template", &tmplo));
	assert_true(json_object_object_get_ex(tc, "expected", &expo));
	assert_true(json_object_object_get_ex(tc, "data", &data));
	json_object_object_get_ex(tc, "partials", &po);
	if (partials_load(&ps, po) == -1)
		return 0;
	t = tmpl_compile(json_object_get_string(tmplo),
			 (size_t)json_object_get_string_len(tmplo), err,
			 sizeof err);
	if (t == NULL) {
		print_error("compile: %s\n", err);
		partials_free(&ps);
		return 0;
	}
	buf_init(&out);
	tmpl_render(t, data, resolve, &ps, &out);
	ok = out.len == (size_t)json_object_get_string_len(expo) &&
	     memcmp(out.ptr, json_object_get_string(expo), out.len) == 0;
	if (!ok)
		print_error("got      [%s]\nexpected [%s]\n", out.ptr,
			    json_object_get_string(expo));
	buf_free(&out);
	tmpl_free(t);
	partials_free(&ps);
	return ok;
}

/* Runs every case of one spec file, naming each failure. */
static void
spec_file(const char *file, size_t expect_cases)
{
	char path[512];
	struct json_object *root, *tests, *name;
	size_t i, n, failed = 0;

	snprintf(path, sizeof path, "%s/%s", SPEC_DIR, file);
	root = json_object_from_file(path);
	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "tests", &tests));
	n = json_object_array_length(tests);
	assert_int_equal(n, expect_cases);
	for (i = 0; i < n; i++) {
		struct json_object *tc = json_object_array_get_idx(tests, i);

		if (spec_case(tc))
			continue;
		json_object_object_get_ex(tc, "name", &name);
		print_error("%s: FAILED \"%s\"\n", file,
			    json_object_get_string(name));
		failed++;
	}
	print_message("%s: %zu of %zu cases passed\n", file, n - failed, n);
	json_object_put(root);
	assert_int_equal(failed, 0);
}

static void
test_spec_interpolation(void **state)
{
	(void)state;
	spec_file("interpolation.json", 42);
}

static void
test_spec_sections(void **state)
{
	(void)state;
	spec_file("sections.json", 34);
}

static void
test_spec_inverted(void **state)
{
	(void)state;
	spec_file("inverted.json", 22);
}

static void
test_spec_comments(void **state)
{
	(void)state;
	spec_file("comments.json", 12);
}

static void
test_spec_partials(void **state)
{
	(void)state;
	spec_file("partials.json", 12);
}

static void
test_spec_delimiters(void **state)
{
	(void)state;
	spec_file("delimiters.json", 14);
}

/* Renders src over ctx (no partials) and compares with want. */
static void
check_render(const char *src, struct json_object *ctx, const char *want)
{
	struct tmpl *t = compile(src);
	struct buf out;

	buf_init(&out);
	tmpl_render(t, ctx, NULL, NULL, &out);
	assert_string_equal(out.ptr, want);
	buf_free(&out);
	tmpl_free(t);
}

/* Renders src with one string value "v", escaped then raw. */
static void
check_escape(const char *value, const char *escaped)
{
	struct json_object *ctx = json_object_new_object();

	json_object_object_add(ctx, "v", json_object_new_string(value));
	check_render("<td>{{v}}</td>", ctx, escaped);
	check_render("{{{v}}}", ctx, value);
	check_render("{{& v }}", ctx, value);
	json_object_put(ctx);
}

static void
test_escaping_vectors(void **state)
{
	(void)state;
	check_escape(
	    "<script>alert(\"This should not be displayed in a "
	    "browser alert box.\");</script>",
	    "<td>&lt;script&gt;alert(&quot;This should not be displayed in "
	    "a browser alert box.&quot;);&lt;/script&gt;</td>");
	check_escape("フレームワークのベンチマーク",
		     "<td>フレームワークのベンチマーク</td>");
	check_escape(
	    "A computer scientist is someone who fixes things that "
	    "aren't broken.",
	    "<td>A computer scientist is someone who fixes things that "
	    "aren&#39;t broken.</td>");
	check_escape(
	    "「平和協力」&<参加>\"申請\"'書'",
	    "<td>「平和協力」&amp;&lt;参加&gt;&quot;申請&quot;&#39;書&#39;"
	    "</td>");
	check_escape("", "<td></td>");
}

/* A string with a NUL inside is rendered whole, by its length. */
static void
test_embedded_nul(void **state)
{
	struct json_object *ctx = json_object_new_object();
	struct tmpl *t = compile("[{{v}}]");
	struct buf out;

	(void)state;
	json_object_object_add(ctx, "v", json_object_new_string_len("a\0<", 3));
	buf_init(&out);
	tmpl_render(t, ctx, NULL, NULL, &out);
	assert_int_equal(out.len, 8);
	assert_memory_equal(out.ptr, "[a\0&lt;]", 8);
	buf_free(&out);
	tmpl_free(t);
	json_object_put(ctx);
}

static void
test_scalars(void **state)
{
	struct json_object *ctx = json_object_new_object();

	(void)state;
	json_object_object_add(ctx, "neg", json_object_new_int64(INT64_MIN));
	json_object_object_add(ctx, "big", json_object_new_uint64(UINT64_MAX));
	json_object_object_add(ctx, "max", json_object_new_int64(INT64_MAX));
	json_object_object_add(ctx, "d", json_object_new_double(0.1));
	json_object_object_add(ctx, "whole", json_object_new_double(3.0));
	json_object_object_add(ctx, "exp", json_object_new_double(1e21));
	json_object_object_add(ctx, "t", json_object_new_boolean(1));
	json_object_object_add(ctx, "f", json_object_new_boolean(0));
	check_render(
	    "{{neg}} {{big}} {{max}}", ctx,
	    "-9223372036854775808 18446744073709551615 9223372036854775807");
	check_render("{{d}} {{whole}} {{exp}}", ctx, "0.1 3 1e+21");
	check_render("{{t}} {{f}}", ctx, "true false");
	json_object_put(ctx);
	ctx = json_tokener_parse("{\"o\":{\"a\":\"<b/>\"},\"l\":[1,\"x\"]}");
	check_render("{{o}} {{{l}}}", ctx,
		     "{&quot;a&quot;:&quot;&lt;b/&gt;&quot;} [1,\"x\"]");
	json_object_put(ctx);
}

/* "", 0 and {} are truthy; null, false and [] are not. */
static void
test_truthiness(void **state)
{
	struct json_object *ctx;

	(void)state;
	ctx = json_tokener_parse("{\"s\":\"\",\"z\":0,\"o\":{},\"n\":null,"
				 "\"f\":false,\"a\":[]}");
	assert_non_null(ctx);
	check_render("{{#s}}s{{/s}}{{#z}}z{{/z}}{{#o}}o{{/o}}{{#n}}n{{/n}}"
		     "{{#f}}f{{/f}}{{#a}}a{{/a}}{{#x}}x{{/x}}",
		     ctx, "szo");
	check_render("{{^s}}s{{/s}}{{^z}}z{{/z}}{{^o}}o{{/o}}{{^n}}n{{/n}}"
		     "{{^f}}f{{/f}}{{^a}}a{{/a}}{{^x}}x{{/x}}",
		     ctx, "nfax");
	json_object_put(ctx);
	check_render("[{{a}}|{{#a}}x{{/a}}|{{.}}]", NULL, "[||]");
}

/* Compiles src, expecting failure with exactly the message want. */
static void
check_error(const char *src, const char *want)
{
	char err[256] = "";

	assert_null(tmpl_compile(src, strlen(src), err, sizeof err));
	assert_string_equal(err, want);
}

static void
test_compile_errors(void **state)
{
	struct buf deep;
	char small[8];
	int i;

	(void)state;
	check_error("a\nb {{x", "line 2: unclosed tag");
	check_error("{{{x}}", "line 1: unclosed tag");
	check_error(
	    "{{#a}}\n{{/b}}",
	    "line 2: closing tag 'b' does not match section 'a' opened on "
	    "line 1");
	check_error("x\n\n{{/a}}",
		    "line 3: closing tag 'a' without an open section");
	check_error("{{#a}}\n\n{{^b}}{{/b}}\n",
		    "line 1: section 'a' is not closed");
	check_error("{{=<% %>=}}\n\n<%a", "line 3: unclosed tag");
	check_error("{{=<% %>=}}\n{{/a}}<%/a%>",
		    "line 2: closing tag 'a' without an open section");
	check_error("{{= a =}}", "line 1: invalid set-delimiter tag");
	check_error("{{=a b c=}}", "line 1: invalid set-delimiter tag");
	check_error("{{=a= b=}}", "line 1: invalid set-delimiter tag");
	check_error("\n{{}}", "line 2: invalid name ''");
	check_error("{{a..b}}", "line 1: invalid name 'a..b'");
	check_error("{{.a}}", "line 1: invalid name '.a'");
	check_error("{{#a b}}{{/a b}}", "line 1: invalid name 'a b'");
	check_error("{{> }}", "line 1: invalid name ''");
	check_error("{{<parent}}{{/parent}}", "line 1: unsupported tag '<'");
	buf_init(&deep);
	for (i = 0; i < 65; i++)
		buf_puts(&deep, "{{#a}}\n");
	check_error(deep.ptr, "line 65: sections nested too deeply");
	buf_free(&deep);
	/* A short or absent buffer truncates the message, never overflows. */
	assert_null(tmpl_compile("{{x", 3, small, sizeof small));
	assert_string_equal(small, "line 1:");
	assert_null(tmpl_compile("{{x", 3, NULL, 0));
}

/* Resolver for one fixed partial. */
static const struct tmpl *
resolve_one(void *arg, const char *name)
{
	return strcmp(name, "item") == 0 ? arg : NULL;
}

/* A compiled template renders the same each time; render appends. */
static void
test_render_twice(void **state)
{
	struct json_object *ctx;
	struct tmpl *t, *item;
	struct buf a, b;
	const char *want = "<ul>\n  <li>&lt;1&gt;</li>\n  <li>2</li>\n</ul>\n";

	(void)state;
	ctx = json_tokener_parse("{\"items\":[{\"n\":\"<1>\"},{\"n\":2}]}");
	t = compile("<ul>\n{{#items}}\n  {{> item}}\n{{/items}}\n</ul>\n");
	item = compile("<li>{{n}}</li>\n");
	buf_init(&a);
	buf_init(&b);
	tmpl_render(t, ctx, resolve_one, item, &a);
	assert_string_equal(a.ptr, want);
	buf_puts(&b, "x");
	tmpl_render(t, ctx, resolve_one, item, &b);
	assert_string_equal(b.ptr + 1, want);
	buf_reset(&a);
	tmpl_render(t, ctx, resolve_one, item, &a);
	assert_string_equal(a.ptr, want);
	buf_free(&a);
	buf_free(&b);
	tmpl_free(t);
	tmpl_free(item);
	json_object_put(ctx);
}

/* One compiled partial, rendered at several (nested) indentations. */
static void
test_partial_indent(void **state)
{
	struct partials ps = { 0 };
	struct buf out;
	struct tmpl *t;
	const char *want = "a\n"
			   "  x\n"
			   "  y=<\n"
			   "b>\n"
			   "  z\n"
			   "    x\n"
			   "    y=<\n"
			   "b>\n"
			   "  x\n"
			   "  y=<\n"
			   "b>\n"
			   "\t\n"
			   "\tx\n"
			   "\ty=<\n"
			   "b>\n"
			   "c x\n"
			   "y=<\n"
			   "b>\n";
	struct json_object *ctx = json_object_new_object();

	(void)state;
	json_object_object_add(ctx, "v", json_object_new_string("<\nb>"));
	ps.name[0] = "p";
	ps.t[0] = compile("x\ny={{{v}}}\n");
	ps.name[1] = "q";
	ps.t[1] = compile("z\n  {{>p}}\n{{>p}}\n");
	ps.n = 2;
	t = compile("a\n  {{>p}}\n  {{>q}}\n\t\n\t{{>p}}\nc {{>p}}");
	buf_init(&out);
	tmpl_render(t, ctx, resolve, &ps, &out);
	assert_string_equal(out.ptr, want);
	buf_free(&out);
	tmpl_free(t);
	partials_free(&ps);
	json_object_put(ctx);
}

/* Unbounded partial recursion stops instead of exhausting the stack. */
static void
test_partial_recursion_limit(void **state)
{
	struct partials ps = { 0 };
	struct buf out;
	size_t i;

	(void)state;
	ps.name[0] = "r";
	ps.t[0] = compile("r{{>r}}");
	ps.n = 1;
	buf_init(&out);
	tmpl_render(ps.t[0], NULL, resolve, &ps, &out);
	assert_int_equal(out.len, 65);
	for (i = 0; i < out.len; i++)
		assert_int_equal(out.ptr[i], 'r');
	buf_free(&out);
	partials_free(&ps);
}

/*
 * Plain text mode (e-mail) leaves {{x}} as it is, in sections and
 * partials too, while the HTML mode of the same template escapes it.
 */
static void
test_text_mode(void **state)
{
	struct partials ps = { 0 };
	struct json_object *ctx = json_object_new_object();
	struct buf out;

	(void)state;
	json_object_object_add(ctx, "v",
			       json_object_new_string("A & <B> \"c\""));
	ps.name[0] = "p";
	ps.t[0] = compile("[{{v}}]");
	ps.t[1] = compile("{{v}}|{{#v}}{{v}}{{/v}}|{{>p}}");
	ps.n = 1;
	buf_init(&out);
	tmpl_render_text(ps.t[1], ctx, resolve, &ps, &out);
	assert_string_equal(out.ptr,
			    "A & <B> \"c\"|A & <B> \"c\"|[A & <B> \"c\"]");
	buf_reset(&out);
	tmpl_render(ps.t[1], ctx, resolve, &ps, &out);
	assert_string_equal(out.ptr, "A &amp; &lt;B&gt; &quot;c&quot;|"
				     "A &amp; &lt;B&gt; &quot;c&quot;|"
				     "[A &amp; &lt;B&gt; &quot;c&quot;]");
	buf_free(&out);
	tmpl_free(ps.t[1]);
	partials_free(&ps);
	json_object_put(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_interpolation),
		cmocka_unit_test(test_spec_sections),
		cmocka_unit_test(test_spec_inverted),
		cmocka_unit_test(test_spec_comments),
		cmocka_unit_test(test_spec_partials),
		cmocka_unit_test(test_spec_delimiters),
		cmocka_unit_test(test_escaping_vectors),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_truthiness),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_render_twice),
		cmocka_unit_test(test_partial_indent),
		cmocka_unit_test(test_partial_recursion_limit),
		cmocka_unit_test(test_text_mode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
