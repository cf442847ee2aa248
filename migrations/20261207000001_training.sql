-- migrate:up

-- Pre-deployment training (issue 14): courses, their sessions, who is
-- enrolled in which, what they achieved, and the certificates that the
-- implementation plans will require.  The rules that matter live here,
-- so that no path through the application (a page, a bulk action, two
-- reviewers at once) can break them:
--   * only accepted people are enrolled;
--   * a session never has more people enrolled than its capacity: an
--     enrolment takes the session's row lock, and beyond capacity joins
--     the waitlist, in the order of arrival;
--   * a freed seat goes to the first on the waitlist in the same
--     transaction, and that person is told;
--   * nobody is enrolled twice in a session, in two sessions whose times
--     overlap (exclusion constraint), or in a second session of a course
--     while one is open;
--   * a pass makes a certificate whose expiry the database computes.
-- The application calls training_enrol() to enrol; the triggers keep the
-- rest true whoever writes.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Instructors: staff bound to no ministry who see only the sessions they
-- teach.
ALTER DOMAIN staff_role DROP CONSTRAINT staff_role_check;
ALTER DOMAIN staff_role ADD CONSTRAINT staff_role_check
	CHECK (VALUE IN ('admin', 'reviewer', 'ministry', 'instructor'));

CREATE DOMAIN course_delivery AS text
	CHECK (VALUE IN ('in_person', 'online', 'external'));

CREATE TABLE courses (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code		text NOT NULL UNIQUE
			    CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,19}$'),
	title_ja	text NOT NULL CHECK (char_length(title_ja) BETWEEN 1 AND 200),
	title_en	text NOT NULL CHECK (char_length(title_en) BETWEEN 1 AND 200),
	description_ja	text NOT NULL DEFAULT ''
			    CHECK (char_length(description_ja) <= 4000),
	description_en	text NOT NULL DEFAULT ''
			    CHECK (char_length(description_en) <= 4000),
	hours		numeric(5, 1) NOT NULL CHECK (hours > 0 AND hours <= 1000),
	delivery	course_delivery NOT NULL,
	-- NULL: no score decides; the instructor records passed or failed.
	pass_mark	smallint CHECK (pass_mark BETWEEN 0 AND 100),
	-- NULL: a certificate never expires.
	validity_months	smallint CHECK (validity_months BETWEEN 1 AND 600),
	-- The operation types whose Corps members must hold it.
	required_for	text[] NOT NULL DEFAULT '{}' CHECK (required_for <@
			    ARRAY['pko', 'icops', 'relief', 'election']::text[]),
	-- A course with enrolments is retired, never deleted.
	retired_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now()
);

CREATE DOMAIN session_status AS text
	CHECK (VALUE IN ('scheduled', 'completed', 'cancelled'));

CREATE TABLE training_sessions (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	course_id	bigint NOT NULL REFERENCES courses (id),
	starts_at	timestamptz NOT NULL,
	ends_at		timestamptz NOT NULL,
	-- NULL: online.
	place		text CHECK (char_length(place) BETWEEN 1 AND 200),
	capacity	integer NOT NULL CHECK (capacity BETWEEN 0 AND 1000),
	instructor_id	bigint REFERENCES staff_accounts (id),
	lang		ui_lang NOT NULL DEFAULT 'ja',
	status		session_status NOT NULL DEFAULT 'scheduled',
	cancel_reason	text CHECK (char_length(cancel_reason) BETWEEN 1 AND 500),
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	CHECK (ends_at > starts_at),
	CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
);
CREATE INDEX training_sessions_course ON training_sessions (course_id,
	starts_at);
CREATE INDEX training_sessions_coming ON training_sessions (starts_at)
	WHERE status = 'scheduled';
CREATE INDEX training_sessions_instructor ON training_sessions
	(instructor_id, starts_at);

-- A session's status moves as the application's does: the code has the
-- same table (src/training.c).
CREATE TABLE session_transitions (
	from_status	session_status NOT NULL,
	to_status	session_status NOT NULL,
	PRIMARY KEY (from_status, to_status)
);
INSERT INTO session_transitions VALUES ('scheduled', 'completed'),
	('scheduled', 'cancelled');

