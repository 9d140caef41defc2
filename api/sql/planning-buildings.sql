-- Every building as a demand point of the life-circle analysis: where (a point on its footprint), which grid,
-- whether it could host a facility (public use), and its people by the groups facilities serve. Counts only.
-- Read a district at a time ($1: its code), so that millions of buildings never sit in memory as rows at once.
SELECT id, grid_code, use = 'public' AS public,
       ST_X(p) AS lng, ST_Y(p) AS lat,
       pop_3_5, pop_6_11, pop_12_14, pop_60_plus, pop_0_14 + pop_15_59 + pop_60_plus AS population
FROM buildings, ST_PointOnSurface(geom) AS p
WHERE grid_code LIKE $1 || '%'
ORDER BY grid_code, id
