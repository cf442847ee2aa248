/*
 * The liaison officers' pages: their ministry's nominations (list, CSV,
 * one nomination with its letter and CV), the nomination form and the
 * withdrawal.  Every statement names r->staff.ministry in its WHERE
 * clause, so another ministry's nomination, a public application and an
 * unknown id look alike: no row, 404.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "audit.h"
#include "csv.h"
#include "db.h"
#include "derived.h"
#include "multipart.h"
#include "nomination.h"
#include "pages.h"
#include "req.h"
#include "review_app.h"
#include "status.h"
#include "text.h"
#include "token.h"
#include "stmt_nomination.h"

#define LIST_PAGE	 50 /* rows per page; the statement reads one more */
#define NOMINATIONS_PATH "/ministry/nominations"

/* Form fields copied as they are into parameters of the same meaning. */
static const struct {
	enum nomination_insert_param param;
	enum nomination_field field;
} ins_fields[] = {
	{ NI_FAMILY_KANJI, NF_FAMILY_KANJI },
	{ NI_GIVEN_KANJI, NF_GIVEN_KANJI },
	{ NI_FAMILY_KANA, NF_FAMILY_KANA },
	{ NI_GIVEN_KANA, NF_GIVEN_KANA },
	{ NI_FAMILY_ROMAJI, NF_FAMILY_ROMAJI },
	{ NI_GIVEN_ROMAJI, NF_GIVEN_ROMAJI },
	{ NI_BIRTH_DATE, NF_BIRTH_DATE },
	{ NI_EMAIL, NF_EMAIL },
	{ NI_PHONE, NF_PHONE },
	{ NI_PERIOD_START, NF_PERIOD_START },
	{ NI_DEPARTMENT, NF_DEPARTMENT },
	{ NI_POST, NF_POST },
	{ NI_GRADE, NF_GRADE },
	{ NI_PERIOD_END, NF_PERIOD_END },
	{ NI_SUPERVISOR_NAME, NF_SUPERVISOR_NAME },
	{ NI_SUPERVISOR_TITLE, NF_SUPERVISOR_TITLE },
	{ NI_CONSENT_DATE, NF_CONSENT_DATE },
};

/* The columns of STMT_NOMINATION_CSV, by name in its header record. */
static const char *const csv_names[] = {
	"reference",	"status",     "family_kanji",  "given_kanji",
	"family_kana",	"given_kana", "family_romaji", "given_romaji",
	"birth_date",	"department", "post",	       "grade",
	"period_start", "period_end", "submitted_at",  "updated_at",
};

/* One nomination being submitted: its form and what is stored besides. */
struct nomination {
	struct form f;
	char form_token[TOKEN_TEXTLEN + 1];
	unsigned char form_hash[TOKEN_HASHLEN];
	char reference[32];
	char id[24];
	char months[8];
	struct derived d;
	const struct mp_part *file[2]; /* letter, CV */
	const char *file_name[2];
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
		snprintf(href, sizeof(href), NOMINATIONS_PATH "/%s",
			 PQgetvalue(res, i, 0));
		view_str(o, "href", href);
		view_str(o, "reference", PQgetvalue(res, i, 1));
		view_str(o, "name", PQgetvalue(res, i, 2));
		record_status_view(r, o, PQgetvalue(res, i, 3));
		view_str(o, "updated", PQgetvalue(res, i, 4));
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
csv_load(struct req *r)
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
	time_t now = time(NULL) + 9 * 3600;
	enum db_status st;
	struct tm tm;
	char day[16];

	_Static_assert(
	    sizeof(csv_names) / sizeof(csv_names[0]) == 16,
	    "a name per column of &stmt_nomination[STMT_NOMINATION_CSV]");
	csv_bom(&r->body);
	csv_row(&r->body, csv_names, sizeof(csv_names) / sizeof(csv_names[0]));
	if ((st = csv_load(r)) != DB_OK) {
		buf_reset(&r->body);
		return db_http(st);
	}
	gmtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y%m%d", &tm);
	buf_printf(&r->headers,
		   "Content-Disposition: attachment; "
		   "filename=\"nominations-%s-%s.csv\"\r\n",
		   r->staff.ministry, day);
	r->content_type = "text/csv; charset=utf-8";
	return 200;
}

