#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "tmpl.h"
#include "view.h"

/* File names under CORPS_TEMPLATES, and the names partials use. */
static const char *const view_names[VIEW__MAX] = {
	[VIEW_LAYOUT] = "layout",
	[VIEW_HOME] = "home",
	[VIEW_APPLY] = "apply",
	[VIEW_RECEIPT] = "receipt",
	[VIEW_STATUS] = "status",
	[VIEW_ERROR] = "error",
	[VIEW_FIELD] = "field",
	[VIEW_LOGIN] = "login",
	[VIEW_REVIEW_LIST] = "review_list",
	[VIEW_DASHBOARD] = "dashboard",
	[VIEW_ADMIN_USERS] = "admin_users",
	[VIEW_ADMIN_USER_NEW] = "admin_user_new",
	[VIEW_ADMIN_USER_PASSWORD] = "admin_user_password",
	[VIEW_ADMIN_USER_DONE] = "admin_user_done",
	[VIEW_ADMIN_AUDIT] = "admin_audit",
	[VIEW_ADMIN_MAIL] = "admin_mail",
	[VIEW_FORM_ERRORS] = "form_errors",
	[VIEW_REVIEW_APP] = "review_app",
	[VIEW_MINISTRY_LIST] = "ministry_list",
	[VIEW_NOMINATION_NEW] = "nomination_new",
	[VIEW_NOMINATION] = "nomination",
	[VIEW_ADMIN_MINISTRIES] = "admin_ministries",
	[VIEW_ADMIN_MINISTRY_FORM] = "admin_ministry_form",
	[VIEW_LOST_LINK] = "lost_link",
	[VIEW_TRAINING_PERSON] = "training_person",
	[VIEW_ENROL_RESULT] = "enrol_result",
	[VIEW_ENROL_REMOVE] = "enrol_remove",
	/* Training (issue 14). */
	[VIEW_TRAINING] = "training",
	[VIEW_COURSE] = "course",
	[VIEW_COURSE_FORM] = "course_form",
	[VIEW_SESSION] = "session",
	[VIEW_SESSION_FORM] = "session_form",
	[VIEW_SESSION_ATTENDANCE] = "session_attendance",
	[VIEW_TEACH] = "teach",
	[VIEW_CERT_FORM] = "cert_form",
	[VIEW_SESSION_LIST] = "session_list",
	/* Training (issue 14): who is due, what expires. */
	[VIEW_TRAINING_DUE] = "training_due",
	[VIEW_TRAINING_EXPIRING] = "training_expiring",
	[VIEW_PLAN_TIMELINE] = "plan_timeline",
	[VIEW_PLANS] = "plans",
	[VIEW_PLAN_FORM] = "plan_form",
	[VIEW_PLAN] = "plan",
	[VIEW_PLAN_BANNER] = "plan_banner",
	[VIEW_PLAN_DASHBOARD] = "plan_dashboard",
	[VIEW_POSITION] = "position",
	[VIEW_POSITION_FORM] = "position_form",
	[VIEW_PERSON_ASSIGNMENTS] = "person_assignments",
};

struct render_ctx {
	const struct views *v;
	enum view page;
};

/* Reads and compiles one template.  Returns it, or NULL with err set. */
static struct tmpl *
view_compile(const char *dir, const char *name, char *err, size_t errsz)
{
	char path[4096], msg[256];
	struct buf src;
	struct tmpl *t = NULL;

	if (name == NULL) {
		snprintf(err, errsz, "a view without a template name");
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/%s.mustache", dir, name);
	buf_init(&src);
	if (buf_read_file(&src, path) != 0)
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
	else if ((t = tmpl_compile(src.ptr == NULL ? "" : src.ptr, src.len, msg,
				   sizeof(msg))) == NULL)
		snprintf(err, errsz, "%s: %s", path, msg);
	buf_free(&src);
	return t;
}

/* Compiles every view from dir.  Returns 0, or -1 with err set. */
int
view_load(struct views *v, const char *dir, char *err, size_t errsz)
{
	size_t i;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < VIEW__MAX; i++)
		if ((v->t[i] = view_compile(dir, view_names[i], err, errsz)) ==
		    NULL) {
			view_free(v);
			return -1;
		}
	return 0;
}

void
view_free(struct views *v)
{
	size_t i;

	for (i = 0; i < VIEW__MAX; i++) {
		tmpl_free(v->t[i]);
		v->t[i] = NULL;
	}
}

/* Resolves {{> content}} to the page and other names to their view. */
static const struct tmpl *
view_partial(void *arg, const char *name)
{
	const struct render_ctx *c = arg;
	size_t i;

	if (strcmp(name, "content") == 0)
		return c->v->t[c->page];
	for (i = 0; i < VIEW__MAX; i++)
		if (strcmp(name, view_names[i]) == 0)
			return c->v->t[i];
	return NULL;
}

/* Renders page inside the layout with the view model ctx, onto out. */
void
view_render(const struct views *v, enum view page, struct json_object *ctx,
	    struct buf *out)
{
	struct render_ctx c = { v, page };

	tmpl_render(v->t[VIEW_LAYOUT], ctx, view_partial, &c, out);
}

/* Returns the string member key of o, "" when absent or null. */
const char *
view_get(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return "";
	return json_object_get_string(v);
}

/* Sets key to a copy of the string v in the view object o. */
void
view_str(struct json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, json_object_new_string(v));
}

/* Sets key to the boolean v in the view object o. */
void
view_bool(struct json_object *o, const char *key, int v)
{
	json_object_object_add(o, key, json_object_new_boolean(v));
}

/*
 * Adds an entry to errs, the error summary's list (the form_errors
 * partial): the field's id without its "f-" (name), its label and its
 * message msg, a JSON string whose reference passes to errs.
 */
void
view_error_add(struct json_object *errs, const char *name, const char *label,
	       struct json_object *msg)
{
	struct json_object *e = json_object_new_object();

	view_str(e, "name", name);
	view_str(e, "label", label);
	json_object_object_add(e, "message", msg);
	json_object_array_add(errs, e);
}

/*
 * Puts the error summary into view as "form", which the form_errors
 * partial shows (focused) when errs holds an entry; takes over the
 * caller's reference to errs.
 */
void
view_errors(struct json_object *view, struct json_object *errs)
{
	struct json_object *sum = json_object_new_object();

	view_bool(sum, "has_errors", json_object_array_length(errs) > 0);
	json_object_object_add(sum, "errors", errs);
	json_object_object_add(view, "form", sum);
}
