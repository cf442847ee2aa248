/*
 * One application on the reviewer's page (page_review_app.c,
 * review_app.c): its record, CV, notes and decision, and a seconded
 * application's nomination, letter and messages to the ministry.
 */
#ifndef STMT_REVIEW_H
#define STMT_REVIEW_H

#include "stmt.h"

enum stmt_review_id {
	STMT_REVIEW_APP,
	STMT_REVIEW_CV,
	STMT_REVIEW_NOTE_ADD,
	STMT_REVIEW_DECIDE,
	STMT_REVIEW_NOMINATION,
	STMT_REVIEW_NOMINATION_LETTER,
	STMT_REVIEW_MESSAGE_ADD,
	STMT_REVIEW__MAX
};

/* The columns of STMT_REVIEW_APP. */
enum review_app_col {
	RC_FIELDS,
	RC_REFERENCE,
	RC_STATUS,
	RC_VERSION,
	RC_SOURCE,
	RC_MINISTRY_JA,
	RC_MINISTRY_EN,
	RC_LANG,
	RC_PRIVACY,
	RC_SUBMITTED,
	RC_UPDATED,
	RC_CV_SIZE,
	RC_DUPLICATES,
	RC_HISTORY,
	RC_NOTES,
	RC__MAX,
};

/* The columns of STMT_REVIEW_NOMINATION. */
enum review_nomination_col {
	NC_DEPARTMENT,
	NC_POST,
	NC_GRADE,
	NC_PERIOD_START,
	NC_PERIOD_END,
	NC_SUPERVISOR_NAME,
	NC_SUPERVISOR_TITLE,
	NC_CONSENT,
	NC_LIAISON,
	NC_LETTER,
	NC_LETTER_SIZE,
	NC_MESSAGES,
	NC__MAX,
};

/* The parameters of STMT_REVIEW_DECIDE. */
enum review_decide_param {
	RDP_ID,
	RDP_VERSION,
	RDP_FROM,
	RDP_TO,
	RDP_REASON,
	RDP_ACCOUNT,
	RDP_ACTOR,
	RDP__MAX,
};

extern const struct stmt_def stmt_review[STMT_REVIEW__MAX];

#endif /* !STMT_REVIEW_H */
