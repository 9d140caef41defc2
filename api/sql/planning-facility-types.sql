-- Which of the given facility ids exist with the given service type.
-- $1 ids, $2 service type
SELECT id, name, capacity, ST_X(geom) AS lng, ST_Y(geom) AS lat FROM facilities WHERE id = ANY($1::int[]) AND service_type = $2
