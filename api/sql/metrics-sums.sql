-- The rollup's sums of an area for three periods (the chosen one, the one before, the same dates a year
-- before), in total and per sub-area. $1 area code prefix, $2 child code length (0: no sub-areas),
-- $3/$4 period, $5/$6 previous period, $7/$8 a year before (dates, inclusive), $9 department or null.
SELECT p.period, CASE WHEN $2::int > 0 THEN left(d.grid_code, $2::int) END AS child,
       sum(d.reported)::int AS reported, sum(d.registered)::int AS registered, sum(d.dispatched)::int AS dispatched,
       sum(d.closed_of_reported)::int AS closed_of_reported, sum(d.closed)::int AS closed, sum(d.closed_on_time)::int AS closed_on_time,
       sum(d.handled_on_time)::int AS handled_on_time, sum(d.reworked)::int AS reworked, sum(d.handling_minutes)::float8 AS handling_minutes,
       sum(d.hb0)::int AS hb0, sum(d.hb1)::int AS hb1, sum(d.hb2)::int AS hb2, sum(d.hb3)::int AS hb3,
       sum(d.hb4)::int AS hb4, sum(d.hb5)::int AS hb5, sum(d.hb6)::int AS hb6, sum(d.hb7)::int AS hb7,
       sum(d.rated)::int AS rated, sum(d.rating_sum)::int AS rating_sum, sum(d.rating_good)::int AS rating_good,
       sum(d.escalations)::int AS escalations, sum(d.call_ups)::int AS call_ups
FROM case_daily d
CROSS JOIN LATERAL (
  SELECT CASE WHEN d.day BETWEEN $3::date AND $4::date THEN 'current'
              WHEN d.day BETWEEN $5::date AND $6::date THEN 'previous'
              ELSE 'lastYear' END AS period
) p
WHERE d.grid_code LIKE $1 || '%'
  AND (d.day BETWEEN $3::date AND $4::date OR d.day BETWEEN $5::date AND $6::date OR d.day BETWEEN $7::date AND $8::date)
  AND ($9::text IS NULL OR d.department_code = $9)
GROUP BY GROUPING SETS ((p.period), (p.period, CASE WHEN $2::int > 0 THEN left(d.grid_code, $2::int) END))
