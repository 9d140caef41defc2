-- The rollup's sums of an area per day, week (from Monday) or month. $1 area prefix, $2/$3 period,
-- $4 bucket ('day' | 'week' | 'month'), $5 department or null.
SELECT to_char(date_trunc($4, d.day::timestamp), 'YYYY-MM-DD') AS bucket,
       sum(d.reported)::int AS reported, sum(d.registered)::int AS registered, sum(d.dispatched)::int AS dispatched,
       sum(d.closed_of_reported)::int AS closed_of_reported, sum(d.closed)::int AS closed, sum(d.closed_on_time)::int AS closed_on_time,
       sum(d.handled_on_time)::int AS handled_on_time, sum(d.reworked)::int AS reworked, sum(d.handling_minutes)::float8 AS handling_minutes,
       sum(d.hb0)::int AS hb0, sum(d.hb1)::int AS hb1, sum(d.hb2)::int AS hb2, sum(d.hb3)::int AS hb3,
       sum(d.hb4)::int AS hb4, sum(d.hb5)::int AS hb5, sum(d.hb6)::int AS hb6, sum(d.hb7)::int AS hb7,
       sum(d.rated)::int AS rated, sum(d.rating_sum)::int AS rating_sum, sum(d.rating_good)::int AS rating_good,
       sum(d.escalations)::int AS escalations, sum(d.call_ups)::int AS call_ups
FROM case_daily d
WHERE d.grid_code LIKE $1 || '%' AND d.day BETWEEN $2::date AND $3::date AND ($5::text IS NULL OR d.department_code = $5)
GROUP BY 1
ORDER BY 1
