/*
 * E-mail messages: one RFC 5322 message (headers and a text/plain body)
 * from one outbox row.  See mail.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>
#include <sodium.h>

#include "buf.h"
#include "jst.h"
#include "mail.h"
#include "tmpl.h"

#define ID_HASHLEN 16 /* bytes of the Message-ID's keyed hash */

const char *const mail_kinds[MAIL_KIND__MAX] = {
	[MAIL_RECEIPT] = "receipt",
	[MAIL_STATUS_CHANGED] = "status_changed",
	[MAIL_LOST_LINK] = "lost_link",
	[MAIL_NOMINATION_MESSAGE] = "nomination_message",
	[MAIL_NOMINATION_DECISION] = "nomination_decision",
	[MAIL_TRAINING_INVITATION] = "training_invitation",
	[MAIL_TRAINING_REMINDER] = "training_reminder",
	[MAIL_TRAINING_CANCELLED] = "training_cancelled",
	[MAIL_ASSIGNMENT_INQUIRY] = "assignment_inquiry",
	[MAIL_ASSIGNMENT_ENDED] = "assignment_ended",
};

/*
 * Compiles templates/mail/<kind>.mustache into *t: NULL when the file is
 * absent (rows of that kind then fail with that reason).  Returns 0, or
 * -1 with a message in err for a template that does not compile.
 */
static int
load_body(const char *dir, const char *kind, struct tmpl **t, char *err,
	  size_t errsz)
{
	char path[4096], msg[256];
	struct buf src;
	int rc = 0;

	*t = NULL;
	snprintf(path, sizeof(path), "%s/mail/%s.mustache", dir, kind);
	buf_init(&src);
	if (buf_read_file(&src, path) != 0)
		goto done;
	if ((*t = tmpl_compile(src.ptr == NULL ? "" : src.ptr, src.len, msg,
			       sizeof(msg))) == NULL) {
		snprintf(err, errsz, "%s: %s", path, msg);
		rc = -1;
	}
done:
	buf_free(&src);
	return rc;
}

/*
 * Loads the catalogs and the mail templates from the templates directory
 * dir into m (whose other members the caller sets).  Returns 0, or -1
 * with a message in err; mail_free releases either way.
 */
int
mail_load(struct mail *m, const char *dir, char *err, size_t errsz)
{
	size_t k;

	if (i18n_load(&m->i18n, dir, err, errsz) != 0)
		return -1;
	for (k = 0; k < MAIL_KIND__MAX; k++)
		if (load_body(dir, mail_kinds[k], &m->body[k], err, errsz) != 0)
			return -1;
	return 0;
}

void
mail_free(struct mail *m)
{
	size_t k;

	for (k = 0; k < MAIL_KIND__MAX; k++) {
		tmpl_free(m->body[k]);
		m->body[k] = NULL;
	}
	i18n_free(&m->i18n);
}

/* Returns whether s holds a CR or an LF (a header injection). */
static int
has_break(const char *s)
{
	return strpbrk(s, "\r\n") != NULL;
}

/*
 * Copies the bare address of an address field ("Name <a@b>" or "a@b")
 * into out.  Returns 0, or -1 unless it is printable ASCII without
 * spaces, with exactly one '@' not at either end.
 */
int
mail_address(const char *field, char *out, size_t outsz)
{
	const char *s = field, *e, *at;
	size_t i, len;

	if ((e = strrchr(field, '<')) != NULL) {
		s = e + 1;
		if ((e = strchr(s, '>')) == NULL || e[1] != '\0')
			return -1;
	} else
		e = field + strlen(field);
	len = (size_t)(e - s);
	for (i = 0; i < len; i++)
		if (s[i] <= ' ' || s[i] > '~' || s[i] == '<' || s[i] == '>')
			return -1;
	at = memchr(s, '@', len);
	if (at == NULL || at == s || at == e - 1 ||
	    memchr(at + 1, '@', (size_t)(e - at - 1)) != NULL || len >= outsz)
		return -1;
	memcpy(out, s, len);
	out[len] = '\0';
	return 0;
}

