-- A login attempt, counted before the password is checked (a right password then clears the count): one
-- statement, so parallel attempts queue on the row's lock, and at most $2 of them get their password checked
-- before the one that reaches the limit locks the account (and starts the count again). No row when the name
-- is unknown or the account is locked. $1 username, $2 attempts before the lock, $3 minutes locked
UPDATE accounts
SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
    locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) END
WHERE username = $1 AND (locked_until IS NULL OR locked_until <= now())
RETURNING id, username, role, scope_code, password_hash, disabled, is_demo, failed_logins, locked_until
