/*
 * Form field validators (see valid.h).  Each normalises into a scratch
 * buffer with the text module, checks the shape, and copies the result
 * to the caller's buffer only on success.
 */
#include <stddef.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "valid.h"

#define DIGITS	       "0123456789"
#define IDSP	       "\xE3\x80\x80" /* U+3000 IDEOGRAPHIC SPACE */
#define POSTMARK       "\xE3\x80\x92" /* U+3012 POSTAL MARK */
#define ROMAJI_OK      "ABCDEFGHIJKLMNOPQRSTUVWXYZ -"
#define PHONE_SEP      "- ()"
#define PHONE_INTL_MIN 8
#define PHONE_INTL_MAX 15

/* Prolonged sound marks that an IME types for "-": ー and ｰ. */
static const char *const kana_dashes[] = { "\xE3\x83\xBC", "\xEF\xBD\xB0" };

/* Replaces in place every kana_dashes sequence in b by '-'. */
static void
dash_fold(struct buf *b)
{
	size_t i, j, k, n;

	for (i = j = 0; i < b->len;) {
		for (k = 0; k < sizeof(kana_dashes) / sizeof(kana_dashes[0]);
		     k++) {
			n = strlen(kana_dashes[k]);
			if (b->len - i >= n &&
			    memcmp(b->ptr + i, kana_dashes[k], n) == 0)
				break;
		}
		if (k < sizeof(kana_dashes) / sizeof(kana_dashes[0])) {
			b->ptr[j++] = '-';
			i += n;
		} else
			b->ptr[j++] = b->ptr[i++];
	}
	b->len = j;
	b->ptr[j] = '\0';
}

/* Shortens in place every run of the string sp in b to one sp. */
static void
collapse(struct buf *b, const char *sp)
{
	size_t i, j, n = strlen(sp);
	int prev = 0;

	for (i = j = 0; i < b->len;) {
		if (b->len - i >= n && memcmp(b->ptr + i, sp, n) == 0) {
			if (!prev) {
				memcpy(b->ptr + j, sp, n);
				j += n;
			}
			prev = 1;
			i += n;
		} else {
			b->ptr[j++] = b->ptr[i++];
			prev = 0;
		}
	}
	b->len = j;
	b->ptr[j] = '\0';
}

/* Sets out to in made half-width and trimmed. */
static void
prep_ascii(const char *in, struct buf *out)
{
	struct buf t;

	buf_init(&t);
	text_halfwidth(in, &t);
	buf_reset(out);
	text_trim(t.ptr, out);
	buf_free(&t);
}

/* As prep_ascii(), with the kana dashes made hyphens for digit fields. */
static void
prep_digits(const char *in, struct buf *out)
{
	prep_ascii(in, out);
	dash_fold(out);
}

/* Puts t into out if rc is VALID_OK, else empties out; frees t. */
static int
finish(int rc, struct buf *t, struct buf *out)
{
	buf_reset(out);
	if (rc == VALID_OK)
		buf_append(out, t->ptr, t->len);
	buf_free(t);
	return rc;
}

/*
 * Reads min..max ASCII digits at p into *v.  Returns the position after
 * them, or NULL if fewer than min digits are there.
 */
static const char *
num_field(const char *p, int min, int max, int *v)
{
	int n;

	*v = 0;
	for (n = 0; n < max && p[n] >= '0' && p[n] <= '9'; n++)
		*v = *v * 10 + (p[n] - '0');
	return n < min ? NULL : p + n;
}

/*
 * Splits "YYYYMMDD" or "YYYY-M-D" (separator '-', '/' or '.', the same
 * twice, month and day of one or two digits) into numbers.  Returns
 * VALID_OK, VALID_EMPTY or VALID_BAD_FORMAT; no range checks.
 */
static int
date_split(const char *s, int *y, int *m, int *d)
{
	const char *p;
	char sep;
	int v;

	if (*s == '\0')
		return VALID_EMPTY;
	if ((p = num_field(s, 8, 8, &v)) != NULL && *p == '\0') {
		*y = v / 10000;
		*m = v / 100 % 100;
		*d = v % 100;
		return VALID_OK;
	}
	if ((p = num_field(s, 4, 4, y)) == NULL || *p == '\0' ||
	    strchr("-/.", *p) == NULL)
		return VALID_BAD_FORMAT;
	sep = *p;
	if ((p = num_field(p + 1, 1, 2, m)) == NULL || *p != sep)
		return VALID_BAD_FORMAT;
	if ((p = num_field(p + 1, 1, 2, d)) == NULL || *p != '\0')
		return VALID_BAD_FORMAT;
	return VALID_OK;
}

/* Returns 1 if y is a Gregorian leap year. */
static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Returns the number of days in month m (1..12) of year y. */
static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/*
 * Validates a date of birth or similar: "YYYY-MM-DD", "YYYY/MM/DD" or
 * "YYYYMMDD" after half-width folding, a real day in years
 * VALID_DATE_YEAR_MIN..MAX.  "YYYY.MM.DD" and one-digit months and days
 * ("2000/1/5") pass too: that is how dates are written by hand in Japan
 * and they cannot be misread.  Sets out to "YYYY-MM-DD" and the
 * non-NULL of y, m, d to the numbers.
 */
int
valid_date(const char *in, struct buf *out, int *y, int *m, int *d)
{
	struct buf t;
	int yy, mm, dd, rc;

	buf_init(&t);
	prep_digits(in, &t);
	rc = date_split(t.ptr, &yy, &mm, &dd);
	buf_reset(&t);
	if (rc == VALID_OK &&
	    (yy < VALID_DATE_YEAR_MIN || yy > VALID_DATE_YEAR_MAX))
		rc = VALID_OUT_OF_RANGE;
	else if (rc == VALID_OK &&
		 (mm < 1 || mm > 12 || dd < 1 || dd > month_days(yy, mm)))
		rc = VALID_BAD_DATE;
	if (rc == VALID_OK) {
		buf_printf(&t, "%04d-%02d-%02d", yy, mm, dd);
		if (y != NULL)
			*y = yy;
		if (m != NULL)
			*m = mm;
		if (d != NULL)
			*d = dd;
	}
	return finish(rc, &t, out);
}

