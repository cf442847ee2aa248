#include "search.h"
#include "buf.h"
#include "text.h"

/*
 * Appends the search key of the parts p to out: each name form by part
 * and whole (so that "山田花子" is found as one word), a space before
 * every word (so that a word of one or two letters, which has no trigram
 * of its own, is found at a word's start).  The reference and the e-mail
 * address are found by their own b-tree indexes: in the key they would
 * more than double the trigrams every submission adds to the index.
 * Mirrors corps_search_key().
 */
void
search_key(const char *const p[SP__MAX], struct buf *out)
{
	struct buf raw;

	buf_init(&raw);
	buf_printf(&raw, "%s %s %s%s %s %s %s%s %s %s", p[SP_FAMILY_KANJI],
		   p[SP_GIVEN_KANJI], p[SP_FAMILY_KANJI], p[SP_GIVEN_KANJI],
		   p[SP_FAMILY_KANA], p[SP_GIVEN_KANA], p[SP_FAMILY_KANA],
		   p[SP_GIVEN_KANA], p[SP_FAMILY_ROMAJI], p[SP_GIVEN_ROMAJI]);
	buf_putc(out, ' ');
	text_fold(raw.ptr, out);
	buf_free(&raw);
}
