-- The area, its bounding box and label point.
-- $1 code
SELECT code, name, level, parent_code, households, population, building_count, facility_count,
       ST_XMin(geom) AS w, ST_YMin(geom) AS s, ST_XMax(geom) AS e, ST_YMax(geom) AS n,
       ST_X(label_point) AS lng, ST_Y(label_point) AS lat
FROM areas
WHERE code = $1
