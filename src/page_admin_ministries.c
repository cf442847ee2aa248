#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "pages.h"
#include "req.h"
#include "text.h"
#include "stmt_admin.h"

/*
 * /admin/ministries: the seconding ministries and agencies.  An
 * administrator adds one (its code is then fixed for good: accounts and
 * applications refer to it) and corrects the names.  Every page that
 * names ministries reads the table per request (ministry.c), so a change
 * shows at once in every worker.  Each change is audited with the
 * ministry's state before and after.
 */

enum ministry_field { MF_CODE, MF_NAME_JA, MF_NAME_EN, MF__MAX };

#define CODE_MIN 2
#define CODE_MAX 8
#define NAME_MAX 100

/*
 * A code: 2 to 8 letters A to Z, as the table's CHECK wants; typed in
 * lower case or full width, it is folded.
 */
static const char *
chk_ministry_code(const char *in, struct buf *out)
{
	text_code(in, out);
	if (out->len < CODE_MIN || out->len > CODE_MAX ||
	    strspn(out->ptr, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != out->len)
		return "admin_ministry_err_code";
	return NULL;
}

/*
 * The new-ministry form is the whole table; the edit form is the names
 * alone (from MF_NAME_JA on): the code is not a field there, so it cannot
 * be changed by a hand-made request either.
 */
static const struct fdef ministry_fields[MF__MAX] = {
	[MF_CODE] = { .name = "code",
		      .type = FT_TEXT,
		      .required = 1,
		      .maxlen = CODE_MAX,
		      .check = chk_ministry_code,
		      .autocomplete = "off" },
	[MF_NAME_JA] = { .name = "name_ja",
			 .type = FT_TEXT,
			 .required = 1,
			 .maxlen = NAME_MAX,
			 .autocomplete = "off" },
	[MF_NAME_EN] = { .name = "name_en",
			 .type = FT_TEXT,
			 .required = 1,
			 .maxlen = NAME_MAX,
			 .autocomplete = "off" },
};

static const struct fgroup new_groups[] = { { "admin_ministry_new", 0,
					      MF__MAX } };
static const struct fgroup edit_groups[] = { { "admin_ministry_edit", 0,
					       MF__MAX - MF_NAME_JA } };

/* A form of either kind: base is the table index of its first field. */
struct mform {
	struct form f;
	size_t base;
};

/* Sets up m as the new-ministry form (edit 0) or the edit form. */
static void
mform_init(struct mform *m, int edit)
{
	m->base = edit ? MF_NAME_JA : MF_CODE;
	form_init(&m->f, ministry_fields + m->base, MF__MAX - m->base);
}

/* Returns the value of table field i in m. */
static const char *
mvalue(const struct mform *m, enum ministry_field i)
{
	return form_value(&m->f, i - m->base);
}

/* Returns a ministry's audited state. */
static struct json_object *
state_json(const char *code, const char *ja, const char *en)
{
	struct json_object *o = json_object_new_object();

	view_str(o, "code", code);
	view_str(o, "name_ja", ja);
	view_str(o, "name_en", en);
	return o;
}

/* Puts the ministries into the view as "ministries".  0, or 503/500. */
static int
ministries_view(struct req *r)
{
	struct json_object *arr, *o;
	PGresult *res;
	enum db_status st;
	int i;

	if ((st = db_run(r->db, &stmt_admin[STMT_ADMIN_MINISTRY_ACCOUNTS], &res,
			 0)) != DB_OK)
		return db_http(st);
	arr = json_object_new_array();
	for (i = 0; i < PQntuples(res); i++) {
		o = state_json(PQgetvalue(res, i, AMC_CODE),
			       PQgetvalue(res, i, AMC_NAME_JA),
			       PQgetvalue(res, i, AMC_NAME_EN));
		view_str(o, "accounts", PQgetvalue(res, i, AMC_ACCOUNTS));
		json_object_array_add(arr, o);
	}
	json_object_object_add(r->view, "ministries", arr);
	PQclear(res);
	return 0;
}

/* GET /admin/ministries: every ministry.  200, or 503/500. */
int
page_admin_ministries_get(struct req *r)
{
	int rc;

	if ((rc = ministries_view(r)) != 0)
		return rc;
	view_str(r->view, "title", req_text(r, "admin_ministries"));
	r->page = VIEW_ADMIN_MINISTRIES;
	return 200;
}

/*
 * Shows the form m with status: the new-ministry form, or the edit form
 * of the ministry code.
 */
static int
mform_show(struct req *r, const struct mform *m, const char *code, int status)
{
	const char *title =
	    code == NULL ? "admin_ministry_new" : "admin_ministry_edit";

	json_object_object_add(
	    r->view, "form",
	    form_view(&m->f, code == NULL ? new_groups : edit_groups, 1,
		      &r->app->i18n, r->lang));
	view_str(r->view, "title", req_text(r, title));
	if (code != NULL)
		view_str(r->view, "code", code);
	r->page = VIEW_ADMIN_MINISTRY_FORM;
	return status;
}

/* GET /admin/ministries/new: the empty form.  200. */
int
page_admin_ministry_new_get(struct req *r)
{
	struct mform m;
	int rc;

	mform_init(&m, 0);
	rc = mform_show(r, &m, NULL, 200);
	form_free(&m.f);
	return rc;
}

/*
 * Locks the ministries until the transaction ends and checks that the
 * code and names of m are free (the code of the edited ministry self
 * aside), marking each taken one at its field.  Returns 0, 422 when one
 * is taken, or 503/500.
 */
static int
lock_and_check(struct req *r, struct mform *m, const char *self)
{
	static const char *const msg[MF__MAX] = {
		[MF_CODE] = "admin_ministry_err_code_taken",
		[MF_NAME_JA] = "admin_ministry_err_name_taken",
		[MF_NAME_EN] = "admin_ministry_err_name_taken",
	};
	const char *code = self != NULL ? self : mvalue(m, MF_CODE);
	PGresult *res;
	enum db_status st;
	size_t i;

	if ((st = db_run(r->db, &stmt_admin[STMT_ADMIN_MINISTRY_LOCK], &res,
			 0)) != DB_OK)
		return db_http(st);
	PQclear(res);
	st = db_run(r->db, &stmt_admin[STMT_ADMIN_MINISTRY_TAKEN], &res, 4,
		    code, mvalue(m, MF_NAME_JA), mvalue(m, MF_NAME_EN), self);
	if (st != DB_OK)
		return db_http(st);
	for (i = m->base; i < MF__MAX; i++)
		if (*PQgetvalue(res, 0, (int)i) == 't')
			form_error(&m->f, i - m->base, msg[i], 0);
	PQclear(res);
	return m->f.nerr > 0 ? 422 : 0;
}

/*
 * Runs the change stmt (code, Japanese name, English name) and audits it
 * as action with before (NULL for a new ministry); then COMMIT.  Returns
 * 0, or 503/500 (rolled back).
 */
static int
ministry_change(struct req *r, const struct stmt_def *stmt, const char *action,
		const char *code, const struct mform *m,
		struct json_object *before)
{
	const char *ja = mvalue(m, MF_NAME_JA), *en = mvalue(m, MF_NAME_EN);
	struct json_object *after;
	PGresult *res;
	enum db_status st;

	st = db_run(r->db, stmt, &res, 3, code, ja, en);
	PQclear(res);
	if (st == DB_OK) {
		after = state_json(code, ja, en);
		st = audit_add(r, action, "ministry", code, before, after);
		json_object_put(after);
	}
	return db_http(db_end(r->db, st, 1));
}

/*
 * Adds the ministry of the valid form m, audited, in one transaction.
 * Returns 0, 422 with messages in m when its code or a name is taken,
 * or 503/500.
 */
static int
ministry_add(struct req *r, struct mform *m)
{
	enum db_status st;
	int rc;

	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	if ((rc = lock_and_check(r, m, NULL)) != 0) {
		(void)db_end(r->db, DB_OK, 0);
		return rc;
	}
	return ministry_change(r, &stmt_admin[STMT_ADMIN_MINISTRY_ADD],
			       "ministry.add", mvalue(m, MF_CODE), m, NULL);
}

/*
 * POST /admin/ministries/new: adds a ministry.  303 to the list; 422
 * with the form, values kept, when something is wrong or taken; 503/500.
 */
int
page_admin_ministry_new_post(struct req *r)
{
	struct mform m;
	int rc;

	mform_init(&m, 0);
	form_read(&m.f, &r->form);
	rc = m.f.nerr > 0 ? 422 : ministry_add(r, &m);
	if (rc == 0) {
		req_redirect(r, "/admin/ministries");
		rc = 303;
	} else if (rc == 422)
		rc = mform_show(r, &m, NULL, 422);
	form_free(&m.f);
	return rc;
}

/* GET /admin/ministries/{code}/edit: the names.  200, 404, 503/500. */
int
page_admin_ministry_edit_get(struct req *r)
{
	struct json_object *state;
	struct mform m;
	int rc;

	if ((rc = audit_before(r, &stmt_admin[STMT_ADMIN_MINISTRY_GET],
			       &state)) != 0)
		return rc;
	mform_init(&m, 1);
	buf_puts(&m.f.val[MF_NAME_JA - m.base], view_get(state, "name_ja"));
	buf_puts(&m.f.val[MF_NAME_EN - m.base], view_get(state, "name_en"));
	json_object_put(state);
	rc = mform_show(r, &m, r->arg, 200);
	form_free(&m.f);
	return rc;
}

/*
 * Sets the names of the valid form m on the ministry r->arg, audited
 * with the names before, in one transaction; names that did not change
 * change nothing.  Returns 0, 404, 422 with messages in m when a name is
 * another ministry's, or 503/500.
 */
static int
ministry_edit(struct req *r, struct mform *m)
{
	struct json_object *before;
	int rc;

	if ((rc = audit_begin(r, &stmt_admin[STMT_ADMIN_MINISTRY_GET],
			      &before)) != 0)
		return rc;
	if ((rc = lock_and_check(r, m, r->arg)) != 0 ||
	    (strcmp(view_get(before, "name_ja"), mvalue(m, MF_NAME_JA)) == 0 &&
	     strcmp(view_get(before, "name_en"), mvalue(m, MF_NAME_EN)) == 0))
		(void)db_end(r->db, DB_OK, 0); /* rc 0: nothing to change */
	else
		rc = ministry_change(r, &stmt_admin[STMT_ADMIN_MINISTRY_EDIT],
				     "ministry.edit", r->arg, m, before);
	json_object_put(before);
	return rc;
}

/*
 * POST /admin/ministries/{code}/edit: corrects the names.  303 to the
 * list; 422 with the form, values kept; 404; 503/500.
 */
int
page_admin_ministry_edit_post(struct req *r)
{
	struct json_object *state;
	struct mform m;
	int rc;

	mform_init(&m, 1);
	form_read(&m.f, &r->form);
	if (m.f.nerr == 0)
		rc = ministry_edit(r, &m);
	else if ((rc = audit_before(r, &stmt_admin[STMT_ADMIN_MINISTRY_GET],
				    &state)) == 0) {
		json_object_put(state);
		rc = 422;
	}
	if (rc == 0) {
		req_redirect(r, "/admin/ministries");
		rc = 303;
	} else if (rc == 422)
		rc = mform_show(r, &m, r->arg, 422);
	form_free(&m.f);
	return rc;
}
