-- A case photo with the case it belongs to, for the scope and department checks. $1 photo id
SELECT p.content_type, p.bytes, i.grid_code, i.department_code
FROM incident_photos p
JOIN incidents i ON i.id = p.incident_id
WHERE p.id = $1 AND p.bytes IS NOT NULL
