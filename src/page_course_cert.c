#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "apply.h"
#include "audit.h"
#include "cert_form.h"
#include "db.h"
#include "multipart.h"
#include "pages.h"
#include "record.h"
#include "req.h"
#include "stmt_course.h"

/*
 * Certificates of external courses (a UN online security course, say):
 * taught elsewhere, so a reviewer records the certificate on the
 * person's application page with its completion date and the evidence
 * as a PDF, under the rules of the CV.  The database computes its
 * expiry from the course's validity.  The evidence is a download like
 * the CV, audited.
 */

/*
 * Checks the evidence of c (present, a PDF of at most the CV's size)
 * and a completion date not in the future; sets *pdf.
 */
static void
cert_check(struct req *r, struct cert_form *c, const struct mp_part **pdf)
{
	struct apply_today t;
	char today[11];
	int rc;

	if ((*pdf = req_file(r, "cert_evidence")) == NULL)
		form_error(&c->f, CERT_EVIDENCE, "cert_err_evidence", 0);
	else if ((rc = apply_check_cv((*pdf)->data.ptr, (*pdf)->data.len)) != 0)
		form_error(&c->f, CERT_EVIDENCE,
			   rc == -1 ? "err_cv_size" : "err_cv_type",
			   APPLY_CV_MAX >> 20);
	apply_today_jst(&t);
	snprintf(today, sizeof(today), "%04d-%02d-%02d", t.y, t.m, t.d);
	if (c->f.err[CERT_COMPLETED_ON] == NULL &&
	    strcmp(form_value(&c->f, CERT_COMPLETED_ON), today) > 0)
		form_error(&c->f, CERT_COMPLETED_ON, "cert_err_future", 0);
}

/* Returns the audit's after of a recorded certificate. */
static struct json_object *
cert_json(const struct cert_form *c, const char *app, const char *until,
	  const char *file)
{
	struct json_object *o = json_object_new_object();

	view_str(o, "application", app);
	view_str(o, "course", form_value(&c->f, CERT_COURSE));
	view_str(o, "completed_on", form_value(&c->f, CERT_COMPLETED_ON));
	if (*until != '\0')
		view_str(o, "valid_until", until);
	view_str(o, "evidence", file);
	return o;
}

/*
 * Stores the certificate of the valid form c with its evidence pdf for
 * application r->arg, audited, in one transaction.  Returns 0, 404 (no
 * such application, or the course is no longer an open external one),
 * or 503/500.
 */
static int
cert_add(struct req *r, const struct cert_form *c, const struct mp_part *pdf)
{
	const char *name = apply_file_name(pdf->filename, "certificate.pdf");
	const char *v[CEP__MAX];
	int len[CEP__MAX] = { 0 }, fmt[CEP__MAX] = { 0 }, n = 0;
	struct json_object *after;
	char uid[24];
	PGresult *res;
	enum db_status st;

	snprintf(uid, sizeof(uid), "%lld", r->staff.id);
	v[CEP_APPLICATION] = r->arg;
	v[CEP_COURSE] = form_value(&c->f, CERT_COURSE);
	v[CEP_COMPLETED_ON] = form_value(&c->f, CERT_COMPLETED_ON);
	v[CEP_ACCOUNT] = uid;
	v[CEP_FILENAME] = name;
	v[CEP_CONTENT] = pdf->data.ptr;
	len[CEP_CONTENT] = (int)pdf->data.len;
	fmt[CEP_CONTENT] = 1;
	if ((st = db_tx(r->db, "BEGIN")) != DB_OK)
		return db_http(st);
	st = db_exec(r->db, &stmt_course[STMT_CERT_ADD], CEP__MAX, v, len, fmt,
		     &res);
	if (st == DB_OK && (n = PQntuples(res)) == 1) {
		after = cert_json(c, r->arg,
				  PQgetvalue(res, 0, CEC_VALID_UNTIL), name);
		st = audit_add(r, "certificate.add", "certificate",
			       PQgetvalue(res, 0, CEC_ID), NULL, after);
		json_object_put(after);
	}
	PQclear(res);
	if ((st = db_end(r->db, st, n == 1)) != DB_OK)
		return db_http(st);
	return n == 1 ? 0 : 404;
}

/*
 * POST /review/applications/{id}/certificates: records an external
 * course's certificate (multipart: course, date, evidence PDF).  303 to
 * the application's page; 422 with the page, the form's messages and
 * values (but the file) kept; 404; 503/500.
 */
int
page_review_cert_post(struct req *r)
{
	const struct mp_part *pdf;
	struct cert_form c;
	int rc;

	if (!record_id_valid(r->arg))
		return 404;
	if ((rc = cert_form_init(r, &c)) == 0) {
		form_read(&c.f, &r->form);
		cert_check(r, &c, &pdf);
		if (c.f.nerr == 0 && (rc = cert_add(r, &c, pdf)) == 0) {
			req_redirect(r, "/review/applications/%s#certificates",
				     r->arg);
			rc = 303;
		} else if (c.f.nerr > 0) {
			cert_form_view(r, &c);
			rc = page_review_app_get(r);
			rc = rc == 200 ? 422 : rc;
		}
	}
	cert_form_free(&c);
	return rc;
}

/*
 * GET /training/certificates/{id}/evidence: the evidence PDF of an
 * external course's certificate, audited.  200, 404, 503/500.
 */
int
page_cert_evidence_get(struct req *r)
{
	return record_pdf_of(r, &stmt_course[STMT_CERT_EVIDENCE], NULL,
			     "certificate.evidence", "certificate",
			     "certificate");
}
