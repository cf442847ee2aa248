/*
 * Same-origin check for state-changing requests (staff POSTs and the
 * public status page's withdraw POST), the first of the two CSRF layers.
 */
#ifndef ORIGIN_H
#define ORIGIN_H

enum origin_verdict { ORIGIN_OK, ORIGIN_CROSS };

enum origin_verdict origin_check(const char *, const char *, const char *,
				 const char *);
int origin_local_path(const char *);

#endif /* !ORIGIN_H */
