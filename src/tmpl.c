/*
 * Mustache templates: a compiler from template text to a flat node array,
 * and a renderer that walks that array over a json-c context stack.
 *
 * Compiled form: every node's bytes (text, names, partial indentation)
 * live in one pool; a section node records the index one past its last
 * child, so rendering never re-parses and skipping a section is a jump.
 * Standalone lines are stripped at compile time; the indentation of a
 * standalone partial tag is kept on the node and applied while rendering,
 * so one compiled partial serves every indentation.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "buf.h"
#include "tmpl.h"

#define TMPL_MAX_NEST	  64 /* sections open at once in one template */
#define TMPL_MAX_PARTIALS 64 /* partials nested while rendering */
#define TMPL_MAX_DELIM	  16 /* longest delimiter, with its NUL */
#define NOT_FOUND	  SIZE_MAX

enum node_type {
	NODE_TEXT,
	NODE_VAR, /* HTML-escaped */
	NODE_RAW,
	NODE_SECTION,
	NODE_INVERTED,
	NODE_PARTIAL,
};

struct node {
	enum node_type type;
	size_t off;	   /* pool offset: text, name parts or partial name */
	size_t len;	   /* text length */
	size_t nparts;	   /* name parts, NUL-separated; 0 for "." */
	size_t end;	   /* sections: index one past the last child */
	int standalone;	   /* partials: the tag stood alone on its line */
	size_t ioff, ilen; /* standalone partials: indentation in the pool */
};

struct tmpl {
	struct node *nodes;
	size_t n;
	char *pool;
};

enum tag_kind {
	TAG_VAR,
	TAG_RAW,
	TAG_TRIPLE,
	TAG_SECTION,
	TAG_INVERTED,
	TAG_CLOSE,
	TAG_COMMENT,
	TAG_PARTIAL,
	TAG_DELIM,
	TAG_PARENT,
	TAG_BLOCK,
	TAG__MAX
};

/* One tag as scanned from the source; offsets are into the source. */
struct tag {
	enum tag_kind kind;
	size_t start; /* opening delimiter */
	size_t name;  /* trimmed contents */
	size_t namelen;
	size_t textend; /* where the text before the tag ends */
	size_t after;	/* where the text after the tag starts */
	int standalone;
};

struct open_section {
	size_t node;
	size_t start; /* of the opening tag, for messages */
	size_t name, namelen;
};

struct parser {
	const char *src;
	size_t len;
	char otag[TMPL_MAX_DELIM];
	size_t olen;
	char ctag[TMPL_MAX_DELIM];
	size_t clen;
	struct node *nodes;
	size_t n, cap;
	struct buf pool;
	struct open_section open[TMPL_MAX_NEST];
	size_t nopen;
	size_t closed; /* nodes before the last section's end */
	char *err;
	size_t errsz;
};

static int tag_var(struct parser *, const struct tag *);
static int tag_open(struct parser *, const struct tag *);
static int tag_close(struct parser *, const struct tag *);
static int tag_partial(struct parser *, const struct tag *);
static int tag_delim(struct parser *, const struct tag *);
static int tag_unsupported(struct parser *, const struct tag *);

static const struct tag_def {
	char sigil;	     /* after the opening delimiter */
	char closer;	     /* before the closing delimiter */
	int standalone;	     /* may stand alone on a line */
	enum node_type node; /* added by tag_var and tag_open */
	int (*fn)(struct parser *, const struct tag *);
} tag_defs[] = {
	[TAG_VAR] = { '\0', '\0', 0, NODE_VAR, tag_var },
	[TAG_RAW] = { '&', '\0', 0, NODE_RAW, tag_var },
	[TAG_TRIPLE] = { '{', '}', 0, NODE_RAW, tag_var },
	[TAG_SECTION] = { '#', '\0', 1, NODE_SECTION, tag_open },
	[TAG_INVERTED] = { '^', '\0', 1, NODE_INVERTED, tag_open },
	[TAG_CLOSE] = { '/', '\0', 1, NODE_TEXT, tag_close },
	[TAG_COMMENT] = { '!', '\0', 1, NODE_TEXT, NULL },
	[TAG_PARTIAL] = { '>', '\0', 1, NODE_PARTIAL, tag_partial },
	[TAG_DELIM] = { '=', '=', 1, NODE_TEXT, tag_delim },
	[TAG_PARENT] = { '<', '\0', 1, NODE_TEXT, tag_unsupported },
	[TAG_BLOCK] = { '$', '\0', 1, NODE_TEXT, tag_unsupported },
};
_Static_assert(sizeof(tag_defs) / sizeof(tag_defs[0]) == TAG__MAX,
	       "tag_defs covers every tag kind");

