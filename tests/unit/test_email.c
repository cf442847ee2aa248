/*
 * email: every case of the isemail suite (tests.json and the older
 * tests-original.json) against the policy of email.h, then the edges
 * the suite does not reach.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "email.h"

#define ISEMAIL_DIR TESTDATA_DIR "/isemail/"

/* Categories whose addresses the policy accepts. */
static const char *const accepted[] = {
	"ISEMAIL_VALID_CATEGORY",
	"ISEMAIL_DNSWARN",
};

/*
 * Suite cases judged otherwise, with the reason.  "test@io" is valid in
 * the suite only because "io." had an MX record when it was written;
 * it has the same shape as the ISEMAIL_RFC5321_TLD cases we refuse.
 */
static const struct {
	const char *address;
	int want;
} exceptions[] = {
	{ "test@io", 0 },
};

/* Returns what the policy wants for address in category cat. */
static int
expected(const char *address, const char *cat)
{
	size_t i;

	for (i = 0; i < sizeof(exceptions) / sizeof(exceptions[0]); i++)
		if (strcmp(exceptions[i].address, address) == 0)
			return exceptions[i].want;
	for (i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++)
		if (strcmp(accepted[i], cat) == 0)
			return 1;
	return 0;
}

/*
 * Runs every case of one suite file; returns the number of cases and
 * counts accepted ones in *nvalid.  Mismatches are printed, then fail.
 */
static size_t
run_suite(const char *file, size_t *nvalid)
{
	json_object *root, *tests, *t, *addr, *cat, *id;
	size_t i, n, bad = 0;
	int got, want;

	root = json_object_from_file(file);
	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "tests", &tests));
	n = json_object_array_length(tests);
	*nvalid = 0;
	for (i = 0; i < n; i++) {
		t = json_object_array_get_idx(tests, i);
		assert_true(json_object_object_get_ex(t, "address", &addr));
		assert_true(json_object_object_get_ex(t, "category", &cat));
		assert_true(json_object_object_get_ex(t, "id", &id));
		got = email_valid_len(json_object_get_string(addr),
				      (size_t)json_object_get_string_len(addr));
		want = expected(json_object_get_string(addr),
				json_object_get_string(cat));
		*nvalid += got;
		if (got != want) {
			print_error("%s id %s (%s): got %d\n", file,
				    json_object_get_string(id),
				    json_object_get_string(cat), got);
			bad++;
		}
	}
	json_object_put(root);
	assert_int_equal(bad, 0);
	return n;
}

/* tests.json (isemail 3.05): 164 cases, 14 valid + 8 DNS warnings - 1. */
static void
test_isemail_suite(void **state)
{
	size_t nvalid;

	(void)state;
	assert_int_equal(run_suite(ISEMAIL_DIR "tests.json", &nvalid), 164);
	assert_int_equal(nvalid, 21);
}

/* tests-original.json (isemail 3.04): 279 cases, 29 valid + 13 DNSWARN. */
static void
test_isemail_original(void **state)
{
	size_t nvalid;

	(void)state;
	assert_int_equal(run_suite(ISEMAIL_DIR "tests-original.json", &nvalid),
			 279);
	assert_int_equal(nvalid, 42);
}

/* NUL is refused wherever it sits, even where the C string would pass. */
static void
test_embedded_nul(void **state)
{
	(void)state;
	assert_int_equal(email_valid_len("taro@example.jp", 15), 1);
	assert_int_equal(email_valid_len("taro@example.jp\0", 16), 0);
	assert_int_equal(email_valid_len("ta\0ro@example.jp", 16), 0);
	assert_int_equal(email_valid_len("taro@exa\0mple.jp", 16), 0);
	assert_int_equal(email_valid("taro@example.jp"), 1);
}

/* Shapes a Japanese applicant may type, and what becomes of them. */
static void
test_practical(void **state)
{
	(void)state;
	assert_int_equal(email_valid("Taro.Yamada+pko@Example.CO.JP"), 1);
	assert_int_equal(email_valid("o'brien@example.ie"), 1);
	assert_int_equal(email_valid("taro@xn--wgv71a119e.jp"), 1);
	/* full-width: the form folds with text_halfwidth() first */
	assert_int_equal(email_valid("\xEF\xBD\x94\xEF\xBC\xA0x.jp"), 0);
	assert_int_equal(email_valid("taro@\xE6\x97\xA5\xE6\x9C\xAC.jp"), 0);
	/* legacy carrier addresses break dot-atom and are refused */
	assert_int_equal(email_valid("taro..yamada@docomo.ne.jp"), 0);
	assert_int_equal(email_valid("taro.@docomo.ne.jp"), 0);
	assert_int_equal(email_valid("taro@example.jp."), 0);
	assert_int_equal(email_valid("taro@@example.jp"), 0);
	assert_int_equal(email_valid("taro@example..jp"), 0);
	assert_int_equal(email_valid("taro@-example.jp"), 0);
	assert_int_equal(email_valid("taro@example.jp "), 0);
	assert_int_equal(email_valid("taro@localhost"), 0);
	assert_int_equal(email_valid("taro@example.1jp"), 0);
	assert_int_equal(email_valid("taro@1example.jp"), 1);
}

/*
 * Writes to a an address of local octets 'l', '@' and a domain of
 * domain octets: labels of 63 'd' separated by dots, the last shorter.
 */
static void
mkaddr(char *a, size_t local, size_t domain)
{
	size_t i;

	memset(a, 'l', local);
	a[local] = '@';
	for (i = 0; i < domain; i++)
		a[local + 1 + i] = i % 64 == 63 ? '.' : 'd';
	a[local + 1 + domain] = '\0';
}

/* The octet limits: local part 64, label 63, address 254. */
static void
test_lengths(void **state)
{
	char a[400];

	(void)state;
	mkaddr(a, 64, 70);
	assert_int_equal(email_valid(a), 1);
	mkaddr(a, 65, 70);
	assert_int_equal(email_valid(a), 0);
	mkaddr(a, 1, 63);
	strcat(a, ".jp");
	assert_int_equal(email_valid(a), 1);
	mkaddr(a, 1, 64);
	a[strlen(a) - 1] = 'd';
	strcat(a, ".jp");
	assert_int_equal(email_valid(a), 0);
	mkaddr(a, 64, 189);
	assert_int_equal(strlen(a), 254);
	assert_int_equal(email_valid(a), 1);
	mkaddr(a, 64, 190);
	assert_int_equal(email_valid(a), 0);
	mkaddr(a, 1, 252);
	assert_int_equal(email_valid(a), 1);
	mkaddr(a, 1, 253);
	assert_int_equal(email_valid(a), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_isemail_suite),
		cmocka_unit_test(test_isemail_original),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_practical),
		cmocka_unit_test(test_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
