-- migrate:up

-- A submission writes one row and its index entries, and nothing that can
-- be derived from that row.  Measured with callgrind on the backend that
-- serves POST /apply (instructions per submission, README "Benchmark"):
-- of 1.37 million, the first history row cost 15 %, the stored duplicate
-- links 9 %, and the table CHECKs 16 %, since PostgreSQL 15 reads every
-- table CHECK's stored expression back from text and compiles it for each
-- INSERT (a domain's check is read once per connection).  Now:
--   * the submission is the first event of the history: the view
--     application_history adds it, from the row, to the stored changes;
--   * possible duplicates are the view application_duplicates, found by
--     the two indexes that found them before; both applications list each
--     other, and one submitted later shows at once;
--   * single-column rules are domains; the row's cross-column rules are
--     one function, so the CHECK that calls it is a few nodes long;
--   * the format domains say the same without counted repetitions, which
--     PostgreSQL's regular expressions run two to eight times slower
--     (a length check bounds the count instead).

ALTER DOMAIN kana_name DROP CONSTRAINT kana_name_check;
ALTER DOMAIN kana_name ADD CONSTRAINT kana_name_check
	CHECK (VALUE ~ '^[ァ-ヺー・　]+$' AND char_length(VALUE) <= 40);
ALTER DOMAIN romaji_name DROP CONSTRAINT romaji_name_check;
ALTER DOMAIN romaji_name ADD CONSTRAINT romaji_name_check
	CHECK (VALUE ~ '^[A-Z][A-Z -]*$' AND char_length(VALUE) <= 40);
ALTER DOMAIN phone_number DROP CONSTRAINT phone_number_check;
ALTER DOMAIN phone_number ADD CONSTRAINT phone_number_check
	CHECK ((VALUE ~ '^0[0-9]+$' AND octet_length(VALUE) BETWEEN 10 AND 11)
	    OR (VALUE ~ '^\+[1-9][0-9]+$' AND octet_length(VALUE) BETWEEN 9 AND 16));
ALTER DOMAIN postcode DROP CONSTRAINT postcode_check;
ALTER DOMAIN postcode ADD CONSTRAINT postcode_check
	CHECK (VALUE ~ '^[0-9]+$' AND octet_length(VALUE) = 7);
ALTER DOMAIN application_reference DROP CONSTRAINT application_reference_check;
ALTER DOMAIN application_reference ADD CONSTRAINT application_reference_check
	CHECK (VALUE ~ '^PC-[0-9][0-9][0-9][0-9]-[0-9A-Z]+$'
	    AND octet_length(VALUE) = 16);

CREATE DOMAIN birth_date AS date CHECK (VALUE >= '1900-01-01');
CREATE DOMAIN month_count AS smallint CHECK (VALUE BETWEEN 1 AND 60);
-- A box the applicant must tick: only true is stored.
CREATE DOMAIN affirmed AS boolean CHECK (VALUE);

-- The row's cross-column rules: the other language's name is given with
-- its level and only then; a nomination names its ministry, and a public
-- application names none and has every field the public form requires.
-- PL/pgSQL, so that it is compiled once per connection, not inlined into
-- every INSERT's plan.
CREATE FUNCTION applications_coherent(a applications) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	RETURN (a.language_other IS NOT NULL) = (a.languages &&
	    '{other:basic,other:working,other:fluent,other:native}'::text[])
	    AND CASE WHEN a.source = 'seconded' THEN a.ministry IS NOT NULL
	    ELSE a.ministry IS NULL AND num_nulls(a.status_token_hash,
		a.postcode, a.prefecture, a.address, a.emergency_name,
		a.emergency_relation, a.emergency_phone) = 0 END;
END
$$;

ALTER TABLE applications
	DROP CONSTRAINT applications_fields,
	DROP CONSTRAINT applications_birth_date_check,
	DROP CONSTRAINT applications_max_months_check,
	DROP CONSTRAINT applications_declaration_check,
	DROP CONSTRAINT applications_japanese_national_check,
	ALTER COLUMN birth_date TYPE birth_date,
	ALTER COLUMN max_months TYPE month_count,
	ALTER COLUMN declaration TYPE affirmed,
	ALTER COLUMN japanese_national TYPE affirmed,
	ADD CONSTRAINT applications_fields CHECK (applications_coherent(applications));

-- Possible duplicates: the same e-mail key, or the same katakana key and
-- date of birth (both folded by the writer).
DROP TABLE application_duplicates;
CREATE VIEW application_duplicates AS
	SELECT a.id AS application_id, o.id AS other_id,
	    'email'::duplicate_reason AS reason
	FROM applications a JOIN applications o ON o.email_key = a.email_key
	    AND o.id <> a.id
	UNION ALL
	SELECT a.id, o.id, 'kana_birth'::duplicate_reason
	FROM applications a JOIN applications o ON o.kana_key = a.kana_key
	    AND o.birth_date = a.birth_date AND o.id <> a.id;

-- The history: the submission (by the applicant, or by the liaison who
-- nominated), then each stored change, which always has a from-status.
DELETE FROM application_status_history WHERE from_status IS NULL;
ALTER TABLE application_status_history ALTER COLUMN from_status SET NOT NULL;
CREATE VIEW application_history AS
	SELECT a.id AS application_id, 0::bigint AS id,
	    NULL::application_status AS from_status,
	    'submitted'::application_status AS to_status,
	    CASE WHEN a.source = 'seconded' THEN 'ministry' ELSE 'applicant'
		END AS actor, ''::long_text AS reason, a.created_at AS at,
	    n.account_id
	FROM applications a LEFT JOIN nominations n ON n.application_id = a.id
	UNION ALL
	SELECT application_id, id, from_status, to_status, actor, reason, at,
	    account_id
	FROM application_status_history;
GRANT SELECT ON application_duplicates, application_history TO corps_app;

-- migrate:down

DROP VIEW application_history;
ALTER TABLE application_status_history ALTER COLUMN from_status DROP NOT NULL;
INSERT INTO application_status_history (application_id, to_status, actor,
    at, account_id)
	SELECT a.id, 'submitted', CASE WHEN a.source = 'seconded' THEN
	    'ministry' ELSE 'applicant' END, a.created_at, n.account_id
	FROM applications a LEFT JOIN nominations n ON n.application_id = a.id;

DROP VIEW application_duplicates;
CREATE TABLE application_duplicates (
	application_id	bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	other_id	bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	reason		duplicate_reason NOT NULL,
	PRIMARY KEY (application_id, other_id, reason),
	CHECK (application_id <> other_id)
);
CREATE INDEX application_duplicates_other ON application_duplicates (other_id);
INSERT INTO application_duplicates
	SELECT a.id, o.id, 'email' FROM applications a JOIN applications o
	    ON o.email_key = a.email_key AND o.id < a.id
	UNION ALL
	SELECT a.id, o.id, 'kana_birth' FROM applications a JOIN applications o
	    ON o.kana_key = a.kana_key AND o.birth_date = a.birth_date
	    AND o.id < a.id;
GRANT SELECT, INSERT ON application_duplicates TO corps_app;

ALTER TABLE applications
	DROP CONSTRAINT applications_fields,
	ALTER COLUMN birth_date TYPE date,
	ALTER COLUMN max_months TYPE smallint,
	ALTER COLUMN declaration TYPE boolean,
	ALTER COLUMN japanese_national TYPE boolean,
	ADD CONSTRAINT applications_birth_date_check CHECK (birth_date >= '1900-01-01'),
	ADD CONSTRAINT applications_max_months_check CHECK (max_months BETWEEN 1 AND 60),
	ADD CONSTRAINT applications_declaration_check CHECK (declaration),
	ADD CONSTRAINT applications_japanese_national_check CHECK (japanese_national),
	ADD CONSTRAINT applications_fields CHECK ((language_other IS NOT NULL) =
	    (languages && '{other:basic,other:working,other:fluent,other:native}')
	    AND CASE WHEN source = 'seconded' THEN ministry IS NOT NULL
	    ELSE ministry IS NULL AND num_nulls(status_token_hash, postcode,
		prefecture, address, emergency_name, emergency_relation,
		emergency_phone) = 0 END);
DROP FUNCTION applications_coherent(applications);
DROP DOMAIN birth_date, month_count, affirmed;

ALTER DOMAIN kana_name DROP CONSTRAINT kana_name_check;
ALTER DOMAIN kana_name ADD CONSTRAINT kana_name_check
	CHECK (VALUE ~ '^[ァ-ヺー・　]{1,40}$');
ALTER DOMAIN romaji_name DROP CONSTRAINT romaji_name_check;
ALTER DOMAIN romaji_name ADD CONSTRAINT romaji_name_check
	CHECK (VALUE ~ '^[A-Z][A-Z -]{0,39}$');
ALTER DOMAIN phone_number DROP CONSTRAINT phone_number_check;
ALTER DOMAIN phone_number ADD CONSTRAINT phone_number_check
	CHECK (VALUE ~ '^(0[0-9]{9,10}|\+[1-9][0-9]{7,14})$');
ALTER DOMAIN postcode DROP CONSTRAINT postcode_check;
ALTER DOMAIN postcode ADD CONSTRAINT postcode_check
	CHECK (VALUE ~ '^[0-9]{7}$');
ALTER DOMAIN application_reference DROP CONSTRAINT application_reference_check;
ALTER DOMAIN application_reference ADD CONSTRAINT application_reference_check
	CHECK (VALUE ~ '^PC-[0-9]{4}-[0-9A-Z]{8}$');
