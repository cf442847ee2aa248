/*
 * application/x-www-form-urlencoded parsing, as the WHATWG URL Standard's
 * "application/x-www-form-urlencoded parser" does it: split on '&', skip
 * empty sequences, split each at its first '=', turn '+' into a space and
 * percent-decode ("%" not followed by two hex digits stays literal).
 *
 * URLENC_LENIENT is exactly WHATWG: invalid UTF-8 becomes U+FFFD (one per
 * maximal subpart, as the Encoding Standard's UTF-8 decoder does).
 *
 * URLENC_STRICT is what the application uses on request bodies and query
 * strings.  Browsers always send valid UTF-8, so invalid bytes mean a
 * hostile or broken client: the whole input is refused rather than stored
 * with replacement characters.  It also refuses any C0 control but TAB, LF
 * and CR (NUL included), and more than URLENC_MAX_PAIRS pairs.
 */
#ifndef URLENC_H
#define URLENC_H

#include <stddef.h>

#include "kv.h"

#define URLENC_MAX_PAIRS 1000

enum urlenc_mode { URLENC_LENIENT, URLENC_STRICT };

struct buf;

int urlenc_parse(const char *, size_t, enum urlenc_mode, struct kvlist *);
void urlenc_encode(struct buf *, const char *);
void urlenc_add(struct buf *, const char *, const char *);
int urlenc_hexval(unsigned char);

#endif /* !URLENC_H */
