/*
 * One nomination as its liaison officer sees it: GET
 * /ministry/nominations/{id} with its letter and CV downloads, and the
 * withdrawal.  Every statement names r->staff.ministry in its WHERE
 * clause, so another ministry's nomination, a public application and an
 * unknown id look alike: no row, 404.
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
#include "enrol.h"
#include "kv.h"
#include "nomination.h"
#include "pages.h"
#include "record.h"
#include "req.h"
#include "status.h"
#include "stmt_nomination.h"

/* Adds the stored fields (strings, arrays of strings) to in as a form body. */
static void
fields_kv(struct json_object *fields, struct kvlist *in)
{
	const char *s;
	size_t k, n;

	json_object_object_foreach(fields, key, v)
	{
		if (json_object_is_type(v, json_type_array)) {
			n = json_object_array_length(v);
			for (k = 0; k < n; k++) {
				s = json_object_get_string(
				    json_object_array_get_idx(v, k));
				kv_add(in, key, strlen(key), s, strlen(s));
			}
		} else if (v != NULL) {
			s = json_object_get_string(v);
			kv_add(in, key, strlen(key), s, strlen(s));
		}
	}
}

/* Returns 1 if a field's view shows something: a value or a chosen option. */
static int
field_given(struct json_object *fv)
{
	struct json_object *v, *opts;
	size_t k;

	if (json_object_object_get_ex(fv, "file", &v) &&
	    json_object_get_boolean(v))
		return 0; /* files are listed with their links */
	if (json_object_object_get_ex(fv, "value", &v) &&
	    *json_object_get_string(v) != '\0')
		return 1;
	if (!json_object_object_get_ex(fv, "options", &opts))
		return 0;
	for (k = 0; k < json_object_array_length(opts); k++)
		if (json_object_object_get_ex(
			json_object_array_get_idx(opts, k), "on", &v) &&
		    json_object_get_boolean(v))
			return 1;
	return 0;
}

/*
 * Leaves out of the form's groups what was not given (languages not
 * spoken, no field of expertise) and the groups left empty.
 */
static void
prune_groups(struct json_object *groups)
{
	struct json_object *fields;
	size_t g, i;

	for (g = json_object_array_length(groups); g-- > 0;) {
		fields = json_object_object_get(
		    json_object_array_get_idx(groups, g), "fields");
		for (i = json_object_array_length(fields); i-- > 0;)
			if (!field_given(json_object_array_get_idx(fields, i)))
				json_object_array_del_idx(fields, i, 1);
		if (json_object_array_length(fields) == 0)
			json_object_array_del_idx(groups, g, 1);
	}
}

/*
 * Builds "sections": the form's groups showing the stored values, read
 * through the form's own table (option labels, normalised values).
 */
static struct json_object *
nomination_sections(struct req *r, struct json_object *fields)
{
	struct json_object *v, *groups;
	struct kvlist in;
	struct form f;

	kv_init(&in);
	fields_kv(fields, &in);
	form_init(&f, nomination_fields(), NF__MAX);
	form_read(&f, &in);
	v = form_view(&f, nomination_groups, NOMINATION_NGROUPS, &r->app->i18n,
		      r->lang);
	groups = json_object_get(json_object_object_get(v, "groups"));
	json_object_put(v);
	prune_groups(groups);
	form_free(&f);
	kv_free(&in);
	return groups;
}

/* Builds "nomination": the record's own data and its downloads. */
static struct json_object *
nomination_record(struct req *r, const PGresult *res, const struct record *a)
{
	struct json_object *o = json_object_new_object();

	view_str(o, "id", a->id);
	view_str(o, "reference", PQgetvalue(res, 0, NG_REFERENCE));
	record_status_view(r, o, status_names[a->status]);
	json_object_object_add(o, "version", json_object_new_int(a->version));
	view_str(o, "submitted", PQgetvalue(res, 0, NG_SUBMITTED));
	view_str(o, "updated", PQgetvalue(res, 0, NG_UPDATED));
	view_bool(o, "can_withdraw",
		  status_allowed(a->status, AS_WITHDRAWN, ACTOR_MINISTRY));
	json_object_object_add(
	    o, "letter",
	    record_file_view(r, NOMINATION_PATH, a->id, "letter",
			     PQgetvalue(res, 0, NG_LETTER_NAME),
			     atol(PQgetvalue(res, 0, NG_LETTER_SIZE))));
	if (*PQgetvalue(res, 0, NG_CV_NAME) != '\0')
		json_object_object_add(
		    o, "cv",
		    record_file_view(r, NOMINATION_PATH, a->id, "cv",
				     PQgetvalue(res, 0, NG_CV_NAME),
				     atol(PQgetvalue(res, 0, NG_CV_SIZE))));
	return o;
}

