/*
 * text: UTF-8 well-formedness at the edges of table 3-7, U+FFFD
 * replacement, and the width and kana foldings on what Japanese phones
 * and IMEs type.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "text.h"

#define FFFD "\xEF\xBF\xBD"

/* A text function that appends its result to a buffer. */
typedef void (*textfn)(const char *, struct buf *);

/* Asserts that fn turns in into exactly want. */
static void
check(textfn fn, const char *in, const char *want)
{
	struct buf b;

	buf_init(&b);
	fn(in, &b);
	assert_non_null(b.ptr);
	assert_string_equal(b.ptr, want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
}

/* Well-formed: the first and last code point of every row of table 3-7. */
static void
test_utf8_valid_ok(void **state)
{
	static const char *const ok[] = {
		"",
		"a",
		"\x7F",
		"\xC2\x80",
		"\xDF\xBF",
		"\xE0\xA0\x80",
		"\xED\x9F\xBF",
		"\xEE\x80\x80",
		"\xEF\xBF\xBF",
		"\xF0\x90\x80\x80",
		"\xF4\x8F\xBF\xBF",
		"\xE5\xB1\xB1\xE7\x94\xB0", /* 山田 */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		assert_int_equal(text_utf8_valid(ok[i], strlen(ok[i])), 1);
	assert_int_equal(text_utf8_valid("a\0b", 3), 1);
}

/* Ill-formed: overlongs, surrogates, beyond U+10FFFF, truncation. */
static void
test_utf8_valid_bad(void **state)
{
	static const char *const bad[] = {
		"\x80",
		"\xBF",
		"\xC0\x80",
		"\xC1\xBF",
		"\xE0\x9F\xBF",
		"\xF0\x8F\xBF\xBF",
		"\xED\xA0\x80",
		"\xED\xBF\xBF",
		"\xF4\x90\x80\x80",
		"\xF5\x80\x80\x80",
		"\xFF",
		"\xE3\x81",
		"\xF0\x9F\x98",
		"a\xC2",
		"\xC2\x41",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(text_utf8_valid(bad[i], strlen(bad[i])), 0);
	/* the length is honoured: the cut is inside a sequence */
	assert_int_equal(text_utf8_valid("\xE5\xB1\xB1", 2), 0);
}

/* Code points, with ill-formed maximal subparts counted once each. */
static void
test_utf8_len(void **state)
{
	(void)state;
	assert_int_equal(text_utf8_len(""), 0);
	assert_int_equal(text_utf8_len("abc"), 3);
	assert_int_equal(text_utf8_len("\xE5\xB1\xB1\xE7\x94\xB0"), 2);
	/* 𠮷野家: a four-byte letter counts once */
	assert_int_equal(
	    text_utf8_len("\xF0\xA0\xAE\xB7\xE9\x87\x8E\xE5\xAE\xB6"), 3);
	assert_int_equal(text_utf8_len("\xE3\x81"), 1);
	assert_int_equal(text_utf8_len("\xC0\x80"), 2);
	assert_int_equal(text_utf8_len("\xE3\x81x"), 2);
}

/* Trim removes ASCII white space and U+3000, only at the ends. */
static void
test_trim(void **state)
{
	struct buf b;

	(void)state;
	check(text_trim, "  \t\r\nabc \n", "abc");
	check(text_trim, "\xE3\x80\x80\xE5\xB1\xB1 \xE7\x94\xB0\xE3\x80\x80 ",
	      "\xE5\xB1\xB1 \xE7\x94\xB0");
	check(text_trim, " \xE3\x80\x80\t", "");
	check(text_trim, "", "");
	check(text_trim, " a\xFF ", "a" FFFD);
	/* appends to what the buffer holds */
	buf_init(&b);
	buf_puts(&b, "x=");
	text_trim(" y ", &b);
	assert_string_equal(b.ptr, "x=y");
	buf_free(&b);
}

/* Full-width ASCII, U+3000 and the dash family become ASCII. */
static void
test_halfwidth(void **state)
{
	(void)state;
	/* １２３－４５６７ */
	check(text_halfwidth,
	      "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x8D\xEF\xBC\x94"
	      "\xEF\xBC\x95\xEF\xBC\x96\xEF\xBC\x97",
	      "123-4567");
	/* ｙａｍａｄａ＠ＥＸ．ＪＰ */
	check(text_halfwidth,
	      "\xEF\xBD\x99\xEF\xBD\x81\xEF\xBD\x8D\xEF\xBD\x81\xEF\xBD\x84"
	      "\xEF\xBD\x81\xEF\xBC\xA0\xEF\xBC\xA5\xEF\xBC\xB8\xEF\xBC\x8E"
	      "\xEF\xBC\xAA\xEF\xBC\xB0",
	      "yamada@EX.JP");
	/* ！ and ～, the ends of the block; U+3000 */
	check(text_halfwidth, "\xEF\xBC\x81\xE3\x80\x80\xEF\xBD\x9E", "! ~");
	/* ‐ ‑ ‒ – — ― − */
	check(text_halfwidth,
	      "\xE2\x80\x90\xE2\x80\x91\xE2\x80\x92\xE2\x80\x93\xE2\x80\x94"
	      "\xE2\x80\x95\xE2\x88\x92",
	      "-------");
	/* kept: ー, half-width ｱ, 〒, ⁃ (U+2043) and U+FF5F after the block */
	check(text_halfwidth,
	      "\xE3\x83\xBC\xEF\xBD\xB1\xE3\x80\x92\xE2\x81\x83\xEF\xBD\x9F",
	      "\xE3\x83\xBC\xEF\xBD\xB1\xE3\x80\x92\xE2\x81\x83\xEF\xBD\x9F");
	check(text_halfwidth, "a\xED\xA0\x80z", "a" FFFD FFFD FFFD "z");
	check(text_halfwidth, "\xF0\x9F\x98z", FFFD "z");
}

/* Half-width katakana become full-width, marks fold into the letter. */
static void
test_katakana_halfwidth(void **state)
{
	(void)state;
	/* ﾔﾏﾀﾞ ﾀﾛｳ -> ヤマダ　タロウ */
	check(text_katakana,
	      "\xEF\xBE\x94\xEF\xBE\x8F\xEF\xBE\x80\xEF\xBE\x9E \xEF\xBE\x80"
	      "\xEF\xBE\x9B\xEF\xBD\xB3",
	      "\xE3\x83\xA4\xE3\x83\x9E\xE3\x83\x80\xE3\x80\x80\xE3\x82\xBF"
	      "\xE3\x83\xAD\xE3\x82\xA6");
	/* ｷｬﾝﾌﾟ･ｻｰﾋﾞｽ -> キャンプ・サービス */
	check(text_katakana,
	      "\xEF\xBD\xB7\xEF\xBD\xAC\xEF\xBE\x9D\xEF\xBE\x8C\xEF\xBE\x9F"
	      "\xEF\xBD\xA5\xEF\xBD\xBB\xEF\xBD\xB0\xEF\xBE\x8B\xEF\xBE\x9E"
	      "\xEF\xBD\xBD",
	      "\xE3\x82\xAD\xE3\x83\xA3\xE3\x83\xB3\xE3\x83\x97\xE3\x83\xBB"
	      "\xE3\x82\xB5\xE3\x83\xBC\xE3\x83\x93\xE3\x82\xB9");
	/* ｡｢｣､ｦｧｯ -> 。「」、ヲァッ */
	check(text_katakana,
	      "\xEF\xBD\xA1\xEF\xBD\xA2\xEF\xBD\xA3\xEF\xBD\xA4\xEF\xBD\xA6"
	      "\xEF\xBD\xA7\xEF\xBD\xAF",
	      "\xE3\x80\x82\xE3\x80\x8C\xE3\x80\x8D\xE3\x80\x81\xE3\x83\xB2"
	      "\xE3\x82\xA1\xE3\x83\x83");
}

/* Every letter that takes a mark, written half-width with the mark. */
static void
test_katakana_voiced(void **state)
{
	(void)state;
	/* ｶﾞｷﾞｸﾞｹﾞｺﾞ ｻﾞｼﾞｽﾞｾﾞｿﾞ ﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞ ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞ ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ ｳﾞﾜﾞｦﾞ */
	check(
	    text_katakana,
	    "\xEF\xBD\xB6\xEF\xBE\x9E\xEF\xBD\xB7\xEF\xBE\x9E\xEF\xBD\xB8"
	    "\xEF\xBE\x9E\xEF\xBD\xB9\xEF\xBE\x9E\xEF\xBD\xBA\xEF\xBE\x9E"
	    "\xEF\xBD\xBB\xEF\xBE\x9E\xEF\xBD\xBC\xEF\xBE\x9E\xEF\xBD\xBD"
	    "\xEF\xBE\x9E\xEF\xBD\xBE\xEF\xBE\x9E\xEF\xBD\xBF\xEF\xBE\x9E"
	    "\xEF\xBE\x80\xEF\xBE\x9E\xEF\xBE\x81\xEF\xBE\x9E\xEF\xBE\x82"
	    "\xEF\xBE\x9E\xEF\xBE\x83\xEF\xBE\x9E\xEF\xBE\x84\xEF\xBE\x9E"
	    "\xEF\xBE\x8A\xEF\xBE\x9E\xEF\xBE\x8B\xEF\xBE\x9E\xEF\xBE\x8C"
	    "\xEF\xBE\x9E\xEF\xBE\x8D\xEF\xBE\x9E\xEF\xBE\x8E\xEF\xBE\x9E"
	    "\xEF\xBE\x8A\xEF\xBE\x9F\xEF\xBE\x8B\xEF\xBE\x9F\xEF\xBE\x8C"
	    "\xEF\xBE\x9F\xEF\xBE\x8D\xEF\xBE\x9F\xEF\xBE\x8E\xEF\xBE\x9F"
	    "\xEF\xBD\xB3\xEF\xBE\x9E\xEF\xBE\x9C\xEF\xBE\x9E\xEF\xBD\xA6"
	    "\xEF\xBE\x9E",
	    /* ガギグゲゴ ザジズゼゾ ダヂヅデド バビブベボ パピプペポ ヴヷヺ */
	    "\xE3\x82\xAC\xE3\x82\xAE\xE3\x82\xB0\xE3\x82\xB2\xE3\x82\xB4"
	    "\xE3\x82\xB6\xE3\x82\xB8\xE3\x82\xBA\xE3\x82\xBC\xE3\x82\xBE"
	    "\xE3\x83\x80\xE3\x83\x82\xE3\x83\x85\xE3\x83\x87\xE3\x83\x89"
	    "\xE3\x83\x90\xE3\x83\x93\xE3\x83\x96\xE3\x83\x99\xE3\x83\x9C"
	    "\xE3\x83\x91\xE3\x83\x94\xE3\x83\x97\xE3\x83\x9A\xE3\x83\x9D"
	    "\xE3\x83\xB4\xE3\x83\xB7\xE3\x83\xBA");
	/* a mark that fits nothing stays, as the spacing ゛ / ゜ */
	check(text_katakana, "\xEF\xBD\xB1\xEF\xBE\x9E",
	      "\xE3\x82\xA2\xE3\x82\x9B"); /* ｱﾞ -> ア゛ */
	check(text_katakana, "\xEF\xBE\x9F", "\xE3\x82\x9C");
	check(text_katakana, "\xEF\xBD\xB6\xEF\xBE\x9E\xEF\xBE\x9E",
	      "\xE3\x82\xAC\xE3\x82\x9B"); /* ｶﾞﾞ -> ガ゛ */
	/* combining marks (as in NFD text) fold too: カ+U+3099, は+U+309A */
	check(text_katakana, "\xE3\x82\xAB\xE3\x82\x99\xE3\x81\xAF\xE3\x82\x9A",
	      "\xE3\x82\xAC\xE3\x83\x91");
}

/* Hiragana become katakana; spaces become U+3000; the rest is kept. */
static void
test_katakana_hiragana(void **state)
{
	(void)state;
	/* やまだ　たろう -> ヤマダ　タロウ */
	check(text_katakana,
	      "\xE3\x82\x84\xE3\x81\xBE\xE3\x81\xA0\xE3\x80\x80\xE3\x81\x9F"
	      "\xE3\x82\x8D\xE3\x81\x86",
	      "\xE3\x83\xA4\xE3\x83\x9E\xE3\x83\x80\xE3\x80\x80\xE3\x82\xBF"
	      "\xE3\x83\xAD\xE3\x82\xA6");
	/* ぁ and ゖ, the ends of the block; ゔ -> ヴ */
	check(text_katakana, "\xE3\x81\x81\xE3\x82\x96\xE3\x82\x94",
	      "\xE3\x82\xA1\xE3\x83\xB6\xE3\x83\xB4");
	/* ゝ (U+309D) and kanji are not kana letters: kept */
	check(text_katakana, "\xE3\x82\x9D\xE5\xB1\xB1 A",
	      "\xE3\x82\x9D\xE5\xB1\xB1\xE3\x80\x80"
	      "A");
	check(text_katakana, "\xEF\xBE", FFFD);
}

/* The furigana character set, nothing more. */
static void
test_is_katakana(void **state)
{
	static const struct {
		const char *s;
		int want;
	} cases[] = {
		{ "\xE3\x83\xA4\xE3\x83\x9E\xE3\x83\x80\xE3\x80\x80\xE3\x82"
		  "\xBF",
		  1 },
		{ "\xE3\x82\xA1", 1 },		   /* ァ U+30A1 */
		{ "\xE3\x83\xBA", 1 },		   /* ヺ U+30FA */
		{ "\xE3\x83\xBB\xE3\x83\xBC", 1 }, /* ・ー */
		{ "", 0 },
		{ "\xE3\x82\xA0", 0 },		    /* ゠ U+30A0 */
		{ "\xE3\x83\xBD", 0 },		    /* ヽ U+30FD */
		{ "\xE3\x83\xA4 \xE3\x83\x9E", 0 }, /* ASCII space */
		{ "\xE3\x82\x84", 0 },		    /* や */
		{ "\xEF\xBD\xB1", 0 },		    /* ｱ */
		{ "\xE3\x82\x9B", 0 },		    /* ゛ */
		{ "\xE5\xB1\xB1", 0 },		    /* 山 */
		{ "\xE3\x83\xA4\xE3\x83", 0 },	    /* cut short */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(text_is_katakana(cases[i].s), cases[i].want);
}

/* Spellings that differ in width, kana script or case share a key. */
static void
test_fold(void **state)
{
	static const char *const same[] = {
		"\xEF\xBE\x94\xEF\xBE\x8F\xEF\xBE\x80\xEF\xBE\x9E", /* ﾔﾏﾀﾞ */
		"\xE3\x82\x84\xE3\x81\xBE\xE3\x81\xA0", /* やまだ */
		"\xE3\x83\xA4\xE3\x83\x9E\xE3\x83\x80", /* ヤマダ */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		check(text_fold, same[i],
		      "\xE3\x83\xA4\xE3\x83\x9E\xE3\x83\x80");
	/* ＹＡＭＡＤＡ　Taro and "yamada taro" */
	check(text_fold,
	      "\xEF\xBC\xB9\xEF\xBC\xA1\xEF\xBC\xAD\xEF\xBC\xA1\xEF\xBC\xA4"
	      "\xEF\xBC\xA1\xE3\x80\x80Taro",
	      "yamada taro");
	check(text_fold, "yamada taro", "yamada taro");
	check(text_fold, "", "");
}

/* C0 but TAB, LF, CR; DEL; C1 as UTF-8.  Not NBSP, not kana. */
static void
test_has_control(void **state)
{
	static const struct {
		const char *s;
		int want;
	} cases[] = {
		{ "", 0 },	    { "plain", 0 },
		{ "a\tb\r\nc", 0 }, { "\xE5\xB1\xB1\xE7\x94\xB0", 0 },
		{ "\xC2\xA0", 0 }, /* NBSP */
		{ "\xC3\x80", 0 }, /* À: C2..C3 lead is not enough */
		{ "\x01", 1 },	    { "\x1B[31m", 1 },
		{ "x\x1F", 1 },	    { "\x7F", 1 },
		{ "\xC2\x80", 1 },  { "a\xC2\x85z", 1 }, /* NEL */
		{ "\xC2\x9F", 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(text_has_control(cases[i].s), cases[i].want);
}

/* No function lets ill-formed input through. */
static void
test_output_well_formed(void **state)
{
	static const textfn fns[] = {
		text_trim,
		text_halfwidth,
		text_katakana,
		text_fold,
	};
	static const char *const bad[] = {
		"\xC0\x80",	"\xED\xA0\x80", "\xF4\x90\x80\x80",
		"\xEF\xBD",	" \xFE ",	"\xEF\xBE\x9E\xE3\x82",
		"\xF0\x9F\x98",
	};
	struct buf b;
	size_t i, j;

	(void)state;
	buf_init(&b);
	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		for (j = 0; j < sizeof(bad) / sizeof(bad[0]); j++) {
			buf_reset(&b);
			fns[i](bad[j], &b);
			assert_true(text_utf8_valid(b.ptr, b.len));
			assert_non_null(strstr(b.ptr, FFFD));
		}
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid_ok),
		cmocka_unit_test(test_utf8_valid_bad),
		cmocka_unit_test(test_utf8_len),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_halfwidth),
		cmocka_unit_test(test_katakana_halfwidth),
		cmocka_unit_test(test_katakana_voiced),
		cmocka_unit_test(test_katakana_hiragana),
		cmocka_unit_test(test_is_katakana),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_has_control),
		cmocka_unit_test(test_output_well_formed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
