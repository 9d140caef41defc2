-- $1 z, $2 x, $3 y. area_code: what the tile service filters by the caller's scope.
-- Each camera's view cone (camera_view_cone, migration 006), for cameras within reach of the tile.
SELECT c.id, c.status, c.grid_code AS area_code, ST_Transform(camera_view_cone(c.geom, c.direction, c.fov, c.range_m), 3857) AS geom
FROM cameras c
WHERE c.geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.2)
