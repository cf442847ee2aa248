-- migrate:up

-- The reviewer's list of applications: a search key over the reference,
-- the three name forms and the e-mail address, and indexes for each
-- filter and sort order of /review/applications.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The search key folding of text_fold() in src/text.c, for the database:
-- hiragana and half-width katakana become full-width katakana (a voiced
-- or semi-voiced mark joins its letter), full-width ASCII, U+3000 and the
-- dash family become ASCII, and ASCII letters lower case.  The query side
-- folds the typed words with text_fold(); the two must agree, and the
-- integration tests search with each spelling.
CREATE FUNCTION corps_fold(s text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	base	constant text := 'ウカキクケコサシスセソタチツテトハヒフヘホワヰヱヲ';
	voiced	constant text := 'ヴガギグゲゴザジズゼゾダヂヅデドバビブベボヷヸヹヺ';
	sbase	constant text := 'ハヒフヘホ';
	semi	constant text := 'パピプペポ';
	k	text;
BEGIN
	-- Most keys hold nothing but ASCII, kanji and full-width katakana:
	-- only ASCII case to fold, without the long translate tables.
	IF s !~ U&'[\3041-\3096\3099\309A\FF01-\FF9F\3000\2010-\2015\2212]' THEN
		RETURN translate(s, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
		    'abcdefghijklmnopqrstuvwxyz');
	END IF;
	-- Hiragana to katakana, half-width katakana to full-width.
	s := translate(s,
		    'ぁあぃいぅうぇえぉおかがきぎくぐけげこごさざしじすずせぜそぞただちぢっつづてでと'
		    || 'どなにぬねのはばぱひびぴふぶぷへべぺほぼぽまみむめもゃやゅゆょよらりるれろゎわゐ'
		    || 'ゑをんゔゕゖ｡｢｣､･ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂ'
		    || 'ﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ',
		    'ァアィイゥウェエォオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデト'
		    || 'ドナニヌネノハバパヒビピフブプヘベペホボポマミムメモャヤュユョヨラリルレロヮワヰ'
		    || 'ヱヲンヴヵヶ。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツ'
		    || 'テトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン');
	-- A voiced or semi-voiced mark (half-width or combining) joins the
	-- letter before it.
	IF s ~ U&'[\FF9E\FF9F\3099\309A]' THEN
		FOR i IN 1..char_length(base) LOOP
			k := substr(base, i, 1);
			s := replace(replace(s, k || U&'\FF9E', substr(voiced, i, 1)),
			    k || U&'\3099', substr(voiced, i, 1));
		END LOOP;
		FOR i IN 1..char_length(sbase) LOOP
			k := substr(sbase, i, 1);
			s := replace(replace(s, k || U&'\FF9F', substr(semi, i, 1)),
			    k || U&'\309A', substr(semi, i, 1));
		END LOOP;
	END IF;
	-- Lone half-width marks, full-width ASCII, U+3000, the dashes; ASCII
	-- lower case.
	RETURN translate(s,
		    'ﾞﾟ！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦ'
		    || 'ＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎ'
		    || 'ｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　‐‑‒–—―−ABCDEFGHIJKLMNOP'
		    || 'QRSTUVWXYZ',
		    '゛゜!"#$%&''()*+,-./0123456789:;<=>?@abcdef'
		    || 'ghijklmnopqrstuvwxyz[\]^_`abcdefghijklmn'
		    || 'opqrstuvwxyz{|}~ -------abcdefghijklmnop'
		    || 'qrstuvwxyz');
END
$$;

-- One string to search, words separated by spaces (a leading one too, so
-- that every word starts after a space): the reference and its eight
-- letters, each name form by part and whole, the e-mail address and its
-- domain.  Only the kanji names are free text that needs the whole
-- folding; the other columns are ASCII or full-width katakana already,
-- and corps_fold over the whole key would cost ten times more per INSERT.
-- Generated, so the public form's INSERT stays as it is and existing rows
-- are filled by this ALTER.
ALTER TABLE applications ADD COLUMN search_key text GENERATED ALWAYS AS (
	lower(' ' || reference || ' ' || substr(reference, 9) || ' ') ||
	corps_fold(family_kanji || ' ' || given_kanji || ' ' || family_kanji ||
	    given_kanji) || ' ' ||
	translate(family_kana || ' ' || given_kana || ' ' || family_kana ||
	    given_kana, U&'\3000', ' ') || ' ' ||
	lower(family_romaji || ' ' || given_romaji || ' ' || email || ' ' ||
	    split_part(email, '@', 2))
) STORED;

-- Free text: every word is a LIKE on the key, which trigrams serve (a
-- word of one or two letters is matched at the start of a key word, so
-- it still has the padded trigrams "  X" and " XY").
CREATE INDEX applications_search ON applications USING gin (search_key gin_trgm_ops);
-- Filters that are equalities, each with the default sort order behind
-- it: a page of 50 is then an index range however rare the value.
CREATE INDEX applications_status_created ON applications (status, created_at DESC, id DESC);
CREATE INDEX applications_source_created ON applications (source, created_at DESC, id DESC);
CREATE INDEX applications_ministry_created ON applications (ministry, created_at DESC, id DESC)
	WHERE ministry IS NOT NULL;
CREATE INDEX applications_prefecture_created ON applications (prefecture, created_at DESC, id DESC);
-- Operation types and fields of expertise are sets in the row.
CREATE INDEX applications_operations ON applications USING gin (operations);
CREATE INDEX applications_expertise ON applications USING gin (expertise);
-- Sorted by katakana name.
CREATE INDEX applications_kana_sort ON applications (family_kana, given_kana, id);
-- Applications by language.
CREATE INDEX application_languages_language ON application_languages (language, application_id);

-- migrate:down
DROP INDEX application_languages_language;
ALTER TABLE applications DROP COLUMN search_key;
DROP INDEX applications_status_created, applications_source_created,
	applications_ministry_created, applications_prefecture_created,
	applications_operations, applications_expertise, applications_kana_sort;
DROP FUNCTION corps_fold(text);
