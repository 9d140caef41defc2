-- Parking with free spaces nearest a point as the crow flies: the candidates to route to.
-- $1 lng, $2 lat, $3 how many
SELECT id, name, kind, capacity, capacity - occupied AS free, ST_X(geom) AS lng, ST_Y(geom) AS lat,
       ST_Distance(geom::geography, ST_SetSRID(ST_Point($1, $2), 4326)::geography) AS straight_m
FROM parking
WHERE occupied < capacity
ORDER BY geom3857 <-> ST_Transform(ST_SetSRID(ST_Point($1, $2), 4326), 3857)
LIMIT $3
