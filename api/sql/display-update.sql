-- Rename or reconfigure a display that is not revoked; its account's name follows. Null keeps a value.
-- $1 id, $2 name, $3 scenes (json), $4 fit, $5 takeover seconds
WITH d AS (
  UPDATE displays
  SET name = coalesce($2, name), scenes = coalesce($3::jsonb, scenes), fit = coalesce($4, fit), takeover_s = coalesce($5, takeover_s)
  WHERE id = $1 AND revoked_at IS NULL
  RETURNING account_id, name
)
UPDATE accounts a SET display_name = d.name, updated_at = now()
FROM d WHERE a.id = d.account_id
RETURNING a.id
