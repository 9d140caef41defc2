-- Arterials from z8, local streets from z12.
-- $1 z, $2 x, $3 y
SELECT id, name, class, geom3857 AS geom
FROM roads
WHERE geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
  AND (class = 'arterial' OR $1::int >= 12)
