/*
 * valid: each form validator on what Japanese applicants type
 * (full-width digits, IME dashes, half-width kana, hiragana) and on the
 * refusals the form must report.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "valid.h"

/* A validator with the common shape. */
typedef int (*validfn)(const char *, struct buf *);

/* One input, the code wanted, and the normalised value when accepted. */
struct vcase {
	const char *in;
	int rc;
	const char *out;
};

/* Runs the n cases of c through fn. */
static void
run_cases(validfn fn, const struct vcase *c, size_t n)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < n; i++) {
		buf_puts(&b, "stale");
		if (fn(c[i].in, &b) != c[i].rc)
			fail_msg("case %zu \"%s\": rc %d, want %d", i, c[i].in,
				 fn(c[i].in, &b), c[i].rc);
		assert_string_equal(b.ptr, c[i].rc == VALID_OK ? c[i].out : "");
	}
	buf_free(&b);
}

#define RUN(fn, cases) run_cases(fn, cases, sizeof(cases) / sizeof(cases[0]))

/* valid_date() without the numbers, for run_cases(). */
static int
date_only(const char *in, struct buf *out)
{
	return valid_date(in, out, NULL, NULL, NULL);
}

static void
test_date(void **state)
{
	static const struct vcase cases[] = {
		{ "2000-01-05", VALID_OK, "2000-01-05" },
		{ "2000/1/5", VALID_OK, "2000-01-05" },
		{ "20000105", VALID_OK, "2000-01-05" },
		{ " 2000.12.31 ", VALID_OK, "2000-12-31" },
		/* ２０００－０１－０５ and ２０００ー０１ー０５ (IME dash) */
		{ "\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x8D"
		  "\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x8D\xEF\xBC\x90\xEF\xBC"
		  "\x95",
		  VALID_OK, "2000-01-05" },
		{ "2000\xE3\x83\xBC"
		  "01\xE3\x83\xBC"
		  "05",
		  VALID_OK, "2000-01-05" },
		{ "2000-02-29", VALID_OK, "2000-02-29" }, /* 400-year rule */
		{ "2024-02-29", VALID_OK, "2024-02-29" },
		{ "1900-01-01", VALID_OK, "1900-01-01" },
		{ "2100-12-31", VALID_OK, "2100-12-31" },
		{ "2023-02-29", VALID_BAD_DATE, NULL },
		{ "1900-02-29", VALID_BAD_DATE, NULL }, /* century, not leap */
		{ "2000-02-31", VALID_BAD_DATE, NULL },
		{ "2000-04-31", VALID_BAD_DATE, NULL },
		{ "2000-13-01", VALID_BAD_DATE, NULL },
		{ "2000-00-10", VALID_BAD_DATE, NULL },
		{ "2000-01-00", VALID_BAD_DATE, NULL },
		{ "20001301", VALID_BAD_DATE, NULL },
		{ "1899-12-31", VALID_OUT_OF_RANGE, NULL },
		{ "2101-01-01", VALID_OUT_OF_RANGE, NULL },
		{ "", VALID_EMPTY, NULL },
		{ "\xE3\x80\x80 ", VALID_EMPTY, NULL },
		{ "2000-01/05", VALID_BAD_FORMAT, NULL },
		{ "2000-001-05", VALID_BAD_FORMAT, NULL },
		{ "00-01-05", VALID_BAD_FORMAT, NULL },
		{ "2000-1-5x", VALID_BAD_FORMAT, NULL },
		{ "2000105", VALID_BAD_FORMAT, NULL },
		{ "2000", VALID_BAD_FORMAT, NULL },
		{ "2000-01-", VALID_BAD_FORMAT, NULL },
		{ "+2000-01-05", VALID_BAD_FORMAT, NULL },
		{ "H12-01-05", VALID_BAD_FORMAT, NULL },
	};

	(void)state;
	RUN(date_only, cases);
}

