-- migrate:up

-- Who moved an assignment to its status.  The first dispatch under an
-- approved plan moves the plan to in progress (assignments_dispatched),
-- and the plan's history named the staff member who had made the
-- assignment, not the one who dispatched it.  POST
-- /assignments/{id}/status now writes status_by with each change, and
-- the trigger names it.  A status changed by the previous version, which
-- does not write it, keeps the previous value (NULL on rows no newer
-- version has changed): the trigger then names the assigner, as before.
ALTER TABLE assignments ADD COLUMN status_by bigint
	REFERENCES staff_accounts (id);

-- A dispatch moves an approved plan to in progress, by whoever
-- dispatched.
CREATE OR REPLACE FUNCTION assignments_dispatched() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	UPDATE plans SET status = 'in_progress', changed_by =
	    coalesce(NEW.status_by, NEW.assigned_by),
	    change_reason = 'first dispatch'
	    WHERE id = NEW.plan_id AND status = 'approved';
	RETURN NULL;
END
$$;

GRANT UPDATE (status_by) ON assignments TO corps_app;

-- migrate:down
CREATE OR REPLACE FUNCTION assignments_dispatched() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	UPDATE plans SET status = 'in_progress', changed_by =
	    NEW.assigned_by, change_reason = 'first dispatch'
	    WHERE id = NEW.plan_id AND status = 'approved';
	RETURN NULL;
END
$$;
ALTER TABLE assignments DROP COLUMN status_by;
