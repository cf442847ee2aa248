/*
 * UTF-8 decoding with U+FFFD replacement, and the width and kana
 * foldings of text.h.  Tables are from the Unicode Standard (table 3-7
 * for well-formed UTF-8) and the NFKC/NFC mappings of the katakana
 * blocks.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "text.h"

#define CP_BAD	0x110000u   /* decoder: ill-formed sequence */
#define CP_NONE 0xFFFFFFFFu /* katakana: nothing pending */
#define CP_IDSP 0x3000u	    /* IDEOGRAPHIC SPACE */

/* Cursor over a byte string being decoded. */
struct u8iter {
	const unsigned char *p;
	size_t len;
	size_t off;
};

/* Well-formed lead bytes and the range allowed for the byte after. */
static const struct {
	unsigned char first, last; /* lead byte range */
	unsigned char n;	   /* sequence length */
	unsigned char lo, hi;	   /* second byte range */
} u8lead[] = {
	{ 0xC2, 0xDF, 2, 0x80, 0xBF }, { 0xE0, 0xE0, 3, 0xA0, 0xBF },
	{ 0xE1, 0xEC, 3, 0x80, 0xBF }, { 0xED, 0xED, 3, 0x80, 0x9F },
	{ 0xEE, 0xEF, 3, 0x80, 0xBF }, { 0xF0, 0xF0, 4, 0x90, 0xBF },
	{ 0xF1, 0xF3, 4, 0x80, 0xBF }, { 0xF4, 0xF4, 4, 0x80, 0x8F },
};

/* Half-width katakana U+FF61..U+FF9D to their full-width forms. */
static const uint16_t halfkana[] = {
	0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5,
	0x30A7, 0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4,
	0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5,
	0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6, 0x30C8,
	0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8,
	0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8,
	0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3,
};
_Static_assert(sizeof(halfkana) / sizeof(halfkana[0]) == 0xFF9D - 0xFF61 + 1,
	       "halfkana covers U+FF61..U+FF9D");

/* Katakana that take a voiced or semi-voiced mark, and the results. */
static const struct {
	uint16_t base, voiced, semi;
} kanavoice[] = {
	{ 0x30A6, 0x30F4, 0 },	    { 0x30AB, 0x30AC, 0 },
	{ 0x30AD, 0x30AE, 0 },	    { 0x30AF, 0x30B0, 0 },
	{ 0x30B1, 0x30B2, 0 },	    { 0x30B3, 0x30B4, 0 },
	{ 0x30B5, 0x30B6, 0 },	    { 0x30B7, 0x30B8, 0 },
	{ 0x30B9, 0x30BA, 0 },	    { 0x30BB, 0x30BC, 0 },
	{ 0x30BD, 0x30BE, 0 },	    { 0x30BF, 0x30C0, 0 },
	{ 0x30C1, 0x30C2, 0 },	    { 0x30C4, 0x30C5, 0 },
	{ 0x30C6, 0x30C7, 0 },	    { 0x30C8, 0x30C9, 0 },
	{ 0x30CF, 0x30D0, 0x30D1 }, { 0x30D2, 0x30D3, 0x30D4 },
	{ 0x30D5, 0x30D6, 0x30D7 }, { 0x30D8, 0x30D9, 0x30DA },
	{ 0x30DB, 0x30DC, 0x30DD }, { 0x30EF, 0x30F7, 0 },
	{ 0x30F0, 0x30F8, 0 },	    { 0x30F1, 0x30F9, 0 },
	{ 0x30F2, 0x30FA, 0 },
};

/* Sets up an iterator over the len bytes at s. */
static void
u8_begin(struct u8iter *it, const char *s, size_t len)
{
	it->p = (const unsigned char *)s;
	it->len = len;
	it->off = 0;
}

/*
 * Decodes the next code point into *cp, CP_BAD for an ill-formed
 * maximal subpart (which is skipped whole).  Returns 0 at the end.
 */
