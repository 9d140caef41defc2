-- Optimistic concurrency: changes the scenario only at the version the editor read.
-- $1 id, $2 version read, $3 name (null: keep), $4 edits (null: keep)
UPDATE planning_scenarios
SET name = coalesce($3, name), edits = coalesce($4::jsonb, edits), version = version + 1, updated_at = now()
WHERE id = $1 AND version = $2
RETURNING id
