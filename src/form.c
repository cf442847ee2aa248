#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "email.h"
#include "form.h"
#include "text.h"
#include "valid.h"
#include "view.h"

/* The HTML input type of each input-like field type, NULL for others. */
static const char *const input_types[FT__MAX] = {
	[FT_TEXT] = "text", [FT_EMAIL] = "email", [FT_TEL] = "tel",
	[FT_DATE] = "date", [FT_NUMBER] = "text", [FT_PASSWORD] = "password",
	[FT_TIME] = "time",
};

void
form_init(struct form *f, const struct fdef *defs, size_t n)
{
	size_t i;

	f->defs = defs;
	f->n = n;
	f->nerr = 0;
	f->val = xcalloc(n, sizeof(*f->val));
	f->mask = xcalloc(n, sizeof(*f->mask));
	f->err = xcalloc(n, sizeof(*f->err));
	f->arg = xcalloc(n, sizeof(*f->arg));
	for (i = 0; i < n; i++)
		buf_init(&f->val[i]);
}

void
form_free(struct form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		buf_free(&f->val[i]);
	free(f->val);
	free(f->mask);
	free(f->err);
	free(f->arg);
}

/* Returns field i's value, "" when empty; the form owns it. */
const char *
form_value(const struct form *f, size_t i)
{
	return f->val[i].ptr == NULL ? "" : f->val[i].ptr;
}

/*
 * Marks field i as wrong with a catalog key; the first message stays.
 * A "{n}" in the message is replaced by arg when shown.
 */
void
form_error(struct form *f, size_t i, const char *key, int arg)
{
	if (f->err[i] != NULL)
		return;
	f->err[i] = key;
	f->arg[i] = arg;
	f->nerr++;
}

/* Returns the index of value among the field's options, or -1. */
static int
opt_index(const struct fdef *d, const char *value)
{
	size_t i;

	for (i = 0; i < d->nopts; i++)
		if (strcmp(d->opts[i].value, value) == 0)
			return (int)i;
	return -1;
}

/* Reads the chosen options of a FT_CHECKS field. */
static void
read_checks(struct form *f, size_t i, const struct kvlist *in)
{
	const struct fdef *d = &f->defs[i];
	size_t k;
	int o;

	for (k = 0; k < in->n; k++) {
		if (strcmp(in->p[k].key, d->name) != 0)
			continue;
		if ((o = opt_index(d, in->p[k].val)) < 0)
			form_error(f, i, "err_choice", 0);
		else
			f->mask[i] |= 1UL << o;
	}
	if (d->required && f->mask[i] == 0)
		form_error(f, i, "err_required_choice", 0);
}

/* Returns 1 if s is a time of day as HH:MM (00:00 to 23:59). */
static int
time_valid(const char *s)
{
	return strlen(s) == 5 && strspn(s, "0123456789") == 2 && s[2] == ':' &&
	       strspn(s + 3, "0123456789") == 2 &&
	       (s[0] - '0') * 10 + (s[1] - '0') < 24 && s[3] < '6';
}

/* Validates a non-empty value by the field's type into out. */
static const char *
check_type(const struct fdef *d, const char *v, struct buf *out)
{
	struct buf tmp;
	const char *e = NULL;
	int y, m, dd;

	buf_init(&tmp);
	switch (d->type) {
	case FT_SELECT:
	case FT_RADIO:
		if (opt_index(d, v) < 0)
			e = "err_choice";
		break;
	case FT_CONSENT:
		if (strcmp(v, "1") != 0)
			e = "err_choice";
		break;
	case FT_EMAIL:
		text_halfwidth(v, &tmp);
		if (!email_valid(tmp.ptr))
			e = "err_email";
		v = tmp.ptr;
		break;
	case FT_TEL:
		e = valid_phone(v, out) == VALID_OK ? NULL : "err_phone";
		goto done;
	case FT_DATE:
		e = valid_date(v, out, &y, &m, &dd) == VALID_OK ? NULL
								: "err_date";
		goto done;
	case FT_TIME:
		text_halfwidth(v, &tmp);
		e = time_valid(tmp.ptr) ? NULL : "err_time";
		v = tmp.ptr;
		break;
	case FT_NUMBER:
		text_halfwidth(v, &tmp);
		if (tmp.len == 0 || tmp.len > 6 ||
		    strspn(tmp.ptr, "0123456789") != tmp.len)
			e = "err_number";
		v = tmp.ptr;
		break;
	default:
		break;
	}
	if (e == NULL && d->check != NULL)
		e = d->check(v, out);
	else if (e == NULL)
		buf_puts(out, v);
done:
	buf_free(&tmp);
	return e;
}

