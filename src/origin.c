#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "origin.h"

/* Sec-Fetch-Site values that a same-origin or user-typed request carries. */
static const char *const fetch_site_ok[] = {
	"same-origin",
	"none",
};

/* Returns 1 if Sec-Fetch-Site value v is in fetch_site_ok, else 0. */
static int
fetch_site_allowed(const char *v)
{
	size_t i;

	for (i = 0; i < sizeof(fetch_site_ok) / sizeof(fetch_site_ok[0]); i++)
		if (strcmp(v, fetch_site_ok[i]) == 0)
			return 1;
	return 0;
}

/*
 * Returns 1 if Origin value o is exactly scheme "://" host, ignoring case
 * in scheme and host, else 0.  "null", a path, a trailing slash or a port
 * that Host did not send all fail, as does an absent or empty host.
 */
static int
origin_matches(const char *o, const char *host, const char *scheme)
{
	size_t slen;

	if (host == NULL || *host == '\0' || scheme == NULL)
		return 0;
	slen = strlen(scheme);
	return strncasecmp(o, scheme, slen) == 0 &&
	       strncmp(o + slen, "://", 3) == 0 &&
	       strcasecmp(o + slen + 3, host) == 0;
}

/*
 * Decides whether a request comes from our own origin.  Any argument may
 * be NULL for a header that is absent.  Sec-Fetch-Site, when sent, decides
 * alone; else Origin, when sent, must name scheme://host; a request with
 * neither comes from a non-browser client, which CSRF cannot drive, and
 * passes.
 */
enum origin_verdict
origin_check(const char *sec_fetch_site, const char *origin, const char *host,
	     const char *scheme)
{
	int ok;

	if (sec_fetch_site != NULL)
		ok = fetch_site_allowed(sec_fetch_site);
	else if (origin != NULL)
		ok = origin_matches(origin, host, scheme);
	else
		ok = 1;
	return ok ? ORIGIN_OK : ORIGIN_CROSS;
}

/*
 * Returns 1 if s is a path on this site that a redirect may go to after
 * sign-in: it starts with one '/', and has no backslash (browsers read
 * "/\\host" as "//host") and no control character or space.  Anything else
 * could send the user to another site.
 */
int
origin_local_path(const char *s)
{
	const unsigned char *p;

	if (s == NULL || s[0] != '/' || s[1] == '/' || strlen(s) > 2000)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	return 1;
}
