/*
 * Ordered list of name/value pairs, as parsed from a form body, a query
 * string or a Cookie header.  Names and values are NUL-terminated copies
 * owned by the list; their lengths are kept since values may be binary.
 */
#ifndef KV_H
#define KV_H

#include <stddef.h>

struct kvpair {
	char *key;
	size_t keylen;
	char *val;
	size_t vallen;
};

struct kvlist {
	struct kvpair *p;
	size_t n;
	size_t cap;
};

void kv_init(struct kvlist *);
void kv_free(struct kvlist *);
void kv_add(struct kvlist *, const char *, size_t, const char *, size_t);
const char *kv_get(const struct kvlist *, const char *);

#endif /* !KV_H */
