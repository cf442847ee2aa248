-- migrate:up

-- A public submission's INSERT updates fewer indexes and runs no
-- foreign-key query.  Measured with deploy/bench and callgrind on the
-- backend (README "Benchmark"): every b-tree cost about 1.5 % of a
-- submission, and the privacy notice's foreign key 5 %, more under load,
-- since each check locks the one notice row (FOR KEY SHARE, a multixact
-- and a WAL record per submission).  Now:
--   * a public application's status token is derived from its form token
--     (corps-fcgi's token_derive), so the status token's unique index
--     makes a retried form one application; the form token's own unique
--     index holds nominations only, which have no status token;
--   * a reference's eight letters are unique, in the one index that finds
--     a reference by its letters or as a whole;
--   * the privacy notices that can be consented to are an enumeration: the
--     domain privacy_version lists the published versions, and both the
--     notices and the applications hold it.  Publishing a notice is a
--     migration that adds its version to the domain and its row to
--     privacy_notices; corps-fcgi refuses to start with a
--     CORPS_PRIVACY_VERSION that has no row;
--   * the domains' checks call fewer functions.  PostgreSQL sets up every
--     function of every domain check again for each INSERT (about 1,800
--     instructions each, with its permission check), which outweighed
--     what a counted repetition costs a short regular expression: a length
--     range is one containment test of one char_length, and a phone
--     number or a postcode is one regular expression again.

ALTER TABLE applications DROP CONSTRAINT applications_form_token_hash_key;
CREATE UNIQUE INDEX applications_nomination_token ON applications
	(form_token_hash) WHERE status_token_hash IS NULL;

DROP INDEX applications_reference_letters;
ALTER TABLE applications DROP CONSTRAINT applications_reference_key;
CREATE UNIQUE INDEX applications_reference_letters ON applications
	(substr(reference, 9));

CREATE DOMAIN privacy_version AS text CHECK (VALUE IN ('2026-04'));
ALTER TABLE applications DROP CONSTRAINT applications_privacy_version_fkey,
	ALTER COLUMN privacy_version TYPE privacy_version;
ALTER TABLE privacy_notices ALTER COLUMN version TYPE privacy_version;

ALTER DOMAIN name_text DROP CONSTRAINT name_text_check;
ALTER DOMAIN name_text ADD CONSTRAINT name_text_check
	CHECK (char_length(VALUE) <@ '[1,40]'::int4range);
ALTER DOMAIN short_text DROP CONSTRAINT short_text_check;
ALTER DOMAIN short_text ADD CONSTRAINT short_text_check
	CHECK (char_length(VALUE) <@ '[1,100]'::int4range);
ALTER DOMAIN person_name DROP CONSTRAINT person_name_check;
ALTER DOMAIN person_name ADD CONSTRAINT person_name_check
	CHECK (char_length(VALUE) <@ '[1,80]'::int4range);
ALTER DOMAIN address_text DROP CONSTRAINT address_text_check;
ALTER DOMAIN address_text ADD CONSTRAINT address_text_check
	CHECK (char_length(VALUE) <@ '[1,200]'::int4range);
ALTER DOMAIN email_address DROP CONSTRAINT email_address_check;
ALTER DOMAIN email_address ADD CONSTRAINT email_address_check
	CHECK (char_length(VALUE) <@ '[3,254]'::int4range);
ALTER DOMAIN phone_number DROP CONSTRAINT phone_number_check;
ALTER DOMAIN phone_number ADD CONSTRAINT phone_number_check
	CHECK (VALUE ~ '^(0[0-9]{9,10}|\+[1-9][0-9]{7,14})$');
ALTER DOMAIN postcode DROP CONSTRAINT postcode_check;
ALTER DOMAIN postcode ADD CONSTRAINT postcode_check
	CHECK (VALUE ~ '^[0-9]{7}$');

-- migrate:down

ALTER DOMAIN postcode DROP CONSTRAINT postcode_check;
ALTER DOMAIN postcode ADD CONSTRAINT postcode_check
	CHECK (VALUE ~ '^[0-9]+$' AND octet_length(VALUE) = 7);
ALTER DOMAIN phone_number DROP CONSTRAINT phone_number_check;
ALTER DOMAIN phone_number ADD CONSTRAINT phone_number_check
	CHECK ((VALUE ~ '^0[0-9]+$' AND octet_length(VALUE) BETWEEN 10 AND 11)
	    OR (VALUE ~ '^\+[1-9][0-9]+$' AND octet_length(VALUE) BETWEEN 9 AND 16));
ALTER DOMAIN email_address DROP CONSTRAINT email_address_check;
ALTER DOMAIN email_address ADD CONSTRAINT email_address_check
	CHECK (char_length(VALUE) BETWEEN 3 AND 254);
ALTER DOMAIN address_text DROP CONSTRAINT address_text_check;
ALTER DOMAIN address_text ADD CONSTRAINT address_text_check
	CHECK (char_length(VALUE) BETWEEN 1 AND 200);
ALTER DOMAIN person_name DROP CONSTRAINT person_name_check;
ALTER DOMAIN person_name ADD CONSTRAINT person_name_check
	CHECK (char_length(VALUE) BETWEEN 1 AND 80);
ALTER DOMAIN short_text DROP CONSTRAINT short_text_check;
ALTER DOMAIN short_text ADD CONSTRAINT short_text_check
	CHECK (char_length(VALUE) BETWEEN 1 AND 100);
ALTER DOMAIN name_text DROP CONSTRAINT name_text_check;
ALTER DOMAIN name_text ADD CONSTRAINT name_text_check
	CHECK (char_length(VALUE) BETWEEN 1 AND 40);

ALTER TABLE privacy_notices ALTER COLUMN version TYPE text;
ALTER TABLE applications ALTER COLUMN privacy_version TYPE text,
	ADD CONSTRAINT applications_privacy_version_fkey
	FOREIGN KEY (privacy_version) REFERENCES privacy_notices (version);
DROP DOMAIN privacy_version;

DROP INDEX applications_reference_letters;
ALTER TABLE applications ADD CONSTRAINT applications_reference_key
	UNIQUE (reference);
CREATE INDEX applications_reference_letters ON applications
	(substr(reference, 9));

DROP INDEX applications_nomination_token;
ALTER TABLE applications ADD CONSTRAINT applications_form_token_hash_key
	UNIQUE (form_token_hash);