static const char *const html_escapes[UCHAR_MAX + 1] = {
	['&'] = "&amp;",  ['<'] = "&lt;",   ['>'] = "&gt;",
	['"'] = "&quot;", ['\''] = "&#39;",
};

/* Returns the 1-based line number of a source offset. */
static size_t
line_of(const struct parser *p, size_t pos)
{
	size_t i, line = 1;

	for (i = 0; i < pos && i < p->len; i++)
		if (p->src[i] == '\n')
			line++;
	return line;
}

/* Writes "line N: message" into the caller's error buffer; returns -1. */
static int __attribute__((format(printf, 3, 4)))
parse_error(struct parser *p, size_t pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->err == NULL || p->errsz == 0)
		return -1;
	n = snprintf(p->err, p->errsz, "line %zu: ", line_of(p, pos));
	if (n < 0 || (size_t)n >= p->errsz)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errsz - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Clamps a length for a "%.*s" in an error message. */
static int
msglen(size_t len)
{
	return len > 64 ? 64 : (int)len;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Returns the offset of needle in the source at or after from (memmem is
 * not in POSIX).
 */
static size_t
find(const struct parser *p, size_t from, const char *needle, size_t nlen)
{
	const char *s, *end = p->src + p->len;

	if (from >= p->len)
		return NOT_FOUND;
	for (s = p->src + from; (size_t)(end - s) >= nlen; s++) {
		if ((s = memchr(s, needle[0], (size_t)(end - s))) == NULL ||
		    (size_t)(end - s) < nlen)
			break;
		if (memcmp(s, needle, nlen) == 0)
			return (size_t)(s - p->src);
	}
	return NOT_FOUND;
}

/*
 * Returns the end of a tag's contents starting at from: the offset of the
 * closing delimiter, or of the closer character just before it.
 */
static size_t
find_close(const struct parser *p, size_t from, char closer)
{
	size_t c, q;

	for (q = from; (c = find(p, q, p->ctag, p->clen)) != NOT_FOUND;
	     q = c + 1) {
		if (closer == '\0')
			return c;
		if (c > from && p->src[c - 1] == closer)
			return c - 1;
	}
	return NOT_FOUND;
}

/* Returns the kind of tag announced by the character after the opener. */
static enum tag_kind
tag_kind(char c)
{
	size_t i;

	for (i = 1; i < TAG__MAX; i++)
		if (tag_defs[i].sigil == c)
			return (enum tag_kind)i;
	return TAG_VAR;
}

/*
 * Decides whether the tag stands alone on its line (only spaces and tabs
 * around it, then a newline or the end); if so the whole line goes.
 */
static void
standalone(const struct parser *p, struct tag *t, size_t end)
{
	size_t ls = t->start, e = end;

	t->textend = t->start;
	t->after = end;
	t->standalone = 0;
	if (!tag_defs[t->kind].standalone)
		return;
	while (ls > 0 && (p->src[ls - 1] == ' ' || p->src[ls - 1] == '\t'))
		ls--;
	if (ls > 0 && p->src[ls - 1] != '\n')
		return;
	while (e < p->len && (p->src[e] == ' ' || p->src[e] == '\t'))
		e++;
	if (e < p->len && p->src[e] == '\r' && e + 1 < p->len &&
	    p->src[e + 1] == '\n')
		e++;
	if (e < p->len && p->src[e] != '\n')
		return;
	t->textend = ls;
	t->after = e < p->len ? e + 1 : e;
	t->standalone = 1;
}

/* Scans the tag whose opening delimiter is at start; 0 or -1. */
static int
scan_tag(struct parser *p, size_t start, struct tag *t)
{
	size_t s = start + p->olen, e;
	char closer;

	t->start = start;
	t->kind = tag_kind(s < p->len ? p->src[s] : '\0');
	if (t->kind != TAG_VAR)
		s++;
	closer = tag_defs[t->kind].closer;
	if ((e = find_close(p, s, closer)) == NOT_FOUND)
		return parse_error(p, start, "unclosed tag");
	standalone(p, t, e + (closer != '\0') + p->clen);
	while (s < e && is_space(p->src[s]))
		s++;
	while (e > s && is_space(p->src[e - 1]))
		e--;
	t->name = s;
	t->namelen = e - s;
	return 0;
}

/* Appends a node and returns it, zeroed but for its type. */
static struct node *
add_node(struct parser *p, enum node_type type)
{
	struct node *n;

	if (p->n == p->cap) {
		p->cap = p->cap == 0 ? 16 : p->cap * 2;
		p->nodes = xreallocarray(p->nodes, p->cap, sizeof *p->nodes);
	}
	n = &p->nodes[p->n++];
	memset(n, 0, sizeof *n);
	n->type = type;
	return n;
}

/*
 * Adds source text [from, to), merged into a text node just before unless
 * that one ends a section.
 */
static void
add_text(struct parser *p, size_t from, size_t to)
{
	struct node *n = p->n > 0 ? &p->nodes[p->n - 1] : NULL;

	if (from >= to)
		return;
	if (n == NULL || n->type != NODE_TEXT || p->n == p->closed ||
	    n->off + n->len != p->pool.len) {
		n = add_node(p, NODE_TEXT);
		n->off = p->pool.len;
	}
	buf_append(&p->pool, p->src + from, to - from);
	n->len += to - from;
}

/*
 * Stores a tag's name in the pool; a dotted name becomes NUL-separated
 * parts.  Refuses empty names, empty parts and whitespace; 0 or -1.
 */
static int
add_name(struct parser *p, const struct tag *t, struct node *n, int dotted)
{
	const char *s = p->src + t->name;
	size_t i;

	n->off = p->pool.len;
	if (dotted && t->namelen == 1 && s[0] == '.')
		return 0;
	n->nparts = 1;
	for (i = 0; i < t->namelen; i++) {
		if (is_space(s[i]) || s[i] == '\0')
			break;
		if (!dotted || s[i] != '.')
			continue;
		if (i == 0 || i + 1 == t->namelen || s[i + 1] == '.')
			break;
		n->nparts++;
	}
	if (t->namelen == 0 || i < t->namelen)
		return parse_error(p, t->start, "invalid name '%.*s'",
				   msglen(t->namelen), s);
	for (i = 0; i < t->namelen; i++)
		buf_putc(&p->pool, dotted && s[i] == '.' ? '\0' : s[i]);
	buf_putc(&p->pool, '\0');
	return 0;
}

/* Variables: {{x}}, {{&x}}, {{{x}}}. */
static int
tag_var(struct parser *p, const struct tag *t)
{
	return add_name(p, t, add_node(p, tag_defs[t->kind].node), 1);
}

/* Section and inverted section openers: pushed until their closer. */
static int
tag_open(struct parser *p, const struct tag *t)
{
	struct open_section *o;

	if (p->nopen == TMPL_MAX_NEST)
		return parse_error(p, t->start, "sections nested too deeply");
	o = &p->open[p->nopen++];
	o->node = p->n;
	o->start = t->start;
	o->name = t->name;
	o->namelen = t->namelen;
	return add_name(p, t, add_node(p, tag_defs[t->kind].node), 1);
}

/* Section closers must name the innermost open section. */
static int
tag_close(struct parser *p, const struct tag *t)
{
	const struct open_section *o;
	const char *name = p->src + t->name;

	if (p->nopen == 0)
		return parse_error(p, t->start,
				   "closing tag '%.*s' without an open section",
				   msglen(t->namelen), name);
	o = &p->open[p->nopen - 1];
	if (o->namelen != t->namelen ||
	    memcmp(p->src + o->name, name, t->namelen) != 0)
		return parse_error(
		    p, t->start,
		    "closing tag '%.*s' does not match section '%.*s' "
		    "opened on line %zu",
		    msglen(t->namelen), name, msglen(o->namelen),
		    p->src + o->name, line_of(p, o->start));
	p->nodes[o->node].end = p->closed = p->n;
	p->nopen--;
	return 0;
}

/* Partials keep the indentation of a standalone tag for rendering. */
static int
tag_partial(struct parser *p, const struct tag *t)
{
	struct node *n = add_node(p, NODE_PARTIAL);

	if (add_name(p, t, n, 0) == -1)
		return -1;
	if ((n->standalone = t->standalone)) {
		n->ioff = p->pool.len;
		n->ilen = t->start - t->textend;
		buf_append(&p->pool, p->src + t->textend, n->ilen);
	}
	return 0;
}

/* Copies one delimiter of a set-delimiter tag; returns its end or 0. */
static size_t
delim_word(const struct parser *p, size_t s, size_t e, char *dst, size_t *len)
{
	size_t i;

	for (i = s; i < e && !is_space(p->src[i]); i++)
		if (p->src[i] == '=' || i - s + 1 >= TMPL_MAX_DELIM)
			return 0;
	if (i == s)
		return 0;
	memcpy(dst, p->src + s, i - s);
	*len = i - s;
	return i;
}

/* Set-delimiter tags: {{=<% %>=}}; 0 or -1. */
static int
tag_delim(struct parser *p, const struct tag *t)
{
	size_t e = t->name + t->namelen, s;
	char otag[TMPL_MAX_DELIM], ctag[TMPL_MAX_DELIM];
	size_t olen, clen;

	if ((s = delim_word(p, t->name, e, otag, &olen)) == 0)
		goto bad;
	while (s < e && is_space(p->src[s]))
		s++;
	if ((s = delim_word(p, s, e, ctag, &clen)) == 0 || s != e)
		goto bad;
	memcpy(p->otag, otag, olen);
	p->olen = olen;
	memcpy(p->ctag, ctag, clen);
	p->clen = clen;
	return 0;
bad:
	return parse_error(p, t->start, "invalid set-delimiter tag");
}

/* Inheritance ({{<parent}}, {{$block}}) is not implemented. */
static int
tag_unsupported(struct parser *p, const struct tag *t)
{
	return parse_error(p, t->start, "unsupported tag '%c'",
			   tag_defs[t->kind].sigil);
}

/* Compiles the whole source into p's nodes and pool; 0 or -1. */
static int
parse(struct parser *p)
{
	struct tag t;
	size_t at, text = 0;
	int (*fn)(struct parser *, const struct tag *);

	while ((at = find(p, text, p->otag, p->olen)) != NOT_FOUND) {
		if (scan_tag(p, at, &t) == -1)
			return -1;
		add_text(p, text, t.textend);
		fn = tag_defs[t.kind].fn;
		if (fn != NULL && fn(p, &t) == -1)
			return -1;
		text = t.after;
	}
	add_text(p, text, p->len);
	if (p->nopen > 0)
		return parse_error(p, p->open[p->nopen - 1].start,
				   "section '%.*s' is not closed",
				   msglen(p->open[p->nopen - 1].namelen),
				   p->src + p->open[p->nopen - 1].name);
	return 0;
}

/*
 * Compiles a template.  Returns NULL on a syntax error, with a message
 * naming the line in errbuf; otherwise the caller frees with tmpl_free.
 */
struct tmpl *
tmpl_compile(const char *src, size_t len, char *errbuf, size_t errsz)
{
	struct parser p;
	struct tmpl *t;

	memset(&p, 0, sizeof p);
	p.src = src;
	p.len = len;
	p.olen = p.clen = 2;
	memcpy(p.otag, "{{", 2);
	memcpy(p.ctag, "}}", 2);
	p.err = errbuf;
	p.errsz = errsz;
	buf_init(&p.pool);
	if (parse(&p) == -1) {
		free(p.nodes);
		buf_free(&p.pool);
		return NULL;
	}
	t = xmalloc(sizeof *t);
	t->nodes = p.nodes;
	t->n = p.n;
	t->pool = buf_detach(&p.pool);
	return t;
}

void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	free(t->nodes);
	free(t->pool);
	free(t);
}

