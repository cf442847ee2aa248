/*
 * Streaming multipart/form-data parser (RFC 7578 over RFC 2046), for the
 * application form's upload.  Feed the body in chunks of any size, down
 * to one byte: a delimiter split across chunks is matched all the same,
 * and a near-delimiter ("\r\n--boundarX", a delimiter followed by neither
 * "--" nor CRLF) is kept as part data.
 *
 * Policy, chosen to agree with python-multipart's test suite:
 * - Before the first delimiter only empty lines (CRLF) are accepted; any
 *   other preamble is refused.  The epilogue after the closing delimiter
 *   is ignored.  Transport padding after a delimiter is not accepted.
 * - Part headers are "name: value" lines ending in CRLF.  Header names
 *   must be RFC 9110 tokens; a value may not hold CR, LF or any other
 *   control but TAB.  Folded lines are refused.  Header names compare
 *   case-insensitively; unknown headers are ignored.
 * - Content-Disposition must be "form-data" with a non-empty name
 *   parameter; name and filename are tokens or quoted strings (backslash
 *   escapes undone).  A part with a filename parameter, even an empty
 *   one, is a file; other parts are fields.  filename* is ignored, as
 *   RFC 7578 section 4.2 says senders must not use it.
 * - Content-Transfer-Encoding (deprecated by RFC 7578, but in the test
 *   suite) base64 and quoted-printable is decoded; 7bit, 8bit and binary
 *   are kept as sent; any other value is refused.
 * - Limits count decoded bytes.  Exceeding one is MP_TOO_LARGE; anything
 *   else wrong is MP_MALFORMED.  Errors are sticky.
 */
#ifndef MULTIPART_H
#define MULTIPART_H

#include <stddef.h>

#include "buf.h"

#define MP_BOUNDARY_MAX 70 /* RFC 2046 section 5.1.1 */

enum mp_error {
	MP_OK,
	MP_MALFORMED, /* answer 400 */
	MP_TOO_LARGE  /* answer 413 */
};

struct mp_limits {
	size_t max_parts;
	size_t max_header_bytes; /* one part's header block */
	size_t max_part_bytes;	 /* data of a part with a filename */
	size_t max_field_bytes;	 /* data of a part without one */
};

struct mp_part {
	char *name;
	char *filename;	    /* NULL if none */
	char *content_type; /* NULL if none; value as sent */
	struct buf data;    /* may hold NUL bytes */
};

struct mp_parser;

int mp_boundary(const char *, char *, size_t);
struct mp_parser *mp_new(const char *, const struct mp_limits *);
int mp_feed(struct mp_parser *, const char *, size_t);
int mp_finish(struct mp_parser *);
size_t mp_nparts(const struct mp_parser *);
const struct mp_part *mp_part(const struct mp_parser *, size_t);
enum mp_error mp_error(const struct mp_parser *);
size_t mp_error_offset(const struct mp_parser *);
void mp_free(struct mp_parser *);

#endif /* !MULTIPART_H */
