-- IoT devices of the seeded city, chosen deterministically from the buildings (so their number follows the
-- seed's scale) and one occupancy sensor per parking lot: smoke detectors in old residential buildings, heat
-- detectors in commercial and public ones, safety monitors on the oldest houses, manhole covers, garbage
-- kiosks, environment sensors, smart gates and lamp posts near buildings.
-- $1 the device kinds: [{kind, prefix, zh, heartbeat_s}] from tiles/domain/sensing.ts
WITH kinds AS (
  SELECT * FROM json_to_recordset($1::json) AS k(kind text, prefix text, zh text, heartbeat_s int)
),
b AS (
  SELECT id, grid_code, use, built_year, address, geom,
         -- One uniform number in [0, 1) per building and purpose, the same on every database.
         ('x' || substr(md5(id || 'device'), 1, 8))::bit(32)::bigint / 4294967296.0 AS u,
         ('x' || substr(md5(id || 'offset'), 1, 8))::bit(32)::bigint / 4294967296.0 AS w
  FROM buildings
),
candidates AS (
  SELECT 'smoke' AS kind, id AS building_id, NULL::int AS parking_id, grid_code, address AS place, ST_PointOnSurface(geom) AS p, ST_PointOnSurface(geom) AS anchor FROM b
  WHERE use = 'residential' AND built_year < 2000 AND u < 0.05
  UNION ALL
  SELECT 'fire', id, NULL, grid_code, address, ST_PointOnSurface(geom), ST_PointOnSurface(geom) FROM b
  WHERE use IN ('commercial', 'mixed', 'public', 'office') AND u >= 0.05 AND u < 0.13
  UNION ALL
  SELECT 'building_safety', id, NULL, grid_code, address, ST_PointOnSurface(geom), ST_PointOnSurface(geom) FROM b
  WHERE use = 'residential' AND built_year < 1995 AND u >= 0.13 AND u < 0.155
  -- Street furniture stands 12–30 m from the building it was drawn from.
  UNION ALL
  SELECT 'manhole', NULL, NULL, grid_code, address, ST_Project(ST_PointOnSurface(geom)::geography, 12 + 18 * w, radians(360 * u * 7))::geometry, ST_PointOnSurface(geom) FROM b
  WHERE u >= 0.2 AND u < 0.22
  UNION ALL
  SELECT 'garbage', NULL, NULL, grid_code, address, ST_Project(ST_PointOnSurface(geom)::geography, 12 + 18 * w, radians(360 * u * 7))::geometry, ST_PointOnSurface(geom) FROM b
  WHERE use = 'residential' AND u >= 0.3 AND u < 0.31
  UNION ALL
  SELECT 'environment', NULL, NULL, grid_code, address, ST_Project(ST_PointOnSurface(geom)::geography, 12 + 18 * w, radians(360 * u * 7))::geometry, ST_PointOnSurface(geom) FROM b
  WHERE u >= 0.4 AND u < 0.403
  UNION ALL
  SELECT 'gate', NULL, NULL, grid_code, address, ST_Project(ST_PointOnSurface(geom)::geography, 12 + 18 * w, radians(360 * u * 7))::geometry, ST_PointOnSurface(geom) FROM b
  WHERE use = 'residential' AND u >= 0.5 AND u < 0.508
  UNION ALL
  SELECT 'lamp', NULL, NULL, grid_code, address, ST_Project(ST_PointOnSurface(geom)::geography, 12 + 18 * w, radians(360 * u * 7))::geometry, ST_PointOnSurface(geom) FROM b
  WHERE u >= 0.6 AND u < 0.61
  UNION ALL
  SELECT 'parking', NULL, id, grid_code, name, geom, geom FROM parking
),
-- Street furniture pushed out of its grid (at the coast, the city's edge) stays at its building instead.
placed AS (
  SELECT c.kind, c.building_id, c.parking_id, c.grid_code, c.place,
         CASE WHEN ST_Intersects(a.geom, c.p) THEN c.p ELSE c.anchor END AS p
  FROM candidates c JOIN areas a ON a.code = c.grid_code
),
numbered AS (
  SELECT row_number() OVER (ORDER BY c.kind, c.building_id, c.parking_id, c.place, ST_X(c.p), ST_Y(c.p))::int AS id, c.*
  FROM placed c
)
INSERT INTO devices (id, code, name, kind, grid_code, building_id, parking_id, heartbeat_s, installed_at, geom, geom3857)
SELECT n.id, k.prefix || lpad(n.id::text, 8, '0'),
       k.zh || ' · ' || regexp_replace(n.place, '^福州市', ''),
       n.kind, n.grid_code, n.building_id, n.parking_id, k.heartbeat_s,
       timestamptz '2024-01-01' + make_interval(days => n.id % 600),
       n.p, ST_Transform(n.p, 3857)
FROM numbered n JOIN kinds k ON k.kind = n.kind;
