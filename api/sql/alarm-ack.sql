-- An operator acknowledges an open alarm; no row when it is not open (any more).
-- $1 alarm id, $2 username
UPDATE alarms SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = now()
WHERE id = $1 AND status = 'open'
RETURNING acknowledged_at
