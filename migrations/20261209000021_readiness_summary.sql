-- migrate:up

-- The dashboard's open places against people ready (issue 15): counting
-- the people ready per operation type they wish to join read each ready
-- person's application for its types, and the dashboard reads summaries
-- only, never the applications (counting them took 1-1.6 s at a
-- million).  So the summary of each accepted person's training carries
-- those types too, copied by training_status_refresh, which the triggers
-- of 20261207000003 already call whenever an accepted application's
-- types or status change.  The index on ready_until now includes the
-- person and the types, so that counting the ready people is an
-- index-only pass over the ready ones (17,000 of 143,000 accepted at a
-- million), the same keys serving the reviewer list's training filter;
-- and the open assignments by their last day give the people taken
-- (6,800 of 30,000 at a million) without reading the assignments.
ALTER TABLE training_status ADD COLUMN operations text[] NOT NULL
	DEFAULT '{}';

-- Recomputes the summary of applications ids: a row for each accepted
-- one, none for the others.
CREATE OR REPLACE FUNCTION training_status_refresh(ids bigint[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
	DELETE FROM training_status s WHERE s.application_id = ANY(ids)
	    AND NOT EXISTS (SELECT FROM applications a
		WHERE a.id = s.application_id AND a.status = 'accepted');
	INSERT INTO training_status (application_id, ready_until,
	    open_required, operations)
	SELECT a.id, coalesce((SELECT min(coalesce((SELECT
		max(coalesce(t.valid_until, 'infinity'::date))
		FROM certificates t WHERE t.application_id = a.id
		AND t.course_id = c.id), '-infinity'::date))
	    FROM courses c WHERE c.retired_at IS NULL
	    AND c.required_for && a.operations), 'infinity'::date),
	    EXISTS (SELECT FROM enrolments e JOIN courses c
		ON c.id = e.course_id WHERE e.application_id = a.id
		AND e.state IN ('enrolled', 'waitlisted')
		AND c.retired_at IS NULL AND c.required_for && a.operations),
	    a.operations
	FROM applications a WHERE a.id = ANY(ids) AND a.status = 'accepted'
	ON CONFLICT (application_id) DO UPDATE SET
	    ready_until = EXCLUDED.ready_until,
	    open_required = EXCLUDED.open_required,
	    operations = EXCLUDED.operations
$$;

-- One UPDATE, not batches: the summary holds the accepted people only
-- (143,000 at a million applications, 2-6 s on the shared test machine),
-- and what waits meanwhile is a change to one of their summaries (a
-- certificate, an enrolment, an acceptance), not the running version's
-- reads, as when 20261207000003 filled the summary.
UPDATE training_status s SET operations = a.operations FROM applications a
	WHERE a.id = s.application_id;

CREATE INDEX training_status_ready_operations ON training_status
	(ready_until, open_required) INCLUDE (application_id, operations);
DROP INDEX training_status_ready;
CREATE INDEX assignments_open_end ON assignments (ends_on)
	INCLUDE (application_id)
	WHERE status IN ('proposed', 'confirmed', 'dispatched');

-- The application's role plans its statements generically, and for a
-- generic "ready_until >= today" the planner takes a third of the
-- summary (48,000 rows, truly 17,000) and counts them with two parallel
-- workers: 27-47 ms on two busy cores where one pass takes 8-9 ms.  The
-- summary's scans are short; none is worth workers.
ALTER TABLE training_status SET (parallel_workers = 0);

-- migrate:down
ALTER TABLE training_status RESET (parallel_workers);
DROP INDEX assignments_open_end;
CREATE INDEX training_status_ready ON training_status (ready_until,
	open_required);
DROP INDEX training_status_ready_operations;
CREATE OR REPLACE FUNCTION training_status_refresh(ids bigint[]) RETURNS void
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
ALTER TABLE training_status DROP COLUMN operations;
