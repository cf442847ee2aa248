-- migrate:up

-- The application's role gets what its statements use and nothing else
-- (issue 12, defect 8).  corps_app could UPDATE every column of
-- applications and of staff_accounts, an account's role and ministry
-- among them: a hole anywhere in the application would have let it make
-- a reviewer an administrator or rewrite what an applicant submitted.
-- Now it may update only the columns that src/stmt.c writes.  A new
-- statement that writes another column needs a migration granting it;
-- tests/integration/privileges.test.mjs lists what is granted.
--
-- Triggers and foreign keys: applications_transition (BEFORE UPDATE OF
-- status) runs as the role that fires it and only reads
-- application_transitions, which stays readable; foreign keys are checked
-- as the tables' owner.

-- A status change: the status, the row's version and when.
REVOKE UPDATE ON applications FROM corps_app;
GRANT UPDATE (status, version, updated_at) ON applications TO corps_app;

-- New accounts name their login, role, ministry and password hash; never
-- born disabled or back-dated.  Afterwards: a new password (or a rehash)
-- and disabling.  Role, ministry and login never change.
REVOKE INSERT, UPDATE ON staff_accounts FROM corps_app;
GRANT INSERT (login, role, ministry, password_hash) ON staff_accounts
	TO corps_app;
GRANT UPDATE (password_hash, disabled_at, updated_at) ON staff_accounts
	TO corps_app;

-- A session's last request; nothing else of a session changes.
REVOKE UPDATE ON staff_sessions FROM corps_app;
GRANT UPDATE (last_seen) ON staff_sessions TO corps_app;

-- The sign-in counters.
REVOKE UPDATE ON login_throttle FROM corps_app;
GRANT UPDATE (failures, last_failure) ON login_throttle TO corps_app;

-- Read by no statement: the history through the view application_history
-- (which reads with its owner's rights), the prefectures only through a
-- foreign key.
REVOKE SELECT ON application_status_history, prefectures FROM corps_app;

-- migrate:down

GRANT SELECT ON application_status_history, prefectures TO corps_app;
REVOKE UPDATE (failures, last_failure) ON login_throttle FROM corps_app;
GRANT UPDATE ON login_throttle TO corps_app;
REVOKE UPDATE (last_seen) ON staff_sessions FROM corps_app;
GRANT UPDATE ON staff_sessions TO corps_app;
REVOKE INSERT (login, role, ministry, password_hash),
	UPDATE (password_hash, disabled_at, updated_at) ON staff_accounts
	FROM corps_app;
GRANT INSERT, UPDATE ON staff_accounts TO corps_app;
REVOKE UPDATE (status, version, updated_at) ON applications FROM corps_app;
GRANT UPDATE ON applications TO corps_app;
