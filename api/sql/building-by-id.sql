-- $1 id
SELECT b.id, b.name, b.address, b.doorplate, b.use, b.floors, round(b.height::numeric, 1)::float8 AS height, b.built_year, b.households,
       b.pop_0_14, b.pop_15_59, b.pop_60_plus, b.grid_code,
       ST_X(ST_Centroid(b.geom)) AS lng, ST_Y(ST_Centroid(b.geom)) AS lat,
       ST_AsGeoJSON(b.geom, 6)::json AS footprint
FROM buildings b
WHERE b.id = $1
