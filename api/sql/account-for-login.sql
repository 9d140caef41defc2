-- The account signing in, with what the login checks. $1 username
SELECT id, username, role, scope_code, password_hash, disabled, failed_logins, locked_until
FROM accounts
WHERE username = $1
