-- Revoke a display (once: a second revocation keeps the first time): its account is disabled and its sessions
-- end, so its live streams end at their next session check and every call is refused. $1 id
WITH d AS (
  UPDATE displays SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1
  RETURNING account_id, revoked_at
),
account AS (
  UPDATE accounts a SET disabled = true, updated_at = now() FROM d WHERE a.id = d.account_id RETURNING a.id
),
sessions_ended AS (
  DELETE FROM sessions s USING d WHERE s.account_id = d.account_id RETURNING 1
)
SELECT d.revoked_at, (SELECT count(*)::int FROM sessions_ended) AS sessions_ended FROM d