static int
u8_next(struct u8iter *it, uint32_t *cp)
{
	const unsigned char *s = it->p + it->off;
	size_t avail = it->len - it->off, i, k;
	unsigned char lo, hi;

	if (avail == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		it->off++;
		return 1;
	}
	for (k = 0; k < sizeof(u8lead) / sizeof(u8lead[0]); k++)
		if (s[0] >= u8lead[k].first && s[0] <= u8lead[k].last)
			break;
	*cp = CP_BAD;
	if (k == sizeof(u8lead) / sizeof(u8lead[0])) {
		it->off++;
		return 1;
	}
	lo = u8lead[k].lo;
	hi = u8lead[k].hi;
	*cp = s[0] & (0x7F >> u8lead[k].n);
	for (i = 1; i < u8lead[k].n; i++, lo = 0x80, hi = 0xBF) {
		if (i >= avail || s[i] < lo || s[i] > hi) {
			*cp = CP_BAD;
			break;
		}
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	it->off += i;
	return 1;
}

/* Appends cp as UTF-8; CP_BAD (or anything not a scalar) as U+FFFD. */
static void
u8_put(struct buf *out, uint32_t cp)
{
	unsigned char b[4];
	size_t n;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xC0 | cp >> 6);
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xE0 | cp >> 12);
		n = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | cp >> 18);
		n = 4;
	}
	for (size_t i = 1; i < n; i++)
		b[i] =
		    (unsigned char)(0x80 | ((cp >> (6 * (n - 1 - i))) & 0x3F));
	buf_append(out, b, n);
}

/* Makes out->ptr a string even if the caller appends nothing. */
static void
out_start(struct buf *out)
{
	buf_append(out, "", 0);
}

/* Returns 1 if the len bytes at s are well-formed UTF-8 (NUL allowed). */
int
text_utf8_valid(const char *s, size_t len)
{
	struct u8iter it;
	uint32_t cp;

	u8_begin(&it, s, len);
	while (u8_next(&it, &cp))
		if (cp == CP_BAD)
			return 0;
	return 1;
}

/*
 * Returns the number of code points in s, counting each ill-formed
 * subpart as one (as it would be once replaced by U+FFFD).
 */
size_t
text_utf8_len(const char *s)
{
	struct u8iter it;
	uint32_t cp;
	size_t n = 0;

	u8_begin(&it, s, strlen(s));
	while (u8_next(&it, &cp))
		n++;
	return n;
}

/* Returns 1 for the spaces text_trim strips. */
static int
is_trim_space(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == CP_IDSP;
}

/*
 * Appends s without leading or trailing ASCII white space and U+3000.
 * Well-formed input (every form value is) is copied as it is; an
 * ill-formed sequence is written as U+FFFD.
 */
void
text_trim(const char *s, struct buf *out)
{
	struct u8iter it;
	uint32_t cp;
	size_t start = 0, end = 0, before;
	int seen = 0, bad = 0;

	out_start(out);
	u8_begin(&it, s, strlen(s));
	for (before = 0; u8_next(&it, &cp); before = it.off) {
		bad |= cp == CP_BAD;
		if (is_trim_space(cp))
			continue;
		if (!seen)
			start = before;
		seen = 1;
		end = it.off;
	}
	if (!bad) {
		buf_append(out, s + start, end - start);
		return;
	}
	u8_begin(&it, s + start, end - start);
	while (u8_next(&it, &cp))
		u8_put(out, cp);
}

/* Maps one code point to the ASCII form wanted by ASCII-only fields. */
static uint32_t
halfwidth_cp(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFF01 + '!';
	if (cp == CP_IDSP)
		return ' ';
	if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
		return '-';
	return cp;
}

/*
 * Appends s with full-width ASCII, U+3000 and the dash family
 * (U+2010..U+2015, U+2212) replaced by ASCII.  The prolonged sound mark
 * U+30FC is kept: it is a letter in katakana text.
 */
void
text_halfwidth(const char *s, struct buf *out)
{
	struct u8iter it;
	uint32_t cp;

	out_start(out);
	u8_begin(&it, s, strlen(s));
	while (u8_next(&it, &cp))
		u8_put(out, halfwidth_cp(cp));
}

/*
 * Appends s as a code: half-width (text_halfwidth) and its ASCII letters
 * upper case, so that "ｍｏｆａ" and "mofa" are the same code.
 */
