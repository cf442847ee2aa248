#include <string.h>

#include "buf.h"
#include "csv.h"
#include "jst.h"
#include "req.h"

/*
 * Finishes a CSV download in r->body whose rows were read with status st:
 * on DB_OK an attachment named name-YYYYMMDD.csv (today in Japan), 200;
 * else the body goes and the answer is st's 503/500.
 */
int
csv_send(struct req *r, enum db_status st, const char *name)
{
	char day[9];

	if (st != DB_OK) {
		buf_reset(&r->body);
		return db_http(st);
	}
	jst_day(day);
	buf_printf(
	    &r->headers,
	    "Content-Disposition: attachment; filename=\"%s-%s.csv\"\r\n", name,
	    day);
	r->content_type = "text/csv; charset=utf-8";
	return 200;
}

/* Appends the UTF-8 byte-order mark that starts the file. */
void
csv_bom(struct buf *out)
{
	buf_puts(out, "\xEF\xBB\xBF");
}

/* Appends one cell (NULL: empty), neutralised and quoted as needed. */
static void
csv_cell(struct buf *out, const char *v)
{
	int quote, guard;
	const char *p;

	if (v == NULL)
		v = "";
	guard = *v != '\0' && strchr("=+-@\t\r", *v) != NULL;
	quote = strpbrk(v, ",\"\r\n") != NULL;
	if (quote)
		buf_putc(out, '"');
	if (guard)
		buf_putc(out, '\'');
	for (p = v; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	if (quote)
		buf_putc(out, '"');
}

/* Appends a record of n cells and its CRLF. */
void
csv_row(struct buf *out, const char *const *cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(out, ',');
		csv_cell(out, cells[i]);
	}
	buf_puts(out, "\r\n");
}
