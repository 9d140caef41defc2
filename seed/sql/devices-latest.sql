-- Each device's last reading of each metric (last_values, for cards and rate rules), when it was last seen,
-- and the parking lots' occupancy from their sensors. After the history is loaded.
-- $1 the metrics: [{id, key}]
WITH m AS (SELECT * FROM json_to_recordset($1::json) AS m(id int, key text)),
last AS (
  SELECT DISTINCT ON (r.device_id, r.metric) r.device_id, m.key, r.at, r.value
  FROM readings r JOIN m ON m.id = r.metric
  WHERE r.at >= date_trunc('hour', now()) - interval '6 hours'
  ORDER BY r.device_id, r.metric, r.at DESC
),
per_device AS (
  SELECT device_id, max(at) AS at,
         jsonb_object_agg(key, jsonb_build_object('v', round(value::numeric, 2), 'at', at)) AS vals,
         max(value) FILTER (WHERE key = 'occupied') AS occupied
  FROM last GROUP BY device_id
),
dev AS (
  UPDATE devices d SET last_seen_at = p.at, last_values = p.vals
  FROM per_device p WHERE d.id = p.device_id
  RETURNING d.parking_id, p.occupied
)
UPDATE parking pk SET occupied = dev.occupied::int
FROM dev WHERE pk.id = dev.parking_id AND dev.occupied IS NOT NULL
