-- Incidents of the last 30 days within 150 m of the building, newest first.
-- $1 building id, $2 the caller's scope (only incidents within it), $3 a department handler's department or null
SELECT i.id, i.case_no, t.name AS type_name, t.major, i.source, i.status, i.reported_at,
       round(ST_Distance(i.geom::geography, b.geom::geography))::int AS distance_m
FROM buildings b
JOIN incidents i ON i.geom && ST_Expand(b.geom, 0.002)
JOIN incident_types t ON t.code = i.type_code
WHERE b.id = $1 AND i.reported_at > (SELECT max(reported_at) FROM incidents) - interval '30 days'
  AND ST_DWithin(i.geom::geography, b.geom::geography, 150)
  AND i.grid_code LIKE $2 || '%'
  AND ($3::text IS NULL OR i.department_code = $3)
ORDER BY i.reported_at DESC
LIMIT 10
