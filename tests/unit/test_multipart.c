#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <sodium.h>

#include "buf.h"
#include "multipart.h"

#define CASES_DIR TESTDATA_DIR "/python-multipart-http"
#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))
#define B	  "XyZ" /* boundary of the hand-written bodies */
#define CD	  "Content-Disposition: form-data; "
#define MIB	  ((size_t)1024 * 1024)

enum run_result { RUN_OK, RUN_FEED_FAILED, RUN_FINISH_FAILED };

/* Every body is fed whole (0) and in chunks of each of these sizes. */
static const size_t chunks[] = { 0, 1, 2, 3, 7, 64 };

static const struct mp_limits roomy = { 100, 8192, 5 * MIB, 64 * 1024 };

static struct json_object *cases; /* cases.json, loaded by main */

/*
 * Feeds body to a new parser in chunks of chunk bytes (0: all at once),
 * stopping at the first failure, then finishes it.  The caller frees the
 * returned parser.
 */
static struct mp_parser *
run(const char *boundary, const struct mp_limits *lim, const char *body,
    size_t len, size_t chunk, enum run_result *res)
{
	struct mp_parser *p;
	size_t off, n;

	p = mp_new(boundary, lim);
	assert_non_null(p);
	*res = RUN_OK;
	for (off = 0; off < len; off += n) {
		n = chunk == 0 || chunk > len - off ? len - off : chunk;
		if (mp_feed(p, body + off, n) == -1) {
			*res = RUN_FEED_FAILED;
			return p;
		}
	}
	if (mp_finish(p) == -1)
		*res = RUN_FINISH_FAILED;
	return p;
}

/* Reads a whole file into b. */
static void
slurp(const char *path, struct buf *b)
{
	FILE *f;
	char tmp[4096];
	size_t n;

	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_append(b, tmp, n);
	assert_false(ferror(f));
	fclose(f);
}

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return NULL;
	return json_object_get_string(v);
}

/* Compares one parsed part with its expectation from cases.json. */
static void
check_part(const char *what, const struct mp_part *got,
	   struct json_object *want)
{
	const char *b64, *fn, *ct;
	unsigned char *bin;
	size_t binlen, maxlen;

