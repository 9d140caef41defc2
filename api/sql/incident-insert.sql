-- A new case from intake, in the grid that holds its location; the case number carries the China date.
-- $1 type, $2 source, $3 status, $4 priority, $5 description, $6 grid, $7 lng, $8 lat
WITH n AS (SELECT nextval('incidents_id_seq')::int AS id)
INSERT INTO incidents (id, case_no, type_code, source, status, priority, description, grid_code, reported_at, level,
                       stage_started_at, geom, geom3857)
SELECT n.id, 'FZ' || to_char((now() AT TIME ZONE 'UTC') + interval '8 hours', 'YYYYMMDD') || lpad(n.id::text, 7, '0'),
       $1, $2, $3, $4, $5, $6, now(), 'community', now(),
       ST_SetSRID(ST_Point($7, $8), 4326), ST_Transform(ST_SetSRID(ST_Point($7, $8), 4326), 3857)
FROM n
RETURNING id, case_no, version
