-- $1 z, $2 x, $3 y, $4 the caller's scope (an area code prefix)
-- alarm = 1 while the device has an alarm that is not closed.
SELECT d.id, d.kind, d.status,
       EXISTS (SELECT 1 FROM alarms a WHERE a.device_id = d.id AND a.status <> 'closed')::int AS alarm,
       d.geom3857 AS geom
FROM devices d
WHERE d.geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
  AND d.grid_code LIKE $4 || '%'
