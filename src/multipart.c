#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "multipart.h"
#include "urlenc.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

enum mp_state {
	ST_START,	/* before the first delimiter: empty lines only */
	ST_START_LF,	/* CR seen there, LF must follow */
	ST_FIRST_DELIM, /* in the first delimiter: nothing to fall back to */
	ST_TAIL,	/* a whole delimiter seen: "--" or CRLF decides */
	ST_TAIL_DASH,
	ST_TAIL_CR,
	ST_HLINE, /* at the start of a header line */
	ST_HNAME,
	ST_HVALUE,
	ST_HVALUE_LF,
	ST_HEND_LF, /* CR of the empty line ending the headers seen */
	ST_DATA,
	ST_EPILOGUE
};

struct mp_parser {
	enum mp_state state;
	enum mp_error err;
	size_t erroff;
	size_t off; /* bytes consumed so far */
	struct mp_limits lim;
	char delim[4 + MP_BOUNDARY_MAX]; /* "\r\n--" boundary */
	size_t dlen;
	size_t mi; /* bytes of delim matched */
	int open;  /* cur is being parsed */
	struct mp_part cur;
	size_t hbytes;	   /* header bytes of cur */
	unsigned int seen; /* bit per hdrs[] entry met in cur */
	struct buf hname, hvalue;
	int (*decode)(struct mp_parser *, unsigned char);
	unsigned long dec_acc; /* decoder state, see b64_byte, qp_byte */
	int dec_n;
	int dec_pad;
	struct mp_part *parts;
	size_t nparts;
};

static int b64_byte(struct mp_parser *, unsigned char);
static int qp_byte(struct mp_parser *, unsigned char);
static int hdr_disposition(struct mp_parser *, const char *);
static int hdr_type(struct mp_parser *, const char *);
static int hdr_cte(struct mp_parser *, const char *);

/* Part headers acted upon; any other is ignored. */
static const struct {
	const char *name;
	int (*fn)(struct mp_parser *, const char *);
} hdrs[] = {
	{ "content-disposition", hdr_disposition },
	{ "content-type", hdr_type },
	{ "content-transfer-encoding", hdr_cte },
};

/* Content-Transfer-Encoding values (RFC 2045 section 6.1). */
static const struct {
	const char *name;
	int (*decode)(struct mp_parser *, unsigned char); /* NULL: as sent */
} ctes[] = {
	{ "7bit", NULL },
	{ "8bit", NULL },
	{ "binary", NULL },
	{ "base64", b64_byte },
	{ "quoted-printable", qp_byte },
};

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Returns 1 if c may be in a token (RFC 9110): names, unquoted values. */
static int
is_tchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* Returns 1 if b (n bytes) is a valid RFC 2046 boundary. */
static int
boundary_ok(const char *b, size_t n)
{
	size_t i;
	unsigned char c;

	if (n == 0 || n > MP_BOUNDARY_MAX || b[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)b[i];
		if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') &&
		    !(c >= 'A' && c <= 'Z') &&
		    (c == '\0' || strchr("'()+_,-./:=? ", c) == NULL))
			return 0;
	}
	return 1;
}

/* Records the first error and where it happened; returns -1. */
static int
fail(struct mp_parser *p, enum mp_error e)
{
	p->err = e;
	p->erroff = p->off;
	return -1;
}

/* Frees what a part owns and empties it. */
static void
part_clear(struct mp_part *part)
{
	free(part->name);
	free(part->filename);
	free(part->content_type);
	buf_free(&part->data);
	memset(part, 0, sizeof(*part));
}

/* Returns s past any spaces and tabs. */
static const char *
skip_ows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/*
 * Appends the token or quoted-string at s to v, undoing backslash
 * escapes.  Returns the first byte after it, or NULL if there is none.
 */
static const char *
param_value(const char *s, struct buf *v)
{
	if (*s != '"') {
		while (is_tchar((unsigned char)*s))
			buf_putc(v, *s++);
		return v->len > 0 ? s : NULL;
	}
	for (s++; *s != '"'; s++) {
		if (*s == '\\')
			s++;
		/* qdtext and quoted-pair: TAB, SP, VCHAR, obs-text */
		if (*s == '\0' || *s == 0x7f ||
		    ((unsigned char)*s < 0x20 && *s != '\t'))
			return NULL;
		buf_putc(v, *s);
	}
	return s + 1;
}

