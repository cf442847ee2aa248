/*
 * csv: the spreadsheet export's writer.  RFC 4180 quoting, CRLF records,
 * the byte-order mark, and cells that would start a formula.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "csv.h"

/* Writes one row of n cells and compares the bytes with want. */
static void
row_is(const char *const *cells, size_t n, const char *want)
{
	struct buf b;

	buf_init(&b);
	csv_row(&b, cells, n);
	assert_int_equal(b.len, strlen(want));
	assert_memory_equal(b.ptr, want, b.len);
	buf_free(&b);
}

static void
test_bom(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	csv_bom(&b);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.ptr, "\xEF\xBB\xBF", 3);
	buf_free(&b);
}

static void
test_plain(void **state)
{
	const char *cells[] = { "PC-2026-7KQ2M9XD", "山田", "", NULL, "a b" };

	(void)state;
	row_is(cells, 5, "PC-2026-7KQ2M9XD,山田,,,a b\r\n");
	row_is(cells, 0, "\r\n");
}

static void
test_quoting(void **state)
{
	const char *cells[] = { "a,b", "say \"hi\"", "two\r\nlines", "lf\nonly",
				"\"" };

	(void)state;
	row_is(cells, 5,
	       "\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",\"lf\nonly\","
	       "\"\"\"\"\r\n");
}

static void
test_formula(void **state)
{
	const char *cells[] = { "=1+1", "+81901234567", "-5",  "@SUM(A1)",
				"\tx",	"\rx",		"a=1", "＝1" };

	(void)state;
	row_is(cells, 8,
	       "'=1+1,'+81901234567,'-5,'@SUM(A1),'\tx,\"'\rx\",a=1,＝1\r\n");
}

/* A neutralised cell that also needs quotes: the quote mark goes inside. */
static void
test_formula_quoted(void **state)
{
	const char *cells[] = { "=HYPERLINK(\"http://x\",\"y\")", "-a,b" };

	(void)state;
	row_is(cells, 2,
	       "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'-a,b\"\r\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_formula),
		cmocka_unit_test(test_formula_quoted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
