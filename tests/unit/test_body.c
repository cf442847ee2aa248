/*
 * body: reading a POST body through libfcgi's stream interface, with an
 * in-memory stream standing in for the connection: CONTENT_LENGTH parsed
 * strictly and never read past, short bodies refused, the media types a
 * form sends parsed, every other refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <fcgiapp.h>

#include "body.h"
#include "kv.h"
#include "multipart.h"
#include "req.h"

#define MAX    1000
#define URLENC "application/x-www-form-urlencoded"
#define MULTI  "multipart/form-data; boundary=XyZ"

/* The connection has nothing more: end of the body. */
static void
eof(FCGX_Stream *s)
{
	s->isClosed = 1;
}

/* One request with its environment and body stream. */
struct fake {
	FCGX_Request fcgi;
	FCGX_Stream in;
	char *envp[3];
	char cl[64], ct[128];
	struct req r;
};

/*
 * Sets up a request with the len bytes of body on its stream; a NULL
 * length or type leaves that variable out.
 */
static void
fake_init(struct fake *f, const char *length, const char *type,
	  const char *body, size_t len)
{
	size_t n = 0;

	memset(f, 0, sizeof(*f));
	if (length != NULL) {
		snprintf(f->cl, sizeof(f->cl), "CONTENT_LENGTH=%s", length);
		f->envp[n++] = f->cl;
	}
	if (type != NULL) {
		snprintf(f->ct, sizeof(f->ct), "CONTENT_TYPE=%s", type);
		f->envp[n++] = f->ct;
	}
	f->envp[n] = NULL;
	f->in.rdNext = f->in.stopUnget = (unsigned char *)body;
	f->in.stop = (unsigned char *)body + len;
	f->in.isReader = 1;
	f->in.fillBuffProc = eof;
	f->fcgi.in = &f->in;
	f->fcgi.envp = f->envp;
	f->r.fcgi = &f->fcgi;
	kv_init(&f->r.form);
}

static void
fake_free(struct fake *f)
{
	kv_free(&f->r.form);
	mp_free(f->r.mp);
}

/* Runs body_read with the cap MAX and returns its status. */
static int
run(const char *length, const char *type, const char *body, size_t len,
    struct fake *f)
{
	fake_init(f, length, type, body, len);
	return body_read(&f->r, MAX);
}

static void
test_urlencoded(void **state)
{
	static const char body[] = "a=1&b=%E5%B1%B1&c=x+y";
	struct fake f;

	(void)state;
	assert_int_equal(run("21", URLENC, body, 21, &f), 0);
	assert_int_equal(f.r.form.n, 3);
	assert_string_equal(kv_get(&f.r.form, "a"), "1");
	assert_string_equal(kv_get(&f.r.form, "b"), "山");
	assert_string_equal(kv_get(&f.r.form, "c"), "x y");
	fake_free(&f);
	/* Parameters after the type, and any case. */
	assert_int_equal(run("3", URLENC "; charset=UTF-8", "a=1", 3, &f), 0);
	assert_string_equal(kv_get(&f.r.form, "a"), "1");
	fake_free(&f);
	assert_int_equal(
	    run("3", "Application/X-WWW-Form-URLEncoded", "a=1", 3, &f), 0);
	fake_free(&f);
	assert_int_equal(run("0", URLENC, "", 0, &f), 0);
	assert_int_equal(f.r.form.n, 0);
	fake_free(&f);
}

/* Only CONTENT_LENGTH bytes are read, whatever follows. */
static void
test_reads_only_length(void **state)
{
	struct fake f;

	(void)state;
	assert_int_equal(run("3", URLENC, "a=1&b=2", 7, &f), 0);
	assert_int_equal(f.r.form.n, 1);
	assert_null(kv_get(&f.r.form, "b"));
	assert_ptr_equal(f.in.rdNext, f.in.stop - 4);
	fake_free(&f);
}

/* A body shorter than announced was cut off on the way. */
static void
test_short(void **state)
{
	struct fake f;

	(void)state;
	assert_int_equal(run("8", URLENC, "a=1&b=2", 7, &f), 400);
	fake_free(&f);
	assert_int_equal(run("1", URLENC, "", 0, &f), 400);
	fake_free(&f);
}

static void
test_length_bad(void **state)
{
	static const char *const bad[] = {
		"",    "abc", "-1",  "+3",  " 3", "3 ",
		"3\n", "0x3", "3.0", "1e2", "３", "000000000000000000003",
	};
	struct fake f;
	size_t i;

	(void)state;
	assert_int_equal(run(NULL, URLENC, "a=1", 3, &f), 400);
	fake_free(&f);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (run(bad[i], URLENC, "a=1", 3, &f) != 400)
			fail_msg("CONTENT_LENGTH \"%s\" accepted", bad[i]);
		fake_free(&f);
	}
	/* Leading zeros are still a number. */
	assert_int_equal(run("003", URLENC, "a=1", 3, &f), 0);
	fake_free(&f);
}

