-- migrate:up

-- The candidates of a position (issue 15, src/stmt_position.c) at a
-- million applications: the accepted people, each with every column the
-- candidates' filter reads, in an index of their own.  The filter is
-- then an index-only scan of the accepted (about a sixth of the
-- applications in seed-demo's mix) instead of a scan of the table.
CREATE INDEX applications_accepted ON applications (earliest_start, id)
	INCLUDE (expertise, languages, max_months, source, ministry)
	WHERE status = 'accepted';

-- migrate:down
DROP INDEX applications_accepted;
