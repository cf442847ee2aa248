/*
 * Staff sessions.  The cookie holds a random 256-bit token; PostgreSQL
 * holds only its hash, so any worker serves any request.  The CSRF token
 * of a session is derived from its token (keyed BLAKE2b) and never stored.
 */
#ifndef SESSION_H
#define SESSION_H

struct req;

int session_load(struct req *);
int session_start(struct req *, long long);
int session_end(struct req *);
int session_csrf_ok(const struct req *);
void session_cookie(struct req *, const char *, const char *, long);
const char *session_cookie_name(const struct req *);

#endif /* !SESSION_H */
