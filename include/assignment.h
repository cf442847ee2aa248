/*
 * A person's availability inquiries and assignments on the pages that
 * show one person (the reviewer's application page, the liaison's
 * nomination page, the applicant's status page: the dispatch's plan,
 * country and period), the person's answer to an inquiry with its
 * audit, and the database's refusals of positions and assignments put
 * in words (src/assignment.c).
 */
#ifndef ASSIGNMENT_H
#define ASSIGNMENT_H

#include "stmt_position.h"

struct req;

/* Who looks at a person's assignments, which decides what is shown. */
enum assign_viewer {
	ASSIGN_REVIEWER,  /* every assignment with its debrief */
	ASSIGN_LIAISON,	  /* answers for the officer */
	ASSIGN_APPLICANT, /* answers on the status page */
	ASSIGN_VIEWER__MAX
};

int assign_person_view(struct req *, enum assign_viewer, const char *, int);
int assign_answer_read(struct req *, const char **);
int assign_answer(struct req *, enum stmt_position_id, const char *const *,
		  const int *, const int *, int *);
const char *assign_refusal(const struct req *);

#endif /* !ASSIGNMENT_H */
