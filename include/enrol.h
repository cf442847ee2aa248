/*
 * A person's training as the pages show it (src/enrol.c): their
 * sessions and certificates (the reviewer's application page, the
 * liaison's nomination page, the applicant's status page), the sessions
 * one can be enrolled in (a select), and the person's answer to an
 * invitation with its audit.  The pages are page_enrol.c's, and the
 * status and nomination pages'.
 */
#ifndef ENROL_H
#define ENROL_H

#include "db.h"
#include "stmt_enrol.h"

struct req;

/* Who looks at a person's training, which decides the forms shown. */
enum enrol_viewer {
	ENROL_REVIEWER,	 /* remove with a reason */
	ENROL_LIAISON,	 /* decline on the officer's behalf */
	ENROL_APPLICANT, /* confirm or decline */
	ENROL_VIEWER__MAX
};

int enrol_person_view(struct req *, enum enrol_viewer, const char *, int);
int enrol_sessions_view(struct req *);
int enrol_answer(struct req *, enum stmt_enrol_id, const char *const *,
		 const int *, const int *, int *);
int enrol_answer_read(struct req *, const char **, const char **);
enum db_status enrol_audit_promoted(struct req *, const char *);

#endif /* !ENROL_H */
