/*
 * Mustache templates over json-c values.  A template is compiled once (at
 * start-up) into a flat array of nodes and then rendered any number of
 * times into a struct buf without re-parsing.  Supported: variables
 * ({{x}} HTML-escaped, but not by tmpl_render_text; {{{x}}} and {{&x}}
 * raw), dotted names, the implicit iterator {{.}}, sections, inverted
 * sections, comments, partials (with standalone indentation) and
 * set-delimiter tags.  Not supported: lambdas, dynamic names,
 * inheritance.
 *
 * Truthiness: absent, null, false and the empty array are false; every
 * other value (including "", 0 and {}) is true.
 */
#ifndef TMPL_H
#define TMPL_H

#include <stddef.h>

struct buf;
struct json_object;
struct tmpl;

/*
 * Resolves a partial's name to a compiled template, or NULL when there is
 * none (the partial then renders as nothing).  The template stays owned
 * by the resolver.
 */
typedef const struct tmpl *(*tmpl_partial_fn)(void *arg, const char *name);

struct tmpl *tmpl_compile(const char *src, size_t len, char *errbuf,
			  size_t errsz);
void tmpl_free(struct tmpl *);
void tmpl_render(const struct tmpl *, struct json_object *ctx, tmpl_partial_fn,
		 void *arg, struct buf *out);
void tmpl_render_text(const struct tmpl *, struct json_object *ctx,
		      tmpl_partial_fn, void *arg, struct buf *out);
void tmpl_escape(struct buf *out, const char *s);

#endif /* !TMPL_H */
