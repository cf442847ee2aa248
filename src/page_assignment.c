/*
 * Assignments (issue 15): POST /positions/{id}/assignments puts a person
 * on a position for a period, after the reviewer has confirmed each
 * warning the database raises (assignment_warnings_of); POST
 * /assignments/{id}/status confirms, dispatches, completes (return date
 * and debrief) or withdraws one.  The database refuses what breaks a
 * rule (the trigger assignments_check); the refusal comes back on the
 * position's page in words (assignment.c's table).  Every change is
 * audited with its before and after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "assignment.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "page_position.h"
#include "pages.h"
#include "record.h"
#include "req.h"
#include "stmt_position.h"
#include "text.h"
#include "valid.h"

#define REASON_MAX  1000 /* characters, as the table's */
#define DEBRIEF_MAX 4000

/* The warnings a reviewer may confirm, as the database names them. */
static const char *const warning_codes[] = {
	"longer_than_stated",
	"before_earliest_start",
	"answered_unavailable",
};
#define NWARNINGS (sizeof(warning_codes) / sizeof(warning_codes[0]))

/* Returns whether the form's field name holds the value v. */
static int
form_has(const struct req *r, const char *name, const char *v)
{
	size_t i;

	for (i = 0; i < r->form.n; i++)
		if (strcmp(r->form.p[i].key, name) == 0 &&
		    strcmp(r->form.p[i].val, v) == 0)
			return 1;
	return 0;
}

/* Returns the normalised date of field name into out, or NULL. */
static const char *
date_param(const struct req *r, const char *name, struct buf *out)
{
	const char *v = req_param(r, name);
	int y, m, d;

	buf_reset(out);
	if (v == NULL || valid_date(v, out, &y, &m, &d) != 0)
		return NULL;
	return out->ptr;
}

/*
 * Puts the assignment form's values into the view ("assign": person,
 * dates, the warnings raised (csv) as checkboxes with the reviewer's
 * ticks, an error's text, and ack_missing when the error is an unticked
 * warning, so that its group names the error) and shows the position's
 * page with status.
 */
static int
assign_again(struct req *r, const char *pos, const char *warnings,
	     const char *error, int status)
{
	struct json_object *a = json_object_new_object(), *arr, *o;
	const char *v;
	size_t i;
	int unticked = 0;

	v = req_param(r, "person");
	view_str(a, "person", v == NULL ? "" : v);
	v = req_param(r, "starts_on");
	view_str(a, "starts", v == NULL ? "" : v);
	v = req_param(r, "ends_on");
	view_str(a, "ends", v == NULL ? "" : v);
	if (error != NULL)
		view_str(a, "error", error);
	arr = json_object_new_array();
	for (i = 0; warnings != NULL && i < NWARNINGS; i++) {
		if (strstr(warnings, warning_codes[i]) == NULL)
			continue;
		o = json_object_new_object();
		view_str(o, "code", warning_codes[i]);
		view_str(o, "text",
			 req_code_text(r, "assign_warning_", warning_codes[i]));
		view_bool(o, "on", form_has(r, "ack", warning_codes[i]));
		unticked |= !form_has(r, "ack", warning_codes[i]);
		json_object_array_add(arr, o);
	}
	view_bool(a, "ack_missing", error != NULL && unticked);
	view_bool(a, "has_warnings", json_object_array_length(arr) > 0);
	json_object_object_add(a, "warnings", arr);
	json_object_object_add(r->view, "assign", a);
	return position_page(r, pos, status);
}

/*
 * Reads the warnings v raises (csv) and writes the ticked ones as an
 * array literal into ack.  Returns whether every one is ticked.
 */
static int
acknowledged(const struct req *r, const char *warnings, struct buf *ack)
{
	size_t i, k = 0;
	int all = 1;

	buf_putc(ack, '{');
	for (i = 0; i < NWARNINGS; i++) {
		int raised = strstr(warnings, warning_codes[i]) != NULL;
		int ticked = form_has(r, "ack", warning_codes[i]);

		if (raised && ticked)
			buf_printf(ack, "%s%s", k++ > 0 ? "," : "",
				   warning_codes[i]);
		all &= !raised || ticked;
	}
	buf_putc(ack, '}');
	return all;
}

/*
 * Returns the message of the refusal key (with the missing courses'
 * codes for a certificate missing), as a string the caller frees.
 */
