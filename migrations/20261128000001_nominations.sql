-- migrate:up

-- Nominations by seconding ministries.  A nomination is an application
-- with source 'seconded': the same row, list, filters, state machine,
-- notes and audit as a public application.  What only a nomination has
-- lives in the tables below; what only the public form asks (address,
-- emergency contact, the private status link) may be empty for it.

ALTER TABLE applications
	ALTER COLUMN status_token_hash DROP NOT NULL,
	ALTER COLUMN postcode DROP NOT NULL,
	ALTER COLUMN prefecture DROP NOT NULL,
	ALTER COLUMN address DROP NOT NULL,
	ALTER COLUMN emergency_name DROP NOT NULL,
	ALTER COLUMN emergency_relation DROP NOT NULL,
	ALTER COLUMN emergency_phone DROP NOT NULL;

-- One constraint for the whole rule, so that a public INSERT evaluates
-- one expression as before.
ALTER TABLE applications DROP CONSTRAINT applications_source_ministry,
	ADD CONSTRAINT applications_source_fields CHECK (CASE
	    WHEN source = 'seconded' THEN ministry IS NOT NULL
	    ELSE ministry IS NULL AND status_token_hash IS NOT NULL
		AND postcode IS NOT NULL AND prefecture IS NOT NULL
		AND address IS NOT NULL AND emergency_name IS NOT NULL
		AND emergency_relation IS NOT NULL
		AND emergency_phone IS NOT NULL END);

CREATE DOMAIN short_text AS text CHECK (char_length(VALUE) BETWEEN 1 AND 100);

-- What the ministry says about the officer it nominates.
CREATE TABLE nominations (
	application_id	bigint PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
	-- The liaison officer who submitted it.
	account_id	bigint NOT NULL REFERENCES staff_accounts (id),
	department	short_text NOT NULL,
	post		short_text NOT NULL,
	grade		short_text NOT NULL,
	period_start	date NOT NULL,
	period_end	date NOT NULL,
	supervisor_name	person_name NOT NULL,
	supervisor_title short_text NOT NULL,
	-- The date the officer consented to the nomination.
	consent_date	date NOT NULL,
	CHECK (period_end > period_start)
);

-- The ministry's nomination letter (required), a PDF as the CV is.
CREATE TABLE nomination_letters (
	application_id	bigint PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
	filename	text NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 200),
	content		bytea NOT NULL CHECK (octet_length(content) BETWEEN 5 AND 5242880
			    AND substring(content FROM 1 FOR 5) = '\x255044462d'::bytea)
);

-- Messages from the Secretariat to the nominating ministry: unlike the
-- internal notes, the liaison officers read these.
CREATE TABLE nomination_messages (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	application_id	bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	account_id	bigint NOT NULL REFERENCES staff_accounts (id),
	body		text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
	at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX nomination_messages_app ON nomination_messages (application_id, at);

-- Administrators add ministries and correct their names; a code is
-- referenced by accounts and applications and never changes.
GRANT INSERT, UPDATE (name_ja, name_en) ON ministries TO corps_app;
GRANT SELECT, INSERT ON nominations, nomination_letters, nomination_messages TO corps_app;

-- migrate:down
REVOKE INSERT, UPDATE (name_ja, name_en) ON ministries FROM corps_app;
DROP TABLE nomination_messages, nomination_letters, nominations;
DROP DOMAIN short_text;
ALTER TABLE applications DROP CONSTRAINT applications_source_fields,
	ADD CONSTRAINT applications_source_ministry
	CHECK ((source = 'seconded') = (ministry IS NOT NULL));
ALTER TABLE applications
	ALTER COLUMN status_token_hash SET NOT NULL,
	ALTER COLUMN postcode SET NOT NULL,
	ALTER COLUMN prefecture SET NOT NULL,
	ALTER COLUMN address SET NOT NULL,
	ALTER COLUMN emergency_name SET NOT NULL,
	ALTER COLUMN emergency_relation SET NOT NULL,
	ALTER COLUMN emergency_phone SET NOT NULL;
