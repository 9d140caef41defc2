-- The account behind a session token (its SHA-256), if the session is live and the account enabled.
-- $1 token hash
SELECT a.id, a.username, a.display_name, a.role, a.scope_code, coalesce(s_area.name, a.scope_code) AS scope_name,
       a.department_code, d.name AS department_name, s.csrf_token, s.expires_at
FROM sessions s
JOIN accounts a ON a.id = s.account_id
LEFT JOIN areas s_area ON s_area.code = a.scope_code
LEFT JOIN departments d ON d.code = a.department_code
WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT a.disabled