/*
 * Turns CR LF and lone CR into LF in place: browsers send a textarea's
 * line breaks as CR LF but count each as one character against
 * maxlength, and so must the length cap here and in the database.
 */
static void
unix_newlines(struct buf *v)
{
	size_t r, w;
	char c;

	for (r = w = 0; r < v->len; r++, w++) {
		c = v->ptr[r];
		v->ptr[w] = c == '\r' ? '\n' : c;
		if (c == '\r' && r + 1 < v->len && v->ptr[r + 1] == '\n')
			r++;
	}
	v->len = w;
	if (v->ptr != NULL)
		v->ptr[w] = '\0';
}

/* Reads, normalises and validates one single-valued field. */
static void
read_one(struct form *f, size_t i, const struct kvlist *in)
{
	const struct fdef *d = &f->defs[i];
	const char *raw, *e = NULL;
	struct buf v;

	buf_init(&v);
	raw = kv_get(in, d->name);
	if (d->type == FT_PASSWORD) {
		buf_reserve(&v, 0);
		buf_puts(&v, raw == NULL ? "" : raw);
	} else
		text_trim(raw == NULL ? "" : raw, &v);
	if (d->type == FT_TEXTAREA)
		unix_newlines(&v);
	if (text_has_control(v.ptr) ||
	    (d->type != FT_TEXTAREA && strpbrk(v.ptr, "\t\r\n") != NULL))
		e = "err_bad_char";
	else if (v.len == 0)
		e = !d->required	    ? NULL
		    : d->type == FT_CONSENT ? "err_consent"
		    : d->type == FT_SELECT || d->type == FT_RADIO
			? "err_required_choice"
			: "err_required";
	else if ((e = check_type(d, v.ptr, &f->val[i])) == NULL &&
		 d->maxlen > 0 && text_utf8_len(form_value(f, i)) > d->maxlen)
		e = "err_too_long";
	if (e != NULL) {
		/* Give back what was typed, so that it can be corrected. */
		buf_reset(&f->val[i]);
		buf_append(&f->val[i], v.ptr, v.len);
		form_error(f, i, e, (int)d->maxlen);
	}
	buf_free(&v);
}

/* Reads every field of the table from the parsed body. */
void
form_read(struct form *f, const struct kvlist *in)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		buf_reset(&f->val[i]);
		if (f->defs[i].type == FT_CHECKS)
			read_checks(f, i, in);
		else if (f->defs[i].type != FT_FILE)
			read_one(f, i, in);
	}
}

/* Returns the catalog text for key, or NULL if the catalog has none. */
static const char *
text_or_null(const struct i18n *t, enum lang l, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(t->cat[l], key, &v)
		   ? json_object_get_string(v)
		   : NULL;
}

/* Returns field i's message; the caller owns the returned object. */
static struct json_object *
message(const struct form *f, size_t i, const struct i18n *t, enum lang l)
{
	return i18n_format(t, l, f->err[i], f->arg[i]);
}

/* Builds the options of a choice field, marking the chosen ones. */
static struct json_object *
options_view(const struct form *f, size_t i, const struct i18n *t, enum lang l)
{
	const struct fdef *d = &f->defs[i];
	struct json_object *arr, *o;
	size_t k;
	int on;

	arr = json_object_new_array();
	for (k = 0; k < d->nopts; k++) {
		o = json_object_new_object();
		view_str(o, "value", d->opts[k].value);
		view_str(o, "label", i18n_text(t, l, d->opts[k].label));
		on = d->type == FT_CHECKS
			 ? (f->mask[i] >> k) & 1
			 : strcmp(form_value(f, i), d->opts[k].value) == 0;
		view_bool(o, "on", on);
		json_object_array_add(arr, o);
	}
	return arr;
}

