/*
 * urlenc: the WHATWG web-platform-tests vectors in lenient mode, the
 * maximal-subpart replacement rules, and the strict policy.
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
#include "kv.h"
#include "urlenc.h"

#define WPT_FILE  TESTDATA_DIR "/wpt-urlencoded/urlencoded-parser-data.json"
#define WPT_CASES 35
#define FFFD	  "\xEF\xBF\xBD"

/* Returns 1 if pair i of l is exactly the bytes k, v (lengths given). */
static int
pair_is(const struct kvlist *l, size_t i, const char *k, size_t klen,
	const char *v, size_t vlen)
{
	return i < l->n && l->p[i].keylen == klen &&
	       memcmp(l->p[i].key, k, klen) == 0 && l->p[i].vallen == vlen &&
	       memcmp(l->p[i].val, v, vlen) == 0;
}

/* Returns 1 if l holds exactly the ordered pairs of the JSON array want. */
static int
pairs_match(const struct kvlist *l, json_object *want)
{
	json_object *pair, *k, *v;
	size_t i, n;

	n = json_object_array_length(want);
	if (l->n != n)
		return 0;
	for (i = 0; i < n; i++) {
		pair = json_object_array_get_idx(want, i);
		k = json_object_array_get_idx(pair, 0);
		v = json_object_array_get_idx(pair, 1);
		if (!pair_is(l, i, json_object_get_string(k),
			     (size_t)json_object_get_string_len(k),
			     json_object_get_string(v),
			     (size_t)json_object_get_string_len(v)))
			return 0;
	}
	return 1;
}

/* Returns 1 if any expected name or value holds U+FFFD. */
static int
wants_fffd(json_object *want)
{
	json_object *pair;
	size_t i, j;

	for (i = 0; i < json_object_array_length(want); i++) {
		pair = json_object_array_get_idx(want, i);
		for (j = 0; j < 2; j++)
			if (strstr(json_object_get_string(
				       json_object_array_get_idx(pair, j)),
				   FFFD) != NULL)
				return 1;
	}
	return 0;
}

/* Loads the WPT vectors; the caller puts the returned array. */
static json_object *
wpt_load(void)
{
	json_object *root;

	root = json_object_from_file(WPT_FILE);
	assert_non_null(root);
	assert_true(json_object_is_type(root, json_type_array));
	assert_int_equal(json_object_array_length(root), WPT_CASES);
	return root;
}

/* Every WPT vector gives the same ordered pairs, byte for byte. */
static void
test_wpt_lenient(void **state)
{
	json_object *root, *c, *in, *out;
	struct kvlist l;
	size_t i;

	(void)state;
	root = wpt_load();
	for (i = 0; i < WPT_CASES; i++) {
		c = json_object_array_get_idx(root, i);
		assert_true(json_object_object_get_ex(c, "input", &in));
		assert_true(json_object_object_get_ex(c, "output", &out));
		kv_init(&l);
		assert_int_equal(
		    urlenc_parse(json_object_get_string(in),
				 (size_t)json_object_get_string_len(in),
				 URLENC_LENIENT, &l),
		    0);
		if (!pairs_match(&l, out))
			fail_msg("WPT vector %zu (input \"%s\") differs", i,
				 json_object_get_string(in));
		kv_free(&l);
	}
	json_object_put(root);
}

/*
 * Strict mode on the same vectors: the ones whose expected output holds
 * U+FFFD are exactly those with invalid UTF-8 (no vector sends U+FFFD
 * itself or a control), so those are refused and the rest parse alike.
 */
static void
test_wpt_strict(void **state)
{
	json_object *root, *c, *in, *out;
	struct kvlist l;
	size_t i, refused = 0;
	int rc;

	(void)state;
	root = wpt_load();
	for (i = 0; i < WPT_CASES; i++) {
		c = json_object_array_get_idx(root, i);
		assert_true(json_object_object_get_ex(c, "input", &in));
		assert_true(json_object_object_get_ex(c, "output", &out));
		kv_init(&l);
		rc = urlenc_parse(json_object_get_string(in),
				  (size_t)json_object_get_string_len(in),
				  URLENC_STRICT, &l);
		if (wants_fffd(out)) {
			refused++;
			if (rc != -1)
				fail_msg("WPT vector %zu (input \"%s\") "
					 "accepted",
					 i, json_object_get_string(in));
		} else if (rc != 0 || !pairs_match(&l, out))
			fail_msg("WPT vector %zu (input \"%s\") differs", i,
				 json_object_get_string(in));
		kv_free(&l);
	}
	/* %FE%FF, %FF%FE, %C2, %C2x and the _charset_ case. */
	assert_int_equal(refused, 5);
	json_object_put(root);
}

