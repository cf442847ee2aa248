/*
 * The multipart parser on any body.  Input: the Content-Type header value
 * up to the first '\n', then the body.  mp_boundary takes the boundary
 * from the header; the body is parsed twice, whole and in small chunks
 * (their size taken from the input's length).  Property: both give the
 * same outcome and, when accepted, the same parts, since the parser is
 * documented to match delimiters split across chunks all the same.
 * Small limits make the refusals (413) reachable too.  An empty part's
 * data may have no buffer at all (NULL), which memcmp must not see.
 */
#include <string.h>

#include "fuzz.h"
#include "multipart.h"

static const struct mp_limits limits = { 8, 512, 2048, 1024 };

/* Feeds body in chunks of chunk bytes, stopping at the first failure. */
static struct mp_parser *
parse(const char *boundary, const char *body, size_t len, size_t chunk)
{
	struct mp_parser *p;
	size_t off, n;

	if ((p = mp_new(boundary, &limits)) == NULL)
		return NULL;
	for (off = 0; off < len; off += n) {
		n = len - off < chunk ? len - off : chunk;
		if (mp_feed(p, body + off, n) != 0)
			return p;
	}
	mp_finish(p);
	return p;
}

/* True when both optional strings are absent or equal. */
static int
same_str(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* True when parsers a and b ended alike, with the same parts. */
static int
same_outcome(const struct mp_parser *a, const struct mp_parser *b)
{
	const struct mp_part *x, *y;
	size_t i;

	if (mp_error(a) != mp_error(b))
		return 0;
	if (mp_error(a) != MP_OK)
		return 1;
	if (mp_nparts(a) != mp_nparts(b))
		return 0;
	for (i = 0; i < mp_nparts(a); i++) {
		x = mp_part(a, i);
		y = mp_part(b, i);
		if (!same_str(x->name, y->name) ||
		    !same_str(x->filename, y->filename) ||
		    !same_str(x->content_type, y->content_type) ||
		    x->data.len != y->data.len ||
		    (x->data.len > 0 &&
		     memcmp(x->data.ptr, y->data.ptr, x->data.len) != 0))
			return 0;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char boundary[MP_BOUNDARY_MAX + 1], *ct;
	const char *nl, *body;
	struct mp_parser *whole, *chunked;
	size_t len;

	if ((nl = memchr(data, '\n', size)) == NULL)
		return 0;
	ct = xstrndup((const char *)data, (size_t)(nl - (const char *)data));
	body = nl + 1;
	len = size - (size_t)(body - (const char *)data);
	if (mp_boundary(ct, boundary, sizeof(boundary)) == 0) {
		whole = parse(boundary, body, len, len + 1);
		chunked = parse(boundary, body, len, 1 + size % 7);
		FUZZ_CHECK((whole == NULL) == (chunked == NULL));
		if (whole != NULL)
			FUZZ_CHECK(same_outcome(whole, chunked));
		mp_free(whole);
		mp_free(chunked);
	}
	free(ct);
	return 0;
}
