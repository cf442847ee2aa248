/*
 * token: base64url text of 256-bit tokens, their BLAKE2b-256 hashes and
 * derived tokens against vectors computed independently (Python's
 * hashlib and base64), and the shape of reference numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "token.h"

#define ALPHA64                                                                \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

/* 0x00, 0x01 .. 0x1f as a token. */
#define SEQ_TOKEN "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"

static int
setup(void **state)
{
	(void)state;
	return sodium_init() < 0 ? -1 : 0;
}

static void
test_encode(void **state)
{
	unsigned char raw[TOKEN_BYTES];
	char out[TOKEN_TEXTLEN + 1];
	size_t i;

	(void)state;
	memset(raw, 0, sizeof(raw));
	token_encode(raw, out);
	assert_string_equal(out, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	memset(raw, 0xff, sizeof(raw));
	token_encode(raw, out);
	assert_string_equal(out, "__________________________________________8");
	for (i = 0; i < sizeof(raw); i++)
		raw[i] = (unsigned char)i;
	token_encode(raw, out);
	assert_string_equal(out, SEQ_TOKEN);
}

static void
test_decode(void **state)
{
	unsigned char raw[TOKEN_BYTES];
	size_t i;

	(void)state;
	assert_int_equal(token_decode(SEQ_TOKEN, raw), 0);
	for (i = 0; i < sizeof(raw); i++)
		assert_int_equal(raw[i], i);
	assert_int_equal(
	    token_decode("__________________________________________8", raw),
	    0);
	assert_int_equal(raw[0], 0xff);
	assert_int_equal(raw[31], 0xff);
}

/* Anything but the exact text of 32 bytes is refused. */
static void
test_decode_bad(void **state)
{
	static const char *const bad[] = {
		"",
		"AAAA",
		/* 42 and 44 characters */
		"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh",
		"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8A",
		/* padded */
		"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
		/* the standard alphabet's + and / */
		"+AECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
		"/AECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
		/* padding and white space inside */
		"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdH=8",
		"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdH 8",
		" AECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
		"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh\n",
		/* non-zero trailing bits: "9" is 61 = 0b111101 */
		"__________________________________________9",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB",
	};
	unsigned char raw[TOKEN_BYTES];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (token_decode(bad[i], raw) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
}

static void
test_new(void **state)
{
	char a[TOKEN_TEXTLEN + 1], b[TOKEN_TEXTLEN + 1];
	unsigned char raw[TOKEN_BYTES];

	(void)state;
	token_new(a);
	token_new(b);
	assert_int_equal(strlen(a), TOKEN_TEXTLEN);
	assert_int_equal(strspn(a, ALPHA64), TOKEN_TEXTLEN);
	assert_string_not_equal(a, b);
	assert_int_equal(token_decode(a, raw), 0);
	assert_int_equal(token_decode(b, raw), 0);
}

/* Returns the lower-case hex of a hash, in a static buffer. */
static const char *
hex(const unsigned char h[TOKEN_HASHLEN])
{
	static char s[TOKEN_HASHLEN * 2 + 1];

	return sodium_bin2hex(s, sizeof(s), h, TOKEN_HASHLEN);
}

/* Unkeyed BLAKE2b-256 of the text. */
static void
test_hash(void **state)
{
	unsigned char h[TOKEN_HASHLEN], h2[TOKEN_HASHLEN];

	(void)state;
	token_hash("abc", h);
	assert_string_equal(hex(h), "bddd813c634239723171ef3fee98579b"
				    "94964e3bb1cb3e427262c8c068d52319");
	token_hash("", h);
	assert_string_equal(hex(h), "0e5751c026e543b2e8ab2eb06099daa1"
				    "d1e5df47778f7787faab45cdf12fe3a8");
	token_hash(SEQ_TOKEN, h);
	token_hash(SEQ_TOKEN, h2);
	assert_memory_equal(h, h2, TOKEN_HASHLEN);
}

/* BLAKE2b-256 of the purpose keyed with the token's bytes. */
static void
test_derive(void **state)
{
	char out[TOKEN_TEXTLEN + 1], again[TOKEN_TEXTLEN + 1];
	char tok[TOKEN_TEXTLEN + 1];

	(void)state;
	assert_int_equal(token_derive(SEQ_TOKEN, "status", out), 0);
	assert_string_equal(out, "QtQINgLTZAbUi6UyARCh_RbheOJFW-IDQhN87eeSF9U");
	assert_int_equal(token_derive(SEQ_TOKEN, "other", out), 0);
	assert_string_equal(out, "e6IFe6Lst4Y9s-N2V-ogzy1PCEAOdPyGMFMAmemLmWU");
	token_new(tok);
	assert_int_equal(token_derive(tok, "status", out), 0);
	assert_int_equal(token_derive(tok, "status", again), 0);
	assert_string_equal(out, again);
	assert_string_not_equal(out, tok);
	assert_int_equal(strlen(out), TOKEN_TEXTLEN);
}

static void
test_derive_bad(void **state)
{
	char out[TOKEN_TEXTLEN + 1];

	(void)state;
	memset(out, 'x', sizeof(out));
	assert_int_equal(token_derive("", "status", out), -1);
	assert_int_equal(token_derive("short", "status", out), -1);
	assert_int_equal(token_derive(SEQ_TOKEN "=", "status", out), -1);
	assert_int_equal(out[0], 'x');
}

/* "PC-YYYY-" and eight characters that cannot be misread. */
static void
test_reference(void **state)
{
	char ref[32], other[32], small[9];
	size_t i;
	int differ = 0;

	(void)state;
	for (i = 0; i < 200; i++) {
		token_reference(2026, ref, sizeof(ref));
		assert_int_equal(strlen(ref), 16);
		assert_memory_equal(ref, "PC-2026-", 8);
		assert_int_equal(
		    strspn(ref + 8, "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"), 8);
		token_reference(2026, other, sizeof(other));
		differ += strcmp(ref, other) != 0;
	}
	assert_true(differ > 190);
	token_reference(987, ref, sizeof(ref));
	assert_memory_equal(ref, "PC-0987-", 8);
	token_reference(2026, small, sizeof(small));
	assert_string_equal(small, "PC-2026-");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_decode_bad),
		cmocka_unit_test(test_new),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_derive),
		cmocka_unit_test(test_derive_bad),
		cmocka_unit_test(test_reference),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
