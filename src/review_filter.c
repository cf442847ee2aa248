#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "apply.h"
#include "kv.h"
#include "req.h"
#include "review_filter.h"
#include "text.h"
#include "urlenc.h"

static const struct fopt status_opts[] = {
	{ "submitted", "status_submitted" },
	{ "screening", "status_screening" },
	{ "accepted", "status_accepted" },
	{ "rejected", "status_rejected" },
	{ "withdrawn", "status_withdrawn" },
};

/* The sources an application comes from, as filter options. */
const struct fopt review_source_opts[REVIEW_SOURCES] = {
	{ "public", "source_public" },
	{ "seconded", "source_seconded" },
};

/*
 * The training states (SQL_TRAINING_IN, stmt_due.h): only accepted
 * people have one, so a training filter lists accepted people only.
 */
static const struct fopt training_opts[] = {
	{ "ready", "due_state_ready" },
	{ "in_training", "due_state_in_training" },
	{ "due", "due_state_due" },
};

/* The codes of the ministries table (migration 20261127000001). */
static const struct fopt language_opts[] = {
	{ "en", "f_lang_en" },	     { "fr", "f_lang_fr" },
	{ "es", "f_lang_es" },	     { "ar", "f_lang_ar" },
	{ "ru", "f_lang_ru" },	     { "zh", "f_lang_zh" },
	{ "other", "f_lang_other" },
};

/*
 * Sort orders; their statements without free text, with one word and with
 * several (stmt_review_list.c: the _Q statements sort the matches instead of
 * walking the order's index), reading forward and backward.
 */
static const struct fopt sort_opts[REVIEW_SORTS] = {
	{ "newest", "sort_newest" },
	{ "oldest", "sort_oldest" },
	{ "kana", "sort_kana" },
};
enum text_kind { TEXT_NONE, TEXT_WORD, TEXT_WORDS, TEXT__MAX };
static const struct stmt_def *const sort_stmts[][TEXT__MAX][2] = {
	{ { &stmt_review_list[STMT_REVIEW_LIST_NEWEST],
	    &stmt_review_list[STMT_REVIEW_LIST_OLDEST] },
	  { &stmt_review_list[STMT_REVIEW_LIST_NEWEST_WORD],
	    &stmt_review_list[STMT_REVIEW_LIST_OLDEST_WORD] },
	  { &stmt_review_list[STMT_REVIEW_LIST_NEWEST_Q],
	    &stmt_review_list[STMT_REVIEW_LIST_OLDEST_Q] } },
	{ { &stmt_review_list[STMT_REVIEW_LIST_OLDEST],
	    &stmt_review_list[STMT_REVIEW_LIST_NEWEST] },
	  { &stmt_review_list[STMT_REVIEW_LIST_OLDEST_WORD],
	    &stmt_review_list[STMT_REVIEW_LIST_NEWEST_WORD] },
	  { &stmt_review_list[STMT_REVIEW_LIST_OLDEST_Q],
	    &stmt_review_list[STMT_REVIEW_LIST_NEWEST_Q] } },
	{ { &stmt_review_list[STMT_REVIEW_LIST_KANA],
	    &stmt_review_list[STMT_REVIEW_LIST_KANA_DESC] },
	  { &stmt_review_list[STMT_REVIEW_LIST_KANA_Q],
	    &stmt_review_list[STMT_REVIEW_LIST_KANA_DESC_Q] },
	  { &stmt_review_list[STMT_REVIEW_LIST_KANA_Q],
	    &stmt_review_list[STMT_REVIEW_LIST_KANA_DESC_Q] } },
};
_Static_assert(sizeof(sort_stmts) / sizeof(sort_stmts[0]) ==
		   sizeof(sort_opts) / sizeof(sort_opts[0]),
	       "a statement set per sort order");

#define CHOICE(n, a)                                                           \
	{                                                                      \
		.name = n, .type = FT_SELECT, FORM_OPTS(a)                     \
	}

static const struct fdef rl_fields[RL__MAX] = {
	[RL_STATUS] = CHOICE("status", status_opts),
	[RL_SOURCE] = CHOICE("source", review_source_opts),
	/* Options from the ministries table: see filter_init. */
	[RL_MINISTRY] = { .name = "ministry", .type = FT_SELECT },
	[RL_OPERATION] = CHOICE("operation", operation_opts),
	[RL_EXPERTISE] = CHOICE("expertise", expertise_opts),
	[RL_LANGUAGE] = CHOICE("language", language_opts),
	[RL_PREFECTURE] = CHOICE("prefecture", prefecture_opts),
	[RL_FROM] = { .name = "submitted_from", .type = FT_DATE, .maxlen = 10 },
	[RL_TO] = { .name = "submitted_to", .type = FT_DATE, .maxlen = 10 },
	[RL_TRAINING] = CHOICE("training", training_opts),
	[RL_Q] = { .name = "q",
		   .type = FT_TEXT,
		   .maxlen = 100,
		   .autocomplete = "off" },
	[RL_SORT] = CHOICE("sort", sort_opts),
};

/*
 * Returns the statement that reads fl's page in its sort order, forward
 * or backward (back).
 */
const struct stmt_def *
review_filter_stmt(const struct review_filter *fl, int back)
{
	enum text_kind k = fl->p[RLP_TERMS] == NULL	  ? TEXT_NONE
			   : fl->p[RLP_TERMS + 1] == NULL ? TEXT_WORD
							  : TEXT_WORDS;

	return sort_stmts[fl->sort][k][back];
}

