-- Departments of a case's district, the one suggested for its type first (none for a type without limits).
-- $1 incident id
SELECT d.code, d.name, d.name_en, coalesce(d.kind = s.department_kind, false) AS suggested
FROM incidents i
JOIN departments d ON d.district_code = left(i.grid_code, 6)
LEFT JOIN case_slas s ON s.type_code = i.type_code
WHERE i.id = $1
ORDER BY (d.kind = s.department_kind) DESC NULLS LAST, d.code