/* The context stack: lives on the C stack, innermost first. */
struct ctx {
	const struct ctx *up;
	struct json_object *obj;
};

/*
 * One template being rendered.  A standalone partial's lines are indented
 * by its own indentation after that of the partial it sits in (up).
 */
struct frame {
	const struct frame *up;
	const char *indent;
	size_t ilen;
	size_t total; /* ilen plus that of every frame up */
	int bol;      /* at a line start: indentation still owed */
};

struct render {
	tmpl_partial_fn fn;
	void *arg;
	struct buf *out;
	size_t depth; /* partials nested */
	int escape;   /* {{x}} is HTML-escaped: not in plain text (mail) */
};

static void render_range(struct render *, struct frame *, const struct ctx *,
			 const struct tmpl *, size_t, size_t);

/* Emits the indentation of a frame, outermost first. */
static void
put_indent(struct buf *out, const struct frame *f)
{
	if (f == NULL)
		return;
	put_indent(out, f->up);
	buf_append(out, f->indent, f->ilen);
}

/* Pays the indentation owed at the start of a template line. */
static void
line_start(struct render *r, struct frame *f)
{
	if (!f->bol)
		return;
	f->bol = 0;
	if (f->total > 0)
		put_indent(r->out, f);
}

/* Appends s, HTML-escaped if asked. */
static void
put_text(struct buf *out, const char *s, size_t len, int escape)
{
	const char *e;
	size_t i, run = 0;

	if (!escape) {
		buf_append(out, s, len);
		return;
	}
	for (i = 0; i < len; i++) {
		if ((e = html_escapes[(unsigned char)s[i]]) == NULL)
			continue;
		buf_append(out, s + run, i - run);
		buf_puts(out, e);
		run = i + 1;
	}
	buf_append(out, s + run, len - run);
}

