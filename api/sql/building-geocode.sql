-- A point for a typed address: the building with exactly that address, else the shortest address containing
-- it. $1 address
SELECT ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat, address
FROM buildings
WHERE address = $1 OR address LIKE '%' || $1 || '%'
ORDER BY address = $1 DESC, length(address), id
LIMIT 1
