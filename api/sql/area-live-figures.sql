-- Live figures inside an area, grouped by the child level: $2 is the length of a child's code
-- (or of the area's own code when it has no children). Codes nest by prefix, so "inside" is a prefix match.
-- $1 code, $2 child code length
SELECT code,
       sum(open_incidents)::int AS open_incidents,
       sum(cameras_total)::int AS cameras_total,
       sum(cameras_online)::int AS cameras_online,
       sum(parking_capacity)::int AS parking_capacity,
       sum(parking_free)::int AS parking_free,
       sum(devices_total)::int AS devices_total,
       sum(devices_online)::int AS devices_online,
       sum(alarms_open)::int AS alarms_open
FROM (
  SELECT left(grid_code, $2) AS code, count(*) AS open_incidents, 0 AS cameras_total, 0 AS cameras_online, 0 AS parking_capacity, 0 AS parking_free,
         0 AS devices_total, 0 AS devices_online, 0 AS alarms_open
  FROM incidents WHERE grid_code LIKE $1 || '%' AND status <> 'closed' GROUP BY 1
  UNION ALL
  SELECT left(grid_code, $2), 0, count(*), count(*) FILTER (WHERE status = 'online'), 0, 0, 0, 0, 0
  FROM cameras WHERE grid_code LIKE $1 || '%' GROUP BY 1
  UNION ALL
  SELECT left(grid_code, $2), 0, 0, 0, sum(capacity), sum(capacity - occupied), 0, 0, 0
  FROM parking WHERE grid_code LIKE $1 || '%' GROUP BY 1
  UNION ALL
  SELECT left(grid_code, $2), 0, 0, 0, 0, 0, count(*), count(*) FILTER (WHERE status = 'online'), 0
  FROM devices WHERE grid_code LIKE $1 || '%' GROUP BY 1
  UNION ALL
  SELECT left(grid_code, $2), 0, 0, 0, 0, 0, 0, 0, count(*)
  FROM alarms WHERE grid_code LIKE $1 || '%' AND status <> 'closed' GROUP BY 1
) parts
GROUP BY code
