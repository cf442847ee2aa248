/*
 * Who is due for training and whose certificates expire
 * (page_training_due.c, page_training_expiring.c), and the training
 * state of the reviewer's list filter (SQL_TRAINING_IN).
 */
#ifndef STMT_DUE_H
#define STMT_DUE_H

#include "stmt.h"

enum stmt_due_id {
	STMT_DUE_PAGE,
	STMT_DUE_COURSES,
	STMT_DUE_SESSIONS,
	STMT_DUE_EXPIRING,
	STMT_DUE__MAX
};

/* Today in Japan: a certificate is valid through its valid_until. */
#define SQL_JST_TODAY "(now() AT TIME ZONE " SQL_TZ ")::date"

/*
 * Application a's required courses (not retired, required for an
 * operation type a wishes to join) for which a holds no valid
 * certificate; cond narrows the courses c.
 */
#define SQL_DUE_MISSING(cond)                                                  \
	"FROM courses c WHERE c.retired_at IS NULL "                           \
	"AND c.required_for && a.operations " cond                             \
	"AND NOT EXISTS (SELECT FROM certificates t "                          \
	"WHERE t.application_id = a.id AND t.course_id = c.id "                \
	"AND (t.valid_until IS NULL OR t.valid_until >= " SQL_JST_TODAY "))"

/*
 * Whether the training summary ts (training_status, kept by triggers:
 * migration 20261207000003_training_due) of an accepted person is in
 * state st (a text parameter; NULL: any): 'ready' (a valid certificate
 * for every course the person needs), 'in_training' (not ready, but
 * enrolled or waitlisted in a course they need) or 'due' (neither).  A
 * custom plan folds the CASE to the state's own condition, which the
 * planner estimates from the summary's statistics.
 */
#define SQL_TRAINING_IN(st)                                                    \
	"CASE WHEN " st " IS NULL THEN true WHEN " st " = 'ready' "            \
	"THEN ts.ready_until >= " SQL_JST_TODAY " "                            \
	"WHEN " st " = 'in_training' THEN ts.ready_until < " SQL_JST_TODAY " " \
	"AND ts.open_required "                                                \
	"ELSE ts.ready_until < " SQL_JST_TODAY " AND NOT ts.open_required END"

/*
 * The parameters of STMT_DUE_PAGE: the filters (NULL: off), the page's
 * keyset cursor (the last row's application id), its rows and the
 * language of the course titles.
 */
enum due_param {
	DUP_COURSE,
	DUP_OPERATION,
	DUP_SOURCE,
	DUP_CURSOR,
	DUP_LIMIT,
	DUP_LANG,
	DUP__MAX
};

/* Its columns; DUC_COURSES is a JSON array of {title, code, expired}. */
enum due_col {
	DUC_ID,
	DUC_REFERENCE,
	DUC_SOURCE,
	DUC_MINISTRY,
	DUC_NAME,
	DUC_KANA,
	DUC_COURSES,
	DUC__MAX
};

/* STMT_DUE_COURSES ($1 language): the courses some operation requires. */
enum due_course_col { DCO_ID, DCO_TITLE, DCO__MAX };

/* STMT_DUE_SESSIONS ($1 language, $2 course or NULL): coming sessions. */
enum due_session_col {
	DSC_ID,
	DSC_TITLE,
	DSC_STARTS,
	DSC_PLACE,
	DSC_FREE,
	DSC__MAX
};

/* STMT_DUE_EXPIRING: within days, after the cursor, rows, language. */
enum expiring_param { EXP_DAYS, EXP_CURSOR, EXP_LIMIT, EXP_LANG, EXP__MAX };

enum expiring_col {
	EXC_ID,
	EXC_APPLICATION,
	EXC_REFERENCE,
	EXC_NAME,
	EXC_KANA,
	EXC_COURSE,
	EXC_VALID_UNTIL,
	EXC_DAYS_LEFT,
	EXC__MAX
};

extern const struct stmt_def stmt_due[STMT_DUE__MAX];

#endif /* !STMT_DUE_H */
