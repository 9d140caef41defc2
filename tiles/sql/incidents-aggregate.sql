-- $1 z, $2 x, $3 y, $4 the caller's scope (an area code prefix)
-- One point per cell of a 32×32 grid over the tile, snapped to the cell centre so it stays inside the tile.
WITH env AS (SELECT ST_TileEnvelope($1, $2, $3) AS e)
SELECT count(*)::int AS count, (count(*) FILTER (WHERE status IN ('reported', 'registered', 'dispatched', 'handling', 'verifying')))::int AS open,
       ST_SnapToGrid(i.geom3857, ST_XMin(e) + (ST_XMax(e) - ST_XMin(e)) / 64, ST_YMin(e) + (ST_YMax(e) - ST_YMin(e)) / 64,
                     (ST_XMax(e) - ST_XMin(e)) / 32, (ST_YMax(e) - ST_YMin(e)) / 32) AS geom
FROM incidents i, env
WHERE i.geom3857 && e AND i.grid_code LIKE $4 || '%'
GROUP BY 3
