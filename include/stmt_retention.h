/*
 * Retention and a person's data (retention.c, "corps-admin purge" and
 * "corps-admin export"): which applications are past the retention
 * period, the purge of their personal data, and everything held about
 * one application.
 */
#ifndef STMT_RETENTION_H
#define STMT_RETENTION_H

#include "stmt.h"

enum stmt_retention_id {
	STMT_RETENTION_DUE,
	STMT_RETENTION_PURGE,
	STMT_RETENTION_EXPORT,
	STMT_RETENTION_FILES,
	STMT_RETENTION__MAX
};

/*
 * The columns of STMT_RETENTION_DUE (parameter: the period in years):
 * the ids to purge as an SQL array, then counts for the report.
 */
enum retention_due_col {
	RDC_IDS,
	RDC_CUTOFF,
	RDC_APPLICATIONS,
	RDC_KEPT,
	RDC_CVS,
	RDC_LETTERS,
	RDC_EVIDENCE,
	RDC_NOTES,
	RDC_MESSAGES,
	RDC_MAILS,
	RDC__MAX,
};

/* The parameters of STMT_RETENTION_PURGE. */
enum retention_purge_param {
	RPP_IDS,
	RPP_YEARS,
	RPP__MAX,
};

/* The columns of STMT_RETENTION_FILES (parameter: the reference). */
enum retention_file_col {
	RFC_KIND,
	RFC_KEY,
	RFC_FILENAME,
	RFC_CONTENT,
	RFC__MAX,
};

extern const struct stmt_def stmt_retention[STMT_RETENTION__MAX];

#endif /* !STMT_RETENTION_H */
