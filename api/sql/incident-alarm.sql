-- The alarm that opened a case (a sensor's or a camera's video analytics), with its source's code.
-- $1 incident id
SELECT a.id, a.rule, a.severity, a.status, a.message, a.first_at, a.last_at, a.occurrences, a.device_id, a.camera_id,
       coalesce(d.code, c.code) AS source_code
FROM incidents i
JOIN alarms a ON a.id = i.alarm_id
LEFT JOIN devices d ON d.id = a.device_id
LEFT JOIN cameras c ON c.id = a.camera_id
WHERE i.id = $1