/*
 * Returns the age in full years on day ty-tm-td of someone born on
 * y-m-d (negative if born after that day).  A 29 February birthday
 * falls on 1 March in common years.
 */
int
valid_age(int y, int m, int d, int ty, int tm, int td)
{
	int age = ty - y;

	if (m == 2 && d == 29 && !is_leap(ty)) {
		m = 3;
		d = 1;
	}
	if (tm < m || (tm == m && td < d))
		age--;
	return age;
}

/* Returns VALID_OK if s is "NNNNNNN" or "NNN-NNNN", else the error. */
static int
postcode_check(const char *s)
{
	size_t n = strspn(s, DIGITS);

	if (*s == '\0')
		return VALID_EMPTY;
	if (s[strspn(s, DIGITS "-")] != '\0')
		return VALID_BAD_CHAR;
	if (n == 7 && s[7] == '\0')
		return VALID_OK;
	if (n == 3 && s[3] == '-' && strspn(s + 4, DIGITS) == 4 && s[8] == '\0')
		return VALID_OK;
	return VALID_BAD_FORMAT;
}

/*
 * Validates a Japanese postcode: seven digits, a hyphen allowed after
 * the third, an optional leading "〒".  Sets out to the seven digits.
 */
int
valid_postcode(const char *in, struct buf *out)
{
	struct buf t, d;
	const char *s;
	int rc;

	buf_init(&t);
	buf_init(&d);
	prep_digits(in, &t);
	s = t.ptr;
	if (strncmp(s, POSTMARK, strlen(POSTMARK)) == 0)
		s += strlen(POSTMARK) + strspn(s + strlen(POSTMARK), " ");
	if ((rc = postcode_check(s)) == VALID_OK) {
		buf_append(&d, s, 3);
		buf_append(&d, s + (s[3] == '-' ? 4 : 3), 4);
	}
	buf_free(&t);
	return finish(rc, &d, out);
}

/*
 * Copies the digits of s (and a leading '+') to out, skipping the
 * separators PHONE_SEP.  Returns VALID_OK or the first error.
 */
static int
phone_digits(const char *s, struct buf *out)
{
	if (*s == '\0')
		return VALID_EMPTY;
	if (*s == '+')
		buf_putc(out, *s++);
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			buf_putc(out, *s);
		else if (*s == '+')
			return VALID_BAD_FORMAT;
		else if (strchr(PHONE_SEP, *s) == NULL)
			return VALID_BAD_CHAR;
	}
	return VALID_OK;
}

/*
 * Validates a telephone number: domestic "0" and 9 or 10 more digits,
 * or international "+", a country code not starting with 0, and 8..15
 * digits in all (E.164).  Sets out to the digits with any '+'.
 */
int
valid_phone(const char *in, struct buf *out)
{
	struct buf t, d;
	size_t n;
	int rc;

	buf_init(&t);
	buf_init(&d);
	prep_digits(in, &t);
	buf_append(&d, "", 0);
	rc = phone_digits(t.ptr, &d);
	n = d.len;
	if (rc == VALID_OK && d.ptr[0] == '+') {
		if (n - 1 < PHONE_INTL_MIN || n - 1 > PHONE_INTL_MAX ||
		    d.ptr[1] == '0')
			rc = VALID_BAD_FORMAT;
	} else if (rc == VALID_OK && (d.ptr[0] != '0' || (n != 10 && n != 11)))
		rc = VALID_BAD_FORMAT;
	buf_free(&t);
	return finish(rc, &d, out);
}

/*
 * Validates a passport-style romaji name: ASCII letters, spaces and
 * hyphens after half-width folding; runs of spaces collapsed; upper
 * case; 1..VALID_NAME_MAX characters.
 */
int
valid_romaji(const char *in, struct buf *out)
{
	struct buf t;
	size_t i;
	int rc = VALID_OK;

	buf_init(&t);
	prep_ascii(in, &t);
	collapse(&t, " ");
	for (i = 0; i < t.len; i++)
		if (t.ptr[i] >= 'a' && t.ptr[i] <= 'z')
			t.ptr[i] -= 'a' - 'A';
	if (t.len == 0)
		rc = VALID_EMPTY;
	else if (strspn(t.ptr, ROMAJI_OK) != t.len)
		rc = VALID_BAD_CHAR;
	else if (t.len > VALID_NAME_MAX)
		rc = VALID_TOO_LONG;
	return finish(rc, &t, out);
}

/*
 * Validates a furigana name: trimmed, folded to full-width katakana
 * (half-width katakana and hiragana accepted), runs of spaces made one
 * U+3000; only katakana then; 1..VALID_NAME_MAX characters.
 */
int
valid_katakana_name(const char *in, struct buf *out)
{
	struct buf t, k;
	int rc = VALID_OK;

	buf_init(&t);
	buf_init(&k);
	text_trim(in, &t);
	text_katakana(t.ptr, &k);
	buf_free(&t);
	collapse(&k, IDSP);
	if (k.len == 0)
		rc = VALID_EMPTY;
	else if (!text_is_katakana(k.ptr))
		rc = VALID_BAD_CHAR;
	else if (text_utf8_len(k.ptr) > VALID_NAME_MAX)
		rc = VALID_TOO_LONG;
	return finish(rc, &k, out);
}
