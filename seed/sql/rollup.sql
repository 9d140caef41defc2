-- Roll the grids' inventory up to every ancestor: an area's ancestors are the prefixes of its code.
WITH per_grid AS (
  SELECT a.code,
         coalesce(b.households, a.households) AS households,
         coalesce(b.population, 0) AS population,
         coalesce(b.n, 0) AS buildings,
         coalesce(f.n, 0) AS facilities
  FROM areas a
  LEFT JOIN (SELECT grid_code, sum(households) AS households, sum(pop_0_14 + pop_15_59 + pop_60_plus) AS population, count(*) AS n
             FROM buildings GROUP BY grid_code) b ON b.grid_code = a.code
  LEFT JOIN (SELECT grid_code, count(*) AS n FROM facilities GROUP BY grid_code) f ON f.grid_code = a.code
  WHERE a.level = 'grid'
), rolled AS (
  SELECT left(code, len) AS code, sum(households) AS households, sum(population) AS population,
         sum(buildings) AS buildings, sum(facilities) AS facilities
  FROM per_grid, (VALUES (4), (6), (9), (12), (15)) AS l(len)
  GROUP BY 1
)
UPDATE areas a
SET households = r.households, population = r.population, building_count = r.buildings, facility_count = r.facilities
FROM rolled r
WHERE a.code = r.code
