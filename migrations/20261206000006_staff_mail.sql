-- migrate:up

-- Staff e-mail (issue 13): an account may have an address, to which the
-- liaison officers' notices go (a message from the Secretariat about a
-- nomination, a decision on one), in the account's language.  The
-- address is checked by the application (email.h) as the apply form's
-- are; the check here refuses anything that could carry a line break or
-- a second address into a mail header.
ALTER TABLE staff_accounts
	ADD COLUMN email text CHECK (email ~ '^[^\s@]+@[^\s@]+$'
	    AND char_length(email) <= 254),
	ADD COLUMN lang text NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en'));

-- A new account names them; nothing changes them afterwards (yet).
GRANT INSERT (email, lang) ON staff_accounts TO corps_app;

-- /admin/mail: the queue without a row's data (which may hold a private
-- link), and a resend of a failed row: pending again, due now, its
-- attempts and error cleared.
GRANT SELECT (id, kind, recipient, state, attempts, next_attempt_at,
	last_error, created_at, sent_at) ON mail_outbox TO corps_app;
GRANT UPDATE (state, attempts, next_attempt_at, last_error) ON mail_outbox
	TO corps_app;

-- migrate:down
REVOKE UPDATE (state, attempts, next_attempt_at, last_error) ON mail_outbox
	FROM corps_app;
REVOKE SELECT (id, kind, recipient, state, attempts, next_attempt_at,
	last_error, created_at, sent_at) ON mail_outbox FROM corps_app;
ALTER TABLE staff_accounts DROP COLUMN lang, DROP COLUMN email;
