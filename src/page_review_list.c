/*
 * The reviewer's list of applications: GET /review/applications (filters
 * kept in the URL, keyset pages of 50, counts per status), GET
 * /review/applications.csv (every row of the filter) and POST
 * /review/applications/screening (selected applications from submitted
 * to screening).  The filter form is one field table, read from the
 * query string or, for the bulk move, from the POSTed hidden fields.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "apply.h"
#include "audit.h"
#include "csv.h"
#include "db.h"
#include "form.h"
#include "ministry.h"
#include "pages.h"
#include "req.h"
#include "status.h"
#include "text.h"
#include "urlenc.h"

#define LIST_PATH "/review/applications"
#define PAGE_ROWS 50
#define CSV_CHUNK "2000" /* rows per round trip of the export */
#define MAX_TERMS 4	 /* words of free text (stmt.c SQL_REVIEW_WORDS) */
#define NPARAMS	  15	 /* of the list statements (stmt.c) */
/*
 * Estimated beyond, not counted: the planner estimated one word (or no
 * free text) within 0.67 to 1.25 times the truth at 100,000 applications,
 * several words of one name up to 2.5 times too high.
 */
#define COUNT_TRUST	  1500
#define COUNT_TRUST_WORDS 4000
#define NFILTERS	  13 /* of those, the filter's */
#define P_TERMS		  9  /* $10..$13 */
#define P_CURSOR	  13
#define P_LIMIT		  14
#define CUSTOM_TX	  "SET LOCAL plan_cache_mode = force_custom_plan"

enum rl_field {
	RL_STATUS,
	RL_SOURCE,
	RL_MINISTRY,
	RL_OPERATION,
	RL_EXPERTISE,
	RL_LANGUAGE,
	RL_PREFECTURE,
	RL_FROM,
	RL_TO,
	RL_Q,
	RL_SORT,
	RL__MAX
};

static const struct fopt status_opts[] = {
	{ "submitted", "status_submitted" },
	{ "screening", "status_screening" },
	{ "accepted", "status_accepted" },
	{ "rejected", "status_rejected" },
	{ "withdrawn", "status_withdrawn" },
};