/*
 * Fills the view model from the row and sets a's status and version.
 * Returns 0, or 500 for a row it cannot read.
 */
static int
nomination_fill_view(struct req *r, const PGresult *res, struct record *a)
{
	const int cols[] = { NG_FIELDS, NG_HISTORY, NG_MESSAGES };
	struct json_object *j[3];
	size_t i;
	int rc = 0;

	for (i = 0; i < 3; i++)
		if ((j[i] = json_tokener_parse(PQgetvalue(res, 0, cols[i]))) ==
		    NULL)
			rc = 500;
	if (rc == 0 &&
	    status_parse(PQgetvalue(res, 0, NG_STATUS), &a->status) == 0) {
		a->version = atoi(PQgetvalue(res, 0, NG_VERSION));
		json_object_object_add(r->view, "nomination",
				       nomination_record(r, res, a));
		json_object_object_add(r->view, "sections",
				       nomination_sections(r, j[0]));
		record_history_view(r, j[1], "nomination_secretariat");
		json_object_object_add(r->view, "history",
				       json_object_get(j[1]));
		json_object_object_add(r->view, "messages",
				       json_object_get(j[2]));
		view_bool(r->view, "has_messages",
			  json_object_array_length(j[2]) > 0);
		req_title(r, "nomination_title",
			  PQgetvalue(res, 0, NG_REFERENCE));
	} else
		rc = 500;
	for (i = 0; i < 3; i++)
		json_object_put(j[i]);
	return rc;
}

/*
 * Loads nomination a->id of the liaison's ministry into the view model.
 * Returns 0, 404 (none of this ministry's), 503 or 500.
 */
static int
nomination_load(struct req *r, struct record *a)
{
	PGresult *res;
	enum db_status st;
	int rc;

	st = db_run(r->db, &stmt_nomination[STMT_NOMINATION_GET], &res, 2,
		    a->id, r->staff.ministry);
	if (st != DB_OK)
		return db_http(st);
	rc = PQntuples(res) == 1 ? nomination_fill_view(r, res, a) : 404;
	PQclear(res);
	return rc;
}

/* Loads the nomination the path names.  Returns 0, 404, 503 or 500. */
static int
load_arg(struct req *r, struct record *a)
{
	if (record_id(r->arg, a) != 0)
		return 404;
	return nomination_load(r, a);
}

/*
 * Shows the loaded nomination and the officer's training after auditing
 * the view of the officer's personal data.  Returns status, or 503/500.
 */
static int
nomination_show(struct req *r, const struct record *a, int status)
{
	enum db_status st;

	int rc;

	st = audit_add(r, "nomination.view", "application", a->id, NULL, NULL);
	if (st != DB_OK)
		return db_http(st);
	if ((rc = enrol_person_view(r, ENROL_LIAISON, a->id, 0)) != 0 ||
	    (rc = assign_person_view(r, ASSIGN_LIAISON, a->id, 0)) != 0)
		return rc;
	r->page = VIEW_NOMINATION;
	return status;
}

/* GET /ministry/nominations/{id}: one nomination.  200, 404, 503/500. */
int
page_nomination_get(struct req *r)
{
	struct record a;
	int rc;

	if ((rc = load_arg(r, &a)) != 0)
		return rc;
	return nomination_show(r, &a, 200);
}

/* GET /ministry/nominations/{id}/letter: the nomination letter. */
int
page_nomination_letter_get(struct req *r)
{
	return record_pdf(r, &stmt_nomination[STMT_NOMINATION_LETTER],
			  r->staff.ministry, "nomination.letter", "letter");
}

/* GET /ministry/nominations/{id}/cv: the officer's CV, if given. */
int
page_nomination_cv_get(struct req *r)
{
	return record_pdf(r, &stmt_nomination[STMT_NOMINATION_CV],
			  r->staff.ministry, "nomination.cv", "cv");
}

/*
 * Withdraws the loaded nomination in one transaction: the change (only
 * from the version shown), its history row and the audit row.  Returns
 * 0, -1 when it changed since it was loaded, or 503/500.
 */
