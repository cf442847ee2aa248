#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "assignment.h"
#include "db.h"
#include "enrol.h"
#include "pages.h"
#include "req.h"
#include "status.h"
#include "token.h"
#include "stmt_apply.h"

/* GET /: the landing page, which leads to the form.  200. */
int
page_home_get(struct req *r)
{
	view_str(r->view, "title", req_text(r, "home_title"));
	r->page = VIEW_HOME;
	return 200;
}

/*
 * Sets up the 404 page of a status link that leads nowhere (mistyped, or
 * replaced on the lost-link page), which leads to the lost-link page.
 * Returns 404.
 */
static int
dead_link(struct req *r)
{
	r->error_key = "status_link";
	view_bool(r->view, "lost_link", 1);
	return 404;
}

/*
 * Looks the application up by the status token in r->arg and fills the
 * view: reference, status (code and text), submitted and updated dates,
 * whether it may still be withdrawn, and the applicant's choice of
 * notices; *cur is the status.  Returns 0, or the status to answer: 404
 * for an unknown or malformed token (whose page leads to the lost-link
 * page: a replaced link answers so), 503, 500.
 */
static int
load_status(struct req *r, enum app_status *cur)
{
	unsigned char raw[TOKEN_BYTES], hash[TOKEN_HASHLEN];
	const char *v[1] = { (const char *)hash };
	const int len[1] = { TOKEN_HASHLEN }, fmt[1] = { 1 };
	PGresult *res;
	enum db_status st;
	const char *status;

	if (token_decode(r->arg, raw) != 0)
		return dead_link(r);
	token_hash(r->arg, hash);
	st = db_exec(r->db, &stmt_apply[STMT_APPLY_BY_STATUS_TOKEN], 1, v, len,
		     fmt, &res);
	if (st != DB_OK)
		return db_http(st);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return dead_link(r);
	}
	status = PQgetvalue(res, 0, ASC_STATUS);
	if (status_parse(status, cur) != 0) {
		PQclear(res);
		return 500;
	}
	view_str(r->view, "reference", PQgetvalue(res, 0, ASC_REFERENCE));
	view_str(r->view, "status", status);
	view_str(r->view, "status_text", req_code_text(r, "status_", status));
	view_str(r->view, "submitted", PQgetvalue(res, 0, ASC_SUBMITTED));
	view_str(r->view, "updated", PQgetvalue(res, 0, ASC_UPDATED));
	view_str(r->view, "token", r->arg);
	view_bool(r->view, "can_withdraw",
		  status_allowed(*cur, AS_WITHDRAWN, ACTOR_APPLICANT));
	view_bool(r->view, "mail_opt_out",
		  strcmp(PQgetvalue(res, 0, ASC_MAIL_OPT_OUT), "t") == 0);
	PQclear(res);
	return 0;
}

/*
 * The proof every applicant's POST gives: a same-origin request (403
 * otherwise) for a known token (load_status).  Returns 0, or the status
 * to answer.
 */
static int
status_proof(struct req *r, enum app_status *cur)
{
	if (!req_same_origin(r)) {
		r->error_key = "csrf";
		return 403;
	}
	return load_status(r, cur);
}

/* Selects page (the receipt or the status page) and its title. */
static void
status_page(struct req *r, enum view page)
{
	view_str(r->view, "title",
		 req_text(r, page == VIEW_RECEIPT ? "receipt_title"
						  : "status_title"));
	r->page = page;
}

/*
 * Shows page for the application of the token in the URL, the status
 * page with the applicant's training.  200, 404, 503/500.
 */
static int
show_status(struct req *r, enum view page)
{
	unsigned char hash[TOKEN_HASHLEN];
	enum app_status cur;
	int rc;

	if ((rc = load_status(r, &cur)) != 0)
		return rc;
	if (page == VIEW_STATUS) {
		token_hash(r->arg, hash);
		if ((rc = enrol_person_view(r, ENROL_APPLICANT,
					    (const char *)hash,
					    TOKEN_HASHLEN)) != 0 ||
		    (rc = assign_person_view(r, ASSIGN_APPLICANT,
					     (const char *)hash,
					     TOKEN_HASHLEN)) != 0)
			return rc;
	}
	status_page(r, page);
	return 200;
}

/* GET /receipt/{token}: the reference number and the status link.  200. */
int
page_receipt_get(struct req *r)
{
	return show_status(r, VIEW_RECEIPT);
}

