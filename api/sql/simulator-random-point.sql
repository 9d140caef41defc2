-- The simulator's next case: a random grid of the district, a random point in it, a random case type.
-- $1 district code
WITH g AS (SELECT code, geom FROM areas WHERE level = 'grid' AND code LIKE $1 || '%' ORDER BY random() LIMIT 1)
SELECT g.code AS grid_code, ST_X(p.pt) AS lng, ST_Y(p.pt) AS lat, t.code AS type_code, t.name AS type_name
FROM g,
     LATERAL (SELECT ST_PointOnSurface(g.geom) AS c) c,
     LATERAL (SELECT CASE WHEN ST_Intersects(g.geom, q) THEN q ELSE c.c END AS pt
              FROM (SELECT ST_Translate(c.c, (random() - 0.5) * 0.002, (random() - 0.5) * 0.002) AS q) x) p,
     LATERAL (SELECT code, name FROM incident_types ORDER BY random() LIMIT 1) t
