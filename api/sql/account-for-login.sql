-- The account of a refused login, for its audit entry (the attempt itself is account-login-attempt).
-- $1 username
SELECT id, username, role, scope_code, password_hash, disabled, is_demo, failed_logins, locked_until
FROM accounts
WHERE username = $1
