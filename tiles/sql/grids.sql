-- $1 z, $2 x, $3 y. area_code: what the tile service filters by the caller's scope.
SELECT code, name, households, population, code AS area_code,
       ST_Simplify(geom3857, 40075016.686 / (4096.0 * 4 * 2 ^ $1::int), true) AS geom
FROM areas
WHERE level = 'grid' AND geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