/*
 * Puts the form and its one-time token into the view model and selects
 * the form page.  After an error the files must be chosen again (a
 * browser never sends a file twice): "reupload" says so.  Returns status.
 */
static int
show_form(struct req *r, const struct form *f, const char *token, int status)
{
	json_object_object_add(r->view, "form",
			       form_view(f, nomination_groups,
					 NOMINATION_NGROUPS, &r->app->i18n,
					 r->lang));
	view_str(r->view, "form_token", token);
	view_bool(r->view, "reupload", status != 200);
	view_bool(r->view, "db_down", status == 503);
	view_str(r->view, "title", req_text(r, "nomination_new_title"));
	r->page = VIEW_NOMINATION_NEW;
	return status;
}

/* GET /ministry/nominations/new: the empty form.  200. */
int
page_nomination_new_get(struct req *r)
{
	char token[TOKEN_TEXTLEN + 1];
	struct form f;
	int rc;

	token_new(token);
	form_init(&f, nomination_fields(), NF__MAX);
	rc = show_form(r, &f, token, 200);
	form_free(&f);
	return rc;
}

static void
nom_init(struct nomination *n)
{
	memset(n, 0, sizeof(*n));
	form_init(&n->f, nomination_fields(), NF__MAX);
	derived_init(&n->d);
}

static void
nom_free(struct nomination *n)
{
	form_free(&n->f);
	derived_free(&n->d);
}

/*
 * Checks the uploaded PDF of field i (form name "letter" or "cv"; k is
 * its slot in n->file), required or not, and picks the name to store.
 */
static void
check_file(struct req *r, struct nomination *n, size_t i, int k)
{
	const struct fdef *d = &n->f.defs[i];
	int rc;

	if ((n->file[k] = req_file(r, d->name)) == NULL) {
		if (d->required)
			form_error(&n->f, i, "err_letter_required", 0);
		return;
	}
	rc = apply_check_cv(n->file[k]->data.ptr, n->file[k]->data.len);
	if (rc != 0) {
		form_error(&n->f, i, rc == -1 ? "err_pdf_size" : "err_pdf_type",
			   APPLY_CV_MAX >> 20);
		return;
	}
	n->file_name[k] = apply_file_name(n->file[k]->filename,
					  k == 0 ? "letter.pdf" : "cv.pdf");
}

/* The fields of the row's derived columns. */
static const struct derived_map nomination_map = {
	.family_kanji = NF_FAMILY_KANJI,
	.given_kanji = NF_GIVEN_KANJI,
	.family_kana = NF_FAMILY_KANA,
	.given_kana = NF_GIVEN_KANA,
	.family_romaji = NF_FAMILY_ROMAJI,
	.given_romaji = NF_GIVEN_ROMAJI,
	.email = NF_EMAIL,
	.lang_first = NF_LANG_EN,
	.lang_last = NF_LANG_OTHER,
	.expertise = NF_EXPERTISE,
	.operations = NF_OPERATIONS,
};

/* Sets file parameter p (binary) and its name parameter from slot k. */
static void
file_param(const struct nomination *n, int k, enum nomination_insert_param p,
	   const char **v, int *len, int *fmt)
{
	if (n->file[k] == NULL)
		return;
	v[p - 1] = n->file_name[k];
	v[p] = n->file[k]->data.ptr;
	len[p] = (int)n->file[k]->data.len;
	fmt[p] = 1;
}

/*
 * Runs STMT_NOMINATION_INSERT.  Returns its status; n->id and
 * n->reference are set when a row was inserted, *inserted says whether.
 */
