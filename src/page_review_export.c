/*
 * GET /review/applications.csv: every application of the reviewer's
 * list filter as CSV, in one snapshot, audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "audit.h"
#include "csv.h"
#include "db.h"
#include "pages.h"
#include "req.h"
#include "review_filter.h"

#define CSV_CHUNK "2000" /* rows per round trip of the export */

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

	_Static_assert(sizeof(names) / sizeof(names[0]) == RLC__MAX - 1,
		       "a name per exported column");
	csv_row(out, names, RLC__MAX - 1);
}

/*
 * Writes the rows of res as CSV records (every column but the id), the
 * prefecture by name.
 */
static void
csv_rows(const struct req *r, const PGresult *res, struct buf *out)
{
	const char *cells[RLC__MAX - 1];
	int i, c;

	for (i = 0; i < PQntuples(res); i++) {
		for (c = RLC_REFERENCE; c < RLC__MAX; c++)
			cells[c - 1] = PQgetvalue(res, i, c);
		/* A nomination has no prefecture: an empty cell. */
		if (*cells[RLC_PREFECTURE - 1] != '\0')
			cells[RLC_PREFECTURE - 1] = req_code_text(
			    r, "pref_", PQgetvalue(res, i, RLC_PREFECTURE));
		csv_row(out, cells, RLC__MAX - 1);
	}
}

/* Returns the audit entry's "after" of an export: the filter, the rows. */
static struct json_object *
export_audit(const struct review_filter *fl, long long n)
{
	struct json_object *o = json_object_new_object();
	struct json_object *f = json_object_new_object();
	size_t i;

	for (i = 0; i < RL__MAX; i++)
		if (fl->f.val[i].len > 0)
			view_str(f, fl->defs[i].name, form_value(&fl->f, i));
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
applications_csv_load(struct req *r, struct review_filter *fl)
{
	struct json_object *after;
	enum db_status st;
	PGresult *res;
	long long total = 0;
	int n;

	if ((st = db_tx(
		 r->db,
		 "BEGIN ISOLATION LEVEL REPEATABLE READ; " DB_CUSTOM_PLANS)) !=
	    DB_OK)
		return st;
	fl->p[RLP_CURSOR] = NULL;
	fl->p[RLP_LIMIT] = CSV_CHUNK;
	do {
		if ((st = db_exec(r->db, review_filter_stmt(fl, 0), RLP__MAX,
				  fl->p, NULL, NULL, &res)) != DB_OK)
			return db_end(r->db, st, 0);
		csv_rows(r, res, &r->body);
		n = PQntuples(res);
		total += n;
		if (n > 0) {
			snprintf(fl->cursor, sizeof(fl->cursor), "%s",
				 PQgetvalue(res, n - 1, RLC_ID));
			fl->p[RLP_CURSOR] = fl->cursor;
		}
		PQclear(res);
	} while (n == atoi(CSV_CHUNK));
	after = export_audit(fl, total);
	st = audit_add(r, "application.export", "application", NULL, NULL,
		       after);
	json_object_put(after);
	return db_end(r->db, st, 1);
}

/*
 * GET /review/applications.csv: the filter's applications as a dated CSV
 * attachment (the page and sort order of the list do not limit it).
 * 200; 400 for a wrong filter; 503 or 500 when the database fails.
 */
int
page_review_csv_get(struct req *r)
{
	struct review_filter fl;
	enum db_status st;
	int rc;

	if ((rc = review_filter_init(r, &fl)) != 0 ||
	    review_filter_read(&fl, &r->query) != 0) {
		review_filter_free(&fl);
		if (rc != 0)
			return rc;
		r->error_key = "filter";
		return 400;
	}
	csv_bom(&r->body);
	csv_header(&r->body);
	st = applications_csv_load(r, &fl);
	review_filter_free(&fl);
	return csv_send(r, st, "applications");
}
