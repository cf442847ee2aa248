/*
 * The public pages' statements (page_apply.c, page_status.c,
 * page_lost_link.c): a submission, the applicant's status page, its
 * withdrawal and mail opt-out, the lost-link page, and the
 * privacy notice check at start-up (db.c).
 */
#ifndef STMT_APPLY_H
#define STMT_APPLY_H

#include "stmt.h"

enum stmt_apply_id {
	STMT_APPLY_INSERT,
	STMT_APPLY_INSERT_CV,
	STMT_APPLY_BY_STATUS_TOKEN,
	STMT_APPLY_WITHDRAW,
	STMT_APPLY_MAIL_OPT_OUT,
	STMT_APPLY_LOST_LINK,
	STMT_APPLY_PRIVACY_NOTICE,
	STMT_APPLY__MAX
};

/*
 * The parameters of STMT_APPLY_INSERT_CV; STMT_APPLY_INSERT takes those
 * before INS_CV_NAME.
 */
enum apply_insert_param {
	INS_REFERENCE,
	INS_FORM_HASH,
	INS_STATUS_HASH,
	INS_LANG,
	INS_FAMILY_KANJI,
	INS_GIVEN_KANJI,
	INS_FAMILY_KANA,
	INS_GIVEN_KANA,
	INS_FAMILY_ROMAJI,
	INS_GIVEN_ROMAJI,
	INS_BIRTH_DATE,
	INS_GENDER,
	INS_EMAIL,
	INS_PHONE,
	INS_POSTCODE,
	INS_PREFECTURE,
	INS_ADDRESS,
	INS_EXPERIENCE_ABROAD,
	INS_PEACE_EXPERIENCE,
	INS_EARLIEST_START,
	INS_MAX_MONTHS,
	INS_EMERGENCY_NAME,
	INS_EMERGENCY_RELATION,
	INS_EMERGENCY_PHONE,
	INS_PRIVACY_VERSION,
	INS_EMAIL_KEY,
	INS_KANA_KEY,
	INS_LANGUAGES,
	INS_SEARCH_KEY,
	INS_LANG_OTHER_NAME,
	INS_EXPERTISE,
	INS_OPERATIONS,
	INS_STATUS_TOKEN, /* the receipt mail's private link */
	INS_CV_NAME,
	INS_CV,
	INS__MAX,
};

/* The columns of both inserts. */
enum apply_insert_col {
	AIC_ID,
	AIC_REFERENCE,
	AIC__MAX,
};

/* The columns of STMT_APPLY_BY_STATUS_TOKEN. */
enum apply_status_col {
	ASC_REFERENCE,
	ASC_STATUS,
	ASC_SUBMITTED,
	ASC_UPDATED,
	ASC_MAIL_OPT_OUT,
	ASC__MAX,
};

/* The parameters of STMT_APPLY_WITHDRAW. */
enum apply_withdraw_param {
	AWP_STATUS_HASH,
	AWP_STATUS,
	AWP__MAX,
};

/* The parameters of STMT_APPLY_MAIL_OPT_OUT. */
enum apply_mail_opt_param {
	AMP_STATUS_HASH,
	AMP_OPT_OUT, /* "true" or "false" */
	AMP__MAX,
};

/* The parameters of STMT_APPLY_LOST_LINK. */
enum lost_link_param {
	LLP_EMAIL_KEY,	   /* hash of the address's counter's name */
	LLP_REFERENCE_KEY, /* hash of the reference's counter's name */
	LLP_REFERENCE,
	LLP_EMAIL,	 /* folded as applications.email_key */
	LLP_STATUS_HASH, /* the new token's */
	LLP_LINK_PATH,	 /* "/status/" and the new token */
	LLP_LIMIT,	 /* requests per counter and hour */
	LLP__MAX,
};

extern const struct stmt_def stmt_apply[STMT_APPLY__MAX];

#endif /* !STMT_APPLY_H */
