-- Devices that missed three heartbeats in a row go offline. Those heard from within the last day raise an
-- offline alarm; longer silences (an outage, a restart after days) are marked without flooding the alarm list.
-- $1 now, $2 heartbeats missed
WITH gone AS (
  UPDATE devices SET status = 'offline'
  WHERE status = 'online' AND coalesce(last_seen_at, installed_at) < $1::timestamptz - make_interval(secs => heartbeat_s * $2)
  RETURNING id, code, name, grid_code, coalesce(last_seen_at, installed_at) AS seen, geom, geom3857
),
raised AS (
  INSERT INTO alarms (device_id, rule, severity, message, grid_code, first_at, last_at, geom, geom3857)
  SELECT id, 'offline', 'minor', '设备离线：' || name || '（' || code || '）最后上报 ' || to_char((seen AT TIME ZONE 'UTC') + interval '8 hours', 'MM-DD HH24:MI'),
         grid_code, $1, $1, geom, geom3857
  FROM gone WHERE seen > $1::timestamptz - interval '1 day'
  RETURNING id
)
SELECT (SELECT count(*) FROM gone)::int AS offline, (SELECT count(*) FROM raised)::int AS alarms
