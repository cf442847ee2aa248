#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <fcgiapp.h>

#include "body.h"
#include "multipart.h"
#include "req.h"
#include "text.h"
#include "urlenc.h"

#define BODY_MAX_FIELD	65536 /* longest non-file multipart part */
#define BODY_MAX_PARTS	128
#define BODY_MAX_HEADER 4096

/*
 * Parses CONTENT_LENGTH strictly: digits only, no sign, no spaces, at
 * most max.  Returns 0 with *len set, 400 if malformed or absent, 413 if
 * over the cap.
 */
static int
content_length(const char *s, size_t max, size_t *len)
{
	size_t v = 0;

	if (s == NULL || *s == '\0' || strlen(s) > 20)
		return 400;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return 400;
		if (v > max)
			return 413;
		v = v * 10 + (size_t)(*s - '0');
	}
	if (v > max)
		return 413;
	*len = v;
	return 0;
}

/* Returns 1 if the media type of ct (before any ';') is type. */
static int
media_is(const char *ct, const char *type)
{
	size_t n = strlen(type);

	return strncasecmp(ct, type, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/*
 * Moves the multipart parts that are not files into r->form, refusing
 * values that are not clean UTF-8.  Returns 0 or 400.
 */
static int
multipart_fields(struct req *r)
{
	const struct mp_part *p;
	const char *v;
	size_t i;

	for (i = 0; i < mp_nparts(r->mp); i++) {
		p = mp_part(r->mp, i);
		if (p->filename != NULL)
			continue;
		v = p->data.ptr == NULL ? "" : p->data.ptr;
		if (strlen(v) != p->data.len ||
		    !text_utf8_valid(v, p->data.len) ||
		    !text_utf8_valid(p->name, strlen(p->name)))
			return 400;
		kv_add(&r->form, p->name, strlen(p->name), v, p->data.len);
	}
	return 0;
}

/* Parses a multipart/form-data body.  Returns 0, 400 or 413. */
static int
multipart(struct req *r, const char *ct, const char *body, size_t len)
{
	struct mp_limits lim;
	char boundary[128];

	if (mp_boundary(ct, boundary, sizeof(boundary)) != 0)
		return 400;
	lim.max_parts = BODY_MAX_PARTS;
	lim.max_header_bytes = BODY_MAX_HEADER;
	lim.max_part_bytes = len;
	lim.max_field_bytes = BODY_MAX_FIELD;
	r->mp = mp_new(boundary, &lim);
	if (mp_feed(r->mp, body, len) != 0 || mp_finish(r->mp) != 0)
		return mp_error(r->mp) == MP_TOO_LARGE ? 413 : 400;
	return multipart_fields(r);
}

/*
 * Reads the whole body (never more than CONTENT_LENGTH) and parses it by
 * its type.  Returns 0, or the status to answer: 400 (malformed or
 * short), 413 (over max) or 415 (a type that no form sends).
 */
int
body_read(struct req *r, size_t max)
{
	const char *ct;
	char *body;
	size_t len;
	int rc, got;

	if ((rc = content_length(FCGX_GetParam("CONTENT_LENGTH", r->fcgi->envp),
				 max, &len)) != 0)
		return rc;
	if ((ct = FCGX_GetParam("CONTENT_TYPE", r->fcgi->envp)) == NULL)
		ct = "";
	if (!media_is(ct, "application/x-www-form-urlencoded") &&
	    !media_is(ct, "multipart/form-data"))
		return 415;
	body = malloc(len + 1);
	if (body == NULL)
		return 413;
	got = len == 0 ? 0 : FCGX_GetStr(body, (int)len, r->fcgi->in);
	if (got < 0 || (size_t)got != len)
		rc = 400;
	else if (media_is(ct, "multipart/form-data"))
		rc = multipart(r, ct, body, len);
	else if (urlenc_parse(body, len, URLENC_STRICT, &r->form) != 0)
		rc = 400;
	free(body);
	return rc;
}
