/*
 * disposition: the Content-Disposition value of a download, for plain
 * ASCII names, Japanese names (RFC 8187 filename* with an ASCII fallback)
 * and names that try to break out of the header.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "disposition.h"

/* Asserts the header value made for name with the fallback "cv.pdf". */
static void
check(const char *name, const char *want)
{
	struct buf b;

	buf_init(&b);
	disposition_attachment(&b, name, "cv.pdf");
	assert_string_equal(b.ptr, want);
	buf_free(&b);
}

static void
test_ascii(void **state)
{
	(void)state;
	check("My CV (2026).pdf", "attachment; filename=\"My CV (2026).pdf\"; "
				  "filename*=UTF-8''My%20CV%20%282026%29.pdf");
	check("cv_final-v2.pdf", "attachment; filename=\"cv_final-v2.pdf\"; "
				 "filename*=UTF-8''cv_final-v2.pdf");
}

static void
test_japanese(void **state)
{
	(void)state;
	/* 履歴書.pdf */
	check("\xe5\xb1\xa5\xe6\xad\xb4\xe6\x9b\xb8.pdf",
	      "attachment; filename=\"cv.pdf\"; "
	      "filename*=UTF-8''%E5%B1%A5%E6%AD%B4%E6%9B%B8.pdf");
}

/* Quotes, backslashes, CR LF and semicolons never reach the header raw. */
static void
test_hostile(void **state)
{
	(void)state;
	check("a\".pdf", "attachment; filename=\"cv.pdf\"; "
			 "filename*=UTF-8''a%22.pdf");
	check("x\r\nSet-Cookie: a=b;.pdf",
	      "attachment; filename=\"cv.pdf\"; "
	      "filename*=UTF-8''x%0D%0ASet-Cookie%3A%20a%3Db%3B.pdf");
	check("a\\b.pdf", "attachment; filename=\"cv.pdf\"; "
			  "filename*=UTF-8''a%5Cb.pdf");
	check(".hidden", "attachment; filename=\"cv.pdf\"; "
			 "filename*=UTF-8''.hidden");
	check("", "attachment; filename=\"cv.pdf\"; filename*=UTF-8''");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_japanese),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
