/*
 * One application as a reviewer sees it: everything the applicant
 * entered (laid out by the apply form's own field table), the record's
 * status and dates, possible duplicates, status history and notes, loaded
 * into the view model in one statement; for a ministry's nomination also
 * what the ministry said, its letter and the messages to the ministry.
 * Showing it is audited.
 */
#ifndef REVIEW_APP_H
#define REVIEW_APP_H

#include "status.h"
#include "stmt.h"

struct json_object;
struct req;

struct review_app {
	char id[24]; /* canonical decimal text */
	enum app_status status;
	int version;
	int seconded; /* a ministry's nomination */
};

int review_app_id(const char *, struct review_app *);
int review_app_load(struct req *, struct review_app *);
int review_app_show(struct req *, const struct review_app *, int);
struct json_object *review_file_view(struct req *, const char *, const char *,
				     const char *, const char *, long);
int review_app_pdf(struct req *, const struct stmt_def *, const char *,
		   const char *, const char *);

#endif /* !REVIEW_APP_H */
