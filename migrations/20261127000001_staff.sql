-- migrate:up

-- Central ministries and agencies that second staff to the Corps.
CREATE TABLE ministries (
	code	text PRIMARY KEY CHECK (code ~ '^[A-Z]{2,8}$'),
	name_ja	text NOT NULL UNIQUE CHECK (char_length(name_ja) BETWEEN 1 AND 100),
	name_en	text NOT NULL UNIQUE CHECK (char_length(name_en) BETWEEN 1 AND 100)
);

INSERT INTO ministries (code, name_ja, name_en) VALUES
	('CAO', '内閣府', 'Cabinet Office'),
	('MOFA', '外務省', 'Ministry of Foreign Affairs'),
	('MOD', '防衛省', 'Ministry of Defense'),
	('NPA', '警察庁', 'National Police Agency'),
	('MOJ', '法務省', 'Ministry of Justice'),
	('MHLW', '厚生労働省', 'Ministry of Health, Labour and Welfare'),
	('MLIT', '国土交通省', 'Ministry of Land, Infrastructure, Transport and Tourism'),
	('MIC', '総務省', 'Ministry of Internal Affairs and Communications'),
	('MOF', '財務省', 'Ministry of Finance'),
	('MEXT', '文部科学省', 'Ministry of Education, Culture, Sports, Science and Technology'),
	('MAFF', '農林水産省', 'Ministry of Agriculture, Forestry and Fisheries'),
	('METI', '経済産業省', 'Ministry of Economy, Trade and Industry'),
	('MOE', '環境省', 'Ministry of the Environment'),
	('JCG', '海上保安庁', 'Japan Coast Guard'),
	('FDMA', '消防庁', 'Fire and Disaster Management Agency');

-- A seconded nomination belongs to one ministry; a public application to none.
ALTER TABLE applications ADD COLUMN ministry text REFERENCES ministries (code);
ALTER TABLE applications ADD CONSTRAINT applications_source_ministry
	CHECK ((source = 'seconded') = (ministry IS NOT NULL));

CREATE DOMAIN staff_role AS text CHECK (VALUE IN ('admin', 'reviewer', 'ministry'));

CREATE TABLE staff_accounts (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	login		text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9][a-z0-9._-]{2,31}$'),
	role		staff_role NOT NULL,
	ministry	text REFERENCES ministries (code),
	password_hash	text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
	disabled_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	-- A liaison officer is bound to exactly one ministry; no one else is.
	CHECK ((role = 'ministry') = (ministry IS NOT NULL))
);

-- Only the hash of a session token is stored: a copy of this table does
-- not let anyone sign in.
CREATE TABLE staff_sessions (
	token_hash	token_hash PRIMARY KEY,
	account_id	bigint NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
	client_addr	inet,
	created_at	timestamptz NOT NULL DEFAULT now(),
	last_seen	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_sessions_account ON staff_sessions (account_id);

-- Failed sign-ins per account ('account:LOGIN') and per client address
-- ('addr:ADDRESS'): the basis of the slow-down and the lock.
CREATE TABLE login_throttle (
	key		text PRIMARY KEY CHECK (char_length(key) <= 200),
	failures	integer NOT NULL CHECK (failures >= 0),
	last_failure	timestamptz NOT NULL
);

-- Append-only: corps_app may INSERT and SELECT, nothing else.
CREATE TABLE audit_log (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at		timestamptz NOT NULL DEFAULT now(),
	account_id	bigint REFERENCES staff_accounts (id),
	login		text NOT NULL CHECK (char_length(login) <= 64),
	action		text NOT NULL CHECK (action ~ '^[a-z_.]{1,40}$'),
	object_type	text CHECK (char_length(object_type) <= 40),
	object_id	text CHECK (char_length(object_id) <= 64),
	client_addr	inet,
	before		jsonb,
	after		jsonb
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_account ON audit_log (account_id, at DESC);
CREATE INDEX audit_log_action ON audit_log (action, at DESC);

-- The state machine: every allowed change of an application's status.
-- The code has the same table (src/status.c); the database refuses any
-- other change, whoever makes it.
CREATE TABLE application_transitions (
	from_status	application_status NOT NULL,
	to_status	application_status NOT NULL,
	PRIMARY KEY (from_status, to_status)
);
INSERT INTO application_transitions (from_status, to_status) VALUES
	('submitted', 'screening'), ('submitted', 'withdrawn'),
	('screening', 'accepted'), ('screening', 'rejected'),
	('screening', 'withdrawn');

CREATE FUNCTION applications_check_transition() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT FROM application_transitions
	    WHERE from_status = OLD.status AND to_status = NEW.status) THEN
		RAISE EXCEPTION 'status change % -> % is not allowed',
		    OLD.status, NEW.status USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER applications_transition BEFORE UPDATE OF status ON applications
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
	EXECUTE FUNCTION applications_check_transition();

-- Who changed a status (NULL: the applicant), and why; a rejection needs
-- a reason.
ALTER TABLE application_status_history
	ADD COLUMN account_id bigint REFERENCES staff_accounts (id),
	ADD CONSTRAINT application_status_history_reason
	CHECK (to_status <> 'rejected' OR reason <> '');

-- Internal notes of the Secretariat on an application.
CREATE TABLE application_notes (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	application_id	bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	account_id	bigint NOT NULL REFERENCES staff_accounts (id),
	body		text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
	at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_notes_app ON application_notes (application_id, at);

GRANT SELECT ON ministries, application_transitions TO corps_app;
GRANT SELECT, INSERT, UPDATE ON staff_accounts TO corps_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON staff_sessions, login_throttle TO corps_app;
GRANT SELECT, INSERT ON audit_log, application_notes TO corps_app;

-- migrate:down
DROP TABLE application_notes;
ALTER TABLE application_status_history
	DROP CONSTRAINT application_status_history_reason,
	DROP COLUMN account_id;
DROP TRIGGER applications_transition ON applications;
DROP FUNCTION applications_check_transition();
DROP TABLE application_transitions, audit_log, login_throttle, staff_sessions,
	staff_accounts;
DROP DOMAIN staff_role;
ALTER TABLE applications DROP CONSTRAINT applications_source_ministry,
	DROP COLUMN ministry;
DROP TABLE ministries;
