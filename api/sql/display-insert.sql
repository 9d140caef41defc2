-- A new wall display and its account (role display, scoped to the display's area, named display-<id>, with a
-- password hash no password matches). $1 name, $2 area code, $3 scenes (json), $4 fit, $5 takeover seconds,
-- $6 token hash (SHA-256), $7 the administrator's account id, $8 the unusable password hash
WITH next AS (SELECT nextval(pg_get_serial_sequence('displays', 'id'))::int AS id),
account AS (
  INSERT INTO accounts (username, display_name, role, scope_code, password_hash)
  SELECT 'display-' || next.id, $1, 'display', $2, $8 FROM next
  RETURNING id
)
INSERT INTO displays (id, account_id, name, area_code, scenes, fit, takeover_s, token_hash, created_by)
SELECT next.id, account.id, $1, $2, $3::jsonb, $4, $5, $6, $7 FROM next, account
RETURNING id, account_id