/*
 * Parses *(OWS ";" OWS name "=" value) OWS, as follows a media type or
 * a disposition type, calling fn for each parameter with its name and
 * its value (which fn may detach).  Returns 0, or -1 on a syntax error
 * or if fn returned -1.
 */
static int
params_parse(const char *s, int (*fn)(void *, const char *, struct buf *),
	     void *arg)
{
	struct buf n, v;
	int rc = 0;

	buf_init(&n);
	buf_init(&v);
	while (rc == 0 && *(s = skip_ows(s)) != '\0') {
		buf_reset(&n);
		buf_reset(&v);
		if (*s != ';') {
			rc = -1;
			break;
		}
		for (s = skip_ows(s + 1); is_tchar((unsigned char)*s); s++)
			buf_putc(&n, *s);
		s = skip_ows(s);
		if (n.len == 0 || *s != '=' ||
		    (s = param_value(skip_ows(s + 1), &v)) == NULL)
			rc = -1;
		else
			rc = fn(arg, n.ptr, &v);
	}
	buf_free(&n);
	buf_free(&v);
	return rc;
}

/* params_parse callback: keeps the one boundary parameter in *arg. */
static int
boundary_param(void *arg, const char *name, struct buf *v)
{
	char **b = arg;

	if (strcasecmp(name, "boundary") != 0)
		return 0;
	if (*b != NULL)
		return -1;
	*b = buf_detach(v);
	return 0;
}

/*
 * Copies the boundary of a "multipart/form-data; boundary=..." header
 * value into out.  Returns 0, or -1 if there is no header (ct NULL), the
 * type is another one, the boundary is missing, repeated or invalid, or
 * out is too small.
 */
int
mp_boundary(const char *ct, char *out, size_t outsz)
{
	static const char type[] = "multipart/form-data";
	const char *s;
	char *b = NULL;
	size_t n;
	int rc = -1;

	if (ct == NULL)
		return -1;
	s = skip_ows(ct);
	if (strncasecmp(s, type, sizeof(type) - 1) != 0)
		return -1;
	if (params_parse(s + sizeof(type) - 1, boundary_param, &b) == 0 &&
	    b != NULL && boundary_ok(b, n = strlen(b)) && n < outsz) {
		memcpy(out, b, n + 1);
		rc = 0;
	}
	free(b);
	return rc;
}

/*
 * Makes a parser for a body with this boundary (as mp_boundary gives it)
 * and these limits, copied.  Returns NULL if the boundary is invalid.
 * The caller frees the parser with mp_free.
 */
struct mp_parser *
mp_new(const char *boundary, const struct mp_limits *lim)
{
	struct mp_parser *p;
	size_t n;

	n = strlen(boundary);
	if (!boundary_ok(boundary, n))
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->state = ST_START;
	p->err = MP_OK;
	p->lim = *lim;
	memcpy(p->delim, "\r\n--", 4);
	memcpy(p->delim + 4, boundary, n);
	p->dlen = 4 + n;
	buf_init(&p->hname);
	buf_init(&p->hvalue);
	return p;
}

/* Appends decoded bytes to the current part within its limit; 0 or -1. */
static int
put(struct mp_parser *p, const char *s, size_t n)
{
	size_t max;

	max = p->cur.filename != NULL ? p->lim.max_part_bytes
				      : p->lim.max_field_bytes;
	if (n > max - p->cur.data.len)
		return fail(p, MP_TOO_LARGE);
	buf_append(&p->cur.data, s, n);
	return 0;
}

/* Emits the dec_n - 1 whole bytes held in a base64 quantum of dec_n. */
static int
b64_flush(struct mp_parser *p)
{
	unsigned long a;
	char out[3];

	a = p->dec_acc << (6 * (4 - p->dec_n));
	out[0] = (char)(a >> 16 & 0xff);
	out[1] = (char)(a >> 8 & 0xff);
	out[2] = (char)(a & 0xff);
	return put(p, out, (size_t)p->dec_n - 1);
}

/*
 * Base64 decoder, one byte at a time: dec_n counts the characters of
 * the current quantum, dec_pad says '=' was seen (only '=' to finish the
 * quantum may follow).  Line breaks and blanks are skipped.  0 or -1.
 */
