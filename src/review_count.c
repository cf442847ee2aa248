#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "db.h"
#include "req.h"
#include "review_count.h"
#include "status.h"

/*
 * Estimated beyond, not counted: the planner estimated one word (or no
 * free text) within 0.67 to 1.25 times the truth at 100,000 applications,
 * several words of one name up to 2.5 times too high.
 */
#define COUNT_TRUST	  1500
#define COUNT_TRUST_WORDS 4000

/* The same when the filter matches few: the page and the counts at once. */
static const struct stmt_def *const few_stmts[][2] = {
	{ &stmt_review_list[STMT_REVIEW_LIST_FEW_NEWEST],
	  &stmt_review_list[STMT_REVIEW_LIST_FEW_OLDEST] },
	{ &stmt_review_list[STMT_REVIEW_LIST_FEW_OLDEST],
	  &stmt_review_list[STMT_REVIEW_LIST_FEW_NEWEST] },
	{ &stmt_review_list[STMT_REVIEW_LIST_FEW_KANA],
	  &stmt_review_list[STMT_REVIEW_LIST_FEW_KANA_DESC] },
};
_Static_assert(sizeof(few_stmts) / sizeof(few_stmts[0]) == REVIEW_SORTS,
	       "a few-matches statement pair per sort order");

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
 * Returns the planner's row estimate of statement s with the n values v,
 * or -1 with the database status in *st.
 */
static int
plan_estimate(struct req *r, enum stmt_review_list_id s, int n,
	      const char *const *v, enum db_status *st)
{
	PGresult *res;
	int rows;

	*st = db_exec(r->db, &stmt_review_list[s], n, v, NULL, NULL, &res);
	if (*st != DB_OK)
		return -1;
	rows = plan_rows(res);
	PQclear(res);
	return rows > 0 ? rows : 0;
}

/*
 * Estimates the filter's applications (v, without a status) with the
 * planner: planning takes a fraction of a millisecond, while an exact
 * count visits every matching row (35 to 80 ms for a broad filter at
 * 100,000 applications, ten times that at a million).  With a training
 * state, the filter's accepted people times the state's share of the
 * summary (STMT_REVIEW_LIST_TRAINING_ESTIMATE).  Returns the estimate,
 * or -1 with the database status in *st.
 */
static int
estimate(struct req *r, const char **v, enum db_status *st)
{
	const char *acc[RLP_FILTER_MAX], *state = v[RLP_TRAINING];
	int n, in, all;

	if (state == NULL)
		return plan_estimate(r, STMT_REVIEW_LIST_COUNT_ESTIMATE,
				     RLP_FILTER_MAX, v, st);
	memcpy(acc, v, sizeof(acc));
	acc[RLP_STATUS] = status_names[AS_ACCEPTED];
	acc[RLP_TRAINING] = NULL;
	if ((n = plan_estimate(r, STMT_REVIEW_LIST_COUNT_ESTIMATE,
			       RLP_FILTER_MAX, acc, st)) < 0 ||
	    (in = plan_estimate(r, STMT_REVIEW_LIST_TRAINING_ESTIMATE, 1,
				&state, st)) < 0 ||
	    (all = plan_estimate(r, STMT_REVIEW_LIST_TRAINING_ESTIMATE, 1,
				 (const char *[]){ NULL }, st)) < 0)
		return -1;
	return all > 0 ? (int)((long long)n * in / all) : 0;
}

/*
 * Reads the counts per status of a STMT_REVIEW_LIST_FEW_* result (a JSON
 * object in its first row) into c.  Returns their total: exact when at
 * most STMT_REVIEW_COUNT_EXACT, else the statement stopped counting.
 */
static int
few_counts(const PGresult *res, struct review_counts *c)
{
	struct json_object *doc, *n;
	enum app_status s;
	int total = 0;

	if (PQntuples(res) < 1 || PQgetisnull(res, 0, RLC_COUNTS) ||
	    (doc = json_tokener_parse(PQgetvalue(res, 0, RLC_COUNTS))) == NULL)
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
shown_counts(const PGresult *res, struct review_counts *shown)
{
	enum app_status s;
	int i, n = review_filter_rows(res);

	memset(shown, 0, sizeof(*shown));
	for (i = 0; i < n; i++)
		if (status_parse(PQgetvalue(res, i, RLC_STATUS), &s) == 0)
			shown->n[s]++;
	return n;
}

/*
 * Sets c to the planner's estimates per status: the filter's estimate
 * (total) times each status's share, as the planner would estimate the
 * filter in that status, but without planning it five more times.
 * Without statistics (a table never analysed) the shares are the page's
 * own.  Never below the matches seen (seen) nor the page's rows (rows).
 * A training filter (training) matches accepted people only: the
 * estimate is theirs.
 */
static enum db_status
counts_estimate(struct req *r, int total, const struct review_counts *seen,
		const PGresult *rows, int training, struct review_counts *c)
{
	struct review_counts shown;
	enum db_status st;
	enum app_status s;
	PGresult *res;
	int i, n, nshown = shown_counts(rows, &shown), nshares;

	*c = *seen;
	c->approx = 1;
	if (training) {
		/* Only accepted people have a training state. */
		if (total > c->n[AS_ACCEPTED])
			c->n[AS_ACCEPTED] = total;
		if (shown.n[AS_ACCEPTED] > c->n[AS_ACCEPTED])
			c->n[AS_ACCEPTED] = shown.n[AS_ACCEPTED];
		return DB_OK;
	}
	st = db_exec(r->db, &stmt_review_list[STMT_REVIEW_LIST_STATUS_SHARES],
		     0, NULL, NULL, NULL, &res);
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
enum db_status
review_count_load(struct req *r, struct review_filter *fl, PGresult **rows,
		  struct review_counts *c)
{
	const char *v[RLP__MAX];
	struct review_counts seen;
	enum db_status st;
	int n, trust;

	*rows = NULL;
	memset(c, 0, sizeof(*c));
	memset(&seen, 0, sizeof(seen));
	if ((st = db_tx(r->db, "BEGIN READ ONLY; " DB_CUSTOM_PLANS)) != DB_OK)
		return st;
	fl->p[RLP_LIMIT] = "51"; /* PAGE_ROWS + 1: is there more? */
	memcpy(v, fl->p, sizeof(v));
	v[RLP_STATUS] = NULL;
	trust = fl->p[RLP_TERMS + 1] != NULL ? COUNT_TRUST_WORDS : COUNT_TRUST;
	if ((n = estimate(r, v, &st)) < 0)
		return db_end(r->db, st, 0);
	if (n <= trust) {
		if ((st = db_exec(r->db, few_stmts[fl->sort][fl->back],
				  RLP__MAX, fl->p, NULL, NULL, rows)) != DB_OK)
			return db_end(r->db, st, 0);
		if (few_counts(*rows, &seen) <= STMT_REVIEW_COUNT_EXACT) {
			*c = seen;
			return db_end(r->db, DB_OK, 1);
		}
		PQclear(*rows);
		*rows = NULL;
	}
	if ((st = db_exec(r->db, review_filter_stmt(fl, fl->back), RLP__MAX,
			  fl->p, NULL, NULL, rows)) != DB_OK ||
	    (st = counts_estimate(r, n, &seen, *rows,
				  fl->p[RLP_TRAINING] != NULL, c)) != DB_OK)
		return db_end(r->db, st, 0);
	return db_end(r->db, DB_OK, 1);
}
