-- Open cases past their current stage's deadline now, in total and per sub-area. $1 area prefix,
-- $2 child code length (0: none), $3 department or null.
SELECT CASE WHEN $2::int > 0 THEN left(i.grid_code, $2::int) END AS child, count(*)::int AS overdue_now
FROM incidents i
WHERE i.stage_due_at < now() AND i.status IN ('reported', 'registered', 'dispatched', 'handling', 'verifying')
  AND i.grid_code LIKE $1 || '%' AND ($3::text IS NULL OR i.department_code = $3)
GROUP BY GROUPING SETS ((), (CASE WHEN $2::int > 0 THEN left(i.grid_code, $2::int) END))