static int
b64_byte(struct mp_parser *p, unsigned char c)
{
	const char *q;

	if (c == '\r' || c == '\n' || c == ' ' || c == '\t')
		return 0;
	if (c == '=' && p->dec_n >= 2) {
		if (!p->dec_pad && b64_flush(p) == -1)
			return -1;
		p->dec_pad = 1;
		p->dec_n = (p->dec_n + 1) % 4;
		return 0;
	}
	if (p->dec_pad || (q = memchr(b64_alphabet, c, 64)) == NULL)
		return fail(p, MP_MALFORMED);
	p->dec_acc = p->dec_acc << 6 | (unsigned long)(q - b64_alphabet);
	if (++p->dec_n < 4)
		return 0;
	if (b64_flush(p) == -1)
		return -1;
	p->dec_n = 0;
	p->dec_acc = 0;
	return 0;
}

/*
 * Quoted-printable decoder, one byte at a time.  dec_n is 0 outside an
 * escape, 1 after '=', 2 after '=' and a hex digit (in dec_acc), 3 after
 * "=\r" (a soft line break).  0 or -1.
 */
static int
qp_byte(struct mp_parser *p, unsigned char c)
{
	int v;
	char out;

	switch (p->dec_n) {
	case 0:
		if (c == '=') {
			p->dec_n = 1;
			return 0;
		}
		out = (char)c;
		return put(p, &out, 1);
	case 1:
		if (c == '\r') {
			p->dec_n = 3;
			return 0;
		}
		if ((v = urlenc_hexval(c)) == -1)
			return fail(p, MP_MALFORMED);
		p->dec_acc = (unsigned long)v;
		p->dec_n = 2;
		return 0;
	case 2:
		if ((v = urlenc_hexval(c)) == -1)
			return fail(p, MP_MALFORMED);
		p->dec_n = 0;
		out = (char)(p->dec_acc << 4 | (unsigned long)v);
		return put(p, &out, 1);
	default:
		if (c != '\n')
			return fail(p, MP_MALFORMED);
		p->dec_n = 0;
		return 0;
	}
}

/* Passes part data through the part's transfer decoding; 0 or -1. */
static int
part_write(struct mp_parser *p, const char *s, size_t n)
{
	size_t i;

	if (p->decode == NULL)
		return put(p, s, n);
	for (i = 0; i < n; i++)
		if (p->decode(p, (unsigned char)s[i]) == -1)
			return -1;
	return 0;
}

/* Checks the decoder ended cleanly and moves cur to parts; 0 or -1. */
static int
end_part(struct mp_parser *p)
{
	if (p->dec_n != 0)
		return fail(p, MP_MALFORMED);
	p->parts = xreallocarray(p->parts, p->nparts + 1, sizeof(*p->parts));
	p->parts[p->nparts++] = p->cur;
	memset(&p->cur, 0, sizeof(p->cur));
	p->open = 0;
	return 0;
}

/* After a delimiter and CRLF: ends the open part, starts the next. */
static int
next_part(struct mp_parser *p)
{
	if (p->open && end_part(p) == -1)
		return -1;
	if (p->nparts >= p->lim.max_parts)
		return fail(p, MP_TOO_LARGE);
	buf_init(&p->cur.data);
	p->open = 1;
	p->hbytes = 0;
	p->seen = 0;
	p->decode = NULL;
	p->dec_acc = 0;
	p->dec_n = p->dec_pad = 0;
	p->state = ST_HLINE;
	return 0;
}

/* After the closing delimiter: ends the open part, ignores the rest. */
static int
close_body(struct mp_parser *p)
{
	if (p->open && end_part(p) == -1)
		return -1;
	p->state = ST_EPILOGUE;
	return 0;
}

/*
 * One byte of part data.  Only delim[0] is a CR and the boundary holds
 * none, so when a partial match fails no later start of a match hides
 * in the matched bytes: they are data, and the failing byte may start
 * a match only if it is a CR.  0 or -1.
 */
static int
data_byte(struct mp_parser *p, unsigned char c)
{
	char out;

	if (p->mi > 0) {
		if (c == (unsigned char)p->delim[p->mi]) {
			if (++p->mi == p->dlen)
				p->state = ST_TAIL;
			return 0;
		}
		if (part_write(p, p->delim, p->mi) == -1)
			return -1;
		p->mi = 0;
	}
	if (c == '\r') {
		p->mi = 1;
		return 0;
	}
	out = (char)c;
	return part_write(p, &out, 1);
}

