/*
 * The reviewer's list of applications (page_review_list.c): its pages in
 * every order, the counts per status, the CSV export and the bulk move to
 * screening.
 */
#ifndef STMT_REVIEW_LIST_H
#define STMT_REVIEW_LIST_H

#include "stmt.h"

enum stmt_review_list_id {
	STMT_REVIEW_LIST_NEWEST,
	STMT_REVIEW_LIST_OLDEST,
	STMT_REVIEW_LIST_KANA,
	STMT_REVIEW_LIST_KANA_DESC,
	STMT_REVIEW_LIST_NEWEST_WORD,
	STMT_REVIEW_LIST_OLDEST_WORD,
	STMT_REVIEW_LIST_NEWEST_Q,
	STMT_REVIEW_LIST_OLDEST_Q,
	STMT_REVIEW_LIST_KANA_Q,
	STMT_REVIEW_LIST_KANA_DESC_Q,
	STMT_REVIEW_LIST_FEW_NEWEST,
	STMT_REVIEW_LIST_FEW_OLDEST,
	STMT_REVIEW_LIST_FEW_KANA,
	STMT_REVIEW_LIST_FEW_KANA_DESC,
	STMT_REVIEW_LIST_COUNT_ESTIMATE,
	STMT_REVIEW_LIST_STATUS_SHARES,
	STMT_REVIEW_LIST_TRAINING_ESTIMATE,
	STMT_REVIEW_LIST_TO_SCREENING,
	STMT_REVIEW_LIST__MAX
};

/*
 * The list counts its matches exactly up to this many (the
 * STMT_REVIEW_LIST_FEW statements read one more); beyond, it estimates.
 */
#define STMT_REVIEW_COUNT_EXACT 1000
/* Words of free text (SQL_REVIEW_WORDS): parameters RLP_TERMS on. */
#define STMT_REVIEW_TERMS 4

/*
 * The parameters of the list statements: every filter (NULL switches it
 * off), then the page's keyset cursor and its number of rows.  The
 * first RLP_FILTER_MAX are STMT_REVIEW_LIST_COUNT_ESTIMATE's.
 */
enum review_list_param {
	RLP_STATUS,
	RLP_SOURCE,
	RLP_MINISTRY,
	RLP_OPERATION,
	RLP_EXPERTISE,
	RLP_LANGUAGE,
	RLP_PREFECTURE,
	RLP_FROM,
	RLP_TO,
	RLP_TRAINING,
	RLP_TERMS,
	RLP_CURSOR = RLP_TERMS + STMT_REVIEW_TERMS,
	RLP_LIMIT,
	RLP__MAX
};
#define RLP_FILTER_MAX RLP_CURSOR

/*
 * The columns of the list statements (SQL_REVIEW_COLUMNS); the
 * STMT_REVIEW_LIST_FEW statements add RLC_COUNTS.
 */
enum review_list_col {
	RLC_ID,
	RLC_REFERENCE,
	RLC_STATUS,
	RLC_SOURCE,
	RLC_MINISTRY,
	RLC_FAMILY_KANJI,
	RLC_GIVEN_KANJI,
	RLC_FAMILY_KANA,
	RLC_GIVEN_KANA,
	RLC_FAMILY_ROMAJI,
	RLC_GIVEN_ROMAJI,
	RLC_CREATED,
	RLC_BIRTH_DATE,
	RLC_GENDER,
	RLC_EMAIL,
	RLC_PHONE,
	RLC_POSTCODE,
	RLC_PREFECTURE,
	RLC_ADDRESS,
	RLC_OPERATIONS,
	RLC_EXPERTISE,
	RLC_LANGUAGES,
	RLC__MAX,
};

#define RLC_COUNTS RLC__MAX /* the counts per status, a JSON object */

/* The columns of STMT_REVIEW_LIST_STATUS_SHARES. */
enum review_shares_col {
	RSS_STATUS,
	RSS_SHARE,
	RSS__MAX,
};

/* The parameters of STMT_REVIEW_LIST_TO_SCREENING. */
enum review_screening_param {
	RTP_IDS,
	RTP_TO,
	RTP_FROM,
	RTP_ACCOUNT,
	RTP_LOGIN,
	RTP__MAX,
};

/* The columns of STMT_REVIEW_LIST_TO_SCREENING. */
enum review_screening_col {
	RTC_ID,
	RTC_VERSION,
	RTC__MAX,
};

extern const struct stmt_def stmt_review_list[STMT_REVIEW_LIST__MAX];

#endif /* !STMT_REVIEW_LIST_H */
