-- A camera for its card, with its view cone.
-- $1 camera id
SELECT c.id, c.code, c.name, c.kind, c.status, c.owner, c.direction::float8 AS direction, c.fov::float8 AS fov,
       c.range_m::float8 AS range_m, c.hls_url, c.last_seen_at, c.grid_code,
       ST_X(c.geom) AS lng, ST_Y(c.geom) AS lat,
       ST_AsGeoJSON(camera_view_cone(c.geom, c.direction, c.fov, c.range_m), 6)::json AS cone
FROM cameras c
WHERE c.id = $1
