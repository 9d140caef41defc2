-- The display a token signs in (its SHA-256 matches, it is not revoked and its account is enabled), marked as
-- seen now. No row for an unknown or revoked token. $1 token hash
UPDATE displays d
SET last_seen_at = now()
FROM accounts a
WHERE d.token_hash = $1 AND d.revoked_at IS NULL AND a.id = d.account_id AND NOT a.disabled AND a.role = 'display'
RETURNING d.id, d.name, d.area_code, a.id AS account_id, a.username, a.role, a.scope_code
