#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "audit.h"
#include "cert_form.h"
#include "db.h"
#include "form.h"
#include "pages.h"
#include "req.h"
#include "review_app.h"
#include "stmt_review.h"

/*
 * What a reviewer writes on an application, a form of one text field
 * each: an internal note of the Secretariat, or a message to the
 * nominating ministry (a seconded application only), which the
 * ministry's liaison officers read.
 */
enum remark { RK_NOTE, RK_MESSAGE, RK__MAX };

#define REMARK_MAX 2000

static const struct fdef remark_fields[RK__MAX] = {
	[RK_NOTE] = { .name = "note",
		      .type = FT_TEXTAREA,
		      .required = 1,
		      .maxlen = REMARK_MAX },
	[RK_MESSAGE] = { .name = "message",
			 .type = FT_TEXTAREA,
			 .required = 1,
			 .maxlen = REMARK_MAX },
};

static const struct fgroup remark_groups[RK__MAX][1] = {
	[RK_NOTE] = { { "detail_notes", 0, 1 } },
	[RK_MESSAGE] = { { "review_messages", 0, 1 } },
};

/*
 * Where a remark goes: the statement storing it (application id, account
 * id, text; no row back for an application it cannot go to), its audit
 * action, the audited id's name, and the page's anchor and view name.
 */
static const struct {
	const struct stmt_def *stmt;
	const char *action;
	const char *id_key;
	const char *anchor;
	const char *form_key;
} remarks[RK__MAX] = {
	[RK_NOTE] = { &stmt_review[STMT_REVIEW_NOTE_ADD], "application.note",
		      "note_id", "notes", "note_form" },
	[RK_MESSAGE] = { &stmt_review[STMT_REVIEW_MESSAGE_ADD],
			 "nomination.message", "message_id", "messages",
			 "message_form" },
};

/*
 * A decision: the new status and, for a rejection, the reason.  The
 * options of "to" are the changes status.h allows staff from the current
 * status, filled in per request (see decide_init).
 */
enum decide_field { DF_TO, DF_REASON, DF__MAX };

static const struct fdef decide_fields[DF__MAX] = {
	[DF_TO] = { .name = "to", .type = FT_RADIO, .required = 1 },
	[DF_REASON] = { .name = "reason", .type = FT_TEXTAREA, .maxlen = 2000 },
};

static const struct fgroup decide_groups[] = { { "detail_decision", DF_TO,
						 DF__MAX } };

/* The decision form of one application, with its own option table. */
struct decide_form {
	struct fdef defs[DF__MAX];
	struct fopt opts[AS__MAX];
	char keys[AS__MAX][32];
	struct form f;
};

/*
 * Sets up the decision form for an application in status from: one
 * option ("decide_STATUS") per change staff may make.  The form points
 * into df, which must stay where it is until form_free.
 */
static void
decide_init(struct decide_form *df, enum app_status from)
{
	size_t i, n = 0;

	memcpy(df->defs, decide_fields, sizeof(df->defs));
	for (i = 0; i < AS__MAX; i++) {
		if (!status_allowed(from, (enum app_status)i, ACTOR_STAFF))
			continue;
		snprintf(df->keys[n], sizeof(df->keys[n]), "decide_%s",
			 status_names[i]);
		df->opts[n].value = status_names[i];
		df->opts[n].label = df->keys[n];
		n++;
	}
	df->defs[DF_TO].opts = df->opts;
	df->defs[DF_TO].nopts = n;
	form_init(&df->f, df->defs, DF__MAX);
}

/*
 * Shows the application with its forms: the remark form rk as read in
 * rf (with its messages) and the decision form as read in df, or empty
 * ones when NULL.  The message form is there for a nomination only.
 * Returns status or 503/500.
 */
static int
show(struct req *r, const struct record *a, enum remark rk,
     const struct form *rf, const struct decide_form *df, int status)
{
	struct decide_form fresh;
	struct form empty;
	const struct i18n *t = &r->app->i18n;
	size_t k;
	int rc;

	for (k = 0; k < RK__MAX; k++) {
		if (k == RK_MESSAGE && !a->seconded)
			continue;
		form_init(&empty, &remark_fields[k], 1);
		json_object_object_add(
		    r->view, remarks[k].form_key,
		    form_view(k == rk && rf != NULL ? rf : &empty,
			      remark_groups[k], 1, t, r->lang));
		form_free(&empty);
	}
	if (df == NULL) {
		decide_init(&fresh, a->status);
		df = &fresh;
	}
	json_object_object_add(r->view, "decision_form",
			       form_view(&df->f, decide_groups, 1, t, r->lang));
	view_bool(r->view, "can_decide", df->defs[DF_TO].nopts > 0);
	if (df == &fresh)
		form_free(&fresh.f);
	if ((rc = cert_form_put(r)) != 0)
		return rc;
	return review_app_show(r, a, status);
}

