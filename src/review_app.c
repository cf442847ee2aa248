#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "apply.h"
#include "assignment.h"
#include "audit.h"
#include "db.h"
#include "enrol.h"
#include "disposition.h"
#include "req.h"
#include "review_app.h"
#include "stmt_review.h"

/* The view's names of the nomination's text columns. */
static const char *const nomination_keys[NC_LETTER] = {
	[NC_DEPARTMENT] = "department",
	[NC_POST] = "post",
	[NC_GRADE] = "grade",
	[NC_PERIOD_START] = "period_start",
	[NC_PERIOD_END] = "period_end",
	[NC_SUPERVISOR_NAME] = "supervisor_name",
	[NC_SUPERVISOR_TITLE] = "supervisor_title",
	[NC_CONSENT] = "consent_date",
	[NC_LIAISON] = "liaison",
};

/* Returns the label of the option v of field d (v itself if none). */
static const char *
opt_label(const struct req *r, const struct fdef *d, const char *v)
{
	size_t k;

	for (k = 0; k < d->nopts; k++)
		if (strcmp(d->opts[k].value, v) == 0)
			return req_text(r, d->opts[k].label);
	return v;
}

/* Sets row's "list" to the labels of the chosen options in the array v. */
static void
row_list(const struct req *r, const struct fdef *d, struct json_object *v,
	 struct json_object *row)
{
	struct json_object *list = json_object_new_array();
	size_t k, n = v == NULL ? 0 : json_object_array_length(v);

	for (k = 0; k < n; k++)
		json_object_array_add(
		    list, json_object_new_string(
			      opt_label(r, d,
					json_object_get_string(
					    json_object_array_get_idx(v, k)))));
	json_object_object_add(row, "list", list);
}

/*
 * Sets row's "value" to field i's value v as a reader wants it: option
 * labels, "yes" for a consent, the postcode with its hyphen.  An empty
 * value reads "not given" (and sets "none").
 */
static void
row_value(const struct req *r, size_t i, struct json_object *v,
	  struct json_object *row)
{
	const struct fdef *d = &apply_fields[i];
	const char *s = v == NULL ? "" : json_object_get_string(v);
	char pc[16];

	if (d->type == FT_CONSENT)
		s = json_object_get_boolean(v) ? req_text(r, "yes") : "";
	else if (*s != '\0' && (d->type == FT_SELECT || d->type == FT_RADIO))
		s = opt_label(r, d, s);
	else if (i == AF_POSTCODE && strlen(s) == 7) {
		snprintf(pc, sizeof(pc), "%.3s-%s", s, s + 3);
		s = pc;
	}
	view_bool(row, "multiline", d->type == FT_TEXTAREA);
	view_bool(row, "none", *s == '\0');
	view_str(row, "value",
		 *s == '\0' ? req_text(r, "detail_not_given") : s);
}

/* Sets row's "cv": the file's name, size and download link. */
static void
row_cv(struct req *r, const char *id, struct json_object *v, long cv_size,
       struct json_object *row)
{
	json_object_object_add(row, "cv",
			       record_file_view(r, "/review/applications", id,
						"cv", json_object_get_string(v),
						cv_size));
}

/*
 * Returns 1 for a field only the public form asks (address, emergency
 * contact): a ministry's nomination has none of them.
 */
static int
public_only(size_t i)
{
	return (i >= AF_POSTCODE && i <= AF_ADDRESS) ||
	       (i >= AF_EMERGENCY_NAME && i <= AF_EMERGENCY_PHONE);
}

/*
 * Builds the rows of one group of the apply form from the entered
 * values.  Languages not chosen are left out: a list of every language
 * the form offers would hide the ones that matter; so are the public
 * form's own fields on a nomination (a row of "not given" would say the
 * ministry left out what it was never asked).
 */
static struct json_object *
group_rows(struct req *r, const struct fgroup *g, struct json_object *fields,
	   const struct record *a, long cv_size, size_t *hidden)
{
	struct json_object *rows = json_object_new_array(), *row, *v;
	const struct fdef *d;
	size_t i;

	for (i = g->first; i < g->first + g->count; i++) {
		d = &apply_fields[i];
		if (!json_object_object_get_ex(fields, d->name, &v))
			v = NULL;
		if (v == NULL && i >= AF_LANG_EN && i <= AF_LANG_OTHER_NAME)
			continue;
		if (v == NULL && a->seconded && public_only(i)) {
			(*hidden)++;
			continue;
		}
		row = json_object_new_object();
		view_str(row, "label", req_code_text(r, "f_", d->name));
		if (d->type == FT_CHECKS)
			row_list(r, d, v, row);
		else if (d->type == FT_FILE && v != NULL)
			row_cv(r, a->id, v, cv_size, row);
		else
			row_value(r, i, v, row);
		json_object_array_add(rows, row);
	}
	return rows;
}

