-- Raise an alarm, or count a repeat on the source's alarm of the same rule when its last occurrence lies
-- within the rule's de-duplication window. `created` tells which.
-- $1 device id or null, $2 camera id or null, $3 rule, $4 severity, $5 message, $6 value, $7 at, $8 window (minutes)
WITH src AS (
  SELECT grid_code, geom, geom3857 FROM devices WHERE id = $1
  UNION ALL
  SELECT grid_code, geom, geom3857 FROM cameras WHERE id = $2
),
recent AS (
  SELECT id FROM alarms
  WHERE rule = $3 AND status <> 'closed' AND (device_id = $1 OR camera_id = $2)
    AND last_at >= $7::timestamptz - make_interval(mins => $8)
  ORDER BY last_at DESC
  LIMIT 1
),
bumped AS (
  UPDATE alarms a SET occurrences = a.occurrences + 1, last_at = greatest(a.last_at, $7::timestamptz), value = $6
  FROM recent WHERE a.id = recent.id
  RETURNING a.id, a.incident_id, a.occurrences, false AS created
),
made AS (
  INSERT INTO alarms (device_id, camera_id, rule, severity, message, value, grid_code, first_at, last_at, geom, geom3857)
  SELECT $1, $2, $3, $4, $5, $6, src.grid_code, $7, $7, src.geom, src.geom3857
  FROM src WHERE NOT EXISTS (SELECT 1 FROM recent)
  RETURNING id, incident_id, occurrences, true AS created
)
SELECT * FROM bumped UNION ALL SELECT * FROM made
