-- Alarms not yet closed in an area, by status and severity.
-- $1 area prefix
SELECT status, severity, count(*)::int AS n
FROM alarms
WHERE grid_code LIKE $1 || '%' AND status <> 'closed'
GROUP BY status, severity
