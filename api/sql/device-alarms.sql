-- A device's latest alarms, newest first, with their cases. $1 device id, $2 a department
-- handler's department or null: then only alarms whose case is that department's (as alarm.list)
SELECT a.id, a.rule, a.severity, a.status, a.message, a.first_at, a.last_at, a.occurrences, a.incident_id, i.case_no
FROM alarms a LEFT JOIN incidents i ON i.id = a.incident_id
WHERE a.device_id = $1
  AND ($2::text IS NULL OR i.department_code = $2)
ORDER BY a.last_at DESC
LIMIT 10
