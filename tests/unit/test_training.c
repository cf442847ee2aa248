/*
 * training: a session's state machine (the same rows as the migration's
 * session_transitions) and its status names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "training.h"

/* Only a scheduled session moves: to completed or to cancelled. */
static void
test_every_pair(void **state)
{
	int from, to, n = 0;

	(void)state;
	for (from = 0; from < SS__MAX; from++)
		for (to = 0; to < SS__MAX; to++) {
			assert_int_equal(session_status_allowed(from, to),
					 from == SS_SCHEDULED && to != from);
			n += session_status_allowed(from, to);
		}
	assert_int_equal(n, 2);
}

static void
test_parse(void **state)
{
	enum session_status s;
	int i;

	(void)state;
	for (i = 0; i < SS__MAX; i++) {
		assert_int_equal(
		    session_status_parse(session_status_names[i], &s), 0);
		assert_int_equal(s, i);
	}
	assert_string_equal(session_status_names[SS_CANCELLED], "cancelled");
	assert_int_equal(session_status_parse("Scheduled", &s), -1);
	assert_int_equal(session_status_parse(NULL, &s), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_pair),
		cmocka_unit_test(test_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
