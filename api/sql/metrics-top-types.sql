-- The case types reported most in an area and period. $1 area prefix, $2/$3 period, $4 department or null, $5 how many.
SELECT d.type_code, t.name, t.name_en, sum(d.reported)::int AS reported
FROM case_daily d JOIN incident_types t ON t.code = d.type_code
WHERE d.grid_code LIKE $1 || '%' AND d.day BETWEEN $2::date AND $3::date AND ($4::text IS NULL OR d.department_code = $4)
GROUP BY d.type_code, t.name, t.name_en
HAVING sum(d.reported) > 0
ORDER BY reported DESC, d.type_code
LIMIT $5
