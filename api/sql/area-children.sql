-- Children with their inventory, ordered by code.
-- $1 code
SELECT code, name, level, households, population, building_count, facility_count,
       ST_X(label_point) AS lng, ST_Y(label_point) AS lat
FROM areas
WHERE parent_code = $1
ORDER BY code
