/*
 * origin: every branch of the same-origin check, and which paths a
 * sign-in may send the user back to.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "origin.h"

#define HOST "roster.example.go.jp"

/* Sec-Fetch-Site same-origin or none passes, whatever Origin says. */
static void
test_fetch_site_ok(void **state)
{
	(void)state;
	assert_int_equal(origin_check("same-origin", NULL, HOST, "https"),
			 ORIGIN_OK);
	assert_int_equal(origin_check("none", NULL, HOST, "https"), ORIGIN_OK);
	assert_int_equal(
	    origin_check("same-origin", "https://evil.example", HOST, "https"),
	    ORIGIN_OK);
	assert_int_equal(origin_check("none", "null", NULL, "http"), ORIGIN_OK);
}

/* Any other Sec-Fetch-Site is refused, even with a matching Origin. */
static void
test_fetch_site_cross(void **state)
{
	static const char *bad[] = {
		"cross-site",	"same-site",	    "",		"Same-Origin",
		"same-origin ", "same-origin,none", "nonesuch", "NONE",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (origin_check(bad[i], "https://" HOST, HOST, "https") !=
		    ORIGIN_CROSS)
			fail_msg("Sec-Fetch-Site \"%s\" accepted", bad[i]);
}

/* Without Sec-Fetch-Site, an Origin naming scheme://host passes. */
static void
test_origin_match(void **state)
{
	(void)state;
	assert_int_equal(origin_check(NULL, "https://" HOST, HOST, "https"),
			 ORIGIN_OK);
	assert_int_equal(origin_check(NULL, "http://localhost:8080",
				      "localhost:8080", "http"),
			 ORIGIN_OK);
	/* Scheme and host compare without case. */
	assert_int_equal(
	    origin_check(NULL, "HTTPS://Roster.Example.GO.JP", HOST, "https"),
	    ORIGIN_OK);
	assert_int_equal(origin_check(NULL, "https://" HOST,
				      "ROSTER.example.go.jp", "https"),
			 ORIGIN_OK);
}

/* Any other Origin is refused. */
static void
test_origin_mismatch(void **state)
{
	static const char *bad[] = {
		"null",
		"",
		"http://" HOST,		/* scheme */
		"https://evil.example", /* host */
		"https://" HOST ".evil.example",
		"https://roster.example.go.j", /* prefix of host */
		"https://" HOST ":443",	       /* port Host did not send */
		"https://" HOST "/",	       /* trailing slash */
		"https:/" HOST,
		"https:" HOST,
		"https",
		"https://user@" HOST,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (origin_check(NULL, bad[i], HOST, "https") != ORIGIN_CROSS)
			fail_msg("Origin \"%s\" accepted", bad[i]);
	/* The port must match the Host header's. */
	assert_int_equal(
	    origin_check(NULL, "http://localhost", "localhost:8080", "http"),
	    ORIGIN_CROSS);
	assert_int_equal(origin_check(NULL, "http://localhost:8081",
				      "localhost:8080", "http"),
			 ORIGIN_CROSS);
}

/* An Origin cannot be checked against an absent or empty Host. */
static void
test_origin_no_host(void **state)
{
	(void)state;
	assert_int_equal(origin_check(NULL, "https://" HOST, NULL, "https"),
			 ORIGIN_CROSS);
	assert_int_equal(origin_check(NULL, "https://", "", "https"),
			 ORIGIN_CROSS);
}

/* Neither header: a non-browser client, which passes. */
static void
test_no_headers(void **state)
{
	(void)state;
	assert_int_equal(origin_check(NULL, NULL, HOST, "https"), ORIGIN_OK);
	assert_int_equal(origin_check(NULL, NULL, NULL, "http"), ORIGIN_OK);
}

/* Local paths pass; anything a browser could read as another site fails. */
static void
test_local_path(void **state)
{
	static const char *const good[] = {
		"/",
		"/review",
		"/review/applications?status=submitted&q=%E5%B1%B1",
		"/a//b",
	};
	static const char *const bad[] = {
		"",
		"review",
		"//evil.example",
		"/\\evil.example",
		"/\\/evil.example",
		"https://evil.example/",
		"/a b",
		"/a\tb",
		"/a\nb",
		"/a\x7f",
		" /review",
		"javascript:alert(1)",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(origin_local_path(good[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(origin_local_path(bad[i]));
	assert_false(origin_local_path(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_path),
		cmocka_unit_test(test_fetch_site_ok),
		cmocka_unit_test(test_fetch_site_cross),
		cmocka_unit_test(test_origin_match),
		cmocka_unit_test(test_origin_mismatch),
		cmocka_unit_test(test_origin_no_host),
		cmocka_unit_test(test_no_headers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
