/*
 * mail: the receipt built from a row with the real templates; Japanese
 * subjects survive RFC 2047 encoding, folded into short lines of whole
 * UTF-8 sequences; a line break in a header value is refused; the
 * Message-ID is the same for one row and differs between rows and keys.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "buf.h"
#include "mail.h"

#define NOW 1796547600 /* 2026-12-06 09:00:00 UTC, 18:00 in Japan */

static struct mail m;

static const struct mail_row receipt = {
	.id = "42",
	.kind = "receipt",
	.lang = "ja",
	.recipient = "taro@example.jp",
	.data =
	    "{\"reference\": \"PC-2026-ABCDEFGH\", \"date\": \"2026-12-06\", "
	    "\"link_path\": \"/status/TOKEN\"}",
};

static int
setup(void **state)
{
	char err[256];

	(void)state;
	memset(&m, 0, sizeof(m));
	m.from = "Corps Roster <noreply@corps.example.jp>";
	m.base_url = "https://corps.example.jp";
	memset(m.id_key, 7, sizeof(m.id_key));
	if (mail_load(&m, TEMPLATES_DIR, err, sizeof(err)) != 0)
		fail_msg("mail_load: %s", err);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	mail_free(&m);
	return 0;
}

/* Returns whether s[0..len) is whole, valid UTF-8. */
static int
valid_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;

	while (i < len) {
		if (s[i] < 0x80)
			n = 0;
		else if ((s[i] & 0xE0) == 0xC0)
			n = 1;
		else if ((s[i] & 0xF0) == 0xE0)
			n = 2;
		else if ((s[i] & 0xF8) == 0xF0)
			n = 3;
		else
			return 0;
		if (i + n >= len + (n == 0))
			return 0;
		for (k = 1; k <= n; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		i += n + 1;
	}
	return 1;
}

/*
 * Decodes a Subject header as a mail reader would: every line at most 76
 * characters, every encoded-word at most 75 and valid UTF-8 by itself.
 * Returns the text, which the caller frees.
 */
static char *
decode_subject(const char *h)
{
	unsigned char bin[256];
	struct buf out;
	const char *p, *e, *nl;
	size_t n;

	buf_init(&out);
	assert_memory_equal(h, "Subject: ", 9);
	for (p = h + 8; *p == ' '; p = nl + 2) {
		nl = strstr(p, "\r\n");
		assert_non_null(nl);
		assert_true(nl - (p == h + 8 ? h : p) <= 76);
		p++;
		assert_memory_equal(p, "=?UTF-8?B?", 10);
		e = strstr(p + 10, "?=");
		assert_ptr_equal(e + 2, nl);
		assert_true(nl - p <= 75);
		assert_int_equal(
		    sodium_base642bin(bin, sizeof(bin), p + 10,
				      (size_t)(e - p - 10), NULL, &n, NULL,
				      sodium_base64_VARIANT_ORIGINAL),
		    0);
		assert_true(valid_utf8(bin, n));
		buf_append(&out, bin, n);
	}
	assert_string_equal(p, "");
	return buf_detach(&out);
}

/* Encodes s alone and checks that it decodes back. */
static void
round_trip(const char *s)
{
	struct buf out;
	char *back;

	buf_init(&out);
	mail_encode_subject(&out, s, strlen(s));
	back = decode_subject(out.ptr);
	assert_string_equal(back, s);
	free(back);
	buf_free(&out);
}

static void
test_subject_round_trip(void **state)
{
	(void)state;
	round_trip("応募を受け付けました");
	round_trip("【国際平和協力隊】応募を受け付けました（受付番号 "
		   "PC-2026-ABCDEFGH）");
	round_trip("=?UTF-8?B?not-a-word?=");
	round_trip("a");
	/* Every offset of a 3-byte sequence against the 39-byte cut. */
	round_trip("x"
		   "あいうえおかきくけこさしすせそたちつてと");
	round_trip("xy"
		   "あいうえおかきくけこさしすせそたちつてと");
	round_trip("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀");
}

/* Returns the header line of name in msg, up to the next header. */
static char *
header(const char *msg, const char *name)
{
	const char *s = strstr(msg, name), *e;

	assert_non_null(s);
	for (e = s; !(e[0] == '\r' && e[1] == '\n' && e[2] != ' '); e++)
		;
	return strndup(s, (size_t)(e - s) + 2);
}

