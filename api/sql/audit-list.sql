-- The audit log as an auditor in scope $1 sees it: entries by actors in the scope or about areas in it, and,
-- for the city's own auditors and administrators, entries bound to no area (failed logins of unknown names).
-- $1 scope, $2 username or null, $3 action prefix or null, $4 from or null, $5 to or null, $6 limit, $7 offset
SELECT id, at, username, role, scope_code, ip, action, target_type, target_id, area_code, detail,
       count(*) OVER ()::int AS total
FROM audit_log
WHERE (scope_code LIKE $1 || '%' OR area_code LIKE $1 || '%'
       OR (scope_code IS NULL AND area_code IS NULL AND EXISTS (SELECT 1 FROM areas WHERE code = $1 AND level = 'city')))
  AND ($2::text IS NULL OR username = $2)
  AND ($3::text IS NULL OR action LIKE $3 || '%')
  AND ($4::timestamptz IS NULL OR at >= $4)
  AND ($5::timestamptz IS NULL OR at < $5)
ORDER BY at DESC, id DESC
LIMIT $6 OFFSET $7
