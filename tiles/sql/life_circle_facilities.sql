-- $1 z, $2 x, $3 y
-- The facilities a community life circle must hold (GB 50180-2018 居住区规划设计标准), with the circle
-- (minutes on foot) each belongs to and its walking reach: 5-minute circle ~300 m (elderly day care),
-- 10-minute ~500 m (primary school, market), 15-minute ~800–1,000 m (health service centre, the
-- community service centre). Kiosks are not part of a circle.
SELECT id, name, kind, circle, reach_m, geom3857 AS geom
FROM (
  SELECT f.id, f.name, f.kind, f.geom3857,
         CASE f.kind WHEN 'elderly_care' THEN 5 WHEN 'school' THEN 10 WHEN 'market' THEN 10 ELSE 15 END AS circle,
         CASE f.kind WHEN 'elderly_care' THEN 300 WHEN 'school' THEN 500 WHEN 'market' THEN 500 ELSE 1000 END AS reach_m
  FROM facilities f
  WHERE f.kind IN ('elderly_care', 'school', 'market', 'clinic', 'service_centre')
    AND f.geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
) c
