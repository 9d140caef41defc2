-- Low zoom: one point per 1/32-of-a-tile cell with how many buildings it holds and their mean height.
-- $1 z, $2 x, $3 y, $4 the caller's scope (an area code prefix)
-- One point per cell of a 32×32 grid over the tile, snapped to the cell centre so it stays inside the tile.
WITH env AS (SELECT ST_TileEnvelope($1, $2, $3) AS e)
SELECT count(*)::int AS count, round(avg(height))::float8 AS height,
       ST_SnapToGrid(ST_Centroid(b.geom3857), ST_XMin(e) + (ST_XMax(e) - ST_XMin(e)) / 64, ST_YMin(e) + (ST_YMax(e) - ST_YMin(e)) / 64,
                     (ST_XMax(e) - ST_XMin(e)) / 32, (ST_YMax(e) - ST_YMin(e)) / 32) AS geom
FROM buildings b, env
WHERE b.geom3857 && e AND b.grid_code LIKE $4 || '%'
GROUP BY 3