/* Splits the folded free text into the term parameters. */
static void
read_terms(struct review_filter *fl)
{
	struct buf folded;
	char *w, *save = NULL;
	size_t n = 0;

	buf_init(&folded);
	text_fold(form_value(&fl->f, RL_Q), &folded);
	for (w = strtok_r(folded.ptr, " ", &save); w != NULL;
	     w = strtok_r(NULL, " ", &save)) {
		if (n == STMT_REVIEW_TERMS) {
			form_error(&fl->f, RL_Q, "err_q_words",
				   STMT_REVIEW_TERMS);
			break;
		}
		buf_puts(&fl->terms[n], w);
		fl->p[RLP_TERMS + n] = fl->terms[n].ptr;
		n++;
	}
	buf_free(&folded);
}

/* Reads after= or before= from in.  Returns 0, or -1 if malformed. */
static int
read_cursor(struct review_filter *fl, const struct kvlist *in)
{
	const char *a = kv_get(in, "after"), *b = kv_get(in, "before");
	const char *c = a != NULL ? a : b;

	if (c == NULL)
		return 0;
	if ((a != NULL && b != NULL) || *c == '\0' || *c == '0' ||
	    strlen(c) > 18 || strspn(c, "0123456789") != strlen(c))
		return -1;
	snprintf(fl->cursor, sizeof(fl->cursor), "%s", c);
	fl->back = a == NULL;
	fl->p[RLP_CURSOR] = fl->cursor;
	return 0;
}

/*
 * Prepares fl, the ministries from the table as the ministry filter's
 * options.  Returns 0, or 503/500; filter_free frees fl either way.
 */
int
review_filter_init(struct req *r, struct review_filter *fl)
{
	size_t i;
	int rc;

	memset(fl, 0, sizeof(*fl));
	memcpy(fl->defs, rl_fields, sizeof(rl_fields));
	rc = ministries_load(r, &fl->min);
	fl->defs[RL_MINISTRY].opts = fl->min.opts;
	fl->defs[RL_MINISTRY].nopts = fl->min.n;
	form_init(&fl->f, fl->defs, RL__MAX);
	for (i = 0; i < STMT_REVIEW_TERMS; i++)
		buf_init(&fl->terms[i]);
	buf_init(&fl->langs);
	return rc;
}

/* Frees what review_filter_init set up in fl (not fl itself). */
void
review_filter_free(struct review_filter *fl)
{
	size_t i;

	form_free(&fl->f);
	ministries_free(&fl->min);
	for (i = 0; i < STMT_REVIEW_TERMS; i++)
		buf_free(&fl->terms[i]);
	buf_free(&fl->langs);
}

/*
 * Sets the language parameter: the rows store 'code:level', so the
 * filter is the language at each level of the form's level options.
 */
static void
language_param(struct review_filter *fl)
{
	const struct fdef *d = &apply_fields[AF_LANG_EN];
	size_t i;

	if (fl->p[RLP_LANGUAGE] == NULL)
		return;
	buf_putc(&fl->langs, '{');
	for (i = 0; i < d->nopts; i++)
		buf_printf(&fl->langs, "%s%s:%s", i > 0 ? "," : "",
			   fl->p[RLP_LANGUAGE], d->opts[i].value);
	buf_putc(&fl->langs, '}');
	fl->p[RLP_LANGUAGE] = fl->langs.ptr;
}

/*
 * Reads and checks the filter from in and sets the parameters.  Returns
 * 0, -1 when a field is wrong (the form holds the messages) or -2 for a
 * malformed cursor.
 */
int
review_filter_read(struct review_filter *fl, const struct kvlist *in)
{
	size_t i;

	form_read(&fl->f, in);
	for (i = RL_STATUS; i <= RL_TRAINING; i++)
		fl->p[i] = fl->f.val[i].len > 0 ? form_value(&fl->f, i) : NULL;
	if (fl->p[RL_FROM] != NULL && fl->p[RL_TO] != NULL &&
	    strcmp(fl->p[RL_FROM], fl->p[RL_TO]) > 0)
		form_error(&fl->f, RL_TO, "err_date_order", 0);
	read_terms(fl);
	language_param(fl);
	for (i = 0; i < sizeof(sort_opts) / sizeof(sort_opts[0]); i++)
		if (strcmp(form_value(&fl->f, RL_SORT), sort_opts[i].value) ==
		    0)
			fl->sort = i;
	if (fl->f.nerr > 0)
		return -1;
	return read_cursor(fl, in) == 0 ? 0 : -2;
}

/* Appends the filter's non-empty fields but skip to the URL in b. */
void
review_filter_url(struct buf *b, const struct form *f, int skip)
{
	size_t i;

	for (i = 0; i < RL__MAX; i++)
		if ((int)i != skip && f->val[i].len > 0)
			urlenc_add(b, rl_fields[i].name, form_value(f, i));
}

/* Returns a new view string: path with the filter and one more pair. */
struct json_object *
review_filter_url_view(const char *path, const struct form *f, int skip,
		       const char *name, const char *value)
{
	struct json_object *o;
	struct buf b;

	buf_init(&b);
	buf_puts(&b, path);
	review_filter_url(&b, f, skip);
	if (name != NULL)
		urlenc_add(&b, name, value);
	o = json_object_new_string(b.ptr);
	buf_free(&b);
	return o;
}

/*
 * Returns the number of rows of a page's result (PAGE_ROWS + 1 at most):
 * a STMT_REVIEW_LIST_FEW_* page without rows is one row without an id.
 */
int
review_filter_rows(const PGresult *res)
{
	int n = PQntuples(res);

	return n == 1 && PQgetisnull(res, 0, RLC_ID) ? 0 : n;
}
