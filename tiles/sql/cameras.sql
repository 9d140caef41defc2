-- $1 z, $2 x, $3 y. area_code: what the tile service filters by the caller's scope.
SELECT id, name, kind, status, direction::float8 AS direction, fov::float8 AS fov, range_m::float8 AS range_m, grid_code AS area_code, geom3857 AS geom
FROM cameras
WHERE geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
