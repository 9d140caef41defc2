-- Live cases without a stored stage deadline, with what computing it needs.
SELECT i.id, i.status, i.reported_at, i.stage_started_at,
       s.accept_minutes, s.dispatch_minutes, s.handle_minutes, s.handle_calendar, s.verify_minutes,
       case_handling_started(i.id) AS dispatched_at
FROM incidents i
JOIN case_slas s ON s.type_code = i.type_code
WHERE i.stage_due_at IS NULL AND i.status IN ('reported', 'registered', 'dispatched', 'handling', 'verifying')
