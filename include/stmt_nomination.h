/*
 * The liaison officers' pages (page_ministry.c, page_nomination*.c): a
 * ministry's nominations, listed, exported, submitted, shown and
 * withdrawn.  Every statement names the ministry in its WHERE clause.
 */
#ifndef STMT_NOMINATION_H
#define STMT_NOMINATION_H

#include "stmt.h"

enum stmt_nomination_id {
	STMT_NOMINATION_INSERT,
	STMT_NOMINATION_BY_FORM_TOKEN,
	STMT_NOMINATION_LIST,
	STMT_NOMINATION_CSV,
	STMT_NOMINATION_GET,
	STMT_NOMINATION_LETTER,
	STMT_NOMINATION_CV,
	STMT_NOMINATION_WITHDRAW,
	STMT_NOMINATION__MAX
};

/* The parameters of STMT_NOMINATION_INSERT. */
enum nomination_insert_param {
	NI_REFERENCE,
	NI_FORM_HASH,
	NI_MINISTRY,
	NI_LANG,
	NI_FAMILY_KANJI,
	NI_GIVEN_KANJI,
	NI_FAMILY_KANA,
	NI_GIVEN_KANA,
	NI_FAMILY_ROMAJI,
	NI_GIVEN_ROMAJI,
	NI_BIRTH_DATE,
	NI_EMAIL,
	NI_PHONE,
	NI_PERIOD_START,
	NI_MAX_MONTHS,
	NI_EXPERTISE,
	NI_OPERATIONS,
	NI_PRIVACY_VERSION,
	NI_EMAIL_KEY,
	NI_KANA_KEY,
	NI_ACCOUNT,
	NI_DEPARTMENT,
	NI_POST,
	NI_GRADE,
	NI_PERIOD_END,
	NI_SUPERVISOR_NAME,
	NI_SUPERVISOR_TITLE,
	NI_CONSENT_DATE,
	NI_LETTER_NAME,
	NI_LETTER,
	NI_CV_NAME,
	NI_CV,
	NI_LANGUAGES,
	NI_SEARCH_KEY,
	NI_LANG_OTHER_NAME,
	NI__MAX,
};

/*
 * The columns of STMT_NOMINATION_INSERT and of
 * STMT_NOMINATION_BY_FORM_TOKEN.
 */
enum nomination_insert_col { NIC_ID, NIC_REFERENCE, NIC__MAX };

/* The parameters of STMT_NOMINATION_BY_FORM_TOKEN. */
enum nomination_token_param { NTP_FORM_HASH, NTP_MINISTRY, NTP__MAX };

/* The columns of STMT_NOMINATION_GET. */
enum nomination_get_col {
	NG_FIELDS,
	NG_REFERENCE,
	NG_STATUS,
	NG_VERSION,
	NG_SUBMITTED,
	NG_UPDATED,
	NG_LETTER_NAME,
	NG_LETTER_SIZE,
	NG_CV_NAME,
	NG_CV_SIZE,
	NG_HISTORY,
	NG_MESSAGES,
	NG__MAX,
};

/* The columns of STMT_NOMINATION_LIST. */
enum nomination_list_col {
	NL_ID,
	NL_REFERENCE,
	NL_NAME,
	NL_STATUS,
	NL_UPDATED,
	NL__MAX,
};

/* The columns of STMT_NOMINATION_CSV, each a column of the export. */
#define NOMINATION_CSV_COLS 16

/* The parameters of STMT_NOMINATION_WITHDRAW. */
enum nomination_withdraw_param {
	NWP_ID,
	NWP_MINISTRY,
	NWP_STATUS,
	NWP_ACCOUNT,
	NWP_VERSION,
	NWP__MAX,
};

extern const struct stmt_def stmt_nomination[STMT_NOMINATION__MAX];

#endif /* !STMT_NOMINATION_H */
