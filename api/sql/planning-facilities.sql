-- Today's facilities of one life-circle service type, with capacity and position.
-- $1 service type
SELECT id, name, grid_code, capacity, ST_X(geom) AS lng, ST_Y(geom) AS lat
FROM facilities
WHERE service_type = $1
ORDER BY id