/*
 * Builds "sections": the apply form's groups with the entered values (a
 * group left empty by leaving out the public form's own fields, the
 * emergency contact on a nomination, left out too).
 */
static struct json_object *
app_sections(struct req *r, struct json_object *fields, const struct record *a,
	     long cv_size)
{
	struct json_object *arr = json_object_new_array(), *s, *rows;
	size_t gi, hidden;

	for (gi = 0; gi < APPLY_NGROUPS; gi++) {
		hidden = 0;
		rows = group_rows(r, &apply_groups[gi], fields, a, cv_size,
				  &hidden);
		if (hidden > 0 && json_object_array_length(rows) == 0) {
			json_object_put(rows);
			continue;
		}
		s = json_object_new_object();
		view_str(s, "legend", req_text(r, apply_groups[gi].legend));
		json_object_object_add(s, "rows", rows);
		json_object_array_add(arr, s);
	}
	return arr;
}

/*
 * Rewrites each possible duplicate for the page: link, status text and
 * the reasons' texts.
 */
static void
duplicates_view(struct req *r, struct json_object *dups)
{
	struct json_object *d, *reasons, *texts, *v;
	char href[64];
	size_t i, k;

	for (i = 0; i < json_object_array_length(dups); i++) {
		d = json_object_array_get_idx(dups, i);
		snprintf(href, sizeof(href), "/review/applications/%s",
			 view_get(d, "id"));
		view_str(d, "href", href);
		view_str(d, "status_text",
			 req_code_text(r, "status_", view_get(d, "status")));
		texts = json_object_new_array();
		if (json_object_object_get_ex(d, "reasons", &reasons))
			for (k = 0; k < json_object_array_length(reasons);
			     k++) {
				v = json_object_array_get_idx(reasons, k);
				json_object_array_add(
				    texts,
				    json_object_new_string(req_code_text(
					r, "dup_", json_object_get_string(v))));
			}
		json_object_object_add(d, "reasons", texts);
	}
}

/* Builds "app": the record's own data. */
static struct json_object *
app_record(struct req *r, PGresult *res, const struct record *a)
{
	struct json_object *o = json_object_new_object();
	const char *src = PQgetvalue(res, 0, RC_SOURCE);
	enum lang al = LANG_JA;

	view_str(o, "id", a->id);
	view_str(o, "reference", PQgetvalue(res, 0, RC_REFERENCE));
	record_status_view(r, o, status_names[a->status]);
	json_object_object_add(o, "version", json_object_new_int(a->version));
	view_str(o, "source_text", req_code_text(r, "source_", src));
	if (strcmp(src, "seconded") == 0)
		view_str(o, "ministry",
			 PQgetvalue(res, 0,
				    r->lang == LANG_JA ? RC_MINISTRY_JA
						       : RC_MINISTRY_EN));
	(void)i18n_lang(PQgetvalue(res, 0, RC_LANG), &al);
	view_str(o, "lang_text", i18n_text(&r->app->i18n, al, "lang_name"));
	view_str(o, "privacy_version", PQgetvalue(res, 0, RC_PRIVACY));
	view_str(o, "submitted", PQgetvalue(res, 0, RC_SUBMITTED));
	view_str(o, "updated", PQgetvalue(res, 0, RC_UPDATED));
	return o;
}

/*
 * Fills the view model from the row: "app", "sections", "duplicates",
 * "history", "notes".  Returns 0, or 500 for a row it cannot read.
 */
