/*
 * The nomination form of a liaison officer: GET and POST
 * /ministry/nominations/new.  A nomination is stored in one statement
 * with its letter and CV, for the officer's own ministry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "derived.h"
#include "multipart.h"
#include "nomination.h"
#include "pages.h"
#include "req.h"
#include "status.h"
#include "text.h"
#include "token.h"
#include "stmt_nomination.h"

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

/*
 * Puts the form and its one-time token into the view model and selects
 * the form page.  After an error the files must be chosen again (a
 * browser never sends a file twice): "reupload" says so.  Returns status.
 */
static int
nomination_form_show(struct req *r, const struct form *f, const char *token,
		     int status)
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
	rc = nomination_form_show(r, &f, token, 200);
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
		snprintf(n->id, sizeof(n->id), "%s",
			 PQgetvalue(res, 0, NIC_ID));
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
	const char *v[NTP__MAX] = { [NTP_FORM_HASH] =
					(const char *)n->form_hash,
				    [NTP_MINISTRY] = r->staff.ministry };
	int len[NTP__MAX] = { [NTP_FORM_HASH] = TOKEN_HASHLEN };
	int fmt[NTP__MAX] = { [NTP_FORM_HASH] = 1 };
	enum db_status st;
	PGresult *res;

	st = db_exec(r->db, &stmt_nomination[STMT_NOMINATION_BY_FORM_TOKEN],
		     NTP__MAX, v, len, fmt, &res);
	if (st == DB_OK && PQntuples(res) == 1)
		snprintf(n->id, sizeof(n->id), "%s",
			 PQgetvalue(res, 0, NIC_ID));
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
nomination_store(struct req *r, struct nomination *n)
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
		status = nomination_form_show(r, &n.f, n.form_token, 422);
	else {
		token_hash(n.form_token, n.form_hash);
		snprintf(n.months, sizeof(n.months), "%d",
			 nomination_months(form_value(&n.f, NF_PERIOD_START),
					   form_value(&n.f, NF_PERIOD_END)));
		status = db_http(nomination_store(r, &n));
		if (status == 0) {
			req_redirect(r, NOMINATION_PATH "/%s", n.id);
			status = 303;
		} else if (status == 503)
			status =
			    nomination_form_show(r, &n.f, n.form_token, 503);
	}
	nom_free(&n);
	return status;
}
