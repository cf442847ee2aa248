/*
 * Schema migrations in dbmate's format: migrations/VERSION_name.sql with
 * "-- migrate:up" and "-- migrate:down" sections, applied versions kept
 * in schema_migrations(version).
 */
#ifndef MIGRATE_H
#define MIGRATE_H

#include <libpq-fe.h>
#include <stdio.h>

int migrate_up(PGconn *, const char *, FILE *);
int migrate_status(PGconn *, const char *, FILE *);

#endif /* !MIGRATE_H */
