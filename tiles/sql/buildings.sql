-- Footprints are small: no simplification, the tile grid snaps them.
-- $1 z, $2 x, $3 y. area_code: what the tile service filters by the caller's scope.
SELECT id, height::float8 AS height, floors, use, pop_0_14 + pop_15_59 + pop_60_plus AS population, grid_code AS area_code, geom3857 AS geom
FROM buildings
WHERE geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
