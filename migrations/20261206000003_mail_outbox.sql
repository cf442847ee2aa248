-- migrate:up

-- E-mail (issue 13): every notice is a row of this outbox, written in the
-- same transaction as the event that causes it; a mailer process delivers
-- the rows over SMTP and records what became of each.  No request sends
-- mail itself, so no notice is lost when the relay, the mailer or the
-- request fails, and none is sent twice (the mailer takes rows with
-- FOR UPDATE SKIP LOCKED and marks them sent in the same transaction).
--
-- data holds the template's values (the reference, a date, the ministry's
-- names...).  A private link is a secret that is stored nowhere else in
-- clear (only its hash is): a row that carries one keeps it in data only
-- until the row is sent or has failed for good, then the mailer erases
-- it (data_secret_erased).
CREATE TABLE mail_outbox (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind		text NOT NULL CHECK (kind IN ('receipt',
			    'status_changed', 'lost_link',
			    'nomination_message', 'nomination_decision')),
	lang		text NOT NULL CHECK (lang IN ('ja', 'en')),
	-- One address, checked by the application (email.h) before it gets
	-- here; no line break can reach a header from it.
	recipient	text NOT NULL CHECK (recipient ~ '^[^\s@]+@[^\s@]+$'
			    AND char_length(recipient) <= 254),
	-- The application a notice is about.  Not a foreign key: its check
	-- would read and lock the new application in every submission (the
	-- lean insert has no foreign key for that reason), and a cached
	-- plan of the check made while the table was small scanned it whole
	-- after a bulk load.  Deleting an application deletes its notices
	-- by hand.
	application_id	bigint,
	data		jsonb NOT NULL DEFAULT '{}',
	state		text NOT NULL DEFAULT 'pending'
			    CHECK (state IN ('pending', 'sent', 'failed')),
	attempts	integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	next_attempt_at	timestamptz NOT NULL DEFAULT now(),
	last_error	text,
	created_at	timestamptz NOT NULL DEFAULT now(),
	sent_at		timestamptz,
	CHECK ((state = 'sent') = (sent_at IS NOT NULL))
);

-- Every submission inserts a row here, so the table has as few indexes as
-- will do: the primary key, which /admin/mail also reads newest first
-- (ids grow with time), and the mailer's queue of pending rows, oldest
-- due first.  The failed rows, which /admin/mail lists apart, are few and
-- indexed apart (a new row is pending: no cost to a submission).  No
-- index on application_id: deleting an application (rare) scans.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, id)
	WHERE state = 'pending';
CREATE INDEX mail_outbox_failed ON mail_outbox (id) WHERE state = 'failed';

-- A request writes a notice; it never reads, changes or deletes one.
GRANT INSERT (kind, lang, recipient, application_id, data) ON mail_outbox
	TO corps_app;

-- migrate:down
DROP TABLE mail_outbox;
