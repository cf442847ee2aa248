/*
 * corps-admin user: add, disable and set passwords of staff accounts from
 * the command line, each change audited as done by "corps-admin".
 */
#ifndef ADMIN_USER_H
#define ADMIN_USER_H

#include <stdio.h>

#include <libpq-fe.h>

int admin_user(PGconn *, int, char *[], FILE *, FILE *);

#endif /* !ADMIN_USER_H */
