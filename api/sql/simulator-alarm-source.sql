-- A random online device of a kind in the district with no live alarm, for a simulated alarm
-- (a repeat on a live alarm would only count an occurrence).
-- $1 district code, $2 kinds
SELECT id, code, kind, last_values FROM devices d
WHERE grid_code LIKE $1 || '%' AND kind = ANY($2::text[]) AND status = 'online'
  AND NOT EXISTS (SELECT 1 FROM alarms a WHERE a.device_id = d.id AND a.status <> 'closed')
ORDER BY random() LIMIT 1