static enum db_status
insert(struct req *r, struct nomination *n, const char *year, int *inserted)
{
	const char *v[NI__MAX] = { NULL };
	int len[NI__MAX] = { 0 }, fmt[NI__MAX] = { 0 };
	enum db_status st;
	PGresult *res;
	char uid[24];
	size_t i;

	token_reference(atoi(year), n->reference, sizeof(n->reference));
	snprintf(uid, sizeof(uid), "%lld", r->staff.id);
	v[NI_REFERENCE] = n->reference;
	v[NI_FORM_HASH] = (const char *)n->form_hash;
	len[NI_FORM_HASH] = TOKEN_HASHLEN;
	fmt[NI_FORM_HASH] = 1;
	v[NI_MINISTRY] = r->staff.ministry;
	v[NI_LANG] = i18n_codes[r->lang];
	for (i = 0; i < sizeof(ins_fields) / sizeof(ins_fields[0]); i++)
		v[ins_fields[i].param] = form_value(&n->f, ins_fields[i].field);
	v[NI_MAX_MONTHS] = n->months;
	derived_make(&n->f, &nomination_map, &n->d);
	v[NI_LANGUAGES] = n->d.languages.ptr;
	v[NI_SEARCH_KEY] = n->d.search_key.ptr;
	v[NI_LANG_OTHER_NAME] = n->f.val[NF_LANG_OTHER].len > 0
				    ? form_value(&n->f, NF_LANG_OTHER_NAME)
				    : NULL;
	v[NI_EXPERTISE] = n->d.expertise.ptr;
	v[NI_OPERATIONS] = n->d.operations.ptr;
	v[NI_PRIVACY_VERSION] = r->app->cfg.privacy_version;
	v[NI_EMAIL_KEY] = n->d.email_key.ptr;
	v[NI_KANA_KEY] = n->d.kana_key.ptr;
	v[NI_ACCOUNT] = uid;
	file_param(n, 0, NI_LETTER, v, len, fmt);
	file_param(n, 1, NI_CV, v, len, fmt);
	st = db_exec(r->db, &stmt_nomination[STMT_NOMINATION_INSERT], NI__MAX,
		     v, len, fmt, &res);
	if (st == DB_OK && (*inserted = PQntuples(res) == 1))
		snprintf(n->id, sizeof(n->id), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return st;
}

/*
 * Finds the nomination an earlier POST of this form token stored (of
 * this ministry only).  Returns the status; DB_ERROR if there is none.
 */
static enum db_status
by_token(struct req *r, struct nomination *n)
{
	const char *v[2] = { (const char *)n->form_hash, r->staff.ministry };
	int len[2] = { TOKEN_HASHLEN, 0 }, fmt[2] = { 1, 0 };
	enum db_status st;
	PGresult *res;

	st = db_exec(r->db, &stmt_nomination[STMT_NOMINATION_BY_FORM_TOKEN], 2,
		     v, len, fmt, &res);
	if (st == DB_OK && PQntuples(res) == 1)
		snprintf(n->id, sizeof(n->id), "%s", PQgetvalue(res, 0, 0));
	else if (st == DB_OK)
		st = DB_ERROR;
	PQclear(res);
	return st;
}

/*
 * Stores the nomination and audits it in one transaction.  A form token
 * used before stores nothing and finds the first nomination instead.
 * Returns the status; n->id is set on DB_OK.
 */
static enum db_status
store(struct req *r, struct nomination *n)
{
	struct json_object *after;
	enum db_status st;
	char year[8];
	int inserted = 0;
	struct apply_today t;

	apply_today_jst(&t);
	snprintf(year, sizeof(year), "%d", t.y);
	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return st;
	if ((st = insert(r, n, year, &inserted)) == DB_OK && inserted) {
		after = json_object_new_object();
		view_str(after, "reference", n->reference);
		view_str(after, "ministry", r->staff.ministry);
		st = audit_add(r, "nomination.submit", "application", n->id,
			       NULL, after);
		json_object_put(after);
	} else if (st == DB_OK)
		st = by_token(r, n);
	return db_end(r->db, st, 1);
}

/*
 * POST /ministry/nominations/new: validates and stores a nomination.
 * 303 to it (also for a retried token); 422 with the form, its values
 * and messages (files to be chosen again); 503 with the values kept;
 * 400 for a missing or forged form token.
 */
int
page_nomination_new_post(struct req *r)
{
	const char *tok = req_param(r, "form_token");
	unsigned char raw[TOKEN_BYTES];
	struct nomination n;
	struct apply_today t;
	int status;

	if (tok == NULL || token_decode(tok, raw) != 0)
		return 400;
	nom_init(&n);
	snprintf(n.form_token, sizeof(n.form_token), "%s", tok);
	form_read(&n.f, &r->form);
	apply_today_jst(&t);
	nomination_check(&n.f, r->app->cfg.min_age, &t);
	check_file(r, &n, NF_LETTER, 0);
	check_file(r, &n, NF_CV, 1);
	if (n.f.nerr > 0)
		status = show_form(r, &n.f, n.form_token, 422);
	else {
		token_hash(n.form_token, n.form_hash);
		snprintf(n.months, sizeof(n.months), "%d",
			 nomination_months(form_value(&n.f, NF_PERIOD_START),
					   form_value(&n.f, NF_PERIOD_END)));
		status = db_http(store(r, &n));
		if (status == 0) {
			req_redirect(r, NOMINATIONS_PATH "/%s", n.id);
			status = 303;
		} else if (status == 503)
			status = show_form(r, &n.f, n.form_token, 503);
	}
	nom_free(&n);
	return status;
}

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
sections_view(struct req *r, struct json_object *fields)
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
record_view(struct req *r, const PGresult *res, const struct record *a)
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
	    record_file_view(r, NOMINATIONS_PATH, a->id, "letter",
			     PQgetvalue(res, 0, NG_LETTER_NAME),
			     atol(PQgetvalue(res, 0, NG_LETTER_SIZE))));
	if (*PQgetvalue(res, 0, NG_CV_NAME) != '\0')
		json_object_object_add(
		    o, "cv",
		    record_file_view(r, NOMINATIONS_PATH, a->id, "cv",
				     PQgetvalue(res, 0, NG_CV_NAME),
				     atol(PQgetvalue(res, 0, NG_CV_SIZE))));
	return o;
}

