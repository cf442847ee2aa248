/*
 * plan: the state machine of implementation plans, checked against the
 * migration that gives the database the same table (plan_transitions),
 * and the refusal table against every constraint name the migration's
 * triggers raise, each with a message in both catalogs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "buf.h"
#include "plan.h"

#define MIGRATION TEMPLATES_DIR "/../migrations/20261207000010_plans.sql"

/* The migration's text; the caller frees it. */
static char *
migration(void)
{
	struct buf b;

	buf_init(&b);
	assert_int_equal(buf_read_file(&b, MIGRATION), 0);
	return buf_detach(&b);
}

/*
 * Reads the next quoted word after *p into w and moves *p past it.
 * Returns 0, or -1 when ';' comes first.
 */
static int
next_quoted(const char **p, char *w, size_t wsz)
{
	const char *q = strpbrk(*p, "';"), *e;

	if (q == NULL || *q == ';')
		return -1;
	e = strchr(q + 1, '\'');
	assert_non_null(e);
	assert_true((size_t)(e - q - 1) < wsz);
	memcpy(w, q + 1, (size_t)(e - q - 1));
	w[e - q - 1] = '\0';
	*p = e + 1;
	return 0;
}

/* The C table allows exactly the pairs of the migration's INSERT. */
static void
test_mirrors_migration(void **state)
{
	char *sql = migration(), from[32], to[32];
	const char *p = strstr(sql, "INSERT INTO plan_transitions VALUES");
	int allowed[PS__MAX][PS__MAX] = { { 0 } }, n = 0, i, j;
	enum plan_status f, t;

	(void)state;
	assert_non_null(p);
	while (next_quoted(&p, from, sizeof(from)) == 0) {
		assert_int_equal(next_quoted(&p, to, sizeof(to)), 0);
		assert_int_equal(plan_status_parse(from, &f), 0);
		assert_int_equal(plan_status_parse(to, &t), 0);
		allowed[f][t] = 1;
		n++;
	}
	assert_int_equal(n, 11);
	for (i = 0; i < PS__MAX; i++)
		for (j = 0; j < PS__MAX; j++)
			assert_int_equal(plan_allowed(i, j), allowed[i][j]);
	free(sql);
}

/* The actions: each a transition of the table, from the right states. */
static void
test_actions(void **state)
{
	enum plan_action a;
	int s;

	(void)state;
	assert_int_equal(plan_action_to(PA_APPROVE), PS_APPROVED);
	assert_int_equal(plan_action_to(PA_START), PS_IN_PROGRESS);
	assert_int_equal(plan_action_to(PA_COMPLETE), PS_COMPLETED);
	assert_int_equal(plan_action_to(PA_TERMINATE), PS_TERMINATED);
	for (a = 0; a < PA__MAX; a++)
		for (s = 0; s < PS__MAX; s++)
			if (plan_action_allowed(s, a))
				assert_true(plan_allowed(s, plan_action_to(a)));
	/* Suspension and resumption are the principles' doing. */
	for (a = 0; a < PA__MAX; a++) {
		assert_false(plan_action_allowed(PS_SUSPENDED, a) &&
			     a != PA_TERMINATE);
		assert_int_not_equal(plan_action_to(a), PS_SUSPENDED);
	}
	assert_true(plan_action_allowed(PS_DRAFT, PA_TERMINATE));
	assert_false(plan_action_allowed(PS_DRAFT, PA_START));
	assert_false(plan_action_allowed(PS_COMPLETED, PA_TERMINATE));
	assert_true(plan_action_needs_reason(PA_TERMINATE));
	assert_false(plan_action_needs_reason(PA_APPROVE));
	assert_int_equal(plan_action_parse("terminate", &a), 0);
	assert_int_equal(a, PA_TERMINATE);
	assert_int_equal(plan_action_parse("suspend", &a), -1);
	assert_int_equal(plan_action_parse(NULL, &a), -1);
}

/* Returns 1 if the catalog of lang has key. */
static int
in_catalog(const char *lang, const char *key)
{
	char path[512];
	struct json_object *cat, *v;
	int found;

	snprintf(path, sizeof(path), "%s/messages/%s.json", TEMPLATES_DIR,
		 lang);
	cat = json_object_from_file(path);
	assert_non_null(cat);
	found = json_object_object_get_ex(cat, key, &v);
	json_object_put(cat);
	return found;
}

/* Asserts that constraint c has a message in both catalogs. */
static void
has_message(const char *c)
{
	const char *key = plan_refusal(c);

	if (key == NULL)
		fail_msg("no message for %s", c);
	assert_true(in_catalog("ja", key));
	assert_true(in_catalog("en", key));
}

/* Every name the triggers refuse by, and the exclusion, has words. */
static void
test_refusals(void **state)
{
	char *sql = migration(), name[64];
	const char *p = sql;
	int n = 0;

	(void)state;
	while ((p = strstr(p, "plan_refuse('")) != NULL) {
		p += strlen("plan_refuse(") - 1;
		assert_int_equal(next_quoted(&p, name, sizeof(name)), 0);
		has_message(name);
		n++;
	}
	assert_true(n >= 13);
	has_message("assignments_no_overlap");
	has_message("plans_country_fkey");
	assert_null(plan_refusal("applications_pkey"));
	assert_null(plan_refusal(""));
	assert_null(plan_refusal(NULL));
	free(sql);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mirrors_migration),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