	assert_non_null(got);
	if (strcmp(got->name, jstr(want, "name")) != 0)
		fail_msg("%s: name %s", what, got->name);
	fn = jstr(want, "filename");
	if (strcmp(jstr(want, "type"), "file") == 0) {
		assert_non_null(fn);
		if (got->filename == NULL || strcmp(got->filename, fn) != 0)
			fail_msg("%s: filename %s", what, got->filename);
		/* Upstream checks content_type of neither; files only here. */
		ct = jstr(want, "content_type");
		assert_non_null(ct);
		if (got->content_type == NULL || strcmp(got->content_type, ct))
			fail_msg("%s: type %s", what, got->content_type);
	} else if (got->filename != NULL)
		fail_msg("%s: field has filename %s", what, got->filename);
	b64 = jstr(want, "data");
	maxlen = strlen(b64) / 4 * 3 + 3;
	bin = malloc(maxlen);
	assert_non_null(bin);
	assert_int_equal(sodium_base642bin(bin, maxlen, b64, strlen(b64), NULL,
					   &binlen, NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	if (got->data.len != binlen || memcmp(got->data.ptr, bin, binlen) != 0)
		fail_msg("%s: data differs (%zu bytes, want %zu)", what,
			 got->data.len, binlen);
	free(bin);
}

/* Checks a parser that should have failed as python-multipart does. */
static void
check_error(const char *what, struct mp_parser *p, enum run_result res,
	    struct json_object *c)
{
	struct json_object *off;

	if (res != RUN_FEED_FAILED)
		fail_msg("%s: accepted", what);
	assert_int_equal(mp_error(p), MP_MALFORMED);
	assert_true(json_object_object_get_ex(c, "error_offset", &off));
	if (mp_error_offset(p) != (size_t)json_object_get_int64(off))
		fail_msg("%s: refused at %zu, python-multipart at %lld", what,
			 mp_error_offset(p),
			 (long long)json_object_get_int64(off));
}

/* One case of cases.json, fed whole and in every chunk size. */
static void
test_case(void **state)
{
	struct json_object *c = *state, *parts;
	struct buf body, path;
	struct mp_parser *p;
	enum run_result res;
	char what[256];
	size_t i, k;

	buf_init(&body);
	buf_init(&path);
	buf_printf(&path, "%s/%s", CASES_DIR, jstr(c, "file"));
	slurp(path.ptr, &body);
	for (k = 0; k < NITEMS(chunks); k++) {
		snprintf(what, sizeof(what), "%s, chunk %zu", jstr(c, "name"),
			 chunks[k]);
		p = run(jstr(c, "boundary"), &roomy, body.ptr, body.len,
			chunks[k], &res);
		if (!json_object_object_get_ex(c, "parts", &parts)) {
			check_error(what, p, res, c);
			mp_free(p);
			continue;
		}
		if (res != RUN_OK)
			fail_msg("%s: refused at %zu", what,
				 mp_error_offset(p));
		if (mp_nparts(p) != json_object_array_length(parts))
			fail_msg("%s: %zu parts", what, mp_nparts(p));
		for (i = 0; i < mp_nparts(p); i++)
			check_part(what, mp_part(p, i),
				   json_object_array_get_idx(parts, i));
		assert_null(mp_part(p, mp_nparts(p)));
		mp_free(p);
	}
	buf_free(&body);
	buf_free(&path);
}

/* The data set is all there: a lost file must not pass silently. */
static void
test_cases_complete(void **state)
{
	size_t i, errors = 0;

	(void)state;
	assert_int_equal(json_object_array_length(cases), 30);
	for (i = 0; i < 30; i++)
		if (jstr(json_object_array_get_idx(cases, i), "error") != NULL)
			errors++;
	assert_int_equal(errors, 8);
}

/* Parses body with lim in every chunk size, expecting res and err. */
static void
expect(const char *body, size_t len, const struct mp_limits *lim,
       enum run_result want, enum mp_error err)
{
	struct mp_parser *p;
	enum run_result res;
	size_t k;

	for (k = 0; k < NITEMS(chunks); k++) {
		p = run(B, lim, body, len, chunks[k], &res);
		if (res != want || mp_error(p) != err)
			fail_msg("chunk %zu: result %d error %d for:\n%.*s",
				 chunks[k], res, mp_error(p), (int)len, body);
		mp_free(p);
	}
}

#define EXPECT(body, lim, res, err)                                            \
	expect(body, sizeof(body) - 1, lim, res, err)

static void
test_limit_parts(void **state)
{
	struct mp_limits lim = roomy;

	(void)state;
	lim.max_parts = 2;
	EXPECT("--" B "\r\n" CD "name=a\r\n\r\n1\r\n"
	       "--" B "\r\n" CD "name=b\r\n\r\n2\r\n--" B "--",
	       &lim, RUN_OK, MP_OK);
	EXPECT("--" B "\r\n" CD "name=a\r\n\r\n1\r\n"
	       "--" B "\r\n" CD "name=b\r\n\r\n2\r\n"
	       "--" B "\r\n" CD "name=c\r\n\r\n3\r\n--" B "--",
	       &lim, RUN_FEED_FAILED, MP_TOO_LARGE);
}

static void
test_limit_data(void **state)
{
	struct mp_limits lim = roomy;

	(void)state;
	lim.max_part_bytes = 10;
	lim.max_field_bytes = 5;
	EXPECT("--" B "\r\n" CD "name=f; filename=a\r\n\r\n0123456789\r\n"
	       "--" B "\r\n" CD "name=g\r\n\r\n01234\r\n--" B "--",
	       &lim, RUN_OK, MP_OK);
	EXPECT("--" B "\r\n" CD "name=f; filename=a\r\n\r\n0123456789X\r\n"
	       "--" B "--",
	       &lim, RUN_FEED_FAILED, MP_TOO_LARGE);
	EXPECT("--" B "\r\n" CD "name=g\r\n\r\n012345\r\n--" B "--", &lim,
	       RUN_FEED_FAILED, MP_TOO_LARGE);
	/* A delimiter-like run held back, then given back as data, counts. */
	EXPECT("--" B "\r\n" CD "name=g\r\n\r\n012\r\n--X\r\n--" B "--", &lim,
	       RUN_FEED_FAILED, MP_TOO_LARGE);
	/* Decoded bytes count: 16 base64 characters are 10 bytes. */
	EXPECT("--" B "\r\n" CD "name=f; filename=a\r\n"
	       "Content-Transfer-Encoding: base64\r\n\r\n"
	       "MDEyMzQ1Njc4OQ==\r\n--" B "--",
	       &lim, RUN_OK, MP_OK);
}

static void
test_limit_header(void **state)
{
	static const char body[] =
	    "--" B "\r\n" CD "name=a\r\n\r\nv\r\n--" B "--";
	struct mp_limits lim = roomy;

	(void)state;
	/* The block is the header line and the empty line after it. */
	lim.max_header_bytes = sizeof(CD "name=a\r\n\r\n") - 1;
	EXPECT(body, &lim, RUN_OK, MP_OK);
	lim.max_header_bytes--;
	EXPECT(body, &lim, RUN_FEED_FAILED, MP_TOO_LARGE);
}

/* A 5 MiB file of every byte value, fed in odd chunks, comes out whole. */
static void
test_big_file(void **state)
{
	static const unsigned char seed[randombytes_SEEDBYTES] = { 1 };
	struct mp_limits lim = roomy;
	struct mp_parser *p;
	enum run_result res;
	struct buf body;
	size_t head;

	(void)state;
	buf_init(&body);
	buf_puts(&body, "--" B "\r\n" CD "name=cv; filename=\"cv.pdf\"\r\n"
			"Content-Type: application/pdf\r\n\r\n");
	head = body.len;
	buf_reserve(&body, 5 * MIB);
	randombytes_buf_deterministic(body.ptr + head, 5 * MIB, seed);
	body.len += 5 * MIB;
	buf_puts(&body, "\r\n--" B "--\r\n");
	p = run(B, &lim, body.ptr, body.len, 4093, &res);
	assert_int_equal(res, RUN_OK);
	assert_int_equal(mp_nparts(p), 1);
	assert_int_equal(mp_part(p, 0)->data.len, 5 * MIB);
	assert_memory_equal(mp_part(p, 0)->data.ptr, body.ptr + head, 5 * MIB);
	mp_free(p);
	lim.max_part_bytes = 5 * MIB - 1;
	p = run(B, &lim, body.ptr, body.len, 0, &res);
	assert_int_equal(res, RUN_FEED_FAILED);
	assert_int_equal(mp_error(p), MP_TOO_LARGE);
	mp_free(p);
	buf_free(&body);
}

static void
test_boundary(void **state)
{
	static const struct {
		const char *header;
		const char *want; /* NULL: refused */
	} t[] = {
		{ "multipart/form-data; boundary=abc", "abc" },
		{ "Multipart/Form-Data; BOUNDARY=abc", "abc" },
		{ "  multipart/form-data ;boundary=abc  ", "abc" },
		{ "multipart/form-data; charset=utf-8; boundary=----WebKit1",
		  "----WebKit1" },
		{ "multipart/form-data; boundary=\"a b:c?d=(e)/f,g\"",
		  "a b:c?d=(e)/f,g" },
		{ "multipart/form-data; boundary=\"a\\bc\"", "abc" },
		{ "multipart/form-data; "
		  "boundary=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaa" },
		{ "multipart/form-data; "
		  "boundary=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  NULL },
		{ "multipart/mixed; boundary=abc", NULL },
		{ "multipart/form-dataX; boundary=abc", NULL },
		{ "text/plain", NULL },
		{ "multipart/form-data", NULL },
		{ "multipart/form-data; charset=utf-8", NULL },
		{ "multipart/form-data; boundary=", NULL },
		{ "multipart/form-data; boundary=\"\"", NULL },
		{ "multipart/form-data; boundary=\"abc \"", NULL },
		{ "multipart/form-data; boundary=ab!c", NULL },
		{ "multipart/form-data; boundary=\"abc", NULL },
		{ "multipart/form-data; boundary=\"ab\"c", NULL },
		{ "multipart/form-data; boundary=abc; boundary=abd", NULL },
		{ "multipart/form-data; boundary=abc;", NULL },
	};
	char out[MP_BOUNDARY_MAX + 1];
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(t); i++) {
		memset(out, 0, sizeof(out));
		if (t[i].want == NULL) {
			if (mp_boundary(t[i].header, out, sizeof(out)) != -1)
				fail_msg("accepted %s", t[i].header);
			continue;
		}
		if (mp_boundary(t[i].header, out, sizeof(out)) != 0)
			fail_msg("refused %s", t[i].header);
		assert_string_equal(out, t[i].want);
	}
	assert_int_equal(mp_boundary(NULL, out, sizeof(out)), -1);
	assert_int_equal(
	    mp_boundary("multipart/form-data; boundary=abc", out, 3), -1);
	assert_int_equal(
	    mp_boundary("multipart/form-data; boundary=abc", out, 4), 0);
	assert_null(mp_new("", &roomy));
	assert_null(mp_new("ab!c", &roomy));
}

static void
test_truncated(void **state)
{
	static const char *t[] = {
		"",
		"--" B,
		"--" B "\r\n" CD "name=a\r\n",
		"--" B "\r\n" CD "name=a\r\n\r\nvalue",
		"--" B "\r\n" CD "name=a\r\n\r\nvalue\r\n--" B,
		"--" B "\r\n" CD "name=a\r\n\r\nvalue\r\n--" B "-",
		"--" B "\r\n" CD "name=a\r\n\r\nvalue\r\n--" B "\r\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(t); i++)
		expect(t[i], strlen(t[i]), &roomy, RUN_FINISH_FAILED,
		       MP_MALFORMED);
}

static void
test_malformed(void **state)
{
	static const char *t[] = {
		"preamble\r\n--" B "\r\n" CD "name=a\r\n\r\nv\r\n--" B "--",
		"--" B "\r\nContent-Type: text/plain\r\n\r\nv\r\n--" B "--",
		"--" B "\r\n" CD "filename=\"a\"\r\n\r\nv\r\n--" B "--",
		"--" B "\r\n" CD "name=\"\"\r\n\r\nv\r\n--" B "--",
		"--" B "\r\nContent-Disposition: attachment; name=a\r\n\r\n"
		"v\r\n--" B "--",
		"--" B "\r\n" CD "name=\"a\r\n\r\nv\r\n--" B "--",
		"--" B "\r\n" CD "name=a; name=b\r\n\r\nv\r\n--" B "--",
		"--" B "\r\n" CD "name=a\r\n" CD "name=a\r\n\r\nv\r\n--" B "--",
		"--" B "\r\n" CD "name=a;\r\n\r\nv\r\n--" B "--",
		"--" B "\r\n" CD "name=a b\r\n\r\nv\r\n--" B "--",
		"--" B "\r\n" CD "name=a\n\r\n\r\nv\r\n--" B "--",
		"--" B "\r\nContent-Disposition: form-data\r\n ; name=a\r\n\r\n"
		"v\r\n--" B "--",
		"--" B "\r\nContent Type: x\r\n" CD "name=a\r\n\r\nv\r\n--" B
		"--",
		"--" B "\r\n" CD "name=a\r\nX-A: \x01\r\n\r\nv\r\n--" B "--",
		"--" B "\r\n" CD "name=a\r\nContent-Transfer-Encoding: gzip\r\n"
		"\r\nv\r\n--" B "--",
		"--" B "\r\n" CD
		"name=a\r\nContent-Transfer-Encoding: base64\r\n"
		"\r\nVGVz!A==\r\n--" B "--",
		"--" B "\r\n" CD
		"name=a\r\nContent-Transfer-Encoding: base64\r\n"
		"\r\nVGVzd\r\n--" B "--",
		"--" B "\r\n" CD
		"name=a\r\nContent-Transfer-Encoding: base64\r\n"
		"\r\nVG==VGVz\r\n--" B "--",
		"--" B "\r\n" CD "name=a\r\nContent-Transfer-Encoding: "
		"quoted-printable\r\n\r\na=ZZ\r\n--" B "--",
		"--" B "\r\n" CD "name=a\r\nContent-Transfer-Encoding: "
		"quoted-printable\r\n\r\na=\r\n--" B "--",
	};
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(t); i++)
		expect(t[i], strlen(t[i]), &roomy, RUN_FEED_FAILED,
		       MP_MALFORMED);
	/* A NUL in a header value would cut the C string short. */
	EXPECT("--" B "\r\n" CD "name=a\0b\r\n\r\nv\r\n--" B "--", &roomy,
	       RUN_FEED_FAILED, MP_MALFORMED);
}

/* Parses body whole and in every chunk size, checking each part. */
static void
expect_parts(const char *body, size_t len, const struct mp_part *want, size_t n)
{
	const struct mp_part *got;
	struct mp_parser *p;
	enum run_result res;
	size_t i, k;

	for (k = 0; k < NITEMS(chunks); k++) {
		p = run(B, &roomy, body, len, chunks[k], &res);
		assert_int_equal(res, RUN_OK);
		assert_int_equal(mp_nparts(p), n);
		for (i = 0; i < n; i++) {
			got = mp_part(p, i);
			assert_string_equal(got->name, want[i].name);
			if (want[i].filename == NULL)
				assert_null(got->filename);
			else
				assert_string_equal(got->filename,
						    want[i].filename);
			if (want[i].content_type == NULL)
				assert_null(got->content_type);
			else
				assert_string_equal(got->content_type,
						    want[i].content_type);
			assert_int_equal(got->data.len, want[i].data.len);
			assert_memory_equal(got->data.ptr, want[i].data.ptr,
					    want[i].data.len);
		}
		mp_free(p);
	}
}

#define DATA(s)                                                                \
	{                                                                      \
		(char *)(s), sizeof(s) - 1, sizeof(s)                          \
	}

static void
test_japanese(void **state)
{
	static const char body[] =
	    "--" B "\r\n" CD "name=\"氏名\"\r\n\r\n山田 太郎\r\n"
	    "--" B "\r\n" CD "name=\"履歴書\"; filename=\"履歴書 2024.pdf\"\r\n"
	    "Content-Type: application/pdf\r\n\r\n"
	    "%PDF-1.4\r\n\0\r\n--XyZZ\r\n--Xy\r\r\n--" B "-x\r\n--" B "--";
	static const struct mp_part want[] = {
		{ "氏名", NULL, NULL, DATA("山田 太郎") },
		{ "履歴書", "履歴書 2024.pdf", "application/pdf",
		  DATA("%PDF-1.4\r\n\0\r\n--XyZZ\r\n--Xy\r\r\n--" B "-x") },
	};

	(void)state;
	expect_parts(body, sizeof(body) - 1, want, NITEMS(want));
}

static void
test_params(void **state)
{
	static const char body[] =
	    "\r\n\r\n--" B "\r\n"
	    "content-disposition:FORM-DATA;NAME=\"a\\\"b\\\\c\";"
	    " Filename = \"x;y.txt\"; filename*=UTF-8''z.txt\r\n"
	    "X-Unknown: ignored\r\n"
	    "Content-Type: \t text/plain; charset=\"utf-8\" \t\r\n\r\n"
	    "v\r\n--" B "\r\n" CD "name=empty; filename=\"\"\r\n\r\n"
	    "\r\n--" B "\r\n" CD "name=qp\r\n"
	    "Content-Transfer-Encoding: Quoted-Printable\r\n\r\n"
	    "caf=C3=a9=\r\n!\r\n--" B "--\r\nepilogue";
	static const struct mp_part want[] = {
		{ "a\"b\\c", "x;y.txt", "text/plain; charset=\"utf-8\"",
		  DATA("v") },
		{ "empty", "", NULL, DATA("") },
		{ "qp", NULL, NULL, DATA("caf\xc3\xa9!") },
	};

	(void)state;
	expect_parts(body, sizeof(body) - 1, want, NITEMS(want));
}

/* After an error every call fails, even with good input. */
static void
test_sticky(void **state)
{
	struct mp_parser *p;

	(void)state;
	p = mp_new(B, &roomy);
	assert_non_null(p);
	assert_int_equal(mp_feed(p, "--" B "\r\nbad line\r\n", 17), -1);
	assert_int_equal(mp_error(p), MP_MALFORMED);
	assert_int_equal(mp_error_offset(p), 10); /* the space */
	assert_int_equal(mp_feed(p, "--" B "--", 7), -1);
	assert_int_equal(mp_finish(p), -1);
	assert_int_equal(mp_error(p), MP_MALFORMED);
	assert_int_equal(mp_nparts(p), 0);
	mp_free(p);
}

int
main(void)
{
	static const struct CMUnitTest own[] = {
		cmocka_unit_test(test_cases_complete),
		cmocka_unit_test(test_limit_parts),
		cmocka_unit_test(test_limit_data),
		cmocka_unit_test(test_limit_header),
		cmocka_unit_test(test_big_file),
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_japanese),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_sticky),
	};
	struct CMUnitTest *t;
	struct json_object *c;
	size_t i, n;
	int rc;

	if (sodium_init() < 0)
		return 1;
	cases = json_object_from_file(CASES_DIR "/cases.json");
	if (cases == NULL || !json_object_is_type(cases, json_type_array)) {
		fprintf(stderr, "cannot load %s/cases.json\n", CASES_DIR);
		return 1;
	}
	n = json_object_array_length(cases);
	if ((t = calloc(n, sizeof(*t))) == NULL)
		return 1;
	for (i = 0; i < n; i++) {
		c = json_object_array_get_idx(cases, i);
		t[i].name = jstr(c, "name");
		t[i].test_func = test_case;
		t[i].initial_state = c;
	}
	rc = cmocka_run_group_tests_name("multipart", own, NULL, NULL);
	/* What cmocka_run_group_tests expands to, for a run-time array. */
	rc +=
	    _cmocka_run_group_tests("python-multipart-http", t, n, NULL, NULL);
	free(t);
	json_object_put(cases);
	return rc;
}
