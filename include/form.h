/*
 * Table-driven forms, after kcgi's kvalid: each field is a row (name,
 * type, required, length cap, validator, options), one table drives
 * parsing, validation, normalisation and rendering alike.  Every text is
 * a catalog key: labels "f_NAME", hints "h_NAME", options as given.
 */
#ifndef FORM_H
#define FORM_H

#include <stddef.h>

#include "buf.h"
#include "i18n.h"
#include "kv.h"

enum ftype {
	FT_TEXT,
	FT_TEXTAREA,
	FT_EMAIL,
	FT_TEL,
	FT_DATE,
	FT_NUMBER,
	FT_SELECT,
	FT_RADIO,
	FT_CHECKS,   /* several of the options */
	FT_CONSENT,  /* one checkbox that must be ticked if required */
	FT_FILE,     /* rendered here, checked by the page */
	FT_PASSWORD, /* kept as typed (no trimming), never rendered back */
	FT_TIME,     /* HH:MM, 24 hours */
	FT__MAX
};

struct fopt {
	const char *value;
	const char *label; /* catalog key */
};

/*
 * Normalises in (already trimmed, free of control characters) into out.
 * Returns NULL, or the catalog key of the message to show.
 */
typedef const char *(*fcheck_fn)(const char *in, struct buf *out);

struct fdef {
	const char *name;
	enum ftype type;
	int required;
	size_t maxlen; /* characters after normalising */
	fcheck_fn check;
	const struct fopt *opts;
	size_t nopts;
	const char *autocomplete;
	const char *inputmode;
};

/* A choice field's options, as designated members of a struct fdef. */
#define FORM_OPTS(a) .opts = (a), .nopts = sizeof(a) / sizeof((a)[0])

struct fgroup {
	const char *legend; /* catalog key */
	size_t first;	    /* index of the first field */
	size_t count;
};

struct form {
	const struct fdef *defs;
	size_t n;
	struct buf *val;     /* normalised value of each field */
	unsigned long *mask; /* FT_CHECKS: options chosen */
	const char **err;    /* catalog key of the message, or NULL */
	int *arg;	     /* replaces "{n}" in the message */
	size_t nerr;
};

struct json_object;

void form_init(struct form *, const struct fdef *, size_t);
void form_free(struct form *);
const char *form_value(const struct form *, size_t);
void form_read(struct form *, const struct kvlist *);
void form_error(struct form *, size_t, const char *, int);
struct json_object *form_view(const struct form *, const struct fgroup *,
			      size_t, const struct i18n *, enum lang);

#endif /* !FORM_H */
