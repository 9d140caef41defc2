-- Service facilities within 800 m walking-ish distance (straight line), nearest first.
-- The degree box pre-filters on the index; the geography distance is exact.
-- $1 building id
SELECT f.id, f.name, f.kind, round(ST_Distance(f.geom::geography, b.geom::geography))::int AS distance_m
FROM buildings b
JOIN facilities f ON f.geom && ST_Expand(b.geom, 0.009)
WHERE b.id = $1 AND ST_DWithin(f.geom::geography, b.geom::geography, 800)
ORDER BY distance_m
LIMIT 8
