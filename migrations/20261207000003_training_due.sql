-- migrate:up

-- Each accepted person's training, summed up for the reviewer list's
-- training filter (ready, in training, due): computed per row from the
-- courses, certificates and enrolments, the filter walked the accepted
-- people checking each one's courses, 450-920 ms for a first page at a
-- million applications (145,000 accepted), and the list's counts rested
-- on the planner's guess at a CASE.  Here one row per accepted person:
--   ready_until   the last day on which the person holds a valid
--                 certificate for every course they need (not retired,
--                 required for an operation type they wish to join):
--                 'infinity' when they need none or theirs never
--                 expire, '-infinity' when one is missing.  Ready is
--                 ready_until >= today (Japan), so that the summary
--                 needs no change as days pass.
--   open_required enrolled or waitlisted in a course they need.
-- Triggers keep it exact on every change of an application's status or
-- operation types, a certificate, an enrolment or a course's
-- requirement; a course's change recomputes every accepted person
-- wishing to join the operation types it concerns (a few seconds at a
-- million applications: a rare act of a reviewer).
CREATE TABLE training_status (
	application_id	bigint PRIMARY KEY REFERENCES applications (id)
			    ON DELETE CASCADE,
	ready_until	date NOT NULL,
	open_required	boolean NOT NULL
);
CREATE INDEX training_status_ready ON training_status (ready_until,
	open_required);

-- Recomputes the summary of applications ids: a row for each accepted
-- one, none for the others.
CREATE FUNCTION training_status_refresh(ids bigint[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
	DELETE FROM training_status s WHERE s.application_id = ANY(ids)
	    AND NOT EXISTS (SELECT FROM applications a
		WHERE a.id = s.application_id AND a.status = 'accepted');
	INSERT INTO training_status (application_id, ready_until,
	    open_required)
	SELECT a.id, coalesce((SELECT min(coalesce((SELECT
		max(coalesce(t.valid_until, 'infinity'::date))
		FROM certificates t WHERE t.application_id = a.id
		AND t.course_id = c.id), '-infinity'::date))
	    FROM courses c WHERE c.retired_at IS NULL
	    AND c.required_for && a.operations), 'infinity'::date),
	    EXISTS (SELECT FROM enrolments e JOIN courses c
		ON c.id = e.course_id WHERE e.application_id = a.id
		AND e.state IN ('enrolled', 'waitlisted')
		AND c.retired_at IS NULL AND c.required_for && a.operations)
	FROM applications a WHERE a.id = ANY(ids) AND a.status = 'accepted'
	ON CONFLICT (application_id) DO UPDATE SET
	    ready_until = EXCLUDED.ready_until,
	    open_required = EXCLUDED.open_required
$$;

-- After a person's certificate or enrolment changes: their summary.
CREATE FUNCTION training_status_person() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		PERFORM training_status_refresh(ARRAY[OLD.application_id]);
	ELSE
		PERFORM training_status_refresh(ARRAY[NEW.application_id]);
	END IF;
	RETURN NULL;
END
$$;

-- After an application's status or operation types change: its summary.
CREATE FUNCTION training_status_application() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	PERFORM training_status_refresh(ARRAY[NEW.id]);
	RETURN NULL;
END
$$;
CREATE TRIGGER certificates_training_status AFTER INSERT OR DELETE
	OR UPDATE OF completed_on, validity_months, course_id ON certificates
	FOR EACH ROW EXECUTE FUNCTION training_status_person();
CREATE TRIGGER enrolments_training_status AFTER INSERT OR DELETE
	OR UPDATE OF state ON enrolments
	FOR EACH ROW EXECUTE FUNCTION training_status_person();

-- After an application becomes accepted, stops being accepted or, while
-- accepted, changes its operation types.  A submission (not accepted)
-- calls nothing.
CREATE TRIGGER applications_training_status_insert AFTER INSERT
	ON applications FOR EACH ROW WHEN (NEW.status = 'accepted')
	EXECUTE FUNCTION training_status_application();
CREATE TRIGGER applications_training_status AFTER UPDATE OF status,
	operations ON applications FOR EACH ROW
	WHEN ((OLD.status = 'accepted') <> (NEW.status = 'accepted')
	    OR (NEW.status = 'accepted'
		AND OLD.operations IS DISTINCT FROM NEW.operations))
	EXECUTE FUNCTION training_status_application();

-- After a course is added, removed, retired or brought back, or what it
-- is required for changes: everyone accepted who wishes to join an
-- operation type it concerned or concerns.
CREATE FUNCTION training_status_course() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	ops text[] := CASE TG_OP WHEN 'INSERT' THEN '{}'::text[]
	    ELSE OLD.required_for END || CASE TG_OP WHEN 'DELETE'
	    THEN '{}'::text[] ELSE NEW.required_for END;
BEGIN
	PERFORM training_status_refresh(ARRAY(SELECT id FROM applications
	    WHERE status = 'accepted' AND operations && ops));
	RETURN NULL;
END
$$;
CREATE TRIGGER courses_training_status_insert AFTER INSERT ON courses
	FOR EACH ROW WHEN (NEW.required_for <> '{}' AND NEW.retired_at IS NULL)
	EXECUTE FUNCTION training_status_course();
CREATE TRIGGER courses_training_status_delete AFTER DELETE ON courses
	FOR EACH ROW WHEN (OLD.required_for <> '{}' AND OLD.retired_at IS NULL)
	EXECUTE FUNCTION training_status_course();
CREATE TRIGGER courses_training_status AFTER UPDATE OF required_for,
	retired_at ON courses FOR EACH ROW
	WHEN (OLD.required_for IS DISTINCT FROM NEW.required_for
	    OR (OLD.retired_at IS NULL) <> (NEW.retired_at IS NULL))
	EXECUTE FUNCTION training_status_course();

-- /training/expiring reads the certificates soonest first by (last day,
-- id), a keyset: in that index's order a page stops after its rows (1.6
-- ms at a million applications), where the index of the day alone read
-- and sorted all 8,700 certificates expiring within 90 days (64-126 ms).
DROP INDEX certificates_expiry;
CREATE INDEX certificates_expiry ON certificates (valid_until, id)
	WHERE valid_until IS NOT NULL;

SELECT training_status_refresh(ARRAY(SELECT id FROM applications
	WHERE status = 'accepted'));

GRANT SELECT ON training_status TO corps_app;
REVOKE EXECUTE ON FUNCTION training_status_refresh(bigint[]) FROM PUBLIC;

-- migrate:down
DROP INDEX certificates_expiry;
CREATE INDEX certificates_expiry ON certificates (valid_until)
	WHERE valid_until IS NOT NULL;
DROP TRIGGER courses_training_status ON courses;
DROP TRIGGER courses_training_status_delete ON courses;
DROP TRIGGER courses_training_status_insert ON courses;
DROP TRIGGER applications_training_status ON applications;
DROP TRIGGER applications_training_status_insert ON applications;
DROP TRIGGER enrolments_training_status ON enrolments;
DROP TRIGGER certificates_training_status ON certificates;
DROP FUNCTION training_status_course(), training_status_application(),
	training_status_person(), training_status_refresh(bigint[]);
DROP TABLE training_status;
