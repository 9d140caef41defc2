-- The responsible units that work in an area (those of its district, or all for the city), with the rollup's
-- sums of the area and period for each. $1 area prefix, $2/$3 period.
SELECT dep.code, dep.name, dep.name_en,
       coalesce(sum(d.reported), 0)::int AS reported, coalesce(sum(d.registered), 0)::int AS registered,
       coalesce(sum(d.dispatched), 0)::int AS dispatched, coalesce(sum(d.closed_of_reported), 0)::int AS closed_of_reported,
       coalesce(sum(d.closed), 0)::int AS closed, coalesce(sum(d.closed_on_time), 0)::int AS closed_on_time,
       coalesce(sum(d.handled_on_time), 0)::int AS handled_on_time, coalesce(sum(d.reworked), 0)::int AS reworked,
       coalesce(sum(d.handling_minutes), 0)::float8 AS handling_minutes,
       coalesce(sum(d.hb0), 0)::int AS hb0, coalesce(sum(d.hb1), 0)::int AS hb1, coalesce(sum(d.hb2), 0)::int AS hb2,
       coalesce(sum(d.hb3), 0)::int AS hb3, coalesce(sum(d.hb4), 0)::int AS hb4, coalesce(sum(d.hb5), 0)::int AS hb5,
       coalesce(sum(d.hb6), 0)::int AS hb6, coalesce(sum(d.hb7), 0)::int AS hb7,
       coalesce(sum(d.rated), 0)::int AS rated, coalesce(sum(d.rating_sum), 0)::int AS rating_sum,
       coalesce(sum(d.rating_good), 0)::int AS rating_good, coalesce(sum(d.escalations), 0)::int AS escalations,
       coalesce(sum(d.call_ups), 0)::int AS call_ups
FROM departments dep
LEFT JOIN case_daily d ON d.department_code = dep.code AND d.grid_code LIKE $1 || '%' AND d.day BETWEEN $2::date AND $3::date
WHERE dep.district_code LIKE $1 || '%' OR $1 LIKE dep.district_code || '%'
GROUP BY dep.code, dep.name, dep.name_en
ORDER BY dep.code
