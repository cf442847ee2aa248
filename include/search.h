/*
 * The key by which reviewers find an application by name: each name form
 * by part and whole, folded by text_fold() so that a search ignores
 * width, kana script and ASCII case.
 * Every writer of applications stores it (SQL writers through
 * corps_search_key(), migration 20261128000002, which must agree).
 */
#ifndef SEARCH_H
#define SEARCH_H

struct buf;

enum search_part {
	SP_FAMILY_KANJI,
	SP_GIVEN_KANJI,
	SP_FAMILY_KANA,
	SP_GIVEN_KANA,
	SP_FAMILY_ROMAJI,
	SP_GIVEN_ROMAJI,
	SP__MAX
};

void search_key(const char *const[SP__MAX], struct buf *);

#endif /* !SEARCH_H */