/* Parses s (C string) leniently into a single expected name, empty value. */
static void
lenient_name(const char *s, const char *want, size_t wantlen)
{
	struct kvlist l;

	kv_init(&l);
	assert_int_equal(urlenc_parse(s, strlen(s), URLENC_LENIENT, &l), 0);
	if (!pair_is(&l, 0, want, wantlen, "", 0) || l.n != 1)
		fail_msg("\"%s\" decoded wrongly", s);
	kv_free(&l);
}

/* One U+FFFD per maximal subpart, as the Encoding Standard decodes. */
static void
test_lenient_subparts(void **state)
{
	(void)state;
	/* Surrogates and overlongs: every byte is its own subpart. */
	lenient_name("%ED%A0%80", FFFD FFFD FFFD, 9);
	lenient_name("%C0%AF", FFFD FFFD, 6);
	lenient_name("%E0%80%80", FFFD FFFD FFFD, 9);
	lenient_name("%F4%90%80%80", FFFD FFFD FFFD FFFD, 12);
	lenient_name("%F0%8F%BF%BF", FFFD FFFD FFFD FFFD, 12);
	/* A truncated sequence is one subpart, however long. */
	lenient_name("%F0%9F%98", FFFD, 3);
	lenient_name("%E5%B1x", FFFD "x", 4);
	lenient_name("%F0%9F%98%F0%9F%98%80", FFFD "\xF0\x9F\x98\x80", 7);
	/* A stray continuation byte, and raw (unencoded) invalid bytes. */
	lenient_name("a%80b", "a" FFFD "b", 5);
	lenient_name("\xFF\xC3\xA9", FFFD "\xC3\xA9", 5);
	/* Largest scalar value and a four-byte character are kept. */
	lenient_name("%F4%8F%BF%BF", "\xF4\x8F\xBF\xBF", 4);
	lenient_name("%F0%9F%98%80", "\xF0\x9F\x98\x80", 4);
	lenient_name("%F3%A0%80%81", "\xF3\xA0\x80\x81", 4);
	lenient_name("%EE%80%80%E1%80%80", "\xEE\x80\x80\xE1\x80\x80", 6);
	/* WHATWG keeps NUL; only strict mode objects to it. */
	lenient_name("%00", "\0", 1);
}

/* '+' is a space but "%2B" a plus; len bounds the input. */
static void
test_lenient_bounds(void **state)
{
	struct kvlist l;

	(void)state;
	kv_init(&l);
	assert_int_equal(urlenc_parse("a+b=%2B%2b&c=d", 10, URLENC_LENIENT, &l),
			 0);
	assert_int_equal(l.n, 1);
	assert_true(pair_is(&l, 0, "a b", 3, "++", 2));
	kv_free(&l);

	/* A '%' near the end of len must not look past it. */
	kv_init(&l);
	assert_int_equal(urlenc_parse("x=%41", 4, URLENC_LENIENT, &l), 0);
	assert_int_equal(l.n, 1);
	assert_true(pair_is(&l, 0, "x", 1, "%4", 2));
	kv_free(&l);

	/* An empty query string may come as a NULL pointer. */
	kv_init(&l);
	assert_int_equal(urlenc_parse(NULL, 0, URLENC_LENIENT, &l), 0);
	assert_int_equal(l.n, 0);
	kv_free(&l);
}

/* Returns urlenc_parse's result for C string s in strict mode. */
static int
strict_rc(const char *s)
{
	struct kvlist l;
	int rc;

	kv_init(&l);
	rc = urlenc_parse(s, strlen(s), URLENC_STRICT, &l);
	kv_free(&l);
	return rc;
}

