-- $1 z, $2 x, $3 y
-- The facilities a community life circle must hold (GB 50180-2018 居住区规划设计标准), by service type, with the
-- circle (minutes on foot) each belongs to, its walking reach and its capacity: the catalog of
-- tiles/domain/planning.ts (5-minute circle 300 m, 10-minute 500 m, 15-minute 1,000 m; tests hold the two
-- equal). Kiosks have no service type and are not part of a circle.
SELECT id, name, kind, type, circle, reach_m, capacity, geom3857 AS geom
FROM (
  SELECT f.id, f.name, f.kind, f.service_type AS type, f.capacity, f.geom3857,
         CASE WHEN f.service_type IN ('kindergarten', 'elderly_daycare', 'community_service', 'health_station') THEN 5
              WHEN f.service_type IN ('primary_school', 'market') THEN 10 ELSE 15 END AS circle,
         CASE WHEN f.service_type IN ('kindergarten', 'elderly_daycare', 'community_service', 'health_station') THEN 300
              WHEN f.service_type IN ('primary_school', 'market') THEN 500 ELSE 1000 END AS reach_m
  FROM facilities f
  WHERE f.service_type IS NOT NULL
    AND f.geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
) c
