-- Special groups living in an area (scope already checked). Personal fields are masked by the caller.
-- $1 area code, $2 category or null, $3 limit, $4 offset
SELECT r.id, r.name, r.gender, r.birth_year, r.phone, r.id_number, r.category, r.care_note,
       r.grid_code, g.name AS grid_name, b.id AS building_id, b.address,
       count(*) OVER ()::int AS total
FROM residents r
JOIN buildings b ON b.id = r.building_id
JOIN areas g ON g.code = r.grid_code
WHERE r.grid_code LIKE $1 || '%' AND ($2::text IS NULL OR r.category = $2)
ORDER BY r.grid_code, r.id
LIMIT $3 OFFSET $4
