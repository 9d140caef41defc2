-- $1 z, $2 x, $3 y, $4 the caller's scope (an area code prefix)
SELECT code, name, households, population,
       ST_Simplify(geom3857, 40075016.686 / (4096.0 * 4 * 2 ^ $1::int), true) AS geom
FROM areas
WHERE level = 'grid' AND geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
  AND code LIKE $4 || '%'
