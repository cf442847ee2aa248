#include <stddef.h>
#include <string.h>

#include "plan.h"

const char *const plan_status_names[PS__MAX] = {
	[PS_DRAFT] = "draft",
	[PS_APPROVED] = "approved",
	[PS_IN_PROGRESS] = "in_progress",
	[PS_SUSPENDED] = "suspended",
	[PS_COMPLETED] = "completed",
	[PS_TERMINATED] = "terminated",
};

const char *const plan_action_names[PA__MAX] = {
	[PA_APPROVE] = "approve",
	[PA_START] = "start",
	[PA_COMPLETE] = "complete",
	[PA_TERMINATE] = "terminate",
};

/*
 * Every allowed change, as migration 20261207000010 lists it in
 * plan_transitions, and the action that makes it (PA__MAX: the record of
 * the principles, which suspends a plan and lifts the suspension).
 */
static const struct {
	enum plan_status from, to;
	enum plan_action action;
} transitions[] = {
	{ PS_DRAFT, PS_APPROVED, PA_APPROVE },
	{ PS_DRAFT, PS_TERMINATED, PA_TERMINATE },
	{ PS_APPROVED, PS_IN_PROGRESS, PA_START },
	{ PS_APPROVED, PS_SUSPENDED, PA__MAX },
	{ PS_APPROVED, PS_TERMINATED, PA_TERMINATE },
	{ PS_IN_PROGRESS, PS_SUSPENDED, PA__MAX },
	{ PS_IN_PROGRESS, PS_COMPLETED, PA_COMPLETE },
	{ PS_IN_PROGRESS, PS_TERMINATED, PA_TERMINATE },
	{ PS_SUSPENDED, PS_APPROVED, PA__MAX },
	{ PS_SUSPENDED, PS_IN_PROGRESS, PA__MAX },
	{ PS_SUSPENDED, PS_TERMINATED, PA_TERMINATE },
};

#define NTRANSITIONS (sizeof(transitions) / sizeof(transitions[0]))

/*
 * The database's refusals (plan_refuse's constraint names, and the
 * constraints a page's values can break) and the catalog key of each;
 * "plans_final" is the pages' own: a finished plan is not amended.
 */
static const struct {
	const char *constraint;
	const char *key;
} refusals[] = {
	{ "plans_transition", "plan_refused_transition" },
	{ "plans_final", "plan_refused_final" },
	{ "plans_principles", "plan_refused_principles" },
	{ "plans_period_positions", "plan_refused_period_positions" },
	{ "plans_period_assignments", "plan_refused_period_assignments" },
	{ "plans_country_fkey", "plan_refused_country" },
	{ "positions_period", "plan_refused_positions_period" },
	{ "positions_period_assignments", "plan_refused_period_assignments" },
	{ "assignments_transition", "plan_refused_assignments_transition" },
	{ "assignments_plan_open", "plan_refused_plan_open" },
	{ "assignments_accepted_only", "plan_refused_accepted_only" },
	{ "assignments_period", "plan_refused_assignments_period" },
	{ "assignments_training", "plan_refused_training" },
	{ "assignments_headcount", "plan_refused_headcount" },
	{ "assignments_no_overlap", "plan_refused_overlap" },
	{ "assignments_unacknowledged", "plan_refused_unacknowledged" },
};

/* Returns the index of name in names[n], or -1. */
static int
name_index(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

/* Sets *s from its name.  Returns 0, or -1 for an unknown name. */
int
plan_status_parse(const char *name, enum plan_status *s)
{
	int i = name_index(plan_status_names, PS__MAX, name);

	if (i < 0)
		return -1;
	*s = (enum plan_status)i;
	return 0;
}

/* Sets *a from its name.  Returns 0, or -1 for an unknown name. */
int
plan_action_parse(const char *name, enum plan_action *a)
{
	int i = name_index(plan_action_names, PA__MAX, name);

	if (i < 0)
		return -1;
	*a = (enum plan_action)i;
	return 0;
}

/* Returns 1 if a plan may change from one status to another. */
int
plan_allowed(enum plan_status from, enum plan_status to)
{
	size_t i;

	for (i = 0; i < NTRANSITIONS; i++)
		if (transitions[i].from == from && transitions[i].to == to)
			return 1;
	return 0;
}

/* Returns the status action a leads to. */
enum plan_status
plan_action_to(enum plan_action a)
{
	size_t i;

	for (i = 0; i < NTRANSITIONS; i++)
		if (transitions[i].action == a)
			return transitions[i].to;
	return PS__MAX;
}

/* Returns 1 if a reviewer may take action a on a plan in status from. */
int
plan_action_allowed(enum plan_status from, enum plan_action a)
{
	size_t i;

	for (i = 0; i < NTRANSITIONS; i++)
		if (transitions[i].from == from && transitions[i].action == a)
			return 1;
	return 0;
}

/*
 * Returns 1 if action a must give a reason: a termination, which the
 * people whose assignments it ends are told about.
 */
int
plan_action_needs_reason(enum plan_action a)
{
	return a == PA_TERMINATE;
}

/*
 * Returns the catalog key of the message for a refusal by the database's
 * constraint name, or NULL for a failure that is not a refusal.
 */
const char *
plan_refusal(const char *constraint)
{
	size_t i;

	for (i = 0;
	     constraint != NULL && i < sizeof(refusals) / sizeof(refusals[0]);
	     i++)
		if (strcmp(constraint, refusals[i].constraint) == 0)
			return refusals[i].key;
	return NULL;
}
