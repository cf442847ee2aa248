/*
 * Staff accounts (staff.c, page_login.c, session.c, admin_user.c,
 * page_admin_users.c), their sessions, the sign-in throttle and the
 * audit log's insert (audit.c).
 */
#ifndef STMT_STAFF_H
#define STMT_STAFF_H

#include "stmt.h"

enum stmt_staff_id {
	STMT_STAFF_ADD,
	STMT_STAFF_BY_LOGIN,
	STMT_STAFF_DISABLE,
	STMT_STAFF_ENABLE,
	STMT_STAFF_PASSWD,
	STMT_STAFF_REHASH,
	STMT_STAFF_SESSION_INSERT,
	STMT_STAFF_SESSION_LOAD,
	STMT_STAFF_SESSION_DELETE,
	STMT_STAFF_THROTTLE_LOCK,
	STMT_STAFF_THROTTLE_FAIL,
	STMT_STAFF_THROTTLE_CLEAR,
	STMT_STAFF_AUDIT_INSERT,
	STMT_STAFF__MAX
};

/*
 * The parameters of STMT_STAFF_ADD: the e-mail address may be empty (none),
 * the language is ja or en.
 */
enum staff_add_param {
	SAD_LOGIN,
	SAD_ROLE,
	SAD_MINISTRY,
	SAD_HASH,
	SAD_EMAIL,
	SAD_LANG,
	SAD__MAX,
};

/* The parameters of STMT_STAFF_AUDIT_INSERT. */
enum staff_audit_param {
	SAP_ACCOUNT,
	SAP_LOGIN,
	SAP_ACTION,
	SAP_OBJECT_TYPE,
	SAP_OBJECT_ID,
	SAP_CLIENT_ADDR,
	SAP_BEFORE,
	SAP_AFTER,
	SAP__MAX,
};

/* The columns of STMT_STAFF_BY_LOGIN. */
enum staff_login_col {
	SLC_ID,
	SLC_HASH,
	SLC_ROLE,
	SLC_MINISTRY,
	SLC_DISABLED,
	SLC__MAX,
};

/* The parameters of STMT_STAFF_SESSION_INSERT. */
enum staff_session_param {
	SSP_TOKEN_HASH,
	SSP_ACCOUNT,
	SSP_CLIENT_ADDR,
	SSP_IDLE,
	SSP_MAX_AGE,
	SSP__MAX,
};

/* The columns of STMT_STAFF_SESSION_LOAD. */
enum staff_session_col {
	SSC_ID,
	SSC_LOGIN,
	SSC_ROLE,
	SSC_MINISTRY,
	SSC__MAX,
};

/* The columns of STMT_STAFF_THROTTLE_LOCK. */
enum staff_throttle_col {
	STC_FAILURES,
	STC_SECONDS,
	STC_KEY,
	STC__MAX,
};

extern const struct stmt_def stmt_staff[STMT_STAFF__MAX];

#endif /* !STMT_STAFF_H */
