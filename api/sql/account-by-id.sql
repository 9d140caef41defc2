-- An account's rights, for an administrator changing them and for a live stream re-checking its caller.
-- $1 account id
SELECT id, role, scope_code, department_code, disabled FROM accounts WHERE id = $1
