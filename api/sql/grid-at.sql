-- The grid holding a point. $1 lng, $2 lat
SELECT code FROM areas
WHERE level = 'grid' AND geom && ST_SetSRID(ST_Point($1, $2), 4326) AND ST_Intersects(geom, ST_SetSRID(ST_Point($1, $2), 4326))
ORDER BY code
LIMIT 1
