/*
 * Positions, candidates, availability inquiries and assignments (issue
 * 15): the position pages (src/page_position.c), the assignments
 * (src/page_assignment.c) and a person's inquiries and dispatches on
 * the pages that show one person (src/assignment.c).
 */
#ifndef STMT_POSITION_H
#define STMT_POSITION_H

#include "stmt.h"

enum stmt_position_id {
	STMT_POSITION_PLAN,
	STMT_POSITION_COURSES,
	STMT_POSITION_INSERT,
	STMT_POSITION_UPDATE,
	STMT_POSITION_BEFORE,
	STMT_POSITION_GET,
	STMT_POSITION_CANDIDATES,
	STMT_POSITION_INQUIRE,
	STMT_POSITION_INQUIRIES,
	STMT_POSITION_ASSIGNMENTS,
	STMT_INQUIRY_ANSWER_BY_TOKEN,
	STMT_INQUIRY_ANSWER_BY_MINISTRY,
	STMT_ASSIGN_PERSON,
	STMT_ASSIGN_PERSON_BY_TOKEN,
	STMT_ASSIGN_WARNINGS,
	STMT_ASSIGN_INSERT,
	STMT_ASSIGN_MISSING,
	STMT_ASSIGN_BEFORE,
	STMT_ASSIGN_STATUS,
	STMT_POSITION__MAX
};

/* The columns of STMT_POSITION_PLAN ($1 plan id, $2 language). */
enum position_plan_col {
	POPL_TITLE,
	POPL_STATUS,
	POPL_STARTS,
	POPL_ENDS,
	POPL_COUNTRY,
	POPL__MAX,
};

/* The columns of STMT_POSITION_COURSES ($1 language): courses in use. */
enum position_course_col { POCC_ID, POCC_CODE, POCC_TITLE, POCC__MAX };

/*
 * The parameters of STMT_POSITION_INSERT ($1 the plan) and
 * STMT_POSITION_UPDATE ($1 the position); both answer one row, the
 * position's id and its state after (JSON), or none for no such row.
 */
enum position_param {
	PP_OWNER,
	PP_TITLE_JA,
	PP_TITLE_EN,
	PP_STATION,
	PP_HEADCOUNT,
	PP_STARTS,
	PP_ENDS,
	PP_EXPERTISE, /* a text[] literal of codes */
	PP_LANGUAGES, /* a text[] literal of 'code:level' */
	PP_COURSES,   /* a bigint[] literal of course ids */
	PP__MAX,
};
enum position_write_col { PWC_ID, PWC_STATE, PWC__MAX };

/* The columns of STMT_POSITION_GET ($1 position, $2 language). */
enum position_get_col {
	PGC_PLAN,
	PGC_PLAN_TITLE,
	PGC_PLAN_STATUS,
	PGC_COUNTRY,
	PGC_PLAN_STARTS,
	PGC_PLAN_ENDS,
	PGC_TITLE_JA,
	PGC_TITLE_EN,
	PGC_STATION,
	PGC_HEADCOUNT,
	PGC_STARTS,
	PGC_ENDS,
	PGC_EXPERTISE, /* JSON array of codes */
	PGC_LANGUAGES, /* JSON array of 'code:level' */
	PGC_COURSES,   /* JSON array of {id, code, title} */
	PGC_FILLED,    /* open assignments */
	PGC__MAX,
};

/*
 * The parameters of STMT_POSITION_CANDIDATES: '' in a filter is any.
 * One row more than the limit tells that a next page exists.
 */
enum candidate_param {
	CAP_POSITION,
	CAP_LANG,
	CAP_SOURCE,
	CAP_MINISTRY,
	CAP_OFFSET,
	CAP_LIMIT,
	CAP__MAX,
};
enum candidate_col {
	CC_ID,
	CC_REFERENCE,
	CC_NAME,
	CC_SOURCE,
	CC_MINISTRY,
	CC_EARLIEST,
	CC_MAX_MONTHS,
	CC_READY,    /* t: every required course valid on the start date */
	CC_TRAINING, /* JSON array of {code, title, state, valid_until} */
	CC_ASKED,    /* the inquiry's answer, "asked" or "" */
	CC__MAX,
};

