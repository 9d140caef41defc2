-- Reported cases of an area and period by channel. $1 area prefix, $2/$3 period, $4 department or null,
-- $5 whether whole months come from case_monthly (as in metrics-sums.sql).
WITH p (f, t) AS (VALUES ($2::date, $3::date))
SELECT source, sum(reported)::int AS reported
FROM (
  SELECT d.source, d.reported FROM p JOIN case_daily d ON d.day BETWEEN p.f AND p.t
  WHERE d.grid_code LIKE $1 || '%' AND ($4::text IS NULL OR d.department_code = $4)
    AND NOT ($5::boolean AND date_trunc('month', d.day)::date >= p.f AND (date_trunc('month', d.day)::date + interval '1 month' - interval '1 day')::date <= p.t)
  UNION ALL
  SELECT m.source, m.reported FROM p JOIN case_monthly m ON m.month >= p.f AND (m.month + interval '1 month' - interval '1 day')::date <= p.t
  WHERE $5::boolean AND m.street_code LIKE $1 || '%' AND ($4::text IS NULL OR m.department_code = $4)
) s
GROUP BY source
HAVING sum(reported) > 0
