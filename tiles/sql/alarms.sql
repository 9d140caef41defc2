-- $1 z, $2 x, $3 y, $4 the caller's scope (an area code prefix)
-- Alarms not yet closed: the source is a device or a camera; incident_id 0 when no case was opened.
SELECT a.id, a.rule, a.severity, a.status, CASE WHEN a.device_id IS NOT NULL THEN 'device' ELSE 'camera' END AS source,
       coalesce(a.incident_id, 0) AS incident_id, a.occurrences, a.geom3857 AS geom
FROM alarms a
WHERE a.status <> 'closed'
  AND a.geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
  AND a.grid_code LIKE $4 || '%'
