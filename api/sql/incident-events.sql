-- The event log of a case, oldest first. $1 incident id
SELECT id, at, actor, role, action, from_status, to_status, note
FROM incident_events
WHERE incident_id = $1
ORDER BY id