static int
withdraw(struct req *r, const struct record *a)
{
	struct json_object *before, *after;
	PGresult *res;
	enum db_status st;
	char uid[24], ver[16];
	int n = 0;

	snprintf(uid, sizeof(uid), "%lld", r->staff.id);
	snprintf(ver, sizeof(ver), "%d", a->version);
	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	st =
	    db_run(r->db, &stmt_nomination[STMT_NOMINATION_WITHDRAW], &res, 5,
		   a->id, r->staff.ministry, status_names[a->status], uid, ver);
	if (st == DB_OK && (n = PQntuples(res)) == 1) {
		before = json_object_new_object();
		view_str(before, "status", status_names[a->status]);
		after = json_object_new_object();
		view_str(after, "status", status_names[AS_WITHDRAWN]);
		st = audit_add(r, "nomination.withdraw", "application", a->id,
			       before, after);
		json_object_put(before);
		json_object_put(after);
	}
	PQclear(res);
	if ((st = db_end(r->db, st, n == 1)) != DB_OK)
		return db_http(st);
	return n == 1 ? 0 : -1;
}

/*
 * POST /ministry/nominations/{id}/withdraw: withdraws a nomination not
 * yet decided.  303 back to it; 409 with the nomination as it is now
 * when it was decided or changed since the page was shown (field
 * "version"); 400 without a version; 404; 503/500.
 */
int
page_nomination_withdraw_post(struct req *r)
{
	struct record a;
	int rc, ver;

	if ((rc = load_arg(r, &a)) != 0)
		return rc;
	if (record_version(req_param(r, "version"), &ver) != 0)
		return 400;
	if (ver == a.version &&
	    status_allowed(a.status, AS_WITHDRAWN, ACTOR_MINISTRY) &&
	    (rc = withdraw(r, &a)) >= 0) {
		if (rc > 0)
			return rc;
		req_redirect(r, NOMINATION_PATH "/%s", a.id);
		return 303;
	}
	if (rc < 0 && (rc = nomination_load(r, &a)) != 0)
		return rc;
	view_bool(r->view, "stale", 1);
	return nomination_show(r, &a, 409);
}

/*
 * POST /ministry/nominations/{id}/training: the liaison declines a seat
 * or a place on the waitlist ("enrolment") on the officer's behalf, as
 * the officer would: the enrolment ends and the first who waits takes
 * the seat.  "answer" must be "declined".  303 back to the nomination's
 * training; 400 for a malformed field or another answer; 404 for
 * another ministry's nomination or an enrolment not its officer's;
 * 503/500.
 */
int
page_nomination_training_post(struct req *r)
{
	const char *v[EAP__MAX] = { [EAP_WHO] = r->staff.ministry };
	struct record a;
	int rc, done;

	if (record_id(r->arg, &a) != 0)
		return 404;
	if ((rc = enrol_answer_read(r, &v[EAP_ENROLMENT], &v[EAP_ANSWER])) != 0)
		return rc;
	if (strcmp(v[EAP_ANSWER], "declined") != 0)
		return 400;
	v[EAP_APPLICATION] = a.id;
	if ((rc = enrol_answer(r, STMT_ENROL_ANSWER_BY_MINISTRY, v, NULL, NULL,
			       &done)) != 0)
		return rc;
	if (!done)
		return 404;
	req_redirect(r, NOMINATION_PATH "/%s#training", a.id);
	return 303;
}

/*
 * POST /ministry/nominations/{id}/inquiries: the liaison answers an
 * availability inquiry ("inquiry") for their ministry's officer,
 * "available" or "unavailable" with an optional "note".  303 back to
 * the nomination's inquiries; 400 for a malformed field; 404 for
 * another ministry's nomination or an inquiry not its officer's;
 * 503/500.
 */
int
page_nomination_inquiry_post(struct req *r)
{
	const char *v[IAP__MAX] = { [IAP_WHO] = r->staff.ministry };
	struct record a;
	int rc, done;

	if (record_id(r->arg, &a) != 0)
		return 404;
	if ((rc = assign_answer_read(r, v)) != 0)
		return rc;
	v[IAP_APPLICATION] = a.id;
	if ((rc = assign_answer(r, STMT_INQUIRY_ANSWER_BY_MINISTRY, v, NULL,
				NULL, &done)) != 0)
		return rc;
	if (!done)
		return 404;
	req_redirect(r, NOMINATION_PATH "/%s#inquiries", a.id);
	return 303;
}
