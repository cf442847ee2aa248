/*
 * Text normalisation for form input typed on Japanese phones and IMEs:
 * full-width ASCII, half-width katakana, hiragana where katakana is
 * wanted, and the many dashes that stand for a hyphen.
 *
 * Every function reads UTF-8 and appends valid UTF-8 to a struct buf:
 * an ill-formed sequence becomes one U+FFFD per maximal subpart (the
 * Unicode "best practice"), so output may be stored and echoed safely.
 * After a call out->ptr is a NUL-terminated string even when nothing
 * was appended.  Inputs are C strings: a value that may hold NUL (a
 * decoded form field) must be refused by comparing its length with
 * strlen() first, as the form layer does.
 */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>

struct buf;

int text_utf8_valid(const char *, size_t);
size_t text_utf8_len(const char *);
void text_trim(const char *, struct buf *);
void text_halfwidth(const char *, struct buf *);
void text_code(const char *, struct buf *);
void text_katakana(const char *, struct buf *);
int text_is_katakana(const char *);
void text_fold(const char *, struct buf *);
int text_has_control(const char *);

#endif /* !TEXT_H */
