-- $1 id
SELECT s.id, s.name, s.area_code, a.name AS area_name, s.facility_type, s.edits, s.version,
       acc.display_name AS created_by, s.created_at, s.updated_at
FROM planning_scenarios s
JOIN accounts acc ON acc.id = s.created_by
LEFT JOIN areas a ON a.code = s.area_code
WHERE s.id = $1
