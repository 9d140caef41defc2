-- $1 account id, $2 username, $3 role, $4 actor scope, $5 ip, $6 action, $7 target type, $8 target id, $9 area code, $10 detail
INSERT INTO audit_log (account_id, username, role, scope_code, ip, action, target_type, target_id, area_code, detail)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
