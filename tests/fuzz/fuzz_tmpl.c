/*
 * The Mustache compiler and renderer on any template.  Input: the
 * template up to the first NUL byte, then (optionally) a JSON context;
 * without a valid one a fixed context serves.  Every array in the context
 * is cut to one element and every partial is one fixed template, so that
 * the time to render grows with the input, not exponentially with nested
 * sections (templates come from the repository, never from a client: what
 * is fuzzed is the parser's memory safety, not resistance to a template
 * written to be slow).  A template that compiles is rendered as HTML and
 * as text.
 */
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "fuzz.h"
#include "tmpl.h"

static const char fixed_context[] =
    "{\"name\":\"<b>&\\\"'\",\"n\":0,\"t\":true,\"f\":false,\"z\":null,"
    "\"list\":[{\"name\":\"x\"}],\"o\":{\"name\":\"y\",\"o\":{\"n\":1}}}";
static const char partial_src[] = "[{{name}}{{#list}}{{>p}}{{/list}}]\n";
static struct tmpl *partial;

/* Compiles the one partial every name resolves to. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[128];

	(void)argc;
	(void)argv;
	partial =
	    tmpl_compile(partial_src, strlen(partial_src), err, sizeof(err));
	FUZZ_CHECK(partial != NULL);
	return 0;
}

/* Resolves every partial's name to the fixed partial. */
static const struct tmpl *
resolve(void *arg, const char *name)
{
	(void)arg;
	(void)name;
	return partial;
}

/* Cuts every array in o (recursively) to at most one element. */
static void
shorten(struct json_object *o)
{
	size_t n;

	if (json_object_is_type(o, json_type_array)) {
		n = json_object_array_length(o);
		if (n > 1)
			json_object_array_del_idx(o, 1, n - 1);
		if (json_object_array_length(o) == 1)
			shorten(json_object_array_get_idx(o, 0));
	} else if (json_object_is_type(o, json_type_object)) {
		json_object_object_foreach(o, k, v)
		{
			(void)k;
			shorten(v);
		}
	}
}

/* The context after the NUL at data[at], or the fixed one. */
static struct json_object *
context(const uint8_t *data, size_t size, size_t at)
{
	struct json_tokener *tok;
	struct json_object *o = NULL;

	if (at < size) {
		tok = json_tokener_new();
		o = json_tokener_parse_ex(tok, (const char *)data + at + 1,
					  (int)(size - at - 1));
		if (json_tokener_get_error(tok) != json_tokener_success) {
			json_object_put(o);
			o = NULL;
		}
		json_tokener_free(tok);
	}
	if (o == NULL)
		o = json_tokener_parse(fixed_context);
	shorten(o);
	return o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t len = nul == NULL ? size : (size_t)(nul - data);
	struct json_object *ctx;
	struct tmpl *t;
	struct buf out;
	char err[128];

	if ((t = tmpl_compile((const char *)data, len, err, sizeof(err))) ==
	    NULL)
		return 0;
	ctx = context(data, size, len);
	buf_init(&out);
	tmpl_render(t, ctx, resolve, NULL, &out);
	buf_reset(&out);
	tmpl_render_text(t, ctx, resolve, NULL, &out);
	buf_free(&out);
	json_object_put(ctx);
	tmpl_free(t);
	return 0;
}