/*
 * Answers just given, as ?training= (to an invitation) or ?inquiry= (to
 * an availability inquiry) tells the status page: the query's key and
 * value, the view's key and the message's catalog key.
 */
static const char *const answer_messages[][4] = {
	{ "training", "confirmed", "training_message", "enrol_done_confirmed" },
	{ "training", "declined", "training_message", "enrol_done_declined" },
	{ "training", "unchanged", "training_message", "enrol_done_unchanged" },
	{ "inquiry", "available", "inquiry_message", "inquiry_done_available" },
	{ "inquiry", "unavailable", "inquiry_message",
	  "inquiry_done_unavailable" },
	{ "inquiry", "unchanged", "inquiry_message", "inquiry_done_unchanged" },
};

/* Puts the message of an answer just given into the view. */
static void
training_message(struct req *r)
{
	const char *m;
	size_t i;

	for (i = 0; i < sizeof(answer_messages) / sizeof(answer_messages[0]);
	     i++)
		if ((m = kv_get(&r->query, answer_messages[i][0])) != NULL &&
		    strcmp(m, answer_messages[i][1]) == 0)
			view_str(r->view, answer_messages[i][2],
				 req_text(r, answer_messages[i][3]));
}

/*
 * GET /status/{token}: the application's status and training, and
 * after a change of the notices (?mail=on or off) or an answer to an
 * invitation (?training=) a message that says which.  200.
 */
int
page_status_get(struct req *r)
{
	const char *m = kv_get(&r->query, "mail");

	training_message(r);

	if (m != NULL && (strcmp(m, "on") == 0 || strcmp(m, "off") == 0))
		view_str(r->view, "mail_message",
			 req_text(r, strcmp(m, "on") == 0
					 ? "status_mail_on_done"
					 : "status_mail_off_done"));
	return show_status(r, VIEW_STATUS);
}

/*
 * Puts the missing confirmation into the view: its message beside the
 * box and, like every form's 422, an error summary (form_errors) that
 * takes the focus and links to the box.
 */
static void
confirm_missing(struct req *r)
{
	struct json_object *errs = json_object_new_array();

	view_str(r->view, "confirm_error", req_text(r, "err_confirm"));
	view_error_add(errs, "confirm", req_text(r, "withdraw_title"),
		       json_object_new_string(req_text(r, "err_confirm")));
	view_errors(r->view, errs);
}

/*
 * POST /status/{token}: withdraws the application.  The unguessable
 * token in the URL is the capability; the same-origin check and the
 * explicit confirmation box are the proof that the applicant meant it.
 * 303 back to the status page (which shows the outcome, also when the
 * application could no longer be withdrawn); 403 cross-origin; 422
 * without the box.
 */
int
page_status_post(struct req *r)
{
	unsigned char hash[TOKEN_HASHLEN];
	enum app_status cur;
	const char *v[AWP__MAX] = { [AWP_STATUS_HASH] = (const char *)hash };
	const int len[AWP__MAX] = { [AWP_STATUS_HASH] = TOKEN_HASHLEN };
	const int fmt[AWP__MAX] = { [AWP_STATUS_HASH] = 1 };
	const char *confirm;
	PGresult *res;
	enum db_status st;
	int rc;

	if ((rc = status_proof(r, &cur)) != 0)
		return rc;
	confirm = req_param(r, "confirm");
	if (confirm == NULL || strcmp(confirm, "1") != 0) {
		confirm_missing(r);
		status_page(r, VIEW_STATUS);
		return 422;
	}
	req_redirect(r, "/status/%s", r->arg);
	if (!status_allowed(cur, AS_WITHDRAWN, ACTOR_APPLICANT))
		return 303;
	token_hash(r->arg, hash);
	v[AWP_STATUS] = status_names[cur];
	st = db_exec(r->db, &stmt_apply[STMT_APPLY_WITHDRAW], AWP__MAX, v, len,
		     fmt, &res);
	if (st != DB_OK)
		return db_http(st);
	PQclear(res);
	req_redirect(r, "/status/%s", r->arg);
	return 303;
}

/*
 * POST /status/{token}/mail: opts the applicant out of the notices
 * (opt_out=1) or back in (opt_out=0); the receipt and the lost-link mail
 * are always sent.  The token is the capability, the same-origin check
 * the proof of intent, as for the withdrawal.  303 back to the status
 * page with a message; 400 without a valid choice; 403 cross-origin;
 * 404 for an unknown token; 503/500.
 */
