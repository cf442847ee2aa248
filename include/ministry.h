/*
 * The ministries table as form options: a page that offers or names
 * ministries reads them per request, so that a ministry an administrator
 * adds is there at once.  The options' labels are the names in the
 * request's language.
 */
#ifndef MINISTRY_H
#define MINISTRY_H

#include <stddef.h>

#include <libpq-fe.h>

struct fopt;
struct req;

struct ministries {
	PGresult *res;
	struct fopt *opts; /* value: code, label: name */
	size_t n;
};

int ministries_load(struct req *, struct ministries *);
const char *ministries_name(const struct ministries *, const char *);
void ministries_free(struct ministries *);

#endif /* !MINISTRY_H */
