-- migrate:up

-- One index finds applications for the reviewer's list, and the public
-- form's INSERT pays for as little as the list needs.  Measured with
-- deploy/bench (README "Benchmark"): of the list's first design, the
-- generated search key cost its expression read back and run on every
-- INSERT, three GIN and five b-tree indexes one insertion each, and every
-- language a child row with its own foreign-key check.  Now:
--   * the search key holds the names only, and is a plain column that the
--     writer fills (corps-fcgi with text_fold(), SQL writers with
--     corps_search_key() below: the two agree, and an integration test
--     holds them to it); a reference is found by its unique index or by
--     its own eight letters, an e-mail address by the duplicate check's;
--   * languages and their levels are a set in the row, 'code:level', as
--     fields of expertise and operation types already are;
--   * one GIN index over the key's trigrams and every set-valued or
--     many-valued filter (btree_gin for the prefecture), which also
--     intersects several filters in one index scan (the sets add little
--     to an INSERT: a few keys each);
--   * a prefecture is checked by its domain: the 47 are fixed by law, and
--     a foreign key cost a lookup per INSERT.

CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE DOMAIN language_set AS text[] CHECK (VALUE <@ ARRAY[
	'en:basic', 'en:working', 'en:fluent', 'en:native',
	'fr:basic', 'fr:working', 'fr:fluent', 'fr:native',
	'es:basic', 'es:working', 'es:fluent', 'es:native',
	'ar:basic', 'ar:working', 'ar:fluent', 'ar:native',
	'ru:basic', 'ru:working', 'ru:fluent', 'ru:native',
	'zh:basic', 'zh:working', 'zh:fluent', 'zh:native',
	'other:basic', 'other:working', 'other:fluent', 'other:native']::text[]);
CREATE DOMAIN prefecture_code AS smallint CHECK (VALUE BETWEEN 1 AND 47);

-- The search key: each name form by part and whole, words separated by
-- spaces with one before the first (so that a word of one or two letters,
-- which has no trigram of its own, is matched at the start of a key
-- word); folded as text_fold() folds.  The reference and the e-mail
-- address are found by b-tree indexes instead: in the key they more than
-- doubled the trigrams every submission adds (deploy/bench).
CREATE FUNCTION corps_search_key(family_kanji text, given_kanji text,
    family_kana text, given_kana text, family_romaji text,
    given_romaji text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ' ' || corps_fold(family_kanji || ' ' || given_kanji || ' ' ||
    family_kanji || given_kanji || ' ' || family_kana || ' ' || given_kana ||
    ' ' || family_kana || given_kana || ' ' || family_romaji || ' ' ||
    given_romaji);

ALTER TABLE applications DROP COLUMN search_key;
ALTER TABLE applications
	ADD COLUMN search_key text NOT NULL DEFAULT '',
	ADD COLUMN languages language_set NOT NULL DEFAULT '{}',
	ADD COLUMN language_other name_text,
	DROP CONSTRAINT applications_prefecture_fkey,
	ALTER COLUMN prefecture TYPE prefecture_code;
UPDATE applications SET search_key = corps_search_key(family_kanji,
    given_kanji, family_kana, given_kana, family_romaji, given_romaji);
UPDATE applications a SET languages = l.languages, language_other = l.other
	FROM (SELECT application_id, array_agg(language || ':' || level
	    ORDER BY language) AS languages, max(other_name) AS other
	    FROM application_languages GROUP BY application_id) l
	WHERE l.application_id = a.id;
-- Every writer names the key.
ALTER TABLE applications ALTER COLUMN search_key DROP DEFAULT;
DROP TABLE application_languages;

-- Still one CHECK for the row's cross-column rules, kept small: an
-- INSERT reads each table CHECK's stored expression back.
ALTER TABLE applications DROP CONSTRAINT applications_source_fields,
	ADD CONSTRAINT applications_fields CHECK ((language_other IS NOT NULL) =
	    (languages && '{other:basic,other:working,other:fluent,other:native}')
	    AND CASE WHEN source = 'seconded' THEN ministry IS NOT NULL
	    ELSE ministry IS NULL AND num_nulls(status_token_hash, postcode,
		prefecture, address, emergency_name, emergency_relation,
		emergency_phone) = 0 END);

DROP INDEX applications_operations, applications_expertise,
	applications_source_created, applications_prefecture_created;
CREATE INDEX applications_find ON applications USING gin (
	search_key gin_trgm_ops, operations, expertise, languages, prefecture);
-- A reference's own eight letters, as a reviewer reads them out.
CREATE INDEX applications_reference_letters ON applications (substr(reference, 9));

-- migrate:down
DROP INDEX applications_find, applications_reference_letters;
CREATE INDEX applications_operations ON applications USING gin (operations);
CREATE INDEX applications_expertise ON applications USING gin (expertise);
CREATE INDEX applications_source_created ON applications (source, created_at DESC, id DESC);
CREATE INDEX applications_prefecture_created ON applications (prefecture, created_at DESC, id DESC);
CREATE TABLE application_languages (
	application_id	bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	language	language_code NOT NULL,
	level		language_level NOT NULL,
	other_name	name_text,
	PRIMARY KEY (application_id, language),
	CHECK ((language = 'other') = (other_name IS NOT NULL))
);
INSERT INTO application_languages
	SELECT a.id, split_part(l, ':', 1), split_part(l, ':', 2),
	    CASE WHEN l LIKE 'other:%' THEN a.language_other END
	FROM applications a, unnest(a.languages) AS l;
CREATE INDEX application_languages_language ON application_languages (language, application_id);
GRANT SELECT, INSERT ON application_languages TO corps_app;
ALTER TABLE applications DROP CONSTRAINT applications_fields,
	ADD CONSTRAINT applications_source_fields CHECK (CASE
	    WHEN source = 'seconded' THEN ministry IS NOT NULL
	    ELSE ministry IS NULL AND status_token_hash IS NOT NULL
		AND postcode IS NOT NULL AND prefecture IS NOT NULL
		AND address IS NOT NULL AND emergency_name IS NOT NULL
		AND emergency_relation IS NOT NULL
		AND emergency_phone IS NOT NULL END);
ALTER TABLE applications DROP COLUMN languages, DROP COLUMN language_other,
	DROP COLUMN search_key,
	ALTER COLUMN prefecture TYPE smallint,
	ADD CONSTRAINT applications_prefecture_fkey FOREIGN KEY (prefecture)
	    REFERENCES prefectures (code);
ALTER TABLE applications ADD COLUMN search_key text GENERATED ALWAYS AS (
	lower(' ' || reference || ' ' || substr(reference, 9) || ' ') ||
	corps_fold(family_kanji || ' ' || given_kanji || ' ' || family_kanji ||
	    given_kanji) || ' ' ||
	translate(family_kana || ' ' || given_kana || ' ' || family_kana ||
	    given_kana, U&'\3000', ' ') || ' ' ||
	lower(family_romaji || ' ' || given_romaji || ' ' || email || ' ' ||
	    split_part(email, '@', 2))
) STORED;
CREATE INDEX applications_search ON applications USING gin (search_key gin_trgm_ops);
DROP FUNCTION corps_search_key(text, text, text, text, text, text);
DROP DOMAIN language_set, prefecture_code;
