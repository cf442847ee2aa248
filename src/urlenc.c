#include <stddef.h>
#include <string.h>

#include "buf.h"
#include "kv.h"
#include "urlenc.h"

/*
 * Well-formed UTF-8 lead bytes (Unicode Table 3-7): how many continuation
 * bytes follow and the range allowed for the first of them.  The narrowed
 * ranges are what refuse overlong forms, surrogates and values past
 * U+10FFFF.  Bytes in no range (80-C1, F5-FF) cannot start a sequence.
 */
static const struct {
	unsigned char first, last; /* lead byte range */
	unsigned char need;	   /* continuation bytes */
	unsigned char lo, hi;	   /* first continuation byte range */
} utf8_leads[] = {
	{ 0x00, 0x7F, 0, 0x00, 0x00 }, /* ASCII */
	{ 0xC2, 0xDF, 1, 0x80, 0xBF }, /* C0, C1 would be overlong */
	{ 0xE0, 0xE0, 2, 0xA0, 0xBF }, /* below A0: overlong */
	{ 0xE1, 0xEC, 2, 0x80, 0xBF },
	{ 0xED, 0xED, 2, 0x80, 0x9F }, /* above 9F: surrogates */
	{ 0xEE, 0xEF, 2, 0x80, 0xBF },
	{ 0xF0, 0xF0, 3, 0x90, 0xBF }, /* below 90: overlong */
	{ 0xF1, 0xF3, 3, 0x80, 0xBF },
	{ 0xF4, 0xF4, 3, 0x80, 0x8F }, /* above 8F: past U+10FFFF */
};

/*
 * Looks at the sequence starting at s (n > 0 bytes).  Returns 1 and sets
 * *adv to its length when it is well-formed UTF-8.  Otherwise returns 0
 * and sets *adv to the length of its maximal subpart, the bytes that the
 * Encoding Standard's decoder turns into one U+FFFD (at least 1).
 */
static int
utf8_next(const unsigned char *s, size_t n, size_t *adv)
{
	size_t i, k;
	unsigned char lo, hi;

	for (k = 0; k < sizeof(utf8_leads) / sizeof(utf8_leads[0]); k++)
		if (s[0] >= utf8_leads[k].first && s[0] <= utf8_leads[k].last)
			break;
	if (k == sizeof(utf8_leads) / sizeof(utf8_leads[0])) {
		*adv = 1;
		return 0;
	}
	lo = utf8_leads[k].lo;
	hi = utf8_leads[k].hi;
	for (i = 1; i <= utf8_leads[k].need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*adv = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	*adv = i;
	return 1;
}

/*
 * Appends s with each invalid UTF-8 subpart replaced by U+FFFD.  Valid
 * runs are copied whole: this runs over every byte of every form.
 */
static void
utf8_repair(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, run, adv;

	for (i = run = 0; i < n; i += adv) {
		if (p[i] < 0x80) {
			adv = 1;
			continue;
		}
		if (utf8_next(p + i, n - i, &adv))
			continue;
		buf_append(out, p + run, i - run);
		buf_puts(out, "\xEF\xBF\xBD");
		run = i + adv;
	}
	buf_append(out, p + run, n - run);
}

/*
 * Returns 1 if s is valid UTF-8 free of C0 controls other than TAB, LF
 * and CR (which a textarea legitimately sends), else 0.
 */
static int
strict_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, adv;

	for (i = 0; i < n; i += adv) {
		if (!utf8_next(p + i, n - i, &adv))
			return 0;
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
			return 0;
	}
	return 1;
}

/* Returns the value of hex digit c (either case), or -1. */
int
urlenc_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Appends s with '+' made a space and valid "%XX" escapes decoded, writing
 * straight into out (decoding never lengthens the input).
 */
static void
pct_decode(struct buf *out, const char *s, size_t n)
{
	char *d;
	size_t i;
	int hi, lo;

	buf_reserve(out, n);
	d = out->ptr + out->len;
	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			*d++ = ' ';
		else if (s[i] == '%' && n - i > 2 &&
			 (hi = urlenc_hexval(s[i + 1])) >= 0 &&
			 (lo = urlenc_hexval(s[i + 2])) >= 0) {
			*d++ = (char)(hi << 4 | lo);
			i += 2;
		} else
			*d++ = s[i];
	}
	out->len = (size_t)(d - out->ptr);
	out->ptr[out->len] = '\0';
}

