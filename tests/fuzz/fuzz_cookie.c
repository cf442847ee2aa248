/*
 * cookie_parse on any header (up to its first NUL, as the header reaches
 * corps-fcgi as a C string).  Properties: a header longer than
 * COOKIE_MAX_HEADER is refused, an accepted one gives at most
 * COOKIE_MAX_PAIRS pairs, and every name is non-empty.
 */
#include <string.h>

#include "buf.h"
#include "cookie.h"
#include "fuzz.h"
#include "kv.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvlist l;
	char *header;
	size_t i;
	int rc;

	header = xstrndup((const char *)data, size);
	kv_init(&l);
	rc = cookie_parse(header, &l);
	if (strlen(header) > COOKIE_MAX_HEADER)
		FUZZ_CHECK(rc == -1);
	if (rc == 0) {
		FUZZ_CHECK(l.n <= COOKIE_MAX_PAIRS);
		for (i = 0; i < l.n; i++)
			FUZZ_CHECK(l.p[i].keylen > 0);
	}
	kv_free(&l);
	free(header);
	return 0;
}
