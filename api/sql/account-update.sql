-- An administrator's change of an account. A new password ends its demo status and any lock; what is null
-- stays as it was (the display name, the password, disabled). Failed logins start again from 0.
-- $1 account id, $2 display name or null, $3 role, $4 scope code, $5 department code or null,
-- $6 new password hash or null, $7 disabled or null
UPDATE accounts
SET display_name = coalesce($2, display_name), role = $3, scope_code = $4, department_code = $5,
    password_hash = coalesce($6, password_hash), is_demo = is_demo AND $6::text IS NULL,
    disabled = coalesce($7, disabled), failed_logins = 0, locked_until = CASE WHEN $6::text IS NULL THEN locked_until END,
    updated_at = now()
WHERE id = $1
