-- A random online device of a kind in the district, for a simulated alarm.
-- $1 district code, $2 kinds
SELECT id, code, kind, last_values FROM devices
WHERE grid_code LIKE $1 || '%' AND kind = ANY($2::text[]) AND status = 'online'
ORDER BY random() LIMIT 1