static void
test_receipt(void **state)
{
	struct buf out;
	char err[128], *subj, *h;
	const char *body;

	(void)state;
	buf_init(&out);
	assert_int_equal(mail_build(&m, &receipt, NOW, &out, err, sizeof(err)),
			 0);
	assert_non_null(strstr(out.ptr, "Date: Sun, 06 Dec 2026 18:00:00 "
					"+0900\r\n"));
	assert_non_null(strstr(out.ptr, "\r\nFrom: Corps Roster "
					"<noreply@corps.example.jp>\r\n"));
	assert_null(strstr(out.ptr, "Reply-To:"));
	assert_non_null(strstr(out.ptr, "\r\nTo: taro@example.jp\r\n"));
	assert_non_null(strstr(out.ptr, "Content-Type: text/plain; "
					"charset=UTF-8\r\n"));
	h = header(out.ptr, "Subject: ");
	subj = decode_subject(h);
	assert_string_equal(subj, "【国際平和協力隊】応募を受け付けました"
				  "（受付番号 PC-2026-ABCDEFGH）");
	body = strstr(out.ptr, "\r\n\r\n");
	assert_non_null(body);
	assert_true(valid_utf8((const unsigned char *)body, strlen(body)));
	assert_non_null(strstr(body, "PC-2026-ABCDEFGH\r\n"));
	assert_non_null(strstr(body, "2026-12-06\r\n"));
	assert_non_null(strstr(body, "\r\nhttps://corps.example.jp/status/TOKEN"
				     "\r\n"));
	assert_null(strstr(body, "&amp;"));
	assert_null(strstr(body, "\n\n"));
	free(subj);
	free(h);
	buf_free(&out);
}

/*
 * A row whose private link was erased (it failed for good, then an
 * administrator resent it) leads to the lost-link page instead of a
 * broken link, in both kinds that carry one.
 */
static void
test_no_link(void **state)
{
	static const char *const kinds[] = { "receipt", "lost_link" };
	struct mail_row row = receipt;
	struct buf out;
	char err[128];
	size_t i;

	(void)state;
	row.data = "{\"reference\": \"PC-2026-ABCDEFGH\", "
		   "\"date\": \"2026-12-06\"}";
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		row.kind = kinds[i];
		buf_init(&out);
		assert_int_equal(
		    mail_build(&m, &row, NOW, &out, err, sizeof(err)), 0);
		assert_null(strstr(out.ptr, "/status/"));
		assert_non_null(strstr(out.ptr, "\r\nhttps://corps.example.jp/"
						"lost-link\r\n"));
		buf_free(&out);
	}
}

/* A CR or LF in the recipient or an odd address fails the row. */
static void
test_header_injection(void **state)
{
	static const char *const bad[] = {
		"taro@example.jp\r\nBcc: eve@example.jp",
		"taro@example.jp\nBcc: eve@example.jp",
		"taro@example.jp\r",
		"Eve <eve@example.jp>",
		"taro@exa mple.jp",
		"太郎@example.jp",
	};
	struct mail_row row = receipt;
	struct buf out;
	char err[128];
	size_t i;

	(void)state;
	buf_init(&out);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		row.recipient = bad[i];
		buf_reset(&out);
		assert_int_equal(
		    mail_build(&m, &row, NOW, &out, err, sizeof(err)), -1);
		assert_string_equal(err, "recipient refused as a header");
	}
	row = receipt;
	row.data = "{\"reference\": \"PC\\r\\nBcc: eve@example.jp\"}";
	buf_reset(&out);
	assert_int_equal(mail_build(&m, &row, NOW, &out, err, sizeof(err)), -1);
	assert_null(strstr(out.ptr, "\nBcc"));
	buf_free(&out);
}

static void
test_message_id(void **state)
{
	struct buf a, b;

	(void)state;
	buf_init(&a);
	buf_init(&b);
	mail_message_id(&m, "42", &a);
	mail_message_id(&m, "42", &b);
	assert_string_equal(a.ptr, b.ptr);
	assert_memory_equal(a.ptr, "<corps.outbox.42.", 17);
	assert_non_null(strstr(a.ptr, "@corps.example.jp>"));
	buf_reset(&b);
	mail_message_id(&m, "43", &b);
	assert_string_not_equal(a.ptr, b.ptr);
	m.id_key[0] ^= 1;
	buf_reset(&b);
	mail_message_id(&m, "42", &b);
	m.id_key[0] ^= 1;
	assert_string_not_equal(a.ptr, b.ptr);
	buf_free(&a);
	buf_free(&b);
}

static void
test_address(void **state)
{
	char a[64];

	(void)state;
	assert_int_equal(mail_address("N <a@b.jp>", a, sizeof(a)), 0);
	assert_string_equal(a, "a@b.jp");
	assert_int_equal(mail_address("a@b.jp", a, sizeof(a)), 0);
	assert_int_equal(mail_address("a@b.jp>", a, sizeof(a)), -1);
	assert_int_equal(mail_address("N <a@b.jp> x", a, sizeof(a)), -1);
	assert_int_equal(mail_address("@b.jp", a, sizeof(a)), -1);
	assert_int_equal(mail_address("a@b@c", a, sizeof(a)), -1);
	assert_int_equal(mail_address("a", a, sizeof(a)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subject_round_trip),
		cmocka_unit_test(test_receipt),
		cmocka_unit_test(test_no_link),
		cmocka_unit_test(test_header_injection),
		cmocka_unit_test(test_message_id),
		cmocka_unit_test(test_address),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
