/*
 * The life of an application: its statuses and the changes allowed
 * between them, in one table.  The database holds the same table
 * (application_transitions) and refuses every other change.
 */
#ifndef STATUS_H
#define STATUS_H

enum app_status {
	AS_SUBMITTED,
	AS_SCREENING,
	AS_ACCEPTED,
	AS_REJECTED,
	AS_WITHDRAWN,
	AS__MAX
};

/*
 * Who may make a change: the applicant, the Secretariat, or the liaison
 * officer of the ministry that nominated the officer.
 */
enum status_actor { ACTOR_APPLICANT, ACTOR_STAFF, ACTOR_MINISTRY, ACTOR__MAX };

extern const char *const status_names[AS__MAX];

int status_parse(const char *, enum app_status *);
int status_allowed(enum app_status, enum app_status, enum status_actor);
int status_needs_reason(enum app_status);
int status_is_final(enum app_status);

#endif /* !STATUS_H */
