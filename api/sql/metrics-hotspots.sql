-- Where cases were reported in an area and period: counts per square cell of $4 metres (Web Mercator), at the
-- cell's centre. $1 area prefix, $2/$3 period (China-time dates, inclusive), $4 cell size, $5 type or null,
-- $6 department or null.
SELECT ST_X(c.centre) AS lng, ST_Y(c.centre) AS lat, c.count
FROM (
  SELECT ST_Transform(ST_SetSRID(ST_MakePoint((floor(ST_X(i.geom3857) / $4) + 0.5) * $4, (floor(ST_Y(i.geom3857) / $4) + 0.5) * $4), 3857), 4326) AS centre,
         count(*)::int AS count
  FROM incidents i
  WHERE i.grid_code LIKE $1 || '%'
    AND i.reported_at >= ($2::date::timestamp - interval '8 hours') AT TIME ZONE 'UTC'
    AND i.reported_at < ($3::date::timestamp + interval '16 hours') AT TIME ZONE 'UTC'
    AND ($5::text IS NULL OR i.type_code = $5)
    AND ($6::text IS NULL OR i.department_code = $6)
  GROUP BY floor(ST_X(i.geom3857) / $4), floor(ST_Y(i.geom3857) / $4)
) c
ORDER BY c.count DESC
LIMIT 5000
