-- $1 z, $2 x, $3 y, $4 the caller's scope (an area code prefix)
SELECT id, name, kind, status, direction::float8 AS direction, fov::float8 AS fov, range_m::float8 AS range_m, geom3857 AS geom
FROM cameras
WHERE geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
  AND grid_code LIKE $4 || '%'
