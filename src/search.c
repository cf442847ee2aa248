#include <string.h>

#include "search.h"
#include "buf.h"
#include "text.h"

/*
 * Appends the search key of the parts p to out: the reference's own
 * letters (after "PC-YYYY-", which every row shares), a space before every
 * word, so that a word of one or two letters (no trigram of its own) is
 * found at a word's start; the whole names as well as their parts, so
 * that "山田花子" is found as one word.  Mirrors corps_search_key().
 */
void
search_key(const char *const p[SP__MAX], struct buf *out)
{
	const char *ref = p[SP_REFERENCE];
	struct buf raw;

	buf_init(&raw);
	buf_printf(&raw, "%s %s %s %s%s %s %s %s%s %s %s %s",
		   strlen(ref) > 8 ? ref + 8 : ref, p[SP_FAMILY_KANJI],
		   p[SP_GIVEN_KANJI], p[SP_FAMILY_KANJI], p[SP_GIVEN_KANJI],
		   p[SP_FAMILY_KANA], p[SP_GIVEN_KANA], p[SP_FAMILY_KANA],
		   p[SP_GIVEN_KANA], p[SP_FAMILY_ROMAJI], p[SP_GIVEN_ROMAJI],
		   p[SP_EMAIL]);
	buf_putc(out, ' ');
	text_fold(raw.ptr, out);
	buf_free(&raw);
}