/* The numbers come back on success and are left alone on failure. */
static void
test_date_numbers(void **state)
{
	struct buf b;
	int y = 0, m = 0, d = 0;

	(void)state;
	buf_init(&b);
	assert_int_equal(valid_date("1985/7/3", &b, &y, &m, &d), VALID_OK);
	assert_int_equal(y, 1985);
	assert_int_equal(m, 7);
	assert_int_equal(d, 3);
	assert_int_equal(valid_date("1985/7/32", &b, &y, &m, &d),
			 VALID_BAD_DATE);
	assert_int_equal(d, 3);
	buf_free(&b);
}

static void
test_age(void **state)
{
	(void)state;
	assert_int_equal(valid_age(2000, 4, 1, 2025, 3, 31), 24);
	assert_int_equal(valid_age(2000, 4, 1, 2025, 4, 1), 25);
	assert_int_equal(valid_age(2000, 12, 31, 2025, 1, 1), 24);
	assert_int_equal(valid_age(2000, 1, 1, 2000, 1, 1), 0);
	assert_int_equal(valid_age(2000, 1, 2, 2000, 1, 1), -1);
	/* 29 February: 1 March in common years, the day itself in leap */
	assert_int_equal(valid_age(2000, 2, 29, 2023, 2, 28), 22);
	assert_int_equal(valid_age(2000, 2, 29, 2023, 3, 1), 23);
	assert_int_equal(valid_age(2000, 2, 29, 2024, 2, 28), 23);
	assert_int_equal(valid_age(2000, 2, 29, 2024, 2, 29), 24);
	assert_int_equal(valid_age(2000, 2, 29, 2100, 2, 28), 99);
	assert_int_equal(valid_age(2000, 2, 29, 2100, 3, 1), 100);
}

static void
test_postcode(void **state)
{
	static const struct vcase cases[] = {
		{ "100-0001", VALID_OK, "1000001" },
		{ "1000001", VALID_OK, "1000001" },
		/* １２３－４５６７ */
		{ "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x8D\xEF\xBC\x94"
		  "\xEF\xBC\x95\xEF\xBC\x96\xEF\xBC\x97",
		  VALID_OK, "1234567" },
		{ "\xE3\x80\x92"
		  "100-0001",
		  VALID_OK, "1000001" }, /* 〒 */
		{ "\xE3\x80\x92\xE3\x80\x80"
		  "1000001 ",
		  VALID_OK, "1000001" },
		{ "100\xE3\x83\xBC"
		  "0001",
		  VALID_OK, "1000001" }, /* ー */
		{ "100\xEF\xBD\xB0"
		  "0001",
		  VALID_OK, "1000001" }, /* ｰ */
		{ "100\xE2\x88\x92"
		  "0001",
		  VALID_OK, "1000001" }, /* − */
		{ "", VALID_EMPTY, NULL },
		{ "\xE3\x80\x92", VALID_EMPTY, NULL },
		{ "100-000I", VALID_BAD_CHAR, NULL },
		{ "100 0001", VALID_BAD_CHAR, NULL },
		{ "100-00011", VALID_BAD_FORMAT, NULL },
		{ "100000", VALID_BAD_FORMAT, NULL },
		{ "1000-001", VALID_BAD_FORMAT, NULL },
		{ "100--0001", VALID_BAD_FORMAT, NULL },
		{ "-1000001", VALID_BAD_FORMAT, NULL },
		{ "100-0001-", VALID_BAD_FORMAT, NULL },
	};

	(void)state;
	RUN(valid_postcode, cases);
}

