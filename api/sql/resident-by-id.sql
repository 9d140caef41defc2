-- $1 resident id
SELECT r.id, r.name, r.gender, r.birth_year, r.phone, r.id_number, r.category, r.care_note,
       r.grid_code, g.name AS grid_name, b.id AS building_id, b.address
FROM residents r
JOIN buildings b ON b.id = r.building_id
JOIN areas g ON g.code = r.grid_code
WHERE r.id = $1
