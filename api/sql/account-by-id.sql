-- An account's rights, for an administrator changing them. $1 account id
SELECT id, role, scope_code, department_code FROM accounts WHERE id = $1
