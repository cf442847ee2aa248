/*
 * The life of an implementation plan: its statuses and the changes
 * allowed between them, in one table.  The database holds the same table
 * (plan_transitions) and refuses every other change; it also names each
 * refusal of the plans' rules by a constraint, which plan_refusal turns
 * into a catalog key.
 */
#ifndef PLAN_H
#define PLAN_H

enum plan_status {
	PS_DRAFT,
	PS_APPROVED,
	PS_IN_PROGRESS,
	PS_SUSPENDED,
	PS_COMPLETED,
	PS_TERMINATED,
	PS__MAX
};

/*
 * What a reviewer does to a plan.  A suspension and its lifting are not
 * among them: the principles' record makes them (plan_principles).
 */
enum plan_action { PA_APPROVE, PA_START, PA_COMPLETE, PA_TERMINATE, PA__MAX };

extern const char *const plan_status_names[PS__MAX];
extern const char *const plan_action_names[PA__MAX];

int plan_status_parse(const char *, enum plan_status *);
int plan_allowed(enum plan_status, enum plan_status);
int plan_action_parse(const char *, enum plan_action *);
enum plan_status plan_action_to(enum plan_action);
int plan_action_allowed(enum plan_status, enum plan_action);
int plan_action_needs_reason(enum plan_action);
const char *plan_refusal(const char *);

#endif /* !PLAN_H */
