/*
 * A position loaded into the view and its page (src/page_position_show.c),
 * as its form (src/page_position.c) and the assignment pages
 * (src/page_assignment.c) use them again with a message or a form.
 */
#ifndef PAGE_POSITION_H
#define PAGE_POSITION_H

#include <libpq-fe.h>

#include "stmt_position.h"

struct req;

int position_one_row(struct req *, enum stmt_position_id, const char *,
		     PGresult **);
int position_load(struct req *, const char *, PGresult **);
int position_page(struct req *, const char *, int);

#endif /* !PAGE_POSITION_H */
