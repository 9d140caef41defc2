-- Buildings by doorplate code prefix, name or address.
-- $1 query, $2 limit, $3 the caller's scope
SELECT id, coalesce(name, address) AS name, address, doorplate, ST_X(p) AS lng, ST_Y(p) AS lat
FROM buildings, LATERAL ST_PointOnSurface(geom) AS p
WHERE (doorplate LIKE $1 || '%' OR name LIKE '%' || $1 || '%' OR address LIKE '%' || $1 || '%')
  AND grid_code LIKE $3 || '%'
ORDER BY id
LIMIT $2
