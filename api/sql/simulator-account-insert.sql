-- One of the simulator's own accounts (demo, disabled: nobody signs in as it), unless it exists.
-- $1 username, $2 display name, $3 role, $4 scope code, $5 department code or null, $6 password hash
INSERT INTO accounts (username, display_name, role, scope_code, department_code, password_hash, is_demo, disabled)
VALUES ($1, $2, $3, $4, $5, $6, true, true)
ON CONFLICT (username) DO NOTHING
