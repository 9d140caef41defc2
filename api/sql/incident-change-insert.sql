-- A change of a case, in the writer's transaction. No NOTIFY here (PostgreSQL serializes the commits of
-- transactions that notify): the writer's own feed numbers it after COMMIT and announces the new ids.
-- $1 incident id, $2 action
INSERT INTO incident_changes (incident_id, grid_code, department_code, action, status, case_no, type_code, level, priority, lng, lat)
SELECT id, grid_code, department_code, $2, status, case_no, type_code, level, priority, ST_X(geom), ST_Y(geom)
FROM incidents WHERE id = $1
