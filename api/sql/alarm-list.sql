-- Alarms of an area, newest first, with their source (device or camera) and case. total: all that match.
-- $1 area prefix, $2 status filter ('live' = open or acknowledged, 'all', or one status), $3 severity or null,
-- $4 limit, $5 offset, $6 a department handler's department or null: then only alarms whose case is that
-- department's (an alarm without a case is the operators' to act on, not a department's)
SELECT a.id, a.rule, a.severity, a.status, a.message, a.value::float8 AS value, a.grid_code, a.first_at, a.last_at, a.occurrences,
       a.acknowledged_by, a.acknowledged_at, a.closed_at,
       a.device_id, d.code AS device_code, d.name AS device_name, d.kind AS device_kind,
       a.camera_id, c.code AS camera_code, c.name AS camera_name,
       a.incident_id, i.case_no, i.status AS case_status,
       ST_X(a.geom) AS lng, ST_Y(a.geom) AS lat,
       count(*) OVER ()::int AS total
FROM alarms a
LEFT JOIN devices d ON d.id = a.device_id
LEFT JOIN cameras c ON c.id = a.camera_id
LEFT JOIN incidents i ON i.id = a.incident_id
WHERE a.grid_code LIKE $1 || '%'
  AND CASE $2::text WHEN 'live' THEN a.status <> 'closed' WHEN 'all' THEN true ELSE a.status = $2 END
  AND ($3::text IS NULL OR a.severity = $3)
  AND ($6::text IS NULL OR i.department_code = $6)
ORDER BY a.last_at DESC, a.id DESC
LIMIT $4 OFFSET $5
