#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"

/*
 * Appends s to out with control bytes, backslash, double quote and DEL
 * written as \xHH, so one request is always one line.
 */
void
log_escape(struct buf *out, const char *s, size_t len)
{
	unsigned char c;
	size_t i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == '\\' || c == '"')
			buf_printf(out, "\\x%02x", c);
		else
			buf_putc(out, (char)c);
	}
}

/* Appends the current UTC time in ISO 8601 with milliseconds. */
static void
log_time(struct buf *out)
{
	struct timespec ts;
	struct tm tm;
	char s[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm);
	buf_printf(out, "%s.%03ldZ", s, ts.tv_nsec / 1000000);
}

/*
 * Path segments after which a path is a private link (the status token
 * opens and withdraws an application): the log shows the path up to the
 * first of them and "*" for the rest, wherever it stands and whatever
 * follows, so that mistyped links (404s) are masked too.  nginx masks its
 * access log the same way (nginx/corps-site.conf).
 */
static const char *const private_segments[] = { "/receipt/", "/status/" };

/*
 * Returns the length of path's head that the log may show: up to and
 * including the first private segment (in any case), or all of it.
 */
static size_t
log_path_len(const char *path)
{
	size_t i, j, n;

	for (i = 0; path[i] != '\0'; i++) {
		if (path[i] != '/')
			continue;
		for (j = 0;
		     j < sizeof(private_segments) / sizeof(private_segments[0]);
		     j++) {
			n = strlen(private_segments[j]);
			if (strncasecmp(path + i, private_segments[j], n) == 0)
				return i + n;
		}
	}
	return i;
}

/*
 * Writes one line for a finished request: time, request id, method,
 * path (without query; a private link masked, log_path_len), status,
 * duration and worker pid.
 */
void
log_request(const char *reqid, const char *method, const char *path, int status,
	    double ms)
{
	struct buf b;
	size_t n;

	buf_init(&b);
	log_time(&b);
	buf_printf(&b, " req=%s ", reqid);
	log_escape(&b, method, strlen(method));
	buf_puts(&b, " \"");
	n = log_path_len(path);
	log_escape(&b, path, n);
	if (path[n] != '\0')
		buf_putc(&b, '*');
	buf_printf(&b, "\" %d %.1fms pid=%ld\n", status, ms, (long)getpid());
	(void)write(STDERR_FILENO, b.ptr, b.len);
	buf_free(&b);
}

/*
 * Writes one line: time, pid, level and the escaped message.  The format
 * attribute lets clang check the callers' formats through this one.
 */
static void __attribute__((format(printf, 2, 0)))
log_line(const char *level, const char *fmt, va_list ap)
{
	struct buf b, msg;

	buf_init(&b);
	buf_init(&msg);
	buf_vprintf(&msg, fmt, ap);
	log_time(&b);
	buf_printf(&b, " pid=%ld %s: ", (long)getpid(), level);
	log_escape(&b, msg.ptr, msg.len);
	buf_putc(&b, '\n');
	(void)write(STDERR_FILENO, b.ptr, b.len);
	buf_free(&msg);
	buf_free(&b);
}

/* Writes an internal message (never shown to clients) as one line. */
void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("error", fmt, ap);
	va_end(ap);
}

/* Writes what a daemon did (corps-mailer: a row sent) as one line. */
void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("info", fmt, ap);
	va_end(ap);
}
