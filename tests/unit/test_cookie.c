/*
 * cookie: Cookie header parsing and Set-Cookie value building.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "cookie.h"
#include "kv.h"

/* Asserts that pair i of l is named k with value v. */
static void
assert_pair(const struct kvlist *l, size_t i, const char *k, const char *v)
{
	assert_true(i < l->n);
	assert_string_equal(l->p[i].key, k);
	assert_int_equal(l->p[i].keylen, strlen(k));
	assert_string_equal(l->p[i].val, v);
	assert_int_equal(l->p[i].vallen, strlen(v));
}

/* Pairs keep their order; duplicates are kept, the first found first. */
static void
test_parse_basic(void **state)
{
	struct kvlist l;

	(void)state;
	kv_init(&l);
	assert_int_equal(cookie_parse("lang=ja; sid=abc; lang=en", &l), 0);
	assert_int_equal(l.n, 3);
	assert_pair(&l, 0, "lang", "ja");
	assert_pair(&l, 1, "sid", "abc");
	assert_pair(&l, 2, "lang", "en");
	assert_string_equal(kv_get(&l, "lang"), "ja");
	kv_free(&l);
}

/* Blanks around names and values go; the first '=' splits. */
static void
test_parse_trim_split(void **state)
{
	struct kvlist l;

	(void)state;
	kv_init(&l);
	assert_int_equal(cookie_parse(" \ta = 1 ;\tb=x=y=\t;c=; d =  ", &l), 0);
	assert_int_equal(l.n, 4);
	assert_pair(&l, 0, "a", "1");
	assert_pair(&l, 1, "b", "x=y=");
	assert_pair(&l, 2, "c", "");
	assert_pair(&l, 3, "d", "");
	kv_free(&l);
}

/* Empty names, nameless cookies (no '=') and empty parts are skipped. */
static void
test_parse_skip(void **state)
{
	struct kvlist l;

	(void)state;
	kv_init(&l);
	assert_int_equal(cookie_parse(";; =x; ja; \t ;  = ; k=v;", &l), 0);
	assert_int_equal(l.n, 1);
	assert_pair(&l, 0, "k", "v");
	kv_free(&l);
}

/* One pair of surrounding quotes goes; no percent decoding is done. */
static void
test_parse_quotes_raw(void **state)
{
	struct kvlist l;

	(void)state;
	kv_init(&l);
	assert_int_equal(cookie_parse("a=\"x y\"; b=\"\"; c=\"; d=\"\"q\"\"; "
				      "e=\"open; f=%41%3B+; g=\"in\"side",
				      &l),
			 0);
	assert_int_equal(l.n, 7);
	assert_pair(&l, 0, "a", "x y");
	assert_pair(&l, 1, "b", "");
	assert_pair(&l, 2, "c", "\"");
	assert_pair(&l, 3, "d", "\"q\"");
	assert_pair(&l, 4, "e", "\"open");
	assert_pair(&l, 5, "f", "%41%3B+");
	assert_pair(&l, 6, "g", "\"in\"side");
	kv_free(&l);
}

/* An absent header is no cookies; an empty one too. */
static void
test_parse_absent(void **state)
{
	struct kvlist l;

	(void)state;
	kv_init(&l);
	assert_int_equal(cookie_parse(NULL, &l), 0);
	assert_int_equal(cookie_parse("", &l), 0);
	assert_int_equal(l.n, 0);
	kv_free(&l);
}

