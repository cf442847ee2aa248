/*
 * Retention of personal data and a person's data on request:
 *   corps-admin purge [--older-than YEARS] [--dry-run]
 *   corps-admin export REFERENCE [--dir DIR]
 */
#ifndef RETENTION_H
#define RETENTION_H

#include <stdio.h>

#include <libpq-fe.h>

#define RETENTION_YEARS	    3 /* the default retention period */
#define RETENTION_YEARS_MAX 100

int retention_purge(PGconn *, int, char *[], FILE *);
int retention_export(PGconn *, int, char *[], FILE *);

#endif /* !RETENTION_H */
