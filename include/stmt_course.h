/*
 * Training (issue 14): courses, their sessions, a session's roster and
 * results, an instructor's sessions and the certificates of external
 * courses (page_course*.c, page_session*.c, page_teach.c).  The rules
 * (capacity, waitlist, results from the pass mark, certificates) are the
 * database's: these statements only ask for changes.
 */
#ifndef STMT_COURSE_H
#define STMT_COURSE_H

#include "stmt.h"

enum stmt_course_id {
	STMT_COURSE_LIST,
	STMT_COURSE_COMING,
	STMT_COURSE_GET,
	STMT_COURSE_TAKEN,
	STMT_COURSE_ADD,
	STMT_COURSE_EDIT,
	STMT_COURSE_RETIRE,
	STMT_COURSE_DELETE,
	STMT_COURSE_SESSIONS,
	STMT_SESSION_GET,
	STMT_SESSION_SHOW,
	STMT_SESSION_ROSTER,
	STMT_SESSION_ADD,
	STMT_SESSION_EDIT,
	STMT_SESSION_CANCEL,
	STMT_SESSION_COMPLETE,
	STMT_SESSION_INSTRUCTORS,
	STMT_SESSION_RESULTS,
	STMT_TEACH_LIST,
	STMT_CERT_COURSES,
	STMT_CERT_ADD,
	STMT_CERT_EVIDENCE,
	STMT_COURSE__MAX
};

/* The columns of STMT_COURSE_LIST. */
enum course_list_col {
	CLC_ID,
	CLC_CODE,
	CLC_TITLE_JA,
	CLC_TITLE_EN,
	CLC_DELIVERY,
	CLC_HOURS,
	CLC_PASS_MARK,
	CLC_VALIDITY,
	CLC_REQUIRED,
	CLC_RETIRED,
	CLC__MAX
};

/*
 * The columns of a session in a list: STMT_COURSE_COMING,
 * STMT_COURSE_SESSIONS and STMT_TEACH_LIST.
 */
enum session_list_col {
	TSL_ID,
	TSL_CODE,
	TSL_TITLE_JA,
	TSL_TITLE_EN,
	TSL_STARTS,
	TSL_ENDS,
	TSL_PLACE,
	TSL_STATUS,
	TSL_CAPACITY,
	TSL_ENROLLED,
	TSL_WAITLISTED,
	TSL_INSTRUCTOR,
	TSL__MAX
};

/*
 * The parameters of STMT_COURSE_ADD and STMT_COURSE_EDIT (the edit's
 * CP_CODE is the course's id: a code never changes).
 */
enum course_param {
	CP_CODE,
	CP_TITLE_JA,
	CP_TITLE_EN,
	CP_DESC_JA,
	CP_DESC_EN,
	CP_HOURS,
	CP_DELIVERY,
	CP_PASS_MARK,
	CP_VALIDITY,
	CP_REQUIRED,
	CP__MAX
};

/*
 * The parameters of STMT_SESSION_SHOW: the session, and the instructor
 * who alone may see it (NULL: any staff who may).
 */
enum session_get_param { SGP_ID, SGP_INSTRUCTOR, SGP__MAX };

/* The columns of STMT_SESSION_SHOW. */
enum session_show_col {
	SSH_ID,
	SSH_COURSE,
	SSH_CODE,
	SSH_TITLE_JA,
	SSH_TITLE_EN,
	SSH_PASS_MARK,
	SSH_START_DATE,
	SSH_START_TIME,
	SSH_END_DATE,
	SSH_END_TIME,
	SSH_PLACE,
	SSH_CAPACITY,
	SSH_INSTRUCTOR_ID,
	SSH_INSTRUCTOR,
	SSH_LANG,
	SSH_STATUS,
	SSH_CANCEL_REASON,
	SSH_ENROLLED,
	SSH_WAITLISTED,
	SSH__MAX
};

/* The columns of STMT_SESSION_ROSTER. */
enum roster_col {
	ROS_ID,
	ROS_STATE,
	ROS_REFERENCE,
	ROS_APPLICATION,
	ROS_NAME,
	ROS_ROMAJI,
	ROS_RESPONSE,
	ROS_ATTENDANCE,
	ROS_SCORE,
	ROS_RESULT,
	ROS_COMPLETED_ON,
	ROS__MAX
};

/*
 * The parameters of STMT_SESSION_ADD and STMT_SESSION_EDIT (the edit's
 * SEP_COURSE is the session's id).  Dates and times are Japan's.
 */
enum session_param {
	SEP_COURSE,
	SEP_START_DATE,
	SEP_START_TIME,
	SEP_END_DATE,
	SEP_END_TIME,
	SEP_PLACE,
	SEP_CAPACITY,
	SEP_INSTRUCTOR,
	SEP_LANG,
	SEP__MAX
};

/*
 * The parameters of STMT_SESSION_RESULTS: the session and, as arrays in
 * the same order, the enrolments and what to record for each.
 */
enum results_param {
	RP_SESSION,
	RP_IDS,
	RP_ATTENDANCE,
	RP_SCORE,
	RP_RESULT,
	RP_COMPLETED_ON,
	RP__MAX
};

/* The columns of STMT_SESSION_RESULTS: the audit's before and after. */
enum results_col { RSC_BEFORE, RSC_AFTER, RSC_CHANGED, RSC__MAX };

/* The columns of STMT_CERT_COURSES and of STMT_SESSION_INSTRUCTORS. */
enum option_col { OC_ID, OC_LABEL_JA, OC_LABEL_EN, OC__MAX };

/* The parameters of STMT_CERT_ADD. */
enum cert_param {
	CEP_APPLICATION,
	CEP_COURSE,
	CEP_COMPLETED_ON,
	CEP_ACCOUNT,
	CEP_FILENAME,
	CEP_CONTENT,
	CEP__MAX
};

/* The columns of STMT_CERT_ADD. */
enum cert_col { CEC_ID, CEC_VALID_UNTIL, CEC__MAX };

extern const struct stmt_def stmt_course[STMT_COURSE__MAX];

#endif /* !STMT_COURSE_H */
