/*
 * status: the state machine of applications.  Every pair of statuses is
 * checked for every actor against the transitions the issues allow.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "status.h"

/* Returns 1 if the issue allows actor to move from -> to. */
static int
expected(enum app_status from, enum app_status to, enum status_actor actor)
{
	/* A liaison officer has the applicant's rights: withdraw only. */
	if (actor == ACTOR_APPLICANT || actor == ACTOR_MINISTRY)
		return to == AS_WITHDRAWN &&
		       (from == AS_SUBMITTED || from == AS_SCREENING);
	return (from == AS_SUBMITTED && to == AS_SCREENING) ||
	       (from == AS_SCREENING &&
		(to == AS_ACCEPTED || to == AS_REJECTED));
}

static void
test_every_pair(void **state)
{
	int from, to, actor, n = 0;

	(void)state;
	for (from = 0; from < AS__MAX; from++)
		for (to = 0; to < AS__MAX; to++)
			for (actor = 0; actor < ACTOR__MAX; actor++) {
				assert_int_equal(
				    status_allowed(from, to, actor),
				    expected(from, to, actor));
				n += status_allowed(from, to, actor);
			}
	assert_int_equal(n, 7);
}

static void
test_final_and_reason(void **state)
{
	(void)state;
	assert_false(status_is_final(AS_SUBMITTED));
	assert_false(status_is_final(AS_SCREENING));
	assert_true(status_is_final(AS_ACCEPTED));
	assert_true(status_is_final(AS_REJECTED));
	assert_true(status_is_final(AS_WITHDRAWN));
	assert_true(status_needs_reason(AS_REJECTED));
	assert_false(status_needs_reason(AS_ACCEPTED));
	assert_false(status_needs_reason(AS_SCREENING));
}

static void
test_parse(void **state)
{
	enum app_status s;
	int i;

	(void)state;
	for (i = 0; i < AS__MAX; i++) {
		assert_int_equal(status_parse(status_names[i], &s), 0);
		assert_int_equal(s, i);
	}
	assert_int_equal(status_parse("Accepted", &s), -1);
	assert_int_equal(status_parse("", &s), -1);
	assert_int_equal(status_parse(NULL, &s), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_pair),
		cmocka_unit_test(test_final_and_reason),
		cmocka_unit_test(test_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
