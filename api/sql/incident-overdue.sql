-- Live cases past the deadline of their stage (or of an unanswered call-up) that can still go up a level, locked for escalation; cases
-- another process is escalating are skipped. $1 limit
SELECT id, case_no, status, level, stage_due_at
FROM incidents
WHERE stage_due_at IS NOT NULL AND stage_due_at <= now()
  AND status IN ('reported', 'registered', 'dispatched', 'handling', 'verifying')
  AND level <> 'city'
ORDER BY stage_due_at
LIMIT $1
FOR UPDATE SKIP LOCKED