/* Appends "Date: ..." for now in Japan time (RFC 5322 3.3). */
static void
put_date(struct buf *out, time_t now)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
					    "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
					      "May", "Jun", "Jul", "Aug",
					      "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	jst_at(now, &tm);
	buf_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0900\r\n",
		   days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		   tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/*
 * Returns how many bytes of s (len) go into one encoded-word: at most
 * MAIL_WORD_BYTES, never ending inside a UTF-8 sequence.
 */
static size_t
word_bytes(const unsigned char *s, size_t len)
{
	size_t n;

	if (len <= MAIL_WORD_BYTES)
		return len;
	n = MAIL_WORD_BYTES;
	while (n > 0 && (s[n] & 0xC0) == 0x80)
		n--;
	return n > 0 ? n : MAIL_WORD_BYTES;
}

/*
 * Appends "Subject: " and s as UTF-8 base64 encoded-words (RFC 2047) of
 * at most 64 characters, one per line, folded with CRLF and a space, so
 * that no line exceeds 76 characters.  Always encoded, so that a subject
 * that looks like an encoded-word reads as itself.
 */
void
mail_encode_subject(struct buf *out, const char *s, size_t len)
{
	char b64[sodium_base64_ENCODED_LEN(MAIL_WORD_BYTES,
					   sodium_base64_VARIANT_ORIGINAL)];
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	buf_puts(out, "Subject:");
	do {
		n = word_bytes(p, len);
		sodium_bin2base64(b64, sizeof(b64), p, n,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_printf(out, "%s=?UTF-8?B?%s?=",
			   p == (const void *)s ? " " : "\r\n ", b64);
		p += n;
		len -= n;
	} while (len > 0);
	buf_puts(out, "\r\n");
}

/*
 * Appends the row's Message-ID, <corps.outbox.ID.HASH@DOMAIN>: the same
 * for every attempt at one row (a relay that saw it can drop a resend),
 * unguessable from the id alone (HASH is keyed by m->id_key), DOMAIN
 * that of CORPS_MAIL_FROM.
 */
void
mail_message_id(const struct mail *m, const char *id, struct buf *out)
{
	unsigned char h[ID_HASHLEN];
	char hex[2 * ID_HASHLEN + 1], from[256];
	const char *domain;

	crypto_generichash(h, sizeof(h), (const unsigned char *)id, strlen(id),
			   m->id_key, sizeof(m->id_key));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	domain = mail_address(m->from, from, sizeof(from)) == 0
		     ? strchr(from, '@') + 1
		     : "localhost";
	buf_printf(out, "<corps.outbox.%s.%s@%s>", id, hex, domain);
}

/* Adds a string member "name" = a + b to obj. */
static void
add_joined(struct json_object *obj, const char *name, const char *a,
	   const char *b)
{
	struct buf s;

	buf_init(&s);
	buf_printf(&s, "%s%s", a, b);
	json_object_object_add(obj, name,
			       json_object_new_string_len(s.ptr, (int)s.len));
	buf_free(&s);
}

/*
 * Returns the templates' context for a row in language l (see mail.h),
 * or NULL when data is not a JSON object.  The caller puts it.
 */
static struct json_object *
row_context(const struct mail *m, const struct mail_row *row, enum lang l)
{
	struct json_object *ctx, *v;
	char key[64];

	ctx = json_tokener_parse(row->data);
	if (!json_object_is_type(ctx, json_type_object)) {
		json_object_put(ctx);
		return NULL;
	}
	json_object_object_add(ctx, "t", json_object_get(m->i18n.cat[l]));
	add_joined(ctx, "site_url", m->base_url, "/");
	if (json_object_object_get_ex(ctx, "link_path", &v))
		add_joined(ctx, "link", m->base_url, json_object_get_string(v));
	if (json_object_object_get_ex(ctx, "status", &v)) {
		snprintf(key, sizeof(key), "status_%s",
			 json_object_get_string(v));
		json_object_object_add(
		    ctx, "status_text",
		    json_object_new_string(i18n_text(&m->i18n, l, key)));
	}
	return ctx;
}

/*
 * Renders the subject of kind k (the catalog's mail_<kind>_subject as a
 * template) into out.  Returns 0, or -1 with the reason in err.
 */
static int
render_subject(const struct mail *m, enum mail_kind k, enum lang l,
	       struct json_object *ctx, struct buf *out, char *err,
	       size_t errsz)
{
	char key[64], msg[128];
	const char *src;
	struct tmpl *t;

	snprintf(key, sizeof(key), "mail_%s_subject", mail_kinds[k]);
	src = i18n_text(&m->i18n, l, key);
	if ((t = tmpl_compile(src, strlen(src), msg, sizeof(msg))) == NULL) {
		snprintf(err, errsz, "%s: %s", key, msg);
		return -1;
	}
	tmpl_render_text(t, ctx, NULL, NULL, out);
	tmpl_free(t);
	if (out->len == 0 || has_break(out->ptr)) {
		snprintf(err, errsz, "%s: empty or broken across lines", key);
		return -1;
	}
	return 0;
}

/*
 * Appends the body text with CRLF line ends, ending in one.  Returns 0,
 * or -1 when a line is longer than MAIL_LINE_MAX octets or holds a CR.
 */
static int
put_body(struct buf *out, const char *s, size_t len)
{
	const char *nl;
	size_t n;

	while (len > 0) {
		nl = memchr(s, '\n', len);
		n = nl == NULL ? len : (size_t)(nl - s);
		if (n > MAIL_LINE_MAX || memchr(s, '\r', n) != NULL)
			return -1;
		buf_append(out, s, n);
		buf_puts(out, "\r\n");
		n += nl != NULL;
		s += n;
		len -= n;
	}
	return 0;
}

/* Appends every header but Subject.  Returns 0, or -1 with err set. */
static int
put_headers(const struct mail *m, const struct mail_row *row, time_t now,
	    struct buf *out, char *err, size_t errsz)
{
	char addr[256];

	if (has_break(row->recipient) ||
	    mail_address(row->recipient, addr, sizeof(addr)) != 0 ||
	    strcmp(addr, row->recipient) != 0) {
		snprintf(err, errsz, "recipient refused as a header");
		return -1;
	}
	put_date(out, now);
	buf_printf(out, "From: %s\r\n", m->from);
	if (m->reply_to != NULL)
		buf_printf(out, "Reply-To: %s\r\n", m->reply_to);
	buf_printf(out, "To: %s\r\nMessage-ID: ", row->recipient);
	mail_message_id(m, row->id, out);
	buf_puts(out, "\r\nMIME-Version: 1.0\r\n"
		      "Content-Type: text/plain; charset=UTF-8\r\n"
		      "Content-Transfer-Encoding: 8bit\r\n");
	return 0;
}

/* Returns the kind named s, or MAIL_KIND__MAX. */
static enum mail_kind
kind_of(const char *s)
{
	size_t k;

	for (k = 0; k < MAIL_KIND__MAX; k++)
		if (strcmp(s, mail_kinds[k]) == 0)
			break;
	return (enum mail_kind)k;
}

/*
 * Builds the message of row, dated now, into out.  Returns 0, or -1 with
 * the reason (no personal data) in err: the row cannot be sent as it is
 * and fails for good.
 */
int
mail_build(const struct mail *m, const struct mail_row *row, time_t now,
	   struct buf *out, char *err, size_t errsz)
{
	struct json_object *ctx = NULL;
	struct buf text;
	enum mail_kind k = kind_of(row->kind);
	enum lang l;
	int rc = -1;

	buf_init(&text);
	if (k == MAIL_KIND__MAX || m->body[k] == NULL) {
		snprintf(err, errsz, "no template for this kind");
		goto done;
	}
	if (i18n_lang(row->lang, &l) != 0 ||
	    (ctx = row_context(m, row, l)) == NULL) {
		snprintf(err, errsz, "bad language or data");
		goto done;
	}
	if (put_headers(m, row, now, out, err, errsz) != 0 ||
	    render_subject(m, k, l, ctx, &text, err, errsz) != 0)
		goto done;
	mail_encode_subject(out, text.ptr, text.len);
	buf_puts(out, "\r\n");
	buf_reset(&text);
	tmpl_render_text(m->body[k], ctx, NULL, NULL, &text);
	if (put_body(out, text.ptr, text.len) != 0) {
		snprintf(err, errsz, "body line too long or holds a CR");
		goto done;
	}
	rc = 0;
done:
	json_object_put(ctx);
	buf_free(&text);
	return rc;
}
