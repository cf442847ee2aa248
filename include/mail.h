/*
 * E-mail messages (issue 13): builds one RFC 5322 message from a row of
 * mail_outbox.  The body of kind K is templates/mail/K.mustache and its
 * subject the catalog key mail_K_subject, both rendered as plain text
 * (no HTML escaping) over the row's data, the recipient language's
 * catalog (t), link (CORPS_BASE_URL + data.link_path), site_url and
 * status_text.  The subject is encoded per RFC 2047; the body is UTF-8
 * text/plain sent as 8bit with CRLF line ends.
 */
#ifndef MAIL_H
#define MAIL_H

#include <stddef.h>
#include <time.h>

#include "i18n.h"

struct buf;
struct tmpl;

enum mail_kind {
	MAIL_RECEIPT,
	MAIL_STATUS_CHANGED,
	MAIL_LOST_LINK,
	MAIL_NOMINATION_MESSAGE,
	MAIL_NOMINATION_DECISION,
	MAIL_TRAINING_INVITATION,
	MAIL_TRAINING_REMINDER,
	MAIL_TRAINING_CANCELLED,
	MAIL_ASSIGNMENT_INQUIRY,
	MAIL_ASSIGNMENT_ENDED,
	MAIL_KIND__MAX
};

#define MAIL_ID_KEYLEN	32  /* the Message-ID's hash key */
#define MAIL_WORD_BYTES 39  /* UTF-8 bytes in one encoded-word at most */
#define MAIL_LINE_MAX	998 /* octets in a line, without CRLF (RFC 5322) */

/* What every message of one mailer shares; filled by mail_load. */
struct mail {
	const char *from;     /* CORPS_MAIL_FROM: "Name <a@b>" or "a@b" */
	const char *reply_to; /* CORPS_MAIL_REPLY_TO or NULL */
	const char *base_url; /* CORPS_BASE_URL, without a trailing slash */
	unsigned char id_key[MAIL_ID_KEYLEN];
	struct i18n i18n;
	struct tmpl *body[MAIL_KIND__MAX]; /* NULL: the kind has no template */
};

/* One outbox row, as text (libpq's). */
struct mail_row {
	const char *id;
	const char *kind;
	const char *lang;
	const char *recipient;
	const char *data; /* a JSON object */
};

extern const char *const mail_kinds[MAIL_KIND__MAX];

int mail_load(struct mail *, const char *, char *, size_t);
void mail_free(struct mail *);
int mail_build(const struct mail *, const struct mail_row *, time_t,
	       struct buf *, char *, size_t);
int mail_address(const char *, char *, size_t);
void mail_encode_subject(struct buf *, const char *, size_t);
void mail_message_id(const struct mail *, const char *, struct buf *);

#endif /* !MAIL_H */