static int
app_fill_view(struct req *r, PGresult *res, struct record *a)
{
	struct json_object *j[RC__MAX] = { NULL };
	const int cols[] = { RC_FIELDS, RC_DUPLICATES, RC_HISTORY, RC_NOTES };
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		if ((j[cols[i]] = json_tokener_parse(
			 PQgetvalue(res, 0, cols[i]))) == NULL)
			rc = 500;
	if (rc != 0 ||
	    status_parse(PQgetvalue(res, 0, RC_STATUS), &a->status) != 0) {
		rc = 500;
		goto out;
	}
	a->version = atoi(PQgetvalue(res, 0, RC_VERSION));
	a->seconded = strcmp(PQgetvalue(res, 0, RC_SOURCE), "seconded") == 0;
	json_object_object_add(r->view, "app", app_record(r, res, a));
	json_object_object_add(
	    r->view, "sections",
	    app_sections(r, j[RC_FIELDS], a,
			 atol(PQgetvalue(res, 0, RC_CV_SIZE))));
	duplicates_view(r, j[RC_DUPLICATES]);
	record_history_view(r, j[RC_HISTORY], "detail_applicant");
	json_object_object_add(r->view, "duplicates",
			       json_object_get(j[RC_DUPLICATES]));
	json_object_object_add(r->view, "history",
			       json_object_get(j[RC_HISTORY]));
	json_object_object_add(r->view, "notes", json_object_get(j[RC_NOTES]));
	view_bool(r->view, "has_duplicates",
		  json_object_array_length(j[RC_DUPLICATES]) > 0);
	view_bool(r->view, "has_notes",
		  json_object_array_length(j[RC_NOTES]) > 0);
out:
	for (i = 0; i < RC__MAX; i++)
		json_object_put(j[i]);
	return rc;
}

/*
 * Fills the view model from the nomination's row: "nomination" (what
 * the ministry said, its letter if any), "messages" to the ministry.
 * Returns 0, or 500 for a row it cannot read.
 */
static int
nomination_fill(struct req *r, PGresult *res, const struct record *a)
{
	struct json_object *o, *msgs;
	size_t i;

	if ((msgs = json_tokener_parse(PQgetvalue(res, 0, NC_MESSAGES))) ==
	    NULL)
		return 500;
	o = json_object_new_object();
	for (i = 0; i < NC_LETTER; i++)
		view_str(o, nomination_keys[i], PQgetvalue(res, 0, (int)i));
	if (*PQgetvalue(res, 0, NC_LETTER) != '\0')
		json_object_object_add(
		    o, "letter",
		    record_file_view(r, "/review/applications", a->id, "letter",
				     PQgetvalue(res, 0, NC_LETTER),
				     atol(PQgetvalue(res, 0, NC_LETTER_SIZE))));
	json_object_object_add(r->view, "nomination", o);
	view_bool(r->view, "has_messages", json_object_array_length(msgs) > 0);
	json_object_object_add(r->view, "messages", msgs);
	return 0;
}

/*
 * Loads what the ministry said about the seconded application a into the
 * view model.  Returns 0, or 503/500.
 */
static int
seconded_load(struct req *r, const struct record *a)
{
	PGresult *res;
	enum db_status st;
	int rc = 0;

	st =
	    db_run(r->db, &stmt_review[STMT_REVIEW_NOMINATION], &res, 1, a->id);
	if (st != DB_OK)
		return db_http(st);
	if (PQntuples(res) == 1)
		rc = nomination_fill(r, res, a);
	PQclear(res);
	return rc;
}

/*
 * Loads application a->id into the view model (with the nomination's
 * part for a seconded one) and sets its status, version and source.
 * Loading it again (after a change) replaces what the view held.
 * Returns 0, or 404 (no such application), 503, 500.
 */
int
review_app_load(struct req *r, struct record *a)
{
	PGresult *res;
	enum db_status st;
	int rc;

	st = db_run(r->db, &stmt_review[STMT_REVIEW_APP], &res, 1, a->id);
	if (st != DB_OK)
		return db_http(st);
	rc = PQntuples(res) == 1 ? app_fill_view(r, res, a) : 404;
	PQclear(res);
	if (rc == 0 && a->seconded)
		rc = seconded_load(r, a);
	return rc;
}

/*
 * Shows the loaded application with its training (and, when it is
 * accepted, the sessions to enrol it in) with the given status, after
 * writing the view of the applicant's personal data to the audit log
 * (nothing is shown if that fails).  Returns status, or 503/500.
 */
int
review_app_show(struct req *r, const struct record *a, int status)
{
	struct json_object *app;
	enum db_status st;
	int rc;

	st = audit_add(r, "application.view", "application", a->id, NULL, NULL);
	if (st != DB_OK)
		return db_http(st);
	if ((rc = enrol_person_view(r, ENROL_REVIEWER, a->id, 0)) != 0 ||
	    (rc = assign_person_view(r, ASSIGN_REVIEWER, a->id, 0)) != 0 ||
	    (a->status == AS_ACCEPTED && (rc = enrol_sessions_view(r)) != 0))
		return rc;
	if (json_object_object_get_ex(r->view, "app", &app))
		req_title(r, "detail_title", view_get(app, "reference"));
	r->page = VIEW_REVIEW_APP;
	return status;
}
