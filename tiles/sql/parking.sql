-- $1 z, $2 x, $3 y
SELECT id, name, kind, capacity, capacity - occupied AS free, geom3857 AS geom
FROM parking
WHERE geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
