-- Accounts whose scope lies within $1. Never the password hash.
SELECT a.id, a.username, a.display_name, a.role, a.scope_code, coalesce(ar.name, a.scope_code) AS scope_name,
       a.department_code, a.disabled, a.is_demo, a.locked_until, a.created_at, a.updated_at
FROM accounts a LEFT JOIN areas ar ON ar.code = a.scope_code
WHERE a.scope_code LIKE $1 || '%'
ORDER BY a.scope_code, a.role, a.username
