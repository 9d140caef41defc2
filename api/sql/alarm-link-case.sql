-- An alarm and the case it opened point at each other.
-- $1 alarm id, $2 incident id
WITH a AS (UPDATE alarms SET incident_id = $2 WHERE id = $1 RETURNING id)
UPDATE incidents SET alarm_id = $1 WHERE id = $2