/* Buffers reused across the pairs of one parse. */
struct scratch {
	struct buf name;
	struct buf val;
	struct buf raw; /* percent-decoded, before UTF-8 repair */
};

/*
 * Decodes one name or value into dst (emptied first), using raw as
 * scratch.  Returns 0, or -1 when strict mode refuses the result.
 */
static int
component(struct buf *dst, struct buf *raw, const char *s, size_t n,
	  enum urlenc_mode mode)
{
	buf_reset(dst);
	if (mode == URLENC_STRICT) {
		pct_decode(dst, s, n);
		return strict_ok(dst->ptr, dst->len) ? 0 : -1;
	}
	buf_reset(raw);
	pct_decode(raw, s, n);
	utf8_repair(dst, raw->ptr, raw->len);
	return 0;
}

/*
 * Decodes the non-empty byte sequence s (one '&'-separated part) and
 * appends it to out.  Returns 0, or -1 when strict mode refuses it.
 */
static int
pair_add(const char *s, size_t n, enum urlenc_mode mode, struct kvlist *out,
	 struct scratch *sc)
{
	const char *eq;
	size_t nlen;

	eq = memchr(s, '=', n);
	nlen = eq == NULL ? n : (size_t)(eq - s);
	if (component(&sc->name, &sc->raw, s, nlen, mode) == -1)
		return -1;
	if (eq == NULL)
		buf_reset(&sc->val);
	else if (component(&sc->val, &sc->raw, eq + 1, n - nlen - 1, mode) ==
		 -1)
		return -1;
	kv_add(out, sc->name.ptr, sc->name.len, sc->val.ptr, sc->val.len);
	return 0;
}

/*
 * Parses len bytes of in (need not be NUL-terminated) and appends the
 * pairs in order to out, whose copies out owns.  Returns 0; in strict mode
 * returns -1 on refusal, leaving in out what was added so far (the caller
 * frees out either way).
 */
int
urlenc_parse(const char *in, size_t len, enum urlenc_mode mode,
	     struct kvlist *out)
{
	struct scratch sc;
	const char *amp;
	size_t i, n, npairs = 0;
	int rc = 0;

	/* Reserving up front spares kv_add a NULL source for empty sides. */
	buf_init(&sc.name);
	buf_init(&sc.val);
	buf_init(&sc.raw);
	buf_reserve(&sc.name, 0);
	buf_reserve(&sc.val, 0);
	for (i = 0; i < len && rc == 0; i += n + 1) {
		amp = memchr(in + i, '&', len - i);
		n = amp == NULL ? len - i : (size_t)(amp - (in + i));
		if (n == 0)
			continue;
		if (mode == URLENC_STRICT && ++npairs > URLENC_MAX_PAIRS)
			rc = -1;
		else
			rc = pair_add(in + i, n, mode, out, &sc);
	}
	buf_free(&sc.name);
	buf_free(&sc.val);
	buf_free(&sc.raw);
	return rc;
}

/*
 * Appends s percent-encoded for a query string value: everything but
 * A-Z a-z 0-9 and "-._~" becomes %XX (a space too, not '+', so that the
 * result is also a valid path segment).
 */
void
urlenc_encode(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL) {
			buf_putc(out, (char)*p);
			continue;
		}
		buf_putc(out, '%');
		buf_putc(out, hex[*p >> 4]);
		buf_putc(out, hex[*p & 0xf]);
	}
}

/*
 * Appends name=value, both percent-encoded, to the URL in b: after '?'
 * when b has no query yet, else after '&'.
 */
void
urlenc_add(struct buf *b, const char *name, const char *value)
{
	buf_putc(b, strchr(b->ptr, '?') == NULL ? '?' : '&');
	urlenc_encode(b, name);
	buf_putc(b, '=');
	urlenc_encode(b, value);
}
