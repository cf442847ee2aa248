-- migrate:up

-- The mailer (corps-mailer, issue 13) delivers mail_outbox as the role
-- corps_mailer, created with corps_app by deploy/lib.sh: it reads the
-- queue and records what became of each row, nothing else.  FOR UPDATE
-- needs an UPDATE privilege, which it has on these columns only.
GRANT SELECT ON mail_outbox TO corps_mailer;
GRANT UPDATE (state, attempts, next_attempt_at, last_error, sent_at, data)
	ON mail_outbox TO corps_mailer;

-- The key of the keyed hash in every Message-ID
-- (<corps.outbox.ID.HASH@domain>): the same for a row whatever mailer
-- sends it, after any restart, yet not guessable from the row's id.
-- gen_random_uuid() draws from the server's strong random source.
CREATE TABLE mail_key (
	only_one	boolean PRIMARY KEY DEFAULT true CHECK (only_one),
	key		bytea NOT NULL CHECK (length(key) = 32)
);
INSERT INTO mail_key (key) SELECT uuid_send(gen_random_uuid()) ||
	uuid_send(gen_random_uuid());
GRANT SELECT ON mail_key TO corps_mailer;

-- A new row wakes the mailers that LISTEN on corps_mail_outbox (NOTIFY
-- is delivered when the transaction commits, so a rolled-back insert
-- wakes nobody).  But PostgreSQL serialises the commits of every
-- transaction that notifies on one global lock, flush to disk included:
-- a NOTIFY in every submission cut deploy/bench's submissions from about
-- 2,500 to 270 per second.  So only one transaction at a time notifies:
-- the one that gets this advisory lock; the others' rows are taken by the
-- mailer that this one wakes, or by the next wake-up or poll (a row
-- committed just after a mailer looked waits for that, in the rare case
-- that another submission was committing at the same time).
CREATE FUNCTION mail_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF pg_try_advisory_xact_lock(hashtext('corps.mail_outbox_notify')) THEN
		NOTIFY corps_mail_outbox;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER mail_outbox_notify AFTER INSERT ON mail_outbox
	FOR EACH STATEMENT EXECUTE FUNCTION mail_outbox_notify();

-- migrate:down
DROP TRIGGER mail_outbox_notify ON mail_outbox;
DROP FUNCTION mail_outbox_notify();
DROP TABLE mail_key;
REVOKE ALL ON mail_outbox FROM corps_mailer;
