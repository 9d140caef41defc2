-- Areas whose level suits the zoom: districts always, streets from z10, communities from z12.
-- Simplified to about a quarter pixel before clipping; the tile wrapper clips and encodes.
-- $1 z, $2 x, $3 y
SELECT code, name, level, population,
       ST_Simplify(geom3857, 40075016.686 / (4096.0 * 4 * 2 ^ $1::int), true) AS geom
FROM areas
WHERE geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
  AND level IN ('district', 'street', 'community')
  AND (level = 'district' OR (level = 'street' AND $1::int >= 10) OR (level = 'community' AND $1::int >= 12))
