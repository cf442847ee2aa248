/*
 * The dot-atom@domain check described in email.h.  The checks work on
 * explicit lengths so that an address holding NUL is refused, not cut.
 */
#include <stddef.h>
#include <string.h>

#include "email.h"

#define EMAIL_MAX 254
#define LOCAL_MAX 64
#define LABEL_MAX 63

/* Returns 1 for an ASCII letter or digit, without the locale. */
static int
is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Returns 1 for an RFC 5322 atext character. */
static int
is_atext(unsigned char c)
{
	static const char specials[] = "!#$%&'*+-/=?^_`{|}~";

	return is_alnum(c) || (c != '\0' && strchr(specials, c) != NULL);
}

/* Returns 1 if the n bytes at s are a dot-atom of at most LOCAL_MAX. */
static int
local_ok(const unsigned char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > LOCAL_MAX || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return 0;
		} else if (!is_atext(s[i]))
			return 0;
	}
	return 1;
}

/* Returns 1 if the n bytes at s are one LDH label. */
static int
label_ok(const unsigned char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > LABEL_MAX || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '-')
			return 0;
	return 1;
}

/* Returns 1 if the n bytes at s are a domain of two or more labels. */
static int
domain_ok(const unsigned char *s, size_t n)
{
	const unsigned char *dot, *label = s, *end = s + n;
	size_t labels = 0;

	for (;;) {
		dot = memchr(label, '.', (size_t)(end - label));
		if (!label_ok(label, (size_t)((dot ? dot : end) - label)))
			return 0;
		labels++;
		if (dot == NULL)
			break;
		label = dot + 1;
	}
	return labels >= 2 && !(label[0] >= '0' && label[0] <= '9');
}

/*
 * Returns 1 if the len bytes at addr are an acceptable contact address
 * under the policy of email.h, else 0.
 */
int
email_valid_len(const char *addr, size_t len)
{
	const unsigned char *s = (const unsigned char *)addr, *at;

	if (len > EMAIL_MAX || (at = memchr(s, '@', len)) == NULL)
		return 0;
	return local_ok(s, (size_t)(at - s)) &&
	       domain_ok(at + 1, len - (size_t)(at - s) - 1);
}

/* As email_valid_len() for a C string. */
int
email_valid(const char *addr)
{
	return email_valid_len(addr, strlen(addr));
}