/*
 * Appends the C string s HTML-escaped, as {{x}} would: for markup built
 * in C (an inline SVG chart) that a template then inserts raw.
 */
void
tmpl_escape(struct buf *out, const char *s)
{
	put_text(out, s, strlen(s), 1);
}

/* Formats a double in the fewest digits that read back the same. */
static size_t
format_double(double d, char *tmp, size_t sz)
{
	int prec, n = 0;

	for (prec = 15; prec <= 17; prec++) {
		n = snprintf(tmp, sz, "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	return n < 0 ? 0 : (size_t)n;
}

/* Formats an integer; json-c keeps values above INT64_MAX as uint64. */
static size_t
format_int(struct json_object *v, char *tmp, size_t sz)
{
	int64_t i = json_object_get_int64(v);
	int n;

	if (i == INT64_MAX)
		n = snprintf(tmp, sz, "%" PRIu64, json_object_get_uint64(v));
	else
		n = snprintf(tmp, sz, "%" PRId64, i);
	return n < 0 ? 0 : (size_t)n;
}

/*
 * Returns the text of a value: a string's own bytes, a number formatted
 * into tmp, or (objects, arrays) JSON text owned by the value.
 */
static const char *
value_text(struct json_object *v, char *tmp, size_t sz, size_t *len)
{
	const char *s;

	switch (json_object_get_type(v)) {
	case json_type_string:
		*len = (size_t)json_object_get_string_len(v);
		return json_object_get_string(v);
	case json_type_int:
		*len = format_int(v, tmp, sz);
		return tmp;
	case json_type_double:
		*len = format_double(json_object_get_double(v), tmp, sz);
		return tmp;
	case json_type_boolean:
		s = json_object_get_boolean(v) ? "true" : "false";
		break;
	case json_type_object:
	case json_type_array:
		return json_object_to_json_string_length(
		    v, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE,
		    len);
	default:
		s = "";
		break;
	}
	*len = strlen(s);
	return s;
}

/*
 * Resolves a name on the context stack: the first part in the innermost
 * object that has it, the other parts only within that value.  Returns
 * NULL for null and for a miss alike (json-c's null is NULL).
 */
static struct json_object *
lookup(const struct ctx *c, const char *name, size_t nparts)
{
	struct json_object *v = NULL;

	if (nparts == 0)
		return c->obj;
	for (; c != NULL; c = c->up)
		if (json_object_is_type(c->obj, json_type_object) &&
		    json_object_object_get_ex(c->obj, name, &v))
			break;
	if (c == NULL)
		return NULL;
	while (--nparts > 0) {
		name += strlen(name) + 1;
		if (!json_object_is_type(v, json_type_object) ||
		    !json_object_object_get_ex(v, name, &v))
			return NULL;
	}
	return v;
}

/* Returns whether a section over v renders: see tmpl.h. */
static int
truthy(struct json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		return 0;
	case json_type_boolean:
		return json_object_get_boolean(v);
	case json_type_array:
		return json_object_array_length(v) > 0;
	default:
		return 1;
	}
}

/* Template text: every line of it owes the frame's indentation. */
static void
render_text(struct render *r, struct frame *f, const char *s, size_t len)
{
	const char *nl;
	size_t n;

	if (f->total == 0) {
		buf_append(r->out, s, len);
		return;
	}
	while (len > 0) {
		line_start(r, f);
		nl = memchr(s, '\n', len);
		n = nl == NULL ? len : (size_t)(nl - s) + 1;
		buf_append(r->out, s, n);
		s += n;
		len -= n;
		f->bol = nl != NULL;
	}
}

static void
render_var(struct render *r, struct frame *f, const struct ctx *c,
	   const struct tmpl *t, const struct node *n)
{
	char tmp[32];
	const char *s;
	size_t len;

	line_start(r, f);
	s = value_text(lookup(c, t->pool + n->off, n->nparts), tmp, sizeof tmp,
		       &len);
	put_text(r->out, s, len, r->escape && n->type == NODE_VAR);
}

/* Sections: once per array element, else once with the value pushed. */
static void
render_section(struct render *r, struct frame *f, const struct ctx *c,
	       const struct tmpl *t, size_t i)
{
	const struct node *n = &t->nodes[i];
	struct ctx top = { c, lookup(c, t->pool + n->off, n->nparts) };
	struct json_object *v = top.obj;
	size_t k, len;

	if (!truthy(v))
		return;
	if (!json_object_is_type(v, json_type_array)) {
		render_range(r, f, &top, t, i + 1, n->end);
		return;
	}
	len = json_object_array_length(v);
	for (k = 0; k < len; k++) {
		top.obj = json_object_array_get_idx(v, k);
		render_range(r, f, &top, t, i + 1, n->end);
	}
}

/*
 * Partials see the current context stack.  Past TMPL_MAX_PARTIALS they
 * render as nothing, so that runaway recursion cannot exhaust the stack.
 */
static void
render_partial(struct render *r, struct frame *f, const struct ctx *c,
	       const struct tmpl *t, const struct node *n)
{
	const struct tmpl *pt;
	struct frame pf = { NULL, NULL, 0, 0, 1 };

	if (r->fn == NULL || r->depth == TMPL_MAX_PARTIALS ||
	    (pt = r->fn(r->arg, t->pool + n->off)) == NULL)
		return;
	if (n->standalone) {
		pf.up = f;
		pf.indent = t->pool + n->ioff;
		pf.ilen = n->ilen;
		pf.total = f->total + n->ilen;
	} else
		line_start(r, f);
	r->depth++;
	render_range(r, &pf, c, pt, 0, pt->n);
	r->depth--;
}

/* Renders nodes [i, end) of t. */
static void
render_range(struct render *r, struct frame *f, const struct ctx *c,
	     const struct tmpl *t, size_t i, size_t end)
{
	const struct node *n;

	for (; i < end; i++) {
		n = &t->nodes[i];
		switch (n->type) {
		case NODE_TEXT:
			render_text(r, f, t->pool + n->off, n->len);
			break;
		case NODE_VAR:
		case NODE_RAW:
			render_var(r, f, c, t, n);
			break;
		case NODE_SECTION:
			render_section(r, f, c, t, i);
			i = n->end - 1;
			break;
		case NODE_INVERTED:
			if (!truthy(lookup(c, t->pool + n->off, n->nparts)))
				render_range(r, f, c, t, i + 1, n->end);
			i = n->end - 1;
			break;
		case NODE_PARTIAL:
			render_partial(r, f, c, t, n);
			break;
		}
	}
}

/* Renders t over ctx into out, {{x}} HTML-escaped if escape. */
static void
render_top(const struct tmpl *t, struct json_object *ctx, tmpl_partial_fn fn,
	   void *arg, struct buf *out, int escape)
{
	struct render r = { fn, arg, out, 0, escape };
	struct frame f = { NULL, NULL, 0, 0, 1 };
	struct ctx c = { NULL, ctx };

	render_range(&r, &f, &c, t, 0, t->n);
}

/*
 * Renders t over ctx, appending to out.  Partials are resolved through
 * fn (which may be NULL: no partials).
 */
void
tmpl_render(const struct tmpl *t, struct json_object *ctx, tmpl_partial_fn fn,
	    void *arg, struct buf *out)
{
	render_top(t, ctx, fn, arg, out, 1);
}

/*
 * Renders t as plain text (an e-mail's body or subject): like
 * tmpl_render, but {{x}} is not HTML-escaped, since no browser reads it.
 */
void
tmpl_render_text(const struct tmpl *t, struct json_object *ctx,
		 tmpl_partial_fn fn, void *arg, struct buf *out)
{
	render_top(t, ctx, fn, arg, out, 0);
}
