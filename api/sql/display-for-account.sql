-- The display a display account belongs to, if not revoked; marks it seen, at most once a minute.
-- $1 account id
WITH seen AS (
  UPDATE displays SET last_seen_at = now()
  WHERE account_id = $1 AND revoked_at IS NULL AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')
  RETURNING id
)
SELECT d.id, d.name, d.area_code, coalesce(a.name, d.area_code) AS area_name, d.scenes, d.fit, d.takeover_s
FROM displays d LEFT JOIN areas a ON a.code = d.area_code
WHERE d.account_id = $1 AND d.revoked_at IS NULL
