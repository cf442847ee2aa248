/*
 * The reviewer's form for an external course's certificate on an
 * application's page: the course (an external one), the completion date
 * and the evidence PDF (the CV's upload rules).  Its own block of the
 * page (templates/cert_form.mustache), posted to
 * /review/applications/{id}/certificates (page_course_cert.c).
 */
#ifndef CERT_FORM_H
#define CERT_FORM_H

#include <libpq-fe.h>

#include "form.h"

struct req;

enum cert_field { CERT_COURSE, CERT_COMPLETED_ON, CERT_EVIDENCE, CERT__MAX };

struct cert_form {
	struct fdef defs[CERT__MAX];
	struct fopt *opts; /* the external courses */
	PGresult *res;
	struct form f;
};

int cert_form_init(struct req *, struct cert_form *);
void cert_form_free(struct cert_form *);
void cert_form_view(struct req *, const struct cert_form *);
int cert_form_put(struct req *);

#endif /* !CERT_FORM_H */
