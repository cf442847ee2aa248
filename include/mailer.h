/*
 * corps-mailer: delivers mail_outbox over SMTP (libcurl).  It waits on
 * LISTEN corps_mail_outbox (and polls), takes one due row at a time with
 * FOR UPDATE SKIP LOCKED, sends it and records the outcome in the same
 * transaction: sent; failed for good (5xx, or a row that cannot make a
 * message) with the reason; or due again after an exponential backoff
 * (4xx, no connection).  A mailer killed between the relay's acceptance
 * and its commit leaves that one row pending: it is sent again, with the
 * same Message-ID.
 */
#ifndef MAILER_H
#define MAILER_H

#include <signal.h>
#include <stddef.h>

/* The environment of corps-mailer; see README.md. */
struct mailer_config {
	const char *db;		   /* CORPS_DB */
	const char *smtp_url;	   /* CORPS_SMTP_URL: smtp:// or smtps:// */
	int tls_required;	   /* CORPS_SMTP_TLS=require */
	const char *smtp_cafile;   /* CORPS_SMTP_CAFILE or NULL: the system's */
	const char *smtp_user;	   /* CORPS_SMTP_USER or NULL */
	const char *smtp_password; /* CORPS_SMTP_PASSWORD or NULL */
	const char *from;	   /* CORPS_MAIL_FROM */
	const char *reply_to;	   /* CORPS_MAIL_REPLY_TO or NULL */
	char *base_url;		   /* CORPS_BASE_URL without a final '/' */
	const char *templates;	   /* CORPS_TEMPLATES */
	int poll;		   /* CORPS_MAIL_POLL: seconds */
	int backoff_min;	   /* CORPS_MAIL_BACKOFF_MIN: seconds */
	int backoff_max;	   /* CORPS_MAIL_BACKOFF_MAX: seconds */
	int smtp_timeout;	   /* CORPS_SMTP_TIMEOUT: seconds */
	int give_up_hours;	   /* CORPS_MAIL_GIVE_UP_HOURS */
};

int mailer_config_load(struct mailer_config *, char *, size_t);
void mailer_config_free(struct mailer_config *);
int mailer_run(const struct mailer_config *, volatile sig_atomic_t *);

#endif /* !MAILER_H */