/* The parameters of STMT_POSITION_INQUIRE; it answers the count asked. */
enum inquire_param {
	IQP_POSITION,
	IQP_IDS, /* a bigint[] literal */
	IQP_ACCOUNT,
	IQP_LOGIN,
	IQP_CLIENT_ADDR,
	IQP__MAX,
};

/* The columns of STMT_POSITION_INQUIRIES ($1 position). */
enum inquiry_col {
	IQC_APPLICATION,
	IQC_REFERENCE,
	IQC_NAME,
	IQC_MINISTRY,
	IQC_ASKED_AT,
	IQC_ANSWER, /* '' unanswered */
	IQC_NOTE,
	IQC_ANSWERED_AT,
	IQC__MAX,
};

/* The columns of STMT_POSITION_ASSIGNMENTS ($1 position). */
enum assignment_col {
	XSC_ID,
	XSC_APPLICATION,
	XSC_REFERENCE,
	XSC_NAME,
	XSC_STARTS,
	XSC_ENDS,
	XSC_STATUS,
	XSC_ACKNOWLEDGED, /* comma-separated warnings */
	XSC_RETURNED,
	XSC_END_REASON,
	XSC__MAX,
};

/* The parameters of both inquiry answers. */
enum inquiry_answer_param {
	IAP_INQUIRY,
	IAP_WHO, /* the status token's hash; the liaison's ministry */
	IAP_ANSWER,
	IAP_NOTE,
	IAP_APPLICATION, /* _BY_MINISTRY only: the nomination's id */
	IAP__MAX,
};
/* Their columns: the application and the answer before and after. */
enum inquiry_answer_col {
	IAC_APPLICATION,
	IAC_BEFORE,
	IAC_AFTER,
	IAC__MAX,
};

/*
 * The columns of STMT_ASSIGN_PERSON ($1 application id, $2 language) and
 * _BY_TOKEN ($1 status token's hash): JSON arrays of the person's
 * inquiries and assignments, newest first.
 */
enum assign_person_col { APC_INQUIRIES, APC_ASSIGNMENTS, APC__MAX };

/* The parameters of STMT_ASSIGN_WARNINGS, _INSERT and _MISSING. */
enum assign_param {
	AP_POSITION,
	AP_APPLICATION,
	AP_STARTS,
	AP_ENDS,
	AP_ACK,	    /* _INSERT: a text[] literal of warnings acknowledged */
	AP_ACCOUNT, /* _INSERT */
	AP__MAX,
};
/* STMT_ASSIGN_WARNINGS: comma-separated warnings (none: no person). */
enum assign_warnings_col { AWC_WARNINGS, AWC_NAME, AWC__MAX };
/* STMT_ASSIGN_INSERT: the new id and its state. */
enum assign_insert_col { XIC_ID, XIC_STATE, XIC__MAX };
/* STMT_ASSIGN_MISSING ($1 position, $2 application, $3 start): codes. */
enum assign_missing_col { XMC_CODES, XMC__MAX };

/* STMT_ASSIGN_BEFORE ($1 assignment, locked): state, position, status. */
enum assign_before_col { ABC_STATE, ABC_POSITION, ABC_STATUS, ABC__MAX };

/* The parameters of STMT_ASSIGN_STATUS, which answers the state after. */
enum assign_status_param {
	ASP_ID,
	ASP_STATUS,
	ASP_REASON,   /* withdrawn: why; else NULL */
	ASP_RETURNED, /* completed: the return date; else NULL */
	ASP_DEBRIEF,  /* completed: the note; else NULL */
	ASP_ACCOUNT,  /* the staff member changing it */
	ASP__MAX,
};

extern const struct stmt_def stmt_position[STMT_POSITION__MAX];

#endif /* !STMT_POSITION_H */
