#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "cert_form.h"
#include "req.h"
#include "stmt_course.h"
#include "training.h"

/* The course's options are the open external courses, per request. */
static const struct fdef cert_fields[CERT__MAX] = {
	[CERT_COURSE] = { .name = "cert_course",
			  .type = FT_SELECT,
			  .required = 1,
			  .autocomplete = "off" },
	[CERT_COMPLETED_ON] = { .name = "cert_completed_on",
				.type = FT_DATE,
				.required = 1,
				.maxlen = 10,
				.autocomplete = "off" },
	[CERT_EVIDENCE] = { .name = "cert_evidence",
			    .type = FT_FILE,
			    .required = 1 },
};

static const struct fgroup cert_groups[] = { { "cert_form", 0, CERT__MAX } };

/*
 * Sets up c with the external courses as its options.  Returns 0, or
 * 503/500; the caller frees c with cert_form_free either way.
 */
int
cert_form_init(struct req *r, struct cert_form *c)
{
	int rc;

	memcpy(c->defs, cert_fields, sizeof(c->defs));
	rc = training_options(r, &stmt_course[STMT_CERT_COURSES], &c->res,
			      &c->opts, &c->defs[CERT_COURSE].nopts);
	c->defs[CERT_COURSE].opts = c->opts;
	form_init(&c->f, c->defs, CERT__MAX);
	return rc;
}

/* Frees what cert_form_init set up in c (not c itself). */
void
cert_form_free(struct cert_form *c)
{
	form_free(&c->f);
	free(c->opts);
	PQclear(c->res);
}

/* Puts c into the view as "cert_form". */
void
cert_form_view(struct req *r, const struct cert_form *c)
{
	struct json_object *o;

	o = form_view(&c->f, cert_groups, 1, &r->app->i18n, r->lang);
	view_bool(o, "has_courses", c->defs[CERT_COURSE].nopts > 0);
	json_object_object_add(r->view, "cert_form", o);
}

/*
 * Puts an empty certificate form into the view unless a posted one is
 * there already.  Returns 0, or 503/500.
 */
int
cert_form_put(struct req *r)
{
	struct cert_form c;
	int rc;

	if (json_object_object_get_ex(r->view, "cert_form", NULL))
		return 0;
	if ((rc = cert_form_init(r, &c)) == 0)
		cert_form_view(r, &c);
	cert_form_free(&c);
	return rc;
}
