-- A new account. A username already taken fails with a unique violation (23505).
-- $1 username, $2 display name, $3 role, $4 scope code, $5 department code or null, $6 password hash,
-- $7 whether it is a demo account
INSERT INTO accounts (username, display_name, role, scope_code, department_code, password_hash, is_demo)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id
