/*
 * urlenc_parse on any bytes, in both modes.  Property: what the strict
 * mode accepts, the lenient (WHATWG) mode reads the same way, pair for
 * pair, since strict only refuses and never decodes differently.
 */
#include <string.h>

#include "fuzz.h"
#include "kv.h"
#include "urlenc.h"

/* True when both lists hold the same pairs in the same order. */
static int
same_pairs(const struct kvlist *a, const struct kvlist *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->p[i].keylen != b->p[i].keylen ||
		    a->p[i].vallen != b->p[i].vallen ||
		    memcmp(a->p[i].key, b->p[i].key, a->p[i].keylen) != 0 ||
		    memcmp(a->p[i].val, b->p[i].val, a->p[i].vallen) != 0)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvlist strict, lenient;
	int rc;

	kv_init(&strict);
	kv_init(&lenient);
	rc = urlenc_parse((const char *)data, size, URLENC_STRICT, &strict);
	FUZZ_CHECK(urlenc_parse((const char *)data, size, URLENC_LENIENT,
				&lenient) == 0);
	if (rc == 0) {
		FUZZ_CHECK(strict.n <= URLENC_MAX_PAIRS);
		FUZZ_CHECK(same_pairs(&strict, &lenient));
	}
	kv_free(&strict);
	kv_free(&lenient);
	return 0;
}
