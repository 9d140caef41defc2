-- $1 z, $2 x, $3 y. area_code and department_code: what the tile service filters by the caller's scope and
-- (department handlers) department: that of the alarm's case, none for an alarm that opened no case.
-- Alarms not yet closed: the source is a device or a camera; incident_id 0 when no case was opened.
SELECT a.id, a.rule, a.severity, a.status, CASE WHEN a.device_id IS NOT NULL THEN 'device' ELSE 'camera' END AS source,
       coalesce(a.incident_id, 0) AS incident_id, a.occurrences, a.grid_code AS area_code, i.department_code, a.geom3857 AS geom
FROM alarms a
LEFT JOIN incidents i ON i.id = a.incident_id
WHERE a.status <> 'closed'
  AND a.geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
