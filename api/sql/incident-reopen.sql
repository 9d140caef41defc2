-- A closed case back to handling after a bad rating: the rating is cleared and the handling clock restarts.
-- $1 incident id
UPDATE incidents
SET status = 'handling', closed_at = NULL, rating = NULL, stage_started_at = now(), version = version + 1
WHERE id = $1
