-- Apply a transition decided by the workflow. $1 id, $2 status, $3 level, $4 call-up pending,
-- $5 department, $6 rating, $7 whether the stage restarts now
UPDATE incidents
SET status = $2, level = $3, call_up_pending = $4, department_code = $5, rating = coalesce($6, rating),
    stage_started_at = CASE WHEN $7 THEN now() ELSE stage_started_at END,
    closed_at = CASE WHEN $2 = 'closed' AND status <> 'closed' THEN now() WHEN $2 <> 'closed' THEN NULL ELSE closed_at END,
    version = version + 1
WHERE id = $1
RETURNING version
