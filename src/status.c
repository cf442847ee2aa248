#include <stddef.h>
#include <string.h>

#include "status.h"

const char *const status_names[AS__MAX] = {
	[AS_SUBMITTED] = "submitted", [AS_SCREENING] = "screening",
	[AS_ACCEPTED] = "accepted",   [AS_REJECTED] = "rejected",
	[AS_WITHDRAWN] = "withdrawn",
};

/*
 * Every allowed change and who may make it.  Withdrawal is the
 * applicant's own act (from the status page), or for a nomination the
 * nominating ministry's, with the same rights; decisions are the
 * Secretariat's.
 */
static const struct {
	enum app_status from, to;
	enum status_actor actor;
} transitions[] = {
	{ AS_SUBMITTED, AS_SCREENING, ACTOR_STAFF },
	{ AS_SCREENING, AS_ACCEPTED, ACTOR_STAFF },
	{ AS_SCREENING, AS_REJECTED, ACTOR_STAFF },
	{ AS_SUBMITTED, AS_WITHDRAWN, ACTOR_APPLICANT },
	{ AS_SCREENING, AS_WITHDRAWN, ACTOR_APPLICANT },
	{ AS_SUBMITTED, AS_WITHDRAWN, ACTOR_MINISTRY },
	{ AS_SCREENING, AS_WITHDRAWN, ACTOR_MINISTRY },
};

/* Sets *s from its name.  Returns 0, or -1 for an unknown name. */
int
status_parse(const char *name, enum app_status *s)
{
	size_t i;

	for (i = 0; i < AS__MAX; i++)
		if (name != NULL && strcmp(name, status_names[i]) == 0) {
			*s = (enum app_status)i;
			return 0;
		}
	return -1;
}

/* Returns 1 if actor may change an application from one status to another. */
int
status_allowed(enum app_status from, enum app_status to,
	       enum status_actor actor)
{
	size_t i;

	for (i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++)
		if (transitions[i].from == from && transitions[i].to == to &&
		    transitions[i].actor == actor)
			return 1;
	return 0;
}

/* Returns 1 if a change to s must give a reason (a rejection). */
int
status_needs_reason(enum app_status s)
{
	return s == AS_REJECTED;
}

/* Returns 1 if nothing can follow s. */
int
status_is_final(enum app_status s)
{
	size_t i;

	for (i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++)
		if (transitions[i].from == s)
			return 0;
	return 1;
}
