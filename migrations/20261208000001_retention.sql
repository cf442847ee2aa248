-- migrate:up

-- Retention (issue 16): "corps-admin purge" replaces the personal data of
-- applications rejected or withdrawn longer ago than the retention period
-- and stamps the row here, so that a second run skips it and an export or
-- a reviewer can tell a purged record from a real one.  Only corps-admin
-- (the owner) writes it: corps_app gets no new grant.
ALTER TABLE applications ADD COLUMN purged_at timestamptz;

-- migrate:down
ALTER TABLE applications DROP COLUMN purged_at;
