-- $1 z, $2 x, $3 y
SELECT id, name, kind, geom3857 AS geom
FROM facilities
WHERE geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
