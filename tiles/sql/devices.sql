-- $1 z, $2 x, $3 y. area_code: what the tile service filters by the caller's scope.
-- alarm = 1 while the device has an alarm that is not closed.
SELECT d.id, d.kind, d.status,
       EXISTS (SELECT 1 FROM alarms a WHERE a.device_id = d.id AND a.status <> 'closed')::int AS alarm,
       d.grid_code AS area_code, d.geom3857 AS geom
FROM devices d
WHERE d.geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
