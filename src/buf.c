#include <err.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Allocates or aborts: see buf.h. */
void *
xmalloc(size_t sz)
{
	void *p;

	if ((p = malloc(sz == 0 ? 1 : sz)) == NULL)
		err(1, "malloc");
	return p;
}

/* Zeroed allocation or abort. */
void *
xcalloc(size_t n, size_t sz)
{
	void *p;

	if ((p = calloc(n == 0 ? 1 : n, sz == 0 ? 1 : sz)) == NULL)
		err(1, "calloc");
	return p;
}

/* Resizes an array of n elements of sz bytes, refusing overflow. */
void *
xreallocarray(void *p, size_t n, size_t sz)
{
	if (sz != 0 && n > SIZE_MAX / sz)
		errx(1, "reallocarray: overflow");
	if ((p = realloc(p, n * sz == 0 ? 1 : n * sz)) == NULL)
		err(1, "realloc");
	return p;
}

/* Copies a C string; the caller frees. */
char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* Copies at most n bytes and terminates; the caller frees. */
char *
xstrndup(const char *s, size_t n)
{
	char *p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
buf_init(struct buf *b)
{
	b->ptr = NULL;
	b->len = b->cap = 0;
}

void
buf_free(struct buf *b)
{
	free(b->ptr);
	buf_init(b);
}

/* Empties the buffer but keeps its memory for reuse. */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->ptr != NULL)
		b->ptr[0] = '\0';
}

/* Makes room for n more bytes plus the terminator. */
void
buf_reserve(struct buf *b, size_t n)
{
	size_t want;

	if (n > SIZE_MAX - b->len - 1)
		errx(1, "buf_reserve: overflow");
	want = b->len + n + 1;
	if (want <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < want)
		b->cap = b->cap > SIZE_MAX / 2 ? want : b->cap * 2;
	b->ptr = xreallocarray(b->ptr, b->cap, 1);
}

void
buf_append(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n > 0)
		memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		errx(1, "buf_vprintf: bad format");
	buf_reserve(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/* Hands the contents to the caller, who frees them; the buffer is emptied. */
char *
buf_detach(struct buf *b)
{
	char *p;

	if (b->ptr == NULL)
		return xstrdup("");
	p = b->ptr;
	buf_init(b);
	return p;
}

/*
 * Appends the whole file at path to b.  Returns 0, or -1 with errno set
 * (the file could not be opened or read).
 */
int
buf_read_file(struct buf *b, const char *path)
{
	FILE *f;
	char chunk[8192];
	size_t n;
	int bad;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(b, chunk, n);
	bad = ferror(f);
	fclose(f);
	return bad ? -1 : 0;
}
