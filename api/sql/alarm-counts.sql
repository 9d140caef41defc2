-- Alarms not yet closed in an area, by status and severity.
-- $1 area prefix, $2 a department handler's department or null (only alarms whose case is that department's)
SELECT a.status, a.severity, count(*)::int AS n
FROM alarms a
LEFT JOIN incidents i ON i.id = a.incident_id
WHERE a.grid_code LIKE $1 || '%' AND a.status <> 'closed'
  AND ($2::text IS NULL OR i.department_code = $2)
GROUP BY a.status, a.severity
