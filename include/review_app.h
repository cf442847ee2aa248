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

#include "record.h"

struct json_object;
struct req;

int review_app_load(struct req *, struct record *);
int review_app_show(struct req *, const struct record *, int);

#endif /* !REVIEW_APP_H */
