/*
 * Japan time, in which the office works and every date is shown (UTC+9
 * all year: Japan has no daylight saving time).  The SQL side is SQL_TZ
 * (stmt.h).
 */
#ifndef JST_H
#define JST_H

#include <time.h>

void jst_at(time_t, struct tm *);
void jst_now(struct tm *);
void jst_day(char[9]);

#endif /* !JST_H */
