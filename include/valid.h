/*
 * Field validators for the application form table.  Each takes the
 * user's UTF-8 text, normalises it (surrounding white space, full-width
 * digits and letters, every dash that means a hyphen) and returns
 * VALID_OK or a negative enum valid_err that the form layer maps to a
 * translated message.  out is reset first; on success it holds the
 * normalised value, on failure it is left empty.
 *
 * In the digit fields (date, postcode, phone) the prolonged sound mark
 * "ー" (and half-width "ｰ") also counts as a hyphen: a Japanese IME in
 * kana mode turns the "-" key into it, and a digit field gives it no
 * other meaning.
 */
#ifndef VALID_H
#define VALID_H

struct buf;

enum valid_err {
	VALID_OK = 0,
	VALID_EMPTY = -1,	 /* nothing but white space */
	VALID_TOO_LONG = -2,	 /* more characters than the field allows */
	VALID_BAD_CHAR = -3,	 /* a character the field never holds */
	VALID_BAD_FORMAT = -4,	 /* right characters, wrong shape or count */
	VALID_BAD_DATE = -5,	 /* no such calendar day (31 Feb, month 13) */
	VALID_OUT_OF_RANGE = -6, /* a real date outside the years allowed */
};

#define VALID_DATE_YEAR_MIN 1900
#define VALID_DATE_YEAR_MAX 2100
#define VALID_NAME_MAX	    40 /* characters in a name field */

int valid_date(const char *, struct buf *, int *, int *, int *);
int valid_age(int, int, int, int, int, int);
int valid_postcode(const char *, struct buf *);
int valid_phone(const char *, struct buf *);
int valid_romaji(const char *, struct buf *);
int valid_katakana_name(const char *, struct buf *);

#endif /* !VALID_H */
