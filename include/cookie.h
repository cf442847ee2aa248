/*
 * Cookie request header parsing and Set-Cookie value building.
 */
#ifndef COOKIE_H
#define COOKIE_H

#include "buf.h"
#include "kv.h"

#define COOKIE_MAX_HEADER 8192 /* longest Cookie header accepted */
#define COOKIE_MAX_PAIRS  64   /* most cookies accepted in one header */

#define COOKIE_HTTPONLY	       0x01
#define COOKIE_SECURE	       0x02
#define COOKIE_SAMESITE_STRICT 0x04
#define COOKIE_SAMESITE_LAX    0x08

int cookie_parse(const char *, struct kvlist *);
void cookie_format(struct buf *, const char *, const char *, const char *, long,
		   unsigned int);

#endif /* !COOKIE_H */
