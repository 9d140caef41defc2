-- $1 z, $2 x, $3 y, $4 the caller's scope (an area code prefix)
-- One point per cell of a 32×32 grid over the tile: devices, how many online, how many with a live alarm.
WITH env AS (SELECT ST_TileEnvelope($1, $2, $3) AS e)
SELECT count(*)::int AS count, (count(*) FILTER (WHERE d.status = 'online'))::int AS online,
       (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM alarms a WHERE a.device_id = d.id AND a.status <> 'closed')))::int AS alarm,
       ST_SnapToGrid(d.geom3857, ST_XMin(e) + (ST_XMax(e) - ST_XMin(e)) / 64, ST_YMin(e) + (ST_YMax(e) - ST_YMin(e)) / 64,
                     (ST_XMax(e) - ST_XMin(e)) / 32, (ST_YMax(e) - ST_YMin(e)) / 32) AS geom
FROM devices d, env
WHERE d.geom3857 && e AND d.grid_code LIKE $4 || '%'
GROUP BY 4