static void
test_length_cap(void **state)
{
	static char body[MAX + 1];
	struct fake f;

	(void)state;
	memset(body, 'a', sizeof(body));
	assert_int_equal(run("1000", URLENC, body, MAX, &f), 0);
	assert_int_equal(f.r.form.n, 1);
	fake_free(&f);
	assert_int_equal(run("1001", URLENC, body, MAX + 1, &f), 413);
	fake_free(&f);
	assert_int_equal(run("99999999999999999999", URLENC, body, 0, &f), 413);
	fake_free(&f);
	assert_int_equal(run("18446744073709551617", URLENC, body, 0, &f), 413);
	fake_free(&f);
	/* The length is checked before the type. */
	assert_int_equal(run("1001", "text/plain", body, 0, &f), 413);
	fake_free(&f);
}

static void
test_type_bad(void **state)
{
	static const char *const bad[] = {
		"",
		"text/plain",
		"application/json",
		"application/x-www-form-urlencodedx",
		"application/x-www-form",
		"multipart/mixed; boundary=XyZ",
		"multipart/form-dataX; boundary=XyZ",
	};
	struct fake f;
	size_t i;

	(void)state;
	assert_int_equal(run("3", NULL, "a=1", 3, &f), 415);
	fake_free(&f);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (run("3", bad[i], "a=1", 3, &f) != 415)
			fail_msg("CONTENT_TYPE \"%s\" accepted", bad[i]);
		fake_free(&f);
	}
}

/* Strict parsing: invalid UTF-8 and NUL refuse the whole body. */
static void
test_urlencoded_bad(void **state)
{
	static const char *const bad[] = { "a=%FF", "a=%00", "a=%C3%28",
					   "%FF=1" };
	struct fake f;
	char len[24];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(len, sizeof(len), "%zu", strlen(bad[i]));
		if (run(len, URLENC, bad[i], strlen(bad[i]), &f) != 400)
			fail_msg("\"%s\" accepted", bad[i]);
		fake_free(&f);
	}
}

#define PART(name) "--XyZ\r\nContent-Disposition: form-data; name=\"" name "\""

static void
test_multipart(void **state)
{
	static const char body[] = PART(
	    "family_kanji") "\r\n\r\n"
			    "山田\r\n" PART(
				"cv") "; filename=\"cv.pdf\"\r\n"
				      "Content-Type: application/pdf\r\n\r\n"
				      "%PDF-1.7\0x\r\n"
				      "--XyZ--\r\n";
	const struct mp_part *p;
	struct fake f;
	char len[24];

	(void)state;
	snprintf(len, sizeof(len), "%zu", sizeof(body) - 1);
	assert_int_equal(run(len, MULTI, body, sizeof(body) - 1, &f), 0);
	assert_int_equal(f.r.form.n, 1);
	assert_string_equal(kv_get(&f.r.form, "family_kanji"), "山田");
	assert_non_null(f.r.mp);
	assert_int_equal(mp_nparts(f.r.mp), 2);
	p = mp_part(f.r.mp, 1);
	assert_string_equal(p->filename, "cv.pdf");
	assert_int_equal(p->data.len, 10);
	assert_memory_equal(p->data.ptr, "%PDF-1.7\0x", 10);
	fake_free(&f);
}

/* Fields must be clean UTF-8 without NUL; files may hold anything. */
static void
test_multipart_bad(void **state)
{
	static const struct {
		const char *body;
		size_t len;
		int status;
	} c[] = {
#define C(s, st) { s, sizeof(s) - 1, st }
		C(PART("a") "\r\n\r\n\xff\r\n--XyZ--\r\n", 400),
		C(PART("a") "\r\n\r\nx\0y\r\n--XyZ--\r\n", 400),
		C(PART("\xff") "\r\n\r\nx\r\n--XyZ--\r\n", 400),
		C(PART("a") "\r\n\r\nx\r\n--XyZ", 400),
		C("junk\r\n" PART("a") "\r\n\r\nx\r\n--XyZ--\r\n", 400),
		C(PART("f") "; filename=\"a\"\r\n\r\n\xff\0\r\n--XyZ--\r\n", 0),
#undef C
	};
	struct fake f;
	char len[24];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(len, sizeof(len), "%zu", c[i].len);
		if (run(len, MULTI, c[i].body, c[i].len, &f) != c[i].status)
			fail_msg("case %zu: want %d", i, c[i].status);
		fake_free(&f);
	}
	/* No boundary to split on. */
	assert_int_equal(run("5", "multipart/form-data", "--x--", 5, &f), 400);
	fake_free(&f);
}

/* A field part over 64 KiB is too large, not malformed. */
static void
test_multipart_field_cap(void **state)
{
	struct buf b;
	struct fake f;
	char len[16];
	size_t n;

	(void)state;
	buf_init(&b);
	buf_puts(&b, PART("a") "\r\n\r\n");
	for (n = 0; n < 65537; n++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\r\n--XyZ--\r\n");
	snprintf(len, sizeof(len), "%zu", b.len);
	fake_init(&f, len, MULTI, b.ptr, b.len);
	assert_int_equal(body_read(&f.r, 1 << 20), 413);
	fake_free(&f);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urlencoded),
		cmocka_unit_test(test_reads_only_length),
		cmocka_unit_test(test_short),
		cmocka_unit_test(test_length_bad),
		cmocka_unit_test(test_length_cap),
		cmocka_unit_test(test_type_bad),
		cmocka_unit_test(test_urlencoded_bad),
		cmocka_unit_test(test_multipart),
		cmocka_unit_test(test_multipart_bad),
		cmocka_unit_test(test_multipart_field_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