static void
test_phone(void **state)
{
	static const struct vcase cases[] = {
		{ "03-1234-5678", VALID_OK, "0312345678" },
		{ "(03) 1234-5678", VALID_OK, "0312345678" },
		{ "090-1234-5678", VALID_OK, "09012345678" },
		/* ０９０－１２３４－５６７８ */
		{ "\xEF\xBC\x90\xEF\xBC\x99\xEF\xBC\x90\xEF\xBC\x8D\xEF\xBC\x91"
		  "\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x8D\xEF\xBC\x95"
		  "\xEF\xBC\x96\xEF\xBC\x97\xEF\xBC\x98",
		  VALID_OK, "09012345678" },
		/* ０９０ー１２３４ー５６７８: the IME turned "-" into ー */
		{ "\xEF\xBC\x90\xEF\xBC\x99\xEF\xBC\x90\xE3\x83\xBC\xEF\xBC\x91"
		  "\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94\xE3\x83\xBC\xEF\xBC\x95"
		  "\xEF\xBC\x96\xEF\xBC\x97\xEF\xBC\x98",
		  VALID_OK, "09012345678" },
		{ "\xEF\xBC\x8B"
		  "81 3 1234 5678",
		  VALID_OK, "+81312345678" },
		{ "+81-90-1234-5678", VALID_OK, "+819012345678" },
		{ "+1 (202) 555-0100", VALID_OK, "+12025550100" },
		{ "+12345678", VALID_OK, "+12345678" },
		{ "+123456789012345", VALID_OK, "+123456789012345" },
		{ "0120-123-456", VALID_OK, "0120123456" },
		{ "", VALID_EMPTY, NULL },
		{ "090-1234-567B", VALID_BAD_CHAR, NULL },
		{ "tel:0312345678", VALID_BAD_CHAR, NULL },
		{ "03.1234.5678", VALID_BAD_CHAR, NULL },
		{ "+0312345678", VALID_BAD_FORMAT, NULL },
		{ "+1234567", VALID_BAD_FORMAT, NULL },
		{ "+1234567890123456", VALID_BAD_FORMAT, NULL },
		{ "+", VALID_BAD_FORMAT, NULL },
		{ "03-1234-567", VALID_BAD_FORMAT, NULL },
		{ "090-1234-56789", VALID_BAD_FORMAT, NULL },
		{ "3-1234-56789", VALID_BAD_FORMAT, NULL },
		{ "03+1234-5678", VALID_BAD_FORMAT, NULL },
		{ "--", VALID_BAD_FORMAT, NULL },
	};

	(void)state;
	RUN(valid_phone, cases);
}

static void
test_romaji(void **state)
{
	static const struct vcase cases[] = {
		{ "Yamada", VALID_OK, "YAMADA" },
		{ "  yamada   taro ", VALID_OK, "YAMADA TARO" },
		/* ｙａｍａｄａ　ｔａｒｏ */
		{ "\xEF\xBD\x99\xEF\xBD\x81\xEF\xBD\x8D\xEF\xBD\x81\xEF\xBD\x84"
		  "\xEF\xBD\x81\xE3\x80\x80\xEF\xBD\x94\xEF\xBD\x81\xEF\xBD\x92"
		  "\xEF\xBD\x8F",
		  VALID_OK, "YAMADA TARO" },
		{ "Smith-Jones", VALID_OK, "SMITH-JONES" },
		{ "o\xE2\x80\x90hara", VALID_OK, "O-HARA" }, /* U+2010 */
		{ "A", VALID_OK, "A" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMN", VALID_OK,
		  "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMN" },
		{ "ABCDEFGHIJ    KLMNOPQRSTUVWXYZABCDEFGHIJKLM", VALID_OK,
		  "ABCDEFGHIJ KLMNOPQRSTUVWXYZABCDEFGHIJKLM" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNO", VALID_TOO_LONG,
		  NULL },
		{ "", VALID_EMPTY, NULL },
		{ "\xE3\x80\x80", VALID_EMPTY, NULL },
		{ "\xE5\xB1\xB1\xE7\x94\xB0", VALID_BAD_CHAR, NULL }, /* 山田 */
		{ "O'Brien", VALID_BAD_CHAR, NULL },
		{ "Yamada2", VALID_BAD_CHAR, NULL },
		{ "Yamada\tTaro", VALID_BAD_CHAR, NULL },
		{ "Ren\xC3\xA9", VALID_BAD_CHAR, NULL },	    /* é */
		{ "Yamada\xE3\x83\xBCTaro", VALID_BAD_CHAR, NULL }, /* ー */
	};

	(void)state;
	RUN(valid_romaji, cases);
}

