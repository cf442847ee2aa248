/*
 * The admin pages (page_admin_*.c): staff accounts, ministries and the
 * audit log; and the ministries as every form's options (ministry.c).
 */
#ifndef STMT_ADMIN_H
#define STMT_ADMIN_H

#include "stmt.h"

enum stmt_admin_id {
	STMT_ADMIN_MINISTRY_LIST,
	STMT_ADMIN_STAFF_LIST,
	STMT_ADMIN_STAFF_GET,
	STMT_ADMIN_MINISTRY_ACCOUNTS,
	STMT_ADMIN_MINISTRY_GET,
	STMT_ADMIN_MINISTRY_LOCK,
	STMT_ADMIN_MINISTRY_TAKEN,
	STMT_ADMIN_MINISTRY_ADD,
	STMT_ADMIN_MINISTRY_EDIT,
	STMT_ADMIN_AUDIT_LIST,
	STMT_ADMIN_MAIL_COUNTS,
	STMT_ADMIN_MAIL_LIST,
	STMT_ADMIN_MAIL_GET,
	STMT_ADMIN_MAIL_RESEND,
	STMT_ADMIN__MAX
};

/*
 * The columns of STMT_ADMIN_MINISTRY_LIST;
 * STMT_ADMIN_MINISTRY_ACCOUNTS adds AMC_ACCOUNTS.
 */
enum admin_ministry_col {
	AMC_CODE,
	AMC_NAME_JA,
	AMC_NAME_EN,
	AMC_ACCOUNTS,
	AMC__MAX,
};

/* The columns of STMT_ADMIN_STAFF_LIST. */
enum admin_staff_col {
	ASL_LOGIN,
	ASL_ROLE,
	ASL_MINISTRY,
	ASL_MINISTRY_JA,
	ASL_MINISTRY_EN,
	ASL_DISABLED,
	ASL_CREATED,
	ASL_EMAIL,
	ASL__MAX,
};

/* The parameters of STMT_ADMIN_MINISTRY_TAKEN. */
enum admin_taken_param {
	ATP_CODE,
	ATP_NAME_JA,
	ATP_NAME_EN,
	ATP_EXCEPT,
	ATP__MAX,
};

/* The parameters of STMT_ADMIN_AUDIT_LIST. */
enum admin_audit_param {
	AAP_LOGIN,
	AAP_ACTION,
	AAP_FROM,
	AAP_TO,
	AAP_CURSOR,
	AAP__MAX,
};

/* STMT_ADMIN_AUDIT_LIST's columns: id, then the shown ones. */
#define ADMIN_AUDIT_COLS 9

/*
 * The columns of STMT_ADMIN_MAIL_COUNTS: the states' counts, then 't'
 * when sent is an estimate.
 */
enum admin_mail_count_col {
	AMN_PENDING,
	AMN_SENT,
	AMN_FAILED,
	AMN_ESTIMATED,
	AMN__MAX,
};

/* The parameters of STMT_ADMIN_MAIL_LIST. */
enum admin_mail_param {
	AMLP_STATE,
	AMLP_CURSOR,
	AMLP__MAX,
};

/* The columns of STMT_ADMIN_MAIL_LIST: never a row's data. */
enum admin_mail_col {
	AML_ID,
	AML_KIND,
	AML_RECIPIENT,
	AML_STATE,
	AML_CREATED,
	AML_ATTEMPTS,
	AML_NEXT_ATTEMPT,
	AML_SENT,
	AML_LAST_ERROR,
	AML__MAX,
};

extern const struct stmt_def stmt_admin[STMT_ADMIN__MAX];

#endif /* !STMT_ADMIN_H */