int
page_status_mail_post(struct req *r)
{
	unsigned char raw[TOKEN_BYTES], hash[TOKEN_HASHLEN];
	const char *opt = req_param(r, "opt_out");
	const char *v[AMP__MAX] = { [AMP_STATUS_HASH] = (const char *)hash };
	const int len[AMP__MAX] = { [AMP_STATUS_HASH] = TOKEN_HASHLEN };
	const int fmt[AMP__MAX] = { [AMP_STATUS_HASH] = 1 };
	PGresult *res;
	enum db_status st;
	int n;

	if (!req_same_origin(r)) {
		r->error_key = "csrf";
		return 403;
	}
	if (token_decode(r->arg, raw) != 0)
		return dead_link(r);
	if (opt == NULL || (strcmp(opt, "1") != 0 && strcmp(opt, "0") != 0))
		return 400;
	token_hash(r->arg, hash);
	v[AMP_OPT_OUT] = opt[0] == '1' ? "true" : "false";
	st = db_exec(r->db, &stmt_apply[STMT_APPLY_MAIL_OPT_OUT], AMP__MAX, v,
		     len, fmt, &res);
	if (st != DB_OK)
		return db_http(st);
	n = PQntuples(res);
	PQclear(res);
	if (n != 1)
		return dead_link(r);
	req_redirect(r, "/status/%s?mail=%s", r->arg,
		     opt[0] == '1' ? "off" : "on");
	return 303;
}

/*
 * POST /status/{token}/training: the applicant confirms ("answer" =
 * confirmed) a seat in a session, or declines ("declined") a seat or a
 * place on the waitlist, which ends it; the seat goes to the first who
 * waits.  "enrolment" names it.  The same proof as the withdrawal: the
 * token in the URL and a same-origin POST.  303 back to the status page
 * with a message (also "unchanged" for an enrolment that is not theirs
 * or no longer open); 400 for a malformed field; 403 cross-origin; 404
 * for an unknown token; 503/500.
 */
int
page_status_training_post(struct req *r)
{
	unsigned char hash[TOKEN_HASHLEN];
	const char *v[EAP__MAX] = { [EAP_WHO] = (const char *)hash };
	const int len[EAP__MAX] = { [EAP_WHO] = TOKEN_HASHLEN };
	const int fmt[EAP__MAX] = { [EAP_WHO] = 1 };
	enum app_status cur;
	int rc, done;

	if ((rc = status_proof(r, &cur)) != 0)
		return rc;
	if ((rc = enrol_answer_read(r, &v[EAP_ENROLMENT], &v[EAP_ANSWER])) != 0)
		return rc;
	token_hash(r->arg, hash);
	if ((rc = enrol_answer(r, STMT_ENROL_ANSWER_BY_TOKEN, v, len, fmt,
			       &done)) != 0)
		return rc;
	req_redirect(r, "/status/%s?training=%s#training", r->arg,
		     done ? v[EAP_ANSWER] : "unchanged");
	return 303;
}

/*
 * POST /status/{token}/inquiries: the applicant answers an availability
 * inquiry ("inquiry") "available" or "unavailable", with an optional
 * "note"; a later answer replaces it.  The same proof as the
 * withdrawal: the token in the URL and a same-origin POST.  303 back to
 * the status page with a message ("unchanged" for an inquiry not
 * theirs); 400 for a malformed field; 403 cross-origin; 404 for an
 * unknown token; 503/500.
 */
int
page_status_inquiry_post(struct req *r)
{
	unsigned char hash[TOKEN_HASHLEN];
	const char *v[IAP__MAX] = { [IAP_WHO] = (const char *)hash };
	const int len[IAP__MAX] = { [IAP_WHO] = TOKEN_HASHLEN };
	const int fmt[IAP__MAX] = { [IAP_WHO] = 1 };
	enum app_status cur;
	int rc, done;

	if ((rc = status_proof(r, &cur)) != 0)
		return rc;
	if ((rc = assign_answer_read(r, v)) != 0)
		return rc;
	token_hash(r->arg, hash);
	if ((rc = assign_answer(r, STMT_INQUIRY_ANSWER_BY_TOKEN, v, len, fmt,
				&done)) != 0)
		return rc;
	req_redirect(r, "/status/%s?inquiry=%s#inquiries", r->arg,
		     done ? v[IAP_ANSWER] : "unchanged");
	return 303;
}
