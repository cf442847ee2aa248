/*
 * staff: logins, roles, Argon2id hashing with the dummy hash for unknown
 * accounts, generated passwords, and the sign-in slow-down schedule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "staff.h"

static int
setup(void **state)
{
	(void)state;
	return sodium_init() < 0 || staff_init() != 0 ? -1 : 0;
}

static void
test_login_valid(void **state)
{
	static const char *const good[] = {
		"abc", "tanaka.h", "a-b_c.9", "0123456789abcdefghijklmnopqrstuv"
	};
	static const char *const bad[] = {
		"",	  "ab",
		"Tanaka", ".abc",
		"-abc",	  "a b c",
		"山田",	  "abc\n",
		"a;drop", "0123456789abcdefghijklmnopqrstuvw"
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(staff_login_valid(good[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(staff_login_valid(bad[i]));
}

static void
test_roles(void **state)
{
	enum role r;
	int i;

	(void)state;
	for (i = 0; i < ROLE__MAX; i++) {
		assert_int_equal(role_parse(role_names[i], &r), 0);
		assert_int_equal(r, i);
	}
	assert_int_equal(role_parse("Admin", &r), -1);
	assert_int_equal(role_parse("root", &r), -1);
	assert_int_equal(role_parse(NULL, &r), -1);
	assert_true(ROLES_STAFF & ROLE_BIT(ROLE_MINISTRY));
	assert_true(ROLES_STAFF & ROLE_BIT(ROLE_INSTRUCTOR));
}

/* A hash verifies its password only; no hash (unknown login) never does. */
static void
test_hash_verify(void **state)
{
	char hash[STAFF_HASH_MAX];

	(void)state;
	assert_int_equal(staff_hash("correct horse battery", hash), 0);
	assert_memory_equal(hash, "$argon2id$", 10);
	assert_true(staff_verify(hash, "correct horse battery"));
	assert_false(staff_verify(hash, "correct horse batterY"));
	assert_false(staff_verify(hash, ""));
	assert_false(staff_verify(NULL, "correct horse battery"));
	assert_false(staff_verify(NULL, ""));
	assert_false(staff_needs_rehash(hash));
	/* A hash made with weaker limits is upgraded on the next sign-in. */
	assert_int_equal(crypto_pwhash_str(hash, "pw", 2,
					   crypto_pwhash_OPSLIMIT_MIN,
					   crypto_pwhash_MEMLIMIT_MIN),
			 0);
	assert_true(staff_needs_rehash(hash));
}

static void
test_passwords(void **state)
{
	char a[21], b[21];

	(void)state;
	staff_generate_password(a, sizeof(a));
	staff_generate_password(b, sizeof(b));
	assert_int_equal(strlen(a), 20);
	assert_string_not_equal(a, b);
	assert_int_equal(strspn(a, "23456789abcdefghjkmnpqrstuvwxyz"), 20);
	assert_true(staff_password_valid(a));
	assert_false(staff_password_valid("short"));
	assert_true(staff_password_valid("twelve chars"));
}

/* Free tries, then doubling waits, then the lock; old failures lapse. */
static void
test_login_wait(void **state)
{
	const enum throttle A = THROTTLE_ACCOUNT, C = THROTTLE_ADDRESS;

	(void)state;
	assert_int_equal(staff_login_wait(A, 0, 0), 0);
	assert_int_equal(staff_login_wait(A, 2, 0), 0);
	assert_int_equal(staff_login_wait(A, 3, 0), 1);
	assert_int_equal(staff_login_wait(A, 3, 0.5), 1);
	assert_int_equal(staff_login_wait(A, 3, 1.0), 0);
	assert_int_equal(staff_login_wait(A, 6, 0), 8);
	assert_int_equal(staff_login_wait(A, 6, 5), 3);
	assert_int_equal(staff_login_wait(A, 10, 0), STAFF_LOCK_SECONDS);
	assert_int_equal(staff_login_wait(A, 15, 60), STAFF_LOCK_SECONDS - 60);
	assert_int_equal(staff_login_wait(A, 10, STAFF_LOCK_SECONDS), 0);
	assert_int_equal(staff_login_wait(A, 50, STAFF_LOCK_SECONDS + 1), 0);
	/* An address shared by an office gets more room. */
	assert_int_equal(staff_login_wait(C, 9, 0), 0);
	assert_int_equal(staff_login_wait(C, 10, 0), 1);
	assert_int_equal(staff_login_wait(C, 12, 0), 4);
	assert_int_equal(staff_login_wait(C, 19, 0), 512);
	assert_int_equal(staff_login_wait(C, 29, 0), STAFF_LOCK_SECONDS);
	assert_int_equal(staff_login_wait(C, 30, 0), STAFF_LOCK_SECONDS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_valid),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_hash_verify),
		cmocka_unit_test(test_passwords),
		cmocka_unit_test(test_login_wait),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
