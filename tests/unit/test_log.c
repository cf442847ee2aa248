/*
 * log: request data is escaped so that it cannot forge log lines or
 * break the quoted path, and each call writes exactly one line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "log.h"

/* Asserts that log_escape turns the len bytes of in into want. */
static void
check(const char *in, size_t len, const char *want)
{
	struct buf b;

	buf_init(&b);
	buf_puts(&b, "|");
	log_escape(&b, in, len);
	assert_string_equal(b.ptr + 1, want);
	buf_free(&b);
}

static void
test_plain(void **state)
{
	(void)state;
	check("", 0, "");
	check("/apply?lang=en", 14, "/apply?lang=en");
	check("GET", 3, "GET");
	check("~ !#$%&'()*+,-./:;<=>?@[]^_`{|}", 31,
	      "~ !#$%&'()*+,-./:;<=>?@[]^_`{|}");
	/* UTF-8 passes as it is: the log is UTF-8 too. */
	check("/申込み", strlen("/申込み"), "/申込み");
}

static void
test_escaped(void **state)
{
	(void)state;
	check("a\nb", 3, "a\\x0ab");
	check("a\r\nb", 4, "a\\x0d\\x0ab");
	check("\t", 1, "\\x09");
	check("\x1b[31m", 5, "\\x1b[31m");
	check("\x7f", 1, "\\x7f");
	check("\x01\x1f", 2, "\\x01\\x1f");
	check("say \"hi\"", 8, "say \\x22hi\\x22");
	check("C:\\x41", 6, "C:\\x5cx41");
	/* Bytes beyond len are not read; NUL within it is escaped. */
	check("a\0b", 3, "a\\x00b");
	check("abc", 1, "a");
}

/* A forged line stays inside one line of the log. */
static void
test_forged(void **state)
{
	static const char in[] = "/x\" 200 0.1ms pid=1\n"
				 "2026-01-01T00:00:00.000Z req=y GET \"/admin";
	struct buf b;

	(void)state;
	buf_init(&b);
	log_escape(&b, in, sizeof(in) - 1);
	assert_null(strchr(b.ptr, '\n'));
	assert_null(strchr(b.ptr, '"'));
	buf_free(&b);
}

/* Runs fn with stderr sent to a file, and returns what it wrote. */
static char *
capture(void (*fn)(void))
{
	char path[] = "/tmp/test_log.XXXXXX";
	int fd, saved;
	long n;
	char *s;
	FILE *f;

	assert_true((fd = mkstemp(path)) >= 0);
	saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	fn();
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fd);
	assert_non_null(f = fopen(path, "r"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	assert_non_null(s = calloc(1, (size_t)n + 1));
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	unlink(path);
	return s;
}

static void
request(void)
{
	log_request("0123456789abcdef", "G\nET", "/a\"b\nc", 404, 1.25);
}

static void
private_links(void)
{
	log_request("r1", "GET", "/status/SECRETTOKEN", 200, 1.0);
	log_request("r2", "POST", "/x/Receipt/SECRET/withdraw", 404, 1.0);
	log_request("r3", "GET", "/status/", 404, 1.0);
}

static void
warn(void)
{
	log_warnx("db: %s", "line one\nline two \"quoted\"");
}

/* Returns 1 if s is one line: non-empty, one newline, at the end. */
static int
one_line(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl != NULL && nl != s && nl[1] == '\0';
}

static void
test_request(void **state)
{
	char *s;

	(void)state;
	s = capture(request);
	if (!one_line(s))
		fail_msg("not one line: \"%s\"", s);
	assert_non_null(strstr(s, " req=0123456789abcdef G\\x0aET "
				  "\"/a\\x22b\\x0ac\" 404 1.2ms pid="));
	/* 2026-11-26T19:22:31.123Z */
	assert_int_equal(s[4], '-');
	assert_int_equal(s[10], 'T');
	assert_int_equal(s[19], '.');
	assert_int_equal(s[23], 'Z');
	free(s);
}

/* A private link's token never reaches the log, wherever it stands. */
static void
test_request_masked(void **state)
{
	char *s;

	(void)state;
	s = capture(private_links);
	assert_null(strstr(s, "SECRET"));
	assert_non_null(strstr(s, " GET \"/status/*\" 200 "));
	assert_non_null(strstr(s, " POST \"/x/Receipt/*\" 404 "));
	assert_non_null(strstr(s, " GET \"/status/\" 404 "));
	free(s);
}

static void
test_warnx(void **state)
{
	char *s;

	(void)state;
	s = capture(warn);
	if (!one_line(s))
		fail_msg("not one line: \"%s\"", s);
	assert_non_null(strstr(s, " error: db: line one\\x0aline two "
				  "\\x22quoted\\x22\n"));
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_escaped),
		cmocka_unit_test(test_forged),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_request_masked),
		cmocka_unit_test(test_warnx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
