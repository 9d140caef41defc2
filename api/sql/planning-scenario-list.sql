-- Scenarios of areas inside $1 (the caller's scope, or an area within it), newest first.
-- $1 area code prefix
SELECT s.id, s.name, s.area_code, a.name AS area_name, s.facility_type, s.edits, s.version,
       acc.display_name AS created_by, s.created_at, s.updated_at
FROM planning_scenarios s
JOIN accounts acc ON acc.id = s.created_by
LEFT JOIN areas a ON a.code = s.area_code
WHERE s.area_code LIKE $1 || '%'
ORDER BY s.updated_at DESC, s.id DESC
LIMIT 200
