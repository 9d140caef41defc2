-- Live cases past the deadline of their stage (or of an unanswered call-up) that can still go up a level, locked for escalation; cases
-- another process is escalating are skipped. Deadlines that passed more than a day ago (before the system
-- was running: seeded history, a long outage) are not escalated all at once; lists show them as overdue.
-- $1 limit
SELECT id, case_no, status, level, stage_due_at
FROM incidents
WHERE stage_due_at <= now() AND stage_due_at > now() - interval '1 day'
  AND status IN ('reported', 'registered', 'dispatched', 'handling', 'verifying')
  AND level <> 'city'
ORDER BY stage_due_at
LIMIT $1
FOR UPDATE SKIP LOCKED