/* GET /review/applications/{id}: one application.  200, 404. */
int
page_review_app_get(struct req *r)
{
	struct record a;
	int rc;

	if (record_id(r->arg, &a) != 0)
		return 404;
	if ((rc = review_app_load(r, &a)) != 0)
		return rc;
	return show(r, &a, RK__MAX, NULL, NULL, 200);
}

/* GET /review/applications/{id}/cv: the applicant's CV; see review_app_pdf. */
int
page_review_cv_get(struct req *r)
{
	return record_pdf(r, &stmt_review[STMT_REVIEW_CV], NULL,
			  "application.cv", "cv");
}

/*
 * GET /review/applications/{id}/letter: a nomination's letter from the
 * ministry; see review_app_pdf.
 */
int
page_review_letter_get(struct req *r)
{
	return record_pdf(r, &stmt_review[STMT_REVIEW_NOMINATION_LETTER], NULL,
			  "application.letter", "nomination");
}

/*
 * Stores the remark rk and audits it, in one transaction.  Returns 303
 * to the page's remarks of that kind, 404 when the application does not
 * exist (or, for a message, is not a nomination), 503/500.
 */
static int
remark_add(struct req *r, const struct record *a, enum remark rk,
	   const char *body)
{
	struct json_object *after;
	PGresult *res;
	enum db_status st;
	char uid[24];
	int n = 0;

	snprintf(uid, sizeof(uid), "%lld", r->staff.id);
	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	st = db_run(r->db, remarks[rk].stmt, &res, 3, a->id, uid, body);
	if (st == DB_OK && (n = PQntuples(res)) == 1) {
		after = json_object_new_object();
		json_object_object_add(after, remarks[rk].id_key,
				       json_object_new_int64(strtoll(
					   PQgetvalue(res, 0, 0), NULL, 10)));
		view_str(after, "body", body);
		st = audit_add(r, remarks[rk].action, "application", a->id,
			       NULL, after);
		json_object_put(after);
	}
	PQclear(res);
	if ((st = db_end(r->db, st, n == 1)) != DB_OK)
		return db_http(st);
	if (n != 1)
		return 404;
	req_redirect(r, "/review/applications/%s#%s", a->id,
		     remarks[rk].anchor);
	return 303;
}

/*
 * Adds the remark rk POSTed to application r->arg.  Returns 303; 422
 * with the page, the message at the field and the text kept; 404 (also
 * for a message on an application that is not a nomination); 503/500.
 */
static int
remark_post(struct req *r, enum remark rk)
{
	struct record a;
	struct form f;
	int rc;

	if (record_id(r->arg, &a) != 0)
		return 404;
	form_init(&f, &remark_fields[rk], 1);
	form_read(&f, &r->form);
	if (f.nerr == 0)
		rc = remark_add(r, &a, rk, form_value(&f, 0));
	else if ((rc = review_app_load(r, &a)) == 0)
		rc = rk == RK_MESSAGE && !a.seconded
			 ? 404
			 : show(r, &a, rk, &f, NULL, 422);
	form_free(&f);
	return rc;
}

/* POST /review/applications/{id}/notes: an internal note. */
int
page_review_note_post(struct req *r)
{
	return remark_post(r, RK_NOTE);
}

/*
 * POST /review/applications/{id}/messages: a message to the nominating
 * ministry.
 */
int
page_review_message_post(struct req *r)
{
	return remark_post(r, RK_MESSAGE);
}

/*
 * Reads the decision form for an application in status from into df and
 * sets *to.  A status that is not one of the offered changes (a refused
 * transition, or no status at all) is the "to" field's error; a rejection
 * without a reason is the reason's.
 */
static void
decide_read(struct req *r, struct decide_form *df, enum app_status from,
	    enum app_status *to)
{
	const char *v = req_param(r, "to");

