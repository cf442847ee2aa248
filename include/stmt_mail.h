/*
 * The mailer's statements (mailer.c): its key, the queue of mail_outbox
 * and what became of a row.  corps-mailer runs them as corps_mailer.
 */
#ifndef STMT_MAIL_H
#define STMT_MAIL_H

#include "stmt.h"

enum stmt_mail_id {
	STMT_MAIL_KEY,
	STMT_MAIL_TAKE,
	STMT_MAIL_SENT,
	STMT_MAIL_RETRY,
	STMT_MAIL_FAILED,
	STMT_MAIL_NEXT_DUE,
	STMT_MAIL__MAX
};

/* The columns of STMT_MAIL_TAKE. */
enum mail_take_col {
	MTC_ID,
	MTC_KIND,
	MTC_LANG,
	MTC_RECIPIENT,
	MTC_DATA,
	MTC_AGE, /* seconds since it was queued */
	MTC__MAX
};

/* The parameters of STMT_MAIL_RETRY (STMT_MAIL_FAILED: the first two). */
enum mail_retry_param {
	MRP_ID,
	MRP_ERROR,
	MRP_BACKOFF_MIN, /* seconds */
	MRP_BACKOFF_MAX,
	MRP__MAX
};

extern const struct stmt_def stmt_mail[STMT_MAIL__MAX];

#endif /* !STMT_MAIL_H */
