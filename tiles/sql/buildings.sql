-- Footprints are small: no simplification, the tile grid snaps them.
-- $1 z, $2 x, $3 y, $4 the caller's scope (an area code prefix)
SELECT id, height::float8 AS height, floors, use, pop_0_14 + pop_15_59 + pop_60_plus AS population, geom3857 AS geom
FROM buildings
WHERE geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
  AND grid_code LIKE $4 || '%'
