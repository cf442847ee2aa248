/*
 * The columns of an applications row that are derived from a form
 * rather than typed: the sets of codes (languages with levels, fields of
 * expertise, operation types) as PostgreSQL array literals, and the
 * folded keys for duplicate detection and search.  The public form and
 * the ministries' nomination form store the same row, each through its
 * own field table: struct derived_map says which field is which.
 */
#ifndef DERIVED_H
#define DERIVED_H

#include <stddef.h>

#include "buf.h"

struct form;

struct derived_map {
	size_t family_kanji, given_kanji;
	size_t family_kana, given_kana;
	size_t family_romaji, given_romaji;
	size_t email;
	size_t lang_first, lang_last; /* fields "lang_CODE", levels */
	size_t expertise, operations; /* checkbox fields */
};

struct derived {
	struct buf languages;  /* {en:fluent,...} */
	struct buf expertise;  /* {medical,...} */
	struct buf operations; /* {pko,...} */
	struct buf email_key;
	struct buf kana_key;
	struct buf search_key;
};

void derived_init(struct derived *);
void derived_free(struct derived *);
void derived_codes(const struct form *, size_t, struct buf *);
void derived_languages(const struct form *, size_t, size_t, struct buf *);
void derived_make(const struct form *, const struct derived_map *,
		  struct derived *);

#endif /* !DERIVED_H */
