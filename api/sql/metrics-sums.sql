-- The rollups' sums of an area for three periods (the chosen one, the one before, the same dates a year before),
-- in total and per sub-area. $1 area code prefix, $2 child code length (0: no sub-areas), $3/$4/$5 day ranges
-- (period name, first day, last day), $6/$7/$8 month ranges (period name, first month, last month), $9 department
-- or null.
-- A period comes as ranges: days read from case_daily and whole months read from the monthly rollups (see
-- splitPeriod in api/metrics/kpis.ts: the city and a district take whole months from there, smaller areas none).
-- Each range is read by its own index scan (LATERAL, kept apart by OFFSET 0), so no ranges read nothing.
WITH days (period, f, t) AS (SELECT * FROM unnest($3::text[], $4::date[], $5::date[])),
months (period, f, t) AS (SELECT * FROM unnest($6::text[], $7::date[], $8::date[])),
src AS (
  SELECT r.period, x.* FROM days r CROSS JOIN LATERAL (
    SELECT d.grid_code AS code, d.reported, d.registered, d.dispatched, d.closed_of_reported, d.closed, d.closed_on_time,
           d.handled_on_time, d.reworked, d.handling_minutes, d.hb0, d.hb1, d.hb2, d.hb3, d.hb4, d.hb5, d.hb6,
           d.hb7, d.rated, d.rating_sum, d.rating_good, d.escalations, d.call_ups
    FROM case_daily d
    WHERE d.day BETWEEN r.f AND r.t AND d.grid_code LIKE $1 || '%' AND ($9::text IS NULL OR d.department_code = $9)
    OFFSET 0
  ) x
  UNION ALL
  SELECT r.period, x.* FROM months r CROSS JOIN LATERAL (
    SELECT m.street_code, m.reported, m.registered, m.dispatched, m.closed_of_reported, m.closed, m.closed_on_time,
           m.handled_on_time, m.reworked, m.handling_minutes, m.hb0, m.hb1, m.hb2, m.hb3, m.hb4, m.hb5, m.hb6,
           m.hb7, m.rated, m.rating_sum, m.rating_good, m.escalations, m.call_ups
    FROM case_monthly m
    WHERE m.month BETWEEN r.f AND r.t AND m.street_code LIKE $1 || '%' AND ($9::text IS NULL OR m.department_code = $9)
    OFFSET 0
  ) x
)
SELECT period, CASE WHEN $2::int > 0 THEN left(code, $2::int) END AS child,
       sum(reported)::int AS reported, sum(registered)::int AS registered,
       sum(dispatched)::int AS dispatched, sum(closed_of_reported)::int AS closed_of_reported,
       sum(closed)::int AS closed, sum(closed_on_time)::int AS closed_on_time,
       sum(handled_on_time)::int AS handled_on_time, sum(reworked)::int AS reworked,
       sum(handling_minutes)::float8 AS handling_minutes, sum(hb0)::int AS hb0, sum(hb1)::int AS hb1,
       sum(hb2)::int AS hb2, sum(hb3)::int AS hb3, sum(hb4)::int AS hb4, sum(hb5)::int AS hb5,
       sum(hb6)::int AS hb6, sum(hb7)::int AS hb7, sum(rated)::int AS rated,
       sum(rating_sum)::int AS rating_sum, sum(rating_good)::int AS rating_good,
       sum(escalations)::int AS escalations, sum(call_ups)::int AS call_ups
FROM src
GROUP BY GROUPING SETS ((period), (period, CASE WHEN $2::int > 0 THEN left(code, $2::int) END))