/* Sets aria-describedby's value: the hint's and the message's ids. */
static void
describedby(struct json_object *o, const char *name, int hint, int err)
{
	char v[200];

	if (!hint && !err)
		return;
	snprintf(v, sizeof(v), "%s%s%s%s%s", hint ? "h-" : "", hint ? name : "",
		 hint && err ? " " : "", err ? "e-" : "", err ? name : "");
	view_str(o, "describedby", v);
}

/* Builds the view of one field: see templates/field.mustache. */
static struct json_object *
field_view(const struct form *f, size_t i, const struct i18n *t, enum lang l)
{
	const struct fdef *d = &f->defs[i];
	struct json_object *o;
	char key[80];
	const char *hint = NULL;

	o = json_object_new_object();
	view_str(o, "name", d->name);
	snprintf(key, sizeof(key), "f_%s", d->name);
	view_str(o, "label", i18n_text(t, l, key));
	/* A select shows no hint (the key may be another form's). */
	snprintf(key, sizeof(key), "h_%s", d->name);
	if (d->type != FT_SELECT && (hint = text_or_null(t, l, key)) != NULL)
		view_str(o, "hint", hint);
	view_bool(o, "required", d->required);
	view_str(o, "value", d->type == FT_PASSWORD ? "" : form_value(f, i));
	if (f->err[i] != NULL)
		json_object_object_add(o, "error", message(f, i, t, l));
	describedby(o, d->name, hint != NULL, f->err[i] != NULL);
	if (input_types[d->type] != NULL)
		view_str(o, "input", input_types[d->type]);
	view_bool(o, "textarea", d->type == FT_TEXTAREA);
	view_bool(o, "select", d->type == FT_SELECT);
	view_bool(o, "radio", d->type == FT_RADIO);
	view_bool(o, "checks", d->type == FT_CHECKS);
	view_bool(o, "consent", d->type == FT_CONSENT);
	view_bool(o, "file", d->type == FT_FILE);
	view_bool(o, "consent_on",
		  d->type == FT_CONSENT && f->val[i].len > 0 &&
		      f->err[i] == NULL);
	if (d->maxlen > 0)
		json_object_object_add(o, "maxlength",
				       json_object_new_int((int)d->maxlen));
	if (d->autocomplete != NULL)
		view_str(o, "autocomplete", d->autocomplete);
	if (d->inputmode != NULL)
		view_str(o, "inputmode", d->inputmode);
	if (d->nopts > 0)
		json_object_object_add(o, "options", options_view(f, i, t, l));
	return o;
}

/*
 * Builds the form's view model: "groups" (fieldsets with their fields)
 * and, when anything is wrong, "errors" for the summary at the top, each
 * linking to its field.  The caller owns the returned object.
 */
struct json_object *
form_view(const struct form *f, const struct fgroup *g, size_t ng,
	  const struct i18n *t, enum lang l)
{
	struct json_object *root, *groups, *errs, *grp, *fields;
	char key[80];
	size_t gi, i;

	root = json_object_new_object();
	groups = json_object_new_array();
	errs = json_object_new_array();
	for (gi = 0; gi < ng; gi++) {
		grp = json_object_new_object();
		view_str(grp, "legend", i18n_text(t, l, g[gi].legend));
		fields = json_object_new_array();
		for (i = g[gi].first; i < g[gi].first + g[gi].count; i++) {
			json_object_array_add(fields, field_view(f, i, t, l));
			if (f->err[i] == NULL)
				continue;
			snprintf(key, sizeof(key), "f_%s", f->defs[i].name);
			view_error_add(errs, f->defs[i].name,
				       i18n_text(t, l, key),
				       message(f, i, t, l));
		}
		json_object_object_add(grp, "fields", fields);
		json_object_array_add(groups, grp);
	}
	json_object_object_add(root, "groups", groups);
	json_object_object_add(root, "errors", errs);
	json_object_object_add(root, "has_errors",
			       json_object_new_boolean(f->nerr > 0));
	return root;
}
