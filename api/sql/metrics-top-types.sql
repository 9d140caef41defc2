-- The case types reported most in an area and period. $1 area prefix, $2/$3 period, $4 department or null,
-- $5 how many, $6 whether whole months come from case_monthly_types (areas of the city and district levels).
WITH p (f, t) AS (VALUES ($2::date, $3::date))
SELECT s.type_code, t.name, t.name_en, sum(s.reported)::int AS reported
FROM (
  SELECT d.type_code, d.reported FROM p JOIN case_daily d ON d.day BETWEEN p.f AND p.t
  WHERE d.grid_code LIKE $1 || '%' AND ($4::text IS NULL OR d.department_code = $4)
    AND NOT ($6::boolean AND date_trunc('month', d.day)::date >= p.f AND (date_trunc('month', d.day)::date + interval '1 month' - interval '1 day')::date <= p.t)
  UNION ALL
  SELECT m.type_code, m.reported FROM p JOIN case_monthly_types m ON m.month >= p.f AND (m.month + interval '1 month' - interval '1 day')::date <= p.t
  WHERE $6::boolean AND m.district_code LIKE $1 || '%' AND ($4::text IS NULL OR m.department_code = $4)
) s
JOIN incident_types t ON t.code = s.type_code
GROUP BY s.type_code, t.name, t.name_en
HAVING sum(s.reported) > 0
ORDER BY reported DESC, s.type_code
LIMIT $5
