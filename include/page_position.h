/*
 * The position page (src/page_position.c) as the assignment pages
 * (src/page_assignment.c) show it again with a message or a form.
 */
#ifndef PAGE_POSITION_H
#define PAGE_POSITION_H

struct req;

struct buf;
struct kvlist;

int position_load(struct req *, const char *, struct kvlist *, struct buf *);
int position_page(struct req *, const char *, int);

#endif /* !PAGE_POSITION_H */
