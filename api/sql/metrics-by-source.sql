-- Reported cases of an area and period by channel. $1 area prefix, $2/$3 day ranges, $4/$5 month ranges,
-- $6 department or null.
-- A period comes as ranges: days read from case_daily and whole months read from the monthly rollups (see
-- splitPeriod in api/metrics/kpis.ts: the city and a district take whole months from there, smaller areas none).
-- Each range is read by its own index scan (LATERAL, kept apart by OFFSET 0), so no ranges read nothing.
WITH days (f, t) AS (SELECT * FROM unnest($2::date[], $3::date[])),
months (f, t) AS (SELECT * FROM unnest($4::date[], $5::date[]))
SELECT source, sum(reported)::int AS reported
FROM (
  SELECT x.* FROM days r CROSS JOIN LATERAL (
    SELECT d.source, d.reported
    FROM case_daily d
    WHERE d.day BETWEEN r.f AND r.t AND d.grid_code LIKE $1 || '%' AND ($6::text IS NULL OR d.department_code = $6)
    OFFSET 0
  ) x
  UNION ALL
  SELECT x.* FROM months r CROSS JOIN LATERAL (
    SELECT m.source, m.reported
    FROM case_monthly m
    WHERE m.month BETWEEN r.f AND r.t AND m.street_code LIKE $1 || '%' AND ($6::text IS NULL OR m.department_code = $6)
    OFFSET 0
  ) x
) s
GROUP BY source
HAVING sum(reported) > 0