	if (v != NULL && *v != '\0' &&
	    (status_parse(v, to) != 0 ||
	     !status_allowed(from, *to, ACTOR_STAFF)))
		form_error(&df->f, DF_TO, "err_transition", 0);
	form_read(&df->f, &r->form);
	if (df->f.err[DF_TO] == NULL &&
	    status_parse(form_value(&df->f, DF_TO), to) == 0 &&
	    status_needs_reason(*to) && df->f.val[DF_REASON].len == 0)
		form_error(&df->f, DF_REASON, "err_reason_required", 0);
}

/*
 * Shows the application as it is now after a decision made on an older
 * version: nothing was changed.  The reason typed is kept.  Returns 409
 * or 503/500.
 */
static int
stale(struct req *r, const struct record *a)
{
	struct decide_form df;
	const char *reason = req_param(r, "reason");
	int rc;

	decide_init(&df, a->status);
	buf_puts(&df.f.val[DF_REASON], reason == NULL ? "" : reason);
	view_bool(r->view, "stale", 1);
	rc = show(r, a, RK__MAX, NULL, &df, 409);
	form_free(&df.f);
	return rc;
}

/* Audits a decision: status and version before and after, the reason. */
static enum db_status
decide_audit(struct req *r, const struct record *a, enum app_status to,
	     const char *reason)
{
	struct json_object *before, *after;
	enum db_status st;

	before = json_object_new_object();
	view_str(before, "status", status_names[a->status]);
	json_object_object_add(before, "version",
			       json_object_new_int(a->version));
	after = json_object_new_object();
	view_str(after, "status", status_names[to]);
	json_object_object_add(after, "version",
			       json_object_new_int(a->version + 1));
	view_str(after, "reason", reason);
	st = audit_add(r, "application.decide", "application", a->id, before,
		       after);
	json_object_put(before);
	json_object_put(after);
	return st;
}

/*
 * Makes the decision in one transaction: the status change (only from
 * the version the form showed), its history row and the audit row.
 * Returns 303 back to the application, 409 when someone changed it
 * first, 503/500.
 */
static int
decide(struct req *r, struct record *a, enum app_status to, const char *reason)
{
	PGresult *res;
	enum db_status st;
	char ver[16], uid[24];
	const char *v[RDP__MAX] = {
		[RDP_ID] = a->id,
		[RDP_VERSION] = ver,
		[RDP_FROM] = status_names[a->status],
		[RDP_TO] = status_names[to],
		[RDP_REASON] = reason,
		[RDP_ACCOUNT] = uid,
		[RDP_ACTOR] = r->staff.login,
	};
	int n = 0, rc;

	snprintf(ver, sizeof(ver), "%d", a->version);
	snprintf(uid, sizeof(uid), "%lld", r->staff.id);
	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	st = db_exec(r->db, &stmt_review[STMT_REVIEW_DECIDE], RDP__MAX, v, NULL,
		     NULL, &res);
	if (st == DB_OK && (n = PQntuples(res)) == 1)
		st = decide_audit(r, a, to, reason);
	PQclear(res);
	if ((st = db_end(r->db, st, n == 1)) != DB_OK)
		return db_http(st);
	if (n != 1) /* someone changed it since it was loaded */
		return (rc = review_app_load(r, a)) != 0 ? rc : stale(r, a);
	req_redirect(r, "/review/applications/%s", a->id);
	return 303;
}

/*
 * POST /review/applications/{id}/decision: changes the status.  303; 409
 * for a stale version; 422 for a refused change or a rejection without
 * a reason (values kept); 400 without a version; 404.
 */
int
page_review_decision_post(struct req *r)
{
	struct record a;
	struct decide_form df;
	enum app_status to;
	int rc, ver;

	if (record_id(r->arg, &a) != 0)
		return 404;
	if ((rc = review_app_load(r, &a)) != 0)
		return rc;
	if (record_version(req_param(r, "version"), &ver) != 0)
		return 400;
	if (ver != a.version)
		return stale(r, &a);
	decide_init(&df, a.status);
	decide_read(r, &df, a.status, &to);
	if (df.f.nerr > 0)
		rc = show(r, &a, RK__MAX, NULL, &df, 422);
	else
		rc = decide(r, &a, to, form_value(&df.f, DF_REASON));
	form_free(&df.f);
	return rc;
}
