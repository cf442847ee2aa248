/*
 * POST /review/applications/screening: the reviewer's bulk move of the
 * selected applications from submitted to screening, back to the list
 * with its filter and page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "audit.h"
#include "buf.h"
#include "db.h"
#include "kv.h"
#include "pages.h"
#include "record.h"
#include "req.h"
#include "review_filter.h"
#include "status.h"
#include "urlenc.h"

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
	const char *v[RTP__MAX];
	enum db_status st;
	PGresult *res;
	int i;

	snprintf(account, sizeof(account), "%lld", r->staff.id);
	v[RTP_IDS] = ids;
	v[RTP_TO] = status_names[AS_SCREENING];
	v[RTP_FROM] = status_names[AS_SUBMITTED];
	v[RTP_ACCOUNT] = account;
	v[RTP_LOGIN] = r->staff.login;
	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return st;
	if ((st = db_exec(r->db,
			  &stmt_review_list[STMT_REVIEW_LIST_TO_SCREENING],
			  RTP__MAX, v, NULL, NULL, &res)) != DB_OK)
		return db_end(r->db, st, 0);
	*moved = PQntuples(res);
	for (i = 0; i < *moved && st == DB_OK; i++)
		st = audit_move(r, PQgetvalue(res, i, RTC_ID),
				atoi(PQgetvalue(res, i, RTC_VERSION)));
	PQclear(res);
	return db_end(r->db, st, 1);
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
	struct review_filter fl;
	struct buf ids, url;
	int n, moved = 0, status;
	enum db_status st;

	if (!status_allowed(AS_SUBMITTED, AS_SCREENING, ACTOR_STAFF))
		return 500;
	buf_init(&ids);
	if ((status = review_filter_init(r, &fl)) != 0)
		n = 0;
	else if ((n = record_ids(&r->form, "id", &ids)) < 0 ||
		 review_filter_read(&fl, &r->form) != 0)
		status = 400;
	else if (n > 0 && (st = move_to_screening(r, ids.ptr, &moved)) != DB_OK)
		status = db_http(st);
	if (status == 0) {
		status = 303;
		buf_init(&url);
		buf_puts(&url, REVIEW_LIST_PATH);
		review_filter_url(&url, &fl.f, -1);
		if (fl.cursor[0] != '\0')
			urlenc_add(&url, fl.back ? "before" : "after",
				   fl.cursor);
		buf_printf(&url, "%cmoved=%d&skipped=%d",
			   strchr(url.ptr, '?') == NULL ? '?' : '&', moved,
			   n - moved);
		req_redirect(r, "%s", url.ptr);
		buf_free(&url);
	}
	review_filter_free(&fl);
	buf_free(&ids);
	return status;
}
