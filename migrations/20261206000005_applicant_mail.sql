-- migrate:up

-- Applicants' notices (issue 13): the decision notice, the opt-out and
-- the lost-link page.

-- An applicant may opt out, on their status page, of every mail but the
-- receipt and the lost link (which they ask for themselves).
ALTER TABLE applications ADD COLUMN mail_opt_out boolean NOT NULL
	DEFAULT false;
GRANT UPDATE (mail_opt_out, status_token_hash) ON applications TO corps_app;

-- A public application's first status token is derived from its form
-- token, and the status token's unique index is what makes a retried
-- form one application (migration 20261130000001).  The lost-link page
-- replaces the status token with a random one; the hash it replaced is
-- kept here, and a submission whose status token hash is here inserts
-- nothing, so a resubmitted old form cannot become a second application.
-- One row per link replaced: a small table, probed once per submission.
CREATE TABLE retired_status_tokens (
	hash	token_hash PRIMARY KEY
);
GRANT SELECT, INSERT ON retired_status_tokens TO corps_app;

-- The lost-link page's requests per e-mail address and per reference in
-- the current window.  The key is a hash of the kind and the value, so no
-- address or reference is stored here in clear.
CREATE TABLE lost_link_throttle (
	key		token_hash PRIMARY KEY,
	requests	integer NOT NULL CHECK (requests >= 0),
	since		timestamptz NOT NULL
);
GRANT SELECT, INSERT, DELETE, UPDATE (requests, since) ON lost_link_throttle
	TO corps_app;

-- migrate:down
DROP TABLE lost_link_throttle;
DROP TABLE retired_status_tokens;
REVOKE UPDATE (status_token_hash) ON applications FROM corps_app;
ALTER TABLE applications DROP COLUMN mail_opt_out;