static char *
refusal_text(struct req *r, const char *key, const char *const *v)
{
	PGresult *res;
	struct buf b;
	char *s;

	buf_init(&b);
	buf_puts(&b, req_text(r, key));
	if (strcmp(key, "assign_refused_training") == 0 &&
	    db_exec(r->db, &stmt_position[STMT_ASSIGN_MISSING], 3, v, NULL,
		    NULL, &res) == DB_OK) {
		buf_printf(&b, " %s", PQgetvalue(res, 0, XMC_CODES));
		PQclear(res);
	}
	s = xstrdup(b.ptr);
	buf_free(&b);
	return s;
}

/*
 * Inserts the assignment of v with its audit, in one transaction.
 * Returns 0, or a refusal's message in *refused (the caller frees it)
 * and 422, or 503/500.
 */
static int
assign_insert(struct req *r, const char *const *v, char **refused)
{
	struct json_object *after;
	PGresult *res;
	enum db_status st;
	const char *key = NULL;

	*refused = NULL;
	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	st = db_exec(r->db, &stmt_position[STMT_ASSIGN_INSERT], AP__MAX, v,
		     NULL, NULL, &res);
	if (st == DB_OK) {
		after = json_tokener_parse(PQgetvalue(res, 0, XIC_STATE));
		st = audit_add(r, "assignment.add", "assignment",
			       PQgetvalue(res, 0, XIC_ID), NULL, after);
		json_object_put(after);
		PQclear(res);
	} else
		key = assign_refusal(r);
	if ((st = db_end(r->db, st, 1)) == DB_OK)
		return 0;
	if (key == NULL)
		return db_http(st);
	*refused = refusal_text(r, key, v);
	return 422;
}

/*
 * POST /positions/{id}/assignments: assigns "person" from "starts_on"
 * to "ends_on".  The warnings the database raises are shown to be
 * confirmed ("ack", one per warning); once all are, the assignment is
 * made and audited.  303 to the position's assignments; 422 with the
 * form for bad dates, an unknown person, a warning not confirmed or a
 * refusal (its message); 404; 503/500.
 */
int
page_assignment_post(struct req *r)
{
	const char *v[AP__MAX];
	struct buf s, e, ack;
	struct record p, person;
	char account[24], *refused = NULL;
	PGresult *res = NULL;
	enum db_status st;
	int rc;

	if (record_id(r->arg, &p) != 0)
		return 404;
	buf_init(&s);
	buf_init(&e);
	buf_init(&ack);
	v[AP_POSITION] = p.id;
	v[AP_STARTS] = date_param(r, "starts_on", &s);
	v[AP_ENDS] = date_param(r, "ends_on", &e);
	if (req_param(r, "person") == NULL ||
	    record_id(req_param(r, "person"), &person) != 0) {
		rc = assign_again(r, p.id, NULL,
				  req_text(r, "assign_err_person"), 422);
		goto done;
	}
	v[AP_APPLICATION] = person.id;
	if (v[AP_STARTS] == NULL || v[AP_ENDS] == NULL ||
	    strcmp(v[AP_ENDS], v[AP_STARTS]) < 0) {
		rc = assign_again(r, p.id, NULL,
				  req_text(r, "assign_err_dates"), 422);
		goto done;
	}
	st = db_exec(r->db, &stmt_position[STMT_ASSIGN_WARNINGS], 4, v, NULL,
		     NULL, &res);
	if ((rc = db_http(st)) != 0)
		goto done;
	if (PQntuples(res) != 1) {
		rc = assign_again(r, p.id, NULL,
				  req_text(r, "assign_err_person"), 422);
		goto done;
	}
	if (!acknowledged(r, PQgetvalue(res, 0, AWC_WARNINGS), &ack)) {
		rc = assign_again(r, p.id, PQgetvalue(res, 0, AWC_WARNINGS),
				  req_text(r, "assign_confirm_warnings"), 422);
		goto done;
	}
	snprintf(account, sizeof(account), "%lld", r->staff.id);
	v[AP_ACK] = ack.ptr;
	v[AP_ACCOUNT] = account;
	if ((rc = assign_insert(r, v, &refused)) == 422)
		rc = assign_again(r, p.id, PQgetvalue(res, 0, AWC_WARNINGS),
				  refused, 422);
	else if (rc == 0) {
		req_redirect(r, "/positions/%s#assignments", p.id);
		rc = 303;
	}
done:
	PQclear(res);
	free(refused);
	buf_free(&s);
	buf_free(&e);
	buf_free(&ack);
	return rc;
}