/*
 * A whole delimiter followed by seen (n bytes) and c, which is neither
 * "--" nor CRLF: inside a part that is data.  The first delimiter has no
 * part to fall back to.  0 or -1.
 */
static int
not_delim(struct mp_parser *p, const char *seen, size_t n, unsigned char c)
{
	if (!p->open)
		return fail(p, MP_MALFORMED);
	if (part_write(p, p->delim, p->dlen) == -1 ||
	    part_write(p, seen, n) == -1)
		return -1;
	p->state = ST_DATA;
	p->mi = 0;
	return data_byte(p, c);
}

/* params_parse callback: keeps name and filename, once each, in *arg. */
static int
disp_param(void *arg, const char *name, struct buf *v)
{
	struct mp_part *part = arg;
	char **slot;

	if (strcasecmp(name, "name") == 0)
		slot = &part->name;
	else if (strcasecmp(name, "filename") == 0)
		slot = &part->filename;
	else
		return 0;
	if (*slot != NULL)
		return -1;
	*slot = buf_detach(v);
	return 0;
}

/* Content-Disposition: "form-data" and its parameters; 0 or -1. */
static int
hdr_disposition(struct mp_parser *p, const char *v)
{
	size_t n;

	n = strcspn(v, " \t;");
	if (n != 9 || strncasecmp(v, "form-data", 9) != 0)
		return -1;
	return params_parse(v + n, disp_param, &p->cur);
}

/* Content-Type: kept as sent. */
static int
hdr_type(struct mp_parser *p, const char *v)
{
	p->cur.content_type = xstrdup(v);
	return 0;
}

/* Content-Transfer-Encoding: picks the decoder; -1 if unknown. */
static int
hdr_cte(struct mp_parser *p, const char *v)
{
	size_t i;

	for (i = 0; i < NITEMS(ctes); i++)
		if (strcasecmp(v, ctes[i].name) == 0) {
			p->decode = ctes[i].decode;
			return 0;
		}
	return -1;
}

/* Acts on the header line in hname and hvalue; 0 or -1. */
static int
header_line(struct mp_parser *p)
{
	struct buf *v = &p->hvalue;
	size_t i;

	while (v->len > 0 &&
	       (v->ptr[v->len - 1] == ' ' || v->ptr[v->len - 1] == '\t'))
		v->len--;
	buf_append(v, "", 0); /* terminates, and allocates if empty */
	for (i = 0; i < NITEMS(hdrs); i++) {
		if (strcasecmp(p->hname.ptr, hdrs[i].name) != 0)
			continue;
		if ((p->seen & (1u << i)) != 0 || hdrs[i].fn(p, v->ptr) == -1)
			return fail(p, MP_MALFORMED);
		p->seen |= 1u << i;
	}
	return 0;
}

/* One byte of a header name; 0 or -1. */
static int
hname_byte(struct mp_parser *p, unsigned char c)
{
	if (c == ':' && p->hname.len > 0) {
		p->state = ST_HVALUE;
		return 0;
	}
	if (!is_tchar(c))
		return fail(p, MP_MALFORMED);
	buf_putc(&p->hname, (char)c);
	return 0;
}

/* One byte of a part's header block; 0 or -1. */
static int
header_byte(struct mp_parser *p, unsigned char c)
{
	if (++p->hbytes > p->lim.max_header_bytes)
		return fail(p, MP_TOO_LARGE);
	switch (p->state) {
	case ST_HLINE:
		if (c == '\r') {
			p->state = ST_HEND_LF;
			return 0;
		}
		buf_reset(&p->hname);
		buf_reset(&p->hvalue);
		p->state = ST_HNAME;
		return hname_byte(p, c);
	case ST_HNAME:
		return hname_byte(p, c);
	case ST_HVALUE:
		if (c == '\r')
			p->state = ST_HVALUE_LF;
		else if ((c < 0x20 && c != '\t') || c == 0x7f)
			return fail(p, MP_MALFORMED);
		else if (p->hvalue.len > 0 || (c != ' ' && c != '\t'))
			buf_putc(&p->hvalue, (char)c);
		return 0;
	case ST_HVALUE_LF:
		if (c != '\n')
			return fail(p, MP_MALFORMED);
		p->state = ST_HLINE;
		return header_line(p);
	default: /* ST_HEND_LF */
		if (c != '\n' || p->cur.name == NULL || p->cur.name[0] == '\0')
			return fail(p, MP_MALFORMED);
		p->state = ST_DATA;
		p->mi = 0;
		return 0;
	}
}

