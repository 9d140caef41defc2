-- Reported cases of an area and period by channel. $1 area prefix, $2/$3 period, $4 department or null.
SELECT d.source, sum(d.reported)::int AS reported
FROM case_daily d
WHERE d.grid_code LIKE $1 || '%' AND d.day BETWEEN $2::date AND $3::date AND ($4::text IS NULL OR d.department_code = $4)
GROUP BY d.source
HAVING sum(d.reported) > 0
