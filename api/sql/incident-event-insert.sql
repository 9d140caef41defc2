-- $1 incident, $2 account, $3 actor, $4 role, $5 action, $6 from, $7 to, $8 note, $9 detail
INSERT INTO incident_events (incident_id, account_id, actor, role, action, from_status, to_status, note, detail)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
RETURNING id