/* Consumes one byte outside the bulk data path of mp_feed; 0 or -1. */
static int
step(struct mp_parser *p, unsigned char c)
{
	switch (p->state) {
	case ST_START:
		if (c == '\r')
			p->state = ST_START_LF;
		else if (c == '-') {
			p->mi = 3; /* the CRLF is implied, "-" matched */
			p->state = ST_FIRST_DELIM;
		} else
			return fail(p, MP_MALFORMED);
		return 0;
	case ST_START_LF:
		if (c != '\n')
			return fail(p, MP_MALFORMED);
		p->state = ST_START;
		return 0;
	case ST_FIRST_DELIM:
		if (c != (unsigned char)p->delim[p->mi])
			return fail(p, MP_MALFORMED);
		if (++p->mi == p->dlen)
			p->state = ST_TAIL;
		return 0;
	case ST_TAIL:
		if (c == '-')
			p->state = ST_TAIL_DASH;
		else if (c == '\r')
			p->state = ST_TAIL_CR;
		else
			return not_delim(p, "", 0, c);
		return 0;
	case ST_TAIL_DASH:
		return c == '-' ? close_body(p) : not_delim(p, "-", 1, c);
	case ST_TAIL_CR:
		return c == '\n' ? next_part(p) : not_delim(p, "\r", 1, c);
	case ST_DATA:
		return data_byte(p, c);
	case ST_EPILOGUE:
		return 0;
	default:
		return header_byte(p, c);
	}
}

/*
 * Parses the next len bytes of the body.  Returns 0, or -1 once the body
 * is malformed or over a limit (see mp_error).
 */
int
mp_feed(struct mp_parser *p, const char *chunk, size_t len)
{
	const char *cr;
	size_t i, run;

	if (p->err != MP_OK)
		return -1;
	for (i = 0; i < len; i += run, p->off += run) {
		run = 1;
		if (p->state == ST_DATA && p->mi == 0) {
			/* Only a CR may begin a delimiter: copy up to it. */
			cr = memchr(chunk + i, '\r', len - i);
			run = cr == NULL ? len - i : (size_t)(cr - chunk) - i;
			if (run > 0) {
				if (part_write(p, chunk + i, run) == -1)
					return -1;
				continue;
			}
			run = 1;
		}
		if (step(p, (unsigned char)chunk[i]) == -1)
			return -1;
	}
	return 0;
}

/*
 * Ends the body.  Returns 0, or -1 if an error happened earlier or the
 * closing delimiter was never seen (then mp_error is MP_MALFORMED).
 */
int
mp_finish(struct mp_parser *p)
{
	if (p->err != MP_OK)
		return -1;
	if (p->state != ST_EPILOGUE)
		return fail(p, MP_MALFORMED);
	return 0;
}

/* Returns how many parts were completely parsed. */
size_t
mp_nparts(const struct mp_parser *p)
{
	return p->nparts;
}

/* Returns part i (owned by the parser), or NULL past the last one. */
const struct mp_part *
mp_part(const struct mp_parser *p, size_t i)
{
	return i < p->nparts ? &p->parts[i] : NULL;
}

/* Returns why mp_feed or mp_finish failed, or MP_OK. */
enum mp_error
mp_error(const struct mp_parser *p)
{
	return p->err;
}

/*
 * Returns the body offset of the byte refused, for the log.  For an
 * error in part data it may be the start of the run of data fed at once
 * that held the bad byte; after mp_finish failed, the body length.
 */
size_t
mp_error_offset(const struct mp_parser *p)
{
	return p->erroff;
}

/* Frees the parser and all its parts. */
void
mp_free(struct mp_parser *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nparts; i++)
		part_clear(&p->parts[i]);
	free(p->parts);
	part_clear(&p->cur);
	buf_free(&p->hname);
	buf_free(&p->hvalue);
	free(p);
}
