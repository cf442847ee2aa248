-- migrate:up

-- The dashboard (GET /review) at a million applications (deploy/
-- BENCHMARKS.md).  Counting the table took about 2 s; the dashboard now
-- reads its numbers from a summary a few thousand rows long.
--
-- application_counts holds the number of applications per week of
-- submission (its Monday, Japan time), status, source and set of desired
-- operations: everything the dashboard counts by.  Writers never update
-- it, which would make every submission wait for the one before it to
-- commit (they share a week and mostly a status): triggers on
-- applications append what changed to application_count_events (a
-- submission appends one row, a status change a -1 and a +1), and the
-- dashboard folds the events into the summary once they are many.  The
-- dashboard adds both tables up, so its numbers are exact at any moment.
-- The events have no index: an event costs a submission one heap row.

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

-- A new application appends +1 for its key.  A row trigger: it costs a
-- submission about 40,000 instructions of the backend's 810,000, where a
-- statement trigger, with its transition table and aggregate, cost
-- 99,000 (callgrind, PostgreSQL 15).
CREATE FUNCTION application_counts_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO application_count_events VALUES (
	    corps_week_jst(NEW.created_at), NEW.status, NEW.source,
	    NEW.operations, 1);
	RETURN NULL;
END
$$;

-- Changes and deletions append what the statement changed, by key: -1
-- per old row and +1 per new row (a bulk change is one row per key); an
-- UPDATE that leaves every key as it was appends nothing.
CREATE FUNCTION application_counts_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
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
	FOR EACH ROW EXECUTE FUNCTION application_counts_insert();
CREATE TRIGGER applications_count_update AFTER UPDATE ON applications
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION application_counts_change();
CREATE TRIGGER applications_count_delete AFTER DELETE ON applications
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION application_counts_change();

-- Folds the events into the summary when there are more than
-- min_events, unless another transaction is folding them (then the sums
-- stay exact all the same).  The dashboard calls it before reading, and
-- seed-demo after a bulk load.
CREATE FUNCTION application_counts_fold(min_events bigint) RETURNS void
LANGUAGE sql AS $$
	WITH e AS (DELETE FROM application_count_events
	    WHERE (SELECT count(*) FROM application_count_events) > min_events
	    AND pg_try_advisory_xact_lock(hashtext('corps.application_counts'))
	    RETURNING week, status, source, operations, n)
	INSERT INTO application_counts AS c
	SELECT week, status, source, operations, sum(n) FROM e
	GROUP BY 1, 2, 3, 4
	ON CONFLICT (week, status, source, operations)
	DO UPDATE SET n = c.n + excluded.n;
$$;

-- The triggers hold applications against writes until this transaction
-- commits, so the summary starts from exactly the rows there are.
INSERT INTO application_counts
SELECT corps_week_jst(created_at), status, source, operations, count(*)
FROM applications GROUP BY 1, 2, 3, 4;

GRANT SELECT, INSERT, DELETE ON application_count_events TO corps_app;
GRANT SELECT, INSERT, UPDATE (n) ON application_counts TO corps_app;

-- migrate:down

DROP TRIGGER applications_count_insert ON applications;
DROP TRIGGER applications_count_update ON applications;
DROP TRIGGER applications_count_delete ON applications;
DROP FUNCTION application_counts_fold(bigint), application_counts_change(),
	application_counts_insert();
DROP TABLE application_count_events, application_counts;
DROP FUNCTION corps_week_jst(timestamptz);