/* COOKIE_MAX_HEADER bytes pass; one more is refused. */
static void
test_parse_length_limit(void **state)
{
	struct kvlist l;
	char *h;

	(void)state;
	h = xmalloc(COOKIE_MAX_HEADER + 2);
	memset(h, 'v', COOKIE_MAX_HEADER + 1);
	memcpy(h, "k=", 2);
	h[COOKIE_MAX_HEADER] = '\0';
	kv_init(&l);
	assert_int_equal(cookie_parse(h, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.p[0].vallen, COOKIE_MAX_HEADER - 2);
	kv_free(&l);

	h[COOKIE_MAX_HEADER] = 'v';
	h[COOKIE_MAX_HEADER + 1] = '\0';
	kv_init(&l);
	assert_int_equal(cookie_parse(h, &l), -1);
	assert_int_equal(l.n, 0);
	kv_free(&l);
	free(h);
}

/* COOKIE_MAX_PAIRS named cookies pass, one more is refused; blanks free. */
static void
test_parse_pair_limit(void **state)
{
	struct kvlist l;
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < COOKIE_MAX_PAIRS; i++)
		buf_printf(&b, "c%zu=%zu; ; =x; ", i, i);
	kv_init(&l);
	assert_int_equal(cookie_parse(b.ptr, &l), 0);
	assert_int_equal(l.n, COOKIE_MAX_PAIRS);
	assert_pair(&l, COOKIE_MAX_PAIRS - 1, "c63", "63");
	kv_free(&l);

	buf_puts(&b, "one=more");
	kv_init(&l);
	assert_int_equal(cookie_parse(b.ptr, &l), -1);
	kv_free(&l);
	buf_free(&b);
}

/* Asserts that cookie_format with these arguments writes want. */
static void
assert_format(const char *name, const char *value, const char *path,
	      long max_age, unsigned int flags, const char *want)
{
	struct buf b;

	buf_init(&b);
	cookie_format(&b, name, value, path, max_age, flags);
	assert_non_null(b.ptr);
	assert_string_equal(b.ptr, want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
}

/* The attributes appear as asked, in a fixed order. */
static void
test_format(void **state)
{
	(void)state;
	assert_format(
	    "lang", "en", "/", 31536000L, COOKIE_HTTPONLY | COOKIE_SAMESITE_LAX,
	    "lang=en; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax");
	assert_format(
	    "__Host-sid", "AbC-_09", "/", -1,
	    COOKIE_HTTPONLY | COOKIE_SECURE | COOKIE_SAMESITE_STRICT,
	    "__Host-sid=AbC-_09; Path=/; Secure; HttpOnly; SameSite=Strict");
	/* Expiring now: Max-Age=0, empty value. */
	assert_format("sid", "", "/staff", 0, COOKIE_HTTPONLY,
		      "sid=; Path=/staff; Max-Age=0; HttpOnly");
	/* No path, session cookie, no flags. */
	assert_format("a", "b", NULL, -5, 0, "a=b");
	/* Strict wins over Lax when a caller gives both. */
	assert_format("a", "b", NULL, -1,
		      COOKIE_SAMESITE_LAX | COOKIE_SAMESITE_STRICT,
		      "a=b; SameSite=Strict");
}

/* Bytes outside the cookie grammar are dropped: no attribute injection. */
static void
test_format_filters(void **state)
{
	(void)state;
	assert_format("la ng;", "en; Domain=evil.example\r\nX: y", "/a;b", 60,
		      0, "lang=enDomain=evil.exampleX:y; Path=/ab; Max-Age=60");
	assert_format("n", "\"q\",\\\x7F\xE5\xB1\xB1", "/", -1, 0,
		      "n=q; Path=/");
}

/* cookie_format appends to what the buffer holds. */
static void
test_format_appends(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_puts(&b, "Set-Cookie: ");
	cookie_format(&b, "a", "1", "/", -1, 0);
	assert_string_equal(b.ptr, "Set-Cookie: a=1; Path=/");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_basic),
		cmocka_unit_test(test_parse_trim_split),
		cmocka_unit_test(test_parse_skip),
		cmocka_unit_test(test_parse_quotes_raw),
		cmocka_unit_test(test_parse_absent),
		cmocka_unit_test(test_parse_length_limit),
		cmocka_unit_test(test_parse_pair_limit),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_filters),
		cmocka_unit_test(test_format_appends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
