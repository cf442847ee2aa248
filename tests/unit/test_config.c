/*
 * config: the environment read at start-up: defaults, every value
 * accepted at the edges of its range, and each bad value refused with a
 * message that names the variable.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

static const char *const vars[] = {
	"CORPS_DB",	 "CORPS_SOCKET",	 "CORPS_SOCKET_MODE",
	"CORPS_WORKERS", "CORPS_TEMPLATES",	 "CORPS_BODY_MAX",
	"CORPS_MIN_AGE", "CORPS_SECURE_COOKIES", "CORPS_PRIVACY_VERSION",
	"CORPS_DB_READ",
};

/* Clears every variable, then sets CORPS_DB. */
static int
reset(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
	return setenv("CORPS_DB", "dbname=corps", 1);
}

static void
test_defaults(void **state)
{
	struct config c;
	char err[256] = "";
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	(void)state;
	assert_int_equal(config_load(&c, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_string_equal(c.db, "dbname=corps");
	assert_null(c.db_read);
	assert_null(c.socket);
	assert_int_equal(c.socket_mode, 0660);
	assert_int_equal(c.workers, 2 * (ncpu < 1 ? 1 : ncpu));
	assert_string_equal(c.templates, "templates");
	assert_int_equal(c.body_max, 6 * 1024 * 1024);
	assert_int_equal(c.min_age, 18);
	assert_int_equal(c.secure_cookies, 0);
	assert_string_equal(c.privacy_version, "2026-04");
}

/* An empty variable means its default, as an absent one does. */
static void
test_empty_means_default(void **state)
{
	struct config c;
	char err[256];
	size_t i;

	(void)state;
	for (i = 1; i < sizeof(vars) / sizeof(vars[0]); i++)
		setenv(vars[i], "", 1);
	assert_int_equal(config_load(&c, err, sizeof(err)), 0);
	assert_null(c.db_read);
	assert_null(c.socket);
	assert_int_equal(c.socket_mode, 0660);
	assert_string_equal(c.templates, "templates");
	assert_int_equal(c.min_age, 18);
}

static void
test_no_db(void **state)
{
	struct config c;
	char err[256] = "";

	(void)state;
	unsetenv("CORPS_DB");
	assert_int_equal(config_load(&c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "CORPS_DB"));
	setenv("CORPS_DB", "", 1);
	err[0] = '\0';
	assert_int_equal(config_load(&c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "CORPS_DB"));
}

static void
test_values(void **state)
{
	struct config c;
	char err[256];

	(void)state;
	setenv("CORPS_SOCKET", "/run/corps/fcgi.sock", 1);
	setenv("CORPS_SOCKET_MODE", "0600", 1);
	setenv("CORPS_WORKERS", "256", 1);
	setenv("CORPS_TEMPLATES", "/usr/share/corps/templates", 1);
	setenv("CORPS_BODY_MAX", "65536", 1);
	setenv("CORPS_MIN_AGE", "0", 1);
	setenv("CORPS_SECURE_COOKIES", "1", 1);
	setenv("CORPS_PRIVACY_VERSION", "2027-01", 1);
	setenv("CORPS_DB_READ",
	       "host=db2,db1 target_session_attrs=prefer-standby", 1);
	assert_int_equal(config_load(&c, err, sizeof(err)), 0);
	assert_string_equal(c.db_read,
			    "host=db2,db1 target_session_attrs=prefer-standby");
	assert_string_equal(c.socket, "/run/corps/fcgi.sock");
	assert_int_equal(c.socket_mode, 0600);
	assert_int_equal(c.workers, 256);
	assert_string_equal(c.templates, "/usr/share/corps/templates");
	assert_int_equal(c.body_max, 65536);
	assert_int_equal(c.min_age, 0);
	assert_int_equal(c.secure_cookies, 1);
	assert_string_equal(c.privacy_version, "2027-01");

	setenv("CORPS_SOCKET_MODE", "777", 1);
	setenv("CORPS_WORKERS", "1", 1);
	setenv("CORPS_BODY_MAX", "67108864", 1);
	setenv("CORPS_MIN_AGE", "120", 1);
	setenv("CORPS_SECURE_COOKIES", "0", 1);
	assert_int_equal(config_load(&c, err, sizeof(err)), 0);
	assert_int_equal(c.socket_mode, 0777);
	assert_int_equal(c.workers, 1);
	assert_int_equal(c.body_max, 64 * 1024 * 1024);
	assert_int_equal(c.min_age, 120);
	assert_int_equal(c.secure_cookies, 0);
	setenv("CORPS_SOCKET_MODE", "0", 1);
	assert_int_equal(config_load(&c, err, sizeof(err)), 0);
	assert_int_equal(c.socket_mode, 0);
}

/* Each bad value alone: refused, and the message names the variable. */
static void
test_bad(void **state)
{
	static const struct {
		const char *name, *value;
	} bad[] = {
		{ "CORPS_SOCKET_MODE", "1000" },
		{ "CORPS_SOCKET_MODE", "0800" },
		{ "CORPS_SOCKET_MODE", "rw" },
		{ "CORPS_SOCKET_MODE", "-1" },
		{ "CORPS_SOCKET_MODE", "0x1a4" },
		{ "CORPS_WORKERS", "0" },
		{ "CORPS_WORKERS", "257" },
		{ "CORPS_WORKERS", "-4" },
		{ "CORPS_WORKERS", "+4" },
		{ "CORPS_WORKERS", "4.0" },
		{ "CORPS_WORKERS", "4 " },
		{ "CORPS_WORKERS", " 4" },
		{ "CORPS_WORKERS", "\t4" },
		{ "CORPS_WORKERS", "\n4" },
		{ "CORPS_WORKERS", "1e2" },
		{ "CORPS_WORKERS", "four" },
		{ "CORPS_WORKERS", "99999999999999999999999" },
		{ "CORPS_BODY_MAX", "65535" },
		{ "CORPS_BODY_MAX", "67108865" },
		{ "CORPS_BODY_MAX", "6M" },
		{ "CORPS_MIN_AGE", "121" },
		{ "CORPS_MIN_AGE", "-1" },
		{ "CORPS_MIN_AGE", "18y" },
		{ "CORPS_SECURE_COOKIES", "2" },
		{ "CORPS_SECURE_COOKIES", "yes" },
		{ "CORPS_SECURE_COOKIES", "true" },
	};
	struct config c;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		reset(NULL);
		setenv(bad[i].name, bad[i].value, 1);
		err[0] = '\0';
		if (config_load(&c, err, sizeof(err)) != -1)
			fail_msg("%s=\"%s\" accepted", bad[i].name,
				 bad[i].value);
		if (strstr(err, bad[i].name) == NULL)
			fail_msg("%s=\"%s\": message \"%s\"", bad[i].name,
				 bad[i].value, err);
	}
}

/* The message fits the buffer it is given. */
static void
test_small_err(void **state)
{
	struct config c;
	char err[12];

	(void)state;
	memset(err, 'x', sizeof(err));
	setenv("CORPS_WORKERS", "0", 1);
	assert_int_equal(config_load(&c, err, sizeof(err)), -1);
	assert_int_equal(strlen(err), sizeof(err) - 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_defaults, reset),
		cmocka_unit_test_setup(test_empty_means_default, reset),
		cmocka_unit_test_setup(test_no_db, reset),
		cmocka_unit_test_setup(test_values, reset),
		cmocka_unit_test_setup(test_bad, reset),
		cmocka_unit_test_setup(test_small_err, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