void
text_code(const char *s, struct buf *out)
{
	size_t i, start = out->len;

	text_halfwidth(s, out);
	for (i = start; i < out->len; i++)
		if (out->ptr[i] >= 'a' && out->ptr[i] <= 'z')
			out->ptr[i] = (char)(out->ptr[i] - 'a' + 'A');
}

/* Maps one code point to katakana (before any mark is combined). */
static uint32_t
katakana_cp(uint32_t cp)
{
	if (cp >= 0xFF61 && cp <= 0xFF9D)
		return halfkana[cp - 0xFF61];
	if (cp == 0xFF9E || cp == 0xFF9F) /* lone marks: spacing forms */
		return cp - 0xFF9E + 0x309B;
	if (cp >= 0x3041 && cp <= 0x3096)
		return cp + 0x60;
	if (cp == ' ')
		return CP_IDSP;
	return cp;
}

/* Returns 1 for a voiced mark, 2 for a semi-voiced one, else 0. */
static int
kana_mark(uint32_t cp)
{
	if (cp == 0xFF9E || cp == 0x3099)
		return 1;
	if (cp == 0xFF9F || cp == 0x309A)
		return 2;
	return 0;
}

/* Returns base combined with mark (1 or 2), or 0 if they do not combine. */
static uint32_t
kana_compose(uint32_t base, int mark)
{
	size_t i;

	for (i = 0; i < sizeof(kanavoice) / sizeof(kanavoice[0]); i++)
		if (kanavoice[i].base == base)
			return mark == 1 ? kanavoice[i].voiced
					 : kanavoice[i].semi;
	return 0;
}

/*
 * Appends s with half-width katakana made full-width, a following
 * voiced or semi-voiced mark (half-width or combining) folded into the
 * letter, hiragana made katakana, and ASCII space made U+3000.
 */
void
text_katakana(const char *s, struct buf *out)
{
	struct u8iter it;
	uint32_t cp, pend = CP_NONE, c;
	int mark;

	out_start(out);
	u8_begin(&it, s, strlen(s));
	while (u8_next(&it, &cp)) {
		mark = kana_mark(cp);
		if (mark && pend != CP_NONE &&
		    (c = kana_compose(pend, mark)) != 0) {
			pend = c;
			continue;
		}
		if (pend != CP_NONE)
			u8_put(out, pend);
		pend = katakana_cp(cp);
	}
	if (pend != CP_NONE)
		u8_put(out, pend);
}

/*
 * Returns 1 if s is non-empty, well-formed and holds only full-width
 * katakana letters, the middle dot, the prolonged sound mark and
 * U+3000: what a furigana name field accepts.
 */
int
text_is_katakana(const char *s)
{
	struct u8iter it;
	uint32_t cp;

	if (*s == '\0')
		return 0;
	u8_begin(&it, s, strlen(s));
	while (u8_next(&it, &cp))
		if (!((cp >= 0x30A1 && cp <= 0x30FC) || cp == CP_IDSP))
			return 0;
	return 1;
}

/*
 * Appends the search key of s: katakana folding, then half-width (so
 * spaces end up ASCII), then ASCII lower case.  Two spellings that
 * differ only in width, kana script or ASCII case get the same key.
 */
void
text_fold(const char *s, struct buf *out)
{
	struct buf kana;
	size_t i, mark;

	buf_init(&kana);
	text_katakana(s, &kana);
	mark = out->len;
	text_halfwidth(kana.ptr, out);
	buf_free(&kana);
	for (i = mark; i < out->len; i++)
		if (out->ptr[i] >= 'A' && out->ptr[i] <= 'Z')
			out->ptr[i] += 'a' - 'A';
}

/*
 * Returns 1 if s holds a C0 control other than TAB, LF and CR, DEL, or
 * a C1 control (U+0080..U+009F, encoded C2 80..C2 9F).  Stray bytes
 * 0x80..0x9F are ill-formed UTF-8 and left to text_utf8_valid().
 */
int
text_has_control(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
		    *p == 0x7F)
			return 1;
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			return 1;
	}
	return 0;
}
