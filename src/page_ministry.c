/*
 * The liaison officer's list of their ministry's nominations: GET
 * /ministry (pages of 50, newest first) and its CSV export.  Every
 * statement names r->staff.ministry in its WHERE clause, so another
 * ministry's nominations never show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "audit.h"
#include "csv.h"
#include "db.h"
#include "nomination.h"
#include "pages.h"
#include "record.h"
#include "req.h"
#include "stmt_nomination.h"

#define LIST_PAGE 50 /* rows per page; the statement reads one more */

/* The columns of STMT_NOMINATION_CSV, by name in its header record. */
static const char *const csv_names[] = {
	"reference",	"status",     "family_kanji",  "given_kanji",
	"family_kana",	"given_kana", "family_romaji", "given_romaji",
	"birth_date",	"department", "post",	       "grade",
	"period_start", "period_end", "submitted_at",  "updated_at",
};

/* Builds the list's rows (up to LIST_PAGE) from res. */
static struct json_object *
list_rows(const struct req *r, const PGresult *res)
{
	struct json_object *rows = json_object_new_array(), *o;
	char href[64];
	int i;

	for (i = 0; i < PQntuples(res) && i < LIST_PAGE; i++) {
		o = json_object_new_object();
		snprintf(href, sizeof(href), NOMINATION_PATH "/%s",
			 PQgetvalue(res, i, NL_ID));
		view_str(o, "href", href);
		view_str(o, "reference", PQgetvalue(res, i, NL_REFERENCE));
		view_str(o, "name", PQgetvalue(res, i, NL_NAME));
		record_status_view(r, o, PQgetvalue(res, i, NL_STATUS));
		view_str(o, "updated", PQgetvalue(res, i, NL_UPDATED));
		json_object_array_add(rows, o);
	}
	return rows;
}

/*
 * GET /ministry: the ministry's nominations, newest first, LIST_PAGE at a
 * time after ?after=ID.  200; 400 for a wrong cursor; 503/500.
 */
int
page_ministry_get(struct req *r)
{
	const char *after = kv_get(&r->query, "after");
	struct record cur;
	PGresult *res;
	enum db_status st;
	char next[64];
	int n;

	if (after != NULL && record_id(after, &cur) != 0)
		return 400;
	st = db_run(r->db, &stmt_nomination[STMT_NOMINATION_LIST], &res, 2,
		    r->staff.ministry, after == NULL ? NULL : cur.id);
	if (st != DB_OK)
		return db_http(st);
	n = PQntuples(res);
	json_object_object_add(r->view, "rows", list_rows(r, res));
	view_bool(r->view, "has_rows", n > 0);
	if (n > LIST_PAGE) {
		snprintf(next, sizeof(next), "/ministry?after=%s",
			 PQgetvalue(res, LIST_PAGE - 1, 0));
		view_str(r->view, "next_href", next);
	}
	PQclear(res);
	view_str(r->view, "title", req_text(r, "ministry_title"));
	r->page = VIEW_MINISTRY_LIST;
	return 200;
}

/*
 * Writes the ministry's nominations as CSV into r->body and audits the
 * export, in one transaction: no export goes unrecorded.
 */
static enum db_status
nominations_csv_load(struct req *r)
{
	const char *cells[sizeof(csv_names) / sizeof(csv_names[0])];
	struct json_object *after;
	enum db_status st;
	PGresult *res;
	int i, c;

	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return st;
	st = db_run(r->db, &stmt_nomination[STMT_NOMINATION_CSV], &res, 1,
		    r->staff.ministry);
	for (i = 0; st == DB_OK && i < PQntuples(res); i++) {
		for (c = 0; c < PQnfields(res); c++)
			cells[c] = PQgetvalue(res, i, c);
		csv_row(&r->body, cells, (size_t)PQnfields(res));
	}
	if (st == DB_OK) {
		after = json_object_new_object();
		json_object_object_add(after, "rows",
				       json_object_new_int(PQntuples(res)));
		st = audit_add(r, "nomination.export", "ministry",
			       r->staff.ministry, NULL, after);
		json_object_put(after);
	}
	PQclear(res);
	return db_end(r->db, st, 1);
}

/*
 * GET /ministry/nominations.csv: every nomination of the ministry as a
 * dated CSV attachment.  200, 503/500.
 */
int
page_ministry_csv_get(struct req *r)
{
	char name[32];

	_Static_assert(sizeof(csv_names) / sizeof(csv_names[0]) ==
			   NOMINATION_CSV_COLS,
		       "a name per column of STMT_NOMINATION_CSV");
	csv_bom(&r->body);
	csv_row(&r->body, csv_names, sizeof(csv_names) / sizeof(csv_names[0]));
	snprintf(name, sizeof(name), "nominations-%s", r->staff.ministry);
	return csv_send(r, nominations_csv_load(r), name);
}
