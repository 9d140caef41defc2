-- The rollups' sums of an area per day, week (from Monday) or month. $1 area prefix, $2/$3 period,
-- $4 bucket ('day' | 'week' | 'month'), $5 department or null, $6 whether whole months come from case_monthly
-- (monthly buckets of city and district areas).
WITH p (f, t) AS (VALUES ($2::date, $3::date)),
src AS (
  SELECT d.day, d.reported, d.registered, d.dispatched, d.closed_of_reported, d.closed, d.closed_on_time, d.handled_on_time, d.reworked, d.handling_minutes, d.hb0, d.hb1, d.hb2, d.hb3, d.hb4, d.hb5, d.hb6, d.hb7, d.rated, d.rating_sum, d.rating_good, d.escalations, d.call_ups
  FROM p JOIN case_daily d ON d.day BETWEEN p.f AND p.t
  WHERE d.grid_code LIKE $1 || '%' AND ($5::text IS NULL OR d.department_code = $5)
    AND NOT ($6::boolean AND date_trunc('month', d.day)::date >= p.f AND (date_trunc('month', d.day)::date + interval '1 month' - interval '1 day')::date <= p.t)
  UNION ALL
  SELECT m.month, m.reported, m.registered, m.dispatched, m.closed_of_reported, m.closed, m.closed_on_time, m.handled_on_time, m.reworked, m.handling_minutes, m.hb0, m.hb1, m.hb2, m.hb3, m.hb4, m.hb5, m.hb6, m.hb7, m.rated, m.rating_sum, m.rating_good, m.escalations, m.call_ups
  FROM p JOIN case_monthly m ON m.month >= p.f AND (m.month + interval '1 month' - interval '1 day')::date <= p.t
  WHERE $6::boolean AND m.street_code LIKE $1 || '%' AND ($5::text IS NULL OR m.department_code = $5)
)
SELECT to_char(date_trunc($4, day::timestamp), 'YYYY-MM-DD') AS bucket,
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
GROUP BY 1
ORDER BY 1
