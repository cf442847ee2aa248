-- migrate:up

-- The accepted people by their fields of expertise (issue 15,
-- src/stmt_position.c).  A tier of a position's candidates that shares
-- several of its fields (all three of election, medical and legal: 20
-- people in 63,700 at seed-demo's million) was read by walking every
-- entry of applications_accepted, 20-40 ms; this index reaches the
-- entries of each combination of fields directly (the statement asks
-- for every expertise_bits value with those fields), with the columns
-- the other tests read.  A position whose candidates are ranked all at
-- once reads from it only the entries that share one of its fields, when
-- fewer than half of the people do.
CREATE INDEX applications_accepted_fields ON applications (expertise_bits,
	earliest_start, id) INCLUDE (language_bits, max_months, source,
	ministry) WHERE status = 'accepted';

-- migrate:down
DROP INDEX applications_accepted_fields;
