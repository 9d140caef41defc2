-- Days of telemetry history for every seeded device, ending at the current hour: daily rhythms (temperature,
-- noise, gate passages and parking by the hour in China time, lamps on at night, bins filling between
-- collections), never breaking an alarm rule. One device in fifty went silent five hours ago: the offline
-- sweep finds it. Values come from random(): the history is plausible, not reproducible; devices are.
-- $1 the series: [{kind, metric, key, step}] (tiles/domain/sensing.ts), $2 days of history
WITH s AS (
  SELECT * FROM json_to_recordset($1::json) AS s(kind text, metric int, key text, step int)
),
d AS (
  SELECT dv.id, dv.kind, coalesce(p.capacity, 0) AS capacity,
         ('x' || substr(md5(dv.id || 'base'), 1, 8))::bit(32)::bigint / 4294967296.0 AS base,
         ('x' || substr(md5(dv.id || 'silent'), 1, 8))::bit(32)::bigint / 4294967296.0 < 0.02 AS silent
  FROM devices dv LEFT JOIN parking p ON p.id = dv.parking_id
),
t0 AS (SELECT date_trunc('hour', now()) AS end_at)
INSERT INTO readings (device_id, metric, at, value)
SELECT d.id, s.metric, t.at,
       CASE s.key
         WHEN 'smoke' THEN 1.5 * random() * random()
         WHEN 'temperature' THEN 18 + 8 * c.day + 2 * random()
         WHEN 'tilt' THEN 2 * random() * random()
         WHEN 'fill' THEN 5 + 75 * ((c.h + 6)::int % 12) / 12.0 + 4 * random()
         WHEN 'rain' THEN CASE WHEN random() < 0.05 THEN 8 * random() ELSE 0 END
         WHEN 'pm25' THEN 22 + 25 * random() + 12 * c.day
         WHEN 'noise' THEN 44 + 18 * c.day + 5 * random()
         WHEN 'building_tilt' THEN 0.5 + 2.5 * d.base + 0.02 * random()
         WHEN 'crack' THEN 0.05 + 0.45 * d.base + 0.01 * random()
         WHEN 'passages' THEN round(70 * c.day * random() + 4 * random())
         WHEN 'power' THEN CASE WHEN c.h >= 18 OR c.h < 6 THEN 120 + 40 * random() ELSE 0 END
         WHEN 'lamp_fault' THEN 0
         WHEN 'occupied' THEN least(d.capacity, round(d.capacity * (0.3 + 0.5 * c.day + 0.15 * random())))
         ELSE 0
       END
FROM d
JOIN s ON s.kind = d.kind
CROSS JOIN t0
CROSS JOIN LATERAL generate_series(t0.end_at - make_interval(days => $2),
                                   t0.end_at - CASE WHEN d.silent THEN interval '5 hours' ELSE interval '0' END,
                                   make_interval(mins => s.step)) AS t(at)
-- h: the hour of day in China time; day: 0 at 03:00, 1 at 15:00.
CROSS JOIN LATERAL (SELECT (extract(epoch FROM t.at) / 3600 + 8)::numeric % 24 AS h) hh
CROSS JOIN LATERAL (SELECT hh.h, 0.5 - 0.5 * cos(2 * pi() * (hh.h - 3) / 24) AS day) c
