/*
 * email_valid_len on any bytes.  Properties: an accepted address is at
 * most 254 octets and holds exactly one '@' and only printable ASCII
 * (no space, no control, nothing past '~').
 */
#include "email.h"
#include "fuzz.h"

/* True when s (n bytes) is printable ASCII with exactly one '@'. */
static int
plain_address(const char *s, size_t n)
{
	size_t i, ats = 0;

	for (i = 0; i < n; i++) {
		if (s[i] <= ' ' || s[i] > '~')
			return 0;
		ats += s[i] == '@';
	}
	return ats == 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	if (email_valid_len(s, size)) {
		FUZZ_CHECK(size <= 254);
		FUZZ_CHECK(plain_address(s, size));
	}
	return 0;
}
