/*
 * Reading and parsing a POST body into a request's form fields (and, for
 * multipart/form-data, its files).
 */
#ifndef BODY_H
#define BODY_H

#include <stddef.h>

struct req;

int body_read(struct req *, size_t);

#endif /* !BODY_H */
