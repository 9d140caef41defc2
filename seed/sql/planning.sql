-- The facilities of the community life circles (GB 50180-2018) with their service type and capacity, and the
-- ones the generated city lacks: community kindergartens (about two in five communities) and a nursing home in
-- two streets of three. Deterministic: every draw is an MD5 of an id, so a seed always gives the same city.

-- Community kindergartens, in a public or residential building of the community.
INSERT INTO facilities (id, name, grid_code, kind, geom, geom3857)
SELECT (SELECT max(id) FROM facilities) + row_number() OVER (ORDER BY c.code), c.name || '社区幼儿园', b.grid_code, 'school',
       ST_PointOnSurface(b.geom), ST_Transform(ST_PointOnSurface(b.geom), 3857)
FROM (
  SELECT DISTINCT ON (left(grid_code, 12)) left(grid_code, 12) AS community, grid_code, geom
  FROM buildings WHERE use IN ('public', 'residential', 'mixed')
  ORDER BY left(grid_code, 12), use = 'public' DESC, md5(id::text || ':kg')
) b
JOIN areas c ON c.code = b.community
WHERE ('x' || substr(md5(c.code || ':kg'), 1, 7))::bit(28)::int % 5 < 2;

-- Nursing homes, in a public building of the street.
INSERT INTO facilities (id, name, grid_code, kind, geom, geom3857)
SELECT (SELECT max(id) FROM facilities) + row_number() OVER (ORDER BY s.code), regexp_replace(s.name, '(街道|镇|乡)$', '') || '养老院', b.grid_code, 'elderly_care',
       ST_PointOnSurface(b.geom), ST_Transform(ST_PointOnSurface(b.geom), 3857)
FROM (
  SELECT DISTINCT ON (left(grid_code, 9)) left(grid_code, 9) AS street, grid_code, geom
  FROM buildings WHERE use = 'public'
  ORDER BY left(grid_code, 9), md5(id::text || ':nh')
) b
JOIN areas s ON s.code = b.street
WHERE ('x' || substr(md5(s.code || ':nh'), 1, 7))::bit(28)::int % 3 < 2;

-- Each facility's type, from its kind and name (学校: 幼儿园 / 小学 / 中学; 卫生: 中心 / 站; 养老: 养老院 / 服务站),
-- and its capacity in the unit of the type (seats, beds, m²), in the ranges the standard and practice give.
UPDATE facilities f SET service_type = t.type, capacity = CASE t.type
    WHEN 'kindergarten' THEN 30 * (3 + t.h % 10)          -- 3–12 classes of 30
    WHEN 'primary_school' THEN 45 * (12 + t.h % 25)       -- 12–36 classes of 45
    WHEN 'middle_school' THEN 50 * (12 + t.h % 25)        -- 12–36 classes of 50
    WHEN 'elderly_daycare' THEN 10 + t.h % 31             -- beds
    WHEN 'nursing_home' THEN 60 + t.h % 241               -- beds
    WHEN 'health_centre' THEN 20 + t.h % 81               -- beds
    WHEN 'health_station' THEN 120 + t.h % 181            -- m²
    WHEN 'community_service' THEN 120 + t.h % 381         -- m²
    WHEN 'market' THEN 600 + t.h % 1901                   -- m²
  END
FROM (
  SELECT id, ('x' || substr(md5(id::text || ':cap'), 1, 7))::bit(28)::int AS h,
         CASE
           WHEN kind = 'school' AND name LIKE '%幼儿园' THEN 'kindergarten'
           WHEN kind = 'school' AND name LIKE '%小学' THEN 'primary_school'
           WHEN kind = 'school' THEN 'middle_school'
           WHEN kind = 'clinic' AND name LIKE '%中心' THEN 'health_centre'
           WHEN kind = 'clinic' THEN 'health_station'
           WHEN kind = 'elderly_care' AND name LIKE '%养老院' THEN 'nursing_home'
           WHEN kind = 'elderly_care' THEN 'elderly_daycare'
           WHEN kind = 'market' THEN 'market'
           WHEN kind = 'service_centre' THEN 'community_service'
         END AS type
  FROM facilities WHERE kind <> 'kiosk'
) t
WHERE t.id = f.id;
