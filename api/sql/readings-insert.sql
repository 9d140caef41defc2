-- A batch of readings in one statement. A reading already stored (same device, metric and time: a re-sent
-- batch) is skipped. Returns how many were new.
-- $1 [{d: device id, m: metric id, t: time, v: value}]
WITH ins AS (
  INSERT INTO readings (device_id, metric, at, value)
  SELECT r.d, r.m, r.t, r.v FROM json_to_recordset($1::json) AS r(d int, m smallint, t timestamptz, v real)
  ON CONFLICT (device_id, metric, at) DO NOTHING
  RETURNING 1
)
SELECT count(*)::int AS inserted FROM ins
