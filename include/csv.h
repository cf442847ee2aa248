/*
 * CSV for spreadsheets (RFC 4180): UTF-8 with a byte-order mark, so that
 * Japanese Excel reads it as UTF-8, CRLF line ends, and a cell quoted
 * when it holds a comma, a double quote, CR or LF.  A cell that begins
 * with "=", "+", "-", "@", TAB or CR would be read as a formula (or
 * stripped into one): it gets a leading single quote, which spreadsheets
 * show as text (OWASP "CSV injection").
 */
#ifndef CSV_H
#define CSV_H

#include <stddef.h>

#include "db.h"

struct buf;
struct req;

int csv_send(struct req *, enum db_status, const char *);
void csv_bom(struct buf *);
void csv_row(struct buf *, const char *const *, size_t);

#endif /* !CSV_H */
