/*
 * Enrolment in training sessions (issue 14): the bulk enrolment over
 * training_enrol(), the sessions one can be enrolled in, a person's
 * training (sessions, certificates) as the reviewer, the liaison and the
 * applicant see it, the removal by staff and the person's answer to an
 * invitation (src/enrol.c, src/page_enrol.c).
 */
#ifndef STMT_ENROL_H
#define STMT_ENROL_H

#include "stmt.h"

enum stmt_enrol_id {
	STMT_ENROL_BULK,
	STMT_ENROL_SESSION,
	STMT_ENROL_OPEN_SESSIONS,
	STMT_ENROL_PERSON,
	STMT_ENROL_PERSON_BY_TOKEN,
	STMT_ENROL_BEFORE,
	STMT_ENROL_REMOVE,
	STMT_ENROL_PROMOTED,
	STMT_ENROL_ANSWER_BY_TOKEN,
	STMT_ENROL_ANSWER_BY_MINISTRY,
	STMT_ENROL__MAX
};

/* The parameters of STMT_ENROL_BULK. */
enum enrol_bulk_param {
	EBP_SESSION,
	EBP_IDS, /* a bigint[] literal, in the order of enrolment */
	EBP_ACCOUNT,
	EBP_LOGIN,
	EBP_CLIENT_ADDR,
	EBP__MAX,
};

/* The columns of STMT_ENROL_BULK: one row per id, in the array's order. */
enum enrol_bulk_col {
	EBC_ID,
	EBC_REFERENCE,
	EBC_NAME,
	EBC_RESULT, /* training_enrol()'s answer */
	EBC__MAX,
};

/* The columns of STMT_ENROL_SESSION ($1 session, $2 language). */
enum enrol_session_col {
	ESC_COURSE,
	ESC_STARTS,
	ESC_ENDS,
	ESC_PLACE, /* empty: online */
	ESC_STATUS,
	ESC_CAPACITY,
	ESC_ENROLLED,
	ESC_WAITLISTED,
	ESC__MAX,
};

/* The columns of STMT_ENROL_OPEN_SESSIONS ($1 language). */
enum enrol_open_col {
	EOC_ID,
	EOC_COURSE,
	EOC_STARTS,
	EOC_FREE,
	EOC_WAITLISTED,
	EOC__MAX,
};

/*
 * The columns of STMT_ENROL_PERSON ($1 application id, $2 language) and
 * STMT_ENROL_PERSON_BY_TOKEN ($1 status token hash, $2 language): JSON
 * arrays of the person's enrolments, newest session first, and
 * certificates.
 */
enum enrol_person_col { EPC_ENROLMENTS, EPC_CERTIFICATES, EPC__MAX };

/* The columns of STMT_ENROL_REMOVE ($1 enrolment id). */
enum enrol_remove_col { ERC_SESSION, ERC_APPLICATION, ERC__MAX };

/* The columns of STMT_ENROL_PROMOTED ($1 session id). */
enum enrol_promoted_col { EPR_ID, EPR_APPLICATION, EPR__MAX };

/* The parameters of STMT_ENROL_ANSWER_BY_TOKEN and _BY_MINISTRY. */
enum enrol_answer_param {
	EAP_ENROLMENT,
	EAP_WHO,	 /* the status token's hash; the liaison's ministry */
	EAP_ANSWER,	 /* confirmed | declined */
	EAP_APPLICATION, /* _BY_MINISTRY only: the nomination's id */
	EAP__MAX,
};

/* The columns of both answers: the row before and after. */
enum enrol_answer_col {
	EAC_APPLICATION,
	EAC_SESSION,
	EAC_STATE_BEFORE,
	EAC_RESPONSE_BEFORE,
	EAC_STATE,
	EAC_RESPONSE,
	EAC__MAX,
};

extern const struct stmt_def stmt_enrol[STMT_ENROL__MAX];

#endif /* !STMT_ENROL_H */
