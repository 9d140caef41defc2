-- Live cases that may report the same problem as case $1: same type, within $2 metres, reported within $3
-- hours of it, inside the caller's scope $4; nearest first.
SELECT o.id, o.case_no, o.status, o.reported_at, o.grid_code,
       round(ST_Distance(o.geom::geography, c.geom::geography))::int AS distance_m,
       round(abs(extract(epoch FROM o.reported_at - c.reported_at)) / 60)::int AS minutes_apart
FROM incidents c
JOIN incidents o ON o.type_code = c.type_code AND o.id <> c.id
 AND o.geom && ST_Expand(c.geom, $2 / 90000.0)
 AND o.reported_at BETWEEN c.reported_at - make_interval(hours => $3) AND c.reported_at + make_interval(hours => $3)
WHERE c.id = $1
  AND o.status NOT IN ('closed', 'rejected', 'merged')
  AND o.grid_code LIKE $4 || '%'
  AND ST_DWithin(o.geom::geography, c.geom::geography, $2)
ORDER BY distance_m, o.id
LIMIT 20
