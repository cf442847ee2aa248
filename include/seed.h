/*
 * corps-admin seed-demo: realistic Japanese demo applications, made in
 * the database by one statement (generate_series), fast enough for the
 * list's measurements at 100,000 and 1,000,000 rows.
 */
#ifndef SEED_H
#define SEED_H

#include <stdio.h>

#include <libpq-fe.h>

#define SEED_MAX 10000000L /* applications per run */

int seed_demo(PGconn *, int, char *[], FILE *);

#endif /* !SEED_H */
