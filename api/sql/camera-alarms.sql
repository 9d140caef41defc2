-- A camera's latest alarms (video analytics), newest first, with their cases. $1 camera id
SELECT a.id, a.rule, a.severity, a.status, a.message, a.first_at, a.last_at, a.occurrences, a.incident_id, i.case_no
FROM alarms a LEFT JOIN incidents i ON i.id = a.incident_id
WHERE a.camera_id = $1
ORDER BY a.last_at DESC
LIMIT 10