static void
test_katakana_name(void **state)
{
	static const struct vcase cases[] = {
		/* ﾔﾏﾀﾞ */
		{ "\xEF\xBE\x94\xEF\xBE\x8F\xEF\xBE\x80\xEF\xBE\x9E", VALID_OK,
		  "\xE3\x83\xA4\xE3\x83\x9E\xE3\x83\x80" },
		/* やまだ */
		{ "\xE3\x82\x84\xE3\x81\xBE\xE3\x81\xA0", VALID_OK,
		  "\xE3\x83\xA4\xE3\x83\x9E\xE3\x83\x80" },
		/* " やまだ  タロウ　" -> ヤマダ　タロウ */
		{ " \xE3\x82\x84\xE3\x81\xBE\xE3\x81\xA0  "
		  "\xE3\x82\xBF\xE3\x83\xAD"
		  "\xE3\x82\xA6\xE3\x80\x80",
		  VALID_OK,
		  "\xE3\x83\xA4\xE3\x83\x9E\xE3\x83\x80\xE3\x80\x80\xE3\x82\xBF"
		  "\xE3\x83\xAD\xE3\x82\xA6" },
		/* ｳﾞｨｰﾀﾞｰ -> ヴィーダー */
		{ "\xEF\xBD\xB3\xEF\xBE\x9E\xEF\xBD\xA8\xEF\xBD\xB0\xEF\xBE\x80"
		  "\xEF\xBE\x9E\xEF\xBD\xB0",
		  VALID_OK,
		  "\xE3\x83\xB4\xE3\x82\xA3\xE3\x83\xBC\xE3\x83\x80\xE3\x83"
		  "\xBC" },
		{ "", VALID_EMPTY, NULL },
		{ " \xE3\x80\x80 ", VALID_EMPTY, NULL },
		{ "\xE5\xB1\xB1\xE7\x94\xB0", VALID_BAD_CHAR, NULL }, /* 山田 */
		/* ｙａｍａｄａ */
		{ "\xEF\xBD\x99\xEF\xBD\x81\xEF\xBD\x8D\xEF\xBD\x81\xEF\xBD\x84"
		  "\xEF\xBD\x81",
		  VALID_BAD_CHAR, NULL },
		{ "Yamada", VALID_BAD_CHAR, NULL },
		{ "\xEF\xBD\xB1\xEF\xBE\x9E", VALID_BAD_CHAR, NULL }, /* ｱﾞ */
		{ "\xE3\x83\xA4\xFF", VALID_BAD_CHAR, NULL },
	};

	(void)state;
	RUN(valid_katakana_name, cases);
}

/* 40 katakana pass, 41 do not; the count is of characters, not bytes. */
static void
test_katakana_name_length(void **state)
{
	struct buf in, out;
	int i;

	(void)state;
	buf_init(&in);
	buf_init(&out);
	for (i = 0; i < VALID_NAME_MAX; i++)
		buf_puts(&in, "\xE3\x82\xA2"); /* ア */
	assert_int_equal(valid_katakana_name(in.ptr, &out), VALID_OK);
	assert_int_equal(out.len, 3 * VALID_NAME_MAX);
	buf_puts(&in, "\xEF\xBD\xB1"); /* ｱ */
	assert_int_equal(valid_katakana_name(in.ptr, &out), VALID_TOO_LONG);
	assert_int_equal(out.len, 0);
	buf_free(&in);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_date_numbers),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_postcode),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_romaji),
		cmocka_unit_test(test_katakana_name),
		cmocka_unit_test(test_katakana_name_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