/* The actions on an assignment and the status each moves it to. */
static const struct {
	const char *action;
	const char *to;
} status_actions[] = {
	{ "confirm", "confirmed" },
	{ "dispatch", "dispatched" },
	{ "complete", "completed" },
	{ "withdraw", "withdrawn" },
};

/*
 * Reads the action's fields into v (enum assign_status_param): a
 * withdrawal's reason, a completion's return date (into ret) and
 * debrief.  Returns NULL, or the catalog key of what is wrong.
 */
static const char *
status_fields(struct req *r, const char **v, struct buf *ret)
{
	const char *reason = req_param(r, "reason");
	const char *debrief = req_param(r, "debrief");

	if (strcmp(v[ASP_STATUS], "withdrawn") == 0) {
		if (reason == NULL || *reason == '\0' ||
		    text_utf8_len(reason) > REASON_MAX)
			return "assign_err_reason";
		v[ASP_REASON] = reason;
	}
	if (strcmp(v[ASP_STATUS], "completed") == 0) {
		if ((v[ASP_RETURNED] = date_param(r, "returned_on", ret)) ==
		    NULL)
			return "assign_err_returned";
		if (debrief != NULL && text_utf8_len(debrief) > DEBRIEF_MAX)
			return "assign_err_debrief";
		v[ASP_DEBRIEF] = debrief == NULL ? "" : debrief;
	}
	return NULL;
}

/*
 * Moves the locked assignment to v's status and audits it with before.
 * Returns the db_status; *key is a refusal's catalog key.
 */
static enum db_status
status_write(struct req *r, const char *const *v, struct json_object *before,
	     const char **key)
{
	struct json_object *after;
	PGresult *res;
	enum db_status st;

	st = db_exec(r->db, &stmt_position[STMT_ASSIGN_STATUS], ASP__MAX, v,
		     NULL, NULL, &res);
	if (st != DB_OK) {
		*key = assign_refusal(r);
		return st;
	}
	after = json_tokener_parse(PQgetvalue(res, 0, 0));
	PQclear(res);
	st = audit_add(r, "assignment.status", "assignment", v[ASP_ID], before,
		       after);
	json_object_put(after);
	return st;
}

/*
 * POST /assignments/{id}/status: "action" confirm, dispatch, complete
 * ("returned_on", "debrief") or withdraw ("reason").  303 to the
 * position's assignments; 422 on the position's page for a field
 * missing or a refusal (its message); 400 for an unknown action; 404;
 * 503/500.
 */
int
page_assignment_status_post(struct req *r)
{
	const char *v[ASP__MAX] = { NULL }, *a = req_param(r, "action");
	const char *key = NULL;
	struct json_object *before = NULL;
	struct record x;
	struct buf ret;
	PGresult *res;
	enum db_status st;
	char pos[24], account[24];
	size_t i;

	if (record_id(r->arg, &x) != 0)
		return 404;
	for (i = 0; a != NULL &&
		    i < sizeof(status_actions) / sizeof(status_actions[0]);
	     i++)
		if (strcmp(a, status_actions[i].action) == 0)
			v[ASP_STATUS] = status_actions[i].to;
	if (v[ASP_STATUS] == NULL)
		return 400;
	v[ASP_ID] = x.id;
	snprintf(account, sizeof(account), "%lld", r->staff.id);
	v[ASP_ACCOUNT] = account;
	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	st = db_run(r->db, &stmt_position[STMT_ASSIGN_BEFORE], &res, 1, x.id);
	if (st != DB_OK || PQntuples(res) != 1) {
		PQclear(res);
		st = db_end(r->db, st, 0);
		return st == DB_OK ? 404 : db_http(st);
	}
	snprintf(pos, sizeof(pos), "%s", PQgetvalue(res, 0, ABC_POSITION));
	before = json_tokener_parse(PQgetvalue(res, 0, ABC_STATE));
	PQclear(res);
	buf_init(&ret);
	if ((key = status_fields(r, v, &ret)) != NULL)
		st = db_end(r->db, DB_OK, 0);
	else
		st = db_end(r->db, status_write(r, v, before, &key), 1);
	buf_free(&ret);
	json_object_put(before);
	if (key != NULL) {
		view_str(r->view, "refusal", req_text(r, key));
		return position_page(r, pos, 422);
	}
	if (st != DB_OK)
		return db_http(st);
	req_redirect(r, "/positions/%s#assignment-%s", pos, x.id);
	return 303;
}