/*
 * Fills the view model from the row and sets a's status and version.
 * Returns 0, or 500 for a row it cannot read.
 */
static int
fill_view(struct req *r, const PGresult *res, struct record *a)
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
				       record_view(r, res, a));
		json_object_object_add(r->view, "sections",
				       sections_view(r, j[0]));
		record_history_view(r, j[1], "nomination_secretariat");
		json_object_object_add(r->view, "history",
				       json_object_get(j[1]));
		json_object_object_add(r->view, "messages",
				       json_object_get(j[2]));
		view_bool(r->view, "has_messages",
			  json_object_array_length(j[2]) > 0);
		view_str(r->view, "title", PQgetvalue(res, 0, NG_REFERENCE));
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
	rc = PQntuples(res) == 1 ? fill_view(r, res, a) : 404;
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
 * Shows the loaded nomination after auditing the view of the officer's
 * personal data.  Returns status, or 503/500.
 */
static int
nomination_show(struct req *r, const struct record *a, int status)
{
	enum db_status st;

	st = audit_add(r, "nomination.view", "application", a->id, NULL, NULL);
	if (st != DB_OK)
		return db_http(st);
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
	const char *ver = req_param(r, "version");
	struct record a;
	int rc;

	if ((rc = load_arg(r, &a)) != 0)
		return rc;
	if (ver == NULL || *ver == '\0' || strlen(ver) > 9 ||
	    strspn(ver, "0123456789") != strlen(ver))
		return 400;
	if (atoi(ver) == a.version &&
	    status_allowed(a.status, AS_WITHDRAWN, ACTOR_MINISTRY) &&
	    (rc = withdraw(r, &a)) >= 0) {
		if (rc > 0)
			return rc;
		req_redirect(r, NOMINATIONS_PATH "/%s", a.id);
		return 303;
	}
	if (rc < 0 && (rc = nomination_load(r, &a)) != 0)
		return rc;
	view_bool(r->view, "stale", 1);
	return nomination_show(r, &a, 409);
}
