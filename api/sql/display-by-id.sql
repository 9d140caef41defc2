-- One wall display, for an administrator's change (its scope is checked by the caller). $1 id
SELECT id, account_id, name, area_code, revoked_at
FROM displays
WHERE id = $1