static const struct fopt source_opts[] = {
	{ "public", "source_public" },
	{ "seconded", "source_seconded" },
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
 * several (stmt.c: the _Q statements sort the matches instead of walking
 * the order's index), reading forward and backward.
 */
static const struct fopt sort_opts[] = {
	{ "newest", "sort_newest" },
	{ "oldest", "sort_oldest" },
	{ "kana", "sort_kana" },
};
enum text_kind { TEXT_NONE, TEXT_WORD, TEXT_WORDS, TEXT__MAX };
static const enum stmt sort_stmts[][TEXT__MAX][2] = {
	{ { STMT_REVIEW_LIST_NEWEST, STMT_REVIEW_LIST_OLDEST },
	  { STMT_REVIEW_LIST_NEWEST_WORD, STMT_REVIEW_LIST_OLDEST_WORD },
	  { STMT_REVIEW_LIST_NEWEST_Q, STMT_REVIEW_LIST_OLDEST_Q } },
	{ { STMT_REVIEW_LIST_OLDEST, STMT_REVIEW_LIST_NEWEST },
	  { STMT_REVIEW_LIST_OLDEST_WORD, STMT_REVIEW_LIST_NEWEST_WORD },
	  { STMT_REVIEW_LIST_OLDEST_Q, STMT_REVIEW_LIST_NEWEST_Q } },
	{ { STMT_REVIEW_LIST_KANA, STMT_REVIEW_LIST_KANA_DESC },
	  { STMT_REVIEW_LIST_KANA_Q, STMT_REVIEW_LIST_KANA_DESC_Q },
	  { STMT_REVIEW_LIST_KANA_Q, STMT_REVIEW_LIST_KANA_DESC_Q } },
};
_Static_assert(sizeof(sort_stmts) / sizeof(sort_stmts[0]) ==
		   sizeof(sort_opts) / sizeof(sort_opts[0]),
	       "a statement set per sort order");
/* The same when the filter matches few: the page and the counts at once. */
static const enum stmt few_stmts[][2] = {
	{ STMT_REVIEW_FEW_NEWEST, STMT_REVIEW_FEW_OLDEST },
	{ STMT_REVIEW_FEW_OLDEST, STMT_REVIEW_FEW_NEWEST },
	{ STMT_REVIEW_FEW_KANA, STMT_REVIEW_FEW_KANA_DESC },
};
_Static_assert(sizeof(few_stmts) / sizeof(few_stmts[0]) ==
		   sizeof(sort_opts) / sizeof(sort_opts[0]),
	       "a few-matches statement pair per sort order");

#define OPTS(a) (a), sizeof(a) / sizeof((a)[0])
#define NO_OPTS NULL, 0
#define CHOICE(n, o)                                                           \
	{                                                                      \
		n, FT_SELECT, 0, 0, NULL, o, NULL, NULL                        \
	}

static const struct fdef rl_fields[RL__MAX] = {
	[RL_STATUS] = CHOICE("status", OPTS(status_opts)),
	[RL_SOURCE] = CHOICE("source", OPTS(source_opts)),
	/* Options from the ministries table: see filter_init. */
	[RL_MINISTRY] = CHOICE("ministry", NO_OPTS),
	[RL_OPERATION] = CHOICE("operation", OPTS(operation_opts)),
	[RL_EXPERTISE] = CHOICE("expertise", OPTS(expertise_opts)),
	[RL_LANGUAGE] = CHOICE("language", OPTS(language_opts)),
	[RL_PREFECTURE] = CHOICE("prefecture", OPTS(prefecture_opts)),
	[RL_FROM] = { "submitted_from", FT_DATE, 0, 10, NULL, NULL, 0, NULL,
		      NULL },
	[RL_TO] = { "submitted_to", FT_DATE, 0, 10, NULL, NULL, 0, NULL, NULL },
	[RL_Q] = { "q", FT_TEXT, 0, 100, NULL, NULL, 0, "off", NULL },
	[RL_SORT] = CHOICE("sort", OPTS(sort_opts)),
};

static const struct fgroup rl_groups[] = { { "rl_filters", 0, RL__MAX } };

/* A filter read from a request, and the statement parameters it gives. */
struct filter {
	struct fdef defs[RL__MAX]; /* rl_fields with the ministries */
	struct ministries min;
	struct form f;
	struct buf terms[MAX_TERMS]; /* folded words of the free text */
	struct buf langs;	     /* the language at every level */
	const char *p[NPARAMS];
	char cursor[24];
	int back; /* the cursor is "before": read backward */
	size_t sort;
};

/*
 * Returns the statement that reads fl's page in its sort order, forward
 * or backward (back).
 */
static enum stmt
list_stmt(const struct filter *fl, int back)
{
	enum text_kind k = fl->p[P_TERMS] == NULL	? TEXT_NONE
			   : fl->p[P_TERMS + 1] == NULL ? TEXT_WORD
							: TEXT_WORDS;

	return sort_stmts[fl->sort][k][back];
}

/* Splits the folded free text into the term parameters. */
static void
read_terms(struct filter *fl)
{
	struct buf folded;
	char *w, *save = NULL;
	size_t n = 0;

	buf_init(&folded);
	text_fold(form_value(&fl->f, RL_Q), &folded);
	for (w = strtok_r(folded.ptr, " ", &save); w != NULL;
	     w = strtok_r(NULL, " ", &save)) {
		if (n == MAX_TERMS) {
			form_error(&fl->f, RL_Q, "err_q_words", MAX_TERMS);
			break;
		}
		buf_puts(&fl->terms[n], w);
		fl->p[P_TERMS + n] = fl->terms[n].ptr;
		n++;
	}
	buf_free(&folded);
}

/* Reads after= or before= from in.  Returns 0, or -1 if malformed. */
static int
read_cursor(struct filter *fl, const struct kvlist *in)
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
	fl->p[P_CURSOR] = fl->cursor;
	return 0;
}

/*
 * Prepares fl, the ministries from the table as the ministry filter's
 * options.  Returns 0, or 503/500; filter_free frees fl either way.
 */
static int
filter_init(struct req *r, struct filter *fl)
{
	size_t i;
	int rc;

	memset(fl, 0, sizeof(*fl));
	memcpy(fl->defs, rl_fields, sizeof(rl_fields));
	rc = ministries_load(r, &fl->min);
	fl->defs[RL_MINISTRY].opts = fl->min.opts;
	fl->defs[RL_MINISTRY].nopts = fl->min.n;
	form_init(&fl->f, fl->defs, RL__MAX);
	for (i = 0; i < MAX_TERMS; i++)
		buf_init(&fl->terms[i]);
	buf_init(&fl->langs);
	return rc;
}

static void
filter_free(struct filter *fl)
{
	size_t i;

	form_free(&fl->f);
	ministries_free(&fl->min);
	for (i = 0; i < MAX_TERMS; i++)
		buf_free(&fl->terms[i]);
	buf_free(&fl->langs);
}

/*
 * Sets the language parameter: the rows store 'code:level', so the
 * filter is the language at each level of the form's level options.
 */
static void
language_set(struct filter *fl)
{
	const struct fdef *d = &apply_fields[AF_LANG_EN];
	size_t i;

	if (fl->p[RL_LANGUAGE] == NULL)
		return;
	buf_putc(&fl->langs, '{');
	for (i = 0; i < d->nopts; i++)
		buf_printf(&fl->langs, "%s%s:%s", i > 0 ? "," : "",
			   fl->p[RL_LANGUAGE], d->opts[i].value);
	buf_putc(&fl->langs, '}');
	fl->p[RL_LANGUAGE] = fl->langs.ptr;
}

/*
 * Reads and checks the filter from in and sets the parameters.  Returns
 * 0, -1 when a field is wrong (the form holds the messages) or -2 for a
 * malformed cursor.
 */
static int
filter_read(struct filter *fl, const struct kvlist *in)
{
	size_t i;

	form_read(&fl->f, in);
	for (i = RL_STATUS; i <= RL_TO; i++)
		fl->p[i] = fl->f.val[i].len > 0 ? form_value(&fl->f, i) : NULL;
	if (fl->p[RL_FROM] != NULL && fl->p[RL_TO] != NULL &&
	    strcmp(fl->p[RL_FROM], fl->p[RL_TO]) > 0)
		form_error(&fl->f, RL_TO, "err_date_order", 0);
	read_terms(fl);
	language_set(fl);
	for (i = 0; i < sizeof(sort_opts) / sizeof(sort_opts[0]); i++)
		if (strcmp(form_value(&fl->f, RL_SORT), sort_opts[i].value) ==
		    0)
			fl->sort = i;
	if (fl->f.nerr > 0)
		return -1;
	return read_cursor(fl, in) == 0 ? 0 : -2;
}

/* Appends the filter's non-empty fields but skip to the URL in b. */
static void
url_filter(struct buf *b, const struct form *f, int skip)
{
	size_t i;

	for (i = 0; i < RL__MAX; i++)
		if ((int)i != skip && f->val[i].len > 0)
			urlenc_add(b, rl_fields[i].name, form_value(f, i));
}

/* Returns a new view string: path with the filter and one more pair. */
static struct json_object *
url_view(const char *path, const struct form *f, int skip, const char *name,
	 const char *value)
{
	struct json_object *o;
	struct buf b;

	buf_init(&b);
	buf_puts(&b, path);
	url_filter(&b, f, skip);
	if (name != NULL)
		urlenc_add(&b, name, value);
	o = json_object_new_string(b.ptr);
	buf_free(&b);
	return o;
}

/* Columns of the list statements (SQL_REVIEW_COLUMNS). */
enum col {
	C_ID,
	C_REFERENCE,
	C_STATUS,
	C_SOURCE,
	C_MINISTRY,
	C_FAMILY_KANJI,
	C_GIVEN_KANJI,
	C_FAMILY_KANA,
	C_GIVEN_KANA,
	C_FAMILY_ROMAJI,
	C_GIVEN_ROMAJI,
	C_CREATED,
	C_BIRTH_DATE,
	C_GENDER,
	C_EMAIL,
	C_PHONE,
	C_POSTCODE,
	C_PREFECTURE,
	C_ADDRESS,
	C_OPERATIONS,
	C_EXPERTISE,
	C_LANGUAGES,
	C__MAX
};
#define C_COUNTS C__MAX /* STMT_REVIEW_FEW_*: the counts after the columns */

/*
 * Returns the number of rows of a page's result: a STMT_REVIEW_FEW_*
 * page without rows is one row without an id.
 */
static int
page_rows(const PGresult *res)
{
	int n = PQntuples(res);

	return n == 1 && PQgetisnull(res, 0, C_ID) ? 0 : n;
}

/* Sets key to two columns of row i joined by a space. */
static void
view_pair(struct json_object *o, const char *key, const PGresult *res, int i,
	  enum col a, enum col b)
{
	char v[256];

	snprintf(v, sizeof(v), "%s %s", PQgetvalue(res, i, a),
		 PQgetvalue(res, i, b));
	view_str(o, key, v);
}

/* Returns the view of row i of a list result. */
static struct json_object *
row_view(const struct req *r, const struct filter *fl, const PGresult *res,
	 int i)
{
	struct json_object *o = json_object_new_object();
	const char *src = PQgetvalue(res, i, C_SOURCE);

	view_str(o, "id", PQgetvalue(res, i, C_ID));
	view_str(o, "reference", PQgetvalue(res, i, C_REFERENCE));
	view_pair(o, "name_kanji", res, i, C_FAMILY_KANJI, C_GIVEN_KANJI);
	view_pair(o, "name_kana", res, i, C_FAMILY_KANA, C_GIVEN_KANA);
	view_pair(o, "name_romaji", res, i, C_FAMILY_ROMAJI, C_GIVEN_ROMAJI);
	view_str(o, "status", PQgetvalue(res, i, C_STATUS));
	view_str(o, "status_label",
		 req_code_text(r, "status_", PQgetvalue(res, i, C_STATUS)));
	view_str(o, "source_label",
		 *PQgetvalue(res, i, C_MINISTRY) != '\0'
		     ? ministries_name(&fl->min, PQgetvalue(res, i, C_MINISTRY))
		     : req_code_text(r, "source_", src));
	view_str(o, "date", PQgetvalue(res, i, C_CREATED));
	return o;
}

/*
 * Puts the page of rows into the view: at most PAGE_ROWS, in the sort's
 * order (a backward read comes in reverse), and the links to the pages
 * before and after it.
 */
static void
rows_view(struct req *r, const struct filter *fl, const PGresult *res)
{
	struct json_object *arr = json_object_new_array();
	int n = page_rows(res), shown = n > PAGE_ROWS ? PAGE_ROWS : n, i;
	int more = n > PAGE_ROWS, first, last;

	for (i = 0; i < shown; i++)
		json_object_array_add(
		    arr, row_view(r, fl, res, fl->back ? shown - 1 - i : i));
	json_object_object_add(r->view, "rows", arr);
	view_bool(r->view, "has_rows", shown > 0);
	if (shown == 0)
		return;
	first = fl->back ? shown - 1 : 0;
	last = fl->back ? 0 : shown - 1;
	if (fl->back ? more : fl->cursor[0] != '\0')
		json_object_object_add(r->view, "prev_href",
				       url_view(LIST_PATH, &fl->f, -1, "before",
						PQgetvalue(res, first, C_ID)));
	if (fl->back || more)
		json_object_object_add(r->view, "next_href",
				       url_view(LIST_PATH, &fl->f, -1, "after",
						PQgetvalue(res, last, C_ID)));
}

/*
 * Counts per status (in status_names order) for the list's tabs: exact,
 * or the planner's estimates when more than STMT_REVIEW_COUNT_EXACT
 * match.
 */
struct counts {
	int n[AS__MAX];
	int approx;
};

/*
 * Returns a count as shown: the number, or when estimated "about N"
 * with N rounded to two significant digits (an estimate's precision).
 */
static struct json_object *
count_text(const struct req *r, int c, int approx)
{
	int unit = 1;

	if (!approx)
		return json_object_new_int(c);
	while (c / unit >= 100)
		unit *= 10;
	c = (c + unit / 2) / unit * unit;
	return i18n_format(&r->app->i18n, r->lang, "rl_count_about", c);
}

/* Puts the counts per status, each a link to that status, into the view. */
static void
counts_view(struct req *r, const struct filter *fl, const struct counts *c)
{
	struct json_object *arr = json_object_new_array(), *o;
	int total = 0;
	size_t s;

	for (s = 0; s < AS__MAX; s++) {
		total += c->n[s];
		o = json_object_new_object();
		view_str(o, "label",
			 req_code_text(r, "status_", status_names[s]));
		json_object_object_add(o, "count",
				       count_text(r, c->n[s], c->approx));
		json_object_object_add(o, "href",
				       url_view(LIST_PATH, &fl->f, RL_STATUS,
						"status", status_names[s]));
		view_bool(o, "current",
			  strcmp(form_value(&fl->f, RL_STATUS),
				 status_names[s]) == 0);
		json_object_array_add(arr, o);
	}
	json_object_object_add(r->view, "counts", arr);
	json_object_object_add(r->view, "total",
			       count_text(r, total, c->approx));
	json_object_object_add(
	    r->view, "all_href",
	    url_view(LIST_PATH, &fl->f, RL_STATUS, NULL, NULL));
	view_bool(r->view, "all_current", fl->f.val[RL_STATUS].len == 0);
}

/* Rolls back after a failure and passes its status on. */
static enum db_status
rollback(struct req *r, enum db_status st)
{
	if (st != DB_UNAVAILABLE)
		(void)db_tx(r->db, "ROLLBACK");
	return st;
}

/*
 * Reads the planner's row estimate from one EXPLAIN (FORMAT JSON) result.
 * Returns it, or -1 if the result has no such number.
 */
static int
plan_rows(const PGresult *res)
{
	struct json_object *doc, *plan, *rows;
	int n = -1;

	if (PQntuples(res) != 1 ||
	    (doc = json_tokener_parse(PQgetvalue(res, 0, 0))) == NULL)
		return -1;
	if (json_object_is_type(doc, json_type_array) &&
	    json_object_object_get_ex(json_object_array_get_idx(doc, 0), "Plan",
				      &plan) &&
	    json_object_object_get_ex(plan, "Plan Rows", &rows))
		n = json_object_get_int(rows);
	json_object_put(doc);
	return n;
}

/*
 * Estimates the filter's applications (v, without a status) with the
 * planner: planning takes a fraction of a millisecond, while an exact
 * count visits every matching row (35 to 80 ms for a broad filter at
 * 100,000 applications, ten times that at a million).  Returns the
 * estimate, or -1 with the database status in *st.
 */
static int
estimate(struct req *r, const char **v, enum db_status *st)
{
	PGresult *res;
	int n;

	*st = db_exec(r->db, STMT_REVIEW_COUNT_ESTIMATE, NFILTERS, v, NULL,
		      NULL, &res);
	if (*st != DB_OK)
		return -1;
	n = plan_rows(res);
	PQclear(res);
	return n > 0 ? n : 0;
}

/*
 * Reads the counts per status of a STMT_REVIEW_FEW_* result (a JSON
 * object in its first row) into c.  Returns their total: exact when at
 * most STMT_REVIEW_COUNT_EXACT, else the statement stopped counting.
 */
static int
few_counts(const PGresult *res, struct counts *c)
{
	struct json_object *doc, *n;
	enum app_status s;
	int total = 0;

	if (PQntuples(res) < 1 || PQgetisnull(res, 0, C_COUNTS) ||
	    (doc = json_tokener_parse(PQgetvalue(res, 0, C_COUNTS))) == NULL)
		return 0;
	for (s = 0; s < AS__MAX; s++)
		if (json_object_object_get_ex(doc, status_names[s], &n)) {
			c->n[s] = json_object_get_int(n);
			total += c->n[s];
		}
	json_object_put(doc);
	return total;
}

/*
 * Counts the page's rows (res) per status into shown: what the page
 * already shows, which no estimate may be below.  Returns how many.
 */
static int
shown_counts(const PGresult *res, struct counts *shown)
{
	enum app_status s;
	int i, n = page_rows(res);

	memset(shown, 0, sizeof(*shown));
	for (i = 0; i < n; i++)
		if (status_parse(PQgetvalue(res, i, C_STATUS), &s) == 0)
			shown->n[s]++;
	return n;
}

/*
 * Sets c to the planner's estimates per status: the filter's estimate
 * (total) times each status's share, as the planner would estimate the
 * filter in that status, but without planning it five more times.
 * Without statistics (a table never analysed) the shares are the page's
 * own.  Never below the matches seen (seen) nor the page's rows (rows).
 */
static enum db_status
counts_estimate(struct req *r, int total, const struct counts *seen,
		const PGresult *rows, struct counts *c)
{
	struct counts shown;
	enum db_status st;
	enum app_status s;
	PGresult *res;
	int i, n, nshown = shown_counts(rows, &shown), nshares;

	*c = *seen;
	c->approx = 1;
	st = db_exec(r->db, STMT_REVIEW_STATUS_SHARES, 0, NULL, NULL, NULL,
		     &res);
	if (st != DB_OK)
		return st;
	nshares = PQntuples(res);
	for (i = 0; i < nshares; i++) {
		if (status_parse(PQgetvalue(res, i, 0), &s) != 0)
			continue;
		n = (int)(total * atof(PQgetvalue(res, i, 1)) + 0.5);
		if (n > c->n[s])
			c->n[s] = n;
	}
	PQclear(res);
	for (s = 0; s < AS__MAX; s++) {
		n = nshares == 0 && nshown > 0
			? (int)(((long long)total * shown.n[s] + nshown / 2) /
				nshown)
			: 0;
		if (n < shown.n[s])
			n = shown.n[s];
		if (n > c->n[s])
			c->n[s] = n;
	}
	return DB_OK;
}

/*
 * Reads one page of rows and the counts per status (the status filter
 * aside, so that each tab shows its own) in one read-only transaction
 * with custom plans: a filter that is off (NULL) then folds out of the
 * plan.  When the planner expects few matches (COUNT_TRUST), one
 * statement reads the first STMT_REVIEW_COUNT_EXACT + 1 matches and gives
 * the page and exact counts; when more match, or more are expected, the
 * page is read in its own order (from an index, or by sorting the
 * matches) and the counts are the planner's estimates.  The caller
 * PQclear()s the rows.
 */
static enum db_status
list_load(struct req *r, struct filter *fl, PGresult **rows, struct counts *c)
{
	const char *v[NPARAMS];
	struct counts seen;
	enum db_status st;
	int n, trust;

	*rows = NULL;
	memset(c, 0, sizeof(*c));
	memset(&seen, 0, sizeof(seen));
	if ((st = db_tx(r->db, "BEGIN READ ONLY; " CUSTOM_TX)) != DB_OK)
		return st;
	fl->p[P_LIMIT] = "51"; /* PAGE_ROWS + 1: is there more? */
	memcpy(v, fl->p, sizeof(v));
	v[RL_STATUS] = NULL;
	trust = fl->p[P_TERMS + 1] != NULL ? COUNT_TRUST_WORDS : COUNT_TRUST;
	if ((n = estimate(r, v, &st)) < 0)
		return rollback(r, st);
	if (n <= trust) {
		if ((st = db_exec(r->db, few_stmts[fl->sort][fl->back], NPARAMS,
				  fl->p, NULL, NULL, rows)) != DB_OK)
			return rollback(r, st);
		if (few_counts(*rows, &seen) <= STMT_REVIEW_COUNT_EXACT) {
			*c = seen;
			return db_tx(r->db, "COMMIT");
		}
		PQclear(*rows);
		*rows = NULL;
	}
	if ((st = db_exec(r->db, list_stmt(fl, fl->back), NPARAMS, fl->p, NULL,
			  NULL, rows)) != DB_OK ||
	    (st = counts_estimate(r, n, &seen, *rows, c)) != DB_OK)
		return rollback(r, st);
	return db_tx(r->db, "COMMIT");
}

/* Hidden fields that carry the filter and page through the bulk form. */
static void
hidden_view(struct req *r, const struct filter *fl)
{
	struct json_object *arr = json_object_new_array(), *o;
	size_t i;

	for (i = 0; i <= RL__MAX; i++) {
		if (i < RL__MAX && fl->f.val[i].len == 0)
			continue;
		if (i == RL__MAX && fl->cursor[0] == '\0')
			continue;
		o = json_object_new_object();
		view_str(o, "name",
			 i < RL__MAX ? rl_fields[i].name
			 : fl->back  ? "before"
				     : "after");
		view_str(o, "value",
			 i < RL__MAX ? form_value(&fl->f, i) : fl->cursor);
		json_object_array_add(arr, o);
	}
	json_object_object_add(r->view, "hidden", arr);
}

/* Shows what the last bulk move did (?moved=N&skipped=M). */
static void
moved_view(struct req *r)
{
	const char *m = kv_get(&r->query, "moved");
	const char *s = kv_get(&r->query, "skipped");

	if (m == NULL || strspn(m, "0123456789") != strlen(m) || *m == '\0')
		return;
	json_object_object_add(
	    r->view, "moved",
	    i18n_format(&r->app->i18n, r->lang, "rl_moved", atoi(m)));
	if (s != NULL && *s != '\0' && *s != '0' &&
	    strspn(s, "0123456789") == strlen(s))
		json_object_object_add(
		    r->view, "skipped",
		    i18n_format(&r->app->i18n, r->lang, "rl_skipped", atoi(s)));
}

/*
 * GET /review/applications: the filter form, the counts per status and
 * one page of applications.  200; 400 with the form and its messages
 * for a wrong filter, or the error page for a malformed page link; 503
 * or 500 when the database fails.
 */
int
page_review_list_get(struct req *r)
{
	struct filter fl;
	PGresult *rows = NULL;
	struct counts counts;
	int rc, status = 200;

	if ((rc = filter_init(r, &fl)) != 0) {
		filter_free(&fl);
		return rc;
	}
	if ((rc = filter_read(&fl, &r->query)) == -2) {
		r->error_key = "cursor";
		status = 400;
	} else if (rc == -1)
		status = 400;
	else {
		switch (list_load(r, &fl, &rows, &counts)) {
		case DB_OK:
			view_bool(r->view, "list", 1);
			rows_view(r, &fl, rows);
			counts_view(r, &fl, &counts);
			hidden_view(r, &fl);
			json_object_object_add(
			    r->view, "csv_href",
			    url_view(LIST_PATH ".csv", &fl.f, -1, NULL, NULL));
			moved_view(r);
			break;
		case DB_UNAVAILABLE:
			status = 503;
			break;
		case DB_ERROR:
			status = 500;
			break;
		}
	}
	if (status == 200 || rc == -1) {
		json_object_object_add(
		    r->view, "form",
		    form_view(&fl.f, rl_groups, 1, &r->app->i18n, r->lang));
		view_str(r->view, "title", req_text(r, "rl_title"));
		r->page = VIEW_REVIEW_LIST;
	}
	PQclear(rows);
	filter_free(&fl);
	return status;
}

/* Writes the CSV header record. */
static void
csv_header(struct buf *out)
{
	static const char *const names[] = {
		"reference",	 "status",	 "source",	 "ministry",
		"family_kanji",	 "given_kanji",	 "family_kana",	 "given_kana",
		"family_romaji", "given_romaji", "submitted_at", "birth_date",
		"gender",	 "email",	 "phone",	 "postcode",
		"prefecture",	 "address",	 "operations",	 "expertise",
		"languages",
	};

	_Static_assert(sizeof(names) / sizeof(names[0]) == C__MAX - 1,
		       "a name per exported column");
	csv_row(out, names, C__MAX - 1);
}

/*
 * Writes the rows of res as CSV records (every column but the id), the
 * prefecture by name.
 */
static void
csv_rows(const struct req *r, const PGresult *res, struct buf *out)
{
	const char *cells[C__MAX - 1];
	int i, c;

	for (i = 0; i < PQntuples(res); i++) {
		for (c = C_REFERENCE; c < C__MAX; c++)
			cells[c - 1] = PQgetvalue(res, i, c);
		/* A nomination has no prefecture: an empty cell. */
		if (*cells[C_PREFECTURE - 1] != '\0')
			cells[C_PREFECTURE - 1] = req_code_text(
			    r, "pref_", PQgetvalue(res, i, C_PREFECTURE));
		csv_row(out, cells, C__MAX - 1);
	}
}

/* Returns the audit entry's "after" of an export: the filter, the rows. */
static struct json_object *
export_audit(const struct filter *fl, long long n)
{
	struct json_object *o = json_object_new_object();
	struct json_object *f = json_object_new_object();
	size_t i;

	for (i = 0; i < RL__MAX; i++)
		if (fl->f.val[i].len > 0)
			view_str(f, rl_fields[i].name, form_value(&fl->f, i));
	json_object_object_add(o, "filter", f);
	json_object_object_add(o, "rows", json_object_new_int64(n));
	return o;
}

/*
 * Writes every row of the filter into r->body, CSV_CHUNK rows per
 * statement along the keyset, in one snapshot, and audits the export in
 * the same transaction: no export goes unrecorded.
 */
static enum db_status
csv_load(struct req *r, struct filter *fl)
{
	struct json_object *after;
	enum db_status st;
	PGresult *res;
	long long total = 0;
	int n;

	if ((st = db_tx(r->db,
			"BEGIN ISOLATION LEVEL REPEATABLE READ; " CUSTOM_TX)) !=
	    DB_OK)
		return st;
	fl->p[P_CURSOR] = NULL;
	fl->p[P_LIMIT] = CSV_CHUNK;
	do {
		if ((st = db_exec(r->db, list_stmt(fl, 0), NPARAMS, fl->p, NULL,
				  NULL, &res)) != DB_OK)
			return rollback(r, st);
		csv_rows(r, res, &r->body);
		n = PQntuples(res);
		total += n;
		if (n > 0) {
			snprintf(fl->cursor, sizeof(fl->cursor), "%s",
				 PQgetvalue(res, n - 1, C_ID));
			fl->p[P_CURSOR] = fl->cursor;
		}
		PQclear(res);
	} while (n == atoi(CSV_CHUNK));
	after = export_audit(fl, total);
	st = audit_add(r, "application.export", "application", NULL, NULL,
		       after);
	json_object_put(after);
	if (st != DB_OK)
		return rollback(r, st);
	return db_tx(r->db, "COMMIT");
}

/*
 * GET /review/applications.csv: the filter's applications as a dated CSV
 * attachment (the page and sort order of the list do not limit it).
 * 200; 400 for a wrong filter; 503 or 500 when the database fails.
 */
int
page_review_csv_get(struct req *r)
{
	struct filter fl;
	enum db_status st;
	time_t now = time(NULL) + 9 * 3600;
	struct tm tm;
	char day[16];
	int rc;

	if ((rc = filter_init(r, &fl)) != 0 ||
	    filter_read(&fl, &r->query) != 0) {
		filter_free(&fl);
		if (rc != 0)
			return rc;
		r->error_key = "filter";
		return 400;
	}
	csv_bom(&r->body);
	csv_header(&r->body);
	st = csv_load(r, &fl);
	filter_free(&fl);
	if (st != DB_OK) {
		buf_reset(&r->body);
		return db_http(st);
	}
	gmtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y%m%d", &tm);
	buf_printf(&r->headers,
		   "Content-Disposition: attachment; "
		   "filename=\"applications-%s.csv\"\r\n",
		   day);
	r->content_type = "text/csv; charset=utf-8";
	return 200;
}

/* Orders ids for qsort. */
static int
cmp_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/*
 * Reads the selected ids (fields "id") into a PostgreSQL array literal,
 * without repeats.  Returns how many, or -1 if one is not an id.
 */
static int
read_ids(const struct kvlist *in, struct buf *arr)
{
	long long *ids = xcalloc(in->n + 1, sizeof(*ids));
	const char *v;
	size_t i, n = 0, k;

	for (i = 0; i < in->n; i++) {
		if (strcmp(in->p[i].key, "id") != 0)
			continue;
		v = in->p[i].val;
		if (*v == '\0' || *v == '0' || strlen(v) > 18 ||
		    strspn(v, "0123456789") != strlen(v)) {
			free(ids);
			return -1;
		}
		ids[n++] = atoll(v);
	}
	qsort(ids, n, sizeof(*ids), cmp_id);
	buf_putc(arr, '{');
	for (i = k = 0; i < n; i++)
		if (i == 0 || ids[i] != ids[i - 1])
			buf_printf(arr, "%s%lld", k++ > 0 ? "," : "", ids[i]);
	buf_putc(arr, '}');
	free(ids);
	return (int)k;
}

/* Audits one application's move: status and version before and after. */
static enum db_status
audit_move(struct req *r, const char *id, int version)
{
	struct json_object *b = json_object_new_object();
	struct json_object *a = json_object_new_object();
	enum db_status st;

	view_str(b, "status", status_names[AS_SUBMITTED]);
	json_object_object_add(b, "version", json_object_new_int(version - 1));
	view_str(a, "status", status_names[AS_SCREENING]);
	json_object_object_add(a, "version", json_object_new_int(version));
	st = audit_add(r, "application.status", "application", id, b, a);
	json_object_put(b);
	json_object_put(a);
	return st;
}

/*
 * Moves the applications of the id array that are still submitted to
 * screening, with history and audit rows, in one transaction.  Sets
 * *moved.  Returns the database status.
 */
static enum db_status
move_to_screening(struct req *r, const char *ids, int *moved)
{
	char account[24];
	const char *v[5];
	enum db_status st;
	PGresult *res;
	int i;

	snprintf(account, sizeof(account), "%lld", r->staff.id);
	v[0] = ids;
	v[1] = status_names[AS_SCREENING];
	v[2] = status_names[AS_SUBMITTED];
	v[3] = account;
	v[4] = r->staff.login;
	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return st;
	if ((st = db_exec(r->db, STMT_REVIEW_TO_SCREENING, 5, v, NULL, NULL,
			  &res)) != DB_OK)
		return rollback(r, st);
	*moved = PQntuples(res);
	for (i = 0; i < *moved && st == DB_OK; i++)
		st = audit_move(r, PQgetvalue(res, i, 0),
				atoi(PQgetvalue(res, i, 1)));
	PQclear(res);
	if (st != DB_OK)
		return rollback(r, st);
	return db_tx(r->db, "COMMIT");
}

/*
 * POST /review/applications/screening: the bulk move.  Applications not
 * in "submitted" are skipped.  303 back to the list with its filter and
 * how many moved; 400 for a malformed id or filter; 503 or 500 when the
 * database fails (nothing moved).
 */
int
page_review_screening_post(struct req *r)
{
	struct filter fl;
	struct buf ids, url;
	int n, moved = 0, status;
	enum db_status st;

	if (!status_allowed(AS_SUBMITTED, AS_SCREENING, ACTOR_STAFF))
		return 500;
	buf_init(&ids);
	if ((status = filter_init(r, &fl)) != 0)
		n = 0;
	else if ((n = read_ids(&r->form, &ids)) < 0 ||
		 filter_read(&fl, &r->form) != 0)
		status = 400;
	else if (n > 0 && (st = move_to_screening(r, ids.ptr, &moved)) != DB_OK)
		status = db_http(st);
	if (status == 0) {
		status = 303;
		buf_init(&url);
		buf_puts(&url, LIST_PATH);
		url_filter(&url, &fl.f, -1);
		if (fl.cursor[0] != '\0')
			urlenc_add(&url, fl.back ? "before" : "after",
				   fl.cursor);
		buf_printf(&url, "%cmoved=%d&skipped=%d",
			   strchr(url.ptr, '?') == NULL ? '?' : '&', moved,
			   n - moved);
		req_redirect(r, "%s", url.ptr);
		buf_free(&url);
	}
	filter_free(&fl);
	buf_free(&ids);
	return status;
}
