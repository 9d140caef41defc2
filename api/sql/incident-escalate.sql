-- An overdue case goes one level up as a call-up the level above must acknowledge; its stage clock restarts.
-- $1 incident id, $2 the level it goes to
UPDATE incidents
SET level = $2, call_up_pending = true, stage_started_at = now(), version = version + 1
WHERE id = $1
