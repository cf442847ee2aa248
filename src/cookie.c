#include <stddef.h>
#include <string.h>

#include "buf.h"
#include "cookie.h"
#include "kv.h"

/* Attributes that flags switch on, in the order they are written. */
static const struct {
	unsigned int flag;
	const char *attr;
} cookie_attrs[] = {
	{ COOKIE_SECURE, "; Secure" },
	{ COOKIE_HTTPONLY, "; HttpOnly" },
	{ COOKIE_SAMESITE_STRICT, "; SameSite=Strict" },
	{ COOKIE_SAMESITE_LAX, "; SameSite=Lax" },
};

/* Narrows the span *s, *n to drop leading and trailing spaces and tabs. */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/*
 * Splits one ';'-separated part into a trimmed name and value, the value
 * losing one pair of surrounding double quotes.  A part without '=' has
 * an empty name and is all value, as RFC 6265bis 5.6 reads such a cookie.
 * Returns 0 when the name is empty (the part is to be skipped), else 1.
 */
static int
split(const char *s, size_t n, const char **name, size_t *nlen,
      const char **val, size_t *vlen)
{
	const char *eq;

	if ((eq = memchr(s, '=', n)) == NULL)
		return 0;
	*name = s;
	*nlen = (size_t)(eq - s);
	*val = eq + 1;
	*vlen = n - *nlen - 1;
	trim(name, nlen);
	trim(val, vlen);
	if (*vlen >= 2 && (*val)[0] == '"' && (*val)[*vlen - 1] == '"') {
		(*val)++;
		*vlen -= 2;
	}
	return *nlen > 0;
}

/*
 * Appends the cookies of a Cookie header to out, in order, without any
 * decoding; out owns the copies.  A NULL header (absent) gives no pairs.
 * Returns 0, or -1 for a header over COOKIE_MAX_HEADER bytes or with more
 * than COOKIE_MAX_PAIRS named cookies (out may then hold some pairs; the
 * caller frees it either way).
 */
int
cookie_parse(const char *header, struct kvlist *out)
{
	const char *semi, *name, *val;
	size_t len, i, n, nlen, vlen, npairs = 0;

	if (header == NULL)
		return 0;
	if ((len = strnlen(header, COOKIE_MAX_HEADER + 1)) > COOKIE_MAX_HEADER)
		return -1;
	for (i = 0; i < len; i += n + 1) {
		semi = memchr(header + i, ';', len - i);
		n = semi == NULL ? len - i : (size_t)(semi - (header + i));
		if (!split(header + i, n, &name, &nlen, &val, &vlen))
			continue;
		if (++npairs > COOKIE_MAX_PAIRS)
			return -1;
		kv_add(out, name, nlen, val, vlen);
	}
	return 0;
}

/* RFC 9110 tchar: what a cookie name may hold. */
static int
is_token(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 6265 cookie-octet: no controls, space, DQUOTE, comma, ';', '\'. */
static int
is_cookie_octet(unsigned char c)
{
	return c > 0x20 && c < 0x7F && c != '"' && c != ',' && c != ';' &&
	       c != '\\';
}

/* RFC 6265 path-value: any printable ASCII but ';'. */
static int
is_path_char(unsigned char c)
{
	return c >= 0x20 && c < 0x7F && c != ';';
}

/* Appends the bytes of s that ok accepts, dropping the others. */
static void
put_filtered(struct buf *out, const char *s, int (*ok)(unsigned char))
{
	for (; *s != '\0'; s++)
		if (ok((unsigned char)*s))
			buf_putc(out, *s);
}

/*
 * Appends a Set-Cookie header value to out, such as
 * "lang=en; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax".  A NULL
 * path leaves Path out; a negative max_age makes a session cookie, 0 one
 * that expires now.  Given both SameSite flags, Strict wins.  Bytes that
 * the cookie grammar does not allow in name, value or path are dropped,
 * so that no caller can be made to inject attributes.
 */
void
cookie_format(struct buf *out, const char *name, const char *value,
	      const char *path, long max_age, unsigned int flags)
{
	size_t i;

	if (flags & COOKIE_SAMESITE_STRICT)
		flags &= ~(unsigned int)COOKIE_SAMESITE_LAX;
	put_filtered(out, name, is_token);
	buf_putc(out, '=');
	put_filtered(out, value, is_cookie_octet);
	if (path != NULL) {
		buf_puts(out, "; Path=");
		put_filtered(out, path, is_path_char);
	}
	if (max_age >= 0)
		buf_printf(out, "; Max-Age=%ld", max_age);
	for (i = 0; i < sizeof(cookie_attrs) / sizeof(cookie_attrs[0]); i++)
		if (flags & cookie_attrs[i].flag)
			buf_puts(out, cookie_attrs[i].attr);
}
