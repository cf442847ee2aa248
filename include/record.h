/*
 * One application's record as both staff workspaces show it: its id in
 * a URL, its status, its history, and its files (CV, nomination letter)
 * as links and as audited downloads.  The reviewer's pages (review_app.c)
 * and the liaison's (page_nomination.c) build on it.
 */
#ifndef RECORD_H
#define RECORD_H

#include <libpq-fe.h>

#include "db.h"
#include "status.h"
#include "stmt.h"

struct buf;
struct json_object;
struct kvlist;
struct req;

/*
 * One list of a person's section (record_lists): a JSON array column,
 * its name in the view, and how each member is shown.
 */
struct record_list {
	int col;
	const char *name;
	void (*each)(const struct req *, struct json_object *);
};

/* An application a page works on, as far as the page has loaded it. */
struct record {
	char id[24]; /* canonical decimal text */
	enum app_status status;
	int version;
	int seconded; /* a ministry's nomination */
};

int record_id_valid(const char *);
int record_id(const char *, struct record *);
int record_version(const char *, int *);
int record_ids(const struct kvlist *, const char *, struct buf *);
void record_status_view(const struct req *, struct json_object *, const char *);
void record_history_view(struct req *, struct json_object *, const char *);
struct json_object *record_file_view(struct req *, const char *, const char *,
				     const char *, const char *, long);
int record_pdf(struct req *, const struct stmt_def *, const char *,
	       const char *, const char *);
int record_pdf_of(struct req *, const struct stmt_def *, const char *,
		  const char *, const char *, const char *);
enum db_status record_person(struct req *, const struct stmt_def *,
			     const struct stmt_def *, const char *, int,
			     PGresult **);
struct json_object *record_lists(const struct req *, const PGresult *,
				 const struct record_list *, size_t,
				 const char *);

#endif /* !RECORD_H */
