/*
 * The page templates, by index, compiled once at start-up from
 * CORPS_TEMPLATES.  Every page renders inside the layout, which pulls the
 * page in through the partial {{> content}}.
 */
#ifndef VIEW_H
#define VIEW_H

#include <stddef.h>

struct buf;
struct json_object;
struct tmpl;

enum view {
	VIEW_LAYOUT,
	VIEW_HOME,
	VIEW_APPLY,
	VIEW_RECEIPT,
	VIEW_STATUS,
	VIEW_ERROR,
	VIEW_FIELD, /* partial: one form field */
	VIEW_LOGIN,
	VIEW_REVIEW_LIST,
	VIEW_DASHBOARD,
	VIEW_ADMIN_USERS,
	VIEW_ADMIN_USER_NEW,
	VIEW_ADMIN_USER_PASSWORD,
	VIEW_ADMIN_USER_DONE,
	VIEW_ADMIN_AUDIT,
	VIEW_ADMIN_MAIL,
	VIEW_FORM_ERRORS, /* partial: a form's error summary */
	VIEW_REVIEW_APP,
	VIEW_MINISTRY_LIST,
	VIEW_NOMINATION_NEW,
	VIEW_NOMINATION,
	VIEW_ADMIN_MINISTRIES,
	VIEW_ADMIN_MINISTRY_FORM,
	VIEW_LOST_LINK,
	/* Enrolment in training (issue 14). */
	VIEW_TRAINING_PERSON, /* partial: a person's training */
	VIEW_ENROL_RESULT,
	VIEW_ENROL_REMOVE,
	/* Training (issue 14): courses and sessions. */
	VIEW_TRAINING,
	VIEW_COURSE,
	VIEW_COURSE_FORM,
	VIEW_SESSION,
	VIEW_SESSION_FORM,
	VIEW_SESSION_ATTENDANCE,
	VIEW_TEACH,
	VIEW_CERT_FORM,	   /* partial: the reviewer's external certificate */
	VIEW_SESSION_LIST, /* partial: a table of sessions */
	/* Training (issue 14): who is due, what expires. */
	VIEW_TRAINING_DUE,
	VIEW_TRAINING_EXPIRING,
	/* Implementation plans (issue 15). */
	VIEW_PLAN_TIMELINE, /* partial: the timeline's table alternative */
	/* Implementation plans (issue 15). */
	VIEW_PLANS,
	VIEW_PLAN_FORM,
	VIEW_PLAN,
	VIEW_PLAN_BANNER,    /* partial: a suspended plan's banner */
	VIEW_PLAN_DASHBOARD, /* partial: the plans on the dashboard */
	/* Positions and assignments (issue 15). */
	VIEW_POSITION,
	VIEW_POSITION_FORM,
	VIEW_PERSON_ASSIGNMENTS, /* partial: a person's inquiries, dispatch */
	VIEW__MAX
};

struct views {
	struct tmpl *t[VIEW__MAX];
};

int view_load(struct views *, const char *, char *, size_t);
void view_free(struct views *);
const char *view_get(struct json_object *, const char *);
void view_str(struct json_object *, const char *, const char *);
void view_bool(struct json_object *, const char *, int);
void view_error_add(struct json_object *, const char *, const char *,
		    struct json_object *);
void view_errors(struct json_object *, struct json_object *);
void view_render(const struct views *, enum view, struct json_object *,
		 struct buf *);

#endif /* !VIEW_H */
