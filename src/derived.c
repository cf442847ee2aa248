#include "derived.h"
#include "form.h"
#include "search.h"
#include "text.h"

/* Sets up d empty; derived_free frees it. */
void
derived_init(struct derived *d)
{
	buf_init(&d->languages);
	buf_init(&d->expertise);
	buf_init(&d->operations);
	buf_init(&d->email_key);
	buf_init(&d->kana_key);
	buf_init(&d->search_key);
}

/* Frees what d holds (not d itself). */
void
derived_free(struct derived *d)
{
	buf_free(&d->languages);
	buf_free(&d->expertise);
	buf_free(&d->operations);
	buf_free(&d->email_key);
	buf_free(&d->kana_key);
	buf_free(&d->search_key);
}

/* Appends value to the PostgreSQL array literal a ("{" so far or more). */
static void
array_add(struct buf *a, const char *value)
{
	buf_puts(a, a->len > 1 ? "," : "");
	buf_puts(a, value);
}

/*
 * Appends the checked options of checkbox field i of f to the empty out
 * as an array literal of their codes (plain words: nothing to quote).
 */
void
derived_codes(const struct form *f, size_t i, struct buf *out)
{
	const struct fdef *d = &f->defs[i];
	size_t k;

	buf_putc(out, '{');
	for (k = 0; k < d->nopts; k++)
		if (f->mask[i] & (1UL << k))
			array_add(out, d->opts[k].value);
	buf_putc(out, '}');
}

/*
 * Appends the languages of fields first..last of f to the empty out,
 * each "code:level" (the code is the field's name after "lang_"), as an
 * array literal.
 */
void
derived_languages(const struct form *f, size_t first, size_t last,
		  struct buf *out)
{
	size_t i;

	buf_putc(out, '{');
	for (i = first; i <= last; i++)
		if (f->val[i].len > 0) {
			array_add(out, f->defs[i].name + 5);
			buf_printf(out, ":%s", form_value(f, i));
		}
	buf_putc(out, '}');
}

/*
 * Fills d from the valid form f, whose fields m names.  d was
 * initialised and is empty.
 */
void
derived_make(const struct form *f, const struct derived_map *m,
	     struct derived *d)
{
	const char *p[SP__MAX];

	derived_languages(f, m->lang_first, m->lang_last, &d->languages);
	derived_codes(f, m->expertise, &d->expertise);
	derived_codes(f, m->operations, &d->operations);
	text_fold(form_value(f, m->email), &d->email_key);
	text_fold(form_value(f, m->family_kana), &d->kana_key);
	text_fold(form_value(f, m->given_kana), &d->kana_key);
	p[SP_FAMILY_KANJI] = form_value(f, m->family_kanji);
	p[SP_GIVEN_KANJI] = form_value(f, m->given_kanji);
	p[SP_FAMILY_KANA] = form_value(f, m->family_kana);
	p[SP_GIVEN_KANA] = form_value(f, m->given_kana);
	p[SP_FAMILY_ROMAJI] = form_value(f, m->family_romaji);
	p[SP_GIVEN_ROMAJI] = form_value(f, m->given_romaji);
	search_key(p, &d->search_key);
}
