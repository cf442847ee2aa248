-- migrate:up

-- The dashboard (GET /review) at a million applications (deploy/
-- BENCHMARKS.md).  Counting the table took about 2 s; the dashboard now
-- reads its numbers from a summary a few thousand rows long.
--
-- application_counts holds the number of applications per week of
-- submission (its Monday, Japan time), status, source and set of desired
-- operations: everything the dashboard counts by.  Writers never update
-- it, which would make every submission wait for the one before it to
-- commit (they share a week and mostly a status): statement triggers on
-- applications append what a statement changed to
-- application_count_events (a submission appends one row, a status
-- change a -1 and a +1), and the dashboard folds the events into the
-- summary once they are many.  The dashboard adds both tables up, so its
-- numbers are exact at any moment.  Neither table has an index but the
-- summary's key: an event costs a submission one heap row.

-- The Monday, in Japan, of the week of t.
CREATE FUNCTION corps_week_jst(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN date_trunc('week', t AT TIME ZONE 'Asia/Tokyo')::date;

CREATE TABLE application_counts (
	week		date NOT NULL,
	status		text NOT NULL,
	source		text NOT NULL,
	operations	text[] NOT NULL,
	n		bigint NOT NULL,
	PRIMARY KEY (week, status, source, operations)
);

CREATE TABLE application_count_events (
	week		date NOT NULL,
	status		text NOT NULL,
	source		text NOT NULL,
	operations	text[] NOT NULL,
	n		bigint NOT NULL
);

-- Appends the statement's changes: +1 per new row, -1 per old row, by
-- key; an UPDATE that leaves every key as it was appends nothing.
CREATE FUNCTION application_counts_track() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO application_count_events
		SELECT corps_week_jst(created_at), status, source, operations,
		    count(*) FROM new_rows GROUP BY 1, 2, 3, 4;
	ELSIF TG_OP = 'DELETE' THEN
		INSERT INTO application_count_events
		SELECT corps_week_jst(created_at), status, source, operations,
		    -count(*) FROM old_rows GROUP BY 1, 2, 3, 4;
	ELSE
		INSERT INTO application_count_events
		SELECT week, status, source, operations, sum(n) FROM (
		    SELECT corps_week_jst(created_at) AS week, status, source,
			operations, -1 AS n FROM old_rows
		    UNION ALL
		    SELECT corps_week_jst(created_at), status, source,
			operations, 1 FROM new_rows) d
		GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0;
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER applications_count_insert AFTER INSERT ON applications
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION application_counts_track();
CREATE TRIGGER applications_count_update AFTER UPDATE ON applications
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION application_counts_track();
CREATE TRIGGER applications_count_delete AFTER DELETE ON applications
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION application_counts_track();

-- The triggers hold applications against writes until this transaction
-- commits, so the summary starts from exactly the rows there are.
INSERT INTO application_counts
SELECT corps_week_jst(created_at), status, source, operations, count(*)
FROM applications GROUP BY 1, 2, 3, 4;

GRANT SELECT, INSERT, DELETE ON application_count_events TO corps_app;
GRANT SELECT, INSERT, UPDATE ON application_counts TO corps_app;

-- migrate:down

DROP TRIGGER applications_count_insert ON applications;
DROP TRIGGER applications_count_update ON applications;
DROP TRIGGER applications_count_delete ON applications;
DROP FUNCTION application_counts_track();
DROP TABLE application_count_events, application_counts;
DROP FUNCTION corps_week_jst(timestamptz);
