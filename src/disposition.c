#include <string.h>

#include "buf.h"
#include "disposition.h"
#include "urlenc.h"

/*
 * Returns 1 if name can stand in a quoted filename as it is: printable
 * ASCII letters, digits, space and ".-_()", not starting with a dot.
 * Anything else (quotes, backslashes, control characters, non-ASCII) is
 * left to filename*.
 */
static int
plain_ascii(const char *name)
{
	const char *p;

	if (*name == '\0' || *name == '.')
		return 0;
	for (p = name; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || strchr(" .-_()", *p) != NULL))
			return 0;
	return 1;
}

/*
 * Appends the value of a Content-Disposition header that offers name as
 * an attachment: filename="name" when name is plain ASCII, else
 * filename="fallback" (which must be plain ASCII), and always
 * filename*=UTF-8''name percent-encoded.  Percent-encoding leaves only
 * unreserved characters, so no name can break out of the header.
 */
void
disposition_attachment(struct buf *out, const char *name, const char *fallback)
{
	buf_printf(out, "attachment; filename=\"%s\"; filename*=UTF-8''",
		   plain_ascii(name) ? name : fallback);
	urlenc_encode(out, name);
}