-- enrolled: holds a seat; waitlisted: waits for one, in id order;
-- completed: the session took place (results below); ended: left before
-- (declined, removed, the session cancelled), with the reason.
CREATE DOMAIN enrolment_state AS text
	CHECK (VALUE IN ('enrolled', 'waitlisted', 'completed', 'ended'));
CREATE DOMAIN enrolment_end AS text
	CHECK (VALUE IN ('declined', 'removed', 'session_cancelled',
	    'session_completed'));

CREATE TABLE enrolments (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	session_id	bigint NOT NULL REFERENCES training_sessions (id),
	application_id	bigint NOT NULL REFERENCES applications (id)
			    ON DELETE CASCADE,
	-- Copied from the session by the trigger, for the constraints.
	course_id	bigint NOT NULL REFERENCES courses (id),
	during		tstzrange NOT NULL,
	state		enrolment_state NOT NULL DEFAULT 'enrolled',
	-- The person's answer to the invitation.
	response	text CHECK (response IN ('confirmed', 'declined')),
	end_reason	enrolment_end,
	ended_at	timestamptz,
	attendance	text CHECK (attendance IN ('attended', 'absent')),
	score		smallint CHECK (score BETWEEN 0 AND 100),
	result		text CHECK (result IN ('passed', 'failed')),
	completed_on	date,
	enrolled_by	bigint REFERENCES staff_accounts (id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	CHECK ((state = 'ended') = (end_reason IS NOT NULL)),
	CHECK ((state = 'ended') = (ended_at IS NOT NULL)),
	-- A result belongs to someone who attended, on a date.
	CHECK (result IS NULL OR (attendance = 'attended'
	    AND completed_on IS NOT NULL)),
	CHECK (score IS NULL OR attendance = 'attended'),
	CONSTRAINT enrolments_no_overlap EXCLUDE USING gist
	    (application_id WITH =, during WITH &&)
	    WHERE (state IN ('enrolled', 'waitlisted'))
);
-- One open enrolment per person and course (one session, a fortiori).
CREATE UNIQUE INDEX enrolments_course_open ON enrolments
	(application_id, course_id) WHERE state IN ('enrolled', 'waitlisted');
CREATE INDEX enrolments_session ON enrolments (session_id, state, id);
CREATE INDEX enrolments_person ON enrolments (application_id, created_at);

-- A certificate: from a passed enrolment, or an external course recorded
-- by a reviewer with evidence.  It keeps the validity that applied when
-- it was earned; valid_until is the last day it is valid (inclusive):
-- completion plus the months, and when that month is shorter than the
-- completion's day, the month's last day (31 January + 1 month is 28 or
-- 29 February), as PostgreSQL adds months to a date.
CREATE TABLE certificates (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	application_id	bigint NOT NULL REFERENCES applications (id)
			    ON DELETE CASCADE,
	course_id	bigint NOT NULL REFERENCES courses (id),
	enrolment_id	bigint UNIQUE REFERENCES enrolments (id)
			    ON DELETE CASCADE,
	completed_on	date NOT NULL,
	validity_months	smallint CHECK (validity_months BETWEEN 1 AND 600),
	valid_until	date GENERATED ALWAYS AS ((completed_on
			    + make_interval(months => validity_months))::date)
			    STORED,
	recorded_by	bigint REFERENCES staff_accounts (id),
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX certificates_person ON certificates (application_id, course_id,
	valid_until);
CREATE INDEX certificates_expiry ON certificates (valid_until)
	WHERE valid_until IS NOT NULL;

-- The evidence of an external course: a PDF, as the CVs are kept.
CREATE TABLE certificate_evidence (
	certificate_id	bigint PRIMARY KEY REFERENCES certificates (id)
			    ON DELETE CASCADE,
	filename	text NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 200),
	content		bytea NOT NULL CHECK (octet_length(content) BETWEEN 5 AND 5242880
			    AND substring(content FROM 1 FOR 5) = '\x255044462d'::bytea)
);

-- The mail of training: an invitation on enrolment or promotion, a
-- reminder three days before (due then), a notice of cancellation.
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check
	CHECK (kind IN ('receipt', 'status_changed', 'lost_link',
	    'nomination_message', 'nomination_decision',
	    'training_invitation', 'training_reminder', 'training_cancelled'));

-- Queues kind (invitation, reminder or cancellation) about enrolment e to
-- its person, in their language, unless they opted out; a reminder is due
-- three days before the session and not queued when that has passed.
CREATE FUNCTION training_mail(e enrolments, k text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
	INSERT INTO mail_outbox (kind, lang, recipient, application_id, data,
	    next_attempt_at)
	SELECT k, a.lang, a.email, a.id, jsonb_build_object(
	    'reference', a.reference, 'session', s.id, 'enrolment', e.id,
	    'course', CASE a.lang WHEN 'en' THEN c.title_en ELSE c.title_ja END,
	    'starts', to_char(s.starts_at AT TIME ZONE 'Asia/Tokyo',
		'YYYY-MM-DD HH24:MI'),
	    'ends', to_char(s.ends_at AT TIME ZONE 'Asia/Tokyo',
		'YYYY-MM-DD HH24:MI'),
	    'place', s.place,
	    -- Typed in a text area: one line in a mail (no CR reaches it).
	    'reason', regexp_replace(s.cancel_reason, '\s+', ' ', 'g')),
	    CASE k WHEN 'training_reminder'
		THEN s.starts_at - interval '3 days' ELSE now() END
	FROM applications a, training_sessions s, courses c
	WHERE a.id = e.application_id AND s.id = e.session_id
	    AND c.id = s.course_id AND NOT a.mail_opt_out
	    AND (k <> 'training_reminder'
		OR s.starts_at - interval '3 days' > now())
$$;

-- Withdraws enrolment e's reminder that has not gone yet.
CREATE FUNCTION training_unremind(e enrolments) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
	DELETE FROM mail_outbox WHERE state = 'pending'
	    AND kind = 'training_reminder' AND application_id = e.application_id
	    AND data->>'enrolment' = e.id::text
$$;

-- Before an enrolment is written: copies the session's course and times,
-- and refuses what breaks a rule.  A seat is taken under the session's
-- row lock, so two enrolments into the last seat are serialised and the
-- second sees the first.
CREATE FUNCTION enrolments_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	s training_sessions;
	taken integer;
BEGIN
	SELECT * INTO s FROM training_sessions WHERE id = NEW.session_id
	    FOR UPDATE;
	IF TG_OP = 'INSERT' THEN
		NEW.course_id := s.course_id;
		NEW.during := tstzrange(s.starts_at, s.ends_at);
		IF s.status <> 'scheduled' THEN
			RAISE EXCEPTION 'session % is %', s.id, s.status
			    USING ERRCODE = 'check_violation',
			    CONSTRAINT = 'enrolments_session_open';
		END IF;
		-- One person's enrolments are serialised on their row: two
		-- overlapping ones inserted at once would each wait for the
		-- other in the exclusion constraint's check (a deadlock).
		PERFORM FROM applications WHERE id = NEW.application_id
		    FOR NO KEY UPDATE;
		IF NOT EXISTS (SELECT FROM applications WHERE
		    id = NEW.application_id AND status = 'accepted') THEN
			RAISE EXCEPTION 'application % is not accepted',
			    NEW.application_id USING ERRCODE = 'check_violation',
			    CONSTRAINT = 'enrolments_accepted_only';
		END IF;
	ELSIF NEW.session_id <> OLD.session_id
	    OR NEW.application_id <> OLD.application_id THEN
		RAISE EXCEPTION 'an enrolment does not move'
		    USING ERRCODE = 'check_violation';
	END IF;
	IF NEW.state = 'enrolled' AND (TG_OP = 'INSERT'
	    OR OLD.state <> 'enrolled') THEN
		SELECT count(*) INTO taken FROM enrolments
		    WHERE session_id = s.id AND state = 'enrolled';
		IF taken >= s.capacity THEN
			RAISE EXCEPTION 'session % is full', s.id
			    USING ERRCODE = 'check_violation',
			    CONSTRAINT = 'enrolments_capacity';
		END IF;
	END IF;
	NEW.updated_at := now();
	RETURN NEW;
END
$$;
CREATE TRIGGER enrolments_check BEFORE INSERT OR UPDATE ON enrolments
	FOR EACH ROW EXECUTE FUNCTION enrolments_check();

-- Promotes the first on session sid's waitlist to a free seat, if there
-- is one and the session is still scheduled.  The caller holds the
-- session's row lock.
CREATE FUNCTION training_promote(sid bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	s training_sessions;
	first bigint;
BEGIN
	SELECT * INTO s FROM training_sessions WHERE id = sid FOR UPDATE;
	WHILE s.status = 'scheduled' AND (SELECT count(*) FROM enrolments
	    WHERE session_id = sid AND state = 'enrolled') < s.capacity LOOP
		SELECT id INTO first FROM enrolments WHERE session_id = sid
		    AND state = 'waitlisted' ORDER BY id LIMIT 1;
		EXIT WHEN first IS NULL;
		UPDATE enrolments SET state = 'enrolled' WHERE id = first;
	END LOOP;
END
$$;

-- After an enrolment changes: mail for a new seat (invitation and
-- reminder), none for a lost one; a freed seat goes to the waitlist; a
-- pass makes a certificate and a pass taken back removes it.
CREATE FUNCTION enrolments_after() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	was text := CASE TG_OP WHEN 'INSERT' THEN NULL ELSE OLD.state END;
BEGIN
	IF NEW.state = 'enrolled' AND was IS DISTINCT FROM 'enrolled' THEN
		PERFORM training_mail(NEW, 'training_invitation');
		PERFORM training_mail(NEW, 'training_reminder');
	END IF;
	IF NEW.state = 'ended' AND was IN ('enrolled', 'waitlisted') THEN
		PERFORM training_unremind(NEW);
		IF was = 'enrolled' THEN
			PERFORM training_promote(NEW.session_id);
		END IF;
	END IF;
	IF NEW.result = 'passed' AND (TG_OP = 'INSERT'
	    OR OLD.result IS DISTINCT FROM 'passed'
	    OR OLD.completed_on IS DISTINCT FROM NEW.completed_on) THEN
		DELETE FROM certificates WHERE enrolment_id = NEW.id;
		INSERT INTO certificates (application_id, course_id,
		    enrolment_id, completed_on, validity_months)
		SELECT NEW.application_id, NEW.course_id, NEW.id,
		    NEW.completed_on, c.validity_months
		FROM courses c WHERE c.id = NEW.course_id;
	ELSIF NEW.result IS DISTINCT FROM 'passed' AND TG_OP = 'UPDATE'
	    AND OLD.result = 'passed' THEN
		DELETE FROM certificates WHERE enrolment_id = NEW.id;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER enrolments_after AFTER INSERT OR UPDATE ON enrolments
	FOR EACH ROW EXECUTE FUNCTION enrolments_after();

-- A result with a pass mark is the score's: the instructor records the
-- score and the database says passed or failed.
CREATE FUNCTION enrolments_result() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	mark smallint;
BEGIN
	SELECT pass_mark INTO mark FROM courses WHERE id = NEW.course_id;
	IF mark IS NOT NULL AND NEW.score IS NOT NULL THEN
		NEW.result := CASE WHEN NEW.score >= mark THEN 'passed'
		    ELSE 'failed' END;
	ELSIF mark IS NOT NULL AND NEW.result IS NOT NULL THEN
		RAISE EXCEPTION 'course % needs a score', NEW.course_id
		    USING ERRCODE = 'check_violation',
		    CONSTRAINT = 'enrolments_score_needed';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER enrolments_result BEFORE INSERT OR UPDATE OF score, result
	ON enrolments FOR EACH ROW EXECUTE FUNCTION enrolments_result();

-- A session's status follows session_transitions.  Cancelling ends every
-- open enrolment with the reason and tells the people; completing marks
-- the enrolled completed and ends the waitlist.  More capacity promotes
-- from the waitlist.
CREATE FUNCTION training_sessions_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	e enrolments;
BEGIN
	IF NEW.status <> OLD.status AND NOT EXISTS (SELECT FROM
	    session_transitions WHERE from_status = OLD.status
	    AND to_status = NEW.status) THEN
		RAISE EXCEPTION 'session status % -> % is not allowed',
		    OLD.status, NEW.status USING ERRCODE = 'check_violation',
		    CONSTRAINT = 'training_sessions_transition';
	END IF;
	IF NEW.status = 'cancelled' AND OLD.status <> 'cancelled' THEN
		FOR e IN UPDATE enrolments SET state = 'ended',
		    end_reason = 'session_cancelled', ended_at = now()
		    WHERE session_id = NEW.id
		    AND state IN ('enrolled', 'waitlisted') RETURNING * LOOP
			PERFORM training_mail(e, 'training_cancelled');
		END LOOP;
	ELSIF NEW.status = 'completed' AND OLD.status <> 'completed' THEN
		UPDATE enrolments SET state = 'completed' WHERE
		    session_id = NEW.id AND state = 'enrolled';
		UPDATE enrolments SET state = 'ended',
		    end_reason = 'session_completed', ended_at = now()
		    WHERE session_id = NEW.id AND state = 'waitlisted';
	ELSIF NEW.capacity > OLD.capacity THEN
		PERFORM training_promote(NEW.id);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER training_sessions_change AFTER UPDATE ON training_sessions
	FOR EACH ROW EXECUTE FUNCTION training_sessions_change();

-- The times of a scheduled session move its open enrolments with it (the
-- overlap constraint reads their copies).
CREATE FUNCTION training_sessions_times() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	IF NEW.capacity < (SELECT count(*) FROM enrolments WHERE
	    session_id = NEW.id AND state = 'enrolled') THEN
		RAISE EXCEPTION 'capacity below the enrolled'
		    USING ERRCODE = 'check_violation',
		    CONSTRAINT = 'training_sessions_capacity';
	END IF;
	NEW.updated_at := now();
	RETURN NEW;
END
$$;
CREATE TRIGGER training_sessions_times BEFORE UPDATE ON training_sessions
	FOR EACH ROW EXECUTE FUNCTION training_sessions_times();

CREATE FUNCTION training_sessions_during() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	UPDATE enrolments SET during = tstzrange(NEW.starts_at, NEW.ends_at)
	    WHERE session_id = NEW.id
	    AND state IN ('enrolled', 'waitlisted');
	RETURN NULL;
END
$$;
CREATE TRIGGER training_sessions_during AFTER UPDATE OF starts_at, ends_at
	ON training_sessions FOR EACH ROW
	WHEN (OLD.starts_at <> NEW.starts_at OR OLD.ends_at <> NEW.ends_at)
	EXECUTE FUNCTION training_sessions_during();

-- An instructor teaches; nobody else is named one.
CREATE FUNCTION training_sessions_instructor() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	IF NEW.instructor_id IS NOT NULL AND NOT EXISTS (SELECT FROM
	    staff_accounts WHERE id = NEW.instructor_id
	    AND role = 'instructor') THEN
		RAISE EXCEPTION 'account % is not an instructor',
		    NEW.instructor_id USING ERRCODE = 'check_violation',
		    CONSTRAINT = 'training_sessions_instructor';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER training_sessions_instructor BEFORE INSERT OR UPDATE OF
	instructor_id ON training_sessions FOR EACH ROW
	EXECUTE FUNCTION training_sessions_instructor();

-- A deleted application (retention) frees its seat like a withdrawal.
CREATE FUNCTION enrolments_deleted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	IF OLD.state = 'enrolled' THEN
		PERFORM training_promote(OLD.session_id);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER enrolments_deleted AFTER DELETE ON enrolments
	FOR EACH ROW EXECUTE FUNCTION enrolments_deleted();

-- Enrols application aid in session sid, as account who: 'enrolled',
-- 'waitlisted', or why not ('not_accepted', 'session_closed',
-- 'no_capacity', 'already_enrolled', 'course_open', 'overlap').  A
-- refusal is an answer, not an error, so a bulk enrolment goes on with
-- the next person; the constraints stay the guarantee.
CREATE FUNCTION training_enrol(sid bigint, aid bigint, who bigint)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	s training_sessions;
	full_ boolean;
BEGIN
	SELECT * INTO s FROM training_sessions WHERE id = sid FOR UPDATE;
	IF NOT FOUND OR s.status <> 'scheduled' THEN
		RETURN 'session_closed';
	ELSIF s.capacity = 0 THEN
		RETURN 'no_capacity';
	ELSIF NOT EXISTS (SELECT FROM applications WHERE id = aid
	    AND status = 'accepted') THEN
		RETURN 'not_accepted';
	ELSIF EXISTS (SELECT FROM enrolments WHERE application_id = aid
	    AND session_id = sid AND state IN ('enrolled', 'waitlisted')) THEN
		RETURN 'already_enrolled';
	END IF;
	full_ := (SELECT count(*) FROM enrolments WHERE session_id = sid
	    AND state = 'enrolled') >= s.capacity;
	BEGIN
		INSERT INTO enrolments (session_id, application_id, course_id,
		    during, state, enrolled_by)
		VALUES (sid, aid, s.course_id, tstzrange(s.starts_at,
		    s.ends_at), CASE WHEN full_ THEN 'waitlisted'
		    ELSE 'enrolled' END, who);
	EXCEPTION
		WHEN unique_violation THEN
			RETURN 'course_open';
		WHEN exclusion_violation THEN
			RETURN 'overlap';
	END;
	RETURN CASE WHEN full_ THEN 'waitlisted' ELSE 'enrolled' END;
END
$$;

GRANT SELECT ON courses, training_sessions, session_transitions, enrolments,
	certificates TO corps_app;
GRANT SELECT (certificate_id, filename, content) ON certificate_evidence
	TO corps_app;
GRANT DELETE ON courses TO corps_app;
GRANT INSERT (code, title_ja, title_en, description_ja, description_en,
	hours, delivery, pass_mark, validity_months, required_for)
	ON courses TO corps_app;
GRANT UPDATE (title_ja, title_en, description_ja, description_en, hours,
	delivery, pass_mark, validity_months, required_for, retired_at,
	updated_at) ON courses TO corps_app;
GRANT INSERT (course_id, starts_at, ends_at, place, capacity, instructor_id,
	lang) ON training_sessions TO corps_app;
GRANT UPDATE (starts_at, ends_at, place, capacity, instructor_id, lang,
	status, cancel_reason) ON training_sessions TO corps_app;
-- Enrolments are made by training_enrol(); afterwards the person answers,
-- staff end them, and the instructor records the outcome.
GRANT UPDATE (state, response, end_reason, ended_at, attendance, score,
	result, completed_on) ON enrolments TO corps_app;
GRANT INSERT (application_id, course_id, completed_on, validity_months,
	recorded_by) ON certificates TO corps_app;
GRANT INSERT (certificate_id, filename, content) ON certificate_evidence
	TO corps_app;
REVOKE EXECUTE ON FUNCTION training_mail(enrolments, text),
	training_unremind(enrolments), training_promote(bigint) FROM PUBLIC;

-- migrate:down
DROP FUNCTION training_enrol(bigint, bigint, bigint),
	training_mail(enrolments, text), training_unremind(enrolments);
DROP TABLE certificate_evidence, certificates, enrolments,
	session_transitions, training_sessions, courses;
DROP FUNCTION enrolments_check(), enrolments_after(), enrolments_result(),
	training_sessions_change(), training_sessions_times(),
	training_sessions_during(), training_sessions_instructor(),
	enrolments_deleted(), training_promote(bigint);
DROP DOMAIN enrolment_end, enrolment_state, session_status, course_delivery;
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check
	CHECK (kind IN ('receipt', 'status_changed', 'lost_link',
	    'nomination_message', 'nomination_decision'));
ALTER DOMAIN staff_role DROP CONSTRAINT staff_role_check;
ALTER DOMAIN staff_role ADD CONSTRAINT staff_role_check
	CHECK (VALUE IN ('admin', 'reviewer', 'ministry'));
