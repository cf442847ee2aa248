-- migrate:up

-- The reviewer's list at a million applications (README "Reviewer list
-- at scale").
--
-- A ministry's applications are all seconded ones, but the planner took
-- the two filters for independent and multiplied their selectivities:
-- it expected 117 of one ministry's 8,062.  The list reads its counts per
-- status from these estimates when many match, and chooses from them
-- whether to count exactly, so it showed about 200 where there were
-- 1,600, after a wasted exact pass.  Statistics on the pair (functional
-- dependency and common values) make the estimate right; ANALYZE gathers
-- them now rather than at the next automatic analysis.
--
-- A word of free text in the newest-first (or oldest-first) order walks
-- the created_at index until 51 rows match: about 1,900 rows for a
-- common name, each a heap fetch, 12 ms.  The index now carries what the
-- word and the status are matched against, so the walk reads the index
-- alone (1.6 ms) and only the page's rows come from the table.  It is
-- about four times the size (175 MB at a million rows); counting a
-- week's applications for the dashboard reads more of it.

CREATE STATISTICS applications_source_ministry (dependencies, mcv)
	ON source, ministry FROM applications;
CREATE INDEX applications_created_find ON applications
	(created_at DESC, id DESC) INCLUDE (search_key, email_key, reference,
	status);
DROP INDEX applications_created;
ANALYZE applications;

-- migrate:down

CREATE INDEX applications_created ON applications (created_at DESC, id DESC);
DROP INDEX applications_created_find;
DROP STATISTICS applications_source_ministry;
