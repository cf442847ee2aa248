/*
 * A person's inquiries and assignments on the pages that show one
 * person, their answer to an inquiry, and the refusals in words.  See
 * assignment.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "assignment.h"
#include "audit.h"
#include "db.h"
#include "i18n.h"
#include "record.h"
#include "req.h"
#include "text.h"

/* The view's flag per viewer, which the partial's forms hang on. */
static const char *const viewer_flags[ASSIGN_VIEWER__MAX] = {
	[ASSIGN_REVIEWER] = "reviewer",
	[ASSIGN_LIAISON] = "liaison",
	[ASSIGN_APPLICANT] = "applicant",
};

/*
 * The database's refusals by constraint name (PLANS.md), and the catalog
 * key of each one's message: one table for every page that writes
 * positions or assignments.
 */
static const struct {
	const char *constraint;
	const char *key;
} refusals[] = {
	{ "positions_period", "assign_refused_positions_period" },
	{ "positions_period_assignments",
	  "assign_refused_positions_period_assignments" },
	{ "assignments_transition", "assign_refused_transition" },
	{ "assignments_plan_open", "assign_refused_plan_open" },
	{ "assignments_accepted_only", "assign_refused_accepted_only" },
	{ "assignments_period", "assign_refused_period" },
	{ "assignments_training", "assign_refused_training" },
	{ "assignments_headcount", "assign_refused_headcount" },
	{ "assignments_no_overlap", "assign_refused_no_overlap" },
	{ "assignments_unacknowledged", "assign_refused_unacknowledged" },
};

/*
 * Returns the catalog key of the message for the refusal the last
 * statement met, or NULL when it failed for another reason (then the
 * page answers 500).
 */
const char *
assign_refusal(const struct req *r)
{
	const char *c = db_refusal(r->db);
	size_t i;

	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++)
		if (strcmp(c, refusals[i].constraint) == 0)
			return refusals[i].key;
	return NULL;
}

/* Adds the texts of one inquiry: its answer's, and the forms' flags. */
static void
inquiry_view(const struct req *r, struct json_object *o)
{
	const char *answer = view_get(o, "answer");

	view_str(o, "answer_text",
		 req_code_text(r, "inquiry_answer_",
			       *answer == '\0' ? "none" : answer));
	view_bool(o, "available", strcmp(answer, "available") == 0);
	view_bool(o, "unavailable", strcmp(answer, "unavailable") == 0);
}

/* Adds the texts of one assignment: its status's, dispatched or not. */
static void
assignment_view(const struct req *r, struct json_object *o)
{
	const char *status = view_get(o, "status");

	view_str(o, "status_text", req_code_text(r, "assign_status_", status));
	view_bool(o, "dispatched", strcmp(status, "dispatched") == 0);
}

/* The lists of a person's deployment. */
static const struct record_list deploy_lists[] = {
	{ APC_INQUIRIES, "inquiries", inquiry_view },
	{ APC_ASSIGNMENTS, "assignments", assignment_view },
};

/*
 * Puts "deploy" into the view: the person's inquiries and assignments
 * with the flag of viewer v, and whether one is a dispatch now.
 * Returns 0, or 500 for a row it cannot read.
 */
static int
person_fill(struct req *r, const PGresult *res, enum assign_viewer v)
{
	struct json_object *o, *asg;
	size_t i, n = 0;

	o = record_lists(r, res, deploy_lists,
			 sizeof(deploy_lists) / sizeof(deploy_lists[0]),
			 viewer_flags[v]);
	if (o == NULL)
		return 500;
	asg = json_object_object_get(o, "assignments");
	for (i = 0; i < json_object_array_length(asg); i++)
		n += strcmp(
			 view_get(json_object_array_get_idx(asg, i), "status"),
			 "dispatched") == 0;
	view_bool(o, "has_dispatch", n > 0);
	json_object_object_add(r->view, "deploy", o);
	return 0;
}

/*
 * Puts a person's inquiries and assignments into the view as viewer v
 * sees them: who is the application's id (wholen 0) or its status
 * token's hash (wholen bytes).  Returns 0 (nothing put for no such
 * application), 503 or 500.
 */
int
assign_person_view(struct req *r, enum assign_viewer v, const char *who,
		   int wholen)
{
	PGresult *res;
	enum db_status st;
	int rc = 0;

	st = record_person(r, &stmt_position[STMT_ASSIGN_PERSON],
			   &stmt_position[STMT_ASSIGN_PERSON_BY_TOKEN], who,
			   wholen, &res);
	if (st != DB_OK)
		return db_http(st);
	if (PQntuples(res) == 1)
		rc = person_fill(r, res, v);
	PQclear(res);
	return rc;
}

#define NOTE_MAX 1000 /* characters of an answer's note, as the table's */

/*
 * Reads an answer's fields into p (enum inquiry_answer_param): "inquiry"
 * (an id), "answer" (available or unavailable) and an optional "note".
 * Returns 0, or 400 for a field missing or malformed.
 */
int
assign_answer_read(struct req *r, const char **p)
{
	const char *note = req_param(r, "note");

	p[IAP_INQUIRY] = req_param(r, "inquiry");
	p[IAP_ANSWER] = req_param(r, "answer");
	p[IAP_NOTE] = note == NULL ? "" : note;
	if (p[IAP_INQUIRY] == NULL || !record_id_valid(p[IAP_INQUIRY]) ||
	    p[IAP_ANSWER] == NULL ||
	    (strcmp(p[IAP_ANSWER], "available") != 0 &&
	     strcmp(p[IAP_ANSWER], "unavailable") != 0) ||
	    text_utf8_len(p[IAP_NOTE]) > NOTE_MAX)
		return 400;
	return 0;
}

/*
 * Records a person's answer (statement s with values v, lengths len and
 * formats fmt of enum inquiry_answer_param, s's own count) with its
 * audit, in one transaction.  Sets *done to whether an inquiry changed
 * (none: not theirs).  Returns 0, 503 or 500.
 */
int
assign_answer(struct req *r, enum stmt_position_id s, const char *const *v,
	      const int *len, const int *fmt, int *done)
{
	const struct stmt_def *d = &stmt_position[s];
	struct json_object *b = NULL, *a = NULL;
	PGresult *res;
	enum db_status st;

	*done = 0;
	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	st = db_exec(r->db, d, d->nparams, v, len, fmt, &res);
	if (st == DB_OK && (*done = PQntuples(res) == 1)) {
		b = json_tokener_parse(PQgetvalue(res, 0, IAC_BEFORE));
		a = json_tokener_parse(PQgetvalue(res, 0, IAC_AFTER));
		st = audit_add(r, "inquiry.answer", "inquiry", v[IAP_INQUIRY],
			       b, a);
	}
	json_object_put(b);
	json_object_put(a);
	PQclear(res);
	st = db_end(r->db, st, *done);
	return st == DB_OK ? 0 : db_http(st);
}