/* Valid UTF-8, encoded or raw, passes strict mode unchanged. */
static void
test_strict_japanese(void **state)
{
	struct kvlist l;
	const char *in = "name=%E5%B1%B1%E7%94%B0&%E5%90%8D=\xE5\xA4\xAA"
			 "\xE9\x83\x8E&emoji=%F0%9F%98%80";

	(void)state;
	kv_init(&l);
	assert_int_equal(urlenc_parse(in, strlen(in), URLENC_STRICT, &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(kv_get(&l, "name"), "山田");
	assert_string_equal(kv_get(&l, "名"), "太郎");
	assert_string_equal(kv_get(&l, "emoji"), "\xF0\x9F\x98\x80");
	kv_free(&l);
}

/* Invalid UTF-8 is refused in names and values alike. */
static void
test_strict_invalid_utf8(void **state)
{
	static const char *bad[] = {
		"%C2",		"%FF",	  "%C0%AF", "%ED%A0%80", "%F4%90%80%80",
		"%F0%8F%BF%BF", "%E5%B1", "%80",    "\xFF",	 "\xC3",
	};
	struct kvlist l;
	char s[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(s, sizeof(s), "ok=1&x=%s", bad[i]);
		if (strict_rc(s) != -1)
			fail_msg("value \"%s\" accepted", bad[i]);
		snprintf(s, sizeof(s), "ok=1&%s=x", bad[i]);
		if (strict_rc(s) != -1)
			fail_msg("name \"%s\" accepted", bad[i]);
	}
	/* The same input is fine leniently: strictness is what refuses. */
	kv_init(&l);
	assert_int_equal(urlenc_parse("x=%FF", 5, URLENC_LENIENT, &l), 0);
	assert_string_equal(kv_get(&l, "x"), FFFD);
	kv_free(&l);
}

/* Encoding then parsing gives back the text; only unreserved bytes stay. */
static void
test_encode_round_trip(void **state)
{
	static const char *const in[] = {
		"",
		"plain-._~",
		"a b&c=d+e%f",
		"/review?x=1#y",
		"山田 ハナコ",
		"\t\r\n",
		"'\"<>",
	};
	struct kvlist l;
	struct buf b, q;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		buf_init(&b);
		buf_init(&q);
		urlenc_encode(&b, in[i]);
		buf_printf(&q, "v=%s", b.ptr == NULL ? "" : b.ptr);
		assert_true(q.len == 2 + b.len);
		assert_int_equal(
		    strspn(q.ptr + 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
				      "opqrstuvwxyz0123456789-._~%"),
		    b.len);
		kv_init(&l);
		assert_int_equal(urlenc_parse(q.ptr, q.len, URLENC_STRICT, &l),
				 0);
		assert_string_equal(
		    kv_get(&l, "v") == NULL ? "" : kv_get(&l, "v"), in[i]);
		kv_free(&l);
		buf_free(&b);
		buf_free(&q);
	}
	buf_init(&b);
	urlenc_encode(&b, "a b/\xE5\xB1\xB1");
	assert_string_equal(b.ptr, "a%20b%2F%E5%B1%B1");
	buf_free(&b);
}

/* NUL and C0 controls but TAB, LF and CR are refused. */
static void
test_strict_controls(void **state)
{
	struct kvlist l;

	(void)state;
	assert_int_equal(strict_rc("a=%00"), -1);
	assert_int_equal(strict_rc("%00=a"), -1);
	assert_int_equal(strict_rc("a=%01"), -1);
	assert_int_equal(strict_rc("a=%1F"), -1);
	assert_int_equal(strict_rc("a=%1b[31m"), -1);
	/* A raw NUL inside len counts as well. */
	kv_init(&l);
	assert_int_equal(urlenc_parse("a=b\0c", 5, URLENC_STRICT, &l), -1);
	kv_free(&l);
	/* A textarea's line breaks and tabs pass. */
	kv_init(&l);
	assert_int_equal(
	    urlenc_parse("t=a%09b%0D%0Ac%0A", 17, URLENC_STRICT, &l), 0);
	assert_string_equal(kv_get(&l, "t"), "a\tb\r\nc\n");
	kv_free(&l);
}

/* Appends n pairs "a=1", joined by sep, to b. */
static void
make_pairs(struct buf *b, size_t n, const char *sep)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_printf(b, "%sa=1", i == 0 ? "" : sep);
}

/* At most URLENC_MAX_PAIRS pairs in strict mode; empty parts not counted. */
static void
test_strict_pair_limit(void **state)
{
	struct kvlist l;
	struct buf b;

	(void)state;
	buf_init(&b);
	make_pairs(&b, URLENC_MAX_PAIRS, "&&");
	kv_init(&l);
	assert_int_equal(urlenc_parse(b.ptr, b.len, URLENC_STRICT, &l), 0);
	assert_int_equal(l.n, URLENC_MAX_PAIRS);
	kv_free(&l);

	buf_reset(&b);
	make_pairs(&b, URLENC_MAX_PAIRS + 1, "&");
	kv_init(&l);
	assert_int_equal(urlenc_parse(b.ptr, b.len, URLENC_STRICT, &l), -1);
	kv_free(&l);

	/* Lenient mode is WHATWG and has no limit. */
	kv_init(&l);
	assert_int_equal(urlenc_parse(b.ptr, b.len, URLENC_LENIENT, &l), 0);
	assert_int_equal(l.n, URLENC_MAX_PAIRS + 1);
	kv_free(&l);
	buf_free(&b);
}

/* Pairs added to a URL: '?' first, then '&'; names encoded too. */
static void
test_add(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_puts(&b, "/review/applications");
	urlenc_add(&b, "q", "山田 花子");
	urlenc_add(&b, "a&b=", "x&y");
	assert_string_equal(b.ptr, "/review/applications"
				   "?q=%E5%B1%B1%E7%94%B0%20%E8%8A%B1%E5%AD%90"
				   "&a%26b%3D=x%26y");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wpt_lenient),
		cmocka_unit_test(test_wpt_strict),
		cmocka_unit_test(test_lenient_subparts),
		cmocka_unit_test(test_lenient_bounds),
		cmocka_unit_test(test_strict_japanese),
		cmocka_unit_test(test_strict_invalid_utf8),
		cmocka_unit_test(test_strict_controls),
		cmocka_unit_test(test_encode_round_trip),
		cmocka_unit_test(test_strict_pair_limit),
		cmocka_unit_test(test_add),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
