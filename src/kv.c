#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kv.h"

void
kv_init(struct kvlist *l)
{
	l->p = NULL;
	l->n = l->cap = 0;
}

void
kv_free(struct kvlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->p[i].key);
		free(l->p[i].val);
	}
	free(l->p);
	kv_init(l);
}

/* Appends a copy of the pair; both sides may hold NUL bytes. */
void
kv_add(struct kvlist *l, const char *k, size_t klen, const char *v, size_t vlen)
{
	struct kvpair *p;

	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 16 : l->cap * 2;
		l->p = xreallocarray(l->p, l->cap, sizeof(*l->p));
	}
	p = &l->p[l->n++];
	p->key = xstrndup(k, klen);
	p->keylen = klen;
	p->val = xstrndup(v, vlen);
	p->vallen = vlen;
}

/* Returns the first value named k, or NULL; the list owns it. */
const char *
kv_get(const struct kvlist *l, const char *k)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->p[i].key, k) == 0)
			return l->p[i].val;
	return NULL;
}
